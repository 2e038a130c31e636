@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// Every staff list and record lookup goes through the scope filter; out of scope is 404.
final class ScopeTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func login(_ username: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(username, Demo.password)
        XCTAssertEqual(page.status, .seeOther, "login of \(username)")
        return browser
    }

    func testCounselorSeesOnlyAssignedClassCohortAndLevel() async throws {
        let counselor = try await login("counselor")
        let list = try await counselor.get("/students")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("计科2101"))
        XCTAssertFalse(list.body.contains("计科2201"))
        XCTAssertFalse(list.body.contains("工商管理"))
        XCTAssertTrue(list.body.contains("共 25 条"), "one class of 25 bachelor graduates")
    }

    func testPagesCarryTheScopeTotalAndAPagePastTheEndIsEmpty() async throws {
        let counselor = try await login("counselor")
        let second = try await counselor.get("/students?page=2")
        XCTAssertTrue(second.body.contains("共 25 条，第 2/2 页"), "20 on the first page, 5 on the second")
        XCTAssertEqual(Self.studentLinks(second.body), 5)
        let beyond = try await counselor.get("/students?page=9")
        XCTAssertEqual(beyond.status, .ok)
        XCTAssertTrue(beyond.body.contains("共 25 条"))
        XCTAssertEqual(Self.studentLinks(beyond.body), 0)
    }

    /// Links to graduates' pages (`/students/123`), not the list's export links.
    static func studentLinks(_ body: String) -> Int {
        body.components(separatedBy: "href=\"/students/").dropFirst().filter { $0.first?.isNumber == true }.count
    }

    func testCounselorCannotOpenAnotherClassStudentByURL() async throws {
        let counselor = try await login("counselor")
        let own = try await Demo.student(app, inClass: "计科2101", equal: true)
        let other = try await Demo.student(app, inClass: "计科2101", equal: false)
        let value1 = try await counselor.get("/students/\(own)").status
        XCTAssertEqual(value1, .ok)
        let foreign = try await counselor.get("/students/\(other)")
        XCTAssertEqual(foreign.status, .notFound)
        XCTAssertTrue(foreign.body.contains("页面不存在"))
    }

    func testCollegeAdminSeesWholeCollegeOnly() async throws {
        let college = try await login("college")
        let list = try await college.get("/students")
        XCTAssertTrue(list.body.contains("计算机学院"))
        XCTAssertFalse(list.body.contains("经济与管理学院</td>"))
        XCTAssertTrue(list.body.contains("共 98 条"), list.body.components(separatedBy: "共 ").dropFirst().first ?? "")
        let otherCollege = try await app.db.sql.select().column("user_id").from("students")
            .where("college_id", .notEqual, SQLBind(try await collegeID("01"))).limit(1).first()!.decode(column: "user_id", as: Int64.self)
        let value2 = try await college.get("/students/\(otherCollege)").status
        XCTAssertEqual(value2, .notFound)
    }

    func testSchoolAdminSeesWholeSchool() async throws {
        let school = try await login("school")
        let list = try await school.get("/students")
        let total = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM students").first()!.decode(column: "n", as: Int.self)
        XCTAssertTrue(list.body.contains("共 \(total) 条"))
    }

    func testListsMaskPersonalData() async throws {
        let college = try await login("college")
        let list = try await college.get("/students")
        XCTAssertTrue(list.body.range(of: #"\d{4}\*{10}[\dX]{4}"#, options: .regularExpression) != nil, "masked ID numbers")
        XCTAssertTrue(list.body.range(of: #"1\d{2}\*{4}\d{4}"#, options: .regularExpression) != nil, "masked phones")
        XCTAssertNil(list.body.range(of: #"\d{17}[\dX]"#, options: .regularExpression), "no full ID number")
    }

    func testStudentAndEmployerCannotOpenStaffLists() async throws {
        for username in ["20251001", "employer", "county_hr", "auditor"] {
            let browser = try await login(username)
            let value3 = try await browser.get("/students").status
            XCTAssertEqual(value3, .notFound, username)
        }
    }

    func testUnassignedStaffSeesEmptyPageWithHint() async throws {
        let browser = try await login("unassigned")
        let home = try await browser.get("/")
        XCTAssertTrue(home.body.contains("没有为您分配相应的届别和院系、班级"))
        let value4 = try await browser.get("/students").status
        XCTAssertEqual(value4, .notFound)
    }

    func testScriptInNameIsEscapedInLists() async throws {
        let victim = try await Demo.student(app, inClass: "计科2101", equal: true)
        try await app.db.sql.update("users").set("display_name", to: SQLBind("<script>alert(1)</script>")).where("id", .equal, SQLBind(victim)).run()
        for username in ["counselor", "school"] {
            let browser = try await login(username)
            var body = try await browser.get("/students").body
            body += try await browser.get("/students/\(victim)").body
            XCTAssertFalse(body.contains("<script>alert(1)</script>"), username)
            XCTAssertTrue(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), username)
        }
        let admin = Browser(app)
        try await admin.login("security", Demo.password)
        let users = try await admin.get("/admin/users?q=%3Cscript%3E")
        XCTAssertFalse(users.body.contains("<script>alert(1)</script>"))
        XCTAssertTrue(users.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    }

    func testScopeFilterRefusesUnknownDimensions() throws {
        // A county-scoped officer querying students (which carry no county) sees nothing.
        let scope = Scope([.county: ["500106"]])
        XCTAssertFalse(scope.contains([.college: "1"]))
        XCTAssertTrue(Scope([.college: ["1"]]).contains([.college: "1", .class: "9"]))
        XCTAssertFalse(Scope.nothing.contains([:]))
    }

    func collegeID(_ code: String) async throws -> Int64 {
        try await app.db.sql.select().column("id").from("colleges").where("code", .equal, SQLBind(code)).first()!.decode(column: "id", as: Int64.self)
    }
}
