@testable import JiuyeApp
@testable import JiuyeJobCentre
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 咨询预约 over HTTP: a counselor publishes consecutive times (never overlapping their own); a
/// student books one with a topic, the counselor is told and sees who comes and why; nobody else
/// can take it, even pressing at once; a student is never booked twice at the same hour; cancelling
/// frees the time until an hour before; a withdrawn time tells its student.
final class ConsultFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser { try await Browser.loggedIn(app, user) }

    func signedIn(_ userID: Int64) async throws -> Browser { try await Browser.signedIn(app, userID) }

    func local(_ epoch: Int64) -> String { ChinaTime.dateTime(epoch).replacingOccurrences(of: " ", with: "T") }

    func slots(of user: Int64) async throws -> [(id: Int64, starts: Int64, student: Int64?, withdrawn: Bool)] {
        try await app.db.sql.raw("SELECT id, starts_at, student_id, withdrawn_at FROM consult_slots WHERE counselor_id = \(bind: user) ORDER BY starts_at, id").all().map {
            (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "starts_at", as: Int64.self), try $0.decode(column: "student_id", as: Int64?.self),
             try $0.decode(column: "withdrawn_at", as: Int64?.self) != nil)
        }
    }

    func messages(_ user: Int64, like title: String) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: user) AND title LIKE \(bind: title + "%")").first()!.decode(column: "n", as: Int.self)
    }

    func testTimesAreBookedOnceCancelledAndWithdrawn() async throws {
        let counselor = try await loggedIn("counselor")
        let counselorID = try await app.db.sql.raw("SELECT id FROM users WHERE username = 'counselor'").first()!.decode(column: "id", as: Int64.self)
        let start = (app.clock.now() / 3_600 + 26) * 3_600
        let bad = try await counselor.submit("/jobcentre/consult", from: "/jobcentre/consult", form: [
            ("starts_at", "2020-01-01T09:00"), ("minutes", "5"), ("count", "9"), ("place", "")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("开始时间须在现在之后") && bad.body.contains("每次咨询时长为 15 至 120 分钟") && bad.body.contains("一次可发布 1 至 8 个")
                      && bad.body.contains("请填写咨询地点"), bad.body)
        let huge = try await counselor.submit("/jobcentre/consult", from: "/jobcentre/consult", form: [
            ("starts_at", local(start)), ("minutes", "99999999999999999999"), ("count", "3"), ("place", "就业指导中心 203")])
        XCTAssertEqual(huge.status, .unprocessableEntity, "refused, not trapped")
        let made = try await counselor.submit("/jobcentre/consult", from: "/jobcentre/consult", form: [
            ("starts_at", local(start)), ("minutes", "30"), ("count", "3"), ("place", "就业指导中心 203")])
        XCTAssertEqual(made.status, .seeOther, made.body)
        var mine = try await slots(of: counselorID)
        XCTAssertEqual(mine.map(\.starts), [start, start + 1_800, start + 3_600], "three consecutive half hours")
        let overlap = try await counselor.submit("/jobcentre/consult", from: "/jobcentre/consult", form: [
            ("starts_at", local(start + 3_000)), ("minutes", "60"), ("count", "1"), ("place", "就业指导中心 203")])
        XCTAssertEqual(overlap.status, .unprocessableEntity)
        XCTAssertTrue(overlap.body.contains("时间重叠"), overlap.body)
        let r401 = try await slots(of: counselorID)
        XCTAssertEqual(r401.count, 3)

        let visitor = try await Browser(app).get("/consult")
        XCTAssertTrue(visitor.body.contains("登录后可查看咨询时段") && !visitor.body.contains("就业指导中心 203"), visitor.body)
        let r402 = try await (try await loggedIn("employer")).get("/jobcentre/consult")
        XCTAssertEqual(r402.status, .notFound)

        // A books the first time; B cannot take it; the counselor sees who and why.
        let aID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let a = try await loggedIn(DemoSeed.demoStudentNo)
        let list = try await a.get("/consult")
        XCTAssertTrue(list.body.contains("就业指导中心 203") && list.body.contains(ChinaTime.dateTime(start)), list.body)
        let first = mine[0].id
        let noTopic = try await a.submit("/consult/\(first)/book", from: "/consult/\(first)", form: [("topic", "闲聊"), ("note", "")])
        XCTAssertEqual(noTopic.status, .unprocessableEntity)
        XCTAssertTrue(noTopic.body.contains("请选择咨询主题"))
        let booked = try await a.submit("/consult/\(first)/book", from: "/consult/\(first)", form: [("topic", "简历修改"), ("note", "想请老师看看实习经历怎么写")])
        XCTAssertEqual(booked.status, .seeOther)
        let r403 = try await messages(counselorID, like: "新的咨询预约")
        XCTAssertEqual(r403, 1, "the counselor is told")
        let board = try await counselor.get("/jobcentre/consult")
        XCTAssertTrue(board.body.contains("简历修改") && board.body.contains("想请老师看看实习经历怎么写") && board.body.contains(DemoSeed.demoStudentNo), board.body)

        let bID = try await Demo.userID(app, studentNo: "20251002")
        let b = try await signedIn(bID)
        let r404 = try await b.get("/consult/\(first)")
        XCTAssertEqual(r404.status, .notFound, "someone else's booking is not shown")
        let page = try await b.get("/consult/\(mine[1].id)")
        let stolen = try await b.request(.POST, "/consult/\(first)/book", form: [("_csrf", page.csrfToken ?? ""), ("topic", "面试技巧"), ("note", "")])
        XCTAssertEqual(stolen.status, .seeOther)
        let told = try await b.get("/consult")
        XCTAssertTrue(told.body.contains("该时段刚被其他同学预约"), told.body)
        mine = try await slots(of: counselorID)
        XCTAssertEqual(mine[0].student, aID, "the time stays with A")

        // The office publishes a time at the same hour: A may not hold both.
        let office = try await loggedIn("school")
        let officeID = try await app.db.sql.raw("SELECT id FROM users WHERE username = 'school'").first()!.decode(column: "id", as: Int64.self)
        let r405 = try await office.submit("/jobcentre/consult", from: "/jobcentre/consult", form: [
            ("starts_at", local(start + 600)), ("minutes", "45"), ("count", "1"), ("place", "学生事务中心")])
        XCTAssertEqual(r405.status, .seeOther)
        let clash = try await slots(of: officeID)[0].id
        _ = try await a.submit("/consult/\(clash)/book", from: "/consult/\(clash)", form: [("topic", "面试技巧"), ("note", "")])
        let r406 = try await a.get("/consult")
        XCTAssertTrue(r406.body.contains("你在这一时间已有其他咨询预约"), r406.body)
        let r407 = try await slots(of: officeID)
        XCTAssertNil(r407[0].student)

        // A also books the third time, then cancels it: free again, the counselor told.
        let third = mine[2].id
        _ = try await a.submit("/consult/\(third)/book", from: "/consult/\(third)", form: [("topic", "生涯规划"), ("note", "")])
        let r408 = try await slots(of: counselorID)
        XCTAssertEqual(r408[2].student, aID)
        let r409 = try await a.submit("/consult/\(third)/cancel", from: "/consult/\(third)", form: [])
        XCTAssertEqual(r409.status, .seeOther)
        let r410 = try await slots(of: counselorID)
        XCTAssertNil(r410[2].student)
        let r411 = try await messages(counselorID, like: "咨询预约已取消")
        XCTAssertEqual(r411, 1)

        // Twenty students press at once on the free second time: one gets it.
        var browsers: [(Browser, String)] = []
        let others = try await app.db.sql.raw("""
            SELECT st.user_id FROM students st WHERE st.school_id = (SELECT school_id FROM students WHERE user_id = \(bind: aID)) AND st.user_id <> \(bind: aID) ORDER BY st.user_id LIMIT 20
            """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
        XCTAssertEqual(others.count, 20)
        let second = mine[1].id
        for user in others {
            let browser = try await signedIn(user)
            browsers.append((browser, try await browser.get("/consult/\(second)").csrfToken ?? ""))
        }
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for (browser, token) in browsers {
                group.addTask { try await browser.request(.POST, "/consult/\(second)/book", form: [("_csrf", token), ("topic", "求职指导"), ("note", "")]).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0 == .seeOther }.count, 20)
        let holders = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM consult_slots WHERE id = \(bind: second) AND student_id IS NOT NULL").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(holders, 1)
        let r412 = try await slots(of: counselorID)
        XCTAssertTrue(others.contains(r412[1].student ?? -1))
        let audits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'jobcentre.consult-book'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 3, "A's two bookings and the one winner, each audited")

        // Within the hour before, A cannot cancel; the counselor withdraws and A is told.
        app.clock.advance(seconds: start - app.clock.now() - 1_800)
        let a2 = try await signedIn(aID)
        let late = try await a2.get("/consult/\(first)")
        XCTAssertTrue(late.body.contains("1 小时内不能在线取消"), late.body)
        let r413 = try await a2.request(.POST, "/consult/\(first)/cancel", form: [("_csrf", late.csrfToken ?? "")])
        XCTAssertEqual(r413.status, .seeOther)
        let r414 = try await slots(of: counselorID)
        XCTAssertEqual(r414[0].student, aID, "still booked")
        let c2 = try await signedIn(counselorID)
        let manage = try await c2.get("/jobcentre/consult")
        let r415 = try await c2.request(.POST, "/jobcentre/consult/\(first)/withdraw", form: [("_csrf", manage.csrfToken ?? "")])
        XCTAssertEqual(r415.status, .seeOther)
        let r416 = try await slots(of: counselorID)
        XCTAssertTrue(r416[0].withdrawn)
        let r417 = try await messages(aID, like: "咨询时段已取消")
        XCTAssertEqual(r417, 1)
        let r418 = try await a2.get("/consult")
        XCTAssertTrue(r418.body.contains("老师已取消"), r418.body)
        let b2 = try await signedIn(bID)
        let token = try await b2.get("/consult").csrfToken ?? ""
        let r419 = try await b2.request(.POST, "/jobcentre/consult/\(second)/withdraw", form: [("_csrf", token)])
        XCTAssertEqual(r419.status, .notFound, "a student cannot withdraw")
    }
}
