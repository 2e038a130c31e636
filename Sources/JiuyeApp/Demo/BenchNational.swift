import JiuyeEmployment
import JiuyePlatform
import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// `jiuye seed-bench-national`: for every graduate of the benchmark school (`seed-bench`), a
/// 生源 record as the import writes it (the personal fields sealed) and an approved 毕业去向登记
/// (签就业协议形式就业 with every unit field) that passes the national pre-check: the
/// registrations the national export of `bench/national` checks and writes. Each graduate's
/// 证件号码 is opened from the account and sealed again in the record, as the import does.
package enum BenchNational {
    package static func run(_ app: Application) async throws {
        guard let school = try await app.db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(BenchSeed.schoolCode)).first()?
            .decode(column: "id", as: Int64.self) else {
            throw Abort(.badRequest, reason: "run `jiuye seed-bench` first")
        }
        if try await app.db.sql.select().column("user_id").from("graduate_records").where("school_id", .equal, SQLBind(school)).limit(1).first() != nil {
            app.logger.notice("seed-bench-national: records already present")
            return
        }
        let started = Date()
        let keys = app.keys
        let now = app.clock.now()
        // The benchmark majors carry codes of the undergraduate catalogue; the record names each
        // as the catalogue does (080901 if a code is missing from it).
        var catalogue: [String: String] = [:]
        for row in try await app.db.sql.raw("SELECT code, name FROM codes WHERE table_key = 'majors' AND variant LIKE 'undergraduate%'").all() {
            catalogue[try row.decode(column: "code", as: String.self)] = try row.decode(column: "name", as: String.self)
        }
        let students = try await app.db.sql.raw("""
            SELECT st.user_id, st.cohort, st.college_id, st.major_id, st.class_id, u.display_name, u.student_no, u.id_number_cipher, m.code AS major_code
            FROM students st JOIN users u ON u.id = st.user_id JOIN majors m ON m.id = st.major_id
            WHERE st.school_id = \(bind: school) AND u.id_number_cipher IS NOT NULL ORDER BY st.user_id
            """).all()
        let labels = CaseType.destination.labelsByKey
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .approved, inForceVersion: 1, submissions: 1, reviewedSinceSubmit: true)),
                               as: UTF8.self)
        var serial = 0
        for chunk in students.chunked(2_000) {
            var records = BulkInsert("graduate_records", ["user_id", "school_id", "record_json", "personal_cipher", "education", "document_type",
                                                          "major_code", "source_region", "imported_at"])
            var cases = BulkInsert("destination_cases", ["applicant_id", "period", "school_id", "college_id", "major_id", "class_id", "cohort", "level",
                                                         "applicant_name", "student_no", "status_key", "status_label", "summary", "lock", "state_json",
                                                         "data_json", "in_force_json", "submitted_json", "submitted_at", "updated_at", "created_at"])
            for row in chunk {
                serial += 1
                let user = try row.decode(column: "user_id", as: Int64.self)
                let cohort = try row.decode(column: "cohort", as: Int.self)
                let majorCode = try row.decode(column: "major_code", as: String.self)
                let (code, name) = catalogue[majorCode].map { (majorCode, $0) } ?? ("080901", catalogue["080901"] ?? "计算机科学与技术")
                let values: [GraduateField.Key: String] = [
                    .cohort: String(cohort), .educationLevel: "31", .name: try row.decode(column: "display_name", as: String.self),
                    .studentNo: try row.decode(column: "student_no", as: String?.self) ?? "", .documentType: "1",
                    .documentNumber: try keys.decrypt(try row.decode(column: "id_number_cipher", as: String.self)),
                    .examineeNo: String(format: "%02d500106%06d", cohort % 100, serial), .majorCode: code, .majorName: name,
                    .sourceRegion: "500106", .phone: String(format: "139%08d", serial),
                ]
                records.append([.int(user), .int(school), .text(GraduateImport.json(values, personal: false)),
                                .text(keys.encrypt(GraduateImport.json(values, personal: true))), .text("31"), .text("1"), .text(code), .text("500106"), .int(now)])
                let data = try String(decoding: JSONEncoder.sorted.encode([
                    "category": "10", "subtype": "10-1", "unit_name": "重庆示范科技有限公司", "unit_location": "500106", "unit_nature": "39",
                    "credit_code": "91110108551385082Q", "industry": "34", "position": "13", "agreement_no": String(format: "B%08d", serial),
                    "contact_name": "李老师", "contact_phone": "023-12345678", "contact_email": "hr@example.com",
                ]), as: UTF8.self)
                cases.append([.int(user), .text(String(cohort)), .int(school), .int(try row.decode(column: "college_id", as: Int64.self)),
                              .int(try row.decode(column: "major_id", as: Int64.self)), .int(try row.decode(column: "class_id", as: Int64?.self)), .int(Int64(cohort)), .text("本科"),
                              .text(values[.name]), .text(values[.studentNo]), .text("approved"), .text(labels["approved"]), .text("10 签就业协议形式就业"),
                              .int(0), .text(state), .text(data), .text(data), .text(data), .int(now), .int(now), .int(now)])
            }
            let rows = (records, cases)
            try await app.db.writeTransaction { db in
                var (records, cases) = rows
                try await records.flush(on: db)
                try await cases.flush(on: db)
            }
        }
        try await app.db.sql.raw("ANALYZE").run()
        app.logger.notice("seed-bench-national: \(serial) records and registrations in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

package struct SeedBenchNationalCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
    }

    package var help: String { "Seeds 生源 records and approved 毕业去向登记 that pass the national pre-check, for the benchmark school." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        try await BenchNational.run(context.application)
    }
}
