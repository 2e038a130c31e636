@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 去向落实统计 (issue 17 item 8, C15): counters moved with each case, the rate with and without
/// unconfirmed 代录, scope, definitions and export.
final class StatisticsFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await Demo.openWindow(app, .destination)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func tally() async throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        for row in try await app.db.sql.raw("SELECT category, confirmation, CAST(SUM(n) AS BIGINT) AS n FROM destination_tallies GROUP BY category, confirmation").all() {
            found["\(try row.decode(column: "category", as: String.self))/\(try row.decode(column: "confirmation", as: String.self))"] = try row.decode(column: "n", as: Int64.self)
        }
        return found.filter { $0.value != 0 }
    }

    func testCountersFollowTheCaseAndThePageShowsTheRates() async throws {
        // 张明 registers 801 and it passes both reviews: one confirmed 升学.
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let sent = try await student.submit("/destination", from: "/destination",
                                            form: [("action", "submit"), ("category", "801"), ("unit_name", "重庆大学"), ("school_code", "10611")])
        XCTAssertEqual(sent.status, .seeOther)
        let v1 = try await tally()
        XCTAssertEqual(v1, [:], "nothing counts before approval")
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let row = try await CaseEngine.load(CaseType.destination, applicant: id, period: "2025", on: app.db)!
        for user in ["counselor", "school"] {
            let reviewer = try await loggedIn(user)
            let fresh = try await CaseEngine.load(CaseType.destination, id: row.id, on: app.db)!
            _ = try await reviewer.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve"), ("lock", String(fresh.lock))])
        }
        let v2 = try await tally()
        XCTAssertEqual(v2, ["801/confirmed": 1])

        // The school enters another graduate's destination: approved, but unconfirmed until the graduate confirms.
        let other = try await app.db.sql.raw("""
            SELECT u.student_no FROM users u JOIN students st ON st.user_id = u.id JOIN classes cl ON cl.id = st.class_id
            WHERE cl.name = '计科2101' AND u.student_no <> \(bind: DemoSeed.demoStudentNo) ORDER BY u.id LIMIT 1
            """).first()!.decode(column: "student_no", as: String.self)
        let school = try await loggedIn("school")
        let entered = try await school.submit("/destination/enter", from: "/destination/enter?student=\(other)",
                                              form: [("student", other), ("category", "11"), ("unit_name", "重庆示范科技有限公司"), ("unit_location", "重庆市沙坪坝区"),
                                                     ("position", "13")] + CaseEngineTests.unitFields)
        XCTAssertEqual(entered.status, .seeOther)
        let v3 = try await tally()
        XCTAssertEqual(v3, ["801/confirmed": 1, "11/unconfirmed": 1])

        let page = try await school.get("/statistics/destination?cohort=2025")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("去向落实率（已确认）") && page.body.contains("去向落实率（含未确认）"))
        XCTAssertTrue(page.body.contains("<svg"), "a server-rendered chart")
        XCTAssertTrue(page.body.contains("统计口径") && page.body.contains("结业生"), "the definitions are on the page")
        let graduates = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM students WHERE cohort = 2025").first()!.decode(column: "n", as: Int.self)
        let confirmed = DestinationRate.text(DestinationRate.basisPoints(1, of: graduates))
        let including = DestinationRate.text(DestinationRate.basisPoints(2, of: graduates))
        XCTAssertTrue(page.body.contains(confirmed) && page.body.contains(including), "\(confirmed) / \(including)")

        // The counselor sees the class; a college admin of another college sees no graduates of it.
        let counselor = try await loggedIn("counselor")
        let classPage = try await counselor.get("/statistics/destination?cohort=2025")
        XCTAssertTrue(classPage.body.contains("计科2101"))
        try await Demo.otherCollegeAdmin(app, username: "stats_other")
        let outside = try await loggedIn("stats_other")
        let theirs = try await outside.get("/statistics/destination?cohort=2025")
        XCTAssertFalse(theirs.body.contains("计算机科学与技术"), "another college's majors are not listed")
        XCTAssertFalse(theirs.body.contains(including), "nor counted")

        // Export, audited; a graduate has no statistics.
        let csv = try await school.get("/statistics/destination/export?cohort=2025&format=csv")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.body.contains("计算机学院") && csv.body.contains("合计"))
        let audits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.statistics'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 1)
        let v4 = try await student.get("/statistics/destination")
        XCTAssertEqual(v4.status, .notFound)
    }
}
