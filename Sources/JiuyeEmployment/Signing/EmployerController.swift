import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 用人单位注册 and the unit's own page (PRODUCT.md §4): a unit registers itself with its first
/// recruiter account, uploads its 营业执照 and waits for the school's 资质鉴证; the unit's
/// accounts see only their unit, and may add recruiters.
package struct EmployerController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("employer", "register", use: registerPage)
        routes.post("employer", "register", use: register)
        routes.get("employer", use: home)
        routes.post("employer", "resubmit", use: resubmit)
        routes.post("employer", "accounts", use: addRecruiter)
    }

    package static let accountFields = ["username", "password", "confirm", "school"]

    // MARK: - Registration

    @Sendable
    package func registerPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.seeOther("/") }
        return try await renderRegister(req, values: [:], errors: [:])
    }

    package func renderRegister(_ req: Request, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        let choices = try await DestinationChoices.load(req, data: [:])
        let schools = try await req.db.sql.raw("SELECT id, name FROM schools ORDER BY id").all()
            .map { SelectOption(String(try $0.decode(column: "id", as: Int64.self)), try $0.decode(column: "name", as: String.self)) }
        var values = values
        if values["school"] == nil, schools.count == 1 { values["school"] = schools[0].value }
        let model = EmployerPages.RegisterModel(values: values, errors: errors, csrfToken: token, schools: schools,
                                                natures: choices.unitNatures.map { SelectOption($0.0, "\($0.0) \($0.1)") },
                                                industries: choices.industries.map { SelectOption($0.0, "\($0.0) \($0.1)") })
        return req.render(EmployerPages.Register(context: req.pageContext("用人单位注册"), model: model), status: status, into: response)
    }

    @Sendable
    package func register(req: Request) async throws -> Response {
        guard req.currentUser == nil else { return req.seeOther("/") }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for field in EmployerRegistration.Field.allCases { values[field.rawValue] = form.value(field.rawValue) }
        for key in ["username", "school"] { values[key] = form.value(key) }
        var errors: [String: String] = [:]
        // 单位所在地 typed by name, resolved to the county.
        var data: [EmployerRegistration.Field: String] = [:]
        for field in EmployerRegistration.Field.allCases { data[field] = values[field.rawValue] }
        let names = try await DestinationReferences.regionNames(req.application, on: req.db)
        var location = [DestinationField.unitLocation.key: values[EmployerRegistration.Field.location.rawValue] ?? ""]
        if let problem = DestinationReferences.resolveLocation(&location, names: names) {
            errors[EmployerRegistration.Field.location.rawValue] = problem
        } else {
            data[.location] = location[DestinationField.unitLocation.key]
        }
        let lookup = try await GraduateImport.lookup(req.application, on: req.db)
        var registration: EmployerRegistration?
        switch EmployerRegistration.check(data, reference: EmployerRegistration.Reference(codes: lookup)) {
        case .success(let checked): registration = checked
        case .failure(let problems):
            for (field, message) in problems.messages where errors[field.rawValue] == nil { errors[field.rawValue] = message }
        }
        let username = form.value("username").lowercased()
        let password = form.value("password")
        if let problem = EmployerUsername.problem(username) { errors["username"] = problem }
        if let problem = PasswordPolicy().problems(password: password, username: username, phone: nil).first { errors["password"] = problem.message }
        if password != form.value("confirm") { errors["confirm"] = "两次输入的密码不一致。" }
        let schoolID = RequestNumber.id(form.value("school"))
        let school = try await schoolID.asyncFlatMap { id in try await req.db.sql.raw("SELECT id FROM schools WHERE id = \(bind: id)").first() }
        if school == nil { errors["school"] = "请选择申请资质鉴证的学校。" }
        guard errors.isEmpty, let registration, let schoolID else {
            return try await renderRegister(req, values: values, errors: errors, status: .unprocessableEntity)
        }
        guard await req.application.loginLimiter.allow(req.clientAddress, now: req.now) else {
            return try await renderRegister(req, values: values, errors: ["username": "操作过于频繁，请一分钟后再试。"], status: .tooManyRequests)
        }
        let hash = try await req.application.passwords.hash(password)
        let now = req.now
        let keys = req.keys
        let ip = req.clientAddress
        let outcome: Result<Int64, ValidationError> = try await req.db.writeTransaction { db in
            // The same 统一社会信用代码 is the same unit: a unit a school or a graduate entered is
            // taken over; a unit that already has accounts is not registered twice.
            let existing = try await db.sql.raw("SELECT id FROM units WHERE credit_code = \(bind: registration.creditCode.value)").first()
                .map { try $0.decode(column: "id", as: Int64.self) }
            if let existing, try await db.sql.raw("SELECT unit_id FROM employer_profiles WHERE unit_id = \(bind: existing)").first() != nil {
                return .failure(ValidationError(field: "credit_code", message: "该统一社会信用代码的单位已在平台注册。如需增加招聘人员账号，请联系本单位已注册的联系人在“单位信息”页添加。"))
            }
            if try await db.sql.raw("SELECT user_id FROM account_identifiers WHERE key = \(bind: AccountQueries.identifierKey(username, keys: keys))").first() != nil {
                return .failure(ValidationError(field: "username", message: "该用户名已被使用，请换一个。"))
            }
            let unitID: Int64
            if let existing {
                unitID = existing
            } else {
                unitID = try await OrgQueries.insertReturningID(db, into: "units", [
                    ("name", registration.name), ("credit_code", registration.creditCode.value), ("county_code", registration.locationCode),
                    ("status", "registered"), ("created_at", now),
                ])
            }
            let userID = try await AccountQueries.create(.init(username: username, displayName: registration.contactName, email: registration.email,
                                                               passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: userID, role: .employer, scope: [.unit: [String(unitID)]], createdBy: nil, now: now, on: db)
            try await db.sql.insert(into: "employer_profiles")
                .columns("unit_id", "nature_code", "industry_code", "address", "contact_name", "contact_phone_cipher", "contact_email", "registered_by", "updated_at")
                .values(SQLBind(unitID), SQLBind(registration.natureCode), SQLBind(registration.industryCode), SQLBind(registration.address),
                        SQLBind(registration.contactName), SQLBind(keys.encrypt(registration.contactPhone)), SQLBind(registration.email),
                        SQLBind(userID), SQLBind(now))
                .run()
            try await db.sql.insert(into: "unit_qualifications").columns("unit_id", "school_id", "state", "submissions", "updated_at")
                .values(SQLBind(unitID), SQLBind(schoolID), SQLBind(Qualification.State.pending.rawValue), SQLBind(1), SQLBind(now)).run()
            try await Audit.record(.employerRegister, target: .unit, id: unitID, changes: [
                .init("name", after: registration.name), .init("credit_code", after: registration.creditCode.value),
                .init("username", after: username), .init("qualification", after: Qualification.State.pending.label),
            ], actor: nil, ip: ip, now: now, keys: keys, on: db)
            try await SigningNotices.toSchool(schoolID, title: "新的用人单位待资质鉴证",
                                              body: "“\(registration.name)”已在平台注册，请核对营业执照后进行资质鉴证。", link: "/employers/qualification/\(unitID)", now: now, keys: keys, app: req.application, on: db)
            return .success(userID)
        }
        switch outcome {
        case .failure(let problem):
            return try await renderRegister(req, values: values, errors: [problem.field: problem.message], status: .conflict)
        case .success(let userID):
            let response = try await Authenticator.startSession(userID: userID, remember: false, next: "/employer", req: req)
            response.cookies[CookieName.flash] = req.cookie(FlashCookie.encode(Flash(.success, "注册成功。请上传营业执照（或登记证书）扫描件，学校资质鉴证通过后即可发起网上签约。"), keys: req.keys), maxAge: 120)
            return response
        }
    }

    // MARK: - The unit's page

    package static func unitOf(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.employer)
        guard let unit = user.employerUnit else { throw Abort(.notFound) }
        return (user, unit)
    }

    @Sendable
    package func home(req: Request) async throws -> Response {
        let (user, unitID) = try Self.unitOf(req)
        return try await renderHome(req, user: user, unitID: unitID, errors: [:])
    }

    package func renderHome(_ req: Request, user: CurrentUser, unitID: Int64, errors: [String: String], values: [String: String] = [:],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let unit = try await SigningStore.unit(unitID, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        let qualifications = try await req.db.sql.raw("""
            SELECT s.name, q.state, q.return_reason, q.reviewed_at FROM unit_qualifications q JOIN schools s ON s.id = q.school_id
            WHERE q.unit_id = \(bind: unitID) ORDER BY s.id
            """).all().map { row in
            EmployerPages.QualificationLine(school: try row.decode(column: "name", as: String.self),
                                            state: Qualification.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending,
                                            reason: try row.decode(column: "return_reason", as: String?.self),
                                            reviewedAt: try row.decode(column: "reviewed_at", as: Int64?.self))
        }
        let licences = try await Uploads.forCase(UploadCaseRef(type: "employer", id: unitID), on: req.db)
        let recruiters = try await req.db.sql.raw("""
            SELECT u.username, u.display_name, u.created_at FROM role_assignments a JOIN assignment_scopes s ON s.assignment_id = a.id
            JOIN users u ON u.id = a.user_id WHERE a.role = 'employer' AND s.dimension = 'unit' AND s.value = \(bind: String(unitID)) ORDER BY u.id
            """).all().map { (try $0.decode(column: "username", as: String?.self) ?? "", try $0.decode(column: "display_name", as: String.self)) }
        let names = try await DestinationReferences.regionNames(req.application, on: req.db)
        let model = EmployerPages.HomeModel(unit: unit, location: names.fullName(unit.countyCode) ?? unit.countyCode, qualifications: qualifications,
                                            licences: licences.map { ($0.id, $0.original_name) }, recruiters: recruiters,
                                            csrfToken: user.csrfToken, errors: errors, values: values)
        return req.render(EmployerPages.Home(context: req.pageContext("单位信息"), model: model), status: status)
    }

    /// 重新提交鉴证 after 退回: every school that returned the unit reviews it again.
    @Sendable
    package func resubmit(req: Request) async throws -> Response {
        let (_, unitID) = try Self.unitOf(req)
        let now = req.now
        let rows = try await req.db.sql.raw("SELECT school_id, state, return_reason, submissions FROM unit_qualifications WHERE unit_id = \(bind: unitID)").all()
        let count: Int = try await req.db.writeTransaction { db in
            var resubmitted = 0
            for row in rows {
                guard let state = Qualification.State(rawValue: try row.decode(column: "state", as: String.self)) else { continue }
                var qualification = Qualification(state: state, returnReason: try row.decode(column: "return_reason", as: String?.self),
                                                  submissions: try row.decode(column: "submissions", as: Int.self))
                guard state == .returned, (try? qualification.resubmit()) != nil else { continue }
                let school = try row.decode(column: "school_id", as: Int64.self)
                try await db.sql.raw("""
                    UPDATE unit_qualifications SET state = \(bind: qualification.state.rawValue), return_reason = NULL, submissions = \(bind: qualification.submissions),
                    updated_at = \(bind: now) WHERE unit_id = \(bind: unitID) AND school_id = \(bind: school) AND state = \(bind: state.rawValue)
                    """).run()
                try await req.audit(.employerResubmit, target: .unit, id: unitID, changes: [.init("qualification", before: state.label, after: qualification.state.label)], on: db)
                try await SigningNotices.toSchool(school, title: "用人单位重新提交资质鉴证", body: "一家用人单位已按退回原因修改并重新提交，请再次鉴证。",
                                                  link: "/employers/qualification/\(unitID)", now: now, keys: req.keys, app: req.application, on: db)
                resubmitted += 1
            }
            return resubmitted
        }
        let flash = count > 0 ? Flash(.success, "已重新提交资质鉴证，请等待学校审核。") : Flash(.error, "没有被退回的资质鉴证，无需重新提交。")
        return req.seeOther("/employer", flash: flash)
    }

    /// A recruiter account of the same unit (a unit may have several).
    @Sendable
    package func addRecruiter(req: Request) async throws -> Response {
        let (user, unitID) = try Self.unitOf(req)
        let form = UnitStaffAccounts.read(req, person: "招聘人员", confirming: false)
        guard form.errors.isEmpty else {
            return try await renderHome(req, user: user, unitID: unitID, errors: form.errors, values: form.values, status: .unprocessableEntity)
        }
        guard try await UnitStaffAccounts.create(form, unitID: unitID, by: user, audit: .employerRecruiter, target: .unit, req: req) else {
            return try await renderHome(req, user: user, unitID: unitID, errors: ["username": UnitStaffAccounts.taken], values: form.values, status: .conflict)
        }
        let username = form.username
        return req.seeOther("/employer", flash: Flash(.success, "已添加招聘人员账号“\(username)”，可用该用户名和密码登录。"))
    }
}

