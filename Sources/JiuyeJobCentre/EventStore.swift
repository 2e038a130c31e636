import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// Events and tickets as stored.
package enum EventStore {
    package struct Row: Sendable {
        package let id: Int64
        package let schoolID: Int64
        package let schoolName: String
        package let event: JobEvent
        package let booked: Int
        package let cancelled: Bool

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            schoolID = try row.decode(column: "school_id", as: Int64.self)
            schoolName = try row.decode(column: "school_name", as: String.self)
            event = JobEvent(kind: JobEvent.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .lecture,
                             title: try row.decode(column: "title", as: String.self), venue: try row.decode(column: "venue", as: String.self),
                             startsAt: try row.decode(column: "starts_at", as: Int64.self), endsAt: try row.decode(column: "ends_at", as: Int64.self),
                             capacity: Int(try row.decode(column: "capacity", as: Int64.self)), description: try row.decode(column: "description", as: String.self))
            booked = Int(try row.decode(column: "booked", as: Int64.self))
            cancelled = try row.decode(column: "cancelled_at", as: Int64?.self) != nil
        }

        package var seatsLeft: Int { max(0, event.capacity - booked) }
        /// "2027-03-18 14:00–16:00" (the end's date too when it is another day).
        package var when: String {
            let start = ChinaTime.dateTime(event.startsAt), end = ChinaTime.dateTime(event.endsAt)
            return start.prefix(10) == end.prefix(10) ? "\(start)–\(end.suffix(5))" : "\(start) 至 \(end)"
        }
    }

    static let select: SQLQueryString = "SELECT e.*, s.name AS school_name FROM job_events e JOIN schools s ON s.id = e.school_id"

    package static func event(_ id: Int64, on db: any Database) async throws -> Row? {
        try await db.sql.raw("\(select) WHERE e.id = \(bind: id)").first().map(Row.init)
    }

    /// Events not yet ended and not cancelled, soonest first (a school's only, when given).
    package static func upcoming(now: Int64, school: Int64? = nil, kind: JobEvent.Kind? = nil, limit: Int = 200, on db: any Database) async throws -> [Row] {
        var clause: SQLQueryString = "WHERE e.cancelled_at IS NULL AND e.ends_at > \(bind: now)"
        if let school { clause = "\(clause) AND e.school_id = \(bind: school)" }
        if let kind { clause = "\(clause) AND e.kind = \(bind: kind.rawValue)" }
        return try await db.sql.raw("\(select) \(clause) ORDER BY e.starts_at, e.id LIMIT \(bind: limit)").all().map(Row.init)
    }

    /// A school's events, newest first, with their check-in counts.
    package static func ofSchool(_ school: Int64, on db: any Database) async throws -> [(Row, Int)] {
        try await db.sql.raw("""
            SELECT e.*, s.name AS school_name, (SELECT COUNT(*) FROM event_tickets t WHERE t.event_id = e.id AND t.checked_in_at IS NOT NULL) AS checked
            FROM job_events e JOIN schools s ON s.id = e.school_id WHERE e.school_id = \(bind: school) ORDER BY e.starts_at DESC, e.id DESC LIMIT 500
            """).all().map { (try Row($0), try $0.decode(column: "checked", as: Int.self)) }
    }

    package static func studentSchool(_ userID: Int64, on db: any Database) async throws -> Int64? {
        try await db.sql.raw("SELECT school_id FROM students WHERE user_id = \(bind: userID)").first()?.decode(column: "school_id", as: Int64.self)
    }

    package struct Ticket: Sendable {
        package let id: Int64
        package let eventID: Int64
        package let studentID: Int64
        package let code: String
        package let bookedAt: Int64
        package let checkedInAt: Int64?

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            eventID = try row.decode(column: "event_id", as: Int64.self)
            studentID = try row.decode(column: "student_id", as: Int64.self)
            code = try row.decode(column: "code", as: String.self)
            bookedAt = try row.decode(column: "booked_at", as: Int64.self)
            checkedInAt = try row.decode(column: "checked_in_at", as: Int64?.self)
        }
    }

    package static func ticket(event: Int64, student: Int64, on db: any Database) async throws -> Ticket? {
        try await db.sql.raw("SELECT * FROM event_tickets WHERE event_id = \(bind: event) AND student_id = \(bind: student)").first().map(Ticket.init)
    }

    package static func ticket(_ id: Int64, on db: any Database) async throws -> Ticket? {
        try await db.sql.raw("SELECT * FROM event_tickets WHERE id = \(bind: id)").first().map(Ticket.init)
    }

    /// Where a ticket's QR code leads: the door's check-in page with the code filled in.
    package static func checkInURL(_ req: Request, event: Int64, code: String) -> String {
        (req.application.settings.publicURL ?? "http://127.0.0.1:\(req.application.settings.port)") + "/events/\(event)/checkin?code=\(code)"
    }
}
