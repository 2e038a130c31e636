import Fluent
import SQLKit

/// Schema version 007: the record of each audit archive (`jiuye audit archive`): which chain
/// positions left the database, the hash the remaining chain continues from, and the SHA-256 of
/// the files they went to, signed with a key outside the database.
package struct M007AuditArchive: AsyncMigration {
    package var name: String { "007-audit-archive" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("audit_archives")
            .field("id", .int64, .identifier(auto: true))
            .field("created_at", .int64, .required)
            .field("cut_off", .int64, .required)
            // Null when only login-log rows were archived.
            .field("first_seq", .int64)
            .field("last_seq", .int64)
            .field("last_hash", .string)
            .field("rows", .int64, .required)
            .field("file", .string, .required)
            .field("sha256", .string, .required)
            .field("login_rows", .int64, .required)
            .field("login_file", .string, .required)
            .field("login_sha256", .string, .required)
            .field("signature", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_audit_archives_last_seq ON audit_archives(last_seq)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_archives").delete()
    }
}
