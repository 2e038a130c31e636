@testable import JiuyeApp
@testable import JiuyeJobCentre
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 职业测评 over HTTP: unanswered items are named and the answers kept; a complete inventory is
/// scored, kept with its code and shown to its student only; anything but 喜欢/不喜欢 is refused.
final class AssessmentFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func form(liking liked: Set<CareerInterest.Kind>, skipping: Set<Int> = []) -> [(String, String)] {
        CareerInterest.items.filter { !skipping.contains($0.number) }.map { ("q\($0.number)", liked.contains($0.kind) ? "1" : "0") }
    }

    func testTheInventoryIsScoredAndKeptForItsStudent() async throws {
        let visitor = try await Browser(app).get("/assessment")
        XCTAssertTrue(visitor.body.contains("霍兰德") && visitor.body.contains("学生登录后可进行测评"), visitor.body)
        let student = try await Browser.loggedIn(app, DemoSeed.demoStudentNo)
        let page = try await student.get("/assessment/take")
        XCTAssertEqual(page.body.components(separatedBy: "type=\"radio\"").count - 1, 120, "60 items, two choices each")
        let partial = try await student.submit("/assessment", from: "/assessment/take", form: form(liking: [.social], skipping: [2, 59]))
        XCTAssertEqual(partial.status, .unprocessableEntity)
        XCTAssertTrue(partial.body.contains("还有 2 题未作答：第 2、59 题。"), partial.body)
        XCTAssertTrue(partial.body.contains("name=\"q1\" value=\"0\" checked") || partial.body.contains("value=\"0\" checked"), "the answers given stay ticked")
        let forged = try await student.submit("/assessment", from: "/assessment/take", form: form(liking: []).map { $0.0 == "q3" ? ("q3", "99999999999999999999") : $0 })
        XCTAssertEqual(forged.status, .unprocessableEntity, "refused, not trapped")

        let done = try await student.submit("/assessment", from: "/assessment/take", form: form(liking: [.investigative, .artistic, .realistic]))
        XCTAssertEqual(done.status, .seeOther)
        let row = try await app.db.sql.raw("SELECT id, code, scores FROM career_assessments").all()
        XCTAssertEqual(row.count, 1)
        let id = try row[0].decode(column: "id", as: Int64.self)
        let code = try row[0].decode(column: "code", as: String.self)
        let scores = try row[0].decode(column: "scores", as: String.self)
        XCTAssertEqual(code, "RIA")
        XCTAssertEqual(scores, "R10 I10 A10 S0 E0 C0")
        let result = try await student.get("/assessment/\(id)")
        XCTAssertTrue(result.body.contains("你的兴趣代码：RIA") && result.body.contains("现实型") && result.body.contains("典型职业") && result.body.contains("<svg"), result.body)
        let history = try await student.get("/assessment")
        XCTAssertTrue(history.body.contains("RIA") && history.body.contains("查看结果"), history.body)

        let other = try await Browser.signedIn(app, try await Demo.userID(app, studentNo: "20251002"))
        let r701 = try await other.get("/assessment/\(id)")
        XCTAssertEqual(r701.status, .notFound, "a result is its student's own")
        let r702 = try await (try await Browser.loggedIn(app, "counselor")).get("/assessment/\(id)")
        XCTAssertEqual(r702.status, .notFound)
        let audits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'jobcentre.assessment'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 1)
    }
}
