@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

final class OrgAdminTests: XCTestCase {
    var app: Application!
    var browser: Browser!

    override func setUp() async throws {
        app = try await TestApp.make()
        browser = Browser(app)
    }

    override func tearDown() async throws {
        try await app.asyncShutdown()
    }

    // MARK: - Helpers

    static let password = "Org-Test-Pass-2026"

    func loginAdmin() async throws {
        let response = try await browser.login("admin", "Admin-Pass-2026")
        XCTAssertEqual(response.status, .seeOther)
    }

    /// An account with one role assignment, created the way an admin would.
    @discardableResult
    func makeUser(_ username: String, role: Role, scope: [ScopeDimension: Set<String>]) async throws -> Int64 {
        let hash = try await app.passwords.hash(Self.password)
        let (keys, now) = (app.keys, app.clock.now())
        return try await app.db.writeTransaction { db in
            let id = try await AccountQueries.create(.init(username: username, displayName: "测试\(role.label)", passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: id, role: role, scope: scope, createdBy: nil, now: now, on: db)
            return id
        }
    }

    /// Creates a school through the form and returns its id (from the redirect).
    func createSchool(code: String, name: String, region: String = "510000") async throws -> Int64 {
        let response = try await browser.submit("/admin/schools", from: "/admin/schools", form: [("code", code), ("name", name), ("region", region)])
        XCTAssertEqual(response.status, .seeOther, response.body)
        let location = try XCTUnwrap(response.location)
        XCTAssertTrue(location.hasPrefix("/admin/schools/"), location)
        return try XCTUnwrap(Int64(location.dropFirst("/admin/schools/".count)))
    }

    func id(of table: String, named name: String) async throws -> Int64 {
        let row = try await app.db.sql.select().column("id").from(table).where("name", .equal, SQLBind(name)).first()
        return try XCTUnwrap(row).decode(column: "id", as: Int64.self)
    }

    func count(_ table: String, where column: String? = nil, equals value: any Encodable & Sendable = "") async throws -> Int {
        var query = app.db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from(table)
        if let column { query = query.where(SQLIdentifier(column), .equal, SQLBind(value)) }
        return try await query.first()?.decode(column: "n", as: Int.self) ?? -1
    }

    struct AuditRow: Decodable { let action: String; let actor_role: String?; let target_type: String; let target_id: String?; let changes: String }

    func auditRows(_ action: String) async throws -> [AuditRow] {
        try await app.db.sql.select().columns("action", "actor_role", "target_type", "target_id", "changes").from("audit_log")
            .where("action", .equal, SQLBind(action)).all(decoding: AuditRow.self)
    }

    /// A valid 统一社会信用代码 for the county (check character computed).
    static func creditCode(_ county: String, _ serial: Int) -> String {
        CreditCode.completing("91\(county)MA6\(String(format: "%06d", serial))")!
    }

    // MARK: - The tree

    func testSchoolTreeIsCreatedListedAndAudited() async throws {
        try await loginAdmin()
        let schoolID = try await createSchool(code: "10611", name: "西南测试大学")
        let list = try await browser.get("/admin/schools")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("西南测试大学"))
        XCTAssertTrue(list.body.contains("10611"))
        XCTAssertTrue(list.body.contains("四川省"))

        let schoolPath = "/admin/schools/\(schoolID)"
        let campus = try await browser.submit("\(schoolPath)/campuses", from: schoolPath, form: [("name", "犀浦校区")])
        XCTAssertEqual(campus.status, .seeOther)
        XCTAssertEqual(campus.location, schoolPath)
        let campusID = try await id(of: "campuses", named: "犀浦校区")

        let college = try await browser.submit("\(schoolPath)/colleges", from: schoolPath,
                                               form: [("code", "01"), ("name", "计算机与人工智能学院"), ("campus", String(campusID))])
        XCTAssertEqual(college.status, .seeOther)
        let schoolPage = try await browser.get(schoolPath)
        XCTAssertTrue(schoolPage.body.contains("院系“计算机与人工智能学院”已新增。"), "flash after the redirect")
        XCTAssertTrue(schoolPage.body.contains("犀浦校区"))
        XCTAssertTrue(schoolPage.body.contains("计算机与人工智能学院"))
        let collegeID = try await id(of: "colleges", named: "计算机与人工智能学院")
        XCTAssertTrue(schoolPage.body.contains("href=\"/admin/colleges/\(collegeID)\""))

        let collegePath = "/admin/colleges/\(collegeID)"
        let major = try await browser.submit("\(collegePath)/majors", from: collegePath,
                                             form: [("code", "080901"), ("name", "计算机科学与技术"), ("level", "本科")])
        XCTAssertEqual(major.status, .seeOther)
        XCTAssertEqual(major.location, collegePath)
        let majorID = try await id(of: "majors", named: "计算机科学与技术")
        let klass = try await browser.submit("\(collegePath)/classes", from: collegePath,
                                             form: [("name", "计科2201"), ("major", String(majorID)), ("cohort", "2026")])
        XCTAssertEqual(klass.status, .seeOther)
        let collegePage = try await browser.get(collegePath)
        XCTAssertEqual(collegePage.status, .ok)
        XCTAssertTrue(collegePage.body.contains("080901"))
        XCTAssertTrue(collegePage.body.contains("计科2201"))
        XCTAssertTrue(collegePage.body.contains("2026届"))
        XCTAssertTrue(collegePage.body.contains("西南测试大学"), "the college page names its school")

        let stored = try await app.db.sql.select().columns("college_id", "major_id", "cohort").from("classes").first()
        XCTAssertEqual(try stored?.decode(column: "college_id", as: Int64.self), collegeID)
        XCTAssertEqual(try stored?.decode(column: "major_id", as: Int64.self), majorID)
        XCTAssertEqual(try stored?.decode(column: "cohort", as: Int.self), 2026)

        // Every write left exactly one audit row, by the system admin, naming what it created.
        for (action, target) in [("org.school.create", "school"), ("org.campus.create", "campus"), ("org.college.create", "college"),
                                 ("org.major.create", "major"), ("org.class.create", "class")] {
            let rows = try await auditRows(action)
            XCTAssertEqual(rows.count, 1, action)
            XCTAssertEqual(rows.first?.actor_role, Role.systemAdmin.rawValue, action)
            XCTAssertEqual(rows.first?.target_type, target, action)
            XCTAssertNotNil(rows.first?.target_id, action)
        }
        let collegeAudit = try await auditRows("org.college.create").first
        XCTAssertTrue(collegeAudit?.changes.contains("计算机与人工智能学院") == true)
    }

