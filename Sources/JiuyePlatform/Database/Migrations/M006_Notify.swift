import Fluent
import SQLKit

/// Schema version 006: the message outbox (SMS and email, encrypted), one-time codes (hashed),
/// and the second factor (TOTP secret encrypted, last accepted step, one-time recovery codes).
package struct M006Notify: AsyncMigration {
    package var name: String { "006-notify-codes-totp" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("outbox")
            .field("id", .int64, .identifier(auto: true))
            .field("channel", .string, .required)
            .field("purpose", .string, .required)
            .field("gateway", .string, .required)
            .field("user_id", .int64)
            .field("recipient_cipher", .string, .required)
            .field("recipient_hash", .string, .required)
            .field("recipient_masked", .string, .required)
            .field("subject", .string, .required)
            .field("body_cipher", .string, .required)
            .field("status", .string, .required)
            .field("attempts", .int, .required)
            .field("last_error", .string)
            .field("created_at", .int64, .required)
            .field("sent_at", .int64)
            .create()
        try await database.schema("verification_codes")
            .field("id", .int64, .identifier(auto: true))
            .field("purpose", .string, .required)
            .field("target_hash", .string, .required)
            .field("user_id", .int64)
            .field("code_hash", .string, .required)
            .field("sent_at", .int64, .required)
            .field("tries", .int, .required)
            .field("used_at", .int64)
            .field("ip", .string)
            .create()
        try await database.schema("recovery_codes")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("created_at", .int64, .required)
            .field("used_at", .int64)
            .create()
        // One column per ALTER TABLE: SQLite adds a single column per statement.
        try await database.schema("users").field("totp_secret_cipher", .string).update()
        try await database.schema("users").field("totp_enabled_at", .int64).update()
        try await database.schema("users").field("totp_last_step", .int64).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_outbox_created ON outbox(created_at)").run()
        try await sql.raw("CREATE INDEX idx_outbox_recipient ON outbox(recipient_hash, id)").run()
        try await sql.raw("CREATE INDEX idx_codes_target ON verification_codes(purpose, target_hash, sent_at)").run()
        try await sql.raw("CREATE INDEX idx_codes_sent ON verification_codes(target_hash, sent_at)").run()
        try await sql.raw("CREATE INDEX idx_recovery_user ON recovery_codes(user_id)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("recovery_codes").delete()
        try await database.schema("verification_codes").delete()
        try await database.schema("outbox").delete()
    }
}
