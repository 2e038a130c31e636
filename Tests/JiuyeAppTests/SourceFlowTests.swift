@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 生源信息核对 over HTTP (seed 003 §3.2, seed 004 §2(1)): the graduate completes the contact
/// fields and 保存并送审; 院系审核 then 学校审核 lock it and write it into the school's record;
/// 申请修改 goes to the school and is applied with its 变更明细; another college sees nothing.
final class SourceFlowTests: XCTestCase {
    var app: Application!
    let type = CaseType.studentSource

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await Demo.openWindow(app, .studentSource)
        // The school's record of 张明, as an import writes it.
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        try await app.db.sql.insert(into: "graduate_records")
            .columns("user_id", "school_id", "record_json", "personal_cipher", "political_status", "source_region", "imported_at")
            .values(SQLBind(student), SQLBind(try await schoolID()),
                    SQLBind(#"{"cohort":"2025","gender":"男","name":"张明","political_status":"13","source_region":"500106"}"#),
                    SQLBind(app.keys.encrypt(#"{"document_number":"500106200301011234","phone":"13800000000"}"#)),
                    SQLBind("13"), SQLBind("500106"), SQLBind(Int64(1)))
            .run()
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func schoolID() async throws -> Int64 {
        try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()!.decode(column: "id", as: Int64.self)
    }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func caseRow() async throws -> CaseRow {
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        return try await CaseEngine.load(type, applicant: student, period: "2025", on: app.db)!
    }

    let contact: [(String, String)] = [("hukou_moved", "否"), ("archive_moved", "是"), ("qq", "123456789"), ("home_postcode", "400044"),
                                       ("email", "zhangming@example.com"), ("phone", "13912345678"), ("home_phone", "023-65678901"),
                                       ("home_address", "重庆市沙坪坝区沙正街174号")]

    func review(_ browser: Browser, _ action: String, reason: String? = nil) async throws -> Browser.Page {
        let row = try await caseRow()
        var form = [("action", action), ("lock", String(row.lock))]
        if let reason { form.append(("reason", reason)) }
        return try await browser.submit("/review/source/\(row.id)", from: "/review/source/\(row.id)", form: form)
    }

    /// Submitted by the graduate, passed by the counselor and the school, locked: the approved
    /// contact fields are in the school's record, sealed.
    func lockedRecord() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let sent = try await student.submit("/source", from: "/source", form: [("action", "submit")] + contact)
        XCTAssertEqual(sent.status, .seeOther)
        let counselor = try await loggedIn("counselor")
        let v1 = try await review(counselor, "approve")
        XCTAssertEqual(v1.status, .seeOther)
        let school = try await loggedIn("school")
        let v2 = try await review(school, "approve")
        XCTAssertEqual(v2.status, .seeOther)
    }

    func testGraduateCompletesRecordAndItPassesCollegeAndSchool() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let page = try await student.get("/source")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("学生提交") && page.body.contains("院系审核") && page.body.contains("学校审核"))
        XCTAssertTrue(page.body.contains("5001**********1234"), "the 证件号码 is shown masked")
        XCTAssertFalse(page.body.contains("500106200301011234"))
        XCTAssertTrue(page.body.contains("13800000000"), "the form starts from the school's record")
        // A bad 邮编 and a missing 家庭地址 are refused with the field messages; nothing is sent.
        var bad = contact.filter { $0.0 != "home_address" && $0.0 != "home_postcode" }
        bad += [("home_postcode", "4000"), ("home_address", "")]
        let refused = try await student.submit("/source", from: "/source", form: [("action", "submit")] + bad)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("请填写家庭地址。"), refused.body)
        XCTAssertTrue(refused.body.contains("13912345678"), "what was typed stays on the page")
        let v3 = try await caseRow()
        XCTAssertEqual(v3.status_key, "draft")

        let sent = try await student.submit("/source", from: "/source", form: [("action", "submit")] + contact)
        XCTAssertEqual(sent.status, .seeOther)
        let v4 = try await student.get("/source")
        XCTAssertTrue(v4.body.contains("已提交"))

        let counselor = try await loggedIn("counselor")
        let v5 = try await counselor.get("/review/source")
        XCTAssertTrue(v5.body.contains("张明"))
        let v6 = try await review(counselor, "approve")
        XCTAssertEqual(v6.status, .seeOther)
        let v7 = try await caseRow()
        XCTAssertEqual(v7.status_key, "step:school-review")
        let v8 = try await student.get("/source")
        XCTAssertTrue(v8.body.contains("院系审核通过"), "college approved, waiting for the school")

