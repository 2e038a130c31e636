@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// 日志归档: the logs are kept at least six months; older rows leave the database only through
/// `jiuye audit archive`, which writes them to JSON-lines files first (fsynced), records the
/// files' SHA-256 and the chain position in `audit_archives` (signed with a key outside the
/// database), and deletes them in the same write transaction that appends an `audit.archive`
/// row and an `audit.chain` row restating the chain's id. The remaining chain continues from the
/// archive's last hash, so `AuditChain.verify` still finds an edited, deleted or inserted row,
/// and `verifyFile` re-checks an archive file.
package enum AuditArchive {
    package static let minimumAgeDays: Int64 = 183
    package static let batchSize = 2_000

    /// One operation-log row as written to the archive: every column, nulls included.
    package struct OperationLine: Codable, Sendable {
        package let id: Int64
        package let seq: Int64
        package let at: Int64
        package let actor_id: Int64?
        package let actor_role: String?
        package let action: String
        package let target_type: String
        package let target_id: String?
        package let changes: String
        package let ip: String?
        package let prev_hash: String
        package let hash: String

        package static let columns = ["id", "seq", "at", "actor_id", "actor_role", "action", "target_type", "target_id", "changes", "ip", "prev_hash", "hash"]

        package var fields: AuditChain.Fields {
            AuditChain.Fields(seq: seq, at: at, actorID: actor_id, actorRole: actor_role, action: action,
                              targetType: target_type, targetID: target_id, changes: changes, ip: ip)
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(seq, forKey: .seq)
            try container.encode(at, forKey: .at)
            try container.encode(actor_id, forKey: .actor_id)
            try container.encode(actor_role, forKey: .actor_role)
            try container.encode(action, forKey: .action)
            try container.encode(target_type, forKey: .target_type)
            try container.encode(target_id, forKey: .target_id)
            try container.encode(changes, forKey: .changes)
            try container.encode(ip, forKey: .ip)
            try container.encode(prev_hash, forKey: .prev_hash)
            try container.encode(hash, forKey: .hash)
        }
    }

    /// One login-log row as written to the archive.
    package struct LoginLine: Codable, Sendable {
        package let id: Int64
        package let account_key: String
        package let user_id: Int64?
        package let ip: String
        package let user_agent: String?
        package let at: Int64
        package let success: Bool
        package let reason: String

        package static let columns = ["id", "account_key", "user_id", "ip", "user_agent", "at", "success", "reason"]

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(account_key, forKey: .account_key)
            try container.encode(user_id, forKey: .user_id)
            try container.encode(ip, forKey: .ip)
            try container.encode(user_agent, forKey: .user_agent)
            try container.encode(at, forKey: .at)
            try container.encode(success, forKey: .success)
            try container.encode(reason, forKey: .reason)
        }
    }

    /// A row of `audit_archives`.
    package struct Record: Codable, Sendable {
        package var id: Int64?
        package let created_at: Int64
        package let cut_off: Int64
        package let first_seq: Int64?
        package let last_seq: Int64?
        package let last_hash: String?
        package let rows: Int64
        package let file: String
        package let sha256: String
        package let login_rows: Int64
        package let login_file: String
        package let login_sha256: String
        package var signature: String

        /// What the signature covers: everything but the file names (files may move to cold storage).
        package var signedMessage: String {
            ["audit-archive", String(created_at), String(cut_off), first_seq.map(String.init) ?? "", last_seq.map(String.init) ?? "",
             last_hash ?? "", String(rows), sha256, String(login_rows), login_sha256].joined(separator: "|")
        }
    }

    package enum Refusal: AbortError, Equatable {
        case invalidDate(String)
        case tooRecent(earliestAllowed: String)
        case fileExists(String)
        case brokenChain(AuditChain.Problem)
        case changedMeanwhile

        package var status: HTTPResponseStatus { .badRequest }
        package var reason: String {
            switch self {
            case .invalidDate(let text):
                "截止日期“\(text)”无效，请写成 YYYY-MM-DD。 / invalid cut-off date \(text); use YYYY-MM-DD"
            case .tooRecent(let latest):
                "日志须保留至少 \(AuditArchive.minimumAgeDays) 天，截止日期最晚为 \(latest)。 / logs are kept at least \(AuditArchive.minimumAgeDays) days: the cut-off must be \(latest) or earlier"
            case .fileExists(let path):
                "归档文件 \(path) 已存在，请换一个文件名。 / archive file \(path) already exists; choose another name"
            case .brokenChain(let problem):
                "操作日志哈希链已损坏，请先运行 jiuye audit verify 查明原因，再归档。 / the audit chain is broken (\(problem)); archiving refused"
            case .changedMeanwhile:
                "归档期间日志发生了变化（可能有另一个归档在运行），请重试。 / the log changed while archiving (another archive?); try again"
            }
        }
    }

    package struct Result: Sendable {
        package let id: Int64
        package let rows: Int
        package let firstSeq: Int64?
        package let lastSeq: Int64?
        package let loginRows: Int
        package let file: String
        package let loginFile: String
        package let sha256: String
    }

    package static func loginFile(for path: String) -> String { path + ".logins.jsonl" }

    /// The cut-off as the first second of `date` (YYYY-MM-DD, Beijing time); refused when it is
    /// less than `minimumAgeDays` before `now`.
    package static func cutOff(_ date: String, now: Int64) throws -> Int64 {
        let text = date.trimmingCharacters(in: .whitespaces)
        guard let cutOff = ChinaTime.parseDate(text), ChinaTime.date(cutOff) == text else { throw Refusal.invalidDate(date) }
        let latest = now - minimumAgeDays * 86_400
        guard cutOff <= latest else {
            // The latest allowed date is the day whose first second is not after `latest`.
            let day = ChinaTime.parseDate(ChinaTime.date(latest))!
            throw Refusal.tooRecent(earliestAllowed: ChinaTime.date(day))
        }
        return cutOff
    }

    /// Archives operation-log rows before the first row at or after `cutOff`, and login-log rows
    /// before `cutOff`. Returns nil (and writes nothing) when there is nothing to archive.
    package static func archive(before cutOff: Int64, to path: String, now: Int64, exported: [AuditChain.ExportedHead] = [],
                        on db: any Database, keys: KeyService) async throws -> Result? {
        guard now - cutOff >= minimumAgeDays * 86_400 else {
            throw Refusal.tooRecent(earliestAllowed: ChinaTime.date(now - minimumAgeDays * 86_400))
        }
        // Archiving a broken chain would carry the damage out of sight: refuse, have it explained first.
        if let problem = try await AuditChain.verify(on: db, keys: keys, exported: exported).problem {
            throw Refusal.brokenChain(problem)
        }
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        let loginFile = loginFile(for: file)
        for target in [file, loginFile] where FileManager.default.fileExists(atPath: target) { throw Refusal.fileExists(target) }

        let boundary = try await firstSeq(atOrAfter: cutOff, on: db)
        let operations = try ArchiveWriter(file)
        let logins: ArchiveWriter
        do { logins = try ArchiveWriter(loginFile) } catch { operations.discard(); throw error }
        let written: (operations: Written, logins: Written)
        do {
            written = (try await writeOperations(before: boundary, to: operations, on: db),
                       try await writeLogins(before: cutOff, to: logins, on: db))
            try operations.finish()
            try logins.finish()
            FileSync.directory(of: file)
        } catch {
            operations.discard()
            logins.discard()
            throw error
        }
        if written.operations.rows == 0 && written.logins.rows == 0 {
            operations.discard()
            logins.discard()
            return nil
        }

        var record = Record(
            id: nil, created_at: now, cut_off: cutOff, first_seq: written.operations.first, last_seq: written.operations.last,
            last_hash: written.operations.lastHash, rows: Int64(written.operations.rows), file: file, sha256: operations.sha256,
            login_rows: Int64(written.logins.rows), login_file: loginFile, login_sha256: logins.sha256, signature: "")
        record.signature = keys.sign(record.signedMessage)
        let signed = record
        do {
            let id = try await db.writeTransaction { db in
                try await commit(signed, boundary: boundary, lastLoginID: written.logins.last, now: now, on: db, keys: keys)
            }
            return Result(id: id, rows: written.operations.rows, firstSeq: signed.first_seq, lastSeq: signed.last_seq,
                          loginRows: written.logins.rows, file: file, loginFile: loginFile, sha256: signed.sha256)
        } catch {
            // Nothing was deleted: the files would only confuse a later reader.
            operations.discard()
            logins.discard()
            throw error
        }
    }

    /// The position the archive stops before: the first row at or after the cut-off, or the
    /// position after the head when every row is older.
    package static func firstSeq(atOrAfter cutOff: Int64, on db: any Database) async throws -> Int64 {
        let first = try await db.sql.select().column(SQLAlias(SQLFunction("MIN", args: SQLIdentifier("seq")), as: SQLIdentifier("n")))
            .from("audit_log").where("at", .greaterThanOrEqual, SQLBind(cutOff)).first()?.decode(column: "n", as: Int64?.self)
        if let first { return first }
        let head = try await db.sql.select().column("seq").from("audit_chain_head").where("id", .equal, SQLBind(1)).first()
        return try (head?.decode(column: "seq", as: Int64.self) ?? 0) + 1
    }

    package struct Written: Sendable {
        package var rows = 0
        package var first: Int64?
        package var last: Int64?
        package var lastHash: String?
    }

    package static func writeOperations(before boundary: Int64, to writer: ArchiveWriter, on db: any Database) async throws -> Written {
        var written = Written()
        var after = Int64.min
        while true {
            let rows = try await db.sql.select().columns(OperationLine.columns.map { SQLIdentifier($0) as any SQLExpression })
                .from("audit_log").where("seq", .lessThan, SQLBind(boundary)).where("seq", .greaterThan, SQLBind(after))
                .orderBy("seq").limit(batchSize).all(decoding: OperationLine.self)
            guard let last = rows.last else { return written }
            try writer.append(rows)
            written.first = written.first ?? rows[0].seq
            written.last = last.seq
            written.lastHash = last.hash
            written.rows += rows.count
            after = last.seq
        }
    }

    package static func writeLogins(before cutOff: Int64, to writer: ArchiveWriter, on db: any Database) async throws -> Written {
        var written = Written()
        var after = Int64.min
        while true {
            let rows = try await db.sql.select().columns(LoginLine.columns.map { SQLIdentifier($0) as any SQLExpression })
                .from("login_attempts").where("at", .lessThan, SQLBind(cutOff)).where("id", .greaterThan, SQLBind(after))
                .orderBy("id").limit(batchSize).all(decoding: LoginLine.self)
            guard let last = rows.last else { return written }
            try writer.append(rows)
            written.last = last.id
            written.rows += rows.count
            after = last.id
        }
    }

    /// Inside one write transaction: checks that the rows written are still exactly the rows
    /// there, records the archive, deletes the rows and appends `audit.archive` to the chain.
    private static func commit(_ record: Record, boundary: Int64, lastLoginID: Int64?, now: Int64,
                               on db: any Database, keys: KeyService) async throws -> Int64 {
        // Every chain writer locks the head: holding it keeps the log still until we commit.
        guard try await db.sql.select().column("seq").from("audit_chain_head").where("id", .equal, SQLBind(1)).lockedForUpdate().first() != nil else {
            throw Abort(.internalServerError, reason: "audit chain head missing")
        }
        let present = try await db.sql.select()
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .column(SQLAlias(SQLFunction("MAX", args: SQLIdentifier("seq")), as: SQLIdentifier("last")))
            .from("audit_log").where("seq", .lessThan, SQLBind(boundary)).first()
        guard let present, try present.decode(column: "n", as: Int64.self) == record.rows,
              try present.decode(column: "last", as: Int64?.self) == record.last_seq else { throw Refusal.changedMeanwhile }
        if let lastSeq = record.last_seq {
            let hash = try await db.sql.select().column("hash").from("audit_log").where("seq", .equal, SQLBind(lastSeq)).first()?
                .decode(column: "hash", as: String.self)
            guard hash == record.last_hash else { throw Refusal.changedMeanwhile }
        }
        let logins = try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("login_attempts").where("at", .lessThan, SQLBind(record.cut_off)).where("id", .lessThanOrEqual, SQLBind(lastLoginID ?? Int64.min))
            .first()?.decode(column: "n", as: Int64.self)
        guard logins == record.login_rows else { throw Refusal.changedMeanwhile }

        let id = try await db.sql.insert(into: "audit_archives")
            .columns("created_at", "cut_off", "first_seq", "last_seq", "last_hash", "rows", "file", "sha256",
                     "login_rows", "login_file", "login_sha256", "signature")
            .values(SQLBind(record.created_at), SQLBind(record.cut_off), SQLBind(record.first_seq), SQLBind(record.last_seq),
                    SQLBind(record.last_hash), SQLBind(record.rows), SQLBind(record.file), SQLBind(record.sha256),
                    SQLBind(record.login_rows), SQLBind(record.login_file), SQLBind(record.login_sha256), SQLBind(record.signature))
            .returning("id").first()!.decode(column: "id", as: Int64.self)
        try await db.sql.delete(from: "audit_log").where("seq", .lessThan, SQLBind(boundary)).run()
        if let lastLoginID {
            try await db.sql.delete(from: "login_attempts").where("at", .lessThan, SQLBind(record.cut_off))
                .where("id", .lessThanOrEqual, SQLBind(lastLoginID)).run()
        }
        try await Audit.record("audit.archive", target: "audit_log", id: id, changes: [
            .init("before", after: ChinaTime.date(record.cut_off)),
            .init("rows", after: record.last_seq.map { "\(record.rows) (\(record.first_seq!)–\($0))" } ?? "0"),
            .init("logins", after: String(record.login_rows)),
            .init("file", after: record.file),
            .init("sha256", after: record.sha256),
        ], actor: nil, ip: nil, now: now, keys: keys, on: db)
        // The chain's id row may have left with the archived rows: the remaining chain records it again.
        try await AuditChain.recordChainID(now: now, keys: keys, on: db)
        return id
    }
}
