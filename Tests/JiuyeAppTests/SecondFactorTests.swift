@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 两步验证: enrolment, the login step, replay refusal, recovery codes and the mandatory setting.
final class SecondFactorTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func secret(in page: Browser.Page) -> String? {
        guard let range = page.body.range(of: #"id="totp-secret">"#) else { return nil }
        let rest = page.body[range.upperBound...]
        return rest.firstIndex(of: "<").map { String(rest[..<$0]).replacingOccurrences(of: " ", with: "") }
    }

    func recoveryCodes(in page: Browser.Page) -> [String] {
        let matches = page.body.matches(of: /<li>([2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})<\/li>/)
        return matches.map { String($0.output.1) }
    }

    /// Logs `username` in and enrols TOTP; returns the TOTP and the recovery codes.
    func enrol(_ browser: Browser, username: String, password: String) async throws -> (JiuyeDomain.TOTP, [String]) {
        let login = try await browser.login(username, password)
        XCTAssertEqual(login.status, .seeOther)
        let page = try await browser.get("/account/totp")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("<svg"), "the QR code is drawn inline")
        let base32 = try XCTUnwrap(secret(in: page))
        let totp = try JiuyeDomain.TOTP(base32Secret: base32)
        let wrong = try await browser.submit("/account/totp/enable", from: "/account/totp", form: [("code", totp.code(at: app.clock.now() - 600))])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        let enabled = try await browser.submit("/account/totp/enable", from: "/account/totp", form: [("code", totp.code(at: app.clock.now()))])
        XCTAssertEqual(enabled.status, .ok)
        let codes = recoveryCodes(in: enabled)
        XCTAssertEqual(codes.count, 10)
        return (totp, codes)
    }

    func testAdminEnrolsAndCannotLogInWithoutTheCode() async throws {
        let (totp, _) = try await enrol(Browser(app), username: "admin", password: "Admin-Pass-2026")
        let browser = Browser(app)
        let first = try await browser.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(first.status, .seeOther)
        XCTAssertEqual(first.location, "/login/verify")
        // The password alone opens nothing.
        let blocked = try await browser.get("/admin/jobs")
        XCTAssertNotEqual(blocked.status, .ok)
        let wrong = try await browser.submit("/login/verify", from: "/login/verify", form: [("code", "000000")])
        XCTAssertEqual(wrong.status, .unauthorized)
        XCTAssertTrue(wrong.body.contains("动态口令不正确"))
        app.clock.advance(seconds: 30)
        let code = totp.code(at: app.clock.now())
        let ok = try await browser.submit("/login/verify", from: "/login/verify", form: [("code", code)])
        XCTAssertEqual(ok.status, .seeOther)
        XCTAssertEqual(ok.location, "/")
        let jobs = try await browser.get("/admin/jobs")
        XCTAssertEqual(jobs.status, .ok)
        // The same code again, from another browser: replay.
        let other = Browser(app)
        _ = try await other.login("admin", "Admin-Pass-2026")
        let replay = try await other.submit("/login/verify", from: "/login/verify", form: [("code", code)])
        XCTAssertEqual(replay.status, .unauthorized)
        XCTAssertTrue(replay.body.contains("已使用过"))
        let reasons = try await app.db.sql.raw("SELECT reason FROM login_attempts ORDER BY id").all().map { try $0.decode(column: "reason", as: String.self) }
        XCTAssertTrue(reasons.contains("first-factor"))
        XCTAssertTrue(reasons.contains("ok-totp"))
        XCTAssertTrue(reasons.contains("bad-totp"))
    }

    func testSecondStepExpiresAndCannotBeForged() async throws {
        let (totp, _) = try await enrol(Browser(app), username: "admin", password: "Admin-Pass-2026")
        let browser = Browser(app)
        _ = try await browser.login("admin", "Admin-Pass-2026")
        app.clock.advance(seconds: 301)
        let late = try await browser.submit("/login/verify", from: "/login", form: [("code", totp.code(at: app.clock.now()))])
        XCTAssertEqual(late.status, .seeOther)
        XCTAssertEqual(late.location, "/login")
        let forger = Browser(app)
        let adminID = try await Demo.userID(app, username: "admin")
        forger.cookies[CookieName.secondFactor] = SignedToken.make(purpose: "2fa", fields: [String(adminID), "0", "/"], expires: app.clock.now() + 300, keys: .ephemeral())
        let forged = try await forger.submit("/login/verify", from: "/login", form: [("code", totp.code(at: app.clock.now()))])
        XCTAssertEqual(forged.location, "/login")
    }

    func testRecoveryCodeWorksOnce() async throws {
        let (_, codes) = try await enrol(Browser(app), username: "security", password: DemoSeed.password)
        let browser = Browser(app)
        _ = try await browser.login("security", DemoSeed.password)
        let used = try await browser.submit("/login/verify", from: "/login/verify", form: [("recovery", codes[3].lowercased())])
        XCTAssertEqual(used.status, .seeOther)
        let again = Browser(app)
        _ = try await again.login("security", DemoSeed.password)
        let reused = try await again.submit("/login/verify", from: "/login/verify", form: [("recovery", codes[3])])
        XCTAssertEqual(reused.status, .unauthorized)
        XCTAssertTrue(reused.body.contains("恢复码不正确或已使用过"))
        let left = try await SecondFactor.unusedRecoveryCodes(userID: try await Demo.userID(app, username: "security"), on: app.db)
        XCTAssertEqual(left, 9)
        // Only hashes are stored.
        let stored = try await app.db.sql.raw("SELECT code_hash FROM recovery_codes").all().map { try $0.decode(column: "code_hash", as: String.self) }
        XCTAssertFalse(stored.contains { $0.contains(codes[0]) })
    }

    func testMandatorySettingSendsAdminsToEnrolment() async throws {
        app.settings.totpRequiredForAdmins = true
        let browser = Browser(app)
        _ = try await browser.login("school", DemoSeed.password)
        let students = try await browser.get("/students")
        XCTAssertEqual(students.status, .seeOther)
        XCTAssertEqual(students.location, "/account/totp")
        // A student is not an administrator and carries on.
        let student = Browser(app)
        _ = try await student.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let home = try await student.get("/")
        XCTAssertEqual(home.status, .ok)
        // After enrolment the admin works, and may not switch it off.
        let (totp, _) = try await enrol(Browser(app), username: "auditor", password: DemoSeed.password)
        let auditor = Browser(app)
        _ = try await auditor.login("auditor", DemoSeed.password)
        app.clock.advance(seconds: 30)
        _ = try await auditor.submit("/login/verify", from: "/login/verify", form: [("code", totp.code(at: app.clock.now()))])
        let log = try await auditor.get("/audit/operations")
        XCTAssertEqual(log.status, .ok)
        app.clock.advance(seconds: 30)
        let disable = try await auditor.submit("/account/totp/disable", from: "/account/totp",
                                               form: [("password", DemoSeed.password), ("code", totp.code(at: app.clock.now()))])
        XCTAssertEqual(disable.status, .forbidden)
        XCTAssertTrue(disable.body.contains("不能停用"))
    }

    func testEnrolmentIsAuditedAndEndsOtherSessions() async throws {
        let elsewhere = Browser(app)
        _ = try await elsewhere.login("school", DemoSeed.password)
        _ = try await enrol(Browser(app), username: "school", password: DemoSeed.password)
        let ended = try await elsewhere.get("/account")
        XCTAssertNotEqual(ended.status, .ok)
        let action = try await app.db.sql.raw("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").first()!.decode(column: "action", as: String.self)
        XCTAssertEqual(action, "account.totp-enable")
        // The secret is stored encrypted.
        let cipher = try await app.db.sql.raw("SELECT totp_secret_cipher FROM users WHERE username = 'school'").first()!.decode(column: "totp_secret_cipher", as: String.self)
        XCTAssertTrue(cipher.hasPrefix(app.keys.keyID + ":") || cipher.range(of: #"^k\d+:"#, options: .regularExpression) != nil)
    }

    func testQRCodeOnTheEnrolmentPageDecodesToTheSecret() async throws {
        guard let zbar = ["/usr/bin/zbarimg"].first(where: FileManager.default.isExecutableFile(atPath:)),
              let convert = ["/usr/bin/rsvg-convert", "/usr/bin/convert"].first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw XCTSkip("zbarimg and an SVG rasteriser are needed")
        }
        let browser = Browser(app)
        _ = try await browser.login("admin", "Admin-Pass-2026")
        let page = try await browser.get("/account/totp")
        let svgStart = try XCTUnwrap(page.body.range(of: "<svg"))
        let svgEnd = try XCTUnwrap(page.body.range(of: "</svg>"))
        let svg = String(page.body[svgStart.lowerBound..<svgEnd.upperBound])
        let directory = FileManager.default.temporaryDirectory
        let svgPath = directory.appendingPathComponent("qr-\(UUID().uuidString).svg").path
        let pngPath = svgPath.replacingOccurrences(of: ".svg", with: ".png")
        try svg.write(toFile: svgPath, atomically: true, encoding: .utf8)
        let rasterise = Process()
        rasterise.executableURL = URL(fileURLWithPath: convert)
        rasterise.arguments = convert.hasSuffix("rsvg-convert") ? ["-w", "400", "-b", "white", "-o", pngPath, svgPath] : [svgPath, pngPath]
        try rasterise.run()
        rasterise.waitUntilExit()
        let decode = Process()
        decode.executableURL = URL(fileURLWithPath: zbar)
        decode.arguments = ["--raw", "-q", pngPath]
        let pipe = Pipe()
        decode.standardOutput = pipe
        try decode.run()
        decode.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("otpauth://totp/"), text)
        XCTAssertTrue(text.contains("secret=\(secret(in: page) ?? "?")"))
    }
}
