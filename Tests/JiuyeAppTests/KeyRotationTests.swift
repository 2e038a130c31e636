import Crypto
import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import SQLKit
import XCTest
import XCTVapor

/// Keys carry an id so they can rotate: `jiuye keys rotate` appends a key and re-encrypts every
/// sealed column in batches; lookup hashes, signatures and the audit chain keep their k1 keys.
final class KeyRotationTests: XCTestCase {
    var app: Application!
    var keyFile: String!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        // This test's own copy of the key file: a rotation must not touch the file other tests load.
        keyFile = TestApp.directory.appendingPathComponent("rotation-\(UUID().uuidString).key").path
        try FileManager.default.copyItem(atPath: TestApp.keyFile, toPath: keyFile)
        app.settings.keyFile = keyFile
        app.keys = try KeyService.load(from: keyFile)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    struct Sealed: Hashable {
        let column: String
        let id: Int64
        let cipher: String
    }

    func sealedValues() async throws -> [Sealed] {
        var values: [Sealed] = []
        for column in SealedColumns.all {
            let rows = try await app.db.sql.select().column(column.id).column(column.column).from(column.table)
                .where(SQLIdentifier(column.column), .isNot, SQLLiteral.null).all()
            for row in rows {
                values.append(Sealed(column: "\(column.table).\(column.column)", id: try row.decode(column: column.id, as: Int64.self),
                                     cipher: try row.decode(column: column.column, as: String.self)))
            }
        }
        return values
    }

    /// Puts a value in the columns the demo seed leaves empty (TOTP secret, outbox, upload keys), so
    /// every registered column is exercised.
    func sealTheOtherColumns() async throws {
        let keys = app.keys
        let college = try await Demo.userID(app, username: "college")
        let now = app.clock.now()
        try await app.db.writeTransaction { db in
            try await db.sql.update("users").set("totp_secret_cipher", to: SQLBind(keys.encrypt("JBSWY3DPEHPK3PXPJBSWY3DP")))
                .where("id", .equal, SQLBind(college)).run()
            for index in 0..<3 {
                let phone = "1390000000\(index)"
                try await db.sql.insert(into: "outbox")
                    .columns("channel", "purpose", "gateway", "user_id", "recipient_cipher", "recipient_hash", "recipient_masked",
                             "subject", "body_cipher", "status", "attempts", "created_at")
                    .values(SQLBind("sms"), SQLBind("login"), SQLBind("log"), SQLBind(college), SQLBind(keys.encrypt(phone)),
                            SQLBind(keys.lookupHash(phone)), SQLBind("139****000\(index)"), SQLBind(""),
                            SQLBind(keys.encrypt("您的验证码是 12345\(index)")), SQLBind("sent"), SQLBind(1), SQLBind(now))
                    .run()
            }
            // An uploaded file's wrapped data key (envelope encryption of upload_blobs).
            try await db.sql.insert(into: "upload_blobs").columns("sha256", "data_key_cipher", "size", "content_type", "created_at")
                .values(SQLBind(String(repeating: "a", count: 64)), SQLBind(keys.encrypt("ZGF0YS1rZXktZm9yLXRlc3Rz")), SQLBind(Int64(3)),
                        SQLBind("image/png"), SQLBind(now))
                .run()
            // An import waiting for the job runner (its file's wrapped data key) and one graduate's sealed 生源 fields.
            try await db.sql.raw("""
                INSERT INTO imports (kind, school_id, created_by, created_at, file_name, file_format, blob_key, data_key_cipher, status, processed_rows, imported_rows, error_count)
                VALUES ('graduates', 1, \(bind: college), \(bind: now), 'g.xlsx', 'xlsx', \(bind: String(repeating: "b", count: 64)),
                \(bind: keys.encrypt("ZGF0YS1rZXktZm9yLXRlc3Rz")), 'done', 0, 0, 0)
                """).run()
            try await db.sql.raw("""
                INSERT INTO graduate_records (user_id, school_id, record_json, personal_cipher, imported_at)
                SELECT user_id, school_id, '{}', \(bind: keys.encrypt("{\"home_address\":\"重庆市沙坪坝区\"}")), \(bind: now) FROM students ORDER BY user_id LIMIT 1
                """).run()
            // An issued document's verification token, kept sealed so its QR code can be shown again.
            try await db.sql.raw("""
                INSERT INTO document_versions (serial, kind, title, subject_id, subject_key, summary_json, content_hash, token_hash, token_cipher, created_at)
                VALUES ('JY2026-900001', 'grassroots-commitment', '基层就业承诺书', \(bind: college), \(bind: "user:\(college)"), '[]', 'h',
                \(bind: sha256Hex("token-for-tests")), \(bind: keys.encrypt("token-for-tests")), \(bind: now))
                """).run()
        }
    }

