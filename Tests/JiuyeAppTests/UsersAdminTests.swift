@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

final class UsersAdminTests: XCTestCase {
    var app: Application!
    var admin: Browser!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        admin = Browser(app)
        // 三权分立: accounts and roles are the security administrator's.
        try await admin.login("security", Demo.password)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func schoolID() async throws -> Int64 {
        try await app.db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(DemoSeed.schoolCode)).first()!.decode(column: "id", as: Int64.self)
    }

    func classID(_ name: String) async throws -> Int64 {
        try await app.db.sql.select().column("id").from("classes").where("name", .equal, SQLBind(name)).first()!.decode(column: "id", as: Int64.self)
    }

    func testAdminCreatesCounselorWhoSeesOnlyTheAssignedClass() async throws {
        let school = try await schoolID()
        let klass = try await classID("计科2201")
        let created = try await admin.submit("/admin/users", from: "/admin/users/new?role=counselor&school=\(school)", form: [
            ("username", "wang.fdy"), ("displayName", "王辅导员"), ("phone", "13912345678"), ("email", ""), ("password", "Fdy-Pass-2026"),
            ("role", "counselor"), ("school", String(school)), ("scope_class[]", String(klass)), ("scope_cohort[]", "2026"), ("scope_level[]", "本科")])
        XCTAssertEqual(created.status, .seeOther, created.body)
        let counselor = Browser(app)
        let awaited1 = try await counselor.login("wang.fdy", "Fdy-Pass-2026").status
        XCTAssertEqual(awaited1, .seeOther)
        let list = try await counselor.get("/students")
        XCTAssertTrue(list.body.contains("计科2201"))
        XCTAssertFalse(list.body.contains("计科2101"))
        XCTAssertTrue(list.body.contains("共 25 条"))
        // Login by the phone number works too, and the audit log has the creation without the clear phone.
        let awaited2 = try await Browser(app).login("13912345678", "Fdy-Pass-2026").status
        XCTAssertEqual(awaited2, .seeOther)
        let audit = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'user.create'").first()!.decode(column: "changes", as: String.self)
        XCTAssertTrue(audit.contains("139****5678"))
        XCTAssertFalse(audit.contains("13912345678"))
    }

    func testCounselorWithoutClassIsRefusedInChinese() async throws {
        let school = try await schoolID()
        let page = try await admin.submit("/admin/users", from: "/admin/users/new?role=counselor&school=\(school)", form: [
            ("username", "no.class"), ("displayName", "某老师"), ("password", "Fdy-Pass-2026"), ("role", "counselor"), ("school", String(school))])
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.contains("辅导员必须指定班级"))
        let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM users WHERE username = 'no.class'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 0, "nothing created")
    }

    func testDuplicateIdentifierAcrossUsernameAndStudentNumberIsRefused() async throws {
        let page = try await admin.submit("/admin/users", from: "/admin/users/new", form: [
            ("username", "a\(DemoSeed.demoStudentNo)"), ("displayName", "某人"), ("password", "Some-Pass-2026")])
        XCTAssertEqual(page.status, .seeOther, "a different identifier is fine")
        let clash = try await admin.submit("/admin/users", from: "/admin/users/new", form: [
            ("username", "school"), ("displayName", "某人"), ("password", "Some-Pass-2026")])
        XCTAssertEqual(clash.status, .unprocessableEntity)
        XCTAssertTrue(clash.body.contains("已被其他账号使用"))
    }

    func testSeparationOfDutiesRefusesSecondPlatformRole() async throws {
        let security = try await Demo.userID(app, username: "security")
        let page = try await admin.submit("/admin/users/\(security)/assignments", from: "/admin/users/\(security)?role=auditor", form: [("role", "auditor")])
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.contains("三权分立"))
        let roles = try await AccountQueries.roles(userID: security, on: app.db)
        XCTAssertEqual(roles, [.securityAdmin])
    }

    func testDisableEndsSessionsAndRefusesLogin() async throws {
        let target = Browser(app)
        try await target.login("college", Demo.password)
        let id = try await Demo.userID(app, username: "college")
        let done = try await admin.submit("/admin/users/\(id)/disable", from: "/admin/users/\(id)", form: [])
        XCTAssertEqual(done.status, .seeOther)
        let awaited3 = try await target.get("/").status
        XCTAssertEqual(awaited3, .seeOther, "session ended")
        let again = try await Browser(app).login("college", Demo.password)
        XCTAssertTrue(again.body.contains("该账号已停用"))
        try await admin.submit("/admin/users/\(id)/enable", from: "/admin/users/\(id)", form: [])
        let awaited4 = try await Browser(app).login("college", Demo.password).status
        XCTAssertEqual(awaited4, .seeOther)
        let actions = try await app.db.sql.raw("SELECT action FROM audit_log WHERE target_type = 'user' AND target_id = \(bind: String(id)) ORDER BY id")
            .all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertEqual(actions.suffix(2), ["user.disable", "user.enable"])
    }

    func testAdminUnlocksAccountLockedEverywhere() async throws {
        let attacker = Browser(app)
        for index in 0..<20 {
            attacker.clientAddress = "192.0.2.\(index + 1)"
            try await attacker.login("school", "Wrong-pass-1")
        }
        let locked = try await Browser(app).login("school", Demo.password)
        XCTAssertEqual(locked.status, .unauthorized)
        let id = try await Demo.userID(app, username: "school")
        let awaited5 = try await admin.get("/admin/users/\(id)").body.contains("已锁定")
        XCTAssertTrue(awaited5)
        app.clock.advance(seconds: 1)
        try await admin.submit("/admin/users/\(id)/unlock", from: "/admin/users/\(id)", form: [])
        let awaited6 = try await Browser(app).login("school", Demo.password).status
        XCTAssertEqual(awaited6, .seeOther)
    }

    func testResetPasswordShowsNewPasswordOnceAndEndsSessions() async throws {
        let target = Browser(app)
        try await target.login("college", Demo.password)
        let id = try await Demo.userID(app, username: "college")
        let page = try await admin.submit("/admin/users/\(id)/reset-password", from: "/admin/users/\(id)", form: [])
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("密码只显示这一次"))
        let password = try XCTUnwrap(page.body.components(separatedBy: "<dt>密码</dt><dd>").dropFirst().first?.components(separatedBy: "</dd>").first)
        let awaited7 = try await target.get("/").status
        XCTAssertEqual(awaited7, .seeOther)
        let awaited8 = try await Browser(app).login("college", password.replacingOccurrences(of: "&amp;", with: "&")).status
        XCTAssertEqual(awaited8, .seeOther)
    }

    func testSchoolAdminManagesOnlyOwnSchoolStaff() async throws {
        let school = Browser(app)
        try await school.login("school", Demo.password)
        let list = try await school.get("/admin/users")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("counselor"))
        XCTAssertFalse(list.body.contains("county_hr"), "government accounts are outside the school")
        let countyHR = try await Demo.userID(app, username: "county_hr")
        let awaited9 = try await school.get("/admin/users/\(countyHR)").status
        XCTAssertEqual(awaited9, .notFound)
        // It may grant a counselor role in its school, not a platform role.
        let counselorID = try await Demo.userID(app, username: "counselor")
        let refused = try await school.submit("/admin/users/\(counselorID)/assignments", from: "/admin/users/\(counselorID)", form: [("role", "systemAdmin")])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("您不能分配系统管理员角色"))
    }

    func testSystemAdminCannotManageAccountsOrRoles() async throws {
        let system = Browser(app)
        try await system.login("admin", "Admin-Pass-2026")
        let page = try await system.get("/admin/users")
        XCTAssertEqual(page.status, .notFound)
        let college = try await Demo.userID(app, username: "college")
        let refused = try await system.request(.POST, "/admin/users/\(college)/assignments", form: [("_csrf", try await system.get("/").csrfToken ?? ""), ("role", "auditor")])
        XCTAssertEqual(refused.status, .notFound)
    }

    func testStaffWithoutAdminRoleGets404() async throws {
        let counselor = Browser(app)
        try await counselor.login("counselor", Demo.password)
        let awaited10 = try await counselor.get("/admin/users").status
        XCTAssertEqual(awaited10, .notFound)
        let awaited11 = try await counselor.get("/admin/jobs").status
        XCTAssertEqual(awaited11, .notFound)
    }
}
