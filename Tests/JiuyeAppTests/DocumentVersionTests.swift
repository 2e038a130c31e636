@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import JiuyeHTML
import SQLKit
import XCTest
import XCTVapor

/// A document is issued once per content version: opening or downloading it never writes, the
/// same content keeps its serial and QR code (a print from yesterday still verifies), and after
/// the school corrects a printed field an explicit 签发新版本 gives a new serial while the old
/// QR code's page says 已被新版本替代 with the date.
final class DocumentVersionTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func student() async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(DemoSeed.demoStudentNo, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther)
        return browser
    }

    func count(_ sql: SQLQueryString) async throws -> Int {
        try await app.db.sql.raw(sql).first()!.decode(column: "n", as: Int.self)
    }

    func auditRows() async throws -> Int { try await count("SELECT COUNT(*) AS n FROM audit_log") }
    func versions() async throws -> Int { try await count("SELECT COUNT(*) AS n FROM document_versions") }

    func serial(in page: Browser.Page) -> String? {
        page.body.range(of: #"JY\d{4}-\d{6}"#, options: .regularExpression).map { String(page.body[$0]) }
    }

    /// The `<svg>…</svg>` of the page's QR code.
    func qrCode(in page: Browser.Page) -> String? {
        guard let start = page.body.range(of: "<svg"), let end = page.body.range(of: "</svg>", range: start.upperBound..<page.body.endIndex) else { return nil }
        return String(page.body[start.lowerBound..<end.upperBound])
    }

    /// The QR code the page must show for `token`: drawn by the page layer from the verification link.
    func expectedQRCode(serial: String, token: String) throws -> String {
        var buffer = HTMLBuffer(capacity: 16 * 1024)
        QRCodeSVG(try QRCode(encoding: TestApp.origin + "/verify/" + token), moduleSize: 2, title: "扫码核验：" + serial).render(into: &buffer)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// The token of the current version, opened as the server opens it.
    func currentToken() async throws -> String? {
        let sealed = try await app.db.sql.raw("""
            SELECT token_cipher FROM document_versions WHERE kind = \(bind: DocumentsController.commitmentKind) AND superseded_at IS NULL
            """).first()?.decode(column: "token_cipher", as: String?.self)
        return try sealed.map { try app.keys.decrypt($0) }
    }

    func hiddenContent(_ page: Browser.Page) -> String? {
        guard let range = page.body.range(of: #"name="content" value=""#) else { return nil }
        let rest = page.body[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }

    /// Presses 签发 on the commitment page (which must offer it) and follows to the document.
    @discardableResult
    func issue(_ browser: Browser) async throws -> Browser.Page {
        let offer = try await browser.get("/documents/commitment")
        let content = try XCTUnwrap(hiddenContent(offer), "the page offers 签发")
        let posted = try await browser.request(.POST, "/documents/commitment/issue", form: [("_csrf", offer.csrfToken ?? ""), ("content", content)])
        XCTAssertEqual(posted.status, .seeOther)
        XCTAssertEqual(posted.location, "/documents/commitment")
        return try await browser.get("/documents/commitment")
    }

    func testFirstOpeningWritesNothingAndIssuingIsAnAuditedPostWithCSRF() async throws {
        let browser = try await student()
        let auditBefore = try await auditRows()
        let offer = try await browser.get("/documents/commitment")
        XCTAssertEqual(offer.status, .ok)
        XCTAssertTrue(offer.body.contains("承诺书尚未签发"), offer.body)
        XCTAssertTrue(offer.body.contains("签发承诺书"))
        XCTAssertTrue(offer.body.contains("张明"), "the content to check before issuing")
        XCTAssertNil(serial(in: offer), "no serial before issuing")
        _ = try await browser.get("/documents/commitment.pdf")
        let afterGets = try await (versions(), auditRows())
        XCTAssertEqual(afterGets.0, 0, "a GET issues nothing")
        XCTAssertEqual(afterGets.1, auditBefore, "a GET writes no audit row")

        // Without the CSRF token nothing is issued.
        let forged = try await browser.request(.POST, "/documents/commitment/issue", form: [("content", hiddenContent(offer) ?? "")])
        XCTAssertEqual(forged.status, .forbidden)
        let afterForged = try await versions()
        XCTAssertEqual(afterForged, 0)

        let document = try await issue(browser)
        XCTAssertEqual(document.status, .ok)
        let serial = try XCTUnwrap(serial(in: document))
        XCTAssertTrue(document.body.contains("签发日期：\(ChinaTime.date(app.clock.now()))"))
        let issued = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.issue' AND target_id = \(bind: serial)")
        XCTAssertEqual(issued, 1, "issuing is audited")
        let afterIssue = try await auditRows()
        XCTAssertEqual(afterIssue, auditBefore + 1)

        // Another role has no commitment to issue.
        let college = Browser(app)
        try await college.login("college", Demo.password)
        let collegeToken = try await college.get("/account").csrfToken ?? ""
        let refused = try await college.request(.POST, "/documents/commitment/issue", form: [("_csrf", collegeToken), ("content", "x")])
        XCTAssertNotEqual(refused.status, .seeOther)
        let stillOne = try await versions()
        XCTAssertEqual(stillOne, 1)
    }

    func testOpeningTwiceShowsTheSameSerialAndQRCodeAndWritesNothing() async throws {
        let browser = try await student()
        try await issue(browser)
        let auditBefore = try await auditRows()
        let first = try await browser.get("/documents/commitment")
        let second = try await browser.get("/documents/commitment")
        let serial = try XCTUnwrap(serial(in: first))
        XCTAssertEqual(self.serial(in: second), serial)
        let qr = try XCTUnwrap(qrCode(in: first))
        XCTAssertEqual(qrCode(in: second), qr, "the same QR code")
        let tokenRead = try await currentToken()
        let token = try XCTUnwrap(tokenRead)
        XCTAssertEqual(qr, try expectedQRCode(serial: serial, token: token), "the QR code is the kept token's verification link")
        let pdf = try await browser.get("/documents/commitment.pdf")
        XCTAssertTrue(pdf.status == .ok || pdf.status == .seeOther, "a PDF, or back to the page without Chromium")
        let after = try await (auditRows(), versions())
        XCTAssertEqual(after.0, auditBefore, "opening and downloading write no audit row")
        XCTAssertEqual(after.1, 1)
        let sameToken = try await currentToken()
        XCTAssertEqual(sameToken, token, "no new token on GET")

        // Pressing 签发 again with the same content changes nothing either.
        let csrf = try await browser.get("/account").csrfToken ?? ""
        let hash = try await graduateHash()
        let offerless = try await browser.request(.POST, "/documents/commitment/issue", form: [("_csrf", csrf), ("content", hash)])
        XCTAssertEqual(offerless.status, .seeOther)
        let unchanged = try await (auditRows(), versions(), currentToken())
        XCTAssertEqual(unchanged.0, auditBefore)
        XCTAssertEqual(unchanged.1, 1)
        XCTAssertEqual(unchanged.2, token)
    }

    func graduateHash() async throws -> String {
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        return try await app.db.sql.raw("SELECT content_hash FROM document_versions WHERE subject_key = \(bind: "user:\(id)") AND superseded_at IS NULL")
            .first()!.decode(column: "content_hash", as: String.self)
    }

    func testAPrintFromYesterdayStillVerifiesToday() async throws {
        let browser = try await student()
        let issued = try await issue(browser)
        let serial = try XCTUnwrap(serial(in: issued))
        let issueDate = ChinaTime.date(app.clock.now())
        let tokenRead = try await currentToken()
        let token = try XCTUnwrap(tokenRead)

        app.clock.advance(seconds: 86_400 + 3_600)
        let anonymous = Browser(app)
        let verified = try await anonymous.get("/verify/\(token)")
        XCTAssertEqual(verified.status, .ok)
        XCTAssertTrue(verified.body.contains(serial))
        XCTAssertTrue(verified.body.contains("是最新版本"), verified.body)
        XCTAssertFalse(verified.body.contains("无效"))
        XCTAssertTrue(verified.body.contains("张*"), "the name is masked")
        XCTAssertFalse(verified.body.contains("张明"))

        // Opened again the next day: same serial, same QR code, the issue date (not today's).
        let again = Browser(app)
        try await again.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let page = try await again.get("/documents/commitment")
        XCTAssertEqual(self.serial(in: page), serial)
        XCTAssertEqual(qrCode(in: page), try expectedQRCode(serial: serial, token: token))
        XCTAssertTrue(page.body.contains("签发日期：\(issueDate)"))
        let stillValid = try await anonymous.get("/verify/\(token)")
        XCTAssertTrue(stillValid.body.contains("是最新版本"))
        // The serial itself opens nothing.
        let bySerial = try await anonymous.get("/verify/\(serial)")
        XCTAssertEqual(bySerial.status, .notFound)
    }

    func testACorrectedMajorNeedsAnExplicitNewVersionAndTheOldPageSaysItWasReplaced() async throws {
        let browser = try await student()
        let first = try await issue(browser)
        let oldSerial = try XCTUnwrap(serial(in: first))
        let oldTokenRead = try await currentToken()
        let oldToken = try XCTUnwrap(oldTokenRead)
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)

        // The next day the school corrects the graduate's major.
        app.clock.advance(seconds: 86_400)
        let other = try await app.db.sql.raw("""
            SELECT m.id, m.name FROM majors m JOIN students st ON st.college_id = m.college_id
            WHERE st.user_id = \(bind: id) AND m.name <> (SELECT name FROM majors WHERE id = st.major_id) ORDER BY m.id LIMIT 1
            """).first()
        let newMajor: String
        if let other {
            newMajor = try other.decode(column: "name", as: String.self)
            try await app.db.sql.raw("UPDATE students SET major_id = \(bind: try other.decode(column: "id", as: Int64.self)) WHERE user_id = \(bind: id)").run()
        } else {
            newMajor = "软件工程（更正）"
            try await app.db.sql.raw("UPDATE majors SET name = \(bind: newMajor) WHERE id = (SELECT major_id FROM students WHERE user_id = \(bind: id))").run()
        }

        let session = Browser(app)
        try await session.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let auditBefore = try await auditRows()
        let notice = try await session.get("/documents/commitment")
        XCTAssertEqual(notice.status, .ok)
        XCTAssertTrue(notice.body.contains("已被学校更正"), notice.body)
        XCTAssertTrue(notice.body.contains(oldSerial))
        XCTAssertTrue(notice.body.contains(newMajor))
        XCTAssertTrue(notice.body.contains("签发新版本"))
        let unchanged = try await (auditRows(), versions())
        XCTAssertEqual(unchanged.0, auditBefore, "the GET writes nothing")
        XCTAssertEqual(unchanged.1, 1)
        let beforeReissue = try await Browser(app).get("/verify/\(oldToken)")
        XCTAssertTrue(beforeReissue.body.contains("是最新版本"), "until a new version is issued the old one stands")

        let reissued = try await issue(session)
        let newSerial = try XCTUnwrap(serial(in: reissued))
        XCTAssertNotEqual(newSerial, oldSerial, "a new content version gets a new serial")
        XCTAssertTrue(reissued.body.contains(newMajor))
        let newTokenRead = try await currentToken()
        let newToken = try XCTUnwrap(newTokenRead)
        XCTAssertNotEqual(newToken, oldToken)
        let audited = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'document.reissue' AND target_id = \(bind: newSerial)")
        XCTAssertEqual(audited, 1)

        let anonymous = Browser(app)
        let old = try await anonymous.get("/verify/\(oldToken)")
        XCTAssertEqual(old.status, .ok)
        XCTAssertTrue(old.body.contains("已被新版本替代"), old.body)
        XCTAssertTrue(old.body.contains("替代日期：\(ChinaTime.date(app.clock.now()))"))
        XCTAssertTrue(old.body.contains(oldSerial))
        XCTAssertTrue(old.body.contains(newSerial), "names the version that replaced it")
        XCTAssertFalse(old.body.contains("核验链接无效"))
        let current = try await anonymous.get("/verify/\(newToken)")
        XCTAssertTrue(current.body.contains("是最新版本"))
        XCTAssertTrue(current.body.contains(newSerial))
        let total = try await versions()
        XCTAssertEqual(total, 2)
    }

    func testAChangeBetweenCheckingAndIssuingIssuesNothing() async throws {
        let browser = try await student()
        let offer = try await browser.get("/documents/commitment")
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        try await app.db.sql.raw("UPDATE students SET cohort = cohort + 1 WHERE user_id = \(bind: id)").run()
        let posted = try await browser.request(.POST, "/documents/commitment/issue", form: [("_csrf", offer.csrfToken ?? ""), ("content", hiddenContent(offer) ?? "")])
        XCTAssertEqual(posted.status, .seeOther)
        let none = try await versions()
        XCTAssertEqual(none, 0, "the graduate did not see this content")
        let page = try await browser.get("/documents/commitment")
        XCTAssertTrue(page.body.contains("您的信息刚刚有变化"), page.body)
    }

    func testADocumentIssuedBeforeVersionsIsOfferedANewVersionAndItsOldQRCodeSaysReplaced() async throws {
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let legacyToken = SecureRandom.token(bytes: 32)
        try await app.db.sql.raw("""
            INSERT INTO document_versions (serial, kind, title, subject_id, subject_key, summary_json, token_hash, created_at)
            VALUES ('JY2025-000001', \(bind: DocumentsController.commitmentKind), '基层就业承诺书', \(bind: id), \(bind: "user:\(id)"),
            '[["姓名","张*"]]', \(bind: sha256Hex(legacyToken)), \(bind: app.clock.now() - 86_400 * 30))
            """).run()
        let browser = try await student()
        let auditBefore = try await auditRows()
        let page = try await browser.get("/documents/commitment")
        XCTAssertTrue(page.body.contains("二维码无法再次显示"), page.body)
        XCTAssertTrue(page.body.contains("JY2025-000001"))
        let unchanged = try await auditRows()
        XCTAssertEqual(unchanged, auditBefore)
        let reissued = try await issue(browser)
        let serial = try XCTUnwrap(serial(in: reissued))
        XCTAssertNotEqual(serial, "JY2025-000001")
        let old = try await Browser(app).get("/verify/\(legacyToken)")
        XCTAssertTrue(old.body.contains("已被新版本替代"))
        XCTAssertTrue(old.body.contains(serial))
    }

    func testTheKeptTokenIsASealedColumnForKeyRotation() async throws {
        XCTAssertTrue(SealedColumns.all.contains { $0.table == "document_versions" && $0.column == "token_cipher" })
        let browser = try await student()
        try await issue(browser)
        let stored = try await app.db.sql.raw("SELECT token_cipher FROM document_versions").first()!.decode(column: "token_cipher", as: String.self)
        XCTAssertTrue(stored.hasPrefix(app.keys.keyID + ":"), "sealed under the current key")
        let status = try await KeyRotation.status(app.db, keys: app.keys, columns: [("document_versions", "id", "token_cipher")])
        XCTAssertEqual(status.first?.counts.reduce(0) { $0 + $1.1 }, 1)
    }
}
