@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 推荐表注册 (seed 003 §3.3): 暂存 with checks, 保存并送审, 学院审核, 表格打印 with a serial and a
/// QR code issued once per approved version, and 编辑 after approval as a new version.
final class RecommendationFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await DemoSeed.seedCases(app)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    static let form: [(String, String)] = [
        ("birth_month", "2003-05"), ("marital_status", "未婚"), ("second_major", ""), ("foreign_language", "CET-6"), ("computer_skill", "计算机二级"),
        ("address", "重庆市沙坪坝区大学城南路 55 号"), ("postcode", "401331"), ("email", "zhangming@example.com"), ("phone", "13800001001"),
        ("experience", "2021年-2025年，九业示范大学，计算机科学与技术"), ("awards", "2023.12，优秀学生综合奖学金，九业示范大学"),
        ("self_recommendation", "性格开朗，热爱编程，有团队协作经验。"),
    ]

    func submit(_ student: Browser, _ form: [(String, String)] = form, action: String = "submit") async throws -> Browser.Page {
        try await student.submit("/recommendation", from: "/recommendation", form: form + [("action", action)])
    }

    func row() async throws -> CaseRow {
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        return try await CaseEngine.load(.recommendation, applicant: id, period: "2025", on: app.db)!
    }

    func testDraftChecksSubmitReviewPrintOnceAndANewVersionReplacesTheOldDocument() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let page = try await student.get("/recommendation")
        XCTAssertTrue(page.body.contains("推荐表注册") && page.body.contains("张明") && page.body.contains("请按如下格式填写“1995-07”"), page.body)
        // The checks: a wrong 出生年月, five lines of 个人经历, 301 characters of 自我推荐.
        var bad = Self.form
        bad[0] = ("birth_month", "2003年13月")
        bad[9] = ("experience", (1...5).map { "202\($0)年，单位\($0)" }.joined(separator: "\n"))
        bad[11] = ("self_recommendation", String(repeating: "好", count: 301))
        let refused = try await submit(student, bad, action: "save")
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("出生年月") && refused.body.contains("4 行") && refused.body.contains("300"), refused.body)
        // 暂存 without the starred fields is fine; 送审 is not.
        let draft = try await submit(student, [("foreign_language", "CET-6")], action: "save")
        XCTAssertEqual(draft.status, .seeOther, draft.body)
        let incomplete = try await submit(student, [("foreign_language", "CET-6")])
        XCTAssertEqual(incomplete.status, .unprocessableEntity)
        let first = try await submit(student)
        XCTAssertEqual(first.status, .seeOther, first.body)
        // 撤回 before the college acts, then send again.
        let withdrawn = try await student.submit("/recommendation", from: "/recommendation", form: [("action", "withdraw")])
        XCTAssertEqual(withdrawn.status, .seeOther, withdrawn.body)
        let back = try await row()
        XCTAssertEqual(back.status_key, "draft")
        let sent = try await submit(student)
        XCTAssertEqual(sent.status, .seeOther, sent.body)
        var current = try await row()
        XCTAssertEqual(current.status_key, "step:college-review")
        let notYet = try await student.get("/recommendation/print")
        XCTAssertEqual(notYet.status, .seeOther)

        // Another college's admin and another student see nothing of it; the counselor approves.
        let employer = try await loggedIn("employer")
        let hidden = try await employer.get("/review/recommendation/\(current.id)")
        XCTAssertEqual(hidden.status, .notFound)
        let school = try await loggedIn("school")
        let list = try await school.get("/review/recommendation")
        XCTAssertTrue(list.status == .ok && list.body.contains("张明"), "the employment office sees the forms of its school")
        let counselor = try await loggedIn("counselor")
        let approved = try await counselor.submit("/review/recommendation/\(current.id)", from: "/review/recommendation/\(current.id)",
                                                  form: [("action", "approve"), ("lock", String(current.lock))])
        XCTAssertEqual(approved.status, .seeOther)

        // 表格打印: the first GET offers 签发 (a GET writes nothing); the POST issues it once.
        let before = try await student.get("/recommendation/print")
        XCTAssertTrue(before.body.contains("签发并打印"), before.body)
        let none = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM document_versions WHERE kind = 'recommendation-form'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(none, 0)
        let hash = String(before.body[before.body.range(of: #"name="content" value="([^"]+)""#, options: .regularExpression)!].split(separator: "\"")[3])
        let issued = try await student.submit("/recommendation/print/issue", from: "/recommendation/print", form: [("content", hash)])
        XCTAssertEqual(issued.status, .seeOther)
        let printed = try await student.get("/recommendation/print")
        let serial = try XCTUnwrap(printed.body.range(of: #"JY\d{4}-\d+"#, options: .regularExpression).map { String(printed.body[$0]) })
        XCTAssertTrue(printed.body.contains("毕业生就业推荐表") && printed.body.contains("CET-6") && printed.body.contains("扫码核验"), printed.body)
        let again = try await student.get("/recommendation/print")
        XCTAssertTrue(again.body.contains(serial), "the same version keeps its serial")
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let document = try await Documents.current(kind: RecommendationController.documentKind, subjectKey: "user:\(studentID)", keys: app.keys, on: app.db)
        let token = try XCTUnwrap(document?.token)
        let verify = try await Browser(app).get("/verify/\(token)")
        XCTAssertEqual(verify.status, .ok)
        XCTAssertTrue(verify.body.contains("毕业生就业推荐表") && !verify.body.contains("张明"), "names masked")

        // 编辑 → a new version; once approved and issued, the old document says it was replaced.
        let edit = try await student.submit("/recommendation", from: "/recommendation", form: [("action", "edit")])
        XCTAssertEqual(edit.status, .seeOther)
        var changed = Self.form
        changed[3] = ("foreign_language", "雅思 7.0")
        let resent = try await submit(student, changed)
        XCTAssertEqual(resent.status, .seeOther, resent.body)
        let stillOld = try await student.get("/recommendation/print")
        XCTAssertTrue(stillOld.body.contains(serial), "the approved version stays in force while the new one is reviewed")
        current = try await row()
        _ = try await counselor.submit("/review/recommendation/\(current.id)", from: "/review/recommendation/\(current.id)",
                                       form: [("action", "approve"), ("lock", String(current.lock))])
        let reissue = try await student.get("/recommendation/print")
        let newHash = String(reissue.body[reissue.body.range(of: #"name="content" value="([^"]+)""#, options: .regularExpression)!].split(separator: "\"")[3])
        _ = try await student.submit("/recommendation/print/issue", from: "/recommendation/print", form: [("content", newHash)])
        let replaced = try await Browser(app).get("/verify/\(token)")
        XCTAssertTrue(replaced.body.contains("已被新版本替代"), replaced.body)
    }
}
