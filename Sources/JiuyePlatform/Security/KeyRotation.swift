@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Key rotation without downtime: a new key is appended to the ring (servers pick it up by
/// themselves, see `KeyRing`), then every sealed column is re-encrypted in batches of short
/// write transactions, each row only if it still holds the ciphertext that was read.
package enum KeyRotation {
    package typealias Column = (table: String, id: String, column: String)

    /// Appends `k<n+1>` to the key file, holding an exclusive lock on `<file>.lock` so two
    /// rotations cannot both write `k<n+1>` (one of them would lose a key and its data).
    package static func addKey(to path: String) throws -> String {
        let lockPath = path + ".lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else { throw Abort(.internalServerError, reason: "Cannot open \(lockPath) (errno \(errno))") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw Abort(.internalServerError, reason: "Cannot lock \(lockPath) (errno \(errno))") }
        defer { flock(descriptor, LOCK_UN) }
        let keys = try KeyFile.read(path)
        let next = MasterKey(number: keys.map(\.number).max()! + 1, material: SymmetricKey(size: .bits256))
        try KeyFile.write(keys + [next], to: path)
        return next.id
    }

    package struct ColumnTotal: Sendable {
        package let name: String
        package var reencrypted = 0
        /// `table.id` of values that could not be opened (unknown key, corrupted); left as they are.
        package var failed: Set<Int64> = []
    }

    package struct Summary: Sendable {
        package let keyID: String
        package var columns: [ColumnTotal]
        package var seconds: Double = 0
        package var reencrypted: Int { columns.reduce(0) { $0 + $1.reencrypted } }
        package var failed: Int { columns.reduce(0) { $0 + $1.failed.count } }
    }

    /// Adds a key to the file `keys` was loaded from, makes it current, re-encrypts everything.
    package static func rotate(_ db: any Database, keys: KeyService, columns: [Column] = SealedColumns.all, now: Int64,
                       batchSize: Int = 500, progress: @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        guard let path = keys.path else { throw Abort(.internalServerError, reason: "An ephemeral key service has no key file to rotate") }
        let id = try addKey(to: path)
        try keys.reload()
        progress("已生成新密钥 / added key \(id) to \(path)")
        let summary = try await reencrypt(db, keys: keys, columns: columns, batchSize: batchSize, progress: progress)
        try await db.writeTransaction { db in
            try await Audit.record(.keysRotate, target: .keyRing, id: id,
                                   changes: [.init("reencrypted", after: String(summary.reencrypted)), .init("failed", after: String(summary.failed))],
                                   actor: nil, ip: nil, now: now, keys: keys, on: db)
        }
        return summary
    }

    /// Re-encrypts every value not yet under the current key, `batchSize` rows per write
    /// transaction. A second pass picks up values a server wrote with the old key before it
    /// noticed the new one; it stops after a pass that found nothing (or after `passes`).
    package static func reencrypt(_ db: any Database, keys: KeyService, columns: [Column] = SealedColumns.all,
                          batchSize: Int = 500, passes: Int = 3, progress: @Sendable (String) -> Void = { _ in }) async throws -> Summary {
        let started = Date()
        let target = keys.keyID
        var summary = Summary(keyID: target, columns: [])
        for column in columns {
            let name = "\(column.table).\(column.column)"
            var total = ColumnTotal(name: name)
            for _ in 0..<passes {
                var after = Int64.min
                var converted = 0
                while true {
                    let batch = try await reencryptBatch(db, keys: keys, column: column, target: target, after: after, limit: batchSize)
                    guard let last = batch.lastID else { break }
                    after = last
                    converted += batch.reencrypted
                    total.failed.formUnion(batch.failed)
                    if batch.reencrypted > 0 {
                        progress("\(name): +\(batch.reencrypted) → \(target) (\(total.reencrypted + converted) so far)")
                    }
                }
                total.reencrypted += converted
                if converted == 0 { break }
            }
            if !total.failed.isEmpty {
                progress("\(name): \(total.failed.count) value(s) could not be opened, left as they are: \(column.id) \(total.failed.sorted().prefix(20).map(String.init).joined(separator: ", "))")
            }
            summary.columns.append(total)
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    package struct Batch: Sendable {
        package var lastID: Int64?
        package var reencrypted = 0
        package var failed: [Int64] = []
    }

    /// One short write transaction: locks up to `limit` rows after `after` whose value is not
    /// under `target`, and replaces each value only if it is still the one read.
    package static func reencryptBatch(_ db: any Database, keys: KeyService, column: Column, target: String, after: Int64, limit: Int) async throws -> Batch {
        try await db.writeTransaction { db in
            let rows = try await db.sql.select().column(column.id).column(column.column).from(column.table)
                .where(SQLIdentifier(column.column), .isNot, SQLLiteral.null)
                .where(SQLIdentifier(column.column), .notLike, SQLBind(target + ":%"))
                .where(SQLIdentifier(column.id), .greaterThan, SQLBind(after))
                .orderBy(column.id).limit(limit).lockedForUpdate().all()
            var batch = Batch()
            for row in rows {
                let id = try row.decode(column: column.id, as: Int64.self)
                let stored = try row.decode(column: column.column, as: String.self)
                batch.lastID = id
                guard let plaintext = try? keys.decrypt(stored) else {
                    batch.failed.append(id)
                    continue
                }
                try await db.sql.update(column.table).set(SQLIdentifier(column.column), to: SQLBind(keys.encrypt(plaintext)))
                    .where(SQLIdentifier(column.id), .equal, SQLBind(id))
                    .where(SQLIdentifier(column.column), .equal, SQLBind(stored))
                    .run()
                batch.reencrypted += 1
            }
            return batch
        }
    }

    package struct ColumnStatus: Sendable {
        package let name: String
        /// (key id, values under it), oldest key first.
        package let counts: [(String, Int)]
        /// Values naming no key of the ring.
        package let other: Int
    }

    package static func status(_ db: any Database, keys: KeyService, columns: [Column] = SealedColumns.all) async throws -> [ColumnStatus] {
        var result: [ColumnStatus] = []
        for column in columns {
            func count(_ filter: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Int {
                let select = db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                    .from(column.table).where(SQLIdentifier(column.column), .isNot, SQLLiteral.null)
                return try await filter(select).first()?.decode(column: "n", as: Int.self) ?? 0
            }
            let total = try await count { $0 }
            var counts: [(String, Int)] = []
            for id in keys.keyIDs {
                counts.append((id, try await count { $0.where(SQLIdentifier(column.column), .like, SQLBind(id + ":%")) }))
            }
            result.append(ColumnStatus(name: "\(column.table).\(column.column)", counts: counts, other: total - counts.reduce(0) { $0 + $1.1 }))
        }
        return result
    }
}

/// `jiuye keys rotate | reencrypt | status`.
package struct KeysCommand: AsyncCommand {
    package init() {}

    package struct Signature: CommandSignature {
        package init() {}
        @Argument(name: "action", help: "rotate | reencrypt | status")
        package var action: String
    }

    package var help: String {
        "Key ring tools: `keys rotate` adds a key and re-encrypts personal data in batches while servers run; "
            + "`keys reencrypt` resumes an interrupted rotation; `keys status` counts ciphertexts by key id."
    }

    package func run(using context: CommandContext, signature: Signature) async throws {
        do {
            try await execute(context: context, action: signature.action)
        } catch let error as AbortError {
            // A message and exit 1, not a crash trace.
            context.console.error(error.reason)
            try? await context.application.asyncShutdown()
            exit(1)
        }
    }

    package func execute(context: CommandContext, action: String) async throws {
        let app = context.application
        let console = context.console
        let progress: @Sendable (String) -> Void = { console.print($0) }
        let summary: KeyRotation.Summary
        switch action {
        case "rotate":
            summary = try await KeyRotation.rotate(app.db, keys: app.keys, now: app.clock.now(), progress: progress)
        case "reencrypt":
            summary = try await KeyRotation.reencrypt(app.db, keys: app.keys, progress: progress)
        case "status":
            console.print("密钥 / keys: \(app.keys.keyIDs.joined(separator: ", ")) (current \(app.keys.keyID)) in \(app.settings.keyFile)")
            for column in try await KeyRotation.status(app.db, keys: app.keys) {
                let counts = column.counts.map { "\($0.0) \($0.1)" } + (column.other > 0 ? ["unknown \(column.other)"] : [])
                console.print("\(column.name): \(counts.joined(separator: ", "))")
            }
            return
        default:
            throw Abort(.badRequest, reason: "未知操作 / unknown action \(action); use `keys rotate`, `keys reencrypt` or `keys status`")
        }
        for column in summary.columns {
            console.print("\(column.name): \(column.reencrypted) re-encrypted\(column.failed.isEmpty ? "" : ", \(column.failed.count) failed")")
        }
        console.print("重新加密完成 / re-encrypted \(summary.reencrypted) value(s) under \(summary.keyID) in \(String(format: "%.1f", summary.seconds)) s")
        if action == "rotate" {
            console.print("请立即重新备份密钥文件 / back up the key file again now: it holds the new key \(summary.keyID).")
        }
        if summary.failed > 0 {
            console.error("\(summary.failed) 个值无法解密，未重新加密 / \(summary.failed) value(s) could not be opened and were left as they are")
            try? await app.asyncShutdown()
            exit(1)
        }
    }
}
