import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 更换手机号 (seed 000 §2), opened from the login page or 账号管理. A code to the new phone
/// proves only that phone, so the account is proven first — by its current password, or by
/// 姓名 + 证件号码 + a code to the registered email — then the new phone by SMS. The old phone
/// is told, and every session ends.
package struct PhoneChangeController: RouteCollection {
    package static let proofSeconds: Int64 = 600

    package func boot(routes: any RoutesBuilder) throws {
        let group = routes.grouped("phone", "change")
        group.get(use: provePage)
        group.post("password", use: proveByPassword)
        group.post("email", "send", use: sendEmailCode)
        group.post("email", use: proveByEmail)
        group.get("new", use: newPhonePage)
        group.post("new", "send", use: sendNewPhoneCode)
        group.post("new", use: confirm)
    }

    package struct Form: Content {
        package var account: String?
        package var password: String?
        package var name: String?
        package var idNumber: String?
        package var code: String?
        package var phone: String?
    }

    package func render(_ req: Request, model: PhoneChangePage.Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = Response()
        var model = model
        model.csrfToken = req.formToken(response: response)
        if model.step == .newPhone || model.step == .newPhoneCode, let userID = provenUser(req),
           let row = try await req.db.sql.select().columns("display_name", "username", "student_no").from("users")
               .where("id", .equal, SQLBind(userID)).first() {
            let name = try row.decode(column: "display_name", as: String.self)
            let account = try row.decode(column: "username", as: String?.self) ?? row.decode(column: "student_no", as: String?.self) ?? ""
            model.provenAccount = "\(Masking.name(name))（\(account)）"
        }
        return req.render(PhoneChangePage(context: req.pageContext("更换手机号"), model: model), status: status, into: response)
    }

    /// The account proven in step one, from the signed cookie.
    package func provenUser(_ req: Request) -> Int64? {
        SignedToken.open(req.cookies[CookieName.phoneChange]?.string, purpose: "phone-change", now: req.now, keys: req.keys)
            .flatMap { $0.first }.flatMap(Int64.init)
    }

    package func proven(_ req: Request, userID: Int64, method: String) -> Response {
        let token = SignedToken.make(purpose: "phone-change", fields: [String(userID), method], expires: req.now + Self.proofSeconds, keys: req.keys)
        let response = req.seeOther("/phone/change/new")
        response.cookies[CookieName.phoneChange] = req.cookie(token, maxAge: Int(Self.proofSeconds))
        return response
    }

    @Sendable
    package func provePage(req: Request) async throws -> Response {
        try await render(req, model: .init(step: .prove, account: req.currentUser?.username ?? ""))
    }

    @Sendable
    package func proveByPassword(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let account = (form.account ?? "").trimmingCharacters(in: .whitespaces)
        guard !account.isEmpty, !(form.password ?? "").isEmpty else {
            return try await render(req, model: .init(step: .prove, account: account, errors: ["password": "请输入账号和当前密码。"]), status: .unprocessableEntity)
        }
        if await CodeFlow.rateLimited(req) {
            return try await render(req, model: .init(step: .prove, account: account, errors: ["password": CodeFlow.tooFast]), status: .tooManyRequests)
        }
        switch await Authenticator.authenticate(identifier: account, secret: .password(form.password ?? ""), successReason: "phone-change-proof", req: req) {
        case .failure(let message):
            return try await render(req, model: .init(step: .prove, account: account, errors: ["password": message]), status: .unauthorized)
        case .success(let userID):
            return proven(req, userID: userID, method: "password")
        }
    }

    /// The email proof's code is keyed to the account typed, so the answers are the same
    /// whether or not the account exists and 姓名 + 证件号码 match; it is sent only when they do.
    package func emailTarget(_ account: String, req: Request) -> String {
        "proof|" + AccountQueries.identifierKey(account, keys: req.keys)
    }

    package struct IdentityRow: Decodable {
        package let id: Int64
        package let display_name: String
        package let email: String?
        package let id_number_hash: String?
        package let is_active: Bool
    }

    @Sendable
    package func sendEmailCode(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let account = (form.account ?? "").trimmingCharacters(in: .whitespaces)
        let name = (form.name ?? "").trimmingCharacters(in: .whitespaces)
        let idNumber = (form.idNumber ?? "").trimmingCharacters(in: .whitespaces)
        var errors: [String: String] = [:]
        if account.isEmpty { errors["emailAccount"] = "请输入账号。" }
        if name.isEmpty { errors["name"] = "请输入姓名。" }
        if idNumber.isEmpty { errors["idNumber"] = "请输入证件号码。" }
        guard errors.isEmpty else { return try await render(req, model: .init(step: .prove, account: account, name: name, method: "email", errors: errors), status: .unprocessableEntity) }
        if await CodeFlow.rateLimited(req) {
            return try await render(req, model: .init(step: .prove, account: account, name: name, method: "email", errors: ["emailAccount": CodeFlow.tooFast]), status: .tooManyRequests)
        }
        var recipient: (id: Int64, email: String)?
        if let login = try await AccountQueries.findForLogin(identifier: account, keys: req.keys, on: req.db),
           let row = try await req.db.sql.select().columns("id", "display_name", "email", "id_number_hash", "is_active").from("users")
               .where("id", .equal, SQLBind(login.id)).first(decoding: IdentityRow.self) {
            let normalised = (try? DocumentNumber.normalise(idNumber, type: .residentID)) ?? idNumber.uppercased()
            if row.is_active, row.display_name == name, let stored = row.id_number_hash, constantTimeEqual(stored, req.keys.lookupHash(normalised)),
               let email = row.email, !email.isEmpty {
                recipient = (row.id, email)
            }
        }
        let target = emailTarget(account, req: req)
        let email = recipient?.email ?? ""
        let decision = try await CodeStore.issue(purpose: .emailProof, target: target, recipient: recipient?.id, channel: .email,
                                                 compose: MessageTexts.emailProof, deliverTo: email, req: req)
        if let refusal = CodeStore.message(for: decision) {
            return try await render(req, model: .init(step: decision.isWait ? .emailCode : .prove, account: account, name: name, method: "email",
                                            errors: [decision.isWait ? "code" : "emailAccount": refusal]), status: .tooManyRequests)
        }
        return try await render(req, model: .init(step: .emailCode, account: account, notice: "如账号、姓名和证件号码核验无误，验证码已发送至该账号登记的邮箱，5 分钟内有效。"))
    }

    @Sendable
    package func proveByEmail(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let account = (form.account ?? "").trimmingCharacters(in: .whitespaces)
        guard !account.isEmpty else { return try await render(req, model: .init(step: .prove, method: "email"), status: .unprocessableEntity) }
        if await CodeFlow.rateLimited(req) {
            return try await render(req, model: .init(step: .emailCode, account: account, errors: ["code": CodeFlow.tooFast]), status: .tooManyRequests)
        }
        let verdict = try await CodeStore.check(purpose: .emailProof, target: emailTarget(account, req: req), typed: form.code ?? "", req: req)
        guard verdict.accepted, let userID = verdict.userID else {
            return try await render(req, model: .init(step: .emailCode, account: account, errors: ["code": verdict.message ?? "验证码不正确。"]), status: .unauthorized)
        }
        return proven(req, userID: userID, method: "email")
    }

    @Sendable
    package func newPhonePage(req: Request) async throws -> Response {
        guard provenUser(req) != nil else {
            return req.seeOther("/phone/change", flash: Flash(.warning, "请先验证账号身份（验证有效期 10 分钟）。"))
        }
        return try await render(req, model: .init(step: .newPhone))
    }

    @Sendable
    package func sendNewPhoneCode(req: Request) async throws -> Response {
        guard let userID = provenUser(req) else {
            return req.seeOther("/phone/change", flash: Flash(.warning, "请先验证账号身份（验证有效期 10 分钟）。"))
        }
        let form = try req.content.decode(Form.self)
        guard let phone = CodeFlow.phone(form.phone ?? "") else {
            return try await render(req, model: .init(step: .newPhone, phone: form.phone ?? "", errors: ["phone": "请输入正确的 11 位手机号码。"]), status: .unprocessableEntity)
        }
        if try await AccountQueries.phone(userID: userID, keys: req.keys, on: req.db) == phone {
            return try await render(req, model: .init(step: .newPhone, phone: phone, errors: ["phone": "新手机号与当前绑定的手机号相同。"]), status: .unprocessableEntity)
        }
        let decision = try await CodeStore.issue(purpose: .phoneNew, target: phone, recipient: userID, channel: .sms, compose: MessageTexts.phoneNew, req: req)
        if let refusal = CodeStore.message(for: decision) {
            return try await render(req, model: .init(step: decision.isWait ? .newPhoneCode : .newPhone, phone: phone,
                                            errors: [decision.isWait ? "code" : "phone": refusal]), status: .tooManyRequests)
        }
        return try await render(req, model: .init(step: .newPhoneCode, phone: phone, notice: "验证码已发送至 \(Masking.phone(phone))，5 分钟内有效。"))
    }

    @Sendable
    package func confirm(req: Request) async throws -> Response {
        guard let userID = provenUser(req) else {
            return req.seeOther("/phone/change", flash: Flash(.warning, "请先验证账号身份（验证有效期 10 分钟）。"))
        }
        let form = try req.content.decode(Form.self)
        guard let phone = CodeFlow.phone(form.phone ?? "") else {
            return try await render(req, model: .init(step: .newPhone, phone: form.phone ?? "", errors: ["phone": "请输入正确的 11 位手机号码。"]), status: .unprocessableEntity)
        }
        let verdict = try await CodeStore.check(purpose: .phoneNew, target: phone, typed: form.code ?? "", req: req)
        // The code must have been sent for this account: another account's code for the same phone does not count.
        guard verdict.accepted, verdict.userID == userID else {
            return try await render(req, model: .init(step: .newPhoneCode, phone: phone, errors: ["code": verdict.accepted ? "验证码不正确。" : (verdict.message ?? "验证码不正确。")]),
                          status: .unauthorized)
        }
        let old = try await AccountQueries.phone(userID: userID, keys: req.keys, on: req.db)
        let now = req.now
        let keys = req.keys
        let app = req.application
        do {
            try await req.db.writeTransaction { db in
                let sealed = SealedValue(phone, keys: keys)
                try await AccountQueries.claim(phone, kind: .phone, userID: userID, keys: keys, on: db)
                try await db.sql.update("users").set("phone_cipher", to: SQLBind(sealed.cipher)).set("phone_hash", to: SQLBind(sealed.hash))
                    .set("revision", to: SQLRaw("revision + 1")).where("id", .equal, SQLBind(userID)).run()
                try await SessionStore.deleteAll(userID: userID, on: db)
                try await RememberTokens.revokeAll(userID: userID, on: db)
                if let old {
                    let text = MessageTexts.phoneChanged(newMasked: Masking.phone(phone), at: now)
                    try await app.sms.send(OutgoingMessage(to: old, subject: text.subject, text: text.text, purpose: "phone-changed", userID: userID),
                                           now: now, keys: keys, on: db)
                }
                try await Audit.record(.accountPhone, target: .user, id: userID,
                                       changes: [.init("phone", before: old.map(Masking.phone) ?? "", after: Masking.phone(phone))],
                                       actor: req.currentUser, ip: req.clientAddress, now: now, keys: keys, on: db)
            }
        } catch let error as any AbortError where error.status == .conflict {
            return try await render(req, model: .init(step: .newPhone, phone: phone, errors: ["phone": "该手机号已绑定其他账号，请更换号码或联系学校就业部门。"]), status: .conflict)
        }
        let response = req.seeOther("/login", flash: Flash(.success, "手机号已更换为 \(Masking.phone(phone))，原手机号已收到提醒。请重新登录。"))
        response.cookies[CookieName.phoneChange] = req.expiredCookie()
        response.cookies[CookieName.session] = req.expiredCookie()
        response.cookies[CookieName.remember] = req.expiredCookie()
        return response
    }
}
