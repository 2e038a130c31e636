@testable import JiuyeApp
@testable import JiuyeJobCentre
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 一键预约活动 over HTTP: the office publishes an event; a student books a seat and gets an
/// 入场券 by message and SMS; staff check it in by its code, a second scan only says when; 501
/// students pressing 一键预约 at once on a 500-seat event get exactly 500 tickets.
final class EventBookingTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser { try await Browser.loggedIn(app, user) }

    func signedIn(_ userID: Int64) async throws -> Browser { try await Browser.signedIn(app, userID) }

    func publish(_ title: String, capacity: Int, by office: Browser) async throws -> Int64 {
        let starts = ChinaTime.dateTime(app.clock.now() + 2 * 86_400).replacingOccurrences(of: " ", with: "T")
        let ends = ChinaTime.dateTime(app.clock.now() + 2 * 86_400 + 7_200).replacingOccurrences(of: " ", with: "T")
        let page = try await office.submit("/jobcentre/events", from: "/jobcentre/events/new", form: [
            ("kind", "招聘会"), ("title", title), ("venue", "学生活动中心一楼"), ("starts_at", starts), ("ends_at", ends), ("capacity", String(capacity)),
            ("description", "百家单位进校招聘。")])
        XCTAssertEqual(page.status, .seeOther, page.body)
        return try await app.db.sql.raw("SELECT id FROM job_events WHERE title = \(bind: title)").first()!.decode(column: "id", as: Int64.self)
    }

    func testABookingGetsATicketThatIsCheckedInOnce() async throws {
        let office = try await loggedIn("school")
        let bad = try await office.submit("/jobcentre/events", from: "/jobcentre/events/new", form: [
            ("kind", "招聘会"), ("title", "春季双选会"), ("venue", "体育馆"), ("starts_at", "2020-01-01T09:00"), ("ends_at", "2020-01-01T08:00"), ("capacity", "0")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("开始时间须在现在之后") && bad.body.contains("请填写可预约人数"), bad.body)
        let id = try await publish("春季双选会", capacity: 2, by: office)
        let board = try await Browser(app).get("/events")
        XCTAssertTrue(board.body.contains("春季双选会") && board.body.contains("学生活动中心一楼"), "public")

        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let booked = try await student.submit("/events/\(id)/book", from: "/events/\(id)", form: [])
        XCTAssertEqual(booked.status, .seeOther)
        let again = try await student.submit("/events/\(id)/book", from: "/events/\(id)", form: [])
        XCTAssertEqual(again.status, .seeOther)
        let seats = try await app.db.sql.raw("SELECT booked FROM job_events WHERE id = \(bind: id)").first()!.decode(column: "booked", as: Int.self)
        XCTAssertEqual(seats, 1, "booking twice takes one seat")
        let ticket = try await EventStore.ticket(event: id, student: studentID, on: app.db)!
        let page = try await student.get("/jobcentre/tickets/\(ticket.id)")
        XCTAssertTrue(page.body.contains(TicketCode.display(ticket.code)) && page.body.contains("<svg"), page.body)
        let message = try await app.db.sql.raw("SELECT body FROM messages WHERE user_id = \(bind: studentID) AND title LIKE '入场券%'").first()?.decode(column: "body", as: String.self)
        XCTAssertTrue(message?.contains(TicketCode.display(ticket.code)) == true, "the 入场券 comes as a message")
        let sms = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND user_id = \(bind: studentID)").first()?.decode(column: "n", as: Int.self)
        XCTAssertEqual(sms, 1, "and by SMS")
        let mine = try await student.get("/jobcentre/tickets")
        XCTAssertTrue(mine.body.contains("春季双选会") && mine.body.contains("待签到"), mine.body)
        let other = try await signedIn(try await Demo.userID(app, studentNo: "20251002"))
        let r301 = try await other.get("/jobcentre/tickets/\(ticket.id)")
        XCTAssertEqual(r301.status, .notFound, "someone else's ticket")
        let r302 = try await (try await loggedIn("employer")).submit("/events/\(id)/book", from: "/events/\(id)", form: [])
        XCTAssertEqual(r302.status, .notFound)

        // Check-in: the QR link fills the code; a wrong code, then the right one, then again.
        let door = try await loggedIn("counselor")
        let filled = try await door.get("/events/\(id)/checkin?code=\(ticket.code)")
        XCTAssertTrue(filled.status == .ok && filled.body.contains(TicketCode.display(ticket.code)), filled.body)
        let wrong = try await door.submit("/events/\(id)/checkin", from: "/events/\(id)/checkin", form: [("code", "ZZZZ-ZZZZ")])
        XCTAssertEqual(wrong.status, .seeOther)
        let r303 = try await door.get("/events/\(id)/checkin")
        XCTAssertTrue(r303.body.contains("不是本场活动的入场券"))
        _ = try await door.submit("/events/\(id)/checkin", from: "/events/\(id)/checkin", form: [("code", TicketCode.display(ticket.code).lowercased())])
        let r304 = try await door.get("/events/\(id)/checkin")
        XCTAssertTrue(r304.body.contains("签到成功：张明"))
        _ = try await door.submit("/events/\(id)/checkin", from: "/events/\(id)/checkin", form: [("code", ticket.code)])
        let r305 = try await door.get("/events/\(id)/checkin")
        XCTAssertTrue(r305.body.contains("无需重复签到"))
        let checkIns = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'jobcentre.event-checkin'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(checkIns, 1, "a second scan changes nothing")
        let r306 = try await student.get("/events/\(id)/checkin")
        XCTAssertEqual(r306.status, .notFound, "students do not check in")
        let stats = try await office.get("/jobcentre/events/\(id)")
        XCTAssertTrue(stats.body.contains("已签到") && stats.body.contains("100.0%"), stats.body)
        let cancelLate = try await student.submit("/jobcentre/tickets/\(ticket.id)/cancel", from: "/jobcentre/tickets/\(ticket.id)", form: [])
        XCTAssertEqual(cancelLate.status, .seeOther)
        let r307 = try await EventStore.ticket(ticket.id, on: app.db)
        XCTAssertNotNil(r307, "a checked-in ticket stays")
    }

    /// 501 students press 一键预约 at once on a 500-seat event: 500 tickets, one 名额已满.
    func testFiveHundredAndOneAtOnceGetFiveHundredSeats() async throws {
        let office = try await loggedIn("school")
        let id = try await publish("大型双选会", capacity: 500, by: office)
        let school = try await Demo.schoolID(app)
        let klass = try await app.db.sql.raw("SELECT st.college_id, st.major_id, st.class_id FROM students st WHERE st.class_id IS NOT NULL LIMIT 1").first()!
        let (college, major, classID) = (try klass.decode(column: "college_id", as: Int64.self), try klass.decode(column: "major_id", as: Int64.self),
                                         try klass.decode(column: "class_id", as: Int64.self))
        let now = app.clock.now()
        var browsers: [Browser] = []
        for index in 0..<501 {
            let user = try await AccountQueries.create(.init(displayName: "学生\(index)", passwordHash: "-", studentNo: "bk\(index)"), keys: app.keys, now: now, on: app.db)
            _ = try await AccountQueries.addAssignment(userID: user, role: .student, scope: [:], createdBy: nil, now: now, on: app.db)
            try await app.db.sql.insert(into: "students").columns("user_id", "school_id", "college_id", "major_id", "class_id", "cohort", "level", "stage")
                .values(SQLBind(user), SQLBind(school), SQLBind(college), SQLBind(major), SQLBind(classID), SQLBind(2025), SQLBind("本科"), SQLBind("本专科")).run()
            browsers.append(try await signedIn(user))
        }
        // Each has its page (and CSRF token) first; then all press at once.
        var tokens: [String] = []
        for browser in browsers { tokens.append(try await browser.get("/events/\(id)").csrfToken ?? "") }
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for (browser, token) in zip(browsers, tokens) {
                group.addTask { try await browser.request(.POST, "/events/\(id)/book", form: [("_csrf", token)]).status }
            }
            var all: [HTTPStatus] = []
            for try await status in group { all.append(status) }
            return all
        }
        XCTAssertEqual(statuses.filter { $0 == .seeOther }.count, 501, "every press is answered")
        let tickets = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM event_tickets WHERE event_id = \(bind: id)").first()!.decode(column: "n", as: Int.self)
        let booked = try await app.db.sql.raw("SELECT booked FROM job_events WHERE id = \(bind: id)").first()!.decode(column: "booked", as: Int.self)
        XCTAssertEqual(tickets, 500)
        XCTAssertEqual(booked, 500)
        let full = try await browsers.last!.get("/events/\(id)")
        XCTAssertTrue(full.body.contains("名额已满") || full.body.contains("查看入场券"), full.body)
    }
}
