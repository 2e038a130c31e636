import Fluent
import Foundation
@testable import JiuyeApp
@testable import JiuyeDomain
@testable import JiuyePlatform
import SQLKit
import Vapor
import XCTest
import XCTVapor

/// A case type that knows nothing of students: people registered in a county, cases scoped by
/// city, county and unit, windows set by the county, a rule read from the applicant's own row,
/// a submission check, a city-wide batch step, and a dispute that goes to the county's HR bureau.
/// It lives in its own tables (made here through the schema builder, as a module's migration
/// would) so the engine, the reviewer screen, the counters, batches and notifications are shown
/// to work from the type's declaration alone.
enum CountyCase {
    static let definition = ProcessDefinition(
        id: "county-test", name: "区县补贴测试",
        steps: [
            StepDefinition(id: "apply", label: "个人申请", kind: .submission, actor: .applicant,
                           guards: [.windowOpen(.livingSubsidy), .rule(DomainRule(id: "county-test.works-here", label: "在本区县工作"))]),
            StepDefinition(id: "county-review", label: "县区人社局审核", actor: .staff([RoleLevel(.countyHR, by: .county)]),
                           onReject: .returnTo("county-review")),
            StepDefinition(id: "city-summary", label: "市人社局汇总", actor: .staff([RoleLevel(.cityHR, by: .city)]), mode: .batch,
                           onReject: .returnTo("county-review"), approveLabel: "汇总上报"),
        ],
        status: StatusView(name: "审核状态", draft: "未提交", atStep: ["county-review": "待区县审核", "city-summary": "待市级汇总"],
                           returned: "已退回", rejected: "审核不通过", approved: "已通过"),
        personalConfirmation: true, disputeQueue: .countyHR)

    static let type: CaseType = {
        var type = CaseType(
            key: "county-test", table: "county_test_cases", definition: definition,
            fields: [.init("unit_name", "工作单位"), .init("amount", "补贴金额")], business: .livingSubsidy, display: { $0 },
            batchTotals: ["amount"],
            applicants: ApplicantSource(table: "county_test_people", userColumn: "user_id",
                                        scopeColumns: [.city: "city_code", .county: "county_code", .unit: "unit_id"], periodColumn: "year"),
            scope: CaseScope(columns: [.city: "city_code", .county: "county_code", .unit: "unit_id"],
                             counted: [.city, .county], windowOwner: (.county, .county), shown: [.county, .unit]))
        type.rules = { row, _, db in
            let works = try await db.sql.select().column("works_here").from("county_test_people")
                .where("user_id", .equal, SQLBind(row.applicant_id)).first()?.decode(column: "works_here", as: Bool.self) ?? false
            return ["county-test.works-here": works ? .holds : .violated("申请人不在本区县工作，不能申请。")]
        }
        type.validate = { data in Money.parse(data["amount"]) == nil ? "请填写补贴金额。" : nil }
        return type
    }()

    static let shapingba = "500106", jiulongpo = "500107", chongqing = "500100"
    static let jinjiang = "510104", chengdu = "510100"
}

/// Fixtures for `CountyCase`: its tables, people, staff, windows and submitted cases, built
/// through the platform's own calls (accounts, assignments, windows, the engine).
struct CountyFixture {
    let app: Application

    func createTables() async throws {
        try await app.db.schema("county_test_people")
            .field("user_id", .int64, .required, .references("users", "id"))
            .field("city_code", .string, .required)
            .field("county_code", .string, .required)
            .field("unit_id", .int64)
            .field("year", .int, .required)
            .field("works_here", .bool, .required)
            .create()
        try await app.db.schema("county_test_cases")
            .caseCoreColumns()
            .field("city_code", .string, .required)
            .field("county_code", .string, .required)
            .field("unit_id", .int64)
            .create()
        app.caseTypes.register(CountyCase.type)
    }

    /// A unit registered in `county`.
    func unit(_ name: String, county: String) async throws -> Int64 {
        try await app.db.sql.insert(into: "units").columns("name", "credit_code", "county_code", "status", "created_at")
            .values(SQLBind(name), SQLBind("91500106" + String(format: "%010d", abs(name.hashValue) % 1_000_000_000)), SQLBind(county), SQLBind("approved"), SQLBind(Int64(1)))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
    }

