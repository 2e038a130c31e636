@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// The auditor's login log: search by account (username, 学号, phone), result, IP and date;
/// the CSV export is audited.
final class LoginLogTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testAuditorSearchesAndExportsTheLoginLog() async throws {
        let student = Browser(app)
        student.clientAddress = "198.51.100.7"
        _ = try await student.login(DemoSeed.demoStudentNo, "wrong-password")
        _ = try await student.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let auditor = Browser(app)
        _ = try await auditor.login("auditor", DemoSeed.password)

        let byPhone = try await auditor.get("/audit/logins?account=\(DemoSeed.demoStudentPhone)")
        XCTAssertEqual(byPhone.status, .ok)
        XCTAssertTrue(byPhone.body.contains("张明（20251001）"))
        XCTAssertTrue(byPhone.body.contains("账号或密码错误"))
        let failedFromIP = try await auditor.get("/audit/logins?ip=198.51.100.7&result=fail")
        XCTAssertTrue(failedFromIP.body.contains("账号或密码错误"))
        XCTAssertFalse(failedFromIP.body.contains("登录成功"))
        let tomorrow = ChinaTime.date(app.clock.now() + 86_400)
        let future = try await auditor.get("/audit/logins?from=\(tomorrow)")
        XCTAssertTrue(future.body.contains("没有符合条件的登录记录"))

        let csv = try await auditor.get("/audit/logins.csv?account=20251001")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertEqual(csv.headers.contentType?.subType, "csv")
        let lines = csv.body.split(separator: "\r\n")
        XCTAssertEqual(lines.count, 3, "header + two attempts")
        XCTAssertTrue(lines[0].hasPrefix("\u{FEFF}时间,姓名,账号,IP"))
        let action = try await app.db.sql.raw("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").first()!.decode(column: "action", as: String.self)
        XCTAssertEqual(action, "audit.export-logins")
        // Nobody else reads it.
        let admin = Browser(app)
        _ = try await admin.login("admin", "Admin-Pass-2026")
        let refused = try await admin.get("/audit/logins.csv")
        XCTAssertEqual(refused.status, .notFound)
    }
}
