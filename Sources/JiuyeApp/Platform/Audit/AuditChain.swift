@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// The operation log as a hash chain. Each row stores its position (`seq`), the hash of the row
/// before it and its own hash: HMAC-SHA256, keyed outside the database, over the previous hash
/// and the row's fields. Writers lock the single head row in their transaction, so concurrent
/// writers (several instances, PostgreSQL READ COMMITTED) cannot fork the chain.
enum AuditChain {
    static let genesis = String(repeating: "0", count: 64)

    struct Fields: Sendable {
        let seq: Int64
        let at: Int64
        let actorID: Int64?
        let actorRole: String?
        let action: String
        let targetType: String
        let targetID: String?
        let changes: String
        let ip: String?

        /// Unambiguous: every field length-prefixed.
        var canonical: String {
            [String(seq), String(at), actorID.map(String.init) ?? "", actorRole ?? "", action, targetType, targetID ?? "", changes, ip ?? ""]
                .map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        }
    }

    static func hash(previous: String, fields: Fields, keys: KeyService) -> String {
        keys.auditHash(previous + "|" + fields.canonical)
    }

    /// Appends one row after the head, inside the caller's write transaction.
    static func append(_ draft: (Int64) -> Fields, on db: any Database, keys: KeyService) async throws {
        guard let head = try await db.sql.select().columns("seq", "hash").from("audit_chain_head")
            .where("id", .equal, SQLBind(1)).lockedForUpdate().first() else {
            throw Abort(.internalServerError, reason: "audit chain head missing")
        }
        let previous = try head.decode(column: "hash", as: String.self)
        let fields = draft(try head.decode(column: "seq", as: Int64.self) + 1)
        let digest = hash(previous: previous, fields: fields, keys: keys)
        try await db.sql.insert(into: "audit_log")
            .columns("seq", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "changes", "ip", "prev_hash", "hash")
            .values(SQLBind(fields.seq), SQLBind(fields.at), SQLBind(fields.actorID), SQLBind(fields.actorRole), SQLBind(fields.action),
                    SQLBind(fields.targetType), SQLBind(fields.targetID), SQLBind(fields.changes), SQLBind(fields.ip),
                    SQLBind(previous), SQLBind(digest))
            .run()
        try await db.sql.update("audit_chain_head").set("seq", to: SQLBind(fields.seq)).set("hash", to: SQLBind(digest))
            .where("id", .equal, SQLBind(1)).run()
    }

    enum Problem: Equatable, Sendable, CustomStringConvertible {
        case edited(seq: Int64)
        case deleted(afterSeq: Int64)
        case inserted(seq: Int64)
        case truncated(lastSeq: Int64, expectedSeq: Int64)
        case headMismatch(seq: Int64)

        var description: String {
            switch self {
            case .edited(let seq): "row \(seq) was edited (its hash does not match its contents)"
            case .deleted(let seq): "rows were deleted after row \(seq) (the chain skips positions)"
            case .inserted(let seq): "row \(seq) was inserted or re-ordered (it does not continue the row before it)"
            case .truncated(let last, let expected): "the newest rows were deleted: the log ends at \(last) but position \(expected) was recorded"
            case .headMismatch(let seq): "the chain head does not match row \(seq)"
            }
        }
    }

    struct Report: Sendable {
        let rows: Int
        let problem: Problem?
    }

    struct Row: Decodable, Sendable {
        let seq: Int64?
        let at: Int64
        let actor_id: Int64?
        let actor_role: String?
        let action: String
        let target_type: String
        let target_id: String?
        let changes: String
        let ip: String?
        let prev_hash: String?
        let hash: String?
    }

