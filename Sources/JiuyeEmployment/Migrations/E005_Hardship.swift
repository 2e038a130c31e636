import Fluent
import SQLKit

/// 困难群体帮扶 (seed 004 §3): the imported categories per graduate (",01,04,") and the
/// counselors' assistance records.
package struct E005Hardship: AsyncMigration {
    package var name: String { "employment-005-hardship" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("hardship_students")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("school_id", .int64, .required)
            .field("categories", .string, .required)
            .field("imported_by", .int64)
            .field("imported_at", .int64, .required)
            .create()
        try await database.schema("assistance_records")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("kind", .string, .required)
            .field("content", .string, .required)
            .field("result", .string, .required)
            .field("created_by", .int64, .required)
            .field("created_at", .int64, .required)
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX idx_assistance_user ON assistance_records(user_id, id)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("assistance_records").delete()
        try await database.schema("hardship_students").delete()
    }
}