    /// A person who may apply, registered in `county` of `city`.
    func person(_ name: String, county: String, city: String, unit: Int64? = nil, worksHere: Bool = true, year: Int = 2026) async throws -> Int64 {
        let hash = try await app.passwords.hash(Demo.password)
        let id = try await AccountQueries.create(.init(username: "p_\(UUID().uuidString.prefix(8).lowercased())", displayName: name, passwordHash: hash),
                                                 keys: app.keys, now: app.clock.now(), on: app.db)
        try await app.db.sql.insert(into: "county_test_people").columns("user_id", "city_code", "county_code", "unit_id", "year", "works_here")
            .values(SQLBind(id), SQLBind(city), SQLBind(county), SQLBind(unit), SQLBind(year), SQLBind(worksHere)).run()
        return id
    }

    /// A staff account holding `role` over `scope`; `active: false` disables it.
    func staff(_ username: String, _ role: Role, _ scope: [ScopeDimension: Set<String>], active: Bool = true) async throws -> Int64 {
        let hash = try await app.passwords.hash(Demo.password)
        let id = try await AccountQueries.create(.init(username: username, displayName: username, passwordHash: hash), keys: app.keys, now: app.clock.now(), on: app.db)
        _ = try await AccountQueries.addAssignment(userID: id, role: role, scope: scope, createdBy: nil, now: app.clock.now(), on: app.db)
        if !active { try await app.db.sql.update("users").set("is_active", to: SQLBind(false)).where("id", .equal, SQLBind(id)).run() }
        return id
    }

    /// The county's 生活补贴申报 window for 2026, open now.
    func openWindow(county: String) async throws {
        let now = app.clock.now()
        _ = try await TimeWindows.set(.livingSubsidy, owner: .init(kind: .county, id: county), year: 2026,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 0, now: now, on: app.db)
    }

    func acting(_ actor: CaseActor, user: CurrentUser? = nil) -> CaseEngine.Acting {
        CaseEngine.Acting(user: user, actor: actor, ip: nil, now: app.clock.now(), keys: app.keys, app: app, db: app.db)
    }

    /// The person's case, created from the applicant source.
    func draft(_ person: Int64) async throws -> CaseRow {
        try await CaseEngine.create(CountyCase.type, applicant: person, period: "2026", now: app.clock.now(), on: app.db)
    }

    /// The person's case, submitted with `amount`.
    @discardableResult
    func submitted(_ person: Int64, amount: String = "1000.00") async throws -> CaseRow {
        let row = try await draft(person)
        let outcome = try await CaseEngine.act(CountyCase.type, row: row, action: .submit, data: ["unit_name": "测试单位", "amount": amount], acting: acting(.applicant))
        guard case .done = outcome else { throw Abort(.internalServerError, reason: "submit: \(outcome)") }
        return try await CaseEngine.load(CountyCase.type, id: row.id, on: app.db)!
    }

    /// Moves a submitted case past the county's review (as the county HR bureau).
    func approvedByCounty(_ row: CaseRow) async throws -> CaseRow {
        let outcome = try await CaseEngine.act(CountyCase.type, row: row, action: .approve(remark: nil), acting: acting(.staff(.countyHR)))
        guard case .done = outcome else { throw Abort(.internalServerError, reason: "approve: \(outcome)") }
        return try await CaseEngine.load(CountyCase.type, id: row.id, on: app.db)!
    }
}

final class CountyCaseTypeTests: XCTestCase {
    var app: Application!
    var fixture: CountyFixture!
    let type = CountyCase.type

    override func setUp() async throws {
        app = try await TestApp.make()
        fixture = CountyFixture(app: app)
        try await fixture.createTables()
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ username: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(username, Demo.password)
        XCTAssertEqual(page.status, .seeOther, username)
        return browser
    }

    // MARK: - Engine

