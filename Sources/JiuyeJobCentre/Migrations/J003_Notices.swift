import Fluent
import SQLKit

/// 通知公告 and the other articles of the public site.
package struct J003Notices: AsyncMigration {
    package var name: String { "jobcentre-003-notices" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("notices")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("category", .string, .required)
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("summary", .string, .required)
            .field("pinned", .bool, .required)
            .field("publish_at", .int64, .required)
            .field("withdrawn_at", .int64)
            .field("created_by", .int64, .required, .references("users", "id"))
            .field("created_at", .int64, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_notices_public ON notices(category, publish_at)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("notices").delete()
    }
}
