import Fluent
import SQLKit

/// 招聘信息 and 职位收藏. A posting belongs to a unit and is reviewed by one school (the school
/// that verified the unit); only 已发布 postings before their deadline are public.
package struct J000Jobs: AsyncMigration {
    package var name: String { "jobcentre-000-jobs" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_postings")
            .field("id", .int64, .identifier(auto: true))
            .field("unit_id", .int64, .required, .references("units", "id"))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("title", .string, .required)
            .field("category_code", .string, .required)
            .field("county_code", .string, .required)
            .field("salary_min", .int64, .required)
            .field("salary_max", .int64, .required)
            .field("education", .string, .required)
            .field("majors", .string, .required)
            .field("headcount", .int64, .required)
            .field("deadline", .string, .required)
            .field("description", .string, .required)
            .field("state", .string, .required)
            .field("return_reason", .string)
            .field("created_by", .int64, .required, .references("users", "id"))
            .field("created_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .field("reviewed_by", .int64)
            .field("reviewed_at", .int64)
            .field("published_at", .int64)
            .create()
        try await database.schema("job_favourites")
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("posting_id", .int64, .required, .references("job_postings", "id", onDelete: .cascade))
            .field("at", .int64, .required)
            .compositeIdentifier(over: "user_id", "posting_id")
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        for index in ["idx_job_postings_public ON job_postings(state, deadline, published_at)",
                      "idx_job_postings_unit ON job_postings(unit_id, id)",
                      "idx_job_postings_school ON job_postings(school_id, state, id)"] {
            try await sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: index)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_favourites").delete()
        try await database.schema("job_postings").delete()
    }
}
