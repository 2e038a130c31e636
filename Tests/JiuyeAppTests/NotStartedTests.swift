@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import SQLKit
import Vapor
import XCTest

/// "Who has not registered": 未提交 counts the graduates of the scope with no case at all, not
/// only drafts, and the 未提交 view names them.
final class NotStartedTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testUnsubmittedCountsGraduatesWithNoCaseAndNamesThem() async throws {
        let counselor = Browser(app)
        try await counselor.login("counselor", DemoSeed.password)
        let classID = try await app.db.sql.raw("SELECT id FROM classes WHERE name = '计科2101'").first()!.decode(column: "id", as: Int64.self)
        let students = try await app.db.sql.raw("""
            SELECT COUNT(*) AS n FROM students WHERE class_id = \(bind: classID) AND cohort = 2025 AND level = '本科'
            """).first()!.decode(column: "n", as: Int.self)
        let cases = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM destination_cases WHERE class_id = \(bind: classID)").first()!.decode(column: "n", as: Int.self)
        let drafts = try await app.db.sql.raw("""
            SELECT COUNT(*) AS n FROM destination_cases WHERE class_id = \(bind: classID) AND status_key = 'draft'
            """).first()!.decode(column: "n", as: Int.self)
        XCTAssertGreaterThan(students - cases, 0, "the demo class has graduates who did nothing")

        let list = try await counselor.get("/review/destination?status=" + "未提交".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("未提交 \(drafts + students - cases)"), "未提交 = drafts + graduates with no case")
        XCTAssertTrue(list.body.contains("尚未开始填报（\(students - cases) 人）"))
        // One of them by name: a graduate of the class without a case.
        let name = try await app.db.sql.raw("""
            SELECT u.display_name FROM students st JOIN users u ON u.id = st.user_id WHERE st.class_id = \(bind: classID)
            AND NOT EXISTS (SELECT 1 FROM destination_cases c WHERE c.applicant_id = st.user_id) ORDER BY u.student_no LIMIT 1
            """).first()!.decode(column: "display_name", as: String.self)
        XCTAssertTrue(list.body.contains(name))

        // The school admin counts the whole school; another college's graduates never reach the counselor.
        let school = Browser(app)
        try await school.login("school", DemoSeed.password)
        let all = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM students").first()!.decode(column: "n", as: Int.self)
        let allCases = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM destination_cases").first()!.decode(column: "n", as: Int.self)
        let schoolList = try await school.get("/review/destination?status=" + "未提交".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        XCTAssertTrue(schoolList.body.contains("尚未开始填报（\(all - allCases) 人）"), "the school's count")
        let other = try await app.db.sql.raw("""
            SELECT u.display_name FROM students st JOIN users u ON u.id = st.user_id JOIN colleges co ON co.id = st.college_id
            WHERE co.name = '经济与管理学院' ORDER BY u.student_no LIMIT 1
            """).first()!.decode(column: "display_name", as: String.self)
        XCTAssertFalse(list.body.contains(other), "nothing of another college on the counselor's list")
    }
}