    func testDuplicateCollegeCodeIsRefusedInChinese() async throws {
        try await loginAdmin()
        let schoolID = try await createSchool(code: "10612", name: "重复代码测试大学")
        let path = "/admin/schools/\(schoolID)"
        let first = try await browser.submit("\(path)/colleges", from: path, form: [("code", "01"), ("name", "文学院"), ("campus", "")])
        XCTAssertEqual(first.status, .seeOther)
        let again = try await browser.submit("\(path)/colleges", from: path, form: [("code", "01"), ("name", "理学院"), ("campus", "")])
        XCTAssertEqual(again.status, .unprocessableEntity)
        XCTAssertTrue(again.body.contains("本校已有代码为 01 的院系，院系代码不能重复。"), again.body)
        XCTAssertTrue(again.body.contains("value=\"理学院\""), "the form keeps what was typed")
        let colleges = try await count("colleges", where: "school_id", equals: schoolID)
        XCTAssertEqual(colleges, 1)
        let audits = try await auditRows("org.college.create")
        XCTAssertEqual(audits.count, 1, "a refused write leaves no audit row")
        // The same code in another school is fine.
        let otherID = try await createSchool(code: "10613", name: "另一所大学")
        let other = try await browser.submit("/admin/schools/\(otherID)/colleges", from: "/admin/schools/\(otherID)", form: [("code", "01"), ("name", "文学院")])
        XCTAssertEqual(other.status, .seeOther)
    }

