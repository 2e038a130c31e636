import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import SQLKit
import XCTest
import XCTVapor

/// Exported chain heads are bound to the chain that wrote them: several databases sharing one key
/// file and one head log (a demo beside production, a re-created data/) each verify against their
/// own heads only; a truncation, an edited row and a changed chain id are each named plainly;
/// old head lines without a chain id are read as unbound.
final class AuditChainIdTests: XCTestCase {
    var app: Application!
    var headLog: String!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        headLog = TestApp.directory.appendingPathComponent("shared-heads-\(UUID().uuidString).log").path
    }

    override func tearDown() async throws {
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(atPath: headLog)
    }

    /// A second database beside the test's own, created and migrated from nothing (a demo next to
    /// production, a fresh data/): same key file, its own chain. `TestApp.make` would drop the
    /// test's database when it makes the next one, so this one is made by hand and removed by `body`'s end.
    func withSecondDatabase(_ body: (Application) async throws -> Void) async throws {
        let name = "jiuye_second_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12))"
        let database: String
        if let url = TestApp.postgresURL {
            try await TestApp.postgresAdmin(url) { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            database = TestApp.replaceDatabase(in: url, with: name)
        } else {
            database = TestApp.directory.appendingPathComponent(name + ".sqlite").path
        }
        let other = try await Application.make(.testing)
        var failure: (any Error)?
        do {
            try await configure(other, settings: TestApp.settings(database: database))
            try await body(other)
        } catch {
            failure = error
        }
        try? await other.asyncShutdown()
        if let url = TestApp.postgresURL {
            try? await TestApp.postgresAdmin(url) { sql in try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run() }
        } else {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) }
        }
        if let failure { throw failure }
    }

    func export(_ app: Application) async throws {
        try await AuditChain.exportHead(on: app.db, keys: app.keys, path: headLog, now: app.clock.now())
    }

    func verify(_ app: Application) async throws -> AuditChain.Report {
        try await AuditChain.verify(on: app.db, keys: app.keys, exported: AuditChain.readExports(path: headLog, keys: app.keys))
    }

    func auditedWrite(_ app: Application, _ action: String = "user.enable") async throws {
        let keys = app.keys, now = app.clock.now()
        try await app.db.writeTransaction { db in
            try await Audit.record(action, target: "user", id: 1, actor: nil, ip: "198.51.100.9", now: now, keys: keys, on: db)
        }
    }

    func chainID(_ app: Application) async throws -> String {
        try await app.db.sql.raw("SELECT chain_id FROM audit_chain_head WHERE id = 1").first()!.decode(column: "chain_id", as: String.self)
    }

    func lastSeq(_ app: Application) async throws -> Int64 {
        try await app.db.sql.raw("SELECT MAX(seq) AS n FROM audit_log").first()!.decode(column: "n", as: Int64.self)
    }

    func testTheChainRecordsItsIdAndTheExportNamesIt() async throws {
        let id = try await chainID(app)
        XCTAssertEqual(id.count, 32)
        let recorded = try await app.db.sql.raw("SELECT target_id FROM audit_log WHERE action = 'audit.chain' ORDER BY seq").all()
            .map { try $0.decode(column: "target_id", as: String.self) }
        XCTAssertEqual(recorded, [id], "created with the chain, inside it")
        try await export(app)
        try await export(app)
        let lines = try String(contentsOfFile: headLog, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "an unmoved head is not exported again")
        XCTAssertTrue(lines[0].hasPrefix(id + " "))
        let heads = AuditChain.readExports(path: headLog, keys: app.keys)
        let last = try await lastSeq(app)
        XCTAssertEqual(heads.map(\.chainID), [id])
        XCTAssertEqual(heads.map(\.seq), [last])
    }

    /// The defect: a second database with the same key path read the first one's heads and said
    /// "row 4 was edited". Both untouched, both verify now, each naming the other's heads as ignored.
    func testTwoDatabasesSharingOneKeyFileAndOneHeadLogBothVerify() async throws {
        try await withSecondDatabase { other in
            XCTAssertEqual(other.settings.keyFile, app.settings.keyFile, "one key file")
            let ids = try await (chainID(app), chainID(other))
            XCTAssertNotEqual(ids.0, ids.1, "each database created its own chain")
            try await export(app)
            try await auditedWrite(app)
            try await export(app)
            try await export(other)
            try await auditedWrite(other, "user.disable")
            try await auditedWrite(other, "user.enable")
            try await export(other)
            try await auditedWrite(app)
            try await export(app)

            let mine = try await verify(app)
            XCTAssertNil(mine.problem, String(describing: mine.problem))
            XCTAssertEqual(mine.headsChecked, 3)
            XCTAssertEqual(mine.otherChainHeads, 2)
            let theirs = try await verify(other)
            XCTAssertNil(theirs.problem, String(describing: theirs.problem))
            XCTAssertEqual(theirs.headsChecked, 2)
            XCTAssertEqual(theirs.otherChainHeads, 3)
            let lines = AuditCommand.verificationLines(theirs, archived: 0)
            XCTAssertTrue(lines[0].hasPrefix("审计日志校验通过"), lines.joined(separator: "\n"))
            XCTAssertTrue(lines.contains { $0.contains("已忽略 3 个属于其他日志链的导出链头") }, lines.joined(separator: "\n"))

            // Unbound, the first database's heads would have been read against the second's rows: the old false alarm.
            let unbound = AuditChain.readExports(path: headLog, keys: app.keys).map {
                AuditChain.ExportedHead(chainID: ids.1, seq: $0.seq, hash: $0.hash, at: $0.at)
            }
            let falseAlarm = try await AuditChain.verify(on: other.db, keys: other.keys, exported: unbound)
            XCTAssertNotNil(falseAlarm.problem)
        }
    }

    func testATruncatedChainIsNamedAsTruncationAgainstItsOwnHeads() async throws {
        try await withSecondDatabase { other in try await export(other) }
        try await auditedWrite(app)
        try await export(app)
        let last = try await lastSeq(app)
        // Delete the newest row and rewrite the head to the row before: the database alone looks consistent.
        let previous = try await app.db.sql.raw("SELECT hash FROM audit_log WHERE seq = \(bind: last - 1)").first()!.decode(column: "hash", as: String.self)
        try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = \(bind: last)").run()
        try await app.db.sql.raw("UPDATE audit_chain_head SET seq = \(bind: last - 1), hash = \(bind: previous)").run()
        let report = try await verify(app)
        XCTAssertEqual(report.problem, .truncated(lastSeq: last - 1, expectedSeq: last))
        XCTAssertEqual(report.otherChainHeads, 1)
        let lines = AuditCommand.verificationLines(report, archived: 0)
        XCTAssertTrue(lines[0].contains("日志被截断：本链只到第 \(last - 1) 条，但本链的链头记录到第 \(last) 条"), lines[0])
        XCTAssertTrue(lines[0].contains("truncated"))
    }

    func testAnEditedRowIsNamedAsEdited() async throws {
        try await export(app)
        try await app.db.sql.raw("UPDATE audit_log SET changes = '[]' WHERE seq = 3").run()
        let report = try await verify(app)
        XCTAssertEqual(report.problem, .edited(seq: 3))
        XCTAssertFalse(report.exportedHeadDiffers)
        let lines = AuditCommand.verificationLines(report, archived: 0)
        XCTAssertTrue(lines[0].contains("第 3 条日志被修改"), lines[0])
    }

    /// A newest row rewritten with the key (or a restored backup written to since): the chain is
    /// consistent in itself, only this chain's exported head tells.
    func testARowThatDiffersFromItsOwnExportedHeadIsNamed() async throws {
        try await auditedWrite(app)
        try await export(app)
        let last = try await lastSeq(app)
        let row = try await app.db.sql.raw("SELECT at, prev_hash FROM audit_log WHERE seq = \(bind: last)").first()!
        let fields = AuditChain.Fields(seq: last, at: try row.decode(column: "at", as: Int64.self), actorID: nil, actorRole: nil, action: "user.disable",
                                       targetType: "user", targetID: "1", changes: "[]", ip: nil)
        let rewritten = AuditChain.hash(previous: try row.decode(column: "prev_hash", as: String.self), fields: fields, keys: app.keys)
        try await app.db.sql.raw("""
            UPDATE audit_log SET action = 'user.disable', actor_id = NULL, actor_role = NULL, ip = NULL, changes = '[]', target_id = '1', hash = \(bind: rewritten)
            WHERE seq = \(bind: last)
            """).run()
        try await app.db.sql.raw("UPDATE audit_chain_head SET hash = \(bind: rewritten)").run()
        let alone = try await AuditChain.verify(on: app.db, keys: app.keys)
        XCTAssertNil(alone.problem, "consistent without the export")
        let report = try await verify(app)
        XCTAssertEqual(report.problem, .edited(seq: last))
        XCTAssertTrue(report.exportedHeadDiffers)
        let lines = AuditCommand.verificationLines(report, archived: 0)
        XCTAssertTrue(lines[0].contains("第 \(last) 条与本链导出的链头不一致"), lines[0])
    }

    func testChangingTheChainIdToEscapeItsHeadsIsFound() async throws {
        try await export(app)
        let last = try await lastSeq(app)
        let previous = try await app.db.sql.raw("SELECT hash FROM audit_log WHERE seq = \(bind: last - 1)").first()!.decode(column: "hash", as: String.self)
        try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = \(bind: last)").run()
        try await app.db.sql.raw("UPDATE audit_chain_head SET seq = \(bind: last - 1), hash = \(bind: previous), chain_id = \(bind: AuditChain.newChainID())").run()
        let report = try await verify(app)
        XCTAssertEqual(report.headsChecked, 0, "the heads now look like another chain's")
        XCTAssertTrue(report.chainIDMismatch)
        XCTAssertNotNil(report.problem)
        let lines = AuditCommand.verificationLines(report, archived: 0)
        XCTAssertTrue(lines[0].contains("链标识不符"), lines[0])
    }

    func testOldHeadLinesWithoutAChainIdAreReadAsUnboundNotAsTampering() async throws {
        // A line in the old format from another database: position 4 with a hash this chain does not have.
        let line = "4 \(String(repeating: "ab", count: 32)) \(app.clock.now())"
        let old = line + " " + app.keys.sign("audit-head|" + line) + "\n"
        FileManager.default.createFile(atPath: headLog, contents: Data(old.utf8))
        try await export(app)
        let heads = AuditChain.readExports(path: headLog, keys: app.keys)
        XCTAssertEqual(heads.count, 2)
        XCTAssertNil(heads[0].chainID)
        XCTAssertEqual(heads[0].seq, 4)
        let report = try await verify(app)
        XCTAssertNil(report.problem, String(describing: report.problem))
        XCTAssertEqual(report.unboundHeads, 1)
        XCTAssertEqual(report.headsChecked, 1)
        let lines = AuditCommand.verificationLines(report, archived: 0)
        XCTAssertTrue(lines.contains { $0.contains("有 1 个旧格式链头没有链标识") && $0.contains("unbound") }, lines.joined(separator: "\n"))
    }

    func testArchivingRecordsTheChainIdAgainInTheRemainingChain() async throws {
        try await export(app)
        app.clock.advance(seconds: 200 * 86_400)
        try await auditedWrite(app)
        let now = app.clock.now()
        let path = TestApp.directory.appendingPathComponent("archive-\(UUID().uuidString).jsonl").path
        let result = try await AuditArchive.archive(before: try AuditArchive.cutOff(ChinaTime.date(now - 190 * 86_400), now: now), to: path, now: now,
                                                    exported: AuditChain.readExports(path: headLog, keys: app.keys), on: app.db, keys: app.keys)
        XCTAssertNotNil(result)
        let remaining = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.chain'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(remaining, 1, "the first audit.chain row left with the archive; the archive recorded the id again")
        try await export(app)
        let report = try await verify(app)
        XCTAssertNil(report.problem, String(describing: report.problem))
        XCTAssertFalse(report.chainIDMismatch)
    }
}
