import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import SQLKit
import XCTest
import XCTVapor

/// Logs are kept at least 6 months; older rows are archived by a command, never silently
/// deleted. The remaining chain continues the archive's last hash and still verifies; the
/// archive file is checked against its recorded SHA-256 and its own chain.
final class AuditArchiveTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func archivePath() -> String {
        TestApp.directory.appendingPathComponent("archive-\(UUID().uuidString).jsonl").path
    }

    func count(_ sql: String) async throws -> Int {
        try await app.db.sql.raw(SQLQueryString(sql)).first()!.decode(column: "n", as: Int.self)
    }

    func maxSeq() async throws -> Int64 {
        try await app.db.sql.raw("SELECT MAX(seq) AS n FROM audit_log").first()!.decode(column: "n", as: Int64.self)
    }

    func verify() async throws -> AuditChain.Report {
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        return try await AuditChain.verify(on: app.db, keys: app.keys, exported: exported)
    }

    /// An audited write at the current (moved) clock.
    func auditedWrite(_ action: String = "user.enable") async throws {
        let keys = app.keys, now = app.clock.now()
        try await app.db.writeTransaction { db in
            try await Audit.record(action, target: "user", id: 1, actor: nil, ip: "198.51.100.9", now: now, keys: keys, on: db)
        }
    }

    /// Some old activity, then 200 days later some new; archives everything before 190 days ago.
    func archiveOldRows(to path: String) async throws -> (result: AuditArchive.Result, oldRows: Int64, oldLogins: Int) {
        _ = try await Browser(app).login("college", "Wrong-pass-1")
        try await Browser(app).login("college", Demo.password)
        try await auditedWrite()
        try await AuditChain.exportHead(app)
        let oldRows = try await maxSeq()
        let oldLogins = try await count("SELECT COUNT(*) AS n FROM login_attempts")
        XCTAssertGreaterThanOrEqual(oldLogins, 2)

        app.clock.advance(seconds: 200 * 86_400)
        try await auditedWrite("user.disable")
        try await Browser(app).login("school", Demo.password)
        let now = app.clock.now()
        let cutOff = try AuditArchive.cutOff(ChinaTime.date(now - 190 * 86_400), now: now)
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        let result = try await AuditArchive.archive(before: cutOff, to: path, now: now, exported: exported, on: app.db, keys: app.keys)
        return (try XCTUnwrap(result), oldRows, oldLogins)
    }

    func testArchivingOldRowsKeepsTheChainVerifiable() async throws {
        let path = archivePath()
        let (result, oldRows, oldLogins) = try await archiveOldRows(to: path)
        XCTAssertEqual(result.firstSeq, 1)
        XCTAssertEqual(result.lastSeq, oldRows)
        XCTAssertEqual(Int64(result.rows), oldRows)
        XCTAssertEqual(result.loginRows, oldLogins)

        // The old rows left the database; the new ones, the archive's own row and the chain id restated after it stayed.
        let left = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE seq <= \(oldRows)")
        XCTAssertEqual(left, 0)
        let remaining = try await app.db.sql.raw("SELECT action FROM audit_log ORDER BY seq").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertEqual(remaining, ["user.disable", "audit.archive", "audit.chain"])
        let oldLoginsLeft = try await count("SELECT COUNT(*) AS n FROM login_attempts WHERE at < \(app.clock.now() - 190 * 86_400)")
        XCTAssertEqual(oldLoginsLeft, 0)
        let newLogins = try await count("SELECT COUNT(*) AS n FROM login_attempts")
        XCTAssertEqual(newLogins, 1, "the login after the cut-off stays")

        // The chain still verifies, against the heads exported before the archive too.
        let report = try await verify()
        XCTAssertNil(report.problem)
        XCTAssertEqual(report.rows, 3)

        // The file holds every archived row with every column, in chain order.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, result.rows)
        let rows = try lines.map { try JSONDecoder().decode(AuditArchive.OperationLine.self, from: Data($0.utf8)) }
        XCTAssertEqual(rows.map(\.seq), Array(1...oldRows))
        XCTAssertEqual(rows.first?.prev_hash, AuditChain.genesis)
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        XCTAssertEqual(Set(object?.keys.map { $0 } ?? []), Set(AuditArchive.OperationLine.columns), "every column, nulls included")
        XCTAssertTrue(rows.contains { $0.action == "seed.demo" })
        let logins = try String(contentsOfFile: AuditArchive.loginFile(for: path), encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(logins.count, oldLogins)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)

        // The archive is recorded, and the archive row in the chain names it.
        let records = try await AuditArchive.records(on: app.db)
        XCTAssertEqual(records.count, 1)
        XCTAssertEqual(records[0].last_hash, rows.last?.hash)
        XCTAssertEqual(records[0].sha256, sha256Hex(try String(contentsOfFile: path, encoding: .utf8)))
        let firstRemaining = try await app.db.sql.raw("SELECT prev_hash FROM audit_log WHERE seq = \(bind: oldRows + 1)").first()
        XCTAssertEqual(try firstRemaining?.decode(column: "prev_hash", as: String.self), rows.last?.hash, "the remaining chain continues the archive")
        let archiveRow = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'audit.archive'").first()!
        XCTAssertTrue(try archiveRow.decode(column: "changes", as: String.self).contains(records[0].sha256))

        let fileReport = try await AuditArchive.verifyFile(path, on: app.db, keys: app.keys)
        XCTAssertEqual(fileReport.problems, [])
        XCTAssertEqual(fileReport.rows, result.rows)
    }

    func testASecondArchiveContinuesTheFirst() async throws {
        let first = archivePath()
        let (result, _, _) = try await archiveOldRows(to: first)
        try await AuditChain.exportHead(app)
        app.clock.advance(seconds: 200 * 86_400)
        try await auditedWrite("user.unlock")
        let now = app.clock.now()
        let second = archivePath()
        let cutOff = try AuditArchive.cutOff(ChinaTime.date(now - 185 * 86_400), now: now)
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        let next = try await AuditArchive.archive(before: cutOff, to: second, now: now, exported: exported, on: app.db, keys: app.keys)
        let archived = try XCTUnwrap(next)
        XCTAssertEqual(archived.firstSeq, result.lastSeq! + 1)
        XCTAssertEqual(archived.rows, 3, "the row after the first cut-off, the first archive's own row and its audit.chain row")
        let report = try await verify()
        XCTAssertNil(report.problem)
        for path in [first, second] {
            let fileReport = try await AuditArchive.verifyFile(path, on: app.db, keys: app.keys)
            XCTAssertEqual(fileReport.problems, [], path)
        }
    }

    func testARecentCutOffIsRefused() async throws {
        let now = app.clock.now()
        for days: Int64 in [0, 30, 182] {
            XCTAssertThrowsError(try AuditArchive.cutOff(ChinaTime.date(now - days * 86_400), now: now)) { error in
                guard case .tooRecent = error as? AuditArchive.Refusal else { return XCTFail("\(error)") }
                let reason = (error as? AuditArchive.Refusal)?.reason ?? ""
                XCTAssertTrue(reason.contains("日志须保留至少 183 天"), reason)
                XCTAssertTrue(reason.contains("kept at least 183 days"), reason)
            }
        }
        XCTAssertNoThrow(try AuditArchive.cutOff(ChinaTime.date(now - 184 * 86_400), now: now))
        XCTAssertThrowsError(try AuditArchive.cutOff("2025-02-30", now: now))
        XCTAssertThrowsError(try AuditArchive.cutOff("yesterday", now: now))

        // The archive function refuses too, before writing or deleting anything.
        let path = archivePath()
        let rows = try await count("SELECT COUNT(*) AS n FROM audit_log")
        do {
            _ = try await AuditArchive.archive(before: now - 10 * 86_400, to: path, now: now, on: app.db, keys: app.keys)
            XCTFail("a recent cut-off must be refused")
        } catch let refusal as AuditArchive.Refusal {
            guard case .tooRecent = refusal else { return XCTFail("\(refusal)") }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        let after = try await count("SELECT COUNT(*) AS n FROM audit_log")
        XCTAssertEqual(after, rows)
    }

    func testNothingOldEnoughWritesNothing() async throws {
        let now = app.clock.now()
        let path = archivePath()
        let result = try await AuditArchive.archive(before: now - 400 * 86_400, to: path, now: now, on: app.db, keys: app.keys)
        XCTAssertNil(result)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: AuditArchive.loginFile(for: path)))
    }

    func testAnExistingFileIsNeverOverwritten() async throws {
        let path = archivePath()
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: path))
        app.clock.advance(seconds: 200 * 86_400)
        let now = app.clock.now()
        do {
            _ = try await AuditArchive.archive(before: now - 190 * 86_400, to: path, now: now, on: app.db, keys: app.keys)
            XCTFail("an existing file must be refused")
        } catch let refusal as AuditArchive.Refusal {
            XCTAssertEqual(refusal, .fileExists(path))
        }
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "keep me\n")
        let report = try await verify()
        XCTAssertNil(report.problem)
    }

    func testAnEditedArchiveLineIsFound() async throws {
        let path = archivePath()
        _ = try await archiveOldRows(to: path)
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        var row = try JSONDecoder().decode(AuditArchive.OperationLine.self, from: Data(lines[1].utf8))
        XCTAssertEqual(row.seq, 2)
        row = AuditArchive.OperationLine(id: row.id, seq: row.seq, at: row.at, actor_id: row.actor_id, actor_role: row.actor_role,
                                         action: row.action, target_type: row.target_type, target_id: "999", changes: row.changes,
                                         ip: row.ip, prev_hash: row.prev_hash, hash: row.hash)
        lines[1] = String(decoding: try JSONEncoder.sorted.encode(row), as: UTF8.self)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))

        let report = try await AuditArchive.verifyFile(path, on: app.db, keys: app.keys)
        XCTAssertEqual(report.problems, [.checksumMismatch, .chain(.edited(seq: 2))])

        // A removed line is named too.
        lines.remove(at: 3)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
        let removed = try await AuditArchive.verifyFile(path, on: app.db, keys: app.keys)
        XCTAssertTrue(removed.problems.contains(.checksumMismatch))
        XCTAssertTrue(removed.problems.contains(.rowCount(recorded: Int64(lines.count + 1), found: lines.count)))
    }

    func testTamperingAfterAnArchiveIsStillFound() async throws {
        let path = archivePath()
        let (result, _, _) = try await archiveOldRows(to: path)
        let first = result.lastSeq! + 1

        // Editing the first remaining row.
        try await app.db.sql.raw("UPDATE audit_log SET ip = '203.0.113.99' WHERE seq = \(bind: first)").run()
        let edited = try await verify().problem
        XCTAssertEqual(edited, .edited(seq: first))
        try await app.db.sql.raw("UPDATE audit_log SET ip = '198.51.100.9' WHERE seq = \(bind: first)").run()
        let restored = try await verify().problem
        XCTAssertNil(restored)

        // Putting an archived row back.
        let archived = try JSONDecoder().decode(AuditArchive.OperationLine.self,
                                                from: Data(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0].utf8))
        try await app.db.sql.raw("""
            INSERT INTO audit_log (seq, at, action, target_type, changes, prev_hash, hash)
            VALUES (\(bind: archived.seq), \(bind: archived.at), \(bind: archived.action), \(bind: archived.target_type),
                    \(bind: archived.changes), \(bind: archived.prev_hash), \(bind: archived.hash))
            """).run()
        let inserted = try await verify().problem
        XCTAssertEqual(inserted, .inserted(seq: 1))
        try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = 1").run()

        // Deleting the first remaining row, and forging an archive record (without the key) to cover it.
        try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = \(bind: first)").run()
        let deleted = try await verify().problem
        XCTAssertEqual(deleted, .deleted(afterSeq: first - 1))
        let hash = try await app.db.sql.raw("SELECT prev_hash FROM audit_log WHERE seq = \(bind: first + 1)").first()!.decode(column: "prev_hash", as: String.self)
        try await app.db.sql.raw("""
            INSERT INTO audit_archives (created_at, cut_off, first_seq, last_seq, last_hash, rows, file, sha256, login_rows, login_file, login_sha256, signature)
            VALUES (0, 0, \(bind: first), \(bind: first), \(bind: hash), 1, 'forged', 'x', 0, 'forged', 'x', 'forged')
            """).run()
        let forged = try await verify().problem
        XCTAssertEqual(forged, .deleted(afterSeq: first - 1), "an unsigned archive record is ignored")

        // Deleting the archive record leaves the remaining chain without its start.
        try await app.db.sql.raw("DELETE FROM audit_archives").run()
        let unanchored = try await verify().problem
        XCTAssertEqual(unanchored, .deleted(afterSeq: 0))
    }
}
