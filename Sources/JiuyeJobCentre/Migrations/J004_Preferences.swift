import Fluent

/// 求职意向, one row per student (lists as comma-separated codes).
package struct J004Preferences: AsyncMigration {
    package var name: String { "jobcentre-004-preferences" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_preferences")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("counties", .string, .required)
            .field("categories", .string, .required)
            .field("industries", .string, .required)
            .field("salary", .int64)
            .field("updated_at", .int64, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_preferences").delete()
    }
}
