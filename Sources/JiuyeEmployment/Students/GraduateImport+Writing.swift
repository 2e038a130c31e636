import JiuyePlatform
import Fluent
import FluentSQLiteDriver
import Foundation
import JiuyeDomain
import JiuyeSheets
import SQLKit
import Vapor

/// Writing checked rows: accounts, graduate records and the import report.
extension GraduateImport {
    // MARK: Writing

    /// Personal fields stay sealed; the rest of the record is kept as JSON beside the account.
    package static let personalKeys: Set<GraduateField.Key> = [.documentNumber, .phone, .email, .homePhone, .homeAddress, .homePostcode, .qq, .examineeNo]

    /// The keyed hashes of every row, computed on two tasks (HMAC is a fair part of an import).
    package static func withKeys(_ prepared: [Prepared], keys: KeyService) async -> [Prepared] {
        await halves(prepared) { var item = $0; item.computeKeys(keys); return item }
    }

    /// One batch of rows for the five tables a graduate is written to.
    package struct Batch: Sendable {
        package var users = BulkInsert("users", ["id", "username", "display_name", "email", "password_hash", "is_active", "id_type", "id_number_cipher",
                                         "id_number_hash", "phone_cipher", "phone_hash", "student_no", "revision", "created_at"])
        package var identifiers = BulkInsert("account_identifiers", ["key", "kind", "user_id"])
        package var students = BulkInsert("students", ["user_id", "school_id", "college_id", "major_id", "class_id", "cohort", "level", "stage", "gender", "source_region_code"])
        package var roles = BulkInsert("role_assignments", ["id", "user_id", "role", "created_at", "created_by"])
        package var records = BulkInsert("graduate_records", ["user_id", "school_id", "record_json", "personal_cipher", "ethnicity", "political_status",
                                                      "education", "document_type", "major_code", "source_region", "imported_at"])

        /// The rows of `items`, whose first user id is `firstUser` and first role id `firstRole`:
        /// sealing, JSON and the rest of the CPU work of an insert.
        package init(_ items: ArraySlice<Prepared>, firstUser: Int64, firstRole: Int64, school: Int64, keys: KeyService, now: Int64) {
            for (offset, item) in items.enumerated() {
                let id = firstUser + Int64(offset)
                let record = item.record
                let values = record.values
                let level = record.level ?? .bachelor
                let phoneCipher = values[.phone].map { keys.encrypt($0) }
                users.append([.int(id), .null, .text(record.name), .text(values[.email]), .null, .bool(true), .text(record.documentType?.rawValue ?? "1"),
                              .text(keys.encrypt(record.documentNumber)), .text(item.documentHash), .text(phoneCipher), .text(item.phoneHash),
                              .text(record.studentNo.lowercased()), .int(0), .int(now)])
                identifiers.append([.text(item.studentKey), .text("student_no"), .int(id)])
                if let phoneKey = item.phoneKey {
                    identifiers.append([.text(phoneKey), .text("phone"), .int(id)])
                }
                students.append([.int(id), .int(school), .int(item.collegeID), .int(item.majorID), .int(item.classID), .int(Int64(record.cohort ?? 0)),
                                 .text(level.rawValue), .text(level.stage.rawValue), .text(record.gender), .text(values[.sourceRegion])])
                roles.append([.int(firstRole + Int64(offset)), .int(id), .text(Role.student.rawValue), .int(now), .null])
                records.append([.int(id), .int(school), .text(json(values, personal: false)), .text(keys.encrypt(json(values, personal: true))),
                                .text(values[.ethnicity]), .text(values[.politicalStatus]), .text(values[.educationLevel]),
                                .text(values[.documentType] ?? "1"), .text(values[.majorCode]), .text(values[.sourceRegion]), .int(now)])
            }
        }

        package mutating func flush(on db: any Database) async throws {
            try await users.flush(on: db)
            try await identifiers.flush(on: db)
            try await students.flush(on: db)
            try await roles.flush(on: db)
            try await records.flush(on: db)
        }
    }

    /// Inserts every prepared row in one write transaction: account, 学号 (and 手机号) identifier,
    /// student, role and 生源 record. Ids are taken in a block inside the transaction. Pipelined:
    /// the next batch is sealed on another task while the database writes the current one.
    package static func insert(_ prepared: [Prepared], school: Int64, keys: KeyService, now: Int64, on db: any Database,
                       audit: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws {
        let prepared = prepared.first?.studentKey.isEmpty == true ? await withKeys(prepared, keys: keys) : prepared
        try await db.writeTransaction { db in
            let firstUser = try await reserveIDs("users", count: prepared.count, on: db)
            let firstRole = try await reserveIDs("role_assignments", count: prepared.count, on: db)
            func batch(at start: Int) -> Task<Batch, Never> {
                Task.detached {
                    Batch(prepared[start..<min(start + batchSize, prepared.count)], firstUser: firstUser + Int64(start),
                          firstRole: firstRole + Int64(start), school: school, keys: keys, now: now)
                }
            }
            var next: Task<Batch, Never>? = prepared.isEmpty ? nil : batch(at: 0)
            var start = 0
            while let pending = next {
                var current = await pending.value
                start += batchSize
                next = start < prepared.count ? batch(at: start) : nil
                do {
                    try await current.flush(on: db)
                } catch {
                    next?.cancel()
                    throw error
                }
            }
            if !db.isSQLite {
                for table in ["users", "role_assignments"] {
                    try await db.sql.raw("SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), (SELECT MAX(id) FROM \(unsafeRaw: table)))").run()
                }
            }
            try await audit(db)
        }
    }

    /// The record's fields (the personal ones, or the others) as a JSON object with sorted keys,
    /// written by hand: `JSONEncoder` twice per graduate was a tenth of an import.
    package static func json(_ values: [GraduateField.Key: String], personal: Bool) -> String {
        var out = "{"
        var first = true
        for (key, value) in values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where personalKeys.contains(key) == personal {
            if !first { out += "," }
            first = false
            out += "\"" + key.rawValue + "\":" + jsonString(value)
        }
        return out + "}"
    }

    package static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// The first of `count` consecutive ids for `table`, inside the caller's write transaction
    /// (SQLite: the one writer; PostgreSQL: the table is locked until the transaction ends).
    package static func reserveIDs(_ table: String, count: Int, on db: any Database) async throws -> Int64 {
        if !db.isSQLite { try await db.sql.raw("LOCK TABLE \(unsafeRaw: table) IN EXCLUSIVE MODE").run() }
        return (try await db.sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int64.self) ?? 0) + 1
    }
}

extension Array {
    package func chunked(_ size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}
