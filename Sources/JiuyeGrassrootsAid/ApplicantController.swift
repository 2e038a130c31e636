import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// The student's side of seed 000: the six entries with their states (§6–§11), 申请记录 with
/// 撤回, 变更个人信息 (§4) and 维护银行卡信息 (§5).
package struct ApplicantController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("grassroots", use: home)
        routes.get("grassroots", "records", use: records)
        routes.get("grassroots", "bank", use: bankPage)
        routes.post("grassroots", "bank", use: saveBank)
        routes.get("grassroots", "profile", use: profilePage)
        routes.post("grassroots", "profile", use: saveProfile)
        routes.post("grassroots", "sync", use: sync)
    }

    /// The applicant of the aid system acting now (the aid role active).
    static func applicant(_ req: Request) async throws -> (CurrentUser, GrassrootsStore.Person) {
        let user = try req.requireUser()
        guard user.role == .grassrootsApplicant else {
            if user.has(.grassrootsApplicant) { throw Abort(.forbidden, reason: "请先在“账号设置”中切换为基层就业资助申请人身份。") }
            throw Abort(.notFound)
        }
        guard let person = try await GrassrootsStore.person(user.id, on: req.db) else { throw Abort(.notFound) }
        return (user, person)
    }

    /// One entry of the home page.
    struct Entry: Sendable {
        let stage: GrassrootsStage
        let availability: GrassrootsYearRules.Availability
        let row: CaseRow?
        let statusLabel: String?
        let dueYear: Int
    }

    static func entries(_ person: GrassrootsStore.Person, now: Int64, on db: any Database) async throws -> [Entry] {
        let year = ChinaTime.fields(now).year
        let records = try await GrassrootsStore.records(person.userID, legacy: try await GrassrootsStore.legacyStages(person, on: db),
                                                        applicationYear: person.applicationYear, on: db)
        var entries: [Entry] = []
        for stage in GrassrootsCaseTypes.stages {
            let type = GrassrootsCaseTypes.type(stage)
            let due = GrassrootsYearRules.year(of: stage, applicationYear: person.applicationYear)
            let row = try await CaseEngine.load(type, applicant: person.userID, period: String(due), on: db)
            let label = row.map { type.definition.status.label(for: $0.state, in: type.definition) }
            entries.append(Entry(stage: stage, availability: GrassrootsYearRules.availability(of: stage, applicationYear: person.applicationYear, year: year, records: records),
                                 row: row, statusLabel: label, dueYear: due))
        }
        return entries
    }

    @Sendable
    func home(req: Request) async throws -> Response {
        guard let user = req.currentUser else { return req.seeOther("/login?next=/grassroots") }
        if user.role != .grassrootsApplicant, !user.has(.grassrootsApplicant) { return req.seeOther("/grassroots/join") }
        let (_, person) = try await Self.applicant(req)
        let entries = try await Self.entries(person, now: req.now, on: req.db)
        // Each entry's window is its business's window of the entry's own year (the first
        // confirmation and its 复核 share a business, a year apart).
        var windows: [GrassrootsStage: TimeWindow] = [:]
        for entry in entries {
            if let window = try await TimeWindows.window(GrassrootsYearRules.business(of: entry.stage), owner: .init(kind: .school, id: String(person.schoolID)),
                                                         year: entry.dueYear, on: req.db) {
                windows[entry.stage] = window
            }
        }
        let award = try await GrassrootsStore.award(person.userID, on: req.db)
        return req.render(GrassrootsPages.Home(context: req.pageContext("基层就业资助申请", breadcrumb: [Crumb("基层就业资助申请")], current: "/grassroots"), person: person, entries: entries,
                                               windows: windows, now: req.now, award: award))
    }

    @Sendable
    func records(req: Request) async throws -> Response {
        let (user, person) = try await Self.applicant(req)
        var rows: [GrassrootsPages.RecordRow] = []
        for stage in GrassrootsCaseTypes.stages {
            let type = GrassrootsCaseTypes.type(stage)
            for found in try await req.db.sql.raw("SELECT \(ident: "id") FROM \(ident: type.table) WHERE applicant_id = \(bind: person.userID) ORDER BY id").all() {
                guard let row = try await CaseEngine.load(type, id: try found.decode(column: "id", as: Int64.self), on: req.db) else { continue }
                rows.append(.init(stage: stage, row: row, statusLabel: type.definition.status.label(for: row.state, in: type.definition),
                                  history: try await CaseEngine.history(type, id: row.id, on: req.db)))
            }
        }
        return req.render(GrassrootsPages.Records(context: req.pageContext("申请记录", breadcrumb: [Crumb("申请记录")], current: "/grassroots/records"), rows: rows, csrfToken: user.csrfToken))
    }

    // MARK: - 维护银行卡信息 (seed 000 §5: at any time)

    @Sendable
    func bankPage(req: Request) async throws -> Response {
        let (user, person) = try await Self.applicant(req)
        return req.render(GrassrootsPages.Bank(context: req.pageContext("维护银行卡信息", breadcrumb: [Crumb("维护银行卡信息")], current: "/grassroots/bank"), person: person,
                                               values: ["bank": person.bankName ?? ""], errors: [:], warning: nil, csrfToken: user.csrfToken))
    }

    @Sendable
    func saveBank(req: Request) async throws -> Response {
        let (user, person) = try await Self.applicant(req)
        let form = FormFields(req)
        let values = ["bank": form.value("bank"), "card": form.value("card")]
        switch BankCard.check(number: values["card"] ?? "", bank: values["bank"] ?? "") {
        case .failure(let problems):
            var errors: [String: String] = [:]
            if let bank = problems.bank { errors["bank"] = bank.message }
            if let number = problems.number { errors["card"] = number.message }
            return req.render(GrassrootsPages.Bank(context: req.pageContext("维护银行卡信息", breadcrumb: [Crumb("维护银行卡信息")], current: "/grassroots/bank"), person: person, values: values,
                                                   errors: errors, warning: nil, csrfToken: user.csrfToken), status: .unprocessableEntity)
        case .success(let card):
            let keys = req.keys
            let now = req.now
            try await req.db.writeTransaction { db in
                try await db.sql.update("aid_people").set("bank_name", to: SQLBind(card.bank)).set("card_cipher", to: SQLBind(keys.encrypt(card.number)))
                    .set("card_last4", to: SQLBind(String(card.number.suffix(4)))).set("card_changed_at", to: SQLBind(now))
                    .where("user_id", .equal, SQLBind(person.userID)).run()
                try await req.audit(.grassrootsBank, target: .grassrootsPerson, id: person.userID, changes: [
                    .init("bank", before: person.bankName, after: card.bank),
                    .init("card", before: person.cardLast4.map { "尾号\($0)" }, after: "尾号\(card.number.suffix(4))"),
                ], on: db)
            }
            let message = card.luhnWarning ? "银行卡信息已保存。\(BankCard.luhnWarning)" : "银行卡信息已保存。"
            return req.seeOther("/grassroots/bank", flash: Flash(card.luhnWarning ? .warning : .success, message))
        }
    }

    // MARK: - 同步资助信息库信息 (seed 000 §6, 图 2-13)

    /// Takes the basic data (姓名, 学号, 专业, 学历, 毕业年份) again from the school's registry row
    /// the student registered by: a correction the school imported since reaches the form. 校区,
    /// 学院 and the bank card are the student's own and stay as they are.
    @Sendable
    func sync(req: Request) async throws -> Response {
        let (_, person) = try await Self.applicant(req)
        let next = FormFields(req).value("next")
        let back = next.hasPrefix("/grassroots") && !next.hasPrefix("//") && next.count < 200 ? next : "/grassroots"
        guard let hash = person.idNumberHash else { return req.seeOther(back, flash: Flash(.error, "账号没有证件号码，无法同步。")) }
        let rows = try await GrassrootsStore.registry(school: person.schoolID, idHash: hash, on: req.db)
        guard let entry = rows.first(where: { $0.id == person.registryID }) ?? RegistrationController.entry(rows, basis: person.basis) else {
            return req.seeOther(back, flash: Flash(.error, "资助信息库中已没有你的记录，请联系学校资助工作人员。"))
        }
        try await req.db.writeTransaction { db in
            try await db.sql.update("aid_people").set("registry_id", to: SQLBind(entry.id)).set("student_no", to: SQLBind(entry.studentNo))
                .set("major", to: SQLBind(entry.major)).set("level", to: SQLBind(entry.level.rawValue)).set("stage", to: SQLBind(entry.level.stage.rawValue))
                .set("graduation_year", to: SQLBind(entry.graduationYear)).where("user_id", .equal, SQLBind(person.userID)).run()
            if entry.name != person.name {
                try await db.sql.update("users").set("display_name", to: SQLBind(entry.name)).where("id", .equal, SQLBind(person.userID)).run()
            }
            try await req.audit(.grassrootsSync, target: .grassrootsPerson, id: person.userID, changes: [
                .init("student_no", before: person.studentNo, after: entry.studentNo), .init("major", before: person.major, after: entry.major),
                .init("level", before: person.level.rawValue, after: entry.level.rawValue),
            ], on: db)
        }
        return req.seeOther(back, flash: Flash(.success, "已同步资助信息库信息。"))
    }

    // MARK: - 变更个人信息 (seed 000 §4): 校区 and 学院 of the same school

    func colleges(_ req: Request, school: Int64) async throws -> [SelectOption] {
        try await req.db.sql.raw("""
            SELECT c.id, c.name, cp.name AS campus FROM colleges c LEFT JOIN campuses cp ON cp.id = c.campus_id
            WHERE c.school_id = \(bind: school) ORDER BY c.code
            """).all().map {
            let campus = try $0.decode(column: "campus", as: String?.self)
            let name = try $0.decode(column: "name", as: String.self)
            return SelectOption(String(try $0.decode(column: "id", as: Int64.self)), campus.map { "\(name)（\($0)）" } ?? name)
        }
    }

    func campuses(_ req: Request, school: Int64) async throws -> [SelectOption] {
        try await req.db.sql.raw("SELECT id, name FROM campuses WHERE school_id = \(bind: school) ORDER BY id").all()
            .map { SelectOption(String(try $0.decode(column: "id", as: Int64.self)), try $0.decode(column: "name", as: String.self)) }
    }

    @Sendable
    func profilePage(req: Request) async throws -> Response {
        let (user, person) = try await Self.applicant(req)
        return req.render(GrassrootsPages.Profile(context: req.pageContext("变更个人信息", breadcrumb: [Crumb("变更个人信息")], current: "/grassroots/profile"), person: person,
                                                  campuses: try await campuses(req, school: person.schoolID), colleges: try await colleges(req, school: person.schoolID),
                                                  errors: [:], csrfToken: user.csrfToken))
    }

    @Sendable
    func saveProfile(req: Request) async throws -> Response {
        let (user, person) = try await Self.applicant(req)
        let form = FormFields(req)
        let campuses = try await campuses(req, school: person.schoolID)
        let colleges = try await colleges(req, school: person.schoolID)
        var errors: [String: String] = [:]
        let college = RequestNumber.id(form.value("college")).flatMap { id in colleges.contains { $0.value == String(id) } ? id : nil }
        if college == nil { errors["college"] = "请选择本校的学院。" }
        let campusText = form.value("campus")
        let campus = campusText.isEmpty ? nil : RequestNumber.id(campusText).flatMap { id in campuses.contains { $0.value == String(id) } ? id : nil }
        if !campusText.isEmpty, campus == nil { errors["campus"] = "请选择本校的校区。" }
        guard errors.isEmpty, let college else {
            return req.render(GrassrootsPages.Profile(context: req.pageContext("变更个人信息", breadcrumb: [Crumb("变更个人信息")], current: "/grassroots/profile"), person: person,
                                                      campuses: campuses, colleges: colleges, errors: errors, csrfToken: user.csrfToken), status: .unprocessableEntity)
        }
        try await req.db.writeTransaction { db in
            try await db.sql.update("aid_people").set("college_id", to: SQLBind(college)).set("campus_id", to: SQLBind(campus))
                .where("user_id", .equal, SQLBind(person.userID)).run()
            try await req.audit(.grassrootsProfile, target: .grassrootsPerson, id: person.userID, changes: [
                .init("college", before: String(person.collegeID), after: String(college)),
                .init("campus", before: person.campusID.map(String.init), after: campus.map(String.init)),
            ], on: db)
        }
        return req.seeOther("/grassroots", flash: Flash(.success, "个人信息已变更。已提交的申请仍由原学院审核，以后的申请由新学院审核。"))
    }
}