    func testACaseTakesItsScopeFromTheApplicantSourceAndItsWindowFromTheCounty() async throws {
        let unit = try await fixture.unit("沙坪坝测试单位", county: CountyCase.shapingba)
        let person = try await fixture.person("李一", county: CountyCase.shapingba, city: CountyCase.chongqing, unit: unit)
        let row = try await fixture.draft(person)
        XCTAssertEqual(row.scope, [.city: CountyCase.chongqing, .county: CountyCase.shapingba, .unit: String(unit)])
        XCTAssertNil(row.student_no, "this type keeps no 学号")
        let again = try await fixture.draft(person)
        XCTAssertEqual(again.id, row.id, "one case per person and period")

        // The county has set no window: the submission is refused with the business's name.
        let data = ["unit_name": "测试单位", "amount": "1000.00"]
        let closed = try await CaseEngine.act(type, row: row, action: .submit, data: data, acting: fixture.acting(.applicant))
        guard case .refused(let refusal) = closed else { return XCTFail("\(closed)") }
        XCTAssertEqual(refusal.kind, .guardClosed)
        XCTAssertTrue(refusal.message.contains("生活补贴申报"), refusal.message)

        // Another county's window does not open this one's.
        try await fixture.openWindow(county: CountyCase.jiulongpo)
        guard case .refused = try await CaseEngine.act(type, row: row, action: .submit, data: data, acting: fixture.acting(.applicant)) else {
            return XCTFail("a window of 九龙坡区 opened a case of 沙坪坝区")
        }
        try await fixture.openWindow(county: CountyCase.shapingba)

        // The engine checks the submission itself, whoever calls it.
        let incomplete = try await CaseEngine.act(type, row: row, action: .submit, data: ["unit_name": "测试单位"], acting: fixture.acting(.applicant))
        guard case .refused(let invalid) = incomplete else { return XCTFail("\(incomplete)") }
        XCTAssertEqual(invalid.kind, .invalid)
        XCTAssertEqual(invalid.message, "请填写补贴金额。")
        let unmoved = try await CaseEngine.load(type, id: row.id, on: app.db)
        XCTAssertEqual(unmoved?.status_key, "draft", "nothing moved")

        let done = try await CaseEngine.act(type, row: row, action: .submit, data: data, acting: fixture.acting(.applicant))
        guard case .done = done else { return XCTFail("\(done)") }
        let submitted = try await CaseEngine.load(type, id: row.id, on: app.db)!
        XCTAssertEqual(submitted.status_key, "step:county-review")

        // The counters are kept by the type's own dimensions (city, county).
        let counts = try await CaseCounts.counts(type, within: [.county: [CountyCase.shapingba]], on: app.db)
        XCTAssertEqual(counts["step:county-review"], 1)
        XCTAssertEqual(counts["draft"] ?? 0, 0)
        let elsewhere = try await CaseCounts.counts(type, within: [.county: [CountyCase.jiulongpo]], on: app.db)
        XCTAssertTrue(elsewhere.values.allSatisfy { $0 == 0 }, "\(elsewhere)")
    }

    func testTheTypesRuleIsAGuard() async throws {
        try await fixture.openWindow(county: CountyCase.shapingba)
        let person = try await fixture.person("王二", county: CountyCase.shapingba, city: CountyCase.chongqing, worksHere: false)
        let row = try await fixture.draft(person)
        let outcome = try await CaseEngine.act(type, row: row, action: .submit, data: ["unit_name": "测试单位", "amount": "800"], acting: fixture.acting(.applicant))
        guard case .refused(let refusal) = outcome else { return XCTFail("\(outcome)") }
        XCTAssertEqual(refusal.kind, .guardClosed)
        XCTAssertEqual(refusal.message, "申请人不在本区县工作，不能申请。")
    }

    func testStaffActOnlyOnCasesOfTheirCounty() async throws {
        try await fixture.openWindow(county: CountyCase.shapingba)
        let person = try await fixture.person("张三", county: CountyCase.shapingba, city: CountyCase.chongqing)
        let row = try await fixture.submitted(person)
        let mine = try await fixture.staff("hr_spb", .countyHR, [.county: [CountyCase.shapingba]])
        let other = try await fixture.staff("hr_jlp", .countyHR, [.county: [CountyCase.jiulongpo]])
        let insider = try await CurrentUserLookup.user(app, id: mine)
        let outsider = try await CurrentUserLookup.user(app, id: other)
        XCTAssertTrue(CaseEngine.canSee(insider, row: row))
        XCTAssertFalse(CaseEngine.canSee(outsider, row: row))
        let refused = try await CaseEngine.act(type, row: row, action: .approve(remark: nil),
                                               acting: fixture.acting(CaseEngine.actor(for: outsider, row: row), user: outsider))
        guard case .refused(let refusal) = refused else { return XCTFail("\(refused)") }
        XCTAssertEqual(refusal.kind, .outOfScope)
        let done = try await CaseEngine.act(type, row: row, action: .approve(remark: nil),
                                            acting: fixture.acting(CaseEngine.actor(for: insider, row: row), user: insider))
        guard case .done = done else { return XCTFail("\(done)") }
    }