    func testSchoolCodeMustBeFiveUniqueDigits() async throws {
        try await loginAdmin()
        let short = try await browser.submit("/admin/schools", from: "/admin/schools", form: [("code", "1061"), ("name", "短代码大学"), ("region", "510000")])
        XCTAssertEqual(short.status, .unprocessableEntity)
        XCTAssertTrue(short.body.contains("学校代码应为 5 位数字"))
        let noRegion = try await browser.submit("/admin/schools", from: "/admin/schools", form: [("code", "10614"), ("name", "无省份大学"), ("region", "510100")])
        XCTAssertEqual(noRegion.status, .unprocessableEntity, "a city is not a province")
        XCTAssertTrue(noRegion.body.contains("请选择学校所在省份。"))
        _ = try await createSchool(code: "１０６１４", name: "全角代码大学")
        let stored = try await app.db.sql.select().column("code").from("schools").where("name", .equal, SQLBind("全角代码大学")).first()
        XCTAssertEqual(try stored?.decode(column: "code", as: String.self), "10614", "full-width digits from an IME are normalised")
        let duplicate = try await browser.submit("/admin/schools", from: "/admin/schools", form: [("code", "10614"), ("name", "重复大学"), ("region", "500000")])
        XCTAssertEqual(duplicate.status, .unprocessableEntity)
        XCTAssertTrue(duplicate.body.contains("学校代码 10614 已被其他学校使用"))
        let schools = try await count("schools")
        XCTAssertEqual(schools, 1)
    }

