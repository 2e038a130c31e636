@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// The operation log as a hash chain. Each row stores its position (`seq`), the hash of the row
/// before it and its own hash: HMAC-SHA256, keyed outside the database, over the previous hash
/// and the row's fields. Writers lock the single head row in their transaction, so concurrent
/// writers (several instances, PostgreSQL READ COMMITTED) cannot fork the chain.
package enum AuditChain {
    package static let genesis = String(repeating: "0", count: 64)

    package struct Fields: Sendable {
        package let seq: Int64
        package let at: Int64
        package let actorID: Int64?
        package let actorRole: String?
        package let action: String
        package let targetType: String
        package let targetID: String?
        package let changes: String
        package let ip: String?

        /// Unambiguous: every field length-prefixed.
        package var canonical: String {
            [String(seq), String(at), actorID.map(String.init) ?? "", actorRole ?? "", action, targetType, targetID ?? "", changes, ip ?? ""]
                .map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        }
    }

    package static func hash(previous: String, fields: Fields, keys: KeyService) -> String {
        keys.auditHash(previous + "|" + fields.canonical)
    }

    /// Appends one row after the head, inside the caller's write transaction.
    package static func append(_ draft: (Int64) -> Fields, on db: any Database, keys: KeyService) async throws {
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

    package enum Problem: Equatable, Sendable, CustomStringConvertible {
        case edited(seq: Int64)
        case deleted(afterSeq: Int64)
        case inserted(seq: Int64)
        case truncated(lastSeq: Int64, expectedSeq: Int64)
        case headMismatch(seq: Int64)

        package var description: String {
            switch self {
            case .edited(let seq): "row \(seq) was edited (its hash does not match its contents)"
            case .deleted(let seq): "rows were deleted after row \(seq) (the chain skips positions)"
            case .inserted(let seq): "row \(seq) was inserted or re-ordered (it does not continue the row before it)"
            case .truncated(let last, let expected): "the newest rows were deleted: the log ends at \(last) but position \(expected) was recorded"
            case .headMismatch(let seq): "the chain head does not match row \(seq)"
            }
        }
    }

    package struct Report: Sendable {
        package let rows: Int
        package let problem: Problem?
        /// This database's chain id (from its head row).
        package var chainID: String? = nil
        /// Exported heads of this chain, checked against it.
        package var headsChecked = 0
        /// Exported heads of other chains (another database sharing the key file), ignored.
        package var otherChainHeads = 0
        /// Exported heads written before heads carried a chain id: they cannot be told apart, not checked.
        package var unboundHeads = 0
        /// The problem is the chain id: the head's id is not the one recorded in the chain.
        package var chainIDMismatch = false
        /// The problem is an exported head of this chain whose hash differs from the row at its position.
        package var exportedHeadDiffers = false
    }

    /// One line of the head export. `chainID` is nil for a line written before heads were bound
    /// to their chain.
    package struct ExportedHead: Sendable, Equatable {
        package let chainID: String?
        package let seq: Int64
        package let hash: String
        package let at: Int64
    }

    /// The action of the row that records the chain's id (its target id) in the chain itself.
    package static let chainIDAction = "audit.chain"

    /// 16 random bytes, hex.
    package static func newChainID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }.hexString
    }

    /// Appends the `audit.chain` row naming the head's chain id, inside the caller's write
    /// transaction: when the id is created, and after an archive moved the earlier one out.
    package static func recordChainID(now: Int64, keys: KeyService, on db: any Database) async throws {
        guard let chainID = try await db.sql.select().column("chain_id").from("audit_chain_head").where("id", .equal, SQLBind(1))
            .first()?.decode(column: "chain_id", as: String?.self) else {
            throw Abort(.internalServerError, reason: "audit chain id missing")
        }
        try await Audit.record(chainIDAction, target: "audit_log", id: chainID, actor: nil, ip: nil, now: now, keys: keys, on: db)
    }

    package struct Row: Decodable, Sendable {
        package let seq: Int64?
        package let at: Int64
        package let actor_id: Int64?
        package let actor_role: String?
        package let action: String
        package let target_type: String
        package let target_id: String?
        package let changes: String
        package let ip: String?
        package let prev_hash: String?
        package let hash: String?
    }

    /// Walks the chain in batches and reports the first problem. `exported` are the heads written
    /// outside the database by the job runner, to catch deletion of the newest rows; only those of
    /// this database's chain id are checked (others are counted and ignored, unbound ones too).
    /// The chain must record its id (an `audit.chain` row) and the newest such row must name the
    /// head's id, so the id cannot be changed to escape the exported heads.
    /// After `jiuye audit archive` the chain starts where the newest signed archive record ends:
    /// the first remaining row must be the position after it and continue its last hash.
    package static func verify(on db: any Database, keys: KeyService, exported: [ExportedHead] = []) async throws -> Report {
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
        let chainID = try await db.sql.select().column("chain_id").from("audit_chain_head").where("id", .equal, SQLBind(1))
            .first()?.decode(column: "chain_id", as: String?.self)
        let mine = exported.filter { $0.chainID != nil && $0.chainID == chainID }
        let others = exported.filter { $0.chainID != nil && $0.chainID != chainID }.count
        let unbound = exported.filter { $0.chainID == nil }.count
        func report(_ rows: Int, _ problem: Problem?, chainIDMismatch: Bool = false, exportedHeadDiffers: Bool = false) -> Report {
            Report(rows: rows, problem: problem, chainID: chainID, headsChecked: mine.count, otherChainHeads: others,
                   unboundHeads: unbound, chainIDMismatch: chainIDMismatch, exportedHeadDiffers: exportedHeadDiffers)
        }
        var hashes: [Int64: String] = [:]
        var recorded: (seq: Int64, id: String?)?
        let wanted = Set(mine.map(\.seq))
        while true {
            let rows = try await db.sql.select()
                .columns("seq", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "changes", "ip", "prev_hash", "hash")
                .from("audit_log").where("seq", .greaterThanOrEqual, SQLBind(expectedSeq))
                .orderBy("seq").limit(2000).all(decoding: Row.self)
            if rows.isEmpty { break }
            for row in rows {
                guard let seq = row.seq, let rowHash = row.hash, let rowPrevious = row.prev_hash else { continue }
                if seq != expectedSeq {
                    return report(count, seq > expectedSeq ? .deleted(afterSeq: expectedSeq - 1) : .inserted(seq: seq))
                }
                let fields = Fields(seq: seq, at: row.at, actorID: row.actor_id, actorRole: row.actor_role, action: row.action,
                                    targetType: row.target_type, targetID: row.target_id, changes: row.changes, ip: row.ip)
                if !constantTimeEqual(hash(previous: rowPrevious, fields: fields, keys: keys), rowHash) {
                    return report(count, .edited(seq: seq))
                }
                if rowPrevious != previous { return report(count, .inserted(seq: seq)) }
                if wanted.contains(seq) { hashes[seq] = rowHash }
                if row.action == chainIDAction { recorded = (seq, row.target_id) }
                previous = rowHash
                expectedSeq += 1
                count += 1
            }
        }
        let last = expectedSeq - 1
        // The newest exported head first: a truncation shows as such, not as the first older head missing.
        for head in mine.sorted(by: { $0.seq > $1.seq }) where head.seq >= firstSeq {
            if head.seq > last { return report(count, .truncated(lastSeq: last, expectedSeq: head.seq)) }
            if hashes[head.seq] != head.hash { return report(count, .edited(seq: head.seq), exportedHeadDiffers: true) }
        }
        if let head = try await db.sql.select().columns("seq", "hash").from("audit_chain_head").where("id", .equal, SQLBind(1)).first() {
            let headSeq = try head.decode(column: "seq", as: Int64.self)
            if headSeq > last { return report(count, .truncated(lastSeq: last, expectedSeq: headSeq)) }
            let headHash = try head.decode(column: "hash", as: String.self)
            if headSeq != last || (last > 0 && headHash != previous) {
                return report(count, .headMismatch(seq: last))
            }
        }
        if chainID == nil || recorded?.id != chainID {
            return report(count, .headMismatch(seq: recorded?.seq ?? last), chainIDMismatch: true)
        }
        return report(count, nil)
    }

    // MARK: head export

    /// Where the job runner appends the chain head (outside `data/`, beside the key file).
    package static func exportPath(_ settings: Settings) -> String {
        settings.auditExportFile ?? ((settings.keyFile as NSString).deletingLastPathComponent + "/audit-heads.log")
    }

    package static func exportHead(_ app: Application) async throws {
        try await exportHead(on: app.db, keys: app.keys, path: exportPath(app.settings), now: app.clock.now())
    }

    /// Appends "chain-id seq hash at signature" when this chain's head moved since its last
    /// export. Several databases may share the file (one key file, one directory): each line
    /// names its chain, and each database compares itself only with its own lines.
    package static func exportHead(on db: any Database, keys: KeyService, path: String, now: Int64) async throws {
        guard let head = try await db.sql.select().columns("seq", "hash", "chain_id").from("audit_chain_head").where("id", .equal, SQLBind(1)).first(),
              let chainID = try head.decode(column: "chain_id", as: String?.self) else { return }
        let seq = try head.decode(column: "seq", as: Int64.self)
        let hash = try head.decode(column: "hash", as: String.self)
        let existing = readExports(path: path, keys: keys).filter { $0.chainID == chainID }
        if existing.last?.seq == seq { return }
        let line = "\(chainID) \(seq) \(hash) \(now)"
        let record = line + " " + keys.sign("audit-head|" + line) + "\n"
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(record.utf8))
    }

    /// The exported heads whose signature checks out: "chain-id seq hash at signature", and the
    /// older "seq hash at signature" (no chain id: unbound).
    package static func readExports(path: String, keys: KeyService) -> [ExportedHead] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ").map(String.init)
            guard parts.count == 4 || parts.count == 5,
                  keys.verify(signature: parts[parts.count - 1], for: "audit-head|" + parts.dropLast().joined(separator: " ")) else { return nil }
            let fields = parts.count == 5 ? Array(parts[1...3]) : Array(parts[0...2])
            guard let seq = Int64(fields[0]), let at = Int64(fields[2]) else { return nil }
            return ExportedHead(chainID: parts.count == 5 ? parts[0] : nil, seq: seq, hash: fields[1], at: at)
        }
    }
}

extension KeyService {
    package func auditHash(_ message: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: auditKey).hexString
    }
}
