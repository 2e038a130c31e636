import Fluent
import SQLKit

/// The operation-log chain gets an id of its own (16 random bytes, hex), kept in its head row and
/// recorded in the chain itself (an `audit.chain` row, HMAC-protected like every row). Exported
/// heads carry it, so `audit verify` compares a database only with its own chain's heads: a demo
/// database, a restore or a fresh `data/` sharing the key file and `audit-heads.log` is no longer
/// mistaken for tampering; changing the id in the head row to escape the exported heads is.
package struct M016AuditChainId: AsyncMigration {
    package let keys: KeyService
    package let now: Int64

    package var name: String { "016-audit-chain-id" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("audit_chain_head").field("chain_id", .string).update()
        let chainID = AuditChain.newChainID()
        try await (database as! any SQLDatabase).update("audit_chain_head").set("chain_id", to: SQLBind(chainID))
            .where("id", .equal, SQLBind(1)).run()
        let keys = keys, now = now
        try await database.writeTransaction { db in
            try await AuditChain.recordChainID(now: now, keys: keys, on: db)
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("audit_chain_head").deleteField("chain_id").update()
    }
}
