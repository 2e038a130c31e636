import Fluent
import SQLKit

/// Schema version 005: the operation log becomes a hash chain (position, previous hash, row
/// hash) with one head row that writers lock; the login log keeps the user agent.
package struct M005AuditChain: AsyncMigration {
    package var name: String { "005-audit-chain" }

    package func prepare(on database: any Database) async throws {
        // One column per ALTER TABLE: SQLite adds a single column per statement.
        try await database.schema("audit_log").field("seq", .int64).update()
        try await database.schema("audit_log").field("prev_hash", .string).update()
        try await database.schema("audit_log").field("hash", .string).update()
        try await database.schema("audit_chain_head")
            .field("id", .int, .identifier(auto: false))
            .field("seq", .int64, .required)
            .field("hash", .string, .required)
            .create()
        try await database.schema("login_attempts").field("user_agent", .string).update()
        try await database.schema("login_attempts").field("user_id", .int64).update()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE UNIQUE INDEX idx_audit_seq ON audit_log(seq)").run()
        try await sql.raw("CREATE INDEX idx_audit_actor ON audit_log(actor_id, at)").run()
        try await sql.raw("CREATE INDEX idx_attempts_at ON login_attempts(at)").run()
        try await sql.insert(into: "audit_chain_head").columns("id", "seq", "hash")
            .values(SQLBind(1), SQLBind(Int64(0)), SQLBind(AuditChain.genesis)).run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_chain_head").delete()
    }
}
