import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 单位注册 → 县区人社局审核 (seed 002 整体补助流程 一), and the unit's review of the people who
/// register under it (二). Unit fields assumed per review E14: name, credit code (checksum),
/// county, address, contact, the first account; a unit already on file under its credit code
/// (an employer of the job centre) is the same unit, with this module's own flag (E13).
package struct UnitController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("subsidy", "unit", "register", use: registerPage)
        routes.post("subsidy", "unit", "register", use: register)
        routes.get("subsidy", "unit", use: home)
        routes.post("subsidy", "unit", "people", ":user", use: reviewPerson)
        routes.post("subsidy", "unit", "accounts", use: addAccount)
        routes.get("subsidy", "units", use: countyList)
        routes.post("subsidy", "units", ":unit", use: reviewUnit)
        routes.post("subsidy", "units", "people", ":user", use: reviewSelfEmployed)
    }

    func counties(_ req: Request) async throws -> RegionNames { try await req.application.codeBooks.regionNames(on: req.db) }

    func renderRegister(_ req: Request, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        return req.render(SubsidyPages.UnitRegister(context: req.pageContext("生活补贴单位注册"), values: values, errors: errors, csrfToken: token),
                          status: status, into: response)
    }

    @Sendable
    func registerPage(req: Request) async throws -> Response {
        guard req.currentUser == nil else { return req.seeOther("/subsidy/unit") }
        return try await renderRegister(req, values: [:], errors: [:])
    }

    @Sendable
    func register(req: Request) async throws -> Response {
        guard req.currentUser == nil else { return req.seeOther("/subsidy/unit") }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for key in ["name", "credit_code", "county", "address", "contact_name", "contact_phone", "username"] { values[key] = form.value(key) }
        var errors: [String: String] = [:]
        let name = values["name"] ?? ""
        if name.isEmpty || name.count > 60 { errors["name"] = "请填写单位名称（60 字以内）。" }
        var credit: String?
        do { credit = try CreditCode(validating: values["credit_code"] ?? "").value } catch { errors["credit_code"] = error.message }
        var county: String?
        let resolution = try await counties(req).resolve(values["county"] ?? "")
        if case .county(let code) = resolution { county = code } else { errors["county"] = RegionNames.problem(resolution, label: "单位所在区县") }
        if (values["address"] ?? "").isEmpty || (values["address"] ?? "").count > 100 { errors["address"] = "请填写单位地址（100 字以内）。" }
        if (values["contact_name"] ?? "").isEmpty || (values["contact_name"] ?? "").count > 30 { errors["contact_name"] = "请填写联系人。" }
        var phone: MobilePhone?
        do { phone = try MobilePhone(validating: values["contact_phone"] ?? "") } catch { errors["contact_phone"] = error.message }
        let username = (values["username"] ?? "").lowercased()
        if let problem = EmployerUsername.problem(username) { errors["username"] = problem }
        let password = form.value("password")
        if let problem = PasswordPolicy().problems(password: password, username: username, phone: phone?.value).first { errors["password"] = problem.message }
        if password != form.value("confirm") { errors["confirm"] = "两次输入的密码不一致。" }
        guard errors.isEmpty, let credit, let county, let phone else { return try await renderRegister(req, values: values, errors: errors, status: .unprocessableEntity) }
        guard await req.application.loginLimiter.allow(req.clientAddress, now: req.now) else {
            return try await renderRegister(req, values: values, errors: ["username": "操作过于频繁，请一分钟后再试。"], status: .tooManyRequests)
        }
        let hash = try await req.application.passwords.hash(password)
        let (now, keys, ip) = (req.now, req.keys, req.clientAddress)
        let address = values["address"] ?? "", contact = values["contact_name"] ?? ""
        let outcome: Result<Int64, ValidationError> = try await req.db.writeTransaction { db in
            let existing = try await db.sql.raw("SELECT id FROM units WHERE credit_code = \(bind: credit)").first().map { try $0.decode(column: "id", as: Int64.self) }
            if let existing, try await db.sql.raw("SELECT unit_id FROM subsidy_units WHERE unit_id = \(bind: existing)").first() != nil {
                return .failure(ValidationError(field: "credit_code", message: "该统一社会信用代码的单位已注册生活补贴业务，请用本单位已有账号登录。"))
            }
            if try await db.sql.raw("SELECT user_id FROM account_identifiers WHERE key = \(bind: AccountQueries.identifierKey(username, keys: keys))").first() != nil {
                return .failure(ValidationError(field: "username", message: "该用户名已被使用，请换一个。"))
            }
            let unitID = try await existing.asyncOr {
                try await OrgQueries.insertReturningID(db, into: "units", [("name", name), ("credit_code", credit), ("county_code", county), ("status", "registered"), ("created_at", now)])
            }
            let userID = try await AccountQueries.create(.init(username: username, displayName: contact, passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: userID, role: .employer, scope: [.unit: [String(unitID)]], createdBy: nil, now: now, on: db)
            try await db.sql.insert(into: "subsidy_units")
                .columns("unit_id", "state", "address", "contact_name", "contact_phone_cipher", "is_virtual", "registered_by", "submitted_at")
                .values(SQLBind(unitID), SQLBind(SubsidyStore.State.pending.rawValue), SQLBind(address), SQLBind(contact), SQLBind(keys.encrypt(phone.value)),
                        SQLBind(false), SQLBind(userID), SQLBind(now)).run()
            try await Audit.record(.subsidyUnitRegister, target: .subsidyUnit, id: unitID, changes: [.init("name", after: name), .init("county", after: county)],
                                   actor: nil, ip: ip, now: now, keys: keys, on: db)
            for staff in try await CaseEngine.recipients(role: .countyHR, scope: [.county: county], on: db) {
                try await MessageCenter.post(to: staff, title: "生活补贴单位注册待审核", body: "“\(name)”已注册，请审核。", link: "/subsidy/units", now: now, on: db)
            }
            return .success(userID)
        }
        switch outcome {
        case .failure(let problem): return try await renderRegister(req, values: values, errors: [problem.field: problem.message], status: .conflict)
        case .success(let userID):
            let response = try await Authenticator.startSession(userID: userID, remember: false, next: "/subsidy/unit", req: req)
            response.cookies[CookieName.flash] = req.cookie(FlashCookie.encode(Flash(.success, "注册成功，请等待所在区县人社局审核。"), keys: req.keys), maxAge: 120)
            return response
        }
    }

    // MARK: - The unit: its state and the people who registered under it

    func unitOf(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.employer)
        guard let unit = user.active?.values[.unit]?.first.flatMap(Int64.init) else { throw Abort(.notFound) }
        return (user, unit)
    }

    @Sendable
    func home(req: Request) async throws -> Response {
        let (user, unitID) = try unitOf(req)
        return try await renderHome(req, user: user, unitID: unitID)
    }

    func renderHome(_ req: Request, user: CurrentUser, unitID: Int64, accountErrors: [String: String] = [:], accountValues: [String: String] = [:],
                    status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let unit = try await SubsidyStore.unit(unitID, on: req.db) else {
            return req.render(SubsidyPages.Message(context: req.pageContext("生活补贴", breadcrumb: [Crumb("生活补贴")], current: "/subsidy/unit"),
                                                   title: "生活补贴", text: "本单位尚未注册生活补贴业务。"))
        }
        let opinion = try await req.db.sql.raw("SELECT opinion FROM subsidy_units WHERE unit_id = \(bind: unitID)").first()?.decode(column: "opinion", as: String?.self) ?? nil
        let people = try await req.db.sql.raw("""
            SELECT p.user_id, u.display_name, p.education, p.school_name, p.state, p.submitted_at FROM subsidy_people p JOIN users u ON u.id = p.user_id
            WHERE p.unit_id = \(bind: unitID) AND p.self_employed = \(bind: false) ORDER BY p.state = 'pending' DESC, p.submitted_at DESC LIMIT 500
            """).all().map {
            SubsidyPages.PersonRow(userID: try $0.decode(column: "user_id", as: Int64.self), name: try $0.decode(column: "display_name", as: String.self),
                                   education: try $0.decode(column: "education", as: String.self), school: try $0.decode(column: "school_name", as: String.self),
                                   state: SubsidyStore.State(rawValue: try $0.decode(column: "state", as: String.self)) ?? .pending,
                                   submittedAt: try $0.decode(column: "submitted_at", as: Int64.self))
        }
        var files: [Int64: [Uploads.Row]] = [:]
        for person in people where person.state == .pending {
            files[person.userID] = try await req.db.sql.select().columns(Uploads.columns).from("uploads")
                .where("case_type", .equal, SQLBind(SubsidySetup.personFiles)).where("case_id", .equal, SQLBind(person.userID))
                .where(SQLColumn("deleted_at"), .is, SQLLiteral.null).orderBy("id").all(decoding: Uploads.Row.self)
        }
        let licence = try await Uploads.forCase(UploadCaseRef(type: SubsidySetup.unitFiles, id: unitID), on: req.db)
        return req.render(SubsidyPages.UnitHome(context: req.pageContext("生活补贴", breadcrumb: [Crumb("生活补贴")], current: "/subsidy/unit"),
                                                unit: unit, opinion: opinion, licence: licence, people: people, files: files,
                                                accounts: try await Self.accounts(unitID, on: req.db), accountErrors: accountErrors, accountValues: accountValues,
                                                csrfToken: user.csrfToken), status: status)
    }

    /// 单位审核 of a personal registration: 通过, or 退回 with the opinion the person reads.
    @Sendable
    func reviewPerson(req: Request) async throws -> Response {
        let (user, unitID) = try unitOf(req)
        guard let target = RequestNumber.id(req.parameters.get("user")) else { throw Abort(.notFound) }
        guard let person = try await SubsidyStore.person(target, on: req.db), person.unitID == unitID, !person.selfEmployed else { throw Abort(.notFound) }
        guard try await SubsidyStore.unit(unitID, on: req.db)?.state == .approved else {
            return req.seeOther("/subsidy/unit", flash: Flash(.error, "本单位通过区县人社局审核后，才能审核个人注册。"))
        }
        return try await decide(req, user: user, target: target, back: "/subsidy/unit")
    }

    /// 自主创业 (review E6): the applicant's unit is their own business, so the county HR bureau
    /// reviews the registration instead of the unit.
    @Sendable
    func reviewSelfEmployed(req: Request) async throws -> Response {
        let user = try req.requireRole(.countyHR)
        guard let target = RequestNumber.id(req.parameters.get("user")), let person = try await SubsidyStore.person(target, on: req.db), person.selfEmployed,
              user.active?.values[.county]?.contains(person.county) == true else { throw Abort(.notFound) }
        return try await decide(req, user: user, target: target, back: "/subsidy/units")
    }

    func decide(_ req: Request, user: CurrentUser, target: Int64, back: String) async throws -> Response {
        let form = FormFields(req)
        let approve = form.value("action") == "approve"
        let opinion = String(form.value("opinion").prefix(200))
        guard approve || !opinion.isEmpty else { return req.seeOther(back, flash: Flash(.error, "退回时请填写审核意见。")) }
        let now = req.now
        let moved = try await req.db.writeTransaction { db -> Bool in
            let row = try await db.sql.raw("""
                UPDATE subsidy_people SET state = \(bind: approve ? "approved" : "returned"), opinion = \(bind: approve ? nil : opinion),
                reviewed_at = \(bind: now), reviewed_by = \(bind: user.id) WHERE user_id = \(bind: target) AND state = 'pending' RETURNING user_id
                """).first()
            guard row != nil else { return false }
            try await req.audit(approve ? .subsidyPersonApprove : .subsidyPersonReturn, target: .subsidyPerson, id: target,
                                changes: [.init("state", before: "待审核", after: approve ? "审核通过" : "已退回")] + (approve ? [] : [.init("opinion", after: opinion)]), on: db)
            try await MessageCenter.post(to: target, title: "生活补贴个人注册", body: approve ? "你的个人注册已通过单位审核，可以办理补助申报了。" : "你的个人注册被单位退回：\(opinion)。请修改后重新提交。",
                                         link: "/subsidy", sms: true, now: now, keys: req.keys, app: req.application, on: db)
            return true
        }
        return req.seeOther(back, flash: moved ? Flash(.success, approve ? "已审核通过。" : "已退回。") : Flash(.error, "该注册已被处理。"))
    }

    // MARK: - 县区人社局: units of the county

    @Sendable
    func countyList(req: Request) async throws -> Response {
        let user = try req.requireRole(.countyHR)
        let counties = Array(user.active?.values[.county] ?? [])
        let rows = counties.isEmpty ? [] : try await req.db.sql.raw("""
            SELECT u.id, u.name, u.credit_code, u.county_code, s.state, s.contact_name, s.address, s.submitted_at FROM subsidy_units s JOIN units u ON u.id = s.unit_id
            WHERE s.is_virtual = \(bind: false) AND u.county_code IN (\(SQLList(counties.map { SQLBind($0) }))) ORDER BY s.state = 'pending' DESC, s.submitted_at DESC LIMIT 500
            """).all().map {
            SubsidyPages.UnitRow(id: try $0.decode(column: "id", as: Int64.self), name: try $0.decode(column: "name", as: String.self),
                                 licence: [],
                                 creditCode: try $0.decode(column: "credit_code", as: String.self), contact: try $0.decode(column: "contact_name", as: String?.self) ?? "",
                                 address: try $0.decode(column: "address", as: String?.self) ?? "",
                                 state: SubsidyStore.State(rawValue: try $0.decode(column: "state", as: String.self)) ?? .pending)
        }
        var withLicences: [SubsidyPages.UnitRow] = []
        for row in rows {
            var row = row
            row.licence = try await Uploads.forCase(UploadCaseRef(type: SubsidySetup.unitFiles, id: row.id), on: req.db).map(\.id)
            withLicences.append(row)
        }
        let people = counties.isEmpty ? [] : try await req.db.sql.raw("""
            SELECT p.user_id, u.display_name, p.education, p.school_name, p.state, p.submitted_at FROM subsidy_people p JOIN users u ON u.id = p.user_id
            WHERE p.self_employed = \(bind: true) AND p.county_code IN (\(SQLList(counties.map { SQLBind($0) }))) ORDER BY p.state = 'pending' DESC, p.submitted_at DESC LIMIT 500
            """).all().map {
            SubsidyPages.PersonRow(userID: try $0.decode(column: "user_id", as: Int64.self), name: try $0.decode(column: "display_name", as: String.self),
                                   education: try $0.decode(column: "education", as: String.self), school: try $0.decode(column: "school_name", as: String.self),
                                   state: SubsidyStore.State(rawValue: try $0.decode(column: "state", as: String.self)) ?? .pending,
                                   submittedAt: try $0.decode(column: "submitted_at", as: Int64.self))
        }
        return req.render(SubsidyPages.CountyUnits(context: req.pageContext("单位注册审核", breadcrumb: [Crumb("单位注册审核")], current: "/subsidy/units"),
                                                   rows: withLicences, people: people, csrfToken: user.csrfToken))
    }

    @Sendable
    func reviewUnit(req: Request) async throws -> Response {
        let user = try req.requireRole(.countyHR)
        guard let unitID = RequestNumber.id(req.parameters.get("unit")), let unit = try await SubsidyStore.unit(unitID, on: req.db), !unit.isVirtual,
              user.active?.values[.county]?.contains(unit.county) == true else { throw Abort(.notFound) }
        let form = FormFields(req)
        let approve = form.value("action") == "approve"
        let opinion = String(form.value("opinion").prefix(200))
        guard approve || !opinion.isEmpty else { return req.seeOther("/subsidy/units", flash: Flash(.error, "退回时请填写审核意见。")) }
        if approve, try await Uploads.forCase(UploadCaseRef(type: SubsidySetup.unitFiles, id: unitID), on: req.db).isEmpty {
            return req.seeOther("/subsidy/units", flash: Flash(.error, "“\(unit.name)”尚未上传营业执照，不能审核通过。"))
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await db.sql.raw("""
                UPDATE subsidy_units SET state = \(bind: approve ? "approved" : "returned"), opinion = \(bind: approve ? nil : opinion), reviewed_at = \(bind: now),
                reviewed_by = \(bind: user.id) WHERE unit_id = \(bind: unitID)
                """).run()
            try await req.audit(approve ? .subsidyUnitApprove : .subsidyUnitReturn, target: .subsidyUnit, id: unitID,
                                changes: [.init("state", before: unit.state.label, after: approve ? "审核通过" : "已退回")], on: db)
            for staff in try await CaseEngine.recipients(role: .employer, scope: [.unit: String(unitID)], on: db) {
                try await MessageCenter.post(to: staff, title: "生活补贴单位注册", body: approve ? "本单位已通过区县人社局审核。" : "本单位注册被退回：\(opinion)",
                                             link: "/subsidy/unit", now: now, on: db)
            }
        }
        return req.seeOther("/subsidy/units", flash: Flash(.success, approve ? "已审核通过“\(unit.name)”。" : "已退回“\(unit.name)”。"))
    }
}

