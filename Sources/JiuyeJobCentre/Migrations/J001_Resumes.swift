import Fluent
import SQLKit

/// 我的简历 (encrypted: it holds a phone number and an e-mail address; 完善度 kept beside it for
/// the lists) and 职位申请 (one per student and posting, with the résumé as it was sent).
package struct J001Resumes: AsyncMigration {
    package var name: String { "jobcentre-001-resumes" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("resumes")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("values_cipher", .string, .required)
            .field("completeness", .int, .required)
            .field("phone_public", .bool, .required)
            .field("email_public", .bool, .required)
            .field("resume_public", .bool, .required)
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("job_applications")
            .field("id", .int64, .identifier(auto: true))
            .field("posting_id", .int64, .required, .references("job_postings", "id", onDelete: .cascade))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("resume_cipher", .string, .required)
            .field("applied_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .unique(on: "posting_id", "student_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_job_applications_student ON job_applications(student_id, id)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_applications").delete()
        try await database.schema("resumes").delete()
    }
}