/// Messages of signing to the people who act next (system message, SMS where it matters).
package enum SigningNotices {
    /// Every active school admin of `school`.
    package static func toSchool(_ school: Int64, title: String, body: String, link: String, now: Int64, keys: KeyService, app: Application,
                                 on db: any Database) async throws {
        for id in try await CaseEngine.recipients(role: .schoolAdmin, scope: [.school: String(school)], on: db) {
            try await MessageCenter.post(to: id, title: title, body: body, link: link, now: now, keys: keys, app: app, on: db)
        }
    }

    /// Every active account of the unit, with an SMS to each account's phone where it has one.
    package static func toUnit(_ unit: Int64, title: String, body: String, link: String, sms: Bool = true, now: Int64, keys: KeyService,
                               app: Application, on db: any Database) async throws {
        for id in try await CaseEngine.recipients(role: .employer, scope: [.unit: String(unit)], on: db) {
            try await MessageCenter.post(to: id, title: title, body: body, link: link, sms: sms, now: now, keys: keys, app: app, on: db)
        }
    }

    /// The graduate: a system message and an SMS.
    package static func toStudent(_ student: Int64, title: String, body: String, link: String, now: Int64, keys: KeyService, app: Application,
                                  on db: any Database) async throws {
        try await MessageCenter.post(to: student, title: title, body: body, link: link, sms: true, now: now, keys: keys, app: app, on: db)
    }
}