    func testRotationReencryptsEverySealedValueUnderTheNewKey() async throws {
        try await sealTheOtherColumns()
        let before = try await sealedValues()
        XCTAssertGreaterThan(before.count, 400, "about 200 graduates with an ID number and a phone, plus the other columns")
        XCTAssertEqual(Set(before.map(\.column)).count, SealedColumns.all.count, "every registered column holds values")
        XCTAssertTrue(before.allSatisfy { $0.cipher.hasPrefix("k1:") })
        var plaintexts: [String: String] = [:]
        for value in before { plaintexts["\(value.column)#\(value.id)"] = try app.keys.decrypt(value.cipher) }
        let staleInstance = try KeyService.load(from: keyFile)

        let summary = try await KeyRotation.rotate(app.db, keys: app.keys, now: app.clock.now(), batchSize: 50)
        XCTAssertEqual(summary.keyID, "k2")
        XCTAssertEqual(summary.reencrypted, before.count)
        XCTAssertEqual(summary.failed, 0)
        XCTAssertEqual(app.keys.keyIDs, ["k1", "k2"])

        let after = try await sealedValues()
        XCTAssertEqual(after.count, before.count)
        XCTAssertTrue(after.allSatisfy { $0.cipher.hasPrefix("k2:") }, "every sealed value is under the new key")
        let reloaded = try KeyService.load(from: keyFile)
        for value in after {
            let key = "\(value.column)#\(value.id)"
            XCTAssertEqual(try app.keys.decrypt(value.cipher), plaintexts[key], key)
            XCTAssertEqual(try reloaded.decrypt(value.cipher), plaintexts[key], "another instance loading the file: \(key)")
            XCTAssertEqual(try staleInstance.decrypt(value.cipher), plaintexts[key], "an instance started before the rotation: \(key)")
        }

        // Lookup hashes are keyed by k1 forever: the demo student still logs in by phone.
        let phoneCipher = try await app.db.sql.select().column("phone_cipher").from("users")
            .where("student_no", .equal, SQLBind(DemoSeed.demoStudentNo)).first()!.decode(column: "phone_cipher", as: String.self)
        let phone = try app.keys.decrypt(phoneCipher)
        let login = try await Browser(app).login(phone, Demo.password)
        XCTAssertEqual(login.status, .seeOther, login.body)
        XCTAssertNotEqual(login.location, "/login")

        let status = try await KeyRotation.status(app.db, keys: app.keys)
        for column in status {
            XCTAssertEqual(column.counts.first { $0.0 == "k1" }?.1, 0, column.name)
            XCTAssertEqual(column.other, 0, column.name)
        }
        XCTAssertEqual(status.reduce(0) { $0 + ($1.counts.first { $0.0 == "k2" }?.1 ?? 0) }, before.count)

        // The rotation is in the operation log, and the chain (keyed by k1) still verifies.
        let rotated = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'keys.rotate'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(rotated, 1)
        let report = try await AuditChain.verify(on: app.db, keys: app.keys)
        XCTAssertNil(report.problem)

        // A second run finds nothing left to do; a second rotation moves everything to k3.
        let again = try await KeyRotation.reencrypt(app.db, keys: app.keys)
        XCTAssertEqual(again.reencrypted, 0)
        let third = try await KeyRotation.rotate(app.db, keys: app.keys, now: app.clock.now())
        XCTAssertEqual(third.keyID, "k3")
        XCTAssertEqual(third.reencrypted, before.count)
        let k3 = try await sealedValues()
        XCTAssertTrue(k3.allSatisfy { $0.cipher.hasPrefix("k3:") })
        XCTAssertEqual(try staleInstance.decrypt(k3[0].cipher), plaintexts["\(k3[0].column)#\(k3[0].id)"])
    }

