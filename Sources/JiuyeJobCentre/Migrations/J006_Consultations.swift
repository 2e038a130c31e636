import Fluent
import SQLKit

/// 咨询预约: the consultation times counselors publish and the student holding each.
package struct J006Consultations: AsyncMigration {
    package var name: String { "jobcentre-006-consultations" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("consult_slots")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("counselor_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("starts_at", .int64, .required)
            .field("ends_at", .int64, .required)
            .field("place", .string, .required)
            .field("student_id", .int64, .references("users", "id", onDelete: .setNull))
            .field("topic", .string)
            .field("note", .string)
            .field("booked_at", .int64)
            .field("withdrawn_at", .int64)
            .field("created_at", .int64, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_consult_slots_school ON consult_slots(school_id, starts_at)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_consult_slots_counselor ON consult_slots(counselor_id, starts_at)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_consult_slots_student ON consult_slots(student_id, starts_at)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("consult_slots").delete()
    }
}
