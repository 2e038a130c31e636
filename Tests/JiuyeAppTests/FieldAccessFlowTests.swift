@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 字段权限 over HTTP (issue 17 item 2): the school makes 生源 and 去向 fields read-only or hidden
/// per role; the pages show them grey or not at all, and a crafted POST that changes one is
/// refused and written to the operation log.
final class FieldAccessFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        for business in [Business.studentSource, .destination] { try await Demo.openWindow(app, business) }
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    let contact: [(String, String)] = [("hukou_moved", "否"), ("archive_moved", "是"), ("qq", "123456789"), ("home_postcode", "400044"),
                                       ("email", "zhangming@example.com"), ("phone", "13912345678"), ("home_phone", "023-65678901"),
                                       ("home_address", "重庆市沙坪坝区沙正街174号")]

    func auditCount(_ action: String) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = \(bind: action)").first()!.decode(column: "n", as: Int.self)
    }

    func testGreyFieldCannotBeChangedByACraftedPost() async throws {
        let school = try await loggedIn("school")
        let settings = try await school.get("/admin/fields?form=source")
        XCTAssertEqual(settings.status, .ok)
        XCTAssertTrue(settings.body.contains("手机号码") && settings.body.contains("只读") && settings.body.contains("辅导员"))
        let saved = try await school.submit("/admin/fields", from: "/admin/fields?form=source",
                                            form: [("form", "source"), ("student:phone", "read-only"), ("student:email", "hidden")])
        XCTAssertEqual(saved.status, .seeOther)
        let v201 = try await auditCount("field-access.set")
        XCTAssertEqual(v201, 1, "the setting is audited")

        // The graduate's first submission: the grey phone comes from the school's record (none here: empty).
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let page = try await student.get("/source")
        XCTAssertTrue(page.body.contains("由学校设置为只读"), "the grey field says why")
        XCTAssertFalse(page.body.contains("name=\"email\""), "a hidden field is not on the page")
        let v1 = try await student.submit("/source", from: "/source", form: [("action", "submit")] + contact.filter { $0.0 != "email" })
        XCTAssertEqual(v1.status, .forbidden, "the crafted phone (the page sends the stored value) is refused")
        XCTAssertTrue(v1.body.contains("「手机号码」由学校设置为不可修改"), v1.body)
        let v202 = try await auditCount("field-access.refused")
        XCTAssertEqual(v202, 1, "the attempt is in the operation log")
        let student2 = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let row = try await CaseEngine.load(CaseType.studentSource, applicant: student2, period: "2025", on: app.db)
        XCTAssertEqual(row?.status_key, "draft", "nothing was submitted")

        // The school may still edit: its 生源信息维护 sets the phone; the graduate then sends the grey value unchanged.
        let entered = try await school.submit("/source/enter", from: "/source/enter?student=\(DemoSeed.demoStudentNo)",
                                              form: [("student", DemoSeed.demoStudentNo)] + contact)
        XCTAssertEqual(entered.status, .seeOther)
        let locked = try await CaseEngine.load(CaseType.studentSource, applicant: student2, period: "2025", on: app.db)!
        XCTAssertEqual(locked.data["phone"], "13912345678")
        XCTAssertEqual(locked.data["email"], "zhangming@example.com")
    }

    func testDestinationFieldsGreyForCounselorsOnly() async throws {
        let school = try await loggedIn("school")
        _ = try await school.submit("/admin/fields", from: "/admin/fields?form=destination",
                                    form: [("form", "destination"), ("counselor:unit_name", "read-only")])
        let counselor = try await loggedIn("counselor")
        let page = try await counselor.get("/destination/enter?student=\(DemoSeed.demoStudentNo)")
        XCTAssertTrue(page.body.contains("readonly"), "the counselor sees 单位名称 grey")
        let crafted = try await counselor.submit("/destination/enter", from: "/destination/enter?student=\(DemoSeed.demoStudentNo)",
                                                 form: [("student", DemoSeed.demoStudentNo), ("category", "11"), ("unit_name", "伪造单位有限公司"),
                                                        ("unit_location", "重庆市沙坪坝区"), ("position", "13")] + CaseEngineTests.unitFields)
        XCTAssertEqual(crafted.status, .forbidden)
        let v203 = try await auditCount("field-access.refused")
        XCTAssertEqual(v203, 1)
        // The graduate is not limited by the counselors' setting.
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let sent = try await student.submit("/destination", from: "/destination",
                                            form: [("action", "save"), ("category", "11"), ("unit_name", "重庆示范科技有限公司")])
        XCTAssertEqual(sent.status, .seeOther)
    }

    func testOnlyTheSchoolAdminSetsFieldAccess() async throws {
        for user in ["counselor", "college", DemoSeed.demoStudentNo] {
            let browser = try await loggedIn(user)
            let v2 = try await browser.get("/admin/fields")
            XCTAssertEqual(v2.status, .notFound, user)
        }
        let school = try await loggedIn("school")
        let bad = try await school.submit("/admin/fields", from: "/admin/fields?form=source", form: [("form", "source"), ("student:phone", "writable")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("权限取值无效"))
    }
}