extension Optional {
    func asyncFlatMap<T>(_ transform: (Wrapped) async throws -> T?) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}

extension AuditAction {
    package static let employerRegister = AuditAction("employer.register", "用人单位注册")
    package static let employerResubmit = AuditAction("employer.resubmit", "重新提交资质鉴证")
    package static let employerRecruiter = AuditAction("employer.recruiter", "添加招聘人员账号")
    package static let employerVerify = AuditAction("employer.verify", "资质鉴证通过")
    package static let employerReturn = AuditAction("employer.return", "资质鉴证退回")
    package static let signingPhone = AuditAction("signing.phone", "签约手机认证")
    package static let invitationSend = AuditAction("invitation.send", "发送签约邀请")
    package static let invitationCancel = AuditAction("invitation.cancel", "撤回签约邀请")
    package static let invitationAccept = AuditAction("invitation.accept", "同意签约")
    package static let invitationRefuse = AuditAction("invitation.refuse", "拒绝签约")
    package static let invitationWithdraw = AuditAction("invitation.withdraw", "撤销签约")
    package static let invitationExpire = AuditAction("invitation.expire", "签约邀请过期")
    package static let agreementSubmit = AuditAction("agreement.submit", "提交就业协议书审核")
    package static let agreementEnter = AuditAction("agreement.enter", "录入就业协议书")
    package static let signing: [AuditAction] = [employerRegister, employerResubmit, employerRecruiter, employerVerify, employerReturn, signingPhone,
                                                 invitationSend, invitationCancel, invitationAccept, invitationRefuse, invitationWithdraw, invitationExpire,
                                                 agreementSubmit, agreementEnter]
}

extension AuditTarget {
    package static let invitation = AuditTarget("invitation", "签约邀请")
    package static let agreement = AuditTarget("agreement", "就业协议书")
}
