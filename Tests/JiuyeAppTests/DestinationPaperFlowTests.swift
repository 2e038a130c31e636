@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 纸质材料接收 (C21): the school records on the reviewer page when the paper copy of a 毕业去向登记
/// came in and who received it; counselors read it; nobody else writes it; each record is audited.
final class DestinationPaperFlowTests: XCTestCase {
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

    /// 张明's registration, submitted.
    func submitted() async throws -> Int64 {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let sent = try await student.submit("/destination", from: "/destination", form: [("action", "submit"), ("category", "11"), ("unit_name", "重庆示范科技有限公司"),
                                                                                       ("unit_location", "重庆市沙坪坝区"), ("position", "13")] + CaseEngineTests.unitFields)
        XCTAssertEqual(sent.status, .seeOther)
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        return try await CaseEngine.load(CaseType.destination, applicant: id, period: "2025", on: app.db)!.id
    }

    func testTheSchoolRecordsThePaperCopyAndCounselorsReadIt() async throws {
        let caseID = try await submitted()
        let school = try await loggedIn("school")
        let page = try await school.get("/review/destination/\(caseID)")
        XCTAssertTrue(page.body.contains("纸质材料接收") && page.body.contains("尚未登记收到"), page.body)
        XCTAssertTrue(page.body.contains("action=\"/destination/paper/\(caseID)\""))

        // A date after today is refused with a Chinese message, and nothing is stored.
        let future = try await school.submit("/destination/paper/\(caseID)", from: "/review/destination/\(caseID)", form: [("received_on", "2999-01-01")])
        XCTAssertEqual(future.status, .unprocessableEntity)
        XCTAssertTrue(future.body.contains("接收日期应为不晚于今天的日期"), future.body)
        let none = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM destination_paper").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(none, 0)

        let done = try await school.submit("/destination/paper/\(caseID)", from: "/review/destination/\(caseID)", form: [("received_on", "2025-06-20")])
        XCTAssertEqual(done.status, .seeOther)
        let after = try await school.get("/review/destination/\(caseID)")
        XCTAssertTrue(after.body.contains("2025-06-20") && after.body.contains("接收人") && after.body.contains("更正接收日期"), after.body)
        let audited = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'destination.paper'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audited, 1)

        // A correction replaces the record (one row per case) and is audited too.
        let corrected = try await school.submit("/destination/paper/\(caseID)", from: "/review/destination/\(caseID)", form: [("received_on", "2025-06-21")])
        XCTAssertEqual(corrected.status, .seeOther)
        let rows = try await app.db.sql.raw("SELECT received_on FROM destination_paper WHERE case_id = \(bind: caseID)").all()
        XCTAssertEqual(try rows.map { try $0.decode(column: "received_on", as: String.self) }, ["2025-06-21"])

        // The counselor of the class reads it and has no form; a crafted POST is refused.
        let counselor = try await loggedIn("counselor")
        let read = try await counselor.get("/review/destination/\(caseID)")
        XCTAssertTrue(read.body.contains("2025-06-21") && !read.body.contains("action=\"/destination/paper/"), read.body)
        let refused = try await counselor.submit("/destination/paper/\(caseID)", from: "/review/destination/\(caseID)", form: [("received_on", "2025-06-22")])
        XCTAssertEqual(refused.status, .forbidden)
        let kept = try await app.db.sql.raw("SELECT received_on FROM destination_paper WHERE case_id = \(bind: caseID)").first()!.decode(column: "received_on", as: String.self)
        XCTAssertEqual(kept, "2025-06-21")
    }

    func testTheGraduateCannotRecordIt() async throws {
        let caseID = try await submitted()
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let refused = try await student.submit("/destination/paper/\(caseID)", from: "/destination", form: [("received_on", "2025-06-22")])
        XCTAssertEqual(refused.status, .forbidden)
        let none = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM destination_paper").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(none, 0)
    }
}
