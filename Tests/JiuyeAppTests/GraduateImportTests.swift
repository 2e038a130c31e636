@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import JiuyeSheets
import SQLKit
import XCTest
import XCTVapor

/// 学校-添加毕业生 by file: about a thousand rows as .xlsx and as GB18030 CSV, the error report
/// for bad rows (non-county 生源所在地, bad ID checksum, unknown 专业代码), all or nothing.
final class GraduateImportTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    static let header = BenchImport.header
    static func rows(_ count: Int, from start: Int = 0) -> [[String]] { BenchImport.rows(count, from: start) }
    static func xlsx(_ rows: [[String]]) throws -> [UInt8] { try BenchImport.xlsx(rows) }

    static func csv(_ rows: [[String]], encoding: TextEncoding) -> [UInt8] {
        let writer = CSVWriter(encoding: encoding)
        writer.appendRow(header.map { .text($0) })
        for row in rows { writer.appendRow(row.map { .text($0) }) }
        writer.finish()
        return writer.takeOutput()
    }

    func school() async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login("school", DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther)
        return browser
    }

    func upload(_ browser: Browser, _ bytes: [UInt8], name: String, file: StaticString = #filePath, line: UInt = #line) async throws -> (Int64, Browser.Page) {
        try await browser.uploadGraduateFile(bytes, name: name, file: file, line: line)
    }

    func outcome(_ id: Int64) async throws -> (String, Int, Int) {
        let row = try await app.db.sql.raw("SELECT status, imported_rows, error_count FROM imports WHERE id = \(bind: id)").first()!
        return (try row.decode(column: "status", as: String.self), try row.decode(column: "imported_rows", as: Int.self), try row.decode(column: "error_count", as: Int.self))
    }

    func importedCount() async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM users WHERE student_no LIKE 'i2026%'").first()!.decode(column: "n", as: Int.self)
    }

    func testAThousandRowsImportAllOrNothingWithAnErrorReport() async throws {
        let browser = try await school()
        var rows = Self.rows(1_000)
        rows[10][11] = "500100"                        // 重庆市市辖区: not a county
        rows[20][5] = String(rows[20][5].dropLast()) + (rows[20][5].last == "1" ? "2" : "1")   // bad check digit
        rows[30][9] = "999999"                         // no such major
        rows[40][6] = rows[41][6]                      // 学号 twice
        let (badID, badPage) = try await upload(browser, try Self.xlsx(rows), name: "毕业生.xlsx")
        var (status, imported, errors) = try await outcome(badID)
        XCTAssertEqual(status, "failed")
        XCTAssertEqual(imported, 0)
        XCTAssertEqual(errors, 4, badPage.body)
        let importedBefore = try await importedCount()
        XCTAssertEqual(importedBefore, 0, "nothing imported while any row is wrong")
        XCTAssertTrue(badPage.body.contains("生源所在地"), "the county rule")
        XCTAssertTrue(badPage.body.contains("校验"), "the ID checksum")
        XCTAssertTrue(badPage.body.contains("专业代码"), "the unknown major")
        XCTAssertTrue(badPage.body.contains("与第 42 行重复"), "rows are numbered as in Excel (header is row 1)")
        XCTAssertFalse(badPage.body.contains(rows[20][5]), "an ID number in the report is masked")
        // The report downloads as .xlsx with the same four problems.
        var headers: HTTPHeaders = [:]
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let report = try await app.testable().performTest(request: TestingHTTPRequest(method: .GET, url: URI(path: "/students/import/\(badID)/report.xlsx"),
                                                                                      headers: headers, body: ByteBuffer()))
        let reportRows = try XLSXReader(bytes: Array(report.body.readableBytesView)).rows()
        XCTAssertEqual(reportRows.count, 5)
        XCTAssertEqual(reportRows[0].cells.map(\.text), ["行号", "列", "原值", "问题"])
        // The uploaded file is not kept after the import ended.
        let blob = try await app.db.sql.raw("SELECT blob_key FROM imports WHERE id = \(bind: badID)").first()!.decode(column: "blob_key", as: String.self)
        let stored = try await app.uploadStore.exists(key: blob)
        XCTAssertFalse(stored)

        // Fixed: every row goes in, as accounts without a password, in scope for the college admin.
        let (goodID, goodPage) = try await upload(browser, try Self.xlsx(Self.rows(1_000)), name: "毕业生.xlsx")
        (status, imported, errors) = try await outcome(goodID)
        XCTAssertEqual(status, "done", goodPage.body)
        XCTAssertEqual(imported, 1_000)
        XCTAssertEqual(errors, 0)
        let importedAfter = try await importedCount()
        XCTAssertEqual(importedAfter, 1_000)
        let hashes = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM users WHERE student_no LIKE 'i2026%' AND password_hash IS NOT NULL").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(hashes, 0, "no Bcrypt at import: they set a password at first login")
        let records = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM graduate_records WHERE source_region = '500108'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(records, 1_000)
        let audited = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'import.graduates'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audited, 1, "the import is audited in its own transaction; the refused ones are not imports")
        // Over a thousand graduates now: the export reads them in two pages and loses none.
        let inSchool = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM students st JOIN schools s ON s.id = st.school_id WHERE s.code = \(bind: DemoSeed.schoolCode)")
            .first()!.decode(column: "n", as: Int.self)
        XCTAssertGreaterThan(inSchool, SheetExport.pageSize)
        let exported = try await browser.get("/students/export?format=csv")
        let exportedRows = try CSVReader.parse(String(exported.body.dropFirst()))
        XCTAssertEqual(exportedRows.count, inSchool + 1)
        XCTAssertEqual(Set(exportedRows.dropFirst().map { $0[0] }).count, inSchool, "no row twice")
        // The same file again: every 学号 already has an account.
        let (againID, _) = try await upload(browser, try Self.xlsx(Self.rows(3)), name: "again.xlsx")
        let again = try await outcome(againID)
        XCTAssertEqual(again.0, "failed")
        XCTAssertEqual(again.2, 9, "学号, 手机号 and 证件号码 of three rows exist")
    }

    func testGB18030CSVImportsLikeTheWorkbook() async throws {
        let browser = try await school()
        let rows = Self.rows(300, from: 5_000)
        let (id, page) = try await upload(browser, Self.csv(rows, encoding: .gb18030), name: "毕业生.csv")
        let (status, imported, _) = try await outcome(id)
        XCTAssertEqual(status, "done", page.body)
        XCTAssertEqual(imported, 300)
        let format = try await app.db.sql.raw("SELECT file_format FROM imports WHERE id = \(bind: id)").first()!.decode(column: "file_format", as: String.self)
        XCTAssertEqual(format, "csv")
        let names = try await app.db.sql.raw("SELECT display_name FROM users WHERE student_no = 'i2026005000'").first()?.decode(column: "display_name", as: String.self)
        XCTAssertEqual(names, "导入学生五零零零", "Chinese read back from GB18030")
    }

    func testRecordJSONByHandIsValidJSON() throws {
        let values: [GraduateField.Key: String] = [.name: "张\"明\\", .homeAddress: "重庆市\n沙坪坝区\t1号\u{1}", .college: "计算机学院", .phone: "13800001001"]
        for personal in [false, true] {
            let text = GraduateImport.json(values, personal: personal)
            let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String], text)
            let expected = Dictionary(uniqueKeysWithValues: values.filter { GraduateImport.personalKeys.contains($0.key) == personal }.map { ($0.key.rawValue, $0.value) })
            XCTAssertEqual(object, expected)
        }
    }

    func testAFileThatIsNotASpreadsheetIsRefusedAtOnce() async throws {
        let browser = try await school()
        let token = try await browser.get("/students/import").csrfToken ?? ""
        let boundary = "----jiuyeX"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"毕业生.xlsx\"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n")
        body.writeBytes([0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00] + Array(repeating: 0, count: 100))   // an .exe renamed
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Origin": TestApp.origin]
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: .POST, url: URI(path: "/students/import?_csrf=\(token)"),
                                                                                        headers: headers, body: body))
        XCTAssertEqual(response.status, .unprocessableEntity)
        XCTAssertTrue(response.body.string.contains("只能导入 Excel (.xlsx) 或 CSV 文件"))
        let imports = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM imports").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(imports, 0)
        // Other roles have no import page.
        let college = Browser(app)
        _ = try await college.login("college", DemoSeed.password)
        let refused = try await college.get("/students/import")
        XCTAssertNotEqual(refused.status, .ok)
    }

    // MARK: 添加毕业生 one at a time

    /// The form's fields for BenchImport's row `n` (the import's columns by field key).
    func formFields(_ n: Int) -> [(String, String)] {
        let row = Self.rows(1, from: n)[0]
        let keys: [GraduateField.Key] = [.cohort, .educationLevel, .college, .name, .gender, .documentNumber, .studentNo, .examineeNo,
                                         .trainingMode, .majorCode, .majorName, .sourceRegion, .phone]
        return Array(zip(keys.map(\.rawValue), row)) + [("province", "500000"), ("city", "500100")]
    }

    func testTheSchoolAddsOneGraduateByFormWithTheImportsRules() async throws {
        let browser = try await school()
        let step = try await browser.get("/students/new?province=500000&city=500100")
        XCTAssertEqual(step.status, .ok)
        XCTAssertTrue(step.body.contains("第二步：填写生源信息"))
        XCTAssertTrue(step.body.contains("value=\"500108\""), "the county list of 重庆市市辖区 is offered without JavaScript")

        let total = { (body: String) -> Int? in
            body.firstMatch(of: /共 (\d+) 条/).flatMap { Int($0.output.1) }
        }
        let listBefore = try await browser.get("/students")
        let before = try XCTUnwrap(total(listBefore.body), "the list counts its graduates")
        let added = try await browser.submit("/students/new", from: "/students/new", form: formFields(70_001))
        XCTAssertEqual(added.status, .seeOther, added.body)
        XCTAssertEqual(added.location, "/students?q=I2026070001")
        let row = try await app.db.sql.raw("""
            SELECT u.password_hash, s.source_region_code, r.major_code FROM users u JOIN students s ON s.user_id = u.id
            JOIN graduate_records r ON r.user_id = u.id WHERE u.student_no = 'i2026070001'
            """).first()
        XCTAssertNil(try row?.decode(column: "password_hash", as: String?.self), "activated at first login, like an import")
        XCTAssertEqual(try row?.decode(column: "source_region_code", as: String.self), "500108")
        XCTAssertEqual(try row?.decode(column: "major_code", as: String.self), "080901")
        let audited = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'student.create' AND target_id = 'I2026070001'").first()!
            .decode(column: "n", as: Int.self)
        XCTAssertEqual(audited, 1)
        let listed = try await browser.get("/students?q=I2026070001")
        XCTAssertTrue(listed.body.contains("已添加毕业生"))
        // The list's kept count is emptied by the write: the new graduate is counted at once.
        let listAfter = try await browser.get("/students")
        XCTAssertEqual(total(listAfter.body), before + 1)

        // The same 学号, 证件号码 and 手机号 again: refused by field, nothing added.
        let again = try await browser.submit("/students/new", from: "/students/new", form: formFields(70_001))
        XCTAssertEqual(again.status, .unprocessableEntity)
        XCTAssertTrue(again.body.contains("已有账号使用该学号。"))
        XCTAssertTrue(again.body.contains("该证件号码已有账号"))
        XCTAssertTrue(again.body.contains("value=\"I2026070001\""), "what was typed is kept")

        // A wrong check digit, a city as 生源所在地 and another school's 院系: each named on its field.
        var bad = formFields(70_002)
        bad = bad.map { key, value in
            switch key {
            case "document_number": (key, String(value.dropLast()) + (value.hasSuffix("1") ? "2" : "1"))
            case "source_region": (key, "500100")
            case "college": (key, "不存在学院")
            default: (key, value)
            }
        }
        let refused = try await browser.submit("/students/new", from: "/students/new", form: bad)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("校验位"), "证件号码")
        XCTAssertTrue(refused.body.contains("须填写到区县一级"), "生源所在地")
        let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM users WHERE student_no = 'i2026070002'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 0)
        let college = try await browser.submit("/students/new", from: "/students/new",
                                               form: formFields(70_003).map { $0.0 == "college" ? ($0.0, "不存在学院") : $0 })
        XCTAssertTrue(college.body.contains("不是本校的院系"))
    }

    func testOnlyTheSchoolAdminAddsGraduatesAndTheFormNeedsItsToken() async throws {
        let counselor = Browser(app)
        _ = try await counselor.login("counselor", DemoSeed.password)
        let page = try await counselor.get("/students/new")
        XCTAssertNotEqual(page.status, .ok)
        let counselorList = try await counselor.get("/students")
        XCTAssertEqual(counselorList.status, .ok)
        XCTAssertFalse(counselorList.body.contains("href=\"/students/new\""), "no 添加毕业生 for a counselor")
        let browser = try await school()
        let schoolList = try await browser.get("/students")
        XCTAssertTrue(schoolList.body.contains("href=\"/students/new\""), "the school admin's list offers 添加毕业生")
        let forged = try await browser.request(.POST, "/students/new", form: formFields(70_010))
        XCTAssertEqual(forged.status, .forbidden, "no CSRF token")
        let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM users WHERE student_no = 'i2026070010'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 0)
    }
}