        // The school returns it with a reason; the graduate fixes and resubmits to the school.
        let school = try await loggedIn("school")
        let v9 = try await review(school, "reject", reason: "家庭地址请写到门牌号")
        XCTAssertEqual(v9.status, .seeOther)
        let returned = try await student.get("/source")
        XCTAssertTrue(returned.body.contains("已退回") && returned.body.contains("家庭地址请写到门牌号"), returned.body)
        let fixed = contact.map { $0.0 == "home_address" ? ($0.0, "重庆市沙坪坝区沙正街174号3单元2号") : $0 }
        let v10 = try await student.submit("/source", from: "/source", form: [("action", "submit")] + fixed)
        XCTAssertEqual(v10.status, .seeOther)
        let v11 = try await caseRow()
        XCTAssertEqual(v11.status_key, "step:school-review", "a resubmission after the school's 退回 goes back to the school")
        let v12 = try await review(school, "approve")
        XCTAssertEqual(v12.status, .seeOther)
        let locked = try await student.get("/source")
        XCTAssertTrue(locked.body.contains("学校审核通过") && locked.body.contains("已锁定"), locked.body)
        XCTAssertTrue(locked.body.contains("申请修改"))
        XCTAssertFalse(locked.body.contains("保存并送审"), "a locked record is not edited in place")

        let record = try await SourceRecord.load(user: try await caseRow().applicant_id, keys: app.keys, on: app.db)
        XCTAssertEqual(record[.phone], "13912345678")
        XCTAssertEqual(record[.homeAddress], "重庆市沙坪坝区沙正街174号3单元2号")
        XCTAssertEqual(record[.archiveMoved], "是")
        let sealed = try await app.db.sql.raw("SELECT personal_cipher FROM graduate_records WHERE user_id = \(bind: record.isEmpty ? 0 : try await caseRow().applicant_id)")
            .first()!.decode(column: "personal_cipher", as: String.self)
        XCTAssertFalse(sealed.contains("13912345678"), "contact fields stay sealed in the record")
    }

    func testAmendmentAfterLockingGoesToTheSchoolAndIsApplied() async throws {
        try await lockedRecord()
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        // A field of the 学籍 (学号) cannot be asked for; an unknown 政治面貌 is refused as the import refuses it.
        let wrongField = try await student.submit("/source", from: "/source", form: [("action", "amend"), ("amend_field", "student_no"),
                                                                                      ("amend_value", "2025"), ("reason", "改学号")])
        XCTAssertEqual(wrongField.status, .unprocessableEntity)
        XCTAssertTrue(wrongField.body.contains("请选择要修改的字段。"))
        let wrongValue = try await student.submit("/source", from: "/source", form: [("action", "amend"), ("amend_field", "political_status"),
                                                                                      ("amend_value", "火星党"), ("reason", "入党")])
        XCTAssertEqual(wrongValue.status, .unprocessableEntity)
        let v13 = try await caseRow()
        XCTAssertEqual(v13.status_key, "approved", "a refused request changes nothing")

        let asked = try await student.submit("/source", from: "/source", form: [("action", "amend"), ("amend_field", "political_status"),
                                                                                 ("amend_value", "中共党员"), ("reason", "2025年6月转为正式党员")])
        XCTAssertEqual(asked.status, .seeOther)
        let row = try await caseRow()
        XCTAssertEqual(row.status_key, "step:school-review", "申请修改 goes to the school")
        XCTAssertEqual(row.state.version, 2)
        let school = try await loggedIn("school")
        let detail = try await school.get("/review/source/\(row.id)")
        XCTAssertTrue(detail.body.contains("政治面貌") && detail.body.contains("中共党员") && detail.body.contains("2025年6月转为正式党员"), detail.body)
        let v14 = try await review(school, "approve")
        XCTAssertEqual(v14.status, .seeOther)
        let record = try await SourceRecord.load(user: row.applicant_id, keys: app.keys, on: app.db)
        XCTAssertEqual(record[.politicalStatus], "01", "the approved request is applied to the record as a code")
        let column = try await app.db.sql.raw("SELECT political_status FROM graduate_records WHERE user_id = \(bind: row.applicant_id)").first()!
            .decode(column: "political_status", as: String.self)
        XCTAssertEqual(column, "01")
        let page = try await student.get("/source")
        XCTAssertTrue(page.body.contains("变更明细") && page.body.contains("申请修改字段"), "the applied change shows in 变更明细")
    }

    func testAnotherCollegeAndOtherStudentsSeeNothing() async throws {
        try await lockedRecord()
        let row = try await caseRow()
        // A college admin of another college: a new account scoped to it.
        try await Demo.otherCollegeAdmin(app, username: "other_college")
        let browser = Browser(app)
        let v15 = try await browser.login("other_college", Demo.password)
        XCTAssertEqual(v15.status, .seeOther)
        let v16 = try await browser.get("/review/source/\(row.id)")
        XCTAssertEqual(v16.status, .notFound)
        let v17 = try await browser.get("/review/source")
        XCTAssertFalse(v17.body.contains("张明"))
        // The review screens are not a student's.
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let v18 = try await student.get("/review/source")
        XCTAssertEqual(v18.status, .notFound)
    }
}

