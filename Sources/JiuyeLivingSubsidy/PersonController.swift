import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 个人注册 (seed 002 注册): 用户须知 → account → identity and education → unit → materials →
/// 注册并上报; the unit reviews. Before approval the person logs in and sees the status; a
/// returned registration shows the unit's opinion and is submitted again. One account per person
/// by the ID's keyed hash (E13): an ID that has an account is sent to log in.
/// 个人信息管理 and 维护工作经历 (with 劳动合同 and 证明材料 per unit and county).
package struct PersonController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("subsidy", "register", use: registerPage)
        routes.post("subsidy", "register", use: register)
        routes.get("subsidy", "join", use: joinPage)
        routes.post("subsidy", "join", use: join)
        routes.get("subsidy", use: home)
        routes.post("subsidy", "resubmit", use: resubmit)
        routes.get("subsidy", "work", use: workPage)
        routes.post("subsidy", "work", use: addWork)
        routes.post("subsidy", "work", ":id", "delete", use: deleteWork)
    }

    static let documentTypes: [IdentityDocumentType] = [.residentID, .hkMacaoPass, .taiwanPass, .hkmoTwResidencePermit]
    static let keys = ["username", "name", "phone", "email", "id_type", "id_number", "birth_date", "gender", "school", "major", "education", "degree",
                       "ethnicity", "self_employed", "unit"]

    func renderRegister(_ req: Request, values: [String: String], errors: [String: String], agreed: Bool, status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        let units = try await SubsidyStore.approvedUnits(on: req.db).map { SelectOption(String($0.id), $0.name) }
        return req.render(SubsidyPages.PersonRegister(context: req.pageContext("生活补贴个人注册"), values: values, errors: errors, agreed: agreed, units: units,
                                                      documentTypes: Self.documentTypes.map { SelectOption($0.rawValue, $0.label) }, csrfToken: token),
                          status: status, into: response)
    }

    @Sendable
    func registerPage(req: Request) async throws -> Response {
        guard req.currentUser == nil else { return req.seeOther("/subsidy") }
        let agreed = QueryString.parse(req.url.query)["agreed"] == "1"
        return try await renderRegister(req, values: ["id_type": IdentityDocumentType.residentID.rawValue, "self_employed": "否"], errors: [:], agreed: agreed)
    }

    @Sendable
    func register(req: Request) async throws -> Response {
        guard req.currentUser == nil else { return req.seeOther("/subsidy") }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for key in Self.keys { values[key] = form.value(key) }
        var errors: [String: String] = [:]
        let username = (values["username"] ?? "").lowercased()
        if let problem = EmployerUsername.problem(username) { errors["username"] = problem }
        let name = values["name"] ?? ""
        if name.isEmpty || name.count > 30 { errors["name"] = "请填写用户姓名（30 字以内）。" }
        var phone: MobilePhone?
        do { phone = try MobilePhone(validating: values["phone"] ?? "") } catch { errors["phone"] = error.message }
        var email: String?
        if let text = values["email"], !text.isEmpty {
            do { email = try EmailAddress(validating: text).value } catch { errors["email"] = error.message }
        }
        let type = IdentityDocumentType(rawValue: values["id_type"] ?? "").flatMap { Self.documentTypes.contains($0) ? $0 : nil }
        var idNumber: String?
        if let type { do { idNumber = try DocumentNumber.normalise(values["id_number"] ?? "", type: type) } catch { errors["id_number"] = error.message } }
        else { errors["id_type"] = "请选择证件类型。" }
        if ChinaTime.parseDate(values["birth_date"] ?? "") == nil { errors["birth_date"] = "请按“2000-01-31”的格式填写出生日期。" }
        if !["男", "女"].contains(values["gender"] ?? "") { errors["gender"] = "请选择性别。" }
        for (key, label) in [("school", "毕业院校"), ("major", "专业")] where (values[key] ?? "").isEmpty || (values[key] ?? "").count > 60 {
            errors[key] = "请填写\(label)（60 字以内）。"
        }
        let education = SubsidyEducation(rawValue: values["education"] ?? "")
        if education == nil { errors["education"] = "请选择学历。" }
        if (values["ethnicity"] ?? "").count > 20 { errors["ethnicity"] = "民族不能超过 20 个字。" }
        let selfEmployed = values["self_employed"] == "是"
        let unitID = RequestNumber.id(values["unit"])
        let unit = try await unitID.asyncMap { try await SubsidyStore.unit($0, on: req.db) } ?? nil
        if unit?.state != .approved || unit?.isVirtual == true { errors["unit"] = "请选择已通过区县人社局审核的单位。" }
        let password = form.value("password")
        if let problem = PasswordPolicy().problems(password: password, username: username, phone: phone?.value).first { errors["password"] = problem.message }
        if password != form.value("confirm") { errors["confirm"] = "两次输入的密码不一致。" }
        guard errors.isEmpty, let type, let idNumber, let phone, let education, let unit else {
            return try await renderRegister(req, values: values, errors: errors, agreed: true, status: .unprocessableEntity)
        }
        guard await req.application.loginLimiter.allow(req.clientAddress, now: req.now) else {
            return try await renderRegister(req, values: values, errors: ["username": "操作过于频繁，请一分钟后再试。"], agreed: true, status: .tooManyRequests)
        }
        let (keys, now, ip) = (req.keys, req.now, req.clientAddress)
        if try await AccountQueries.findUserID(idNumber: idNumber, keys: keys, on: req.db) != nil {
            return try await renderRegister(req, values: values, errors: ["id_number": "该证件号码已有平台账号，同一人只能有一个账号。请用原账号登录，在“开通生活补贴”中办理。"], agreed: true, status: .conflict)
        }
        let hash = try await req.application.passwords.hash(password)
        let (typed, mail) = (values, email)
        let userID: Int64
        do {
            userID = try await req.db.writeTransaction { db in
                let userID = try await AccountQueries.create(.init(username: username, displayName: name, email: mail, passwordHash: hash, idType: type,
                                                                   idNumber: idNumber, phone: phone.value), keys: keys, now: now, on: db)
                _ = try await AccountQueries.addAssignment(userID: userID, role: .subsidyApplicant, scope: [:], createdBy: nil, now: now, on: db)
                try await db.sql.insert(into: "subsidy_people")
                    .columns("user_id", "unit_id", "county_code", "city_code", "education", "degree", "gender", "birth_date", "school_name", "major", "ethnicity",
                             "self_employed", "state", "submitted_at")
                    .values(SQLBind(userID), SQLBind(unit.id), SQLBind(unit.county), SQLBind(SubsidyStore.city(of: unit.county)), SQLBind(education.rawValue),
                            SQLBind(typed["degree"]), SQLBind(typed["gender"]), SQLBind(typed["birth_date"]), SQLBind(typed["school"]), SQLBind(typed["major"]),
                            SQLBind(typed["ethnicity"]), SQLBind(selfEmployed), SQLBind(SubsidyStore.State.pending.rawValue), SQLBind(now))
                    .run()
                try await Audit.record(.subsidyPersonRegister, target: .subsidyPerson, id: userID, changes: [.init("unit", after: unit.name)],
                                       actor: nil, ip: ip, now: now, keys: keys, on: db)
                for staff in try await CaseEngine.recipients(role: .employer, scope: [.unit: String(unit.id)], on: db) {
                    try await MessageCenter.post(to: staff, title: "生活补贴个人注册待审核", body: "\(name)已注册，请审核。", link: "/subsidy/unit", now: now, on: db)
                }
                return userID
            }
        } catch let abort as Abort where abort.status == .conflict {
            return try await renderRegister(req, values: values, errors: ["username": abort.reason], agreed: true, status: .conflict)
        }
        let response = try await Authenticator.startSession(userID: userID, remember: false, next: "/subsidy", req: req)
        response.cookies[CookieName.flash] = req.cookie(FlashCookie.encode(Flash(.success, "注册并上报成功，请上传证明材料，等待单位审核。"), keys: req.keys), maxAge: 120)
        return response
    }

    // MARK: - An existing account opens the subsidy role (one person, one account: review E13)

    func renderJoin(_ req: Request, user: CurrentUser, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let units = try await SubsidyStore.approvedUnits(on: req.db).map { SelectOption(String($0.id), $0.name) }
        return req.render(SubsidyPages.PersonJoin(context: req.pageContext("开通生活补贴", breadcrumb: [Crumb("开通生活补贴")], current: "/subsidy/join"),
                                                  values: values, errors: errors, units: units, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func joinPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if user.has(.subsidyApplicant) { return req.seeOther("/subsidy") }
        return try await renderJoin(req, user: user, values: ["self_employed": "否"], errors: [:])
    }

    @Sendable
    func join(req: Request) async throws -> Response {
        let user = try req.requireUser()
        if user.has(.subsidyApplicant) { return req.seeOther("/subsidy") }
        guard try await req.db.sql.raw("SELECT id_number_hash FROM users WHERE id = \(bind: user.id)").first()?.decode(column: "id_number_hash", as: String?.self) != nil else {
            return try await renderJoin(req, user: user, values: [:], errors: ["unit": "你的账号没有登记证件号码，不能开通生活补贴。请联系管理员补充。"], status: .unprocessableEntity)
        }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for key in ["birth_date", "gender", "school", "major", "education", "degree", "ethnicity", "self_employed", "unit"] { values[key] = form.value(key) }
        var errors: [String: String] = [:]
        if ChinaTime.parseDate(values["birth_date"] ?? "") == nil { errors["birth_date"] = "请按“2000-01-31”的格式填写出生日期。" }
        if !["男", "女"].contains(values["gender"] ?? "") { errors["gender"] = "请选择性别。" }
        for (key, label) in [("school", "毕业院校"), ("major", "专业")] where (values[key] ?? "").isEmpty || (values[key] ?? "").count > 60 {
            errors[key] = "请填写\(label)（60 字以内）。"
        }
        let education = SubsidyEducation(rawValue: values["education"] ?? "")
        if education == nil { errors["education"] = "请选择学历。" }
        let unit = try await RequestNumber.id(values["unit"]).asyncMap { try await SubsidyStore.unit($0, on: req.db) } ?? nil
        if unit?.state != .approved || unit?.isVirtual == true { errors["unit"] = "请选择已通过区县人社局审核的单位。" }
        guard errors.isEmpty, let education, let unit else { return try await renderJoin(req, user: user, values: values, errors: errors, status: .unprocessableEntity) }
        let now = req.now
        let typed = values
        let assignment = try await req.db.writeTransaction { db in
            let assignment = try await AccountQueries.addAssignment(userID: user.id, role: .subsidyApplicant, scope: [:], createdBy: user.id, now: now, on: db)
            try await db.sql.insert(into: "subsidy_people")
                .columns("user_id", "unit_id", "county_code", "city_code", "education", "degree", "gender", "birth_date", "school_name", "major", "ethnicity",
                         "self_employed", "state", "submitted_at")
                .values(SQLBind(user.id), SQLBind(unit.id), SQLBind(unit.county), SQLBind(SubsidyStore.city(of: unit.county)), SQLBind(education.rawValue),
                        SQLBind(typed["degree"]), SQLBind(typed["gender"]), SQLBind(typed["birth_date"]), SQLBind(typed["school"]), SQLBind(typed["major"]),
                        SQLBind(typed["ethnicity"]), SQLBind(typed["self_employed"] == "是"), SQLBind(SubsidyStore.State.pending.rawValue), SQLBind(now))
                .run()
            try await req.audit(.subsidyPersonRegister, target: .subsidyPerson, id: user.id, changes: [.init("unit", after: unit.name)], on: db)
            return assignment
        }
        try await SessionStore.setActiveAssignment(assignment, tokenHash: user.sessionHash, on: req.db)
        return req.seeOther("/subsidy", flash: Flash(.success, "已开通生活补贴，当前身份为生活补贴申请人，请上传证明材料，等待单位审核。"))
    }

    static func applicant(_ req: Request) async throws -> (CurrentUser, SubsidyStore.Person) {
        let user = try req.requireRole(.subsidyApplicant)
        guard let person = try await SubsidyStore.person(user.id, on: req.db) else { throw Abort(.notFound) }
        return (user, person)
    }

    @Sendable
    func home(req: Request) async throws -> Response {
        guard req.currentUser != nil else { return req.seeOther("/login?next=/subsidy") }
        let (user, person) = try await Self.applicant(req)
        let files = try await Uploads.forCase(UploadCaseRef(type: SubsidySetup.personFiles, id: person.userID), on: req.db)
        return req.render(SubsidyPages.PersonHome(context: req.pageContext("生活补贴", breadcrumb: [Crumb("个人信息管理")], current: "/subsidy"),
                                                  person: person, files: files, csrfToken: user.csrfToken))
    }

    /// After a return: the person corrected materials and submits again.
    @Sendable
    func resubmit(req: Request) async throws -> Response {
        let (_, person) = try await Self.applicant(req)
        guard person.state == .returned else { return req.seeOther("/subsidy") }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await db.sql.raw("UPDATE subsidy_people SET state = 'pending', submitted_at = \(bind: now) WHERE user_id = \(bind: person.userID) AND state = 'returned'").run()
            try await req.audit(.subsidyPersonResubmit, target: .subsidyPerson, id: person.userID, changes: [.init("state", before: "已退回", after: "待审核")], on: db)
            for staff in try await CaseEngine.recipients(role: .employer, scope: [.unit: String(person.unitID)], on: db) {
                try await MessageCenter.post(to: staff, title: "生活补贴个人注册待审核", body: "\(person.name)已修改后重新提交，请审核。", link: "/subsidy/unit", now: now, on: db)
            }
        }
        return req.seeOther("/subsidy", flash: Flash(.success, "已重新提交，请等待单位审核。"))
    }

    // MARK: - 维护工作经历

    @Sendable
    func workPage(req: Request) async throws -> Response {
        let (user, person) = try await Self.applicant(req)
        return try await renderWork(req, user: user, person: person, values: [:], errors: [:])
    }

    func renderWork(_ req: Request, user: CurrentUser, person: SubsidyStore.Person, values: [String: String], errors: [String: String],
                    status: HTTPResponseStatus = .ok) async throws -> Response {
        let work = try await SubsidyStore.work(person.userID, on: req.db)
        var files: [Int64: [Uploads.Row]] = [:]
        for item in work { files[item.id] = try await Uploads.forCase(UploadCaseRef(type: SubsidySetup.workFiles, id: item.id), on: req.db) }
        let units = try await SubsidyStore.approvedUnits(on: req.db).map { SelectOption(String($0.id), $0.name) }
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        var countyNames: [String: String] = [:]
        for item in work { countyNames[item.county] = names.fullName(item.county) ?? item.county }
        return req.render(SubsidyPages.Work(context: req.pageContext("维护工作经历", breadcrumb: [Crumb("个人信息管理", href: "/subsidy"), Crumb("维护工作经历")],
                                                                     current: "/subsidy/work"),
                                            person: person, work: work, countyNames: countyNames, files: files, units: units, values: values, errors: errors,
                                            csrfToken: user.csrfToken),
                          status: status)
    }

    @Sendable
    func addWork(req: Request) async throws -> Response {
        let (user, person) = try await Self.applicant(req)
        guard person.state == .approved else { return req.seeOther("/subsidy", flash: Flash(.error, "个人注册通过单位审核后才能维护工作经历。")) }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for key in ["unit", "is_current", "contract_start", "contract_end", "open_ended"] { values[key] = form.value(key) }
        var errors: [String: String] = [:]
        let unit = try await RequestNumber.id(values["unit"]).asyncMap { try await SubsidyStore.unit($0, on: req.db) } ?? nil
        if unit?.state != .approved || unit?.isVirtual == true { errors["unit"] = "请选择已通过区县人社局审核的单位。" }
        let start = values["contract_start"] ?? ""
        if ChinaTime.parseDate(start) == nil { errors["contract_start"] = "请按“2024-07-01”的格式填写劳动合同起始日期。" }
        let openEnded = values["open_ended"] == "1"
        let end = openEnded ? nil : values["contract_end"]
        if !openEnded, ChinaTime.parseDate(end ?? "") == nil { errors["contract_end"] = "请填写劳动合同终止日期；无固定期限合同请勾选“无固定期限”。" }
        if let s = ChinaTime.parseDate(start), let e = end.flatMap(ChinaTime.parseDate), e < s { errors["contract_end"] = "终止日期不能早于起始日期。" }
        let isCurrent = values["is_current"] == "1"
        let existing = try await SubsidyStore.work(person.userID, on: req.db)
        if existing.count >= 10 { errors["unit"] = "最多维护 10 段工作经历。" }
        if isCurrent, existing.contains(where: \.isCurrent) { errors["is_current"] = "已有现单位，请先删除原来的现单位记录。" }
        guard errors.isEmpty, let unit else { return try await renderWork(req, user: user, person: person, values: values, errors: errors, status: .unprocessableEntity) }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await db.sql.insert(into: "subsidy_work").columns("user_id", "unit_id", "county_code", "is_current", "contract_start", "contract_end", "created_at")
                .values(SQLBind(person.userID), SQLBind(unit.id), SQLBind(unit.county), SQLBind(isCurrent), SQLBind(start), SQLBind(end), SQLBind(now)).run()
            try await req.audit(.subsidyWork, target: .subsidyPerson, id: person.userID, changes: [
                .init("unit", after: unit.name), .init("contract", after: "\(start) 至 \(end ?? "无固定期限")"),
            ], on: db)
        }
        return req.seeOther("/subsidy/work", flash: Flash(.success, "已保存工作经历，请上传劳动合同和证明材料。"))
    }

    @Sendable
    func deleteWork(req: Request) async throws -> Response {
        let (_, person) = try await Self.applicant(req)
        guard let id = RequestNumber.id(req.parameters.get("id")) else { throw Abort(.notFound) }
        let used = try await req.db.sql.raw("""
            SELECT id FROM subsidy_cases WHERE applicant_id = \(bind: person.userID) AND status_key <> 'draft' AND data_json LIKE \(bind: "%\"work_id\":\"\(id)\"%")
            """).first()
        guard used == nil else { return req.seeOther("/subsidy/work", flash: Flash(.error, "这段工作经历已用于补助申报，不能删除。")) }
        try await req.db.writeTransaction { db in
            try await db.sql.raw("DELETE FROM subsidy_work WHERE id = \(bind: id) AND user_id = \(bind: person.userID)").run()
            try await req.audit(.subsidyWork, target: .subsidyPerson, id: person.userID, changes: [.init("deleted", after: String(id))], on: db)
        }
        return req.seeOther("/subsidy/work", flash: Flash(.success, "已删除。"))
    }
}
