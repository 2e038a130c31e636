@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
@testable import JiuyeSheets
import SQLKit
import XCTest
import XCTVapor

/// Issue 16 §2.1: the import takes the names people type (本科, 共青团员, 汉 …) through the code
/// tables' 简称, which admins extend on 数据字典; the template carries an example row, the code
/// lists and drop-downs; a full export with every column imports again unchanged.
final class ImportAliasesTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String, password: String = DemoSeed.password) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func upload(_ browser: Browser, _ bytes: [UInt8], name: String, file: StaticString = #filePath, line: UInt = #line) async throws -> (Int64, Browser.Page) {
        try await browser.uploadGraduateFile(bytes, name: name, file: file, line: line)
    }

    func outcome(_ id: Int64) async throws -> (status: String, imported: Int, errors: Int, message: String) {
        let row = try await app.db.sql.raw("SELECT status, imported_rows, error_count, message FROM imports WHERE id = \(bind: id)").first()!
        return (try row.decode(column: "status", as: String.self), try row.decode(column: "imported_rows", as: Int.self),
                try row.decode(column: "error_count", as: Int.self), try row.decode(column: "message", as: String?.self) ?? "")
    }

    // MARK: The file people type

    static let titles = GraduateRecordForm.standard.fields.map(\.label)

    /// 50 graduates of the demo school's 计算机学院 with every column, typed as a school office
    /// types them: 学历 本科, 政治面貌 共青团员/团员/党员/群众, 民族 汉/回/蒙古 without 族, 证件类型
    /// 身份证, 修业年限 四年, 困难生类别 无 …
    static func typedRows() -> [[String]] {
        let levels = ["本科", "本科", "大学本科", "本科生毕业", "31", "本科毕业"]
        let political = ["共青团员", "团员", "党员", "群众", "中共党员", "预备党员", "共青 团员", "中共预备党员"]
        let ethnic = ["汉", "汉族", "回", "满", "蒙古", "壮", "土家", "维吾尔", "01", "苗"]
        let documents = ["身份证", "居民身份证", "", "1", "二代身份证"]
        return BenchImport.rows(50, from: 700).enumerated().map { n, base in
            let values: [GraduateField.Key: String] = [
                .cohort: "2026", .educationLevel: levels[n % levels.count], .studyType: n % 3 == 0 ? "普通全日制" : "全日制",
                .normalStudent: n % 2 == 0 ? "非师范" : "非师范生", .college: base[2], .className: "", .name: base[3], .gender: base[4],
                .documentType: documents[n % documents.count], .documentNumber: base[5], .studentNo: base[6], .examineeNo: base[7],
                .trainingMode: n % 4 == 0 ? "非定向培养" : "非定向", .majorCode: base[9], .majorName: base[10],
                .yearsOfStudy: ["4", "四年", "4年"][n % 3], .ethnicity: ethnic[n % ethnic.count], .politicalStatus: political[n % political.count],
                .region: "500108", .sourceRegion: base[11], .sponsorUnit: "", .enrolmentDate: "2022-09", .graduationDate: n % 2 == 0 ? "2026-06" : "2026-06-30",
                .completion: "毕业", .hardship: n % 2 == 0 ? "无" : "非困难生", .phone: base[12], .email: "s\(700 + n)@example.com", .homePhone: "",
                .homeAddress: "重庆市南岸区南坪街道 \(n + 1) 号", .homePostcode: "400060", .qq: "", .hukouMoved: n % 2 == 0 ? "否" : "是", .archiveMoved: "是",
            ]
            return GraduateRecordForm.standard.fields.map { values[$0.key] ?? "" }
        }
    }

    static func xlsx(_ rows: [[String]]) throws -> [UInt8] {
        let writer = XLSXWriter()
        writer.beginSheet(name: "毕业生", columns: titles.map { XLSXWriter.Column($0) })
        for row in rows { writer.appendRow(row.map { .text($0) }) }
        try writer.finish()
        return writer.takeOutput()
    }

    func testFiftyRowsTypedThePeoplesWayImportWithZeroErrors() async throws {
        let school = try await loggedIn("school")
        let (id, page) = try await upload(school, try Self.xlsx(Self.typedRows()), name: "毕业生50.xlsx")
        let result = try await outcome(id)
        XCTAssertEqual(result.errors, 0, page.body)
        XCTAssertEqual(result.status, "done", result.message)
        XCTAssertEqual(result.imported, 50)
        // Stored as the codes: 本科 → 31, 团员 → 03, 汉 → 01, 蒙古 → 02, 身份证 → 1.
        let stored = try await app.db.sql.raw("""
            SELECT gr.education, gr.political_status, gr.ethnicity, gr.document_type FROM graduate_records gr JOIN users u ON u.id = gr.user_id
            WHERE u.student_no = \(bind: Self.typedRows()[1][10].lowercased())
            """).first()!
        XCTAssertEqual(try stored.decode(column: "education", as: String.self), "31")
        XCTAssertEqual(try stored.decode(column: "political_status", as: String.self), "03")   // 团员
        XCTAssertEqual(try stored.decode(column: "ethnicity", as: String.self), "01")          // 汉族
        XCTAssertEqual(try stored.decode(column: "document_type", as: String.self), "1")       // 居民身份证
        let codes = try await app.db.sql.raw("""
            SELECT DISTINCT gr.political_status AS p FROM graduate_records gr JOIN users u ON u.id = gr.user_id WHERE u.student_no LIKE 'i2026%'
            """).all().map { try $0.decode(column: "p", as: String.self) }
        XCTAssertEqual(Set(codes), ["01", "02", "03", "13"])
    }

    func testACodeNoTableKnowsIsStillRefusedWithTheChineseMessage() async throws {
        let school = try await loggedIn("school")
        var rows = Self.typedRows()
        let level = GraduateRecordForm.standard.fields.firstIndex { $0.key == .educationLevel }!
        rows[3][level] = "学士"
        let (id, page) = try await upload(school, try Self.xlsx(rows), name: "毕业生.xlsx")
        let result = try await outcome(id)
        XCTAssertEqual(result.errors, 1)
        XCTAssertEqual(result.imported, 0)
        XCTAssertTrue(page.body.contains("学历“学士”不在代码表中，请填写代码表中的代码、名称或常用简称"), page.body)
    }

    // MARK: Round trip

    /// Each graduate's stored record (JSON of the plain fields, and the personal fields opened), by 学号.
    func records() async throws -> [String: [String]] {
        var out: [String: [String]] = [:]
        for row in try await app.db.sql.raw("""
            SELECT u.student_no, gr.record_json, gr.personal_cipher FROM graduate_records gr JOIN users u ON u.id = gr.user_id WHERE u.student_no LIKE 'i2026%'
            """).all() {
            out[try row.decode(column: "student_no", as: String.self)] = [try row.decode(column: "record_json", as: String.self),
                                                                            try app.keys.decrypt(try row.decode(column: "personal_cipher", as: String.self))]
        }
        return out
    }

    /// The full export of 毕业生名单 with every column, imported into a fresh database (the same
    /// demo school, no graduates of the file yet), gives the same records, and exported there
    /// gives the same file. (Into the database it came from, the import refuses every row as an
    /// existing account, which is right: the round trip is for moving or re-creating records.)
    func testTheFullExportWithAllColumnsImportsAgainUnchanged() async throws {
        var school = try await loggedIn("school")
        let (firstID, _) = try await upload(school, try Self.xlsx(Self.typedRows()), name: "毕业生50.xlsx")
        let first = try await outcome(firstID)
        XCTAssertEqual(first.imported, 50)
        let query = "columns=all&format=xlsx&full=1&q=" + Browser.encode("导入学生")
        let export = try await school.get("/students/export?" + query)
        XCTAssertEqual(export.status, .ok)
        XCTAssertTrue(export.headers.first(name: .contentDisposition)?.contains("filename*=UTF-8''") == true)
        let sheet = try XLSXReader(bytes: export.bytes).rows()
        XCTAssertEqual(sheet.first?.cells.map(\.text), Self.titles, "the template's columns, in its order")
        XCTAssertEqual(sheet.count, 51)
        let level = Self.titles.firstIndex(of: "学历")!, political = Self.titles.firstIndex(of: "政治面貌")!
        XCTAssertEqual(Set(sheet.dropFirst().map { $0.cells[level].text }), ["本科生毕业"], "coded columns by name")
        XCTAssertTrue(sheet.dropFirst().contains { $0.cells[political].text == "中国共产主义青年团团员" })
        // The masked export is masked.
        let masked = try XLSXReader(bytes: try await school.get("/students/export?columns=all&format=xlsx&q=" + Browser.encode("导入学生")).bytes).rows()
        let idColumn = Self.titles.firstIndex(of: "证件号码")!
        XCTAssertTrue(masked.dropFirst().allSatisfy { $0.cells[idColumn].text.contains("*") })
        // Only the school admin has this export.
        let college = try await loggedIn("college")
        let collegeExport = try await college.get("/students/export?" + query)
        XCTAssertNotEqual(collegeExport.status, .ok)
        school = try await loggedIn("school")
        // Into the same database: every row already has an account.
        let (sameID, _) = try await upload(school, export.bytes, name: "导出.xlsx")
        let same = try await outcome(sameID)
        XCTAssertEqual(same.imported, 0)
        XCTAssertGreaterThanOrEqual(same.errors, 50)

        let expected = try await records()
        XCTAssertEqual(expected.count, 50)
        try await app.asyncShutdown()
        app = try await TestApp.make(seeded: true)
        let before = try await records()
        XCTAssertEqual(before.count, 0, "a fresh database")
        let fresh = try await loggedIn("school")
        let (id, page) = try await upload(fresh, export.bytes, name: "毕业生生源信息.xlsx")
        let result = try await outcome(id)
        XCTAssertEqual(result.errors, 0, page.body)
        XCTAssertEqual(result.imported, 50, result.message)
        let imported = try await records()
        XCTAssertEqual(imported, expected, "every field as it was")
        let again = try await fresh.get("/students/export?" + query)
        // The same file (rows newest first, so in the opposite order: compare them sorted).
        func sorted(_ rows: [SheetRow]) -> [[String]] { rows.map { $0.cells.map(\.text) }.sorted { $0.joined(separator: "|") < $1.joined(separator: "|") } }
        let againRows = try XLSXReader(bytes: again.bytes).rows()
        XCTAssertEqual(againRows.first?.cells.map(\.text), Self.titles)
        XCTAssertEqual(sorted(againRows), sorted(sheet))
    }

    // MARK: Template

    func testTheTemplateHasAnExampleRowTheCodeListsAndDropDowns() async throws {
        let school = try await loggedIn("school")
        let response = try await school.get("/students/import/template.xlsx")
        XCTAssertEqual(response.status, .ok)
        let reader = try XLSXReader(bytes: response.bytes)
        XCTAssertEqual(reader.sheetNames, ["毕业生", "代码表"])
        let rows = try reader.rows()
        XCTAssertEqual(rows[0].cells.map(\.text), GraduateRecordForm.standard.templateTitles(for: .schoolImport))
        XCTAssertEqual(rows.count, 2, "titles and the example row")
        // The example row passes every rule, including the confirmation's, and the school's org.
        let form = GraduateRecordForm.standard
        let mapping = form.mapHeader(rows[0].cells.map(\.text), stage: .confirmation)
        let validator = GraduateRecordValidator(form: form, stage: .confirmation, lookup: try await GraduateImport.lookup(app, on: app.db))
        var example = rows[1].cells.map(\.text)
        // 姓名 marks the row as the example (the import skips it); every other cell is a value that passes.
        let nameColumn = try XCTUnwrap(form.fields.firstIndex { $0.key == .name })
        XCTAssertEqual(example[nameColumn], ImportTemplate.exampleName)
        example[nameColumn] = "张三"
        let outcome = validator.validate(cells: example, mapping: mapping)
        XCTAssertEqual(outcome.problems.map(\.message), [])
        XCTAssertEqual(outcome.record?[.educationLevel], "31", "written 本科")
        XCTAssertEqual(outcome.record?[.ethnicity], "01", "written 汉")
        let schoolID = try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()!.decode(column: "id", as: Int64.self)
        let org = try await GraduateImport.Org.load(school: schoolID, on: app.db)
        XCTAssertTrue(org.place(outcome.record!, row: 2).problems.isEmpty)

        // 代码表: each list with its title; 学历 lists code, name and 简称.
        let codes = try reader.rows(sheet: "代码表")
        let header = codes[0].cells.map(\.text)
        let levelName = try XCTUnwrap(header.firstIndex(of: "学历名称"))
        XCTAssertEqual(header[levelName - 1], "学历代码")
        XCTAssertEqual(header[levelName + 1], "学历简称")
        let levels = codes.dropFirst().compactMap { $0.cells.count > levelName ? $0.cells[levelName].text : nil }.filter { !$0.isEmpty }
        XCTAssertEqual(levels.count, 8)
        XCTAssertTrue(levels.contains("本科生毕业"))
        XCTAssertTrue(codes.dropFirst().contains { $0.cells.count > levelName + 1 && $0.cells[levelName + 1].text.contains("本科") })
        XCTAssertNotNil(header.firstIndex(of: "政治面貌名称"))
        XCTAssertNotNil(header.firstIndex(of: "民族名称"))
        XCTAssertNotNil(header.firstIndex(of: "性别"))
        XCTAssertNotNil(header.firstIndex(of: "院系名称"))

        // The drop-downs: one per coded column, each pointing at its list on 代码表.
        let zip = try ZipArchive(bytes: response.bytes)
        let xml = String(decoding: try zip.extract(try XCTUnwrap(zip.entry(named: "xl/worksheets/sheet1.xml")), limit: 1 << 22), as: UTF8.self)
        XCTAssertTrue(xml.contains("<dataValidations"))
        func list(forColumn title: String) throws -> String {
            let column = try XCTUnwrap(form.templateTitles(for: .schoolImport).firstIndex { $0.hasPrefix(title) })
            let letters = String(decoding: XLSXParts.columnLetters(column), as: UTF8.self)
            let marker = "sqref=\"\(letters)2:\(letters)100001\"><formula1>"
            let start = try XCTUnwrap(xml.range(of: marker), title).upperBound
            let end = try XCTUnwrap(xml[start...].range(of: "</formula1>")).lowerBound
            return String(xml[start..<end])
        }
        let levelLetters = String(decoding: XLSXParts.columnLetters(levelName), as: UTF8.self)
        XCTAssertEqual(try list(forColumn: "学历"), "'代码表'!$\(levelLetters)$2:$\(levelLetters)$9")
        XCTAssertTrue(try list(forColumn: "政治面貌").hasPrefix("'代码表'!$"))
        XCTAssertTrue(try list(forColumn: "性别").hasPrefix("'代码表'!$"))
        XCTAssertTrue(xml.contains("errorStyle=\"warning\""), "typing a code or 简称 stays possible")

        // The example row left in the file is skipped: the template as downloaded imports nothing.
        let (id, _) = try await upload(school, response.bytes, name: "模板.xlsx")
        let result = try await self.outcome(id)
        XCTAssertEqual(result.imported, 0)
        XCTAssertTrue(result.message.contains("没有毕业生数据"), result.message)
    }

    // MARK: 数据字典: 简称

    func testAdminsAddAliasesThatTheImportThenAccepts() async throws {
        let school = try await loggedIn("school")
        let page = try await school.get("/admin/codes/education_levels")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("添加简称") && page.body.contains("大学本科"))
        XCTAssertFalse(page.body.contains("添加本地代码"), "local codes stay with the system admin")
        let path = "/admin/codes/education_levels"
        // Refused: taken by another code, a name, bad characters, an unknown code, no token.
        var refused = try await school.submit(path + "/aliases", from: path, form: [("code", "L1"), ("alias", "本科")])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("“本科”已是本表代码 31（本科生毕业）的简称，不能重复使用。"), refused.body)
        refused = try await school.submit(path + "/aliases", from: path, form: [("code", "33"), ("alias", "本科生毕业")])
        XCTAssertTrue(refused.body.contains("是本表代码 31（本科生毕业）的名称"))
        refused = try await school.submit(path + "/aliases", from: path, form: [("code", "31"), ("alias", "=本科<b>")])
        XCTAssertTrue(refused.body.contains("简称只能包含文字、字母、数字、空格、括号和“·”。"))
        refused = try await school.submit(path + "/aliases", from: path, form: [("code", "99"), ("alias", "学士")])
        XCTAssertTrue(refused.body.contains("本表没有代码 99。"))
        let noToken = try await school.request(.POST, path + "/aliases", form: [("code", "31"), ("alias", "学士")])
        XCTAssertNotEqual(noToken.status, .seeOther)
        // Added, audited, and the import takes it at once.
        let added = try await school.submit(path + "/aliases", from: path, form: [("code", "31"), ("alias", "学士")])
        XCTAssertEqual(added.status, .seeOther)
        let aliases = try await app.db.sql.raw("SELECT aliases FROM codes WHERE table_key = 'education_levels' AND code = '31'").first()!.decode(column: "aliases", as: String.self)
        XCTAssertTrue(CodeAliases.decode(aliases).contains("学士"))
        let audits = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'code.alias.add'").all().map { try $0.decode(column: "changes", as: String.self) }
        XCTAssertEqual(audits.count, 1)
        XCTAssertTrue(audits[0].contains("学士"))
        var rows = Self.typedRows()
        rows[0][GraduateRecordForm.standard.fields.firstIndex { $0.key == .educationLevel }!] = "学士"
        let (id, importPage) = try await upload(school, try Self.xlsx(rows), name: "毕业生.xlsx")
        let withAlias = try await outcome(id)
        XCTAssertEqual(withAlias.errors, 0, importPage.body)
        // Only added 简称 can be deleted; the shipped ones stay.
        let codeID = try await app.db.sql.raw("SELECT id FROM codes WHERE table_key = 'education_levels' AND code = '31'").first()!.decode(column: "id", as: Int64.self)
        _ = try await school.submit("\(path)/\(codeID)/aliases/delete", from: path, form: [("alias", "本科")])
        _ = try await school.submit("\(path)/\(codeID)/aliases/delete", from: path, form: [("alias", "学士")])
        let after = CodeAliases.decode(try await app.db.sql.raw("SELECT aliases FROM codes WHERE id = \(bind: codeID)").first()!.decode(column: "aliases", as: String.self))
        XCTAssertTrue(after.contains("本科"))
        XCTAssertFalse(after.contains("学士"))
        let deletions = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'code.alias.delete'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(deletions, 1)
        // A school admin cannot add local codes; a counselor cannot read the dictionary.
        let local = try await school.submit(path, from: path, form: [("code", "L9"), ("name", "本地")])
        XCTAssertEqual(local.status, .notFound)
        let counselor = try await loggedIn("counselor")
        let counselorPage = try await counselor.get("/admin/codes")
        XCTAssertEqual(counselorPage.status, .notFound)
    }

    // MARK: 数据字典: wording

    func testTheDictionaryIsWrittenForTheAdmin() async throws {
        let developerWords = ["CONFLICT", "PRODUCT", "依据：", ".py", "scripts", "third-party", "basis", "product-spec", "seed-manual", "JY/T 1001 名称",
                              "public code", "the app", "in_app"]
        for (user, password) in [("school", DemoSeed.password), ("admin", "Admin-Pass-2026")] {
            let browser = try await loggedIn(user, password: password)
            let list = try await browser.get("/admin/codes")
            XCTAssertEqual(list.status, .ok, user)
            XCTAssertTrue(list.body.contains("GB/T 4762-1984") && list.body.contains("版本日期") && list.body.contains("国家标准"))
            for word in developerWords { XCTAssertFalse(list.body.contains(word), "\(user) /admin/codes shows \(word)") }
            for entry in try CodeTableFiles.manifest() {
                let page = try await browser.get("/admin/codes/\(entry.key)")
                XCTAssertEqual(page.status, .ok, entry.key)
                for word in developerWords { XCTAssertFalse(page.body.contains(word), "\(user) /admin/codes/\(entry.key) shows \(word)") }
            }
            let documents = try await browser.get("/admin/codes/document_types")
            XCTAssertTrue(documents.body.contains("平台补充代码"), "B and C are the platform's codes")
            XCTAssertTrue(documents.body.contains("身份证"))
        }
    }
}
