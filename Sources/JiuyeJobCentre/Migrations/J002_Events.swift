import Fluent
import SQLKit

/// 一键预约活动: events with their seats (and the seats taken, kept on the row so a booking is
/// one conditional update), and 入场券 with their 签到码.
package struct J002Events: AsyncMigration {
    package var name: String { "jobcentre-002-events" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_events")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("venue", .string, .required)
            .field("starts_at", .int64, .required)
            .field("ends_at", .int64, .required)
            .field("capacity", .int64, .required)
            .field("booked", .int64, .required)
            .field("description", .string, .required)
            .field("cancelled_at", .int64)
            .field("created_by", .int64, .required, .references("users", "id"))
            .field("created_at", .int64, .required)
            .create()
        try await database.schema("event_tickets")
            .field("id", .int64, .identifier(auto: true))
            .field("event_id", .int64, .required, .references("job_events", "id", onDelete: .cascade))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("code", .string, .required)
            .field("booked_at", .int64, .required)
            .field("checked_in_at", .int64)
            .field("checked_in_by", .int64)
            .unique(on: "event_id", "student_id")
            .unique(on: "event_id", "code")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_job_events_school ON job_events(school_id, starts_at)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_event_tickets_student ON event_tickets(student_id, id)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("event_tickets").delete()
        try await database.schema("job_events").delete()
    }
}
