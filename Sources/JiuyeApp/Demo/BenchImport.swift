import JiuyeEmployment
import JiuyePlatform
import Fluent
import Foundation
import JiuyeDomain
import JiuyeSheets
import SQLKit
import Vapor

/// Valid 生源 rows for the demo school's 计算机学院 (tests, the import benchmark, the browser
/// walk-through), and `jiuye bench-import`: N graduates from .xlsx through the import's own path
/// (read, header mapping, row rules, org and duplicate checks, insert) against a plain batched
/// insert of the same checked rows through the same driver, in one run.
package enum BenchImport {
    package static let header = ["年度", "学历", "院系名称", "姓名", "性别", "证件号码", "学号", "考生号", "培养方式", "专业代码", "专业名称", "生源所在地", "手机号码"]

    /// 123 → 一二三 (names have no digits).
    package static func chinese(_ n: Int) -> String {
        let digits = Array("零一二三四五六七八九")
        return String(String(n).map { digits[Int(String($0))!] })
    }

    /// `count` valid 本科 graduates from `start` on: unique 学号 (I2026…), 证件号码 (南岸区, born
    /// 1995 — no demo graduate is — the check digit computed), 考生号 and 手机; 性别 agrees with the ID's 17th digit.
    package static func rows(_ count: Int, from start: Int = 0) -> [[String]] {
        (start..<start + count).map { n in
            let id = ChineseIDNumber.completing(String(format: "500108%04d%02d%02d%03d", 1995, 1 + n % 12, 1 + (n / 12) % 28, n / 336 % 1000))!
            let male = Int(String(id[id.index(id.startIndex, offsetBy: 16)]))! % 2 == 1
            return ["2026", "31", "计算机学院", "导入学生" + chinese(n), male ? "男" : "女", id, String(format: "I2026%06d", n),
                    String(format: "26500108%06d", n), "非定向", "080901", "计算机科学与技术", "500108", String(format: "166%08d", n)]
        }
    }

    package static func xlsx(_ rows: [[String]]) throws -> [UInt8] {
        let writer = XLSXWriter()
        writer.beginSheet(name: "毕业生", columns: header.map { XLSXWriter.Column($0) })
        var bytes: [UInt8] = []
        for row in rows {
            writer.appendRow(row.map { .text($0) })
            if writer.pendingByteCount > 1 << 20 { bytes += writer.takeOutput() }
        }
        try writer.finish()
        return bytes + writer.takeOutput()
    }

    package static func run(_ app: Application, rows count: Int, file: String?) async throws {
        guard let school = try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()?.decode(column: "id", as: Int64.self) else {
            throw Abort(.preconditionFailed, reason: "run `jiuye seed-demo` first")
        }
        let rows = rows(count)
        let bytes = try xlsx(rows)
        if let file { try Data(bytes).write(to: URL(fileURLWithPath: file)) }
        app.logger.notice("bench-import: \(count) rows, .xlsx of \(bytes.count / 1024) KB")
        let keys = app.keys
        // The baseline: the same rows, already checked, sealed and hashed (outside the timing),
        // written in the import's batches through the same driver in one transaction.
        let first = try await GraduateImport.check(bytes, school: school, app: app, on: app.db, keys: keys)
        guard first.prepared.count == count, first.problemCount == 0 else {
            throw Abort(.internalServerError, reason: "\(first.problemCount) problems: \(first.problems.prefix(3))")
        }
        let now = app.clock.now()
        // Ids as the import takes them (nothing else writes during the bench).
        let (firstUser, firstRole) = try await app.db.writeTransaction { db in
            (try await GraduateImport.reserveIDs("users", count: count, on: db), try await GraduateImport.reserveIDs("role_assignments", count: count, on: db))
        }
        var batches = stride(from: 0, to: count, by: GraduateImport.batchSize).map { start in
            GraduateImport.Batch(first.prepared[start..<min(start + GraduateImport.batchSize, count)], firstUser: firstUser + Int64(start),
                                 firstRole: firstRole + Int64(start), school: school, keys: keys, now: now)
        }
        var started = Date()
        try await app.db.writeTransaction { [batches] db in
            var batches = batches
            for index in batches.indices { try await batches[index].flush(on: db) }
        }
        let baseline = Date().timeIntervalSince(started)
        batches.removeAll()
        try await app.db.sql.raw("DELETE FROM users WHERE student_no LIKE 'i2026%'").run()
        try await app.db.sql.raw("DELETE FROM account_identifiers WHERE user_id NOT IN (SELECT id FROM users)").run()
        // The import: read, map, check, look for existing accounts, seal and insert.
        started = Date()
        var checked = try await GraduateImport.check(bytes, school: school, app: app, on: app.db, keys: keys)
        let checkedAt = Date()
        guard try await GraduateImport.importChecked(&checked, school: school, keys: keys, now: app.clock.now(), on: app.db) else {
            throw Abort(.internalServerError, reason: "\(checked.problemCount) problems: \(checked.problems.prefix(3))")
        }
        let total = Date().timeIntervalSince(started)
        let imported = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM users WHERE student_no LIKE 'i2026%'").first()!.decode(column: "n", as: Int.self)
        print(String(format: "IMPORT_ROWS %d", imported))
        print(String(format: "IMPORT_SECONDS %.2f (read and check %.2f, insert %.2f)", total, checkedAt.timeIntervalSince(started), total - checkedAt.timeIntervalSince(started)))
        print(String(format: "BASELINE_SECONDS %.2f", baseline))
        print(String(format: "RATIO %.2f", total / baseline))
    }
}

package struct BenchImportCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "rows", help: "How many graduates (default 100000)")
        package var rows: Int?
        @Option(name: "file", help: "Also write the generated .xlsx here")
        package var file: String?
    }

    package var help: String { "Times importing N graduates from .xlsx against a plain batched insert of the same rows, sealed beforehand." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        try await BenchImport.run(context.application, rows: signature.rows ?? 100_000, file: signature.file)
    }
}
