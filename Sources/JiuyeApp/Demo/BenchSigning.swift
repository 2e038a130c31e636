import Foundation
import JiuyeDomain
import JiuyeEmployment
import JiuyePlatform
import Fluent
import SQLKit
import Vapor

/// `jiuye seed-bench-signing`: online signing for `bench/signing`, on a database prepared by
/// `seed-bench` (with at least employers × per-employer graduates in cohort 2026: seed-bench puts
/// half its graduates in each cohort, so 20,000 graduates for the default 500 × 20).
///
/// - 500 units (`units`, `employer_profiles`, `unit_qualifications` 已鉴证 by the benchmark school),
///   each with one employer account `bench_employer_N` scoped to the unit;
/// - 10,000 graduates of cohort 2026 get a 生源 record (phone 137…, 全日制, 非定向) and a
///   `signing_phone_checks` row (手机认证 done), so they can be invited and read 我的邀请;
/// - every fifth of them (2,000) can log in.
///
/// Every account that logs in gets a bcrypt cost-4 hash of `Bench@2026` (verified like any other
/// hash; the cost is read from the hash), so logging in 2,500 sessions takes seconds. The data
/// file lists, per employer, its 20 graduates with the signed token the employer's search would
/// put in the form (`signing-candidate|<sender>|<student>`, as `EmployerSigningController.token`).
///     E <index> <username> <student id>:<token> … (20)
///     S <index> <student_no> <student id>
/// Rows go in with explicit ids, in chunks, inside one write transaction.
package enum BenchSigning {
    package static let creditPrefix = "91500106BS"

    static func nextID(_ table: String, on db: any Database) async throws -> Int64 {
        (try await db.sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int64.self) ?? 0) + 1
    }

    package static func run(_ app: Application, employers: Int, perEmployer: Int, logins: Int, output: String) async throws {
        let started = Date()
        guard let school = try await app.db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(BenchSeed.schoolCode)).first()?
            .decode(column: "id", as: Int64.self) else {
            throw Abort(.badRequest, reason: "run `jiuye seed-bench --students 20000` first")
        }
        if try await app.db.sql.raw("SELECT id FROM units WHERE credit_code LIKE \(bind: creditPrefix + "%")").first() != nil {
            throw Abort(.conflict, reason: "seed-bench-signing: the benchmark units are already present (use a fresh database)")
        }
        let graduatesNeeded = employers * perEmployer
        let graduates = try await app.db.sql.raw("""
            SELECT st.user_id, st.cohort, u.display_name, u.student_no, m.code AS major_code, m.name AS major_name
            FROM students st JOIN users u ON u.id = st.user_id JOIN majors m ON m.id = st.major_id
            WHERE st.school_id = \(bind: school) AND st.cohort = 2026 AND u.student_no LIKE 'b%'
            AND NOT EXISTS (SELECT 1 FROM graduate_records gr WHERE gr.user_id = st.user_id)
            ORDER BY st.user_id LIMIT \(bind: graduatesNeeded)
            """).all()
        guard graduates.count == graduatesNeeded else {
            throw Abort(.badRequest, reason: "only \(graduates.count) cohort-2026 graduates without a 生源 record; \(graduatesNeeded) needed (seed-bench --students \(graduatesNeeded * 2))")
        }
        let keys = app.keys
        let now = app.clock.now()
        let fast = try Bcrypt.hash(BenchSeed.password, cost: 4)
        let stride = max(1, graduatesNeeded / max(1, logins))
        struct Graduate: Sendable {
            let id: Int64, cohort: Int, name: String, studentNo: String, majorCode: String, majorName: String
        }
        let invited = try graduates.map { row in
            Graduate(id: try row.decode(column: "user_id", as: Int64.self), cohort: try row.decode(column: "cohort", as: Int.self),
                     name: try row.decode(column: "display_name", as: String.self), studentNo: try row.decode(column: "student_no", as: String?.self) ?? "",
                     majorCode: try row.decode(column: "major_code", as: String.self), majorName: try row.decode(column: "major_name", as: String.self))
        }
        let hashed = Date()

        let (lines, loginLines): ([String], [String]) = try await app.db.writeTransaction { db in
            var lines: [String] = []
            var loginLines: [String] = []
            // Explicit ids after the current maxima (PostgreSQL's sequences are moved past them at the end).
            let firstUser = try await nextID("users", on: db)
            let firstUnit = try await nextID("units", on: db)
            let firstAssignment = try await nextID("role_assignments", on: db)
            let chunk = 500
            for start in Swift.stride(from: 0, to: employers, by: chunk) {
                var users = BulkInsert("users", ["id", "username", "display_name", "password_hash", "is_active", "password_changed_at", "revision", "created_at"])
                var identifiers = BulkInsert("account_identifiers", ["key", "kind", "user_id"])
                var units = BulkInsert("units", ["id", "name", "credit_code", "county_code", "status", "created_at"])
                var profiles = BulkInsert("employer_profiles", ["unit_id", "nature_code", "industry_code", "address", "contact_name", "contact_phone_cipher",
                                                                "contact_email", "registered_by", "updated_at"])
                var qualifications = BulkInsert("unit_qualifications", ["unit_id", "school_id", "state", "submissions", "reviewed_at", "updated_at"])
                var roles = BulkInsert("role_assignments", ["id", "user_id", "role", "created_at"])
                var scopes = BulkInsert("assignment_scopes", ["assignment_id", "dimension", "value"])
                for index in start..<min(start + chunk, employers) {
                    let user = firstUser + Int64(index), unit = firstUnit + Int64(index), assignment = firstAssignment + Int64(index)
                    let username = "bench_employer_\(index + 1)"
                    users.append([.int(user), .text(username), .text("基准单位\(index + 1)招聘专员"), .text(fast), .bool(true), .int(now), .int(0), .int(now)])
                    identifiers.append([.text(AccountQueries.identifierKey(username, keys: keys)), .text("username"), .int(user)])
                    units.append([.int(unit), .text("基准测试单位\(index + 1)有限公司"), .text(creditPrefix + String(format: "%08d", index + 1)), .text("500106"),
                                  .text("approved"), .int(now)])
                    profiles.append([.int(unit), .text("39"), .text("34"), .text("重庆市沙坪坝区学城大道 \(index + 1) 号"), .text("王经理"),
                                     .text(keys.encrypt(String(format: "023-6%07d", index + 1))), .text("hr\(index + 1)@example.com"), .int(user), .int(now)])
                    qualifications.append([.int(unit), .int(school), .text(Qualification.State.verified.rawValue), .int(1), .int(now), .int(now)])
                    roles.append([.int(assignment), .int(user), .text(Role.employer.rawValue), .int(now)])
                    scopes.append([.int(assignment), .text(ScopeDimension.unit.rawValue), .text(String(unit))])
                    var line = "E \(index) \(username)"
                    for slot in 0..<perEmployer {
                        let student = invited[index * perEmployer + slot].id
                        line += " \(student):\(keys.sign("signing-candidate|\(user)|\(student)"))"
                    }
                    lines.append(line)
                }
                try await users.flush(on: db)
                try await identifiers.flush(on: db)
                try await units.flush(on: db)
                try await profiles.flush(on: db)
                try await qualifications.flush(on: db)
                try await roles.flush(on: db)
                try await scopes.flush(on: db)
            }
            // 生源 records and 手机认证 of the invited graduates; every `stride`-th one can log in.
            var serial = 0
            for rows in invited.chunked(1_000) {
                var records = BulkInsert("graduate_records", ["user_id", "school_id", "record_json", "personal_cipher", "education", "document_type",
                                                              "major_code", "source_region", "imported_at"])
                var checks = BulkInsert("signing_phone_checks", ["student_id", "phone_hash", "verified_at"])
                var loginIDs: [Int64] = []
                for graduate in rows {
                    let phone = String(format: "137%08d", serial)
                    let values: [GraduateField.Key: String] = [
                        .cohort: String(graduate.cohort), .educationLevel: "31", .studyType: "全日制", .trainingMode: "非定向",
                        .name: graduate.name, .studentNo: graduate.studentNo.uppercased(), .documentType: "1",
                        .majorCode: graduate.majorCode, .majorName: graduate.majorName, .sourceRegion: "500106", .phone: phone,
                    ]
                    records.append([.int(graduate.id), .int(school), .text(GraduateImport.json(values, personal: false)),
                                    .text(keys.encrypt(GraduateImport.json(values, personal: true))), .text("31"), .text("1"),
                                    .text(graduate.majorCode), .text("500106"), .int(now)])
                    checks.append([.int(graduate.id), .text(keys.lookupHash("signing-phone|" + phone)), .int(now)])
                    if serial % stride == 0 && loginLines.count < logins {
                        loginIDs.append(graduate.id)
                        loginLines.append("S \(loginLines.count) \(graduate.studentNo) \(graduate.id)")
                    }
                    serial += 1
                }
                try await records.flush(on: db)
                try await checks.flush(on: db)
                if !loginIDs.isEmpty {
                    try await db.sql.raw("""
                        UPDATE users SET password_hash = \(bind: fast), password_changed_at = \(bind: now)
                        WHERE id IN (\(unsafeRaw: loginIDs.map(String.init).joined(separator: ",")))
                        """).run()
                }
            }
            if !db.isSQLite {
                for table in ["users", "units", "role_assignments"] {
                    try await db.sql.raw("SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), (SELECT MAX(id) FROM \(unsafeRaw: table)))").run()
                }
            }
            return (lines, loginLines)
        }
        try await app.db.sql.raw("ANALYZE").run()
        try (lines + loginLines).joined(separator: "\n").appending("\n").write(toFile: output, atomically: true, encoding: .utf8)
        app.logger.notice("""
            seed-bench-signing: \(employers) employers, \(graduatesNeeded) graduates with 生源 record and 手机认证, \(loginLines.count) of them \
            with a password; \(String(format: "%.1f", Date().timeIntervalSince(started))) s (hash \(String(format: "%.2f", hashed.timeIntervalSince(started))) s) → \(output)
            """)
    }
}

package struct SeedBenchSigningCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "employers", help: "How many employer units (default 500)")
        package var employers: Int?
        @Option(name: "graduates-per-employer", help: "Graduates each employer invites (default 20)")
        package var perEmployer: Int?
        @Option(name: "students", help: "How many of the invited graduates can log in (default 2000)")
        package var students: Int?
        @Option(name: "out", help: "The data file (default $BENCH_SIGNING_DATA, else bench-signing.data)")
        package var out: String?
    }

    package var help: String { "Seeds verified employer units and invitable graduates for bench/signing (after seed-bench)." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        try await BenchSigning.run(context.application, employers: signature.employers ?? 500, perEmployer: signature.perEmployer ?? 20,
                                   logins: signature.students ?? 2_000,
                                   output: signature.out ?? Environment.get("BENCH_SIGNING_DATA") ?? "bench-signing.data")
    }
}
