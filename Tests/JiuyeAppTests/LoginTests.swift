@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

final class LoginTests: XCTestCase {
    var app: Application!
    var browser: Browser!

    override func setUp() async throws {
        app = try await TestApp.make()
        browser = Browser(app)
    }

    override func tearDown() async throws {
        try await app.asyncShutdown()
    }

    func testHealthReportsDatabase() async throws {
        let page = try await browser.get("/healthz")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains(#""database":"ok""#), page.body)
    }

    func testLoggedOutHomeRedirectsToLogin() async throws {
        let page = try await browser.get("/")
        XCTAssertEqual(page.status, .seeOther)
        XCTAssertEqual(page.location, "/login")
    }

    func testLoginPageIsChineseAndCreatesNoSessionRow() async throws {
        let page = try await browser.get("/login")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains(#"lang="zh-CN""#))
        XCTAssertTrue(page.body.contains("一周内免登录"))
        XCTAssertNotNil(page.csrfToken)
        let sessions = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM sessions").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(sessions, 0)
    }

    func testSecurityHeadersOnEveryPage() async throws {
        let page = try await browser.get("/login")
        XCTAssertTrue(page.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true)
        XCTAssertTrue(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
        XCTAssertEqual(page.headers.first(name: "X-Content-Type-Options"), "nosniff")
        XCTAssertEqual(page.headers.first(name: "Referrer-Policy"), "strict-origin-when-cross-origin")
    }

    func testAdminLogsInWithRotatedHttpOnlySession() async throws {
        browser.cookies["jiuye_session"] = "attacker-fixed-id"
        let response = try await browser.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(response.status, .seeOther)
        XCTAssertEqual(response.location, "/")
        let setCookie = response.headers[.setCookie].first { $0.hasPrefix("jiuye_session=") } ?? ""
        XCTAssertTrue(setCookie.contains("HttpOnly"))
        XCTAssertTrue(setCookie.contains("SameSite=Lax"))
        XCTAssertNotEqual(browser.cookies["jiuye_session"], "attacker-fixed-id")
        let home = try await browser.get("/")
        XCTAssertEqual(home.status, .ok)
        XCTAssertTrue(home.body.contains("系统管理员"))
        // The database keeps only the hash of the id.
        let stored = try await app.db.sql.raw("SELECT token_hash FROM sessions").all().map { try $0.decode(column: "token_hash", as: String.self) }
        XCTAssertEqual(stored, [sha256Hex(browser.cookies["jiuye_session"]!)])
    }

    func testWrongPasswordIsRefusedInChinese() async throws {
        let response = try await browser.login("admin", "wrong-password")
        XCTAssertEqual(response.status, .unauthorized)
        XCTAssertTrue(response.body.contains("账号或密码错误"))
        XCTAssertNil(browser.cookies["jiuye_session"])
    }

    func testUnknownAccountAnsweredLikeKnownOne() async throws {
        let known = try await browser.login("admin", "Wrong-pass-1")
        let other = Browser(app)
        other.clientAddress = "203.0.113.99"
        let unknown = try await other.login("nobody-here", "Wrong-pass-1")
        XCTAssertEqual(known.status, unknown.status)
        XCTAssertEqual(Self.errorText(known.body), Self.errorText(unknown.body))
        for _ in 0..<5 {
            _ = try await browser.login("admin", "Wrong-pass-1")
            _ = try await other.login("nobody-here", "Wrong-pass-1")
        }
        let knownLocked = try await browser.login("admin", "Wrong-pass-1")
        let unknownLocked = try await other.login("nobody-here", "Wrong-pass-1")
        XCTAssertTrue(Self.errorText(knownLocked.body).contains("锁定"))
        XCTAssertEqual(Self.errorText(knownLocked.body), Self.errorText(unknownLocked.body))
    }

    func testFiveFailuresLockAccountForThatClientOnly() async throws {
        for _ in 0..<5 { _ = try await browser.login("admin", "Wrong-pass-1") }
        let locked = try await browser.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(locked.status, .unauthorized)
        XCTAssertTrue(locked.body.contains("在本设备上已被锁定"))
        XCTAssertTrue(locked.body.contains("后再试"))
        let elsewhere = Browser(app)
        elsewhere.clientAddress = "198.51.100.7"
        let ok = try await elsewhere.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(ok.status, .seeOther)
        // After 15 minutes the lock is gone.
        app.clock.advance(seconds: 15 * 60 + 1)
        let later = try await browser.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(later.status, .seeOther)
    }

    func testTwentyFailuresFromManyAddressesLockEverywhere() async throws {
        for index in 0..<20 {
            browser.clientAddress = "192.0.2.\(index + 1)"
            _ = try await browser.login("admin", "Wrong-pass-1")
        }
        let fresh = Browser(app)
        fresh.clientAddress = "198.51.100.200"
        let locked = try await fresh.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(locked.status, .unauthorized)
        XCTAssertTrue(locked.body.contains("自动解锁"), locked.body)
        app.clock.advance(seconds: 61 * 60)
        let later = try await fresh.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(later.status, .seeOther)
    }

    func testPostWithoutCSRFTokenIsForbidden() async throws {
        let response = try await browser.request(.POST, "/login", form: [("identifier", "admin"), ("password", "Admin-Pass-2026")])
        XCTAssertEqual(response.status, .forbidden)
        XCTAssertNil(browser.cookies["jiuye_session"])
    }

    /// A token in the query string is refused on ordinary forms (it would leak through history,
    /// logs and Referer); the form field and the header are the ways to send it.
    func testCSRFTokenInTheQueryStringIsRefusedOnOrdinaryForms() async throws {
        try await browser.login("admin", "Admin-Pass-2026")
        let account = try await browser.get("/account")
        let token = try XCTUnwrap(account.csrfToken)
        let logout = try await browser.request(.POST, "/logout?_csrf=" + Browser.encode(token), form: [])
        XCTAssertEqual(logout.status, .forbidden, "a query token does not log out")
        let still = try await browser.get("/account")
        XCTAssertEqual(still.status, .ok, "still logged in")
        let header = try await browser.request(.POST, "/logout", form: [], headers: ["X-CSRF-Token": token])
        XCTAssertEqual(header.status, .seeOther, "the header still carries the token")
    }

    func testForeignOriginIsForbidden() async throws {
        let token = try await browser.get("/login").csrfToken!
        browser.origin = "https://evil.example"
        let response = try await browser.request(.POST, "/login", form: [("_csrf", token), ("identifier", "admin"), ("password", "Admin-Pass-2026")])
        XCTAssertEqual(response.status, .forbidden)
        browser.origin = nil
        let missing = try await browser.request(.POST, "/login", form: [("_csrf", token), ("identifier", "admin"), ("password", "Admin-Pass-2026")])
        XCTAssertEqual(missing.status, .forbidden)
    }

    func testLogoutNeedsCSRFAndDeletesSession() async throws {
        try await browser.login("admin", "Admin-Pass-2026")
        let refused = try await browser.request(.POST, "/logout", form: [])
        XCTAssertEqual(refused.status, .forbidden)
        let out = try await browser.submit("/logout", from: "/", form: [])
        XCTAssertEqual(out.location, "/login")
        let sessions = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM sessions").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(sessions, 0)
        let status1 = try await browser.get("/").status

        XCTAssertEqual(status1, .seeOther)
    }

    func testIdleSessionExpiresOnServer() async throws {
        try await browser.login("admin", "Admin-Pass-2026")
        app.clock.advance(seconds: 29 * 60)
        let status2 = try await browser.get("/").status

        XCTAssertEqual(status2, .ok)
        app.clock.advance(seconds: 29 * 60)
        let status3 = try await browser.get("/").status

        XCTAssertEqual(status3, .ok, "activity within 30 minutes keeps the session")
        app.clock.advance(seconds: 31 * 60)
        let expired = try await browser.get("/")
        XCTAssertEqual(expired.status, .seeOther)
        XCTAssertEqual(expired.location, "/login")
    }

    func testAbsoluteTimeoutEndsBusySession() async throws {
        try await browser.login("admin", "Admin-Pass-2026")
        for _ in 0..<25 {
            app.clock.advance(seconds: 29 * 60)
            _ = try await browser.get("/")
        }
        let status4 = try await browser.get("/").status

        XCTAssertEqual(status4, .seeOther, "12 hours after login the session ends however busy")
    }

    func testPasswordOver72BytesRefusedClearly() async throws {
        XCTAssertThrowsError(try PasswordHasher.check(String(repeating: "密", count: 25)))
        XCTAssertNoThrow(try PasswordHasher.check(String(repeating: "密", count: 24)))
    }

    static func errorText(_ body: String) -> String {
        guard let start = body.range(of: "alert-error") else { return "" }
        let rest = body[start.upperBound...]
        guard let open = rest.firstIndex(of: ">"), let close = rest.firstIndex(of: "<") else { return "" }
        return String(rest[rest.index(after: open)..<close])
    }
}
