import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 签约模式一, the employer's side (seed 003 §3.4.1.1): 签约搜索 by exact 姓名 + 毕业年度 + 手机号 (the
/// 生源 phone; never a list to browse), the 签约发送列表, and 发送签约 with the terms; the sent
/// invitations with their 应约状态.
package struct EmployerSigningController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let signing = routes.grouped("employer", "signing")
        signing.get(use: page)
        signing.post("search", use: search)
        signing.post("list", use: addToList)
        signing.post("list", "remove", use: removeFromList)
        signing.post("send", use: send)
        signing.post("invitations", ":id", "cancel", use: cancel)
    }

    static let pageSize = 20
    static let notFound = "未找到符合条件的毕业生。请核对姓名、毕业年度和手机号（须为毕业生在学校登记的手机号）。"

    struct Context {
        let user: CurrentUser
        let unit: SigningStore.UnitFacts
        let schools: [Int64]
    }

    func context(_ req: Request) async throws -> Context {
        let (user, unitID) = try EmployerController.unitOf(req)
        guard let unit = try await SigningStore.unit(unitID, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        return Context(user: user, unit: unit, schools: try await SigningStore.verifiedSchools(unit: unitID, on: req.db))
    }

    /// A search hit in a form: the student's id signed for this sender, so a form cannot name
    /// a graduate the employer did not find.
    static func token(sender: Int64, student: Int64, keys: KeyService) -> String { keys.sign("signing-candidate|\(sender)|\(student)") }

    static func student(from form: FormFields, sender: Int64, keys: KeyService) -> Int64? {
        guard let id = RequestNumber.id(form.value("student")), keys.verify(signature: form.value("token"), for: "signing-candidate|\(sender)|\(id)") else { return nil }
        return id
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        try await render(req, context: try await context(req))
    }

    func render(_ req: Request, context: Context, search: [String: String] = [:], found: EmployerSigningPages.Hit? = nil, searchMessage: Flash? = nil,
                terms: [String: String] = [:], termErrors: [String: String] = [:], message: Flash? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        let sent = try await SigningStore.invitations(unit: context.unit.id, page: page, pageSize: Self.pageSize, on: req.db)
        let list = try await req.db.sql.raw("""
            SELECT l.student_id, u.display_name, s.name AS school, st.cohort FROM signing_send_list l JOIN users u ON u.id = l.student_id
            JOIN students st ON st.user_id = l.student_id JOIN schools s ON s.id = st.school_id WHERE l.sender_id = \(bind: context.user.id) ORDER BY l.added_at
            """).all().map { row in
            let id = try row.decode(column: "student_id", as: Int64.self)
            return EmployerSigningPages.Hit(studentID: id, token: Self.token(sender: context.user.id, student: id, keys: req.keys),
                                            name: try row.decode(column: "display_name", as: String.self), school: try row.decode(column: "school", as: String.self),
                                            cohort: try row.decode(column: "cohort", as: Int.self), college: nil)
        }
        var defaults = terms
        if defaults[InvitationField.expiresOn.rawValue] == nil, let today = CivilDate.parse(ChinaTime.date(req.now)) {
            defaults[InvitationField.expiresOn.rawValue] = today.adding(days: 7)?.description
        }
        let model = EmployerSigningPages.Model(
            unitName: context.unit.name, verified: !context.schools.isEmpty, csrfToken: context.user.csrfToken, search: search, found: found,
            searchMessage: searchMessage, list: list, terms: defaults, termErrors: termErrors, message: message, sent: sent.rows, total: sent.total,
            page: page, pageSize: Self.pageSize, now: req.now, period: SigningSettings.period(req.application))
        return req.render(EmployerSigningPages.Page(context: req.pageContext("网上签约"), model: model), status: status)
    }

    @Sendable
    package func search(req: Request) async throws -> Response {
        let context = try await context(req)
        let form = FormFields(req)
        let values = ["name": form.value("name"), "cohort": form.value("cohort"), "phone": form.value("phone")]
        guard !context.schools.isEmpty else {
            return try await render(req, context: context, search: values, searchMessage: Flash(.error, SigningGate.refusalToInvite(
                employerVerified: false, eligibility: .eligible, held: [])?.message ?? ""), status: .forbidden)
        }
        let name = FormFieldText.singleLine(values["name"] ?? "")
        let cohort = RequestNumber.parse(values["cohort"], in: 2000...2100)
        let phone = try? MobilePhone(validating: values["phone"] ?? "")
        guard !name.isEmpty, name.count <= 50, let cohort, let phone else {
            return try await render(req, context: context, search: values,
                                    searchMessage: Flash(.error, "请完整填写姓名、毕业年度（如 2026）和 11 位手机号。"), status: .unprocessableEntity)
        }
        guard await req.application.signingSearchLimiter.allow("employer:\(context.user.id)", now: req.now) else {
            return try await render(req, context: context, search: values, searchMessage: Flash(.error, "查找过于频繁（每小时最多 60 次），请稍后再试。"),
                                    status: .tooManyRequests)
        }
        // Exact name and year within the schools that verified the unit, then the 生源 phone.
        let candidates = try await req.db.sql.raw("""
            SELECT st.user_id FROM students st JOIN users u ON u.id = st.user_id WHERE st.cohort = \(bind: cohort) AND u.display_name = \(bind: name)
            AND st.school_id IN (\(unsafeRaw: context.schools.map(String.init).joined(separator: ","))) ORDER BY st.user_id LIMIT 20
            """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
        var hit: EmployerSigningPages.Hit?
        for id in candidates {
            guard let graduate = try await SigningStore.graduate(id, keys: req.keys, on: req.db), graduate.sourcePhone == phone.value else { continue }
            hit = EmployerSigningPages.Hit(studentID: id, token: Self.token(sender: context.user.id, student: id, keys: req.keys), name: graduate.name,
                                           school: graduate.schoolName, cohort: graduate.cohort, college: graduate.college)
            break
        }
        try await req.audit(.invitationSearch, target: .unit, id: context.unit.id, changes: [.init("result", after: hit == nil ? "未找到" : "找到 1 人")], on: req.db)
        guard let hit else { return try await render(req, context: context, search: values, searchMessage: Flash(.info, Self.notFound)) }
        return try await render(req, context: context, search: values, found: hit)
    }

    @Sendable
    package func addToList(req: Request) async throws -> Response {
        let context = try await context(req)
        guard let student = Self.student(from: FormFields(req), sender: context.user.id, keys: req.keys) else { throw Abort(.notFound) }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await db.sql.raw("DELETE FROM signing_send_list WHERE sender_id = \(bind: context.user.id) AND student_id = \(bind: student)").run()
            try await db.sql.raw("INSERT INTO signing_send_list (sender_id, student_id, added_at) VALUES (\(bind: context.user.id), \(bind: student), \(bind: now))").run()
        }
        return req.seeOther("/employer/signing", flash: Flash(.success, "已加入签约发送列表。"))
    }

    @Sendable
    package func removeFromList(req: Request) async throws -> Response {
        let context = try await context(req)
        guard let student = Self.student(from: FormFields(req), sender: context.user.id, keys: req.keys) else { throw Abort(.notFound) }
        try await req.db.sql.raw("DELETE FROM signing_send_list WHERE sender_id = \(bind: context.user.id) AND student_id = \(bind: student)").run()
        return req.seeOther("/employer/signing", flash: Flash(.success, "已移出签约发送列表。"))
    }

    /// 发送签约: the terms go to every graduate of the send list the unit may invite; each one
    /// refused is named with the reason and stays on the list.
    @Sendable
    package func send(req: Request) async throws -> Response {
        let context = try await context(req)
        let form = FormFields(req)
        var data: [String: String] = [:]
        for field in InvitationField.allCases { data[field.rawValue] = form.value(field.rawValue) }
        data["position_category"] = form.value("position_category")
        guard let today = CivilDate.parse(ChinaTime.date(req.now)) else { throw Abort(.internalServerError) }
        var errors: [String: String] = [:]
        var terms: InvitationTerms?
        switch InvitationForm.check(data, today: today) {
        case .success(let checked): terms = checked
        case .failure(let problems): for error in problems.errors { errors[error.field] = error.message }
        }
        if !DestinationForm.positions.contains(where: { $0.code == data["position_category"] }) { errors["position_category"] = "请选择工作职位类别。" }
        guard errors.isEmpty, let terms else {
            return try await render(req, context: context, terms: data, termErrors: errors, message: Flash(.error, "请按提示修改签约信息后再发送。"), status: .unprocessableEntity)
        }
        let students = try await req.db.sql.raw("SELECT student_id FROM signing_send_list WHERE sender_id = \(bind: context.user.id) ORDER BY added_at").all()
            .map { try $0.decode(column: "student_id", as: Int64.self) }
        guard !students.isEmpty else {
            return try await render(req, context: context, terms: data, message: Flash(.error, "签约发送列表为空。请先按姓名、毕业年度和手机号查找毕业生并加入列表。"), status: .unprocessableEntity)
        }
        var storedTerms = data
        storedTerms[InvitationField.expiresOn.rawValue] = terms.expiresOn.description
        let stored = storedTerms
        let now = req.now
        var sent: [String] = []
        var refused: [String] = []
        for student in students {
            guard let graduate = try await SigningStore.graduate(student, keys: req.keys, on: req.db) else {
                refused.append("一名毕业生的信息已不在系统中，已从列表移出")
                try await req.db.sql.raw("DELETE FROM signing_send_list WHERE sender_id = \(bind: context.user.id) AND student_id = \(bind: student)").run()
                continue
            }
            let held = try await SigningStore.heldAgreement(student: student, on: req.db).map { [$0.held] } ?? []
            if let refusal = SigningGate.refusalToInvite(employerVerified: context.schools.contains(graduate.schoolID), eligibility: graduate.eligibility, held: held) {
                refused.append("\(graduate.name)：\(refusal.message)")
                continue
            }
            let sentOne: Bool = try await req.db.writeTransaction { db in
                // The list entry is taken first: of two sends at once (a double click) only one
                // finds it, so a graduate is never invited twice by one send list.
                guard try await db.sql.raw("""
                    DELETE FROM signing_send_list WHERE sender_id = \(bind: context.user.id) AND student_id = \(bind: student) RETURNING student_id
                    """).first() != nil else { return false }
                let row = try await db.sql.insert(into: "invitations")
                    .columns("unit_id", "school_id", "sender_id", "student_id", "terms_json", "status", "expires_on", "created_at")
                    .values(SQLBind(context.unit.id), SQLBind(graduate.schoolID), SQLBind(context.user.id), SQLBind(student), SQLBind(SigningStore.json(stored)),
                            SQLBind(InvitationStatus.awaitingReply.rawValue), SQLBind(terms.expiresOn.description), SQLBind(now))
                    .returning("id").first()
                let id = try row?.decode(column: "id", as: Int64.self) ?? 0
                try await req.audit(.invitationSend, target: .invitation, id: id, changes: [
                    .init("unit", after: context.unit.name), .init("position", after: terms.position), .init("expires_on", after: terms.expiresOn.description),
                ], on: db)
                try await SigningNotices.toStudent(student, title: "您收到一份签约邀请",
                                                   body: "\(context.unit.name)邀请您签约（拟聘用职位：\(terms.position)），请于 \(terms.expiresOn) 前登录网上签约系统应约。",
                                                   link: "/signing/invitations/\(id)", now: now, keys: req.keys, app: req.application, on: db)
                return true
            }
            if sentOne { sent.append(graduate.name) }
        }
        let text = (sent.isEmpty ? "" : "已向 \(sent.joined(separator: "、")) 发送签约邀请。") + (refused.isEmpty ? "" : "未发送：" + refused.joined(separator: "；"))
        return req.seeOther("/employer/signing", flash: Flash(refused.isEmpty ? .success : (sent.isEmpty ? .error : .info), text))
    }

    @Sendable
    package func cancel(req: Request) async throws -> Response {
        let context = try await context(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await SigningStore.invitation(id: id, on: req.db),
              row.unitID == context.unit.id else { throw Abort(.notFound) }
        let now = req.now
        switch row.state.applying(.cancel, now: now, period: SigningSettings.period(req.application)) {
        case .failure(let refusal): return req.seeOther("/employer/signing", flash: Flash(.error, refusal.message))
        case .success(let next):
            let moved: Bool = try await req.db.writeTransaction { db in
                guard try await SigningStore.move(row, to: next, on: db) else { return false }
                try await req.audit(.invitationCancel, target: .invitation, id: row.id, changes: [.init("status", before: row.state.status.label, after: next.status.label)], on: db)
                try await SigningNotices.toStudent(row.studentID, title: "签约邀请已撤回", body: "\(context.unit.name)撤回了签约邀请（拟聘用职位：\(row.position)）。",
                                                   link: "/signing", now: now, keys: req.keys, app: req.application, on: db)
                return true
            }
            return req.seeOther("/employer/signing", flash: moved ? Flash(.success, "已撤回该签约邀请。") : Flash(.error, "该邀请的状态已变化，请刷新后再试。"))
        }
    }
}

/// What a deployment sets for signing.
package enum SigningSettings {
    /// 签约考虑期 in seconds: 24 hours, or `JIUYE_SIGNING_CONSIDERATION_SECONDS` (at least 60 s; the
    /// browser walk-throughs shorten it to see an agreement bind).
    package static func period(_ app: Application) -> Int64 { configuredPeriod() }

    package static func configuredPeriod() -> Int64 {
        guard let text = Environment.get("JIUYE_SIGNING_CONSIDERATION_SECONDS"), let value = RequestNumber.parse(text, in: 60...(30 * 86_400)) else {
            return SigningConsideration.standardPeriod
        }
        return Int64(value)
    }
}

extension AuditAction {
    package static let invitationSearch = AuditAction("invitation.search", "签约搜索毕业生")
}