    // MARK: - Reviewer screen

    func testTheReviewListShowsTheCountysCasesWithTheirCountsAndNames() async throws {
        try await fixture.openWindow(county: CountyCase.shapingba)
        try await fixture.openWindow(county: CountyCase.jiulongpo)
        let unit = try await fixture.unit("沙坪坝青禾工作室", county: CountyCase.shapingba)
        for name in ["赵甲", "赵乙"] {
            try await fixture.submitted(try await fixture.person(name, county: CountyCase.shapingba, city: CountyCase.chongqing, unit: unit))
        }
        let waiting = try await fixture.person("赵丙", county: CountyCase.shapingba, city: CountyCase.chongqing)
        _ = try await fixture.draft(waiting)
        _ = try await fixture.person("赵丁", county: CountyCase.shapingba, city: CountyCase.chongqing)
        let away = try await fixture.submitted(try await fixture.person("钱甲", county: CountyCase.jiulongpo, city: CountyCase.chongqing))
        _ = try await fixture.staff("hr_spb", .countyHR, [.county: [CountyCase.shapingba]])

        let hr = try await loggedIn("hr_spb")
        let list = try await hr.get("/review/county-test")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("赵甲") && list.body.contains("赵乙"))
        XCTAssertFalse(list.body.contains("钱甲"), "another county's case")
        XCTAssertTrue(list.body.contains("待区县审核 2"), "counts of this county only")
        XCTAssertTrue(list.body.contains("沙坪坝区"), "the county by its name")
        XCTAssertTrue(list.body.contains("沙坪坝青禾工作室"), "the unit by its name")
        XCTAssertFalse(list.body.contains("学号"), "no student columns on a type without them")
        XCTAssertFalse(list.body.contains("name=\"college\""), "no 院系 filter on a type without colleges")
        // 未提交: one draft and one who has not started.
        XCTAssertTrue(list.body.contains("未提交 2"), list.body)
        let notStarted = try await hr.get("/review/county-test?status=" + Browser.encode("未提交"))
        XCTAssertTrue(notStarted.body.contains("赵丁"))
        XCTAssertTrue(notStarted.body.contains("尚未开始填报（1 人）"))
        // Another county's case is not found, in the list's words or by id.
        let hidden = try await hr.get("/review/county-test/\(away.id)")
        XCTAssertEqual(hidden.status, .notFound)
        let keyword = try await hr.get("/review/county-test?status=&q=" + Browser.encode("钱"))
        XCTAssertFalse(keyword.body.contains("钱甲"))