    /// Walks the chain in batches and reports the first problem. `exported` are (seq, hash) pairs
    /// written outside the database by the job runner, to catch deletion of the newest rows.
    /// After `jiuye audit archive` the chain starts where the newest signed archive record ends:
    /// the first remaining row must be the position after it and continue its last hash.
    static func verify(on db: any Database, keys: KeyService, exported: [(Int64, String)] = []) async throws -> Report {
        let start = try await AuditArchive.chainStart(on: db, keys: keys)
        var previous = start?.hash ?? genesis
        var expectedSeq: Int64 = (start?.seq ?? 0) + 1
        var count = 0
        if let start, let stray = try await db.sql.select().column(SQLAlias(SQLFunction("MIN", args: SQLIdentifier("seq")), as: SQLIdentifier("n")))
            .from("audit_log").where("seq", .lessThanOrEqual, SQLBind(start.seq)).first()?.decode(column: "n", as: Int64?.self) {
            // A row at a position the archive took: left behind or put back, it is not part of the chain.
            return Report(rows: 0, problem: .inserted(seq: stray))
        }
        let firstSeq = expectedSeq
        var hashes: [Int64: String] = [:]
        let wanted = Set(exported.map(\.0))
        while true {
            let rows = try await db.sql.select()
                .columns("seq", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "changes", "ip", "prev_hash", "hash")
                .from("audit_log").where("seq", .greaterThanOrEqual, SQLBind(expectedSeq))
                .orderBy("seq").limit(2000).all(decoding: Row.self)
            if rows.isEmpty { break }
            for row in rows {
                guard let seq = row.seq, let rowHash = row.hash, let rowPrevious = row.prev_hash else { continue }
                if seq != expectedSeq {
                    return Report(rows: count, problem: seq > expectedSeq ? .deleted(afterSeq: expectedSeq - 1) : .inserted(seq: seq))
                }
                let fields = Fields(seq: seq, at: row.at, actorID: row.actor_id, actorRole: row.actor_role, action: row.action,
                                    targetType: row.target_type, targetID: row.target_id, changes: row.changes, ip: row.ip)
                if !constantTimeEqual(hash(previous: rowPrevious, fields: fields, keys: keys), rowHash) {
                    return Report(rows: count, problem: .edited(seq: seq))
                }
                if rowPrevious != previous { return Report(rows: count, problem: .inserted(seq: seq)) }
                if wanted.contains(seq) { hashes[seq] = rowHash }
                previous = rowHash
                expectedSeq += 1
                count += 1
            }
        }
        let last = expectedSeq - 1
        for (seq, hash) in exported where seq >= firstSeq {
            if seq > last { return Report(rows: count, problem: .truncated(lastSeq: last, expectedSeq: seq)) }
            if hashes[seq] != hash { return Report(rows: count, problem: .edited(seq: seq)) }
        }
        if let head = try await db.sql.select().columns("seq", "hash").from("audit_chain_head").where("id", .equal, SQLBind(1)).first() {
            let headSeq = try head.decode(column: "seq", as: Int64.self)
            if headSeq > last { return Report(rows: count, problem: .truncated(lastSeq: last, expectedSeq: headSeq)) }
            let headHash = try head.decode(column: "hash", as: String.self)
            if headSeq != last || (last > 0 && headHash != previous) {
                return Report(rows: count, problem: .headMismatch(seq: last))
            }
        }
        return Report(rows: count, problem: nil)
    }

    // MARK: head export

    /// Where the job runner appends the chain head (outside `data/`, beside the key file).
    static func exportPath(_ settings: Settings) -> String {
        settings.auditExportFile ?? ((settings.keyFile as NSString).deletingLastPathComponent + "/audit-heads.log")
    }

    /// Appends "seq hash at signature" when the head moved since the last export.
    static func exportHead(_ app: Application) async throws {
        guard let head = try await app.db.sql.select().columns("seq", "hash").from("audit_chain_head").where("id", .equal, SQLBind(1)).first() else { return }
        let seq = try head.decode(column: "seq", as: Int64.self)
        let hash = try head.decode(column: "hash", as: String.self)
        let path = exportPath(app.settings)
        let existing = readExports(path: path, keys: app.keys)
        if existing.last?.0 == seq { return }
        let line = "\(seq) \(hash) \(app.clock.now())"
        let record = line + " " + app.keys.sign("audit-head|" + line) + "\n"
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(record.utf8))
    }

    /// The exported heads whose signature checks out.
    static func readExports(path: String, keys: KeyService) -> [(Int64, String)] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 4, let seq = Int64(parts[0]),
                  keys.verify(signature: parts[3], for: "audit-head|" + parts[0...2].joined(separator: " ")) else { return nil }
            return (seq, parts[1])
        }
    }
}

extension KeyService {
    func auditHash(_ message: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: auditKey).hexString
    }
}
