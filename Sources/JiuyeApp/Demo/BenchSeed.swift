import JiuyeEmployment
import JiuyePlatform
import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// `jiuye seed-bench`: a school of N graduates (default 100,000) in 20 colleges for the page
/// benchmarks, plus `bench_student`, `bench_school` and `bench_college` sharing one precomputed password hash.
/// Rows go in batches with explicit ids inside one write transaction.
package enum BenchSeed {
    package static let password = "Bench@2026"
    package static let schoolCode = "19998"

    package static func run(_ app: Application, students: Int, colleges: Int = 20) async throws {
        if try await app.db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(schoolCode)).first() != nil {
            app.logger.notice("seed-bench: benchmark school already present")
            return
        }
        let hash = try await app.passwords.hash(password)   // one hash shared by the benchmark accounts
        let keys = app.keys
        let now = app.clock.now()
        let started = Date()
        try await app.db.writeTransaction { db in
            let school = try await DemoSeed.insertID(db, "schools", ["code": schoolCode, "name": "基准测试大学", "region_code": "500000"])
            var classes: [(college: Int64, major: Int64, klass: Int64, cohort: Int)] = []
            var firstCollege: Int64 = 0
            for index in 1...colleges {
                let college = try await DemoSeed.insertID(db, "colleges", ["school_id": school, "code": String(format: "B%02d", index), "name": "第\(index)学院"])
                if index == 1 { firstCollege = college }
                let major = try await DemoSeed.insertID(db, "majors", ["college_id": college, "code": String(format: "0809%02d", index), "name": "专业\(index)", "level": EducationLevel.bachelor.rawValue])
                for cohort in [2025, 2026] {
                    for number in 1...5 {
                        let klass = try await DemoSeed.insertID(db, "classes", ["college_id": college, "major_id": major, "name": "\(index)-\(cohort)-\(number)班", "cohort": cohort])
                        classes.append((college, major, klass, cohort))
                    }
                }
            }
            var nextID = (try await db.sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM users").first()?.decode(column: "n", as: Int64.self) ?? 0) + 1
            let batch = 400
            for start in stride(from: 0, to: students, by: batch) {
                var users = db.sql.insert(into: "users").columns("id", "username", "display_name", "email", "password_hash", "is_active", "id_type", "id_number_cipher", "id_number_hash",
                                                                "phone_cipher", "phone_hash", "student_no", "unlocked_at", "password_changed_at", "revision", "created_at")
                var identifiers = db.sql.insert(into: "account_identifiers").columns("key", "kind", "user_id")
                var rows = db.sql.insert(into: "students").columns("user_id", "school_id", "campus_id", "college_id", "major_id", "class_id", "cohort", "level", "stage", "gender", "source_region_code")
                var roles = db.sql.insert(into: "role_assignments").columns("id", "user_id", "role", "created_at", "created_by")
                for offset in start..<min(start + batch, students) {
                    let id = nextID
                    nextID += 1
                    let klass = classes[offset % classes.count]
                    let studentNo = String(format: "B%09d", offset + 1)
                    // Unique, valid ID numbers: the birth date walks month and day, the sequence the last 3 digits.
                    let idNumber = ChineseIDNumber.completing(String(format: "500106%04d%02d%02d%03d", 2000 + offset / 336_000, 1 + (offset / 1000) % 12, 1 + (offset / 12_000) % 28, offset % 1000))!
                    let phone = String(format: "199%08d", offset)
                    let sealedID = SealedValue(idNumber, keys: keys), sealedPhone = SealedValue(phone, keys: keys)
                    users = users.values(SQLBind(id), SQLLiteral.null, SQLBind("学生\(offset + 1)"), SQLLiteral.null, SQLLiteral.null, SQLBind(true), SQLBind("1"),
                                         SQLBind(sealedID.cipher), SQLBind(sealedID.hash), SQLBind(sealedPhone.cipher), SQLBind(sealedPhone.hash),
                                         SQLBind(studentNo.lowercased()), SQLLiteral.null, SQLLiteral.null, SQLBind(Int64(0)), SQLBind(now))
                    identifiers = identifiers.values(SQLBind(AccountQueries.identifierKey(studentNo, keys: keys)), SQLBind("student_no"), SQLBind(id))
                    rows = rows.values(SQLBind(id), SQLBind(school), SQLLiteral.null, SQLBind(klass.college), SQLBind(klass.major), SQLBind(klass.klass),
                                       SQLBind(klass.cohort), SQLBind("本科"), SQLBind("本专科"), SQLBind(offset % 2 == 0 ? "男" : "女"), SQLBind("500106"))
                    roles = roles.values(SQLBind(id), SQLBind(id), SQLBind(Role.student.rawValue), SQLBind(now), SQLLiteral.null)
                }
                try await users.run()
                try await identifiers.run()
                try await rows.run()
                try await roles.run()
            }
            if !db.isSQLite {
                for table in ["users", "role_assignments"] {
                    try await db.sql.raw("SELECT setval(pg_get_serial_sequence(\(bind: table), 'id'), (SELECT MAX(id) FROM \(unsafeRaw: table)))").run()
                }
            }
            // The two benchmark accounts.
            let student = try await AccountQueries.create(.init(displayName: "基准学生", passwordHash: hash, studentNo: "bench_student"), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: student, role: .student, scope: [:], createdBy: nil, now: now, on: db)
            let first = classes[0]
            try await db.sql.insert(into: "students")
                .columns("user_id", "school_id", "college_id", "major_id", "class_id", "cohort", "level", "stage")
                .values(SQLBind(student), SQLBind(school), SQLBind(first.college), SQLBind(first.major), SQLBind(first.klass), SQLBind(first.cohort), SQLBind("本科"), SQLBind("本专科"))
                .run()
            let schoolAdmin = try await AccountQueries.create(.init(username: "bench_school", displayName: "基准学校管理员", passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: schoolAdmin, role: .schoolAdmin, scope: [.school: [String(school)]], createdBy: nil, now: now, on: db)
            let admin = try await AccountQueries.create(.init(username: "bench_college", displayName: "基准院系管理员", passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: admin, role: .collegeAdmin,
                                                       scope: [.school: [String(school)], .college: [String(firstCollege)], .cohort: ["2025", "2026"], .level: ["本科"]],
                                                       createdBy: nil, now: now, on: db)
        }
        try await app.db.sql.raw("ANALYZE").run()
        app.logger.notice("seed-bench: \(students) graduates in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }
}

package struct SeedBenchCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "students", help: "How many graduates (default 100000)")
        package var students: Int?
    }

    package var help: String { "Seeds a benchmark school with many graduates and two benchmark accounts." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        try await BenchSeed.run(context.application, students: signature.students ?? 100_000)
    }
}
