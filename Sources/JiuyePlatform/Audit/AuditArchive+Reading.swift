@preconcurrency import Crypto
import Fluent
import Foundation
import SQLKit
import Vapor

/// Reading archives back: their records, where the database chain starts, and checking a file.
extension AuditArchive {
    // MARK: reading archives

    package static func records(on db: any Database) async throws -> [Record] {
        try await db.sql.select().columns("id", "created_at", "cut_off", "first_seq", "last_seq", "last_hash", "rows", "file", "sha256",
                                          "login_rows", "login_file", "login_sha256", "signature")
            .from("audit_archives").orderBy("id").all(decoding: Record.self)
    }

    /// Where the database chain starts: after the newest archive whose record is signed by our
    /// key (an unsigned or forged record is ignored, so rows deleted under it show as deleted).
    package static func chainStart(on db: any Database, keys: KeyService) async throws -> (seq: Int64, hash: String)? {
        let signed = try await records(on: db).filter { $0.last_seq != nil && keys.verify(signature: $0.signature, for: $0.signedMessage) }
        guard let newest = signed.max(by: { $0.last_seq! < $1.last_seq! }), let hash = newest.last_hash else { return nil }
        return (newest.last_seq!, hash)
    }

    package enum FileProblem: Equatable, Sendable, CustomStringConvertible {
        case notRecorded
        case badSignature
        case checksumMismatch
        case unreadable(line: Int)
        case rowCount(recorded: Int64, found: Int)
        case chain(AuditChain.Problem)
        case loginChecksumMismatch
        case loginFileMissing(String)

        package var description: String {
            switch self {
            case .notRecorded: "没有与此文件对应的归档记录 / no archive record matches this file"
            case .badSignature: "归档记录的签名无效 / the archive record's signature is invalid"
            case .checksumMismatch: "文件的 SHA-256 与归档记录不符（文件被修改过） / the file's SHA-256 differs from the recorded one (the file was changed)"
            case .unreadable(let line): "第 \(line) 行无法解析 / line \(line) is not a log row"
            case .rowCount(let recorded, let found): "记录为 \(recorded) 行，文件有 \(found) 行 / \(recorded) rows recorded, \(found) in the file"
            case .chain(let problem): "哈希链 / hash chain: \(problem)"
            case .loginChecksumMismatch: "登录日志文件的 SHA-256 与归档记录不符 / the login-log file's SHA-256 differs from the recorded one"
            case .loginFileMissing(let path): "找不到登录日志文件 \(path) / login-log file \(path) not found"
            }
        }
    }

    package struct FileReport: Sendable {
        package var archiveID: Int64?
        package var rows = 0
        package var problems: [FileProblem] = []
    }

    /// Re-checks an archive file against its record (found by checksum, else by its first
    /// position, else by its path): signature, SHA-256, row count, and the chain inside the file,
    /// which must continue the archive before it (or the genesis) and end at the recorded hash.
    package static func verifyFile(_ path: String, on db: any Database, keys: KeyService) async throws -> FileReport {
        let file = URL(fileURLWithPath: path).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Abort(.notFound, reason: "找不到归档文件 \(file) / archive file \(file) not found")
        }
        let checksum = SHA256.hash(data: data).hexString
        var report = FileReport()
        var lines: [OperationLine] = []
        var unreadable: Int?
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() where !line.isEmpty {
            guard let row = try? JSONDecoder().decode(OperationLine.self, from: Data(line)) else { unreadable = unreadable ?? index + 1; continue }
            lines.append(row)
        }
        report.rows = lines.count
        let records = try await records(on: db)
        guard let record = records.first(where: { $0.sha256 == checksum })
                ?? records.first(where: { $0.first_seq != nil && $0.first_seq == lines.first?.seq })
                ?? records.first(where: { $0.file == file }) else {
            report.problems.append(.notRecorded)
            return report
        }
        report.archiveID = record.id
        if !keys.verify(signature: record.signature, for: record.signedMessage) { report.problems.append(.badSignature) }
        if record.sha256 != checksum { report.problems.append(.checksumMismatch) }
        if let unreadable { report.problems.append(.unreadable(line: unreadable)) }
        if Int64(lines.count) != record.rows { report.problems.append(.rowCount(recorded: record.rows, found: lines.count)) }
        if let problem = chainProblem(lines, record: record, records: records, keys: keys) { report.problems.append(.chain(problem)) }

        let loginPath = FileManager.default.fileExists(atPath: loginFile(for: file)) ? loginFile(for: file) : record.login_file
        if let logins = FileManager.default.contents(atPath: loginPath) {
            if SHA256.hash(data: logins).hexString != record.login_sha256 { report.problems.append(.loginChecksumMismatch) }
        } else {
            report.problems.append(.loginFileMissing(loginPath))
        }
        return report
    }

    package static func chainProblem(_ lines: [OperationLine], record: Record, records: [Record], keys: KeyService) -> AuditChain.Problem? {
        guard let firstSeq = record.first_seq, let lastSeq = record.last_seq else {
            return lines.first.map { .inserted(seq: $0.seq) }
        }
        // The archive before this one ends where this one starts; the first archive starts at the genesis.
        let before = records.first { $0.last_seq == firstSeq - 1 && keys.verify(signature: $0.signature, for: $0.signedMessage) }
        var previous = firstSeq == 1 ? AuditChain.genesis : (before?.last_hash ?? lines.first?.prev_hash ?? "")
        var expected = firstSeq
        for line in lines {
            if line.seq != expected { return line.seq > expected ? .deleted(afterSeq: expected - 1) : .inserted(seq: line.seq) }
            if !constantTimeEqual(AuditChain.hash(previous: line.prev_hash, fields: line.fields, keys: keys), line.hash) { return .edited(seq: line.seq) }
            if line.prev_hash != previous { return .inserted(seq: line.seq) }
            previous = line.hash
            expected += 1
        }
        if expected - 1 < lastSeq { return .truncated(lastSeq: expected - 1, expectedSeq: lastSeq) }
        if previous != record.last_hash { return .headMismatch(seq: lastSeq) }
        return nil
    }
}

/// Writes one archive file: created exclusively 0600, lines appended, SHA-256 kept as it goes,
/// fsynced before the database deletes anything.
package final class ArchiveWriter {
    package let path: String
    private let handle: FileHandle
    private var hasher = SHA256()
    private(set) var sha256 = ""

    package init(_ path: String) throws {
        self.path = path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            if errno == EEXIST { throw AuditArchive.Refusal.fileExists(path) }
            throw Abort(.internalServerError, reason: "无法创建归档文件 \(path) / cannot create archive file \(path) (errno \(errno))")
        }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    package func append<Line: Encodable>(_ lines: [Line]) throws {
        var chunk = Data()
        for line in lines {
            chunk.append(try JSONEncoder.sorted.encode(line))
            chunk.append(UInt8(ascii: "\n"))
        }
        hasher.update(data: chunk)
        try handle.write(contentsOf: chunk)
    }

    package func finish() throws {
        try handle.synchronize()
        try handle.close()
        sha256 = hasher.finalize().hexString
    }

    /// Removes the file (nothing was archived into it).
    package func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