        // The export holds the same cases, with the same names.
        let export = try await hr.get("/review/county-test/export?format=csv&status=")
        XCTAssertEqual(export.status, .ok)
        XCTAssertTrue(export.body.contains("赵甲") && export.body.contains("沙坪坝区"))
        XCTAssertFalse(export.body.contains("钱甲"))
    }

    func testACityOfficerSeesTheWholeCityAndNothingElse() async throws {
        for county in [CountyCase.shapingba, CountyCase.jiulongpo, CountyCase.jinjiang] { try await fixture.openWindow(county: county) }
        let a = try await fixture.approvedByCounty(try await fixture.submitted(try await fixture.person("孙甲", county: CountyCase.shapingba, city: CountyCase.chongqing)))
        _ = try await fixture.approvedByCounty(try await fixture.submitted(try await fixture.person("孙乙", county: CountyCase.jiulongpo, city: CountyCase.chongqing)))
        _ = try await fixture.approvedByCounty(try await fixture.submitted(try await fixture.person("周甲", county: CountyCase.jinjiang, city: CountyCase.chengdu)))
        XCTAssertEqual(a.status_key, "step:city-summary")
        _ = try await fixture.staff("city_cq", .cityHR, [.city: [CountyCase.chongqing]])
        let city = try await loggedIn("city_cq")
        let list = try await city.get("/review/county-test")
        XCTAssertTrue(list.body.contains("孙甲") && list.body.contains("孙乙"))
        XCTAssertFalse(list.body.contains("周甲"), "成都's case")
        XCTAssertTrue(list.body.contains("待市级汇总 2"), list.body)
    }

    // MARK: - Batches

    func testACityWideBatchMovesEveryCaseWithOneWindowQuery() async throws {
        let counties = [CountyCase.shapingba, CountyCase.jiulongpo, "500108"]
        for county in counties { try await fixture.openWindow(county: county) }
        var rows: [CaseRow] = []
        for index in 0..<30 {
            let person = try await fixture.person("批\(index)", county: counties[index % 3], city: CountyCase.chongqing)
            rows.append(try await fixture.approvedByCounty(try await fixture.submitted(person, amount: "1000.50")))
        }
        // The contexts read in one pass equal those read case by case (windows open for all three counties).
        let now = app.clock.now()
        let together = try await CaseEngine.guardContexts(type, rows: rows, now: now, on: app.db)
        for (row, context) in zip(rows, together) {
            let alone = try await CaseEngine.guardContext(type, row: row, now: now, on: app.db)
            XCTAssertEqual(context.windows, alone.windows)
            XCTAssertEqual(context.rules, alone.rules)
        }
        // A county with no window reads as not set in both.
        let stranger = try await fixture.person("无窗口", county: CountyCase.jinjiang, city: CountyCase.chengdu)
        let draft = try await fixture.draft(stranger)
        let mixed = try await CaseEngine.guardContexts(type, rows: [rows[0], draft], now: now, on: app.db)
        XCTAssertEqual(mixed[1].windows[.livingSubsidy], WindowState(nil, now: now))
        XCTAssertNotEqual(mixed[0].windows[.livingSubsidy], mixed[1].windows[.livingSubsidy])

        let officer = try await CurrentUserLookup.user(app, id: try await fixture.staff("city_cq", .cityHR, [.city: [CountyCase.chongqing]]))
        let acting = fixture.acting(.staff(.cityHR), user: officer)
        guard case .success(let number) = try await CaseBatches.form(type, rows: rows, acting: acting) else { return XCTFail("batch") }
        let members = try await CaseBatches.rows(type, number: number, on: app.db)
        XCTAssertEqual(members.count, 30)
        // The batch page and its 汇总表 show the type's own columns and the total.
        let city = try await loggedIn("city_cq")
        let page = try await city.get("/review/county-test/batches/\(number)")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("区县") && page.body.contains("九龙坡区"))
        XCTAssertTrue(page.body.contains("30,015.00") || page.body.contains("30015.00"), "the 补贴金额 total")
        let outcome = try await CaseEngine.actAll(type, rows: members, action: .approve(remark: "汇总上报"), acting: acting)
        guard case .done(30) = outcome else { return XCTFail("\(outcome)") }
        let counts = try await CaseCounts.counts(type, within: [.city: [CountyCase.chongqing]], on: app.db)
        XCTAssertEqual(counts["approved"], 30)
        XCTAssertEqual(counts["step:city-summary"] ?? 0, 0)

    }

    // MARK: - Notifications

    func testADisputeReachesTheHRBureauOfTheCasesCountyOnly() async throws {
        try await fixture.openWindow(county: CountyCase.shapingba)
        let row = try await fixture.submitted(try await fixture.person("吴甲", county: CountyCase.shapingba, city: CountyCase.chongqing))
        let mine = try await fixture.staff("hr_spb", .countyHR, [.county: [CountyCase.shapingba]])
        let both = try await fixture.staff("hr_two", .countyHR, [.county: [CountyCase.shapingba, CountyCase.jiulongpo]])
        let other = try await fixture.staff("hr_jlp", .countyHR, [.county: [CountyCase.jiulongpo]])
        let disabled = try await fixture.staff("hr_off", .countyHR, [.county: [CountyCase.shapingba]], active: false)
        let organization = try await fixture.staff("org_spb", .countyOrganization, [.county: [CountyCase.shapingba]])
        let city = try await fixture.staff("city_cq", .cityHR, [.city: [CountyCase.chongqing]])
        let chengdu = try await fixture.staff("city_cd", .cityHR, [.city: [CountyCase.chengdu]])

        let outcome = try await CaseEngine.act(type, row: row, action: .dispute(reason: "金额有误"), smsCodeVerified: true, acting: fixture.acting(.applicant))
        guard case .done = outcome else { return XCTFail("\(outcome)") }
        func tasks(_ user: Int64) async throws -> Int {
            try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: user) AND link = \(bind: "/review/county-test/\(row.id)")")
                .first()!.decode(column: "n", as: Int.self)
        }
        let reached = try await tasks(mine), alsoReached = try await tasks(both)
        XCTAssertEqual(reached, 1)
        XCTAssertEqual(alsoReached, 1)
        for user in [other, disabled, organization, city, chengdu] {
            let count = try await tasks(user)
            XCTAssertEqual(count, 0, "user \(user)")
        }
        // At the city's level, the same rule finds the city's officer only.
        let cityOfficers = try await CaseEngine.recipients(role: .cityHR, scope: row.scope, on: app.db)
        XCTAssertEqual(cityOfficers, [city])
    }
}

