import Fluent
import Foundation
import JiuyeDomain
import JiuyeLivingSubsidy
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// `jiuye bench-subsidy`: the city's 汇总 of the real 生活补贴 case type (issue 20's benchmark):
/// cases from many counties waiting at 市人社局汇总 are formed into one numbered batch, 汇总上报,
/// its 汇总表 written as .xlsx, then 市组织部确认, 市财政局拨付 and 县财政局拨付 over the whole
/// batch. Each step's time is printed beside the baseline measured in the same run (reading the
/// batch's cases), as a ratio. Not run by CI; `bench/subsidy/run.sh` runs it on a fresh database.
package enum BenchSubsidy {
    package static func run(_ app: Application, cases: Int, counties: Int) async throws {
        let db = app.db
        let now = app.clock.now()
        let type = SubsidyCase.type
        let codes = try await db.sql.raw("""
            SELECT code FROM regions WHERE parent_code IN ('500100', '500200') AND level = 'county' ORDER BY code LIMIT \(bind: counties)
            """).all().map { try $0.decode(column: "code", as: String.self) }
        // One unit per county.
        var units: [String: Int64] = [:]
        for code in codes {
            units[code] = try await OrgQueries.insertReturningID(db, into: "units", [
                ("name", "基准单位\(code)"), ("credit_code", "BENCH-\(code)"), ("county_code", code), ("status", "approved"), ("created_at", now),
            ])
        }
        let definition = type.definition
        let step = definition.index(of: "city-summary")!
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .inReview(step: step), submissions: 1, reviewedSinceSubmit: true)), as: UTF8.self)
        let seeded = Date()
        let unitOf = units
        try await db.writeTransaction { db in
            var nextID = (try await db.sql.raw("SELECT COALESCE(MAX(id), 0) AS n FROM users").first()?.decode(column: "n", as: Int64.self) ?? 0) + 1
            for start in stride(from: 0, to: cases, by: 300) {
                let range = start..<min(start + 300, cases)
                var users = db.sql.insert(into: "users").columns("id", "display_name", "is_active", "revision", "created_at")
                var rows = db.sql.insert(into: "subsidy_cases").columns("applicant_id", "period", "applicant_name", "status_key", "status_label", "lock",
                                                                       "state_json", "data_json", "submitted_json", "updated_at", "created_at",
                                                                       "city_code", "county_code", "unit_id", "education")
                for index in range {
                    let county = codes[index % codes.count]
                    let months = 6 + index % 7
                    let data = #"{"amount":"\#(months * 500).00","claim_type":"新申领","education":"本科","end":"2025-\#(String(format: "%02d", months))","kind":"生活补贴","months":"\#(months)","paid_months":"\#(months)","start":"2025-01","unit_name":"基准单位\#(county)","unpaid_months":"0"}"#
                    users = users.values(SQLBind(nextID + Int64(index - start)), SQLBind("申请人\(index)"), SQLBind(true), SQLBind(Int64(0)), SQLBind(now))
                    rows = rows.values(SQLBind(nextID + Int64(index - start)), SQLBind("2025-01"), SQLBind("申请人\(index)"), SQLBind("step:city-summary"),
                                       SQLBind("待市人社局汇总"), SQLBind(Int64(0)), SQLBind(state), SQLBind(data), SQLBind(data), SQLBind(now), SQLBind(now),
                                       SQLBind(SubsidyStore.city(of: county)), SQLBind(county), SQLBind(unitOf[county]!), SQLBind("本科"))
                }
                try await users.run()
                try await rows.run()
                nextID += Int64(range.count)
            }
        }
        print("seeded \(cases) cases in \(codes.count) counties: \(String(format: "%.1f", Date().timeIntervalSince(seeded))) s")

        func timed(_ body: () async throws -> Void) async throws -> Double {
            let started = Date()
            try await body()
            return Date().timeIntervalSince(started) * 1000
        }
        var all: [CaseRow] = []
        let readMs = try await timed { all = try await db.sql.select().columns(type.columns).from(type.table).orderBy("id").cases(type) }
        func acting(_ role: Role) -> CaseEngine.Acting {
            CaseEngine.Acting(user: nil, actor: .staff(role), ip: nil, now: now, keys: app.keys, app: app, db: db)
        }
        var number = 0
        let formMs = try await timed {
            guard case .success(let formed) = try await CaseBatches.form(type, rows: all, acting: acting(.cityHR)) else { throw Abort(.conflict) }
            number = formed
        }
        var members: [CaseRow] = []
        let baselineMs = try await timed { members = try await CaseBatches.rows(type, number: number, on: db) }
        func act(_ role: Role) async throws -> Double {
            let rows = try await CaseBatches.rows(type, number: number, on: db)
            var outcome = BatchOutcome.done(0)
            let ms = try await timed { outcome = try await CaseEngine.actAll(type, rows: rows, action: .approve(remark: nil), acting: acting(role)) }
            guard case .done(let moved) = outcome, moved == rows.count else { print("\(role.label): \(outcome)"); throw Abort(.internalServerError) }
            return ms
        }
        let summaryMs = try await act(.cityHR)
        // 汇总表: the batch's cases with their amounts and the totals, written as .xlsx.
        var bytes = 0
        let exportMs = try await timed {
            let rows = try await CaseBatches.rows(type, number: number, on: db)
            let writer = XLSXWriter()
            writer.beginSheet(name: "第\(number)批次", columns: ["序号", "姓名", "区县", "单位", "补贴期间", "申请应发金额（元）"].map { XLSXWriter.Column($0, width: 16) })
            var total: Int64 = 0
            for (index, row) in rows.enumerated() {
                let data = FlatJSON.stringMap(row.data_json) ?? [:]
                let amount = data["amount"] ?? "0"
                total += Int64((Double(amount) ?? 0) * 100)
                writer.appendRow([.integer(index + 1), .text(row.applicant_name), .text(row.scope[.county] ?? ""), .text(data["unit_name"] ?? ""),
                                  .text("\(data["start"] ?? "") 至 \(data["end"] ?? "")"), .text(amount)])
            }
            writer.appendRow([.text("合计"), .text("\(rows.count) 件"), .empty, .empty, .empty, .text(String(format: "%.2f", Double(total) / 100))])
            try writer.finish()
            bytes = writer.takeOutput().count
        }
        let organizationMs = try await act(.cityOrganization)
        let cityFinanceMs = try await act(.cityFinance)
        let countyFinanceMs = try await act(.countyFinance)
        let waiting = try await db.sql.raw("SELECT COUNT(*) AS n FROM subsidy_cases WHERE status_key = 'step:receipt'").first()!.decode(column: "n", as: Int.self)

        func padded(_ text: String) -> String { text + String(repeating: " ", count: max(0, 50 - text.count * 2 + text.unicodeScalars.filter { $0.isASCII }.count)) }
        print(padded("step") + "          ms   ms/case   ratio to baseline")
        for (label, ms) in [("读取批次 \(members.count) 件 (baseline)", baselineMs), ("读取全部申请", readMs), ("组成批次", formMs), ("汇总上报 (市人社局)", summaryMs),
                            ("汇总表 .xlsx (\(bytes / 1024) KB)", exportMs), ("市组织部确认", organizationMs), ("市财政局拨付", cityFinanceMs), ("县财政局拨付", countyFinanceMs)] {
            print(padded(label) + String(format: "%12.1f %9.3f %10.1f", ms, ms / Double(max(1, members.count)), ms / max(baselineMs, 0.001)))
        }
        print("at 个人拨付待确认 after the run: \(waiting) of \(cases)")
    }
}

package struct BenchSubsidyCommand: AsyncCommand {
    package struct Signature: CommandSignature {
        package init() {}
        @Option(name: "cases", help: "Cases in the batch (default 20000)")
        package var cases: Int?
        @Option(name: "counties", help: "Counties they come from (default 38)")
        package var counties: Int?
    }

    package var help: String { "Times the city's 生活补贴 batch through 汇总, 汇总表, 市组织部, 市财政局 and 县财政局 (benchmark)." }

    package func run(using context: CommandContext, signature: Signature) async throws {
        let cases = min(max(signature.cases ?? 20_000, 10), 200_000)
        let counties = min(max(signature.counties ?? 38, 1), 40)
        try await BenchSubsidy.run(context.application, cases: cases, counties: counties)
    }
}
