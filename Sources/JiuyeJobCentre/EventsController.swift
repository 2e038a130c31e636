import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 一键预约活动: the school's employment office publishes 宣讲会, 招聘会 and 讲座; anyone sees the
/// list; a student of the school books a seat (never more bookings than seats, however many press
/// at once) and gets an 入场券 with a 签到码 by message and SMS; staff check tickets in at the door
/// (the QR code opens the check-in page with the code filled in; typing it works too; a second
/// scan only says when it was checked in); 我的报名; attendance per event.
package struct EventsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("events", use: PublicPageCache.cached(list))
        routes.get("events", ":id", use: show)
        routes.post("events", ":id", "book", use: book)
        routes.get("events", ":id", "checkin", use: checkInPage)
        routes.post("events", ":id", "checkin", use: checkIn)
        routes.get("jobcentre", "tickets", use: tickets)
        routes.get("jobcentre", "tickets", ":id", use: ticket)
        routes.post("jobcentre", "tickets", ":id", "cancel", use: cancelTicket)
        routes.get("jobcentre", "events", use: manage)
        routes.get("jobcentre", "events", "new", use: newForm)
        routes.post("jobcentre", "events", use: create)
        routes.get("jobcentre", "events", ":id", use: attendance)
    }

    // MARK: - Public and student

    @Sendable
    func list(req: Request) async throws -> Response {
        let kind = req.query[String.self, at: "kind"].flatMap(JobEvent.Kind.init(rawValue:))
        let rows = try await EventStore.upcoming(now: req.now, kind: kind, on: req.db)
        return req.render(JobPages.EventList(context: req.pageContext("活动预约", breadcrumb: [Crumb("活动预约")], current: "/events"), rows: rows, kind: kind))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await EventStore.event(id, on: req.db), !row.cancelled else { throw Abort(.notFound) }
        var booking: JobPages.BookingState = .visitor
        if let user = req.currentUser, user.role == .student {
            if let ticket = try await EventStore.ticket(event: id, student: user.id, on: req.db) {
                booking = .booked(ticket.id)
            } else if try await EventStore.studentSchool(user.id, on: req.db) != row.schoolID {
                booking = .otherSchool
            } else if !JobEvent.bookingOpen(startsAt: row.event.startsAt, now: req.now) {
                booking = .closed
            } else {
                booking = row.seatsLeft > 0 ? .open(user.csrfToken) : .full
            }
        }
        return req.render(JobPages.EventDetail(context: req.pageContext(row.event.title, breadcrumb: [Crumb("活动预约", href: "/events"), Crumb(row.event.title)],
                                                                        current: "/events"), row: row, booking: booking))
    }

    enum Booking { case booked(Int64, String), already(Int64), full, closed }

    @Sendable
    func book(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await EventStore.event(id, on: req.db), !row.cancelled,
              try await EventStore.studentSchool(user.id, on: req.db) == row.schoolID else { throw Abort(.notFound) }
        let now = req.now, keys = req.keys, app = req.application
        var generator = SystemRandomNumberGenerator()
        let code = TicketCode.make(using: &generator)
        let outcome: Booking
        do {
            outcome = try await req.db.writeTransaction { db in
                if let ticket = try await EventStore.ticket(event: id, student: user.id, on: db) { return .already(ticket.id) }
                // One conditional update takes a seat: never more tickets than seats.
                guard try await db.sql.raw("""
                    UPDATE job_events SET booked = booked + 1 WHERE id = \(bind: id) AND booked < capacity AND cancelled_at IS NULL AND starts_at > \(bind: now) RETURNING booked
                    """).first() != nil else { return JobEvent.bookingOpen(startsAt: row.event.startsAt, now: now) ? .full : .closed }
                let ticketID = try await OrgQueries.insertReturningID(db, into: "event_tickets", [
                    ("event_id", id), ("student_id", user.id), ("code", code), ("booked_at", now),
                ])
                try await req.audit(.eventBook, target: .eventTicket, id: ticketID, changes: [.init("title", after: row.event.title)], on: db)
                try await MessageCenter.post(to: user.id, title: "入场券：\(row.event.title)",
                                             body: "签到码 \(TicketCode.display(code))，\(row.when)，\(row.event.venue)。入场时出示入场券二维码或签到码。",
                                             link: "/jobcentre/tickets/\(ticketID)", sms: true, now: now, keys: keys, app: app, on: db)
                return .booked(ticketID, code)
            }
        } catch {
            // The same student pressing twice at once: the second insert meets the first's ticket.
            guard let ticket = try await EventStore.ticket(event: id, student: user.id, on: req.db) else { throw error }
            outcome = .already(ticket.id)
        }
        switch outcome {
        case .booked(let ticketID, let code):
            return req.seeOther("/jobcentre/tickets/\(ticketID)", flash: Flash(.success, "预约成功，签到码 \(TicketCode.display(code))，入场券已发送到消息和手机。"))
        case .already(let ticketID): return req.seeOther("/jobcentre/tickets/\(ticketID)", flash: Flash(.info, "你已预约这场活动。"))
        case .full: return req.seeOther("/events/\(id)", flash: Flash(.error, "名额已满，预约未成功。"))
        case .closed: return req.seeOther("/events/\(id)", flash: Flash(.error, "活动已开始，不能再预约。"))
        }
    }

    @Sendable
    func tickets(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let rows = try await req.db.sql.raw("""
            SELECT t.id AS ticket_id, t.code, t.checked_in_at, e.*, s.name AS school_name FROM event_tickets t JOIN job_events e ON e.id = t.event_id
            JOIN schools s ON s.id = e.school_id WHERE t.student_id = \(bind: user.id) ORDER BY e.starts_at DESC LIMIT 200
            """).all().map { (try $0.decode(column: "ticket_id", as: Int64.self), try EventStore.Row($0), try $0.decode(column: "checked_in_at", as: Int64?.self)) }
        return req.render(JobPages.MyTickets(context: req.pageContext("我的报名", breadcrumb: [Crumb("我的报名")], current: "/jobcentre/tickets"),
                                             rows: rows, now: req.now))
    }

    func ownTicket(_ req: Request) async throws -> (CurrentUser, EventStore.Ticket, EventStore.Row) {
        let user = try req.requireRole(.student)
        guard let id = RequestNumber.id(req.parameters.get("id")), let ticket = try await EventStore.ticket(id, on: req.db), ticket.studentID == user.id,
              let row = try await EventStore.event(ticket.eventID, on: req.db) else { throw Abort(.notFound) }
        return (user, ticket, row)
    }

    @Sendable
    func ticket(req: Request) async throws -> Response {
        let (user, ticket, row) = try await ownTicket(req)
        return req.render(JobPages.TicketPage(context: req.pageContext("入场券", breadcrumb: [Crumb("我的报名", href: "/jobcentre/tickets"), Crumb("入场券")],
                                                                       current: "/jobcentre/tickets"),
                                              ticket: ticket, row: row, holder: user.displayName, url: EventStore.checkInURL(req, event: row.id, code: ticket.code),
                                              canCancel: ticket.checkedInAt == nil && JobEvent.bookingOpen(startsAt: row.event.startsAt, now: req.now),
                                              csrfToken: user.csrfToken))
    }

    /// 取消预约 before the event starts: the seat goes back.
    @Sendable
    func cancelTicket(req: Request) async throws -> Response {
        let (_, ticket, row) = try await ownTicket(req)
        let now = req.now
        guard ticket.checkedInAt == nil, JobEvent.bookingOpen(startsAt: row.event.startsAt, now: now) else {
            return req.seeOther("/jobcentre/tickets/\(ticket.id)", flash: Flash(.error, "活动已开始或已签到，不能取消预约。"))
        }
        try await req.db.writeTransaction { db in
            guard try await db.sql.raw("DELETE FROM event_tickets WHERE id = \(bind: ticket.id) AND checked_in_at IS NULL RETURNING id").first() != nil else { return }
            try await db.sql.raw("UPDATE job_events SET booked = booked - 1 WHERE id = \(bind: row.id) AND booked > 0").run()
            try await req.audit(.eventCancel, target: .eventTicket, id: ticket.id, changes: [.init("title", after: row.event.title)], on: db)
        }
        return req.seeOther("/jobcentre/tickets", flash: Flash(.success, "已取消预约“\(row.event.title)”。"))
    }

    // MARK: - Staff

    static func staff(_ req: Request) throws -> (CurrentUser, Set<String>) {
        let user = try req.requireRole(.schoolAdmin, .collegeAdmin, .counselor)
        return (user, Set(user.active?.values[.school] ?? []))
    }

    static func office(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.schoolAdmin)
        guard let school = user.active?.values[.school]?.first.flatMap({ Int64($0) }) else { throw Abort(.notFound) }
        return (user, school)
    }

    @Sendable
    func checkInPage(req: Request) async throws -> Response {
        let (user, schools) = try Self.staff(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await EventStore.event(id, on: req.db), schools.contains(String(row.schoolID)) else {
            throw Abort(.notFound)
        }
        let code = (req.query[String.self, at: "code"]).flatMap(TicketCode.normalise) ?? ""
        let checked = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM event_tickets WHERE event_id = \(bind: id) AND checked_in_at IS NOT NULL").first()?
            .decode(column: "n", as: Int.self) ?? 0
        return req.render(JobPages.CheckIn(context: req.pageContext("现场签到", breadcrumb: [Crumb("现场签到")], current: "/jobcentre/events"),
                                           row: row, code: TicketCode.display(code), checked: checked, csrfToken: user.csrfToken))
    }

    @Sendable
    func checkIn(req: Request) async throws -> Response {
        let (user, schools) = try Self.staff(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await EventStore.event(id, on: req.db), schools.contains(String(row.schoolID)) else {
            throw Abort(.notFound)
        }
        let back = "/events/\(id)/checkin"
        guard let code = TicketCode.normalise(FormFields(req).value("code")) else {
            return req.seeOther(back, flash: Flash(.error, "签到码是入场券上的 8 位字母和数字，请核对后重新输入。"))
        }
        guard let found = try await req.db.sql.raw("""
            SELECT t.id, t.checked_in_at, u.display_name, u.student_no FROM event_tickets t JOIN users u ON u.id = t.student_id
            WHERE t.event_id = \(bind: id) AND t.code = \(bind: code)
            """).first() else {
            return req.seeOther(back, flash: Flash(.error, "签到码 \(TicketCode.display(code)) 不是本场活动的入场券。"))
        }
        let ticketID = try found.decode(column: "id", as: Int64.self)
        let name = try found.decode(column: "display_name", as: String.self), number = try found.decode(column: "student_no", as: String?.self) ?? ""
        let now = req.now
        let first: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE event_tickets SET checked_in_at = \(bind: now), checked_in_by = \(bind: user.id) WHERE id = \(bind: ticketID) AND checked_in_at IS NULL RETURNING id
                """).first() != nil else { return false }
            try await req.audit(.eventCheckIn, target: .eventTicket, id: ticketID, changes: [.init("title", after: row.event.title)], on: db)
            return true
        }
        if first { return req.seeOther(back, flash: Flash(.success, "签到成功：\(name)（\(number)）。")) }
        let at = try await EventStore.ticket(ticketID, on: req.db)?.checkedInAt.map(ChinaTime.dateTime) ?? ""
        return req.seeOther(back, flash: Flash(.info, "\(name)（\(number)）已于 \(at) 签到，无需重复签到。"))
    }

    @Sendable
    func manage(req: Request) async throws -> Response {
        let (_, school) = try Self.office(req)
        let rows = try await EventStore.ofSchool(school, on: req.db)
        return req.render(JobPages.ManageEvents(context: req.pageContext("活动管理", breadcrumb: [Crumb("活动管理")], current: "/jobcentre/events"), rows: rows))
    }

    @Sendable
    func newForm(req: Request) async throws -> Response {
        let (user, _) = try Self.office(req)
        return render(req, user: user, values: ["kind": JobEvent.Kind.talk.rawValue], errors: [:])
    }

    func render(_ req: Request, user: CurrentUser, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) -> Response {
        req.render(JobPages.EventForm(context: req.pageContext("发布活动", breadcrumb: [Crumb("活动管理", href: "/jobcentre/events"), Crumb("发布活动")],
                                                               current: "/jobcentre/events"), values: values, errors: errors, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let (user, school) = try Self.office(req)
        let values = FormFields(req).values(of: ["kind", "title", "venue", "starts_at", "ends_at", "capacity", "description"])
        switch JobEvent.check(values, startsAt: ChinaTime.parseDateTime(values["starts_at"] ?? ""), endsAt: ChinaTime.parseDateTime(values["ends_at"] ?? ""), now: req.now) {
        case .failure(let problems): return render(req, user: user, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let event):
            let now = req.now
            try await req.db.writeTransaction { db in
                let id = try await OrgQueries.insertReturningID(db, into: "job_events", [
                    ("school_id", school), ("kind", event.kind.rawValue), ("title", event.title), ("venue", event.venue), ("starts_at", event.startsAt),
                    ("ends_at", event.endsAt), ("capacity", Int64(event.capacity)), ("booked", Int64(0)), ("description", event.description),
                    ("created_by", user.id), ("created_at", now),
                ])
                try await req.audit(.eventPublish, target: .jobEvent, id: id, changes: [.init("title", after: event.title), .init("capacity", after: String(event.capacity))], on: db)
            }
            return req.seeOther("/jobcentre/events", flash: Flash(.success, "已发布活动“\(event.title)”，学生可在“活动预约”中预约。"))
        }
    }

    @Sendable
    func attendance(req: Request) async throws -> Response {
        let (_, school) = try Self.office(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await EventStore.event(id, on: req.db), row.schoolID == school else { throw Abort(.notFound) }
        let people = try await req.db.sql.raw("""
            SELECT u.display_name, u.student_no, t.booked_at, t.checked_in_at FROM event_tickets t JOIN users u ON u.id = t.student_id
            WHERE t.event_id = \(bind: id) ORDER BY t.id LIMIT 20000
            """).all().map {
            (try $0.decode(column: "display_name", as: String.self), try $0.decode(column: "student_no", as: String?.self) ?? "—",
             try $0.decode(column: "booked_at", as: Int64.self), try $0.decode(column: "checked_in_at", as: Int64?.self))
        }
        return req.render(JobPages.Attendance(context: req.pageContext(row.event.title, breadcrumb: [Crumb("活动管理", href: "/jobcentre/events"), Crumb(row.event.title)],
                                                                       current: "/jobcentre/events"), row: row, people: people))
    }
}

extension AuditAction {
    package static let eventPublish = AuditAction("jobcentre.event", "发布活动")
    package static let eventBook = AuditAction("jobcentre.event-book", "预约活动")
    package static let eventCancel = AuditAction("jobcentre.event-cancel", "取消活动预约")
    package static let eventCheckIn = AuditAction("jobcentre.event-checkin", "活动签到")
}

extension AuditTarget {
    package static let jobEvent = AuditTarget("job-event", "活动")
    package static let eventTicket = AuditTarget("event-ticket", "入场券")
}
