@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import JiuyeSheets
import SQLKit
import XCTest
import XCTVapor

/// Code tables loaded at migration and kept by the system admin; lists exported to .xlsx and CSV
/// with their filters, masked and audited; generated documents with serial, verification page
/// and PDF.
final class DataInOutTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String, password: String = DemoSeed.password) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func count(_ sql: SQLQueryString) async throws -> Int {
        try await app.db.sql.raw(sql).first()!.decode(column: "n", as: Int.self)
    }

    // MARK: Code tables

    func testEveryTableOfTheManifestIsLoadedWithItsRows() async throws {
        let manifest = try CodeTableFiles.manifest()
        XCTAssertGreaterThanOrEqual(manifest.count, 14)
        for entry in manifest {
            let file = try CodeTableFiles.rows(of: entry.file).count
            let loaded = try await count("SELECT COUNT(*) AS n FROM codes WHERE table_key = \(bind: entry.key)")
            XCTAssertEqual(loaded, file, entry.key)
        }
        // Spot checks against the standards: 汉族 01, 中共党员 01, county 沙坪坝区's townships, China 156.
        let han = try await app.db.sql.raw("SELECT name FROM codes WHERE table_key = 'ethnic_groups' AND code = '01'").first()?.decode(column: "name", as: String.self)
        XCTAssertEqual(han, "汉族")
        let china = try await app.db.sql.raw("SELECT name FROM codes WHERE table_key = 'countries' AND code = '156'").first()?.decode(column: "name", as: String.self)
        XCTAssertEqual(china, "中国")
        let townships = try await count("SELECT COUNT(*) AS n FROM codes WHERE table_key = 'townships' AND parent_code = '500106'")
        XCTAssertGreaterThan(townships, 10)
        // 单位行业 uses the numeric national coding, not GB/T 4754 letters.
        let industry = try await app.db.sql.raw("SELECT name FROM codes WHERE table_key = 'industries' AND code = '80'").first()?.decode(column: "name", as: String.self)
        XCTAssertEqual(industry, "军队")
    }

    func testSystemAdminAddsAndDeletesALocalCodeButNotANationalOneOrOneInUse() async throws {
        let admin = try await loggedIn("admin", password: "Admin-Pass-2026")
        let list = try await admin.get("/admin/codes")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("民族") && list.body.contains("示例数据"))
        let bad = try await admin.submit("/admin/codes/destinations", from: "/admin/codes/destinations", form: [("code", "11"), ("name", "重复")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("代码 11 已存在"))
        let symbols = try await admin.submit("/admin/codes/destinations", from: "/admin/codes/destinations", form: [("code", "9<x>"), ("name", "x")])
        XCTAssertTrue(symbols.body.contains("代码只能由字母和数字组成"))
        let added = try await admin.submit("/admin/codes/destinations", from: "/admin/codes/destinations", form: [("code", "L99"), ("name", "本地去向"), ("parent", "70")])
        XCTAssertEqual(added.status, .seeOther)
        let localRow = try await app.db.sql.raw("SELECT id FROM codes WHERE table_key = 'destinations' AND code = 'L99' AND is_local = \(bind: true)").first()
        let local = try XCTUnwrap(localRow)
        let id = try local.decode(column: "id", as: Int64.self)
        // In use by a 去向登记 case: refused.
        try await app.db.sql.raw("""
            INSERT INTO destination_cases (applicant_id, period, school_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
            status_key, lock, state_json, data_json, updated_at, created_at)
            SELECT st.user_id, '2025', st.school_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
            'draft', 0, '{}', '{"category":"L99"}', 1, 1 FROM students st JOIN users u ON u.id = st.user_id ORDER BY st.user_id LIMIT 1
            """).run()
        let inUse = try await admin.submit("/admin/codes/destinations/\(id)/delete", from: "/admin/codes/destinations", form: [])
        XCTAssertEqual(inUse.status, .seeOther)
        var still = try await count("SELECT COUNT(*) AS n FROM codes WHERE id = \(bind: id)")
        XCTAssertEqual(still, 1, "a code in use stays")
        try await app.db.sql.raw("UPDATE destination_cases SET data_json = '{\"category\":\"11\"}' WHERE data_json LIKE '%L99%'").run()
        _ = try await admin.submit("/admin/codes/destinations/\(id)/delete", from: "/admin/codes/destinations", form: [])
        still = try await count("SELECT COUNT(*) AS n FROM codes WHERE id = \(bind: id)")
        XCTAssertEqual(still, 0)
        // A national code cannot be deleted.
        let national = try await app.db.sql.raw("SELECT id FROM codes WHERE table_key = 'destinations' AND code = '11'").first()!.decode(column: "id", as: Int64.self)
        _ = try await admin.submit("/admin/codes/destinations/\(national)/delete", from: "/admin/codes/destinations", form: [])
        let kept = try await count("SELECT COUNT(*) AS n FROM codes WHERE id = \(bind: national)")
        XCTAssertEqual(kept, 1)
        let audited = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('code.add', 'code.delete')")
        XCTAssertEqual(audited, 2)
        // Only the system admin keeps local codes; the school admin reads the dictionary.
        let school = try await loggedIn("school")
        let read = try await school.get("/admin/codes/destinations")
        XCTAssertEqual(read.status, .ok)
        XCTAssertFalse(read.body.contains("添加本地代码"))
        let refused = try await school.submit("/admin/codes/destinations", from: "/admin/codes/destinations", form: [("code", "L98"), ("name", "学校去向")])
        XCTAssertEqual(refused.status, .notFound)
        let none = try await count("SELECT COUNT(*) AS n FROM codes WHERE code = 'L98'")
        XCTAssertEqual(none, 0)
    }

    // MARK: Export

    func testStudentListExportsToXLSXAndCSVMaskedAndAudited() async throws {
        let school = try await loggedIn("school")
        let total = try await count("SELECT COUNT(*) AS n FROM students st JOIN schools s ON s.id = st.school_id WHERE s.code = \(bind: DemoSeed.schoolCode)")
        let xlsx = try await school.get("/students/export?format=xlsx")
        XCTAssertEqual(xlsx.status, .ok)
        XCTAssertEqual(xlsx.headers.first(name: .contentType), ExportFormat.xlsx.contentType)
        XCTAssertTrue(xlsx.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''%E6%AF%95") == true)
        let reader = try XLSXReader(bytes: xlsx.bytes)
        let rows = try reader.rows()
        XCTAssertEqual(rows.count, total + 1, "a header and every graduate of the school")
        XCTAssertEqual(rows.first?.cells.map(\.text).prefix(4), ["学号", "姓名", "性别", "证件号码"])
        let idColumn = rows.dropFirst().map { $0.cells[3].text }
        XCTAssertTrue(idColumn.allSatisfy { $0.isEmpty || $0.contains("*") }, "证件号码 masked: \(idColumn.prefix(3))")

        // CSV with a filter (one college), UTF-8 with BOM; GB18030 decodes to the same rows.
        let college = try await app.db.sql.raw("SELECT id FROM colleges WHERE name LIKE '计算机%'").first()!.decode(column: "id", as: Int64.self)
        let csv = try await school.get("/students/export?format=csv&college=\(college)")
        XCTAssertTrue(csv.body.hasPrefix("\u{FEFF}学号,姓名"), String(csv.body.prefix(20)))
        let gb = try await school.get("/students/export?format=csv-gb18030&college=\(college)")
        let decoded = try TextEncoding.decode(gb.bytes)
        XCTAssertEqual(decoded.encoding, .gb18030)
        XCTAssertEqual(try CSVReader.parse(decoded.text), try CSVReader.parse(String(csv.body.dropFirst())))
        let inCollege = try await count("SELECT COUNT(*) AS n FROM students WHERE college_id = \(bind: college)")
        XCTAssertEqual(try CSVReader.parse(String(csv.body.dropFirst())).count, inCollege + 1)

        let audits = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'export.students' ORDER BY id").all().map { try $0.decode(column: "changes", as: String.self) }
        XCTAssertEqual(audits.count, 3, "xlsx, CSV and GB18030 CSV")
        XCTAssertTrue(audits[1].contains("院系=\(college)"), audits[1])
    }

    func testOnlyTheSchoolAdminExportsFullPersonalData() async throws {
        let college = try await loggedIn("college")
        let asked = try await college.get("/students/export?format=csv&full=1")
        XCTAssertFalse(asked.body.contains(DemoSeed.importedStudentID), "a college admin's export stays masked")
        let school = try await loggedIn("school")
        let full = try await school.get("/students/export?format=csv&full=1")
        XCTAssertTrue(full.body.contains(DemoSeed.importedStudentID))
        let audit = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'export.students' ORDER BY id DESC").first()!.decode(column: "changes", as: String.self)
        XCTAssertTrue(audit.contains("完整个人信息"), audit)
        // A student has no list to export.
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let refused = try await student.get("/students/export")
        XCTAssertNotEqual(refused.status, .ok)
    }

    func testUserAndCodeTableListsExportToo() async throws {
        let security = try await loggedIn("security")
        let users = try await security.get("/admin/users/export?format=csv&role=counselor")
        XCTAssertEqual(users.status, .ok)
        let rows = try CSVReader.parse(String(users.body.dropFirst()))
        XCTAssertEqual(rows.first, ["用户名/学号", "姓名", "手机号", "角色", "状态"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, ["counselor"], "only the filtered role")
        let admin = try await loggedIn("admin", password: "Admin-Pass-2026")
        let codes = try await admin.get("/admin/codes/ethnic_groups/export?format=csv")
        let codeRows = try CSVReader.parse(String(codes.body.dropFirst()))
        XCTAssertEqual(codeRows.count, 59, "header and the 58 codes of GB/T 3304 in the file")
        XCTAssertEqual(Array(codeRows[1].prefix(2)), ["01", "汉族"])
        let units = try await admin.get("/admin/units/export?format=csv&province=500000&city=500100&county=500108")
        let unitRows = try CSVReader.parse(String(units.body.dropFirst()))
        XCTAssertEqual(unitRows.first, ["单位名称", "统一社会信用代码", "所在地", "状态", "登记时间"])
        XCTAssertEqual(unitRows.dropFirst().map { $0[0] }, ["南岸区智能制造研究院"], "the region filter holds")
        let schools = try await admin.get("/admin/schools/export?format=csv&q=" + Browser.encode("九业"))
        let schoolRows = try CSVReader.parse(String(schools.body.dropFirst()))
        XCTAssertEqual(schoolRows.first, ["学校代码", "学校名称", "所在地", "院系数"])
        XCTAssertEqual(schoolRows.dropFirst().map { Array($0.prefix(2)) }, [[DemoSeed.schoolCode, "九业示范大学"]])
        let audits = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('export.users', 'export.codes', 'export.units', 'export.schools')")
        XCTAssertEqual(audits, 4)
    }

    func testOutboxAndJobsListsExportWithTheirFiltersMaskedAndAudited() async throws {
        let keys = app.keys
        try await Outbox.store(OutgoingMessage(to: "13912345678", subject: "", text: "验证码 482913，5 分钟内有效。", purpose: "login", userID: nil),
                               channel: .sms, gateway: "outbox", status: .stored, now: 1_800_000_000, keys: keys, on: app.db)
        try await Outbox.store(OutgoingMessage(to: "someone@example.com", subject: "账号通知", text: "您的账号已开通。", purpose: "notice", userID: nil),
                               channel: .email, gateway: "outbox", status: .stored, now: 1_800_000_100, keys: keys, on: app.db)
        let admin = try await loggedIn("admin", password: "Admin-Pass-2026")
        let page = try await admin.get("/admin/outbox?channel=sms")
        XCTAssertTrue(page.body.contains("/admin/outbox/export?channel=sms&amp;format=csv"), "the menu carries the filter")
        let sms = try await admin.get("/admin/outbox/export?channel=sms&format=csv")
        XCTAssertEqual(sms.status, .ok)
        let rows = try CSVReader.parse(String(sms.body.dropFirst()))
        XCTAssertEqual(rows.first, ["编号", "时间", "渠道", "用途", "收件人", "邮件主题", "状态", "尝试次数", "发送时间", "最近错误"])
        let smsRows = rows.dropFirst().filter { $0[4] == "139****5678" }
        XCTAssertEqual(smsRows.count, 1)
        XCTAssertEqual(rows.dropFirst().filter { $0[2] != "短信" }.count, 0, "the channel filter holds")
        XCTAssertFalse(sms.body.contains("13912345678"), "the recipient is masked")
        XCTAssertFalse(sms.body.contains("482913"), "bodies (codes) are not exported")
        let byRecipient = try await admin.get("/admin/outbox/export?to=someone@example.com&format=xlsx")
        let sheet = try XLSXReader(bytes: byRecipient.bytes).rows()
        XCTAssertEqual(sheet.count, 2)
        XCTAssertEqual(sheet[1].cells[5].trimmedText, "账号通知")
        let bad = try await admin.get("/admin/outbox/export?to=not-a-number&format=csv")
        XCTAssertEqual(bad.status, .badRequest)

        app.jobs.register("test.export", label: "测试导出任务") { _, _ in }
        try await Jobs.enqueue("test.export", runAt: 1_800_000_000, on: app.db)
        let jobs = try await admin.get("/admin/jobs/export?status=queued&format=csv")
        let jobRows = try CSVReader.parse(String(jobs.body.dropFirst()))
        XCTAssertEqual(jobRows.first, ["编号", "任务类型", "状态", "计划时间", "尝试次数", "次数上限", "完成时间", "最近错误"])
        XCTAssertTrue(jobRows.dropFirst().contains { $0[1] == "测试导出任务" && $0[2] == "排队中" }, "the job's Chinese name")
        XCTAssertEqual(jobRows.dropFirst().filter { $0[2] != "排队中" }.count, 0, "the status filter holds")
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let refused = try await student.get("/admin/jobs/export?format=csv")
        XCTAssertEqual(refused.status, .notFound, "admin pages do not exist for other roles")
        let audits = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('export.outbox', 'export.jobs')")
        XCTAssertEqual(audits, 3)
    }

    // MARK: Documents

    func testCommitmentHasASerialAndAVerificationPageWithMaskedData() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let page = try await issuedCommitment(student)
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("基层就业承诺书"))
        XCTAssertTrue(page.body.contains("/css/print.css"))
        let serial = try XCTUnwrap(page.body.range(of: #"JY\d{4}-\d{6}"#, options: .regularExpression).map { String(page.body[$0]) })
        // The QR code carries the verification link; the token is kept sealed, so tests open it as the server does.
        let sealed = try await app.db.sql.raw("SELECT token_cipher FROM document_versions WHERE serial = \(bind: serial)").first()?
            .decode(column: "token_cipher", as: String.self)
        let token = try app.keys.decrypt(try XCTUnwrap(sealed))
        let anonymous = Browser(app)
        let verified = try await anonymous.get("/verify/\(token)")
        XCTAssertEqual(verified.status, .ok)
        XCTAssertTrue(verified.body.contains(serial))
        XCTAssertTrue(verified.body.contains("张*"), "the name is masked")
        XCTAssertFalse(verified.body.contains("张明"))
        // Printing again keeps the serial; the serial itself opens nothing.
        let again = try await student.get("/documents/commitment")
        XCTAssertTrue(again.body.contains(serial))
        let bySerial = try await anonymous.get("/verify/\(serial)")
        XCTAssertEqual(bySerial.status, .notFound)
        let documents = try await count("SELECT COUNT(*) AS n FROM document_versions")
        XCTAssertEqual(documents, 1)
    }

    /// Presses 签发承诺书 (the first opening shows the content and the button) and opens the document.
    func issuedCommitment(_ student: Browser) async throws -> Browser.Page {
        let offer = try await student.get("/documents/commitment")
        let content = try XCTUnwrap(offer.body.range(of: #"name="content" value=""#).flatMap { range in
            offer.body[range.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
        })
        let posted = try await student.request(.POST, "/documents/commitment/issue", form: [("_csrf", offer.csrfToken ?? ""), ("content", content)])
        XCTAssertEqual(posted.status, .seeOther)
        return try await student.get("/documents/commitment")
    }

    func testCommitmentPDFIsMadeByChromium() async throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: PDFRenderer.chromium), "no Chromium on this machine")
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        _ = try await issuedCommitment(student)
        let pdf = try await app.testable().performTest(request: TestingHTTPRequest(method: .GET, url: URI(path: "/documents/commitment.pdf"),
                                                                                   headers: ["Cookie": student.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")],
                                                                                   body: ByteBuffer()))
        XCTAssertEqual(pdf.status, .ok)
        XCTAssertEqual(pdf.headers.first(name: .contentType), "application/pdf")
        let bytes = Array(pdf.body.readableBytesView)
        XCTAssertEqual(Array(bytes.prefix(4)), Array("%PDF".utf8))
        // One A4 page: the page tree says /Count 1 and the media box is 595 × 842 points.
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("/Count 1"), "one page")
        XCTAssertTrue(text.contains("/MediaBox [0 0 594.9") && text.contains(" 841.9"), "A4 (210 × 297 mm is 595.3 × 841.9 points)")
    }
}