    func testRunningServiceDecryptsANewKeyAfterAnotherInstanceRotates() async throws {
        let running = try KeyService.load(from: keyFile)
        XCTAssertEqual(running.keyID, "k1")
        let oldValue = running.encrypt("110101199003077777")

        // Another process appends k2 and writes with it.
        let rotator = try KeyService.load(from: keyFile)
        let added = try KeyRotation.addKey(to: keyFile)
        XCTAssertEqual(added, "k2")
        try rotator.reload()
        let sealed = rotator.encrypt("13800138000")
        XCTAssertTrue(sealed.hasPrefix("k2:"))

        XCTAssertEqual(try running.decrypt(sealed), "13800138000", "unknown key id: the ring re-reads the file")
        XCTAssertEqual(running.keyID, "k2", "and writes with the newest key from then on")
        XCTAssertEqual(try rotator.decrypt(oldValue), "110101199003077777")
        XCTAssertEqual(running.lookupHash("id|13800138000"), rotator.lookupHash("id|13800138000"))
        XCTAssertEqual(running.auditHash("x"), rotator.auditHash("x"))
        XCTAssertTrue(running.verify(signature: rotator.sign("message"), for: "message"))

        let attributes = try FileManager.default.attributesOfItem(atPath: keyFile)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testConcurrentDecryptsOfANewKeyShareOneReload() async throws {
        let running = try KeyService.load(from: keyFile)
        _ = try KeyRotation.addKey(to: keyFile)
        let writer = try KeyService.load(from: keyFile)
        let values = (0..<200).map { index in (String(format: "139%08d", index), writer.encrypt(String(format: "139%08d", index))) }
        let opened = try await withThrowingTaskGroup(of: Bool.self) { group in
            for (plain, cipher) in values {
                group.addTask { try running.decrypt(cipher) == plain }
            }
            return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
        }
        XCTAssertEqual(opened, values.count)
    }

    func testUnknownKeyIDIsAnError() throws {
        let keys = try KeyService.load(from: keyFile)
        let foreign = KeyService.ephemeral().encrypt("x").replacingOccurrences(of: "k1:", with: "k9:")
        XCTAssertThrowsError(try keys.decrypt(foreign))
    }

    func testKeyFileFormats() throws {
        let directory = TestApp.directory.appendingPathComponent("keyfiles-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let material = Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()

        // A legacy file: one bare base64 line is k1.
        let legacy = directory.appendingPathComponent("legacy.key").path
        try Data((material + "\n").utf8).write(to: URL(fileURLWithPath: legacy))
        let fromLegacy = try KeyService.load(from: legacy)
        XCTAssertEqual(fromLegacy.keyIDs, ["k1"])
        let sealed = fromLegacy.encrypt("440301199912120015")
        XCTAssertTrue(sealed.hasPrefix("k1:"))

        // The same key written as a ring line opens it and hashes alike.
        let ring = directory.appendingPathComponent("ring.key").path
        try Data("# jiuye keys\nk1 \(material)\n".utf8).write(to: URL(fileURLWithPath: ring))
        let fromRing = try KeyService.load(from: ring)
        XCTAssertEqual(try fromRing.decrypt(sealed), "440301199912120015")
        XCTAssertEqual(fromRing.lookupHash("id|13800138000"), fromLegacy.lookupHash("id|13800138000"))
        // The lookup hash is HMAC-SHA256 under the derived lookup key, however it is computed;
        // hashes stored before the keyed template was kept must still match.
        let lookupKey = MasterKey.derive(SymmetricKey(data: Data(base64Encoded: material)!), "hmac-lookup")
        for text in ["id|13800138000", "", "汉字与 ASCII|440301199912120015", String(repeating: "长", count: 200)] {
            XCTAssertEqual(fromRing.lookupHash(text), HMAC<SHA256>.authenticationCode(for: Data(text.utf8), using: lookupKey).hexString, text)
        }
        XCTAssertEqual(fromRing.auditHash("x"), fromLegacy.auditHash("x"))

        // Rotating a legacy file rewrites it as a ring, keeping k1.
        XCTAssertEqual(try KeyRotation.addKey(to: legacy), "k2")
        let text = try String(contentsOfFile: legacy, encoding: .utf8)
        let lines = text.split(separator: "\n")
        XCTAssertEqual(lines.count, 2)
        XCTAssertEqual(lines[0], "k1 \(material)")
        XCTAssertTrue(lines[1].hasPrefix("k2 "))
        let rotated = try KeyService.load(from: legacy)
        XCTAssertEqual(rotated.keyID, "k2")
        XCTAssertEqual(try rotated.decrypt(sealed), "440301199912120015")
        XCTAssertTrue(rotated.encrypt("a").hasPrefix("k2:"))
        XCTAssertEqual(rotated.lookupHash("id|13800138000"), fromLegacy.lookupHash("id|13800138000"), "hashes stay keyed by k1")

        // Keys are ordered by number, whatever the line order.
        let other = Data((0..<32).map { UInt8(255 - $0) }).base64EncodedString()
        let parsed = try KeyFile.parse("k3 \(other)\nk1 \(material)\n")
        XCTAssertEqual(parsed.map(\.id).sorted(), ["k1", "k3"])

        // Refused: no k1, a key twice, a short key, a malformed id.
        XCTAssertThrowsError(try KeyFile.parse("k2 \(material)\n"))
        XCTAssertThrowsError(try KeyFile.parse("k1 \(material)\nk1 \(other)\n"))
        XCTAssertThrowsError(try KeyFile.parse("k1 \(Data(count: 16).base64EncodedString())\n"))
        XCTAssertThrowsError(try KeyFile.parse("k1 \(material)\nk02 \(other)\n"))
        XCTAssertThrowsError(try KeyFile.parse("key1 \(material)\n"))

        // A new file is written as a ring, 0600.
        let fresh = directory.appendingPathComponent("new/master.key").path
        let created = try KeyService.load(from: fresh)
        XCTAssertEqual(created.keyIDs, ["k1"])
        XCTAssertTrue(try String(contentsOfFile: fresh, encoding: .utf8).hasPrefix("k1 "))
        let attributes = try FileManager.default.attributesOfItem(atPath: fresh)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testAChangedK1IsRefusedOnReload() throws {
        let running = try KeyService.load(from: keyFile)
        let replaced = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        try Data("k1 \(replaced)\nk2 \(replaced)\n".utf8).write(to: URL(fileURLWithPath: keyFile))
        XCTAssertThrowsError(try running.reload(), "lookup hashes and the audit chain hang on k1: a different k1 is refused")
        XCTAssertEqual(running.keyIDs, ["k1"])
    }
}
