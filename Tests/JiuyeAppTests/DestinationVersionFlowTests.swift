@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// Changes after approval (issue 17 item 4, C4): a new version reviewed again, the previous one
/// superseded on the day the new one is approved; the 8-31 rule configurable.
final class DestinationVersionFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await Demo.openWindow(app, .destination)
    }

    override func tearDown() async throws {
        unsetenv("JIUYE_DESTINATION_LATE_CHANGE")
        try await app.asyncShutdown()
    }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func caseRow() async throws -> CaseRow {
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        return try await CaseEngine.load(CaseType.destination, applicant: id, period: "2025", on: app.db)!
    }

    func approveTwice() async throws {
        let row = try await caseRow()
        for user in ["counselor", "school"] {
            let reviewer = try await loggedIn(user)
            let fresh = try await caseRow()
            let done = try await reviewer.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)",
                                                 form: [("action", "approve"), ("lock", String(fresh.lock))])
            XCTAssertEqual(done.status, .seeOther, user)
        }
    }

    func submit(_ student: Browser, unit: String) async throws {
        let sent = try await student.submit("/destination", from: "/destination", form: [("action", "submit"), ("category", "11"), ("unit_name", unit),
                                                                                       ("unit_location", "重庆市沙坪坝区"), ("position", "13")] + CaseEngineTests.unitFields)
        XCTAssertEqual(sent.status, .seeOther)
    }

    func testASecondVersionSupersedesTheFirst() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        try await submit(student, unit: "重庆示范科技有限公司")
        try await approveTwice()
        let first = try await student.get("/destination")
        XCTAssertTrue(first.body.contains("<dt>劳动合同编号</dt>"), "the details use the category's own labels")
        XCTAssertTrue(first.body.contains("版本记录") && first.body.contains("当前有效"))
        XCTAssertFalse(first.body.contains("已被新版本替代"))

        // Past 8-31 of the 2025 cohort: by default the change is taken and reviewed again.
        let reopened = try await student.submit("/destination", from: "/destination",
                                                form: [("action", "reopen"), ("reason", "换了新工作"), ("lock", String(try await caseRow().lock))])
        XCTAssertEqual(reopened.status, .seeOther)
        try await submit(student, unit: "重庆新工作科技有限公司")
        let pending = try await student.get("/destination")
        XCTAssertTrue(pending.body.contains("变更中，审核通过后生效"), "version 2 is under review while version 1 is in force")
        try await approveTwice()
        let row = try await caseRow()
        XCTAssertEqual(row.state.version, 2)
        let page = try await student.get("/destination")
        XCTAssertTrue(page.body.contains("第 2 版") && page.body.contains("已被新版本替代"), "the first version shows superseded")
        let today = ChinaTime.date(app.clock.now())
        XCTAssertTrue(page.body.contains("已被新版本替代（\(today) 起失效）"), "superseded on the day the second was approved")
    }

    func testAfterTheDeadlineAChangeIsRefusedWhenTheSchoolSaysSo() async throws {
        setenv("JIUYE_DESTINATION_LATE_CHANGE", "refused", 1)
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        try await submit(student, unit: "重庆示范科技有限公司")
        try await approveTwice()
        let refused = try await student.submit("/destination", from: "/destination",
                                               form: [("action", "reopen"), ("reason", "换了新工作"), ("lock", String(try await caseRow().lock))])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("2025年8月31日"), "the refusal names the deadline")
        let v1 = try await caseRow()
        XCTAssertEqual(v1.state.version, 1)
    }

    /// Any graduate may object to the registration on record (C5), with an SMS code: it is marked
    /// 有异议, counted in neither rate, and the page no longer offers it twice.
    func testAGraduateObjectsToTheirOwnApprovedRegistration() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        try await submit(student, unit: "重庆示范科技有限公司")
        try await approveTwice()
        let page = try await student.get("/destination")
        XCTAssertTrue(page.body.contains("对登记信息有异议") && page.body.contains("提交异议"))
        let sent = try await student.submit("/destination/confirm/send", from: "/destination", form: [])
        XCTAssertEqual(sent.status, .ok)
        let cipher = try await app.db.sql.raw("SELECT body_cipher FROM outbox WHERE purpose = 'case-confirm' ORDER BY id DESC LIMIT 1").first()!
            .decode(column: "body_cipher", as: String.self)
        let text = try app.keys.decrypt(cipher)
        let code = String(text[text.range(of: #"\d{6}"#, options: .regularExpression)!])
        let noReason = try await student.submit("/destination/confirm", from: "/destination", form: [("code", code), ("decision", "dispute"), ("reason", "")])
        XCTAssertNotEqual(noReason.status, .seeOther, "an objection needs its reason")
        let _ = try await student.submit("/destination/confirm/send", from: "/destination", form: [])
        let cipher2 = try await app.db.sql.raw("SELECT body_cipher FROM outbox WHERE purpose = 'case-confirm' ORDER BY id DESC LIMIT 1").first()!
            .decode(column: "body_cipher", as: String.self)
        let text2 = try app.keys.decrypt(cipher2)
        let code2 = String(text2[text2.range(of: #"\d{6}"#, options: .regularExpression)!])
        let objected = try await student.submit("/destination/confirm", from: "/destination",
                                                form: [("code", code2), ("decision", "dispute"), ("reason", "单位名称应为重庆示范科技股份有限公司")])
        XCTAssertEqual(objected.status, .seeOther, objected.body)
        let row = try await caseRow()
        XCTAssertEqual(row.state.confirmation, .disputed)
        let tallies = try await app.db.sql.raw("SELECT confirmation FROM destination_tallies WHERE n > 0").all().map { try $0.decode(column: "confirmation", as: String.self) }
        XCTAssertEqual(tallies, ["disputed"], "the statistics count it as disputed")
        let after = try await student.get("/destination")
        XCTAssertFalse(after.body.contains("提交异议"), "not offered twice")
    }
}