extension Optional {
    func asyncOr(_ make: () async throws -> Wrapped) async rethrows -> Wrapped {
        if let value = self { return value }
        return try await make()
    }
}

extension AuditAction {
    package static let subsidyUnitRegister = AuditAction("subsidy.unit-register", "生活补贴单位注册")
    package static let subsidyUnitApprove = AuditAction("subsidy.unit-approve", "单位注册审核通过")
    package static let subsidyUnitReturn = AuditAction("subsidy.unit-return", "单位注册退回")
    package static let subsidyPersonRegister = AuditAction("subsidy.person-register", "生活补贴个人注册")
    package static let subsidyPersonApprove = AuditAction("subsidy.person-approve", "个人注册审核通过")
    package static let subsidyPersonReturn = AuditAction("subsidy.person-return", "个人注册退回")
    package static let subsidyPersonResubmit = AuditAction("subsidy.person-resubmit", "个人注册重新提交")
    package static let subsidyWork = AuditAction("subsidy.work", "维护工作经历")
    package static let subsidyImport = AuditAction("subsidy.import", "导入社保或学历数据")
    package static let subsidyObjection = AuditAction("subsidy.objection", "公示异议")
    package static let subsidy: [AuditAction] = [subsidyUnitRegister, subsidyUnitApprove, subsidyUnitReturn, subsidyUnitAccount, subsidyPersonRegister,
                                                 subsidyPersonApprove, subsidyPersonReturn, subsidyPersonResubmit, subsidyWork, subsidyImport, subsidyObjection]
}

extension AuditTarget {
    package static let subsidyUnit = AuditTarget("subsidy-unit", "生活补贴单位")
    package static let subsidyPerson = AuditTarget("subsidy-person", "生活补贴申请人")
}
