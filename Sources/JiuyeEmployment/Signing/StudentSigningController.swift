import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 签约模式一, the graduate's side (seed 003 §3.4.1.2): 手机认证 of the 生源 phone, the invitations
/// (单位名称 / 拟聘用职位 / 邀请日期 / 应约过期日期 / 应约状态 / 鉴证状态), the 邀请函 with 同意 (签约前必读,
/// then 您确定同意签约吗？) or 拒绝, 撤销 within the 签约考虑期, and the agreement: number, 协议书 to
/// print or download, the signed and stamped scan, and 保存并提交审核, which registers the
/// destination (签就业协议形式就业, status 网络签约) on the graduate's one 毕业去向登记 for 学院 and
/// 学校 review.
package struct StudentSigningController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let signing = routes.grouped("signing")
        signing.get(use: page)
        signing.post("phone", "send", use: sendCode)
        signing.post("phone", use: verifyPhone)
        signing.get("invitations", ":id", use: letter)
        signing.post("invitations", ":id", "accept", use: accept)
        signing.post("invitations", ":id", "refuse", use: refuse)
        signing.post("agreement", "withdraw", use: withdraw)
        signing.get("agreement", use: agreementPage)
        signing.get("agreement", "print", use: printAgreement)
        signing.get("agreement.pdf", use: agreementPDF)
        signing.post("agreement", "submit", use: submit)
    }

    static let phoneChanged = "手机号码已变更，请及时联系学校就业部门负责老师进行修改。"

    func graduate(_ req: Request) async throws -> (CurrentUser, SigningStore.Graduate) {
        let user = try req.requireRole(.student)
        guard let graduate = try await SigningStore.graduate(user.id, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        return (user, graduate)
    }

    static func phoneKey(_ phone: String, keys: KeyService) -> String { keys.lookupHash("signing-phone|" + phone) }

    func phoneVerified(_ graduate: SigningStore.Graduate, req: Request) async throws -> Bool {
        guard let phone = graduate.sourcePhone else { return false }
        return try await req.db.sql.raw("""
            SELECT student_id FROM signing_phone_checks WHERE student_id = \(bind: graduate.userID) AND phone_hash = \(bind: Self.phoneKey(phone, keys: req.keys))
            """).first() != nil
    }

    // MARK: - 手机认证

    @Sendable
    package func page(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        return try await render(req, user: user, graduate: graduate)
    }

    func render(_ req: Request, user: CurrentUser, graduate: SigningStore.Graduate, phone: String = "", notice: Flash? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        guard try await phoneVerified(graduate, req: req) else {
            let model = StudentSigningPages.PhoneModel(graduate: graduate, phone: phone, notice: notice, csrfToken: user.csrfToken)
            return req.render(StudentSigningPages.PhoneCheck(context: req.pageContext("手机认证", current: "/signing"), model: model), status: status)
        }
        let invitations = try await SigningStore.invitations(student: graduate.userID, on: req.db)
        // 鉴证状态 of the units that invited the graduate (not every unit the school verified).
        var verified: Set<Int64> = []
        for unit in Set(invitations.map(\.unitID)) where try await SigningStore.qualification(unit: unit, school: graduate.schoolID, on: req.db)?.state == .verified {
            verified.insert(unit)
        }
        let held = try await SigningStore.heldAgreement(student: graduate.userID, on: req.db)
        let model = StudentSigningPages.ListModel(graduate: graduate, invitations: invitations, verifiedUnits: verified, held: held, notice: notice,
                                                  now: req.now, period: SigningSettings.period(req.application))
        return req.render(StudentSigningPages.List(context: req.pageContext("电子签约", current: "/signing"), model: model), status: status)
    }

    @Sendable
    package func sendCode(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        let typed = FormFields(req).value("phone")
        guard let source = graduate.sourcePhone else {
            return try await render(req, user: user, graduate: graduate, phone: typed,
                                    notice: Flash(.error, "您的生源信息中没有手机号码，请先完成生源信息核对，或联系学院补充。"), status: .unprocessableEntity)
        }
        guard let phone = try? MobilePhone(validating: typed) else {
            return try await render(req, user: user, graduate: graduate, phone: typed, notice: Flash(.error, "请输入 11 位手机号。"), status: .unprocessableEntity)
        }
        guard phone.value == source else {
            return try await render(req, user: user, graduate: graduate, phone: typed, notice: Flash(.error, Self.phoneChanged), status: .unprocessableEntity)
        }
        let decision = try await CodeStore.issue(purpose: .signingPhone, target: source, recipient: user.id, channel: .sms, compose: MessageTexts.signingPhone, req: req)
        if let refusal = CodeStore.message(for: decision) {
            return try await render(req, user: user, graduate: graduate, phone: typed, notice: Flash(.error, refusal), status: .tooManyRequests)
        }
        return try await render(req, user: user, graduate: graduate, phone: typed, notice: Flash(.success, "验证码已发送至 \(Masking.phone(source))，5 分钟内有效。"))
    }

    @Sendable
    package func verifyPhone(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        let form = FormFields(req)
        guard let source = graduate.sourcePhone, (try? MobilePhone(validating: form.value("phone")))?.value == source else {
            return try await render(req, user: user, graduate: graduate, phone: form.value("phone"), notice: Flash(.error, Self.phoneChanged), status: .unprocessableEntity)
        }
        let verdict = try await CodeStore.check(purpose: .signingPhone, target: source, typed: form.value("code"), req: req)
        guard verdict.accepted, verdict.userID == user.id else {
            return try await render(req, user: user, graduate: graduate, phone: form.value("phone"),
                                    notice: Flash(.error, verdict.message ?? "验证码不正确。"), status: .unprocessableEntity)
        }
        let now = req.now
        let key = Self.phoneKey(source, keys: req.keys)
        try await req.db.writeTransaction { db in
            try await db.sql.raw("DELETE FROM signing_phone_checks WHERE student_id = \(bind: user.id)").run()
            try await db.sql.raw("INSERT INTO signing_phone_checks (student_id, phone_hash, verified_at) VALUES (\(bind: user.id), \(bind: key), \(bind: now))").run()
            try await req.audit(.signingPhone, target: .user, id: user.id, changes: [.init("phone", after: Masking.phone(source))], on: db)
        }
        return req.seeOther("/signing", flash: Flash(.success, "手机认证成功。"))
    }

    // MARK: - Invitations

    func invitation(_ req: Request, graduate: SigningStore.Graduate) async throws -> SigningStore.InvitationRow {
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await SigningStore.invitation(id: id, on: req.db),
              row.studentID == graduate.userID else { throw Abort(.notFound) }
        return row
    }

    @Sendable
    package func letter(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        guard try await phoneVerified(graduate, req: req) else { return req.seeOther("/signing") }
        let row = try await invitation(req, graduate: graduate)
        return try await renderLetter(req, user: user, graduate: graduate, row: row)
    }

    func renderLetter(_ req: Request, user: CurrentUser, graduate: SigningStore.Graduate, row: SigningStore.InvitationRow, confirming: Bool = false,
                      error: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let unit = try await SigningStore.unit(row.unitID, keys: req.keys, on: req.db)
        let model = StudentSigningPages.LetterModel(graduate: graduate, row: row, unit: unit, confirming: confirming, error: error, csrfToken: user.csrfToken,
                                                    now: req.now, period: SigningSettings.period(req.application))
        return req.render(StudentSigningPages.Letter(context: req.pageContext("邀请函", breadcrumb: [Crumb("电子签约", href: "/signing"), Crumb("邀请函")],
                                                                         current: "/signing"), model: model), status: status)
    }

    @Sendable
    package func accept(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        guard try await phoneVerified(graduate, req: req) else { return req.seeOther("/signing") }
        let row = try await invitation(req, graduate: graduate)
        let form = FormFields(req)
        guard form.value("pledge") == "1" else {
            return try await renderLetter(req, user: user, graduate: graduate, row: row, error: "请先阅读签约前必读，勾选“\(SigningConsideration.pledge)”。",
                                          status: .unprocessableEntity)
        }
        // 信息：您确定同意签约吗？ — a second, explicit confirmation.
        guard form.value("confirmed") == "1" else {
            return try await renderLetter(req, user: user, graduate: graduate, row: row, confirming: true)
        }
        let now = req.now
        let period = SigningSettings.period(req.application)
        let held = try await SigningStore.heldAgreement(student: graduate.userID, on: req.db).map { [$0.held] } ?? []
        let verified = try await SigningStore.verifiedSchools(unit: row.unitID, on: req.db).contains(graduate.schoolID)
        guard verified else {
            return try await renderLetter(req, user: user, graduate: graduate, row: row, error: "该单位的资质鉴证已被撤销，暂不能应约。请联系单位或学校就业部门。", status: .conflict)
        }
        let next: Invitation
        switch row.state.accepting(now: now, eligibility: graduate.eligibility, held: held, period: period) {
        case .failure(let refusal): return try await renderLetter(req, user: user, graduate: graduate, row: row, error: refusal.message, status: .conflict)
        case .success(let accepted): next = accepted
        }
        guard let unit = try await SigningStore.unit(row.unitID, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        let unitJSON: [String: String] = [
            "unit_name": unit.name, "credit_code": unit.creditCode, "unit_location": unit.countyCode, "unit_nature": unit.natureCode ?? "",
            "industry": unit.industryCode ?? "", "unit_address": unit.address ?? "", "contact_name": unit.contactName ?? "",
            "contact_phone": unit.contactPhone ?? "", "contact_email": unit.contactEmail ?? "",
        ]
        let outcome: String?
        do {
            outcome = try await acceptWrite(req, row: row, next: next, graduate: graduate, unitJSON: unitJSON, period: period)
        } catch is SigningConflict {
            outcome = "您已有一份签约，签约成功后不能再与其他单位另行签约。"
        }
        if let outcome { return try await renderLetter(req, user: user, graduate: graduate, row: row, error: outcome, status: .conflict) }
        return req.seeOther("/signing/agreement", flash: Flash(.success, "签约成功，双方达成签约意向。\(SigningConsideration.afterSigning)"))
    }

    func acceptWrite(_ req: Request, row: SigningStore.InvitationRow, next: Invitation, graduate: SigningStore.Graduate, unitJSON: [String: String],
                     period: Int64) async throws -> String? {
        let now = next.acceptedAt ?? req.now
        return try await req.db.writeTransaction { db in
            guard try await SigningStore.move(row, to: next, on: db) else { return "该签约邀请的状态已变化，请刷新后再操作。" }
            // The number is taken inside the transaction that writes it.
            let number = try await SigningStore.nextNumber(for: graduate, on: db)
            guard let id = try await SigningStore.insertHeld(graduate: graduate, mode: .online, invitationID: row.id, unitID: row.unitID, unit: unitJSON,
                                                             terms: row.terms, number: number, acceptedAt: now, now: now, on: db) else {
                throw SigningConflict()
            }
            try await req.audit(.invitationAccept, target: .agreement, id: id, changes: [
                .init("unit", after: row.unitName), .init("number", after: number.value), .init("status", before: row.state.status.label, after: next.status.label),
            ], on: db)
            let ends = WorkflowText.beijingMinute(SigningConsideration.endsAt(acceptedAt: now, period: period))
            try await SigningNotices.toUnit(row.unitID, title: "毕业生已同意签约", body: "\(graduate.name)已同意签约（拟聘用职位：\(row.position)），签约考虑期至 \(ends)。",
                                            link: "/employer/signing", now: now, keys: req.keys, app: req.application, on: db)
            return nil
        }
    }

    @Sendable
    package func refuse(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        guard try await phoneVerified(graduate, req: req) else { return req.seeOther("/signing") }
        let row = try await invitation(req, graduate: graduate)
        let now = req.now
        switch row.state.applying(.refuse, now: now, period: SigningSettings.period(req.application)) {
        case .failure(let refusal): return try await renderLetter(req, user: user, graduate: graduate, row: row, error: refusal.message, status: .conflict)
        case .success(let next):
            let moved: Bool = try await req.db.writeTransaction { db in
                guard try await SigningStore.move(row, to: next, on: db) else { return false }
                try await req.audit(.invitationRefuse, target: .invitation, id: row.id, changes: [.init("status", before: row.state.status.label, after: next.status.label)], on: db)
                try await SigningNotices.toUnit(row.unitID, title: "毕业生拒绝签约", body: "\(graduate.name)拒绝了签约邀请（拟聘用职位：\(row.position)）。",
                                                link: "/employer/signing", now: now, keys: req.keys, app: req.application, on: db)
                return true
            }
            return req.seeOther("/signing", flash: moved ? Flash(.success, "已拒绝该签约邀请。") : Flash(.error, "该签约邀请的状态已变化，请刷新后再操作。"))
        }
    }

    /// 撤销签约 within the 签约考虑期: the invitation becomes 学生撤销签约, the agreement is void.
    @Sendable
    package func withdraw(req: Request) async throws -> Response {
        let (_, graduate) = try await graduate(req)
        guard let agreement = try await SigningStore.heldAgreement(student: graduate.userID, on: req.db), agreement.mode == .online,
              let invitationID = agreement.invitationID, let row = try await SigningStore.invitation(id: invitationID, on: req.db) else {
            return req.seeOther("/signing", flash: Flash(.error, "您没有可以撤销的电子签约。"))
        }
        let now = req.now
        switch row.state.applying(.withdraw, now: now, period: SigningSettings.period(req.application)) {
        case .failure(let refusal): return req.seeOther("/signing/agreement", flash: Flash(.error, refusal.message))
        case .success(let next):
            let moved: Bool = try await req.db.writeTransaction { db in
                guard try await SigningStore.move(row, to: next, on: db) else { return false }
                try await db.sql.raw("UPDATE agreements SET status = 'withdrawn', closed_at = \(bind: now) WHERE id = \(bind: agreement.id) AND status = 'held'").run()
                try await req.audit(.invitationWithdraw, target: .agreement, id: agreement.id, changes: [
                    .init("number", after: agreement.number), .init("status", before: row.state.status.label, after: next.status.label),
                ], on: db)
                try await SigningNotices.toUnit(row.unitID, title: "毕业生撤销签约", body: "\(graduate.name)在签约考虑期内撤销了签约（拟聘用职位：\(row.position)）。",
                                                link: "/employer/signing", now: now, keys: req.keys, app: req.application, on: db)
                return true
            }
            return req.seeOther("/signing", flash: moved ? Flash(.success, "已撤销签约，协议书作废。") : Flash(.error, "签约状态已变化，请刷新后再操作。"))
        }
    }
}

/// Two acceptances raced and the database kept the first (the held-agreement index).
struct SigningConflict: Error {}
