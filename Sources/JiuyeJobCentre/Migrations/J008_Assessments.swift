import Fluent
import SQLKit

/// 职业测评: each inventory a student completes, with its six scores and its code.
package struct J008Assessments: AsyncMigration {
    package var name: String { "jobcentre-008-assessments" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("career_assessments")
            .field("id", .int64, .identifier(auto: true))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("scores", .string, .required)
            .field("code", .string, .required)
            .field("taken_at", .int64, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_career_assessments_student ON career_assessments(student_id, taken_at)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("career_assessments").delete()
    }
}