/// 生源信息维护 by staff (seed 004 §2(1): 已锁定 = 系统管理员、院系或辅导员对生源信息维护和确认).
final class SourceEntryTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await Demo.openWindow(app, .studentSource)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    let contact: [(String, String)] = [("hukou_moved", "否"), ("archive_moved", "否"), ("qq", "87654321"), ("home_postcode", "400030"),
                                       ("email", "li@example.com"), ("phone", "13712345678"), ("home_phone", "13712345678"),
                                       ("home_address", "重庆市渝中区解放碑街道民族路188号")]

    func testCounselorEntryLocksAndWaitsForTheSchoolSchoolEntryApproves() async throws {
        let counselor = Browser(app)
        let v101 = try await counselor.login("counselor", DemoSeed.password)
        XCTAssertEqual(v101.status, .seeOther)
        let found = try await counselor.get("/source/enter?student=\(DemoSeed.demoStudentNo)")
        XCTAssertEqual(found.status, .ok)
        XCTAssertTrue(found.body.contains("张明") && found.body.contains("保存并确认"))
        let bad = try await counselor.submit("/source/enter", from: "/source/enter?student=\(DemoSeed.demoStudentNo)",
                                             form: [("student", DemoSeed.demoStudentNo)] + contact.map { $0.0 == "qq" ? ($0.0, "0123") : $0 })
        XCTAssertEqual(bad.status, .unprocessableEntity)
        let saved = try await counselor.submit("/source/enter", from: "/source/enter?student=\(DemoSeed.demoStudentNo)",
                                               form: [("student", DemoSeed.demoStudentNo)] + contact)
        XCTAssertEqual(saved.status, .seeOther)
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let row = try await CaseEngine.load(CaseType.studentSource, applicant: student, period: "2025", on: app.db)!
        XCTAssertEqual(row.status_key, "step:school-review", "a counselor's 维护 lands where the college's approval would")
        XCTAssertEqual(CaseType.studentSource.definition.views[0].label(for: row.state, in: CaseType.studentSource.definition), "已锁定")

        let school = Browser(app)
        let v102 = try await school.login("school", DemoSeed.password)
        XCTAssertEqual(v102.status, .seeOther)
        let again = try await school.submit("/source/enter", from: "/source/enter?student=\(DemoSeed.demoStudentNo)",
                                            form: [("student", DemoSeed.demoStudentNo)] + contact)
        XCTAssertEqual(again.status, .seeOther)
        let locked = try await CaseEngine.load(CaseType.studentSource, applicant: student, period: "2025", on: app.db)!
        XCTAssertEqual(locked.status_key, "approved")

        // A student who is not in a counselor's class is not found.
        let outside = try await app.db.sql.raw("""
            SELECT u.student_no FROM users u JOIN students st ON st.user_id = u.id JOIN classes cl ON cl.id = st.class_id WHERE cl.name <> '计科2101' LIMIT 1
            """).first()!.decode(column: "student_no", as: String.self)
        let hidden = try await counselor.get("/source/enter?student=\(outside)")
        XCTAssertTrue(hidden.body.contains("不在您的管理范围内"))
        let student2 = Browser(app)
        let v103 = try await student2.login(DemoSeed.demoStudentNo, DemoSeed.password)
        XCTAssertEqual(v103.status, .seeOther)
        let refused = try await student2.get("/source/enter")
        XCTAssertEqual(refused.status, .notFound, "a graduate cannot maintain records")
    }
}
