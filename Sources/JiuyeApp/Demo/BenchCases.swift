import JiuyeEmployment
import JiuyePlatform
import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// `jiuye seed-bench-cases`: 毕业去向登记 cases for every graduate of the benchmark school, one per
/// graduation period (10 periods × 100,000 graduates = 1,000,000 cases across 20 colleges), in a
/// spread of statuses, the status counters, and `bench_reviewer` (院系管理员 of the first college).
package enum BenchCases {
    package static func run(_ app: Application, periods: Int) async throws {
        guard let school = try await app.db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(BenchSeed.schoolCode)).first()?
            .decode(column: "id", as: Int64.self) else {
            throw Abort(.badRequest, reason: "run `jiuye seed-bench` first")
        }
        if try await app.db.sql.select().column("id").from("destination_cases").where("school_id", .equal, SQLBind(school)).limit(1).first() != nil {
            app.logger.notice("seed-bench-cases: cases already present")
            return
        }
        let definition = ProcessDefinitions.destination
        // draft, 待审核, 初审通过, 审核通过, 审核不通过 — most cases waiting or done, as in June.
        let spread: [CaseState] = [
            CaseState(), CaseState(status: .inReview(step: 1), submissions: 1), CaseState(status: .inReview(step: 1), submissions: 1),
            CaseState(status: .inReview(step: 2), submissions: 1, reviewedSinceSubmit: true),
            CaseState(status: .approved, inForceVersion: 1, submissions: 1, reviewedSinceSubmit: true),
            CaseState(status: .approved, inForceVersion: 1, submissions: 1, reviewedSinceSubmit: true),
            CaseState(status: .returned(reentry: 1), submissions: 1, reviewedSinceSubmit: true),
        ]
        let encoded = try spread.map { (CaseEngine.statusKey($0, in: definition), try String(decoding: JSONEncoder.sorted.encode($0), as: UTF8.self)) }
        let labels = CaseType.destination.labelsByKey
        let data = #"{"category":"11","position":"13","unit_location":"重庆市沙坪坝区","unit_name":"重庆示范科技有限公司"}"#
        let started = Date()
        let now = app.clock.now()
        let students = try await app.db.sql.raw("""
            SELECT st.user_id, st.college_id, st.major_id, st.class_id, st.level, u.display_name, u.student_no
            FROM students st JOIN users u ON u.id = st.user_id WHERE st.school_id = \(bind: school) ORDER BY st.user_id
            """).all()
        struct Student { let id: Int64; let college: Int64; let major: Int64; let klass: Int64?; let level: String; let name: String; let number: String? }
        let rows = try students.map { row in
            Student(id: try row.decode(column: "user_id", as: Int64.self), college: try row.decode(column: "college_id", as: Int64.self),
                    major: try row.decode(column: "major_id", as: Int64.self), klass: try row.decode(column: "class_id", as: Int64?.self),
                    level: try row.decode(column: "level", as: String.self), name: try row.decode(column: "display_name", as: String.self),
                    number: try row.decode(column: "student_no", as: String?.self))
        }
        var total = 0
        for period in 0..<periods {
            let year = 2025 - period
            let base = period * rows.count
            total = try await app.db.writeTransaction { db in
                var serial = base
                for start in stride(from: 0, to: rows.count, by: 500) {
                    var insert = db.sql.insert(into: "destination_cases")
                        .columns("applicant_id", "period", "school_id", "college_id", "major_id", "class_id", "cohort", "level", "applicant_name", "student_no",
                                 "status_key", "status_label", "summary", "lock", "state_json", "data_json", "in_force_json", "submitted_json", "submitted_at", "updated_at", "created_at")
                    for student in rows[start..<min(start + 500, rows.count)] {
                        serial += 1
                        let (key, json) = encoded[(serial * 5 + period) % encoded.count]
                        let submitted = key != "draft"
                        insert = insert.values(SQLBind(student.id), SQLBind(String(year)), SQLBind(school), SQLBind(student.college), SQLBind(student.major),
                                               SQLBind(student.klass), SQLBind(year), SQLBind(student.level), SQLBind(student.name), SQLBind(student.number),
                                               SQLBind(key), SQLBind(labels[key]), SQLBind("11 签劳动合同形式就业"), SQLBind(Int64(0)), SQLBind(json), SQLBind(data), SQLBind(key == "approved" ? data : nil),
                                               SQLBind(submitted ? data : nil), SQLBind(submitted ? now - Int64(serial % 86_400) : nil), SQLBind(now), SQLBind(now))
                    }
                    try await insert.run()
                }
                return serial
            }
            app.logger.notice("seed-bench-cases: period \(year) done, \(total) cases, \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
        }
        try await app.db.sql.raw("""
            INSERT INTO case_tallies (case_type, d1, d2, d3, d4, status_key, n)
            SELECT 'destination', CAST(school_id AS VARCHAR(20)), CAST(college_id AS VARCHAR(20)), CAST(cohort AS VARCHAR(20)), level, status_key, COUNT(*)
            FROM destination_cases WHERE school_id = \(bind: school) GROUP BY school_id, college_id, cohort, level, status_key
            """).run()
        let firstCollege = try await app.db.sql.raw("SELECT MIN(college_id) AS c FROM students WHERE school_id = \(bind: school)").first()!.decode(column: "c", as: Int64.self)
        let hash = try await app.passwords.hash(BenchSeed.password)
        let keys = app.keys
        try await app.db.writeTransaction { db in
            let reviewer = try await AccountQueries.create(.init(username: "bench_reviewer", displayName: "基准审核员", passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: reviewer, role: .collegeAdmin, scope: [.school: [String(school)], .college: [String(firstCollege)]],
                                                       createdBy: nil, now: now, on: db)
        }
        try await app.db.sql.raw("ANALYZE").run()
        app.logger.notice("seed-bench-cases: \(total) cases in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

package struct SeedBenchCasesCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "periods", help: "Graduation periods per graduate (default 10: 1,000,000 cases for 100,000 graduates)")
        package var periods: Int?
    }

    package var help: String { "Seeds 毕业去向登记 cases for the benchmark school and the bench_reviewer account." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        try await BenchCases.run(context.application, periods: signature.periods ?? 10)
        // The cases were inserted directly: count the approved ones for 去向落实统计.
        try await DestinationTallies.rebuild(on: context.application.db)
    }
}
