import JiuyePlatform
import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

// MARK: - 本人确认 (seed 004: a record entered on the graduate's behalf is confirmed by the graduate)

extension DestinationController {
    @Sendable
    package func sendConfirmCode(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        let row = try await CaseEngine.load(Self.type, applicant: user.id, period: period, on: req.db)
        guard let phone = try await AccountQueries.phone(userID: user.id, keys: req.keys, on: req.db) else {
            return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, "账号未绑定手机号，请先在账号管理中更换手机号。"), status: .unprocessableEntity)
        }
        let decision = try await CodeStore.issue(purpose: .caseConfirm, target: phone, recipient: user.id, channel: .sms, compose: MessageTexts.caseConfirm, req: req)
        if let refusal = CodeStore.message(for: decision) {
            return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, refusal), status: .tooManyRequests)
        }
        return try await render(req, user: user, row: row, form: nil, errors: [:], message: nil, confirmNotice: "验证码已发送至 \(Masking.phone(phone))，5 分钟内有效。")
    }

    @Sendable
    package func confirm(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        guard let row = try await CaseEngine.load(Self.type, applicant: user.id, period: period, on: req.db) else { throw Abort(.notFound) }
        let fields = FormFields(req)
        guard let phone = try await AccountQueries.phone(userID: user.id, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        let verdict = try await CodeStore.check(purpose: .caseConfirm, target: phone, typed: fields.value("code"), req: req)
        guard verdict.accepted, verdict.userID == user.id else {
            return try await render(req, user: user, row: row, form: nil, errors: ["code": verdict.message ?? "验证码不正确。"], message: nil,
                                    confirmNotice: nil, status: .unauthorized)
        }
        let action: Action = fields.value("decision") == "dispute" ? .dispute(reason: fields.value("reason")) : .confirm
        switch try await CaseEngine.act(Self.type, row: row, action: action, smsCodeVerified: true, req: req) {
        case .refused(let refusal):
            try await CodeStore.release(verdict, req: req)
            return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, refusal.message), status: .unprocessableEntity)
        case .conflict:
            return req.seeOther("/destination", flash: Flash(.error, "该登记已被他人处理，请核对最新内容。"))
        case .done:
            return req.seeOther("/destination", flash: Flash(.success, action.kind == .confirm ? "已确认登记信息无误。" : "已提出异议，学校就业部门会与您联系。"))
        }
    }
}
