import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// `jiuye bench-batch`: a city-wide batch step (市人社局汇总 of thousands of cases from many
/// counties, each county with its own 申报 window) in tables of its own, timed three ways in the
/// same run: the guard contexts read case by case (one window query per case: the engine before
/// `CaseEngine.guardContexts`), read in one pass, and the whole batch moved with `actAll`
/// (decide, then one transaction of conditional updates, history, counters, audit rows).
/// Not run by CI; `bench/batch/run.sh` runs it on a fresh database.
package enum BenchBatch {
    static let definition = ProcessDefinition(
        id: "bench-batch", name: "批量办理基准",
        steps: [
            StepDefinition(id: "apply", label: "个人申请", kind: .submission, actor: .applicant),
            StepDefinition(id: "county-review", label: "县区人社局审核", actor: .staff([RoleLevel(.countyHR, by: .county)])),
            StepDefinition(id: "city-summary", label: "市人社局汇总", actor: .staff([RoleLevel(.cityHR, by: .city)]), mode: .batch,
                           onReject: .returnTo("county-review"), guards: [.windowOpen(.livingSubsidy)], approveLabel: "汇总上报"),
        ],
        status: StatusView(name: "审核状态", draft: "未提交", atStep: ["county-review": "待区县审核", "city-summary": "待市级汇总"],
                           returned: "已退回", rejected: "审核不通过", approved: "已上报"))

    static let type = CaseType(
        key: "bench-batch", table: "bench_batch_cases", definition: definition,
        fields: [.init("amount", "补贴金额")], business: .livingSubsidy, display: { $0 }, batchTotals: ["amount"],
        scope: CaseScope(columns: [.city: "city_code", .county: "county_code"], counted: [.city, .county],
                         windowOwner: (.county, .county), shown: [.county]))

    package static func run(_ app: Application, cases: Int, counties: Int) async throws {
        let db = app.db
        let now = app.clock.now()
        try? await db.schema("bench_batch_cases").delete()
        try await db.schema("bench_batch_cases").caseCoreColumns()
            .field("city_code", .string, .required).field("county_code", .string, .required).create()
        app.caseTypes.register(type)
        // Counties of 重庆市 from the region table, each with an open window for the year.
        let codes = try await db.sql.raw("SELECT code FROM regions WHERE parent_code = '500100' AND level = 'county' ORDER BY code LIMIT \(bind: counties)")
            .all().map { try $0.decode(column: "code", as: String.self) }
        for code in codes {
            _ = try await TimeWindows.set(.livingSubsidy, owner: .init(kind: .county, id: code), year: 2026,
                                          window: TimeWindow(opensAt: now - 86_400, closesAt: now + 86_400), by: 0, now: now, on: db)
        }
        let step = definition.index(of: "city-summary")!
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .inReview(step: step), submissions: 1, reviewedSinceSubmit: true)), as: UTF8.self)
        let seeded = Date()
        try await db.writeTransaction { db in
            var nextID = (try await db.sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM users").first()?.decode(column: "n", as: Int64.self) ?? 0) + 1
            for start in stride(from: 0, to: cases, by: 400) {
                let range = start..<min(start + 400, cases)
                var users = db.sql.insert(into: "users").columns("id", "display_name", "is_active", "revision", "created_at")
                var rows = db.sql.insert(into: "bench_batch_cases").columns("applicant_id", "period", "applicant_name", "status_key", "status_label", "lock",
                                                                           "state_json", "data_json", "updated_at", "created_at", "city_code", "county_code")
                for index in range {
                    users = users.values(SQLBind(nextID + Int64(index - start)), SQLBind("申请人\(index)"), SQLBind(true), SQLBind(Int64(0)), SQLBind(now))
                    rows = rows.values(SQLBind(nextID + Int64(index - start)), SQLBind("2026"), SQLBind("申请人\(index)"), SQLBind("step:city-summary"),
                                       SQLBind("待市级汇总"), SQLBind(Int64(0)), SQLBind(state), SQLBind(#"{"amount":"1000.00"}"#), SQLBind(now), SQLBind(now),
                                       SQLBind("500100"), SQLBind(codes[index % codes.count]))
                }
                try await users.run()
                try await rows.run()
                nextID += Int64(range.count)
            }
        }
        let rows = try await db.sql.select().columns(type.columns).from(type.table).orderBy("id").cases(type)
        print("seeded \(rows.count) cases in \(codes.count) counties: \(String(format: "%.1f", Date().timeIntervalSince(seeded))) s")

        func timed(_ body: () async throws -> Void) async throws -> Double {
            let started = Date()
            try await body()
            return Date().timeIntervalSince(started) * 1000
        }
        // Warm both paths once on a few cases, then time each over every case.
        _ = try await CaseEngine.guardContexts(type, rows: Array(rows.prefix(10)), now: now, on: db)
        for row in rows.prefix(10) { _ = try await CaseEngine.guardContext(type, row: row, now: now, on: db) }
        var perCase: [GuardContext] = []
        let perCaseMs = try await timed { for row in rows { perCase.append(try await CaseEngine.guardContext(type, row: row, now: now, on: db)) } }
        var onePass: [GuardContext] = []
        let onePassMs = try await timed { onePass = try await CaseEngine.guardContexts(type, rows: rows, now: now, on: db) }
        guard zip(perCase, onePass).allSatisfy({ $0.windows == $1.windows }), perCase.count == onePass.count else {
            print("the one-pass contexts differ from those read case by case"); throw Abort(.internalServerError)
        }

        let acting = CaseEngine.Acting(user: nil, actor: .staff(.cityHR), ip: nil, now: now, keys: app.keys, app: app, db: db)
        var number = 0
        let formMs = try await timed {
            guard case .success(let formed) = try await CaseBatches.form(type, rows: rows, acting: acting) else { throw Abort(.conflict) }
            number = formed
        }
        let members = try await CaseBatches.rows(type, number: number, on: db)
        var outcome = BatchOutcome.done(0)
        let approveMs = try await timed { outcome = try await CaseEngine.actAll(type, rows: members, action: .approve(remark: "汇总上报"), acting: acting) }
        guard case .done(let moved) = outcome, moved == rows.count else { print("batch approve: \(outcome)"); throw Abort(.internalServerError) }
        let approved = try await db.sql.raw("SELECT COUNT(*) AS n FROM bench_batch_cases WHERE status_key = 'approved'").first()!.decode(column: "n", as: Int.self)

        func padded(_ text: String) -> String { text + String(repeating: " ", count: max(0, 56 - text.count * 2 + text.unicodeScalars.filter { $0.isASCII }.count)) }
        print(padded("step") + "         ms  ms per case")
        for (label, ms) in [("guard contexts, one window query per case (baseline)", perCaseMs), ("guard contexts, one pass (CaseEngine.guardContexts)", onePassMs),
                            ("组成批次: \(rows.count) cases into batch \(number)", formMs), ("汇总上报: the whole batch approved (actAll)", approveMs)] {
            print(padded(label) + String(format: "%11.1f %12.3f", ms, ms / Double(rows.count)))
        }
        print(String(format: "one pass / case by case: %.3f (%.0f× faster); approved after the batch: %d of %d", onePassMs / perCaseMs, perCaseMs / onePassMs, approved, rows.count))
    }
}

package struct BenchBatchCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "cases", help: "Cases in the batch (default 5000)")
        package var cases: Int?
        @Option(name: "counties", help: "Counties they come from (default 20)")
        package var counties: Int?
    }

    package var help: String { "Times a city-wide batch step over thousands of cases (benchmark; creates its own tables)." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        let cases = min(max(signature.cases ?? 5_000, 10), 200_000)
        let counties = min(max(signature.counties ?? 20, 1), 40)
        try await BenchBatch.run(context.application, cases: cases, counties: counties)
    }
}