    func testClassNeedsCohortInRangeAndAMajorOfThisCollege() async throws {
        try await loginAdmin()
        let schoolID = try await createSchool(code: "10615", name: "班级测试大学")
        let path = "/admin/schools/\(schoolID)"
        try await browser.submit("\(path)/colleges", from: path, form: [("code", "01"), ("name", "甲学院")])
        try await browser.submit("\(path)/colleges", from: path, form: [("code", "02"), ("name", "乙学院")])
        let first = try await id(of: "colleges", named: "甲学院")
        let second = try await id(of: "colleges", named: "乙学院")
        try await browser.submit("/admin/colleges/\(second)/majors", from: "/admin/colleges/\(second)", form: [("code", "050101"), ("name", "汉语言文学"), ("level", "本科")])
        let foreignMajor = try await id(of: "majors", named: "汉语言文学")
        let badLevel = try await browser.submit("/admin/colleges/\(first)/majors", from: "/admin/colleges/\(first)", form: [("code", "070101"), ("name", "数学"), ("level", "中专")])
        XCTAssertEqual(badLevel.status, .unprocessableEntity)
        XCTAssertTrue(badLevel.body.contains("请选择学历"))
        try await browser.submit("/admin/colleges/\(first)/majors", from: "/admin/colleges/\(first)", form: [("code", "070101"), ("name", "数学与应用数学"), ("level", "本科")])
        let ownMajor = try await id(of: "majors", named: "数学与应用数学")
        let duplicateMajor = try await browser.submit("/admin/colleges/\(first)/majors", from: "/admin/colleges/\(first)", form: [("code", "070101"), ("name", "数学"), ("level", "本科")])
        XCTAssertTrue(duplicateMajor.body.contains("本院系已有代码为 070101 的本科专业。"))
        let masters = try await browser.submit("/admin/colleges/\(first)/majors", from: "/admin/colleges/\(first)", form: [("code", "070101"), ("name", "数学"), ("level", "硕士")])
        XCTAssertEqual(masters.status, .seeOther, "the same code at another 学历 is a separate major")
        let refused = try await browser.submit("/admin/colleges/\(first)/classes", from: "/admin/colleges/\(first)",
                                               form: [("name", "文2201"), ("major", String(foreignMajor)), ("cohort", "1999")])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("届别应为 2000 至 2100 之间的年份"))
        XCTAssertTrue(refused.body.contains("请从列表中选择本院系的专业。"))
        let classes = try await count("classes")
        XCTAssertEqual(classes, 0)
        try await browser.submit("/admin/colleges/\(first)/classes", from: "/admin/colleges/\(first)",
                                 form: [("name", "数2201"), ("major", String(ownMajor)), ("cohort", "2026")])
        let twice = try await browser.submit("/admin/colleges/\(first)/classes", from: "/admin/colleges/\(first)",
                                             form: [("name", "数2201"), ("major", String(ownMajor)), ("cohort", "2027")])
        XCTAssertEqual(twice.status, .unprocessableEntity)
        XCTAssertTrue(twice.body.contains("该专业已有名为“数2201”的班级。"))
        let filtered = try await browser.get("/admin/colleges/\(first)?cohort=2026&major=\(ownMajor)")
        // (Checked in the table cell: the Browser keeps an expired flash cookie, so the flash may repeat.)
        let cell = "<td data-label=\"班级名称\">数2201</td>"
        XCTAssertTrue(filtered.body.contains(cell))
        XCTAssertTrue(filtered.body.contains("共 1 条"))
        let none = try await browser.get("/admin/colleges/\(first)?cohort=2030")
        XCTAssertFalse(none.body.contains(cell))
        XCTAssertTrue(none.body.contains("没有符合条件的班级。"))
    }

    // MARK: - Scope

    func testSchoolAdminWorksInItsOwnSchoolOnly() async throws {
        try await loginAdmin()
        let ownID = try await createSchool(code: "10616", name: "本校大学")
        let otherID = try await createSchool(code: "10617", name: "他校大学")
        try await browser.submit("/admin/schools/\(otherID)/colleges", from: "/admin/schools/\(otherID)", form: [("code", "09"), ("name", "他校学院")])
        let otherCollege = try await id(of: "colleges", named: "他校学院")
        try await makeUser("school_admin_a", role: .schoolAdmin, scope: [.school: [String(ownID)]])

        let staff = Browser(app)
        staff.clientAddress = "203.0.113.20"
        let login = try await staff.login("school_admin_a", Self.password)
        XCTAssertEqual(login.status, .seeOther)
        let own = try await staff.get("/org/school")
        XCTAssertEqual(own.status, .ok)
        XCTAssertTrue(own.body.contains("本校大学"))
        XCTAssertFalse(own.body.contains("他校大学"))
        XCTAssertFalse(own.body.contains("新增校区"), "campuses are the system admin's")

        let created = try await staff.submit("/admin/schools/\(ownID)/colleges", from: "/org/school", form: [("code", "01"), ("name", "本校学院")])
        XCTAssertEqual(created.status, .seeOther)
        XCTAssertEqual(created.location, "/org/school")
        let ownCollege = try await id(of: "colleges", named: "本校学院")
        let collegePage = try await staff.get("/admin/colleges/\(ownCollege)")
        XCTAssertEqual(collegePage.status, .ok)
        let major = try await staff.submit("/admin/colleges/\(ownCollege)/majors", from: "/admin/colleges/\(ownCollege)",
                                           form: [("code", "080901"), ("name", "软件工程"), ("level", "本科")])
        XCTAssertEqual(major.status, .seeOther)
        let majorAudit = try await auditRows("org.major.create").first
        XCTAssertEqual(majorAudit?.actor_role, Role.schoolAdmin.rawValue)

        for path in ["/admin/colleges/\(otherCollege)", "/admin/schools/\(otherID)", "/admin/schools", "/admin/units", "/admin/regions"] {
            let status = try await staff.get(path).status
            XCTAssertEqual(status, .notFound, path)
        }
        let token = try XCTUnwrap(own.csrfToken)
        for (path, form) in [("/admin/schools/\(otherID)/colleges", [("code", "02"), ("name", "越权学院")]),
                             ("/admin/colleges/\(otherCollege)/majors", [("code", "010101"), ("name", "越权专业"), ("level", "本科")]),
                             ("/admin/schools/\(ownID)/campuses", [("name", "越权校区")])] {
            let response = try await staff.request(.POST, path, form: [("_csrf", token)] + form)
            XCTAssertEqual(response.status, .notFound, path)
        }
        let stray = try await count("colleges", where: "name", equals: "越权学院")
            + count("majors", where: "name", equals: "越权专业") + count("campuses", where: "name", equals: "越权校区")
        XCTAssertEqual(stray, 0)
    }

    func testCampusLimitedSchoolAdminSeesAndUsesItsCampusOnly() async throws {
        try await loginAdmin()
        let schoolID = try await createSchool(code: "10620", name: "多校区大学")
        let path = "/admin/schools/\(schoolID)"
        try await browser.submit("\(path)/campuses", from: path, form: [("name", "东校区")])
        try await browser.submit("\(path)/campuses", from: path, form: [("name", "西校区")])
        let east = try await id(of: "campuses", named: "东校区")
        let west = try await id(of: "campuses", named: "西校区")
        try await browser.submit("\(path)/colleges", from: path, form: [("code", "01"), ("name", "东区学院"), ("campus", String(east))])
        try await browser.submit("\(path)/colleges", from: path, form: [("code", "02"), ("name", "西区学院"), ("campus", String(west))])
        let westCollege = try await id(of: "colleges", named: "西区学院")
        try await makeUser("east_admin", role: .schoolAdmin, scope: [.school: [String(schoolID)], .campus: [String(east)]])

        let staff = Browser(app)
        staff.clientAddress = "203.0.113.40"
        _ = try await staff.login("east_admin", Self.password)
        let own = try await staff.get("/org/school")
        XCTAssertTrue(own.body.contains("东区学院"))
        XCTAssertFalse(own.body.contains("西区学院"))
        XCTAssertFalse(own.body.contains("西校区"))
        let hidden = try await staff.get("/admin/colleges/\(westCollege)")
        XCTAssertEqual(hidden.status, .notFound)
        let noCampus = try await staff.submit("\(path)/colleges", from: "/org/school", form: [("code", "03"), ("name", "无校区学院"), ("campus", "")])
        XCTAssertEqual(noCampus.status, .unprocessableEntity)
        XCTAssertTrue(noCampus.body.contains("请选择院系所在校区。"))
        let otherCampus = try await staff.submit("\(path)/colleges", from: "/org/school", form: [("code", "03"), ("name", "越区学院"), ("campus", String(west))])
        XCTAssertTrue(otherCampus.body.contains("请从列表中选择本校的校区。"))
        let ok = try await staff.submit("\(path)/colleges", from: "/org/school", form: [("code", "03"), ("name", "东区新学院"), ("campus", String(east))])
        XCTAssertEqual(ok.status, .seeOther)
        let colleges = try await count("colleges", where: "school_id", equals: schoolID)
        XCTAssertEqual(colleges, 3)
    }

    func testStudentAndCounselorGet404OnOrgAdministration() async throws {
        try await loginAdmin()
        let schoolID = try await createSchool(code: "10618", name: "范围测试大学")
        try await makeUser("org_student", role: .student, scope: [:])
        try await makeUser("org_counselor", role: .counselor, scope: [.school: [String(schoolID)], .class: ["1"]])
        for username in ["org_student", "org_counselor"] {
            let other = Browser(app)
            other.clientAddress = "203.0.113.30"
            let login = try await other.login(username, Self.password)
            XCTAssertEqual(login.status, .seeOther)
            for path in ["/admin/schools", "/admin/schools/\(schoolID)", "/org/school", "/admin/regions", "/admin/units", "/admin/units/new"] {
                let status = try await other.get(path).status
                XCTAssertEqual(status, .notFound, "\(username) \(path)")
            }
        }
        let anonymous = try await Browser(app).get("/admin/schools")
        XCTAssertEqual(anonymous.status, .seeOther)
        XCTAssertTrue(anonymous.location?.hasPrefix("/login") == true)
    }

    // MARK: - Units

    func testUnitCreditCodeIsCheckedInChinese() async throws {
        try await loginAdmin()
        let form = "/admin/units/new?province=510000&city=510100"
        let bad = try await browser.submit("/admin/units", from: form, form: [
            ("province", "510000"), ("city", "510100"), ("county", "510104"), ("name", "锦江测试有限公司"), ("creditCode", "91510104MA6000001"),
        ])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("统一社会信用代码应为 18 位"), bad.body)
        XCTAssertTrue(bad.body.contains("value=\"锦江测试有限公司\""))
        var wrongCheck = Array(Self.creditCode("510104", 1))
        wrongCheck[17] = wrongCheck[17] == "0" ? "1" : "0"
        let badCheck = try await browser.submit("/admin/units", from: form, form: [
            ("province", "510000"), ("city", "510100"), ("county", "510104"), ("name", "锦江测试有限公司"), ("creditCode", String(wrongCheck)),
        ])
        XCTAssertTrue(badCheck.body.contains("统一社会信用代码校验位不正确"))
        let noCounty = try await browser.submit("/admin/units", from: form, form: [
            ("province", "510000"), ("city", "510100"), ("county", "510100"), ("name", "锦江测试有限公司"), ("creditCode", Self.creditCode("510104", 1)),
        ])
        XCTAssertTrue(noCounty.body.contains("请选择单位所在的区县。"), "a city with counties is not a county")
        let refusedUnits = try await count("units")
        XCTAssertEqual(refusedUnits, 0)

        let good = try await browser.submit("/admin/units", from: form, form: [
            ("province", "510000"), ("city", "510100"), ("county", "510104"), ("name", "锦江测试有限公司"),
            ("creditCode", Self.creditCode("510104", 1).lowercased()),
        ])
        XCTAssertEqual(good.status, .seeOther)
        XCTAssertEqual(good.location, "/admin/units")
        let row = try await app.db.sql.select().columns("credit_code", "county_code", "status").from("units").first()
        XCTAssertEqual(try row?.decode(column: "credit_code", as: String.self), Self.creditCode("510104", 1))
        XCTAssertEqual(try row?.decode(column: "county_code", as: String.self), "510104")
        XCTAssertEqual(try row?.decode(column: "status", as: String.self), "approved")
        let unitAudits = try await auditRows("org.unit.create")
        XCTAssertEqual(unitAudits.count, 1)
        XCTAssertEqual(unitAudits.first?.target_type, "unit")
        let list = try await browser.get("/admin/units")
        XCTAssertTrue(list.body.contains("锦江测试有限公司"))
        XCTAssertTrue(list.body.contains("四川省 成都市 锦江区"))
        XCTAssertTrue(list.body.contains("已审核"))

        let duplicate = try await browser.submit("/admin/units", from: form, form: [
            ("province", "510000"), ("city", "510100"), ("county", "510105"), ("name", "另一家公司"), ("creditCode", Self.creditCode("510104", 1)),
        ])
        XCTAssertEqual(duplicate.status, .unprocessableEntity)
        XCTAssertTrue(duplicate.body.contains("该统一社会信用代码已登记。"))
        let unitsAfter = try await count("units")
        XCTAssertEqual(unitsAfter, 1)
        let auditsAfter = try await auditRows("org.unit.create")
        XCTAssertEqual(auditsAfter.count, 1, "a refused write leaves no audit row")
    }

    func testUnitRegionPickerWorksWithoutJavaScript() async throws {
        try await loginAdmin()
        let start = try await browser.get("/admin/units/new")
        XCTAssertEqual(start.status, .ok)
        XCTAssertTrue(start.body.contains("<option value=\"510000\">四川省</option>"))
        XCTAssertFalse(start.body.contains("name=\"county\""), "no county before a city is chosen")
        let province = try await browser.get("/admin/units/new?province=510000")
        XCTAssertTrue(province.body.contains("<option value=\"510100\">成都市</option>"))
        XCTAssertFalse(province.body.contains("name=\"county\""))
        let city = try await browser.get("/admin/units/new?province=510000&city=510100")
        XCTAssertTrue(city.body.contains("<option value=\"510104\">锦江区</option>"))
        XCTAssertTrue(city.body.contains("method=\"post\" action=\"/admin/units\""))
        // A city from another province is dropped, not trusted.
        let stale = try await browser.get("/admin/units/new?province=500000&city=510100")
        XCTAssertFalse(stale.body.contains("锦江区"))
        // Province-direct counties (河南 济源市) and a city without counties (东莞市).
        let direct = try await browser.get("/admin/units/new?province=410000&city=direct")
        XCTAssertTrue(direct.body.contains("<option value=\"419001\">济源市</option>"))
        let chongqing = try await browser.get("/admin/units/new?province=500000")
        XCTAssertTrue(chongqing.body.contains("<option value=\"500200\">重庆市（500200）</option>"), "same-named siblings show their code")
        let dongguan = try await browser.get("/admin/units/new?province=440000&city=441900")
        XCTAssertTrue(dongguan.body.contains("<option value=\"441900\">东莞市</option>"))
    }

    func testUnitListFiltersByKeywordAndRegionAndPages() async throws {
        try await loginAdmin()
        let now = app.clock.now()
        for index in 0..<25 {
            let county = index < 22 ? "510104" : "500106"
            try await app.db.sql.insert(into: "units").columns("name", "credit_code", "county_code", "status", "created_at")
                .values(SQLBind("分页单位\(String(format: "%02d", index))"), SQLBind(Self.creditCode(county, index)), SQLBind(county),
                        SQLBind("approved"), SQLBind(now)).run()
        }
        let first = try await browser.get("/admin/units")
        XCTAssertTrue(first.body.contains("共 25 条，第 1/2 页"))
        XCTAssertEqual(first.body.components(separatedBy: "分页单位").count - 1, 20)
        let second = try await browser.get("/admin/units?page=2")
        XCTAssertEqual(second.body.components(separatedBy: "分页单位").count - 1, 5)
        let chongqing = try await browser.get("/admin/units?province=500000")
        XCTAssertTrue(chongqing.body.contains("共 3 条"))
        XCTAssertTrue(chongqing.body.contains(">重庆市 沙坪坝区<"), "a municipality's name is shown once")
        let jinjiang = try await browser.get("/admin/units?province=510000&city=510100&county=510104&page=2")
        XCTAssertTrue(jinjiang.body.contains("共 22 条，第 2/2 页"))
        XCTAssertTrue(jinjiang.body.contains("county=510104"), "pager links keep the filter")
        let keyword = try await browser.get("/admin/units?q=\(Browser.encode("单位07"))")
        XCTAssertTrue(keyword.body.contains("共 1 条"))
        XCTAssertTrue(keyword.body.contains("分页单位07"))
        let byCode = try await browser.get("/admin/units?q=\(Self.creditCode("500106", 23))")
        XCTAssertTrue(byCode.body.contains("分页单位23"))
        XCTAssertTrue(byCode.body.contains("共 1 条"))
    }

    // MARK: - Regions

    func testRegionBrowserWalksProvinceCityCounty() async throws {
        try await loginAdmin()
        let provinces = try await browser.get("/admin/regions")
        XCTAssertEqual(provinces.status, .ok)
        XCTAssertTrue(provinces.body.contains("共 34 条"))
        XCTAssertTrue(provinces.body.contains("北京市"))
        let sichuan = try await browser.get("/admin/regions?province=510000")
        XCTAssertEqual(sichuan.status, .ok)
        XCTAssertTrue(sichuan.body.contains("成都市"))
        XCTAssertTrue(sichuan.body.contains("href=\"/admin/regions?city=510100\""))
        XCTAssertFalse(sichuan.body.contains("锦江区"))
        let chengdu = try await browser.get("/admin/regions?city=510100")
        XCTAssertTrue(chengdu.body.contains("锦江区"))
        XCTAssertTrue(chengdu.body.contains("href=\"/admin/regions?province=510000\""), "breadcrumb back to the province")
        XCTAssertTrue(chengdu.body.contains("href=\"/admin/regions\""))
        let henan = try await browser.get("/admin/regions?province=410000")
        XCTAssertTrue(henan.body.contains("济源市"), "province-direct counties are listed with the cities")
        let search = try await browser.get("/admin/regions?q=\(Browser.encode("锦江"))")
        XCTAssertTrue(search.body.contains("锦江区"))
        XCTAssertTrue(search.body.contains("成都市"), "a search row names its parent")
        for path in ["/admin/regions?province=510100", "/admin/regions?city=999999"] {
            let status = try await browser.get(path).status
            XCTAssertEqual(status, .notFound, path)
        }
    }

    // MARK: - Escaping

    func testNamesWithMarkupComeBackEscaped() async throws {
        try await loginAdmin()
        let script = "<script>alert(1)</script>"
        let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
        let schoolID = try await createSchool(code: "10619", name: "转义测试大学")
        let path = "/admin/schools/\(schoolID)"
        let college = try await browser.submit("\(path)/colleges", from: path, form: [("code", "01"), ("name", script)])
        XCTAssertEqual(college.status, .seeOther)
        let schoolPage = try await browser.get(path)
        XCTAssertTrue(schoolPage.body.contains(escaped))
        XCTAssertFalse(schoolPage.body.contains(script))
        let unit = try await browser.submit("/admin/units", from: "/admin/units/new?province=510000&city=510100", form: [
            ("province", "510000"), ("city", "510100"), ("county", "510104"), ("name", script), ("creditCode", Self.creditCode("510104", 99)),
        ])
        XCTAssertEqual(unit.status, .seeOther)
        let units = try await browser.get("/admin/units")
        XCTAssertTrue(units.body.contains(escaped))
        XCTAssertFalse(units.body.contains(script))
    }
}
