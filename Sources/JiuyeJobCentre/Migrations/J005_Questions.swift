import Fluent
import SQLKit

/// 就业问答: questions of a school's students and the office's answers.
package struct J005Questions: AsyncMigration {
    package var name: String { "jobcentre-005-questions" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_questions")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("answer", .string)
            .field("answered_by", .int64)
            .field("answered_at", .int64)
            .field("created_at", .int64, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_job_questions_school ON job_questions(school_id, answered_at)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_questions").delete()
    }
}
