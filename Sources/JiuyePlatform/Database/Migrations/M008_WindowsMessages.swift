import Fluent
import SQLKit

/// Schema version 008: business time windows per school or county and year, and the in-app
/// message centre.
package struct M008WindowsMessages: AsyncMigration {
    package var name: String { "008-windows-messages" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("time_windows")
            .field("id", .int64, .identifier(auto: true))
            .field("owner_kind", .string, .required)
            .field("owner_id", .string, .required)
            .field("year", .int, .required)
            .field("business", .string, .required)
            .field("opens_at", .int64, .required)
            .field("closes_at", .int64, .required)
            .field("updated_by", .int64)
            .field("updated_at", .int64, .required)
            .unique(on: "owner_kind", "owner_id", "year", "business")
            .create()
        try await database.schema("messages")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("body", .string, .required)
            .field("link", .string)
            .field("created_at", .int64, .required)
            .field("read_at", .int64)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_messages_user ON messages(user_id, id)").run()
        try await sql.raw("CREATE INDEX idx_messages_unread ON messages(user_id, read_at)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("messages").delete()
        try await database.schema("time_windows").delete()
    }
}
