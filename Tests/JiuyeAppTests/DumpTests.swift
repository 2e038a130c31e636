import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import SQLKit
import XCTest
import XCTVapor

/// A raw dump — the SQLite file with its -wal, and pg_dump — shows no ID or phone number in
/// plain text; nor does the operation log's `changes`. The plaintexts are every demo graduate's
/// ID number and phone, recovered through the key service, plus those of a few fresh writes.
final class DumpTests: XCTestCase {
    var app: Application!
    /// Written in clear on purpose (a harmless settings row) as the last write: the scan must
    /// find it, so a scan that reads nothing (or misses the -wal) cannot pass.
    let canary = "13712345670"

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// Every ID number and phone in `users`, decrypted.
    func plaintexts() async throws -> Set<String> {
        let rows = try await app.db.sql.select().columns("id_number_cipher", "phone_cipher").from("users").all()
        var values = Set<String>()
        for row in rows {
            for column in ["id_number_cipher", "phone_cipher"] {
                if let cipher = try row.decode(column: column, as: String?.self) { values.insert(try app.keys.decrypt(cipher)) }
            }
        }
        return values
    }

    /// A few writes through the application: a login by phone, a new account with a phone,
    /// a profile change, then the canary.
    func writeSome() async throws {
        let phone = try await app.db.sql.select().column("phone_cipher").from("users")
            .where("student_no", .equal, SQLBind(DemoSeed.demoStudentNo)).first()!.decode(column: "phone_cipher", as: String.self)
        let student = Browser(app)
        let login = try await student.login(try app.keys.decrypt(phone), Demo.password)
        XCTAssertEqual(login.status, .seeOther)
        _ = try await Browser(app).login("13900001111", "Wrong-pass-1")

        let security = Browser(app)
        try await security.login("security", Demo.password)
        let created = try await security.submit("/admin/users", from: "/admin/users/new", form: [
            ("username", "dump.check"), ("displayName", "周老师"), ("phone", "13955556666"), ("email", ""), ("password", "Dump-Pass-2026")])
        XCTAssertEqual(created.status, .seeOther, created.body)

        let college = Browser(app)
        try await college.login("college", Demo.password)
        try await college.submit("/account/profile", from: "/account", form: [("displayName", "李老师（改）"), ("email", "")])

        let canary = canary
        try await app.db.writeTransaction { db in
            try await db.sql.insert(into: "platform_settings").columns("key", "value", "revision")
                .values(SQLBind("dump-test-canary"), SQLBind(canary), SQLBind(Int64(0))).run()
        }
    }

    /// Reports which of `needles` appear in `bytes`, in one pass: every run of digits (and X)
    /// is cut into windows of the needles' lengths.
    static func occurrences(of needles: Set<String>, in bytes: Data) -> Set<String> {
        let lengths = Set(needles.map(\.utf8.count))
        guard let shortest = lengths.min() else { return [] }
        var found = Set<String>()
        var run: [UInt8] = []
        func flush() {
            if run.count >= shortest {
                for length in lengths where run.count >= length {
                    for start in 0...(run.count - length) {
                        let window = String(decoding: run[start..<(start + length)], as: UTF8.self)
                        if needles.contains(window) { found.insert(window) }
                    }
                }
            }
            run.removeAll(keepingCapacity: true)
        }
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            for byte in buffer {
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "X"): run.append(byte)
                case UInt8(ascii: "x"): run.append(UInt8(ascii: "X"))
                default: flush()
                }
            }
        }
        flush()
        return found
    }

    func assertNoPlaintext(in bytes: Data, _ what: String) async throws {
        var needles = try await plaintexts()
        needles.insert("13955556666")
        XCTAssertGreaterThan(needles.count, 400, "about 200 graduates with an ID number and a phone: the check is not vacuous")
        needles.insert(canary)
        let found = Self.occurrences(of: needles, in: bytes)
        XCTAssertEqual(found, [canary], "\(what) holds \(found.subtracting([canary]).count) ID or phone number(s) in plain text")
    }

    func testSQLiteFileAndWALHoldNoPlainIDOrPhone() async throws {
        try XCTSkipIf(TestApp.postgresURL != nil, "the SQLite file; pg_dump is checked on PostgreSQL")
        try await writeSome()
        let path = app.settings.sqlitePath
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        let wal = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        XCTAssertGreaterThan(wal.count, 0, "the writes are in the -wal, not yet checkpointed")
        // The canary was the last write: it must be in the -wal alone.
        XCTAssertEqual(Self.occurrences(of: [canary], in: wal), [canary])
        XCTAssertEqual(Self.occurrences(of: [canary], in: main), [])
        try await assertNoPlaintext(in: main + wal, "the SQLite file and its -wal")
    }

    func testPgDumpHoldsNoPlainIDOrPhone() async throws {
        guard let url = app.settings.databaseURL else { throw XCTSkip("PostgreSQL only (set DATABASE_URL)") }
        let candidates = [ProcessInfo.processInfo.environment["PG_DUMP"], "/usr/bin/pg_dump", "/usr/local/bin/pg_dump",
                          "/usr/lib/postgresql/15/bin/pg_dump", "/opt/homebrew/bin/pg_dump"].compactMap { $0 }
        guard let pgDump = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw XCTSkip("pg_dump not found (CI installs postgresql)")
        }
        try await writeSome()
        let output = TestApp.directory.appendingPathComponent("dump-\(UUID().uuidString).sql").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: pgDump)
        process.arguments = ["--no-owner", "--no-privileges", "--file=\(output)", "--dbname=\(url)"]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(process.terminationStatus, 0, message)
        let dump = try Data(contentsOf: URL(fileURLWithPath: output))
        try? FileManager.default.removeItem(atPath: output)
        XCTAssertTrue(String(decoding: dump, as: UTF8.self).contains("COPY public.users"), "a dump of the test database")
        try await assertNoPlaintext(in: dump, "pg_dump")
    }

    func testOperationLogChangesHoldNoPlainIDOrPhone() async throws {
        try await writeSome()
        let rows = try await app.db.sql.select().columns("changes", "target_id").from("audit_log").all()
        XCTAssertGreaterThan(rows.count, 5)
        var text = ""
        for row in rows {
            text += try row.decode(column: "changes", as: String.self) + "\n"
            text += try row.decode(column: "target_id", as: String?.self).map { $0 + "\n" } ?? ""
        }
        XCTAssertTrue(text.contains("139****6666"), "the new account's phone is logged masked")
        text += canary
        try await assertNoPlaintext(in: Data(text.utf8), "audit_log.changes")
    }
}