/// The session user of a staff account made by `CountyFixture.staff`, as the session middleware
/// builds it: its one assignment active, with the assignment's stored scope.
enum CurrentUserLookup {
    static func user(_ app: Application, id: Int64) async throws -> CurrentUser {
        let assignment = try await app.db.sql.raw("SELECT id, role FROM role_assignments WHERE user_id = \(bind: id)").first()!
        let assignmentID = try assignment.decode(column: "id", as: Int64.self)
        let role = try XCTUnwrap(Role(rawValue: try assignment.decode(column: "role", as: String.self)))
        var values: [ScopeDimension: Set<String>] = [:]
        for row in try await app.db.sql.raw("SELECT dimension, value FROM assignment_scopes WHERE assignment_id = \(bind: assignmentID)").all() {
            let dimension = try XCTUnwrap(ScopeDimension(rawValue: try row.decode(column: "dimension", as: String.self)))
            values[dimension, default: []].insert(try row.decode(column: "value", as: String.self))
        }
        let active = Assignment(id: assignmentID, role: role, scope: Scope(values), values: values)
        return CurrentUser(id: id, username: nil, displayName: "", assignments: [active], active: active,
                           sessionHash: "test", totpEnabled: false, unreadMessages: 0, csrfToken: "")
    }
}

/// Submit validation is the engine's: a caller that skips the form's own check (an import, a
/// job, a controller yet to come) is held to the same rule as the graduate's page.
final class SubmissionGuardTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testTheEngineRefusesAnIncompleteDestinationWhoeverSubmitsIt() async throws {
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let row = try await CaseEngine.create(.destination, applicant: student, period: "2025", now: app.clock.now(), on: app.db)
        let now = app.clock.now()
        _ = try await TimeWindows.set(.destination, owner: .init(kind: .school, id: try XCTUnwrap(row.scope[.school])), year: 2025,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 86_400), by: 0, now: now, on: app.db)
        let acting = CaseEngine.Acting(user: nil, actor: .applicant, ip: nil, now: now, keys: app.keys, app: app, db: app.db)
        let incomplete = try await CaseEngine.act(.destination, row: row, action: .submit, data: ["category": "11"], acting: acting)
        guard case .refused(let refusal) = incomplete else { return XCTFail("\(incomplete)") }
        XCTAssertEqual(refusal.kind, .invalid)
        XCTAssertFalse(refusal.message.isEmpty)
        let saved = try await CaseEngine.act(.destination, row: row, action: .saveDraft, data: ["category": "11"], acting: acting)
        guard case .done = saved else { return XCTFail("a draft may be incomplete: \(saved)") }
        let fresh = try await CaseEngine.load(.destination, id: row.id, on: app.db)!
        let complete = ["category": "11", "unit_name": "重庆示范科技有限公司", "unit_location": "重庆市沙坪坝区", "position": "13"]
        let submitted = try await CaseEngine.act(.destination, row: fresh, action: .submit, data: complete, acting: acting)
        guard case .done = submitted else { return XCTFail("\(submitted)") }
    }
}
