import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 学生注册 (seed 000 §1): registration succeeds only for the three cases the registry allows
/// (`GrassrootsEligibility`); the failure page tells the student what the school must add. One
/// person, one account (review D7): an ID number that already has a platform account is sent to
/// log in, and the logged-in graduate opens the aid role on that account (`join`).
package struct RegistrationController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("grassroots", "register", use: form)
        routes.post("grassroots", "register", use: register)
        routes.get("grassroots", "join", use: joinPage)
        routes.post("grassroots", "join", use: join)
    }

    static let documentTypes: [IdentityDocumentType] = [.residentID, .hkMacaoPass, .taiwanPass, .hkmoTwResidencePermit]

    func schools(_ req: Request) async throws -> [SelectOption] {
        try await req.db.sql.raw("SELECT id, name FROM schools ORDER BY id").all()
            .map { SelectOption(String(try $0.decode(column: "id", as: Int64.self)), try $0.decode(column: "name", as: String.self)) }
    }

    func render(_ req: Request, values: [String: String], errors: [String: String], failure: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        var values = values
        let schools = try await schools(req)
        if values["school"] == nil, schools.count == 1 { values["school"] = schools[0].value }
        let page = GrassrootsPages.Register(context: req.pageContext("基层就业资助学生注册"), values: values, errors: errors, failure: failure,
                                            schools: schools, documentTypes: Self.documentTypes.map { SelectOption($0.rawValue, $0.label) }, csrfToken: token)
        return req.render(page, status: status, into: response)
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        guard req.currentUser == nil else { return req.seeOther("/grassroots") }
        return try await render(req, values: ["id_type": IdentityDocumentType.residentID.rawValue], errors: [:])
    }

    @Sendable
    func register(req: Request) async throws -> Response {
        guard req.currentUser == nil else { return req.seeOther("/grassroots") }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for key in ["school", "id_type", "id_number", "name", "phone"] { values[key] = form.value(key) }
        var errors: [String: String] = [:]
        let type = IdentityDocumentType(rawValue: values["id_type"] ?? "").flatMap { Self.documentTypes.contains($0) ? $0 : nil }
        if type == nil { errors["id_type"] = "请选择证件类型。" }
        var idNumber: String?
        if let type {
            do { idNumber = try DocumentNumber.normalise(values["id_number"] ?? "", type: type) } catch { errors["id_number"] = error.message }
        }
        let name = (values["name"] ?? "").trimmingCharacters(in: .whitespaces)
        if name.isEmpty { errors["name"] = "请填写姓名。" } else if name.count > 30 { errors["name"] = "姓名不能超过 30 个字。" }
        var phone: MobilePhone?
        do { phone = try MobilePhone(validating: values["phone"] ?? "") } catch { errors["phone"] = error.message }
        let password = form.value("password")
        if let problem = PasswordPolicy().problems(password: password, username: nil, phone: phone?.value).first { errors["password"] = problem.message }
        if password != form.value("confirm") { errors["confirm"] = "两次输入的密码不一致。" }
        let schoolID = RequestNumber.id(values["school"])
        let school = try await schoolID.asyncMap { id in try await req.db.sql.raw("SELECT id FROM schools WHERE id = \(bind: id)").first() } ?? nil
        if school == nil { errors["school"] = "请选择学校。" }
        guard errors.isEmpty, let type, let idNumber, let phone, let schoolID else {
            return try await render(req, values: values, errors: errors, status: .unprocessableEntity)
        }
        guard await req.application.loginLimiter.allow(req.clientAddress, now: req.now) else {
            return try await render(req, values: values, errors: ["id_number": "操作过于频繁，请一分钟后再试。"], status: .tooManyRequests)
        }
        let keys = req.keys
        // One person, one account: an ID number that has an account opens the aid role there.
        if try await AccountQueries.findUserID(idNumber: idNumber, keys: keys, on: req.db) != nil {
            return try await render(req, values: values, errors: [:], failure: "该证件号码已有平台账号，同一人只能有一个账号。请用原账号登录，在“基层就业资助”中开通，无需重新注册。", status: .conflict)
        }
        let rows = try await GrassrootsStore.registry(school: schoolID, idHash: keys.lookupHash(idNumber), on: req.db)
        let now = req.now
        guard case .eligible(let basis) = GrassrootsEligibility.check(GrassrootsStore.findings(rows), currentYear: ChinaTime.fields(now).year),
              let entry = Self.entry(rows, basis: basis), entry.name == name else {
            try await req.db.writeTransaction { db in
                try await Audit.record(.grassrootsRegisterRefused, target: .grassrootsPerson, id: nil, changes: [.init("school", after: String(schoolID))],
                                       actor: nil, ip: req.clientAddress, now: now, keys: keys, on: db)
            }
            return try await render(req, values: values, errors: [:], failure: GrassrootsEligibility.failureText, status: .unprocessableEntity)
        }
        let hash = try await req.application.passwords.hash(password)
        let ip = req.clientAddress
        let userID: Int64
        do {
            userID = try await req.db.writeTransaction { db in
                let userID = try await AccountQueries.create(.init(displayName: name, passwordHash: hash, idType: type, idNumber: idNumber, phone: phone.value),
                                                             keys: keys, now: now, on: db)
                _ = try await AccountQueries.addAssignment(userID: userID, role: .grassrootsApplicant, scope: [:], createdBy: nil, now: now, on: db)
                try await Self.insertPerson(userID: userID, school: schoolID, entry: entry, basis: basis, now: now, on: db)
                try await Audit.record(.grassrootsRegister, target: .grassrootsPerson, id: userID, changes: [
                    .init("basis", after: basis.label), .init("school", after: String(schoolID)),
                ], actor: nil, ip: ip, now: now, keys: keys, on: db)
                return userID
            }
        } catch let abort as Abort where abort.status == .conflict {
            return try await render(req, values: values, errors: ["phone": abort.reason], status: .conflict)
        }
        let response = try await Authenticator.startSession(userID: userID, remember: false, next: "/grassroots", req: req)
        response.cookies[CookieName.flash] = req.cookie(FlashCookie.encode(Flash(.success, "注册成功。以后可用手机号和密码登录。"), keys: req.keys), maxAge: 120)
        return response
    }

    /// The registry row a registration takes its data from, per basis.
    static func entry(_ rows: [GrassrootsStore.RegistryRow], basis: GrassrootsEligibility.Basis) -> GrassrootsStore.RegistryRow? {
        switch basis {
        case .freshGraduate: rows.first { $0.list == .students }
        case .supplement: rows.first { $0.list == .supplement } ?? rows.first { $0.list == .graduates }
        case .legacy: rows.first { $0.list == .legacy }
        }
    }

    static func insertPerson(userID: Int64, school: Int64, entry: GrassrootsStore.RegistryRow, basis: GrassrootsEligibility.Basis, now: Int64, on db: any Database) async throws {
        guard let college = entry.collegeID else { throw Abort(.unprocessableEntity, reason: "学校名单中没有你的学院，请联系学校资助工作人员补充。") }
        let campus = try await db.sql.raw("SELECT campus_id FROM colleges WHERE id = \(bind: college)").first()?.decode(column: "campus_id", as: Int64?.self) ?? nil
        let applicationYear: Int = switch basis {
        case .supplement: entry.applicationYear ?? entry.graduationYear
        default: entry.graduationYear
        }
        try await db.sql.insert(into: "aid_people")
            .columns("user_id", "school_id", "campus_id", "college_id", "stage", "level", "graduation_year", "application_year", "basis", "registry_id",
                     "student_no", "major", "created_at")
            .values(SQLBind(userID), SQLBind(school), SQLBind(campus), SQLBind(college), SQLBind(entry.level.stage.rawValue), SQLBind(entry.level.rawValue),
                    SQLBind(entry.graduationYear), SQLBind(applicationYear), SQLBind(basis.rawValue), SQLBind(entry.id),
                    SQLBind(entry.studentNo), SQLBind(entry.major), SQLBind(now))
            .run()
    }

    // MARK: - An existing account opens the aid role

    @Sendable
    func joinPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if user.has(.grassrootsApplicant) { return req.seeOther("/grassroots") }
        return req.render(GrassrootsPages.Join(context: req.pageContext("开通基层就业资助", breadcrumb: [Crumb("开通基层就业资助")], current: "/grassroots/join"), schools: try await schools(req),
                                               failure: nil, csrfToken: user.csrfToken))
    }

    @Sendable
    func join(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if user.has(.grassrootsApplicant) { return req.seeOther("/grassroots") }
        let keys = req.keys
        guard let hash = try await req.db.sql.raw("SELECT id_number_hash FROM users WHERE id = \(bind: user.id)").first()?
            .decode(column: "id_number_hash", as: String?.self) else {
            return req.render(GrassrootsPages.Join(context: req.pageContext("开通基层就业资助", breadcrumb: [Crumb("开通基层就业资助")], current: "/grassroots/join"), schools: try await schools(req),
                                                   failure: "你的账号没有登记证件号码，无法核对资助信息库。请联系学校补充证件号码。", csrfToken: user.csrfToken),
                              status: .unprocessableEntity)
        }
        guard let schoolID = RequestNumber.id(FormFields(req).value("school")) else { throw Abort(.badRequest) }
        let rows = try await GrassrootsStore.registry(school: schoolID, idHash: hash, on: req.db)
        let now = req.now
        guard case .eligible(let basis) = GrassrootsEligibility.check(GrassrootsStore.findings(rows), currentYear: ChinaTime.fields(now).year),
              let entry = Self.entry(rows, basis: basis), entry.collegeID != nil else {
            return req.render(GrassrootsPages.Join(context: req.pageContext("开通基层就业资助", breadcrumb: [Crumb("开通基层就业资助")], current: "/grassroots/join"), schools: try await schools(req),
                                                   failure: GrassrootsEligibility.failureText, csrfToken: user.csrfToken), status: .unprocessableEntity)
        }
        let ip = req.clientAddress
        let assignment = try await req.db.writeTransaction { db in
            let assignment = try await AccountQueries.addAssignment(userID: user.id, role: .grassrootsApplicant, scope: [:], createdBy: user.id, now: now, on: db)
            try await Self.insertPerson(userID: user.id, school: schoolID, entry: entry, basis: basis, now: now, on: db)
            try await Audit.record(.grassrootsJoin, target: .grassrootsPerson, id: user.id, changes: [.init("basis", after: basis.label)],
                                   actor: user, ip: ip, now: now, keys: keys, on: db)
            return assignment
        }
        try await SessionStore.setActiveAssignment(assignment, tokenHash: user.sessionHash, on: req.db)
        return req.seeOther("/grassroots", flash: Flash(.success, "已开通基层就业资助，当前身份为基层就业资助申请人。需要办理其他业务时，可在“账号设置”中切换身份。"))
    }
}

