@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import Vapor
import XCTest
import XCTVapor

/// 困难群体帮扶 over HTTP (issue 17 item 7, seed 004 §3, C19): the school imports the categories,
/// counselors record assistance, the list filters by type and keyword, views and exports are
/// audited, and nobody outside the graduate's scope sees it.
final class HardshipFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    /// The import form's multipart post, the CSRF token in the query as the page puts it.
    func upload(_ browser: Browser, csv: String) async throws -> Browser.Page {
        let token = try await browser.get("/hardship/import").csrfToken ?? ""
        let boundary = "----jiuye\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hardship.csv\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeString(csv)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Origin": TestApp.origin]
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: .POST, url: URI(path: "/hardship/import?_csrf=\(token)"),
                                                                                        headers: headers, body: body))
        return Browser.Page(status: response.status, headers: response.headers, body: response.body.string)
    }

    func auditCount(_ action: String) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = \(bind: action)").first()!.decode(column: "n", as: Int.self)
    }

    func testImportRecordListAndScope() async throws {
        let school = try await loggedIn("school")
        // A bad row refuses the whole file, with its row number.
        let bad = try await upload(school, csv: "学号,困难类别\n\(DemoSeed.demoStudentNo),低保家庭\n99999999,残疾\n20251003,富裕家庭\n")
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("第 4 行") && bad.body.contains("学号 99999999 不是本校毕业生"), bad.body)
        let none = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM hardship_students").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(none, 0)
        let good = try await upload(school, csv: "学号,困难类别\n\(DemoSeed.demoStudentNo),低保家庭、残疾\n")
        XCTAssertEqual(good.status, .seeOther)
        let v301 = try await auditCount("hardship.import")
        XCTAssertEqual(v301, 1)

        let counselor = try await loggedIn("counselor")
        let list = try await counselor.get("/hardship?type=04")
        XCTAssertTrue(list.body.contains("张明") && list.body.contains("城乡低保家庭毕业生、残疾毕业生"))
        let v1 = try await counselor.get("/hardship?type=03")
        XCTAssertFalse(v1.body.contains("张明"), "filtered by type")
        let v2 = try await counselor.get("/hardship?q=2025100")
        XCTAssertFalse(v2.body.contains("张明"), "学号 matches exactly")
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let detail = try await counselor.get("/hardship/\(id)")
        XCTAssertEqual(detail.status, .ok)
        let v302 = try await auditCount("hardship.view")
        XCTAssertEqual(v302, 1, "every view is audited")
        let future = try await counselor.submit("/hardship/\(id)", from: "/hardship/\(id)", form: [("date", "2099-01-01"), ("kind", "job"), ("content", "推荐岗位"), ("result", "")])
        XCTAssertEqual(future.status, .unprocessableEntity)
        let today = ChinaTime.date(app.clock.now())
        let saved = try await counselor.submit("/hardship/\(id)", from: "/hardship/\(id)",
                                               form: [("date", today), ("kind", "job"), ("content", "推荐重庆示范科技有限公司测试岗位"), ("result", "已投递简历")])
        XCTAssertEqual(saved.status, .seeOther)
        let after = try await counselor.get("/hardship/\(id)")
        XCTAssertTrue(after.body.contains("推荐重庆示范科技有限公司测试岗位") && after.body.contains("岗位推荐") && after.body.contains("辅导员赵老师"))
        let export = try await counselor.get("/hardship/export?format=csv")
        XCTAssertTrue(export.body.contains("张明") && export.body.contains("1"))
        let v303 = try await auditCount("hardship.export")
        XCTAssertEqual(v303, 1)

        // The school reads but does not record; a student sees nothing; another college's admin neither.
        let v3 = try await school.submit("/hardship/\(id)", from: "/hardship/\(id)", form: [("date", today), ("kind", "job"), ("content", "x"), ("result", "")])
        XCTAssertEqual(v3.status, .forbidden)
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let v4 = try await student.get("/hardship")
        XCTAssertEqual(v4.status, .notFound)
        try await Demo.otherCollegeAdmin(app, username: "hardship_other")
        let outside = try await loggedIn("hardship_other")
        let v5 = try await outside.get("/hardship")
        XCTAssertFalse(v5.body.contains("张明"))
        let v6 = try await outside.get("/hardship/\(id)")
        XCTAssertEqual(v6.status, .notFound)
        let v7 = try await outside.get("/hardship/import")
        XCTAssertEqual(v7.status, .notFound, "only the school imports")
    }
}
