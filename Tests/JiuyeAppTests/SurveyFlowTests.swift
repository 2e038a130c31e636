@testable import JiuyeApp
@testable import JiuyeJobCentre
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 就业调查 over HTTP: the office builds a draft, adds questions (refused with reasons), publishes;
/// students of the school answer once (a second submission adds nothing, pressed at once or not);
/// results count the choices, show fill-ins without names, and export; closing stops answers.
final class SurveyFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser { try await Browser.loggedIn(app, user) }

    func signedIn(_ userID: Int64) async throws -> Browser { try await Browser.signedIn(app, userID) }

    func testAQuestionnaireIsBuiltAnsweredOnceAndCounted() async throws {
        let office = try await loggedIn("school")
        let closes = ChinaTime.date(app.clock.now() + 10 * 86_400)
        let bad = try await office.submit("/jobcentre/surveys", from: "/jobcentre/surveys", form: [("title", "调查"), ("closes_on", "2020-01-01")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("请填写问卷标题") && bad.body.contains("截止日期须在今天至"), bad.body)
        let made = try await office.submit("/jobcentre/surveys", from: "/jobcentre/surveys", form: [
            ("title", "2027届毕业生求职意向调查"), ("intro", "了解同学们的求职意向。"), ("closes_on", closes)])
        XCTAssertEqual(made.status, .seeOther)
        let id = try await app.db.sql.raw("SELECT id FROM surveys WHERE title = '2027届毕业生求职意向调查'").first()!.decode(column: "id", as: Int64.self)
        let empty = try await office.submit("/jobcentre/surveys/\(id)/publish", from: "/jobcentre/surveys/\(id)", form: [])
        XCTAssertEqual(empty.status, .seeOther)
        let r501 = try await app.db.sql.raw("SELECT state FROM surveys WHERE id = \(bind: id)").first()!.decode(column: "state", as: String.self)
        XCTAssertEqual(r501, "draft", "no questions, not published")
        let badQuestion = try await office.submit("/jobcentre/surveys/\(id)/questions", from: "/jobcentre/surveys/\(id)", form: [
            ("kind", "单选"), ("text", "你目前的就业状态"), ("options", "已签约")])
        XCTAssertEqual(badQuestion.status, .unprocessableEntity)
        XCTAssertTrue(badQuestion.body.contains("选择题须有 2 至 10 个选项"), badQuestion.body)
        for (kind, text, options) in [("单选", "你目前的就业状态", "已签约\n求职中\n升学"), ("多选", "你关注哪些行业", "互联网\n制造业\n教育\n金融"),
                                      ("填空", "对就业服务的建议", ""), ("单选", "临时题目", "是\n否")] {
            let added = try await office.submit("/jobcentre/surveys/\(id)/questions", from: "/jobcentre/surveys/\(id)", form: [("kind", kind), ("text", text), ("options", options)])
            XCTAssertEqual(added.status, .seeOther, added.body)
        }
        let last = try await app.db.sql.raw("SELECT id FROM survey_questions WHERE text = '临时题目'").first()!.decode(column: "id", as: Int64.self)
        let r502 = try await office.submit("/jobcentre/surveys/\(id)/questions/\(last)/delete", from: "/jobcentre/surveys/\(id)", form: [])
        XCTAssertEqual(r502.status, .seeOther)
        let builder = try await office.get("/jobcentre/surveys/\(id)")
        XCTAssertTrue(builder.body.contains("你关注哪些行业") && !builder.body.contains("<strong>临时题目</strong>") && builder.body.contains("3 / 30"), builder.body)

        // Before publishing, students do not see it.
        let aID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let a = try await loggedIn(DemoSeed.demoStudentNo)
        let r503 = try await a.get("/surveys/\(id)")
        XCTAssertEqual(r503.status, .notFound)
        let published = try await office.submit("/jobcentre/surveys/\(id)/publish", from: "/jobcentre/surveys/\(id)", form: [])
        XCTAssertEqual(published.status, .seeOther)
        let r504 = try await office.submit("/jobcentre/surveys/\(id)/questions", from: "/jobcentre/surveys/\(id)/results", form: [
            ("kind", "填空"), ("text", "发布后加题"), ("options", "")])
        XCTAssertEqual(r504.status, .notFound, "published questions are frozen")

        let list = try await a.get("/surveys")
        XCTAssertTrue(list.body.contains("2027届毕业生求职意向调查") && list.body.contains("待填写"), list.body)
        let missing = try await a.submit("/surveys/\(id)", from: "/surveys/\(id)", form: [("q3", "多办招聘会")])
        XCTAssertEqual(missing.status, .unprocessableEntity)
        XCTAssertTrue(missing.body.contains("请回答第 1 题") && missing.body.contains("多办招聘会"), "the typed answer is kept")
        let forged = try await a.submit("/surveys/\(id)", from: "/surveys/\(id)", form: [("q1", "7"), ("q2", "0")])
        XCTAssertEqual(forged.status, .unprocessableEntity)
        let sent = try await a.submit("/surveys/\(id)", from: "/surveys/\(id)", form: [("q1", "0"), ("q2", "0"), ("q2", "3"), ("q3", "多办招聘会")])
        XCTAssertEqual(sent.status, .seeOther)
        let again = try await a.submit("/surveys/\(id)", from: "/surveys/\(id)", form: [("q1", "2"), ("q2", "1")])
        XCTAssertEqual(again.status, .seeOther)
        let page = try await a.get("/surveys/\(id)")
        XCTAssertTrue(page.body.contains("每人只能提交一次") && !page.body.contains("提交问卷"), page.body)

        // Ten more students, each pressing twice at once.
        let others = try await app.db.sql.raw("""
            SELECT user_id FROM students WHERE school_id = (SELECT school_id FROM students WHERE user_id = \(bind: aID)) AND user_id <> \(bind: aID) ORDER BY user_id LIMIT 10
            """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
        var presses: [(Browser, String, String)] = []
        for (index, user) in others.enumerated() {
            let browser = try await signedIn(user)
            let token = try await browser.get("/surveys/\(id)").csrfToken ?? ""
            presses.append((browser, token, String(index % 3)))
            presses.append((browser, token, String(index % 3)))
        }
        _ = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for (browser, token, choice) in presses {
                group.addTask { try await browser.request(.POST, "/surveys/\(id)", form: [("_csrf", token), ("q1", choice), ("q2", "1")]).status }
            }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        let counts = try await app.db.sql.raw("""
            SELECT COUNT(*) AS responses FROM survey_responses WHERE survey_id = \(bind: id)
            """).first()!
        let r505 = try counts.decode(column: "responses", as: Int.self)
        let r506 = try await SurveysController.survey(id, on: app.db)!.responses
        XCTAssertEqual(r505, 11, "one response per student")
        XCTAssertEqual(r506, 11)

        // Results: q1 0→1+4, 1→3, 2→3 (index % 3 over 0…9: 4, 3, 3); q2 互联网 1, 制造业 10, 金融 1.
        let results = try await office.get("/jobcentre/surveys/\(id)/results")
        XCTAssertEqual(results.status, .ok)
        let tallies = try await SurveysController.tallies(try await SurveysController.survey(id, on: app.db)!, on: app.db)
        XCTAssertEqual(tallies[0].counts, [5, 3, 3])
        XCTAssertEqual(tallies[1].counts, [1, 10, 0, 1])
        XCTAssertEqual(tallies.map(\.answered), [11, 11, 1])
        XCTAssertEqual(tallies[2].texts, ["多办招聘会"])
        XCTAssertTrue(results.body.contains("<svg") && results.body.contains("多办招聘会") && results.body.contains("45.5%") && !results.body.contains("张明"), results.body)
        let export = try await office.get("/jobcentre/surveys/\(id)/export?format=csv")
        XCTAssertEqual(export.status, .ok)
        XCTAssertTrue(export.body.contains("你目前的就业状态") && export.body.contains("互联网；金融") && export.body.contains("多办招聘会"), export.body)
        XCTAssertEqual(export.body.split(whereSeparator: \.isNewline).count, 12, "a header and eleven responses")

        // Scope: a student cannot read results; the office closes it and answers stop.
        let r507 = try await a.get("/jobcentre/surveys/\(id)/results")
        XCTAssertEqual(r507.status, .notFound)
        let r508 = try await (try await loggedIn("counselor")).get("/jobcentre/surveys/\(id)/results")
        XCTAssertEqual(r508.status, .notFound)
        let r509 = try await office.submit("/jobcentre/surveys/\(id)/close", from: "/jobcentre/surveys/\(id)/results", form: [])
        XCTAssertEqual(r509.status, .seeOther)
        let late = try await signedIn(try await Demo.userID(app, studentNo: "20251002"))
        let closed = try await late.get("/surveys/\(id)")
        XCTAssertTrue(closed.body.contains("该问卷已截止") || closed.body.contains("每人只能提交一次"), closed.body)
        let audits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'jobcentre.survey%'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 1 + 5 + 1 + 11 + 1, "draft, five question edits, publish, eleven answers, close; the export (a GET) writes nothing")
    }
}