extension AuditAction {
    package static let grassrootsRegister = AuditAction("grassroots.register", "基层就业资助注册")
    package static let grassrootsRegisterRefused = AuditAction("grassroots.register-refused", "基层就业资助注册未通过")
    package static let grassrootsJoin = AuditAction("grassroots.join", "开通基层就业资助")
    package static let grassrootsProfile = AuditAction("grassroots.profile", "变更校区与学院")
    package static let grassrootsBank = AuditAction("grassroots.bank", "维护银行卡信息")
    package static let grassrootsImport = AuditAction("grassroots.import", "导入资助信息库")
    package static let grassrootsReport = AuditAction("grassroots.report", "上报全国学生资助管理中心")
    package static let grassrootsResult = AuditAction("grassroots.result", "导入全国审核结果")
    package static let grassrootsPaid = AuditAction("grassroots.paid", "登记资助拨付")
    package static let grassrootsExport = AuditAction("grassroots.export", "导出基层就业资助名单")
    package static let grassrootsSync = AuditAction("grassroots.sync", "同步资助信息库信息")
    package static let grassroots: [AuditAction] = [grassrootsRegister, grassrootsRegisterRefused, grassrootsJoin, grassrootsProfile, grassrootsBank,
                                                    grassrootsImport, grassrootsReport, grassrootsResult, grassrootsPaid, grassrootsExport, grassrootsSync]
}

extension AuditTarget {
    package static let grassrootsPerson = AuditTarget("grassroots-person", "基层就业资助申请人")
    package static let grassrootsRegistry = AuditTarget("grassroots-registry", "资助信息库")
}
