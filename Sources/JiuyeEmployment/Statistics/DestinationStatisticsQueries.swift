import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// 去向落实率 for the user's scope, grouped by 院系, 专业 or 班级: numerators from the kept counters
/// (`destination_tallies`), denominators from the graduates in scope (counted a minute at a time).
package enum DestinationStatisticsQueries {
    package enum Grouping: String, CaseIterable, Sendable {
        case college, major, `class`

        package var label: String {
            switch self {
            case .college: "院系"
            case .major: "专业"
            case .class: "班级"
            }
        }

        var column: String { rawValue + "_id" }
        var table: String { self == .college ? "colleges" : self == .major ? "majors" : "classes" }
    }

    package struct Filter: Sendable {
        package var cohort: Int
        package var level: String?
        package var grouping: Grouping
    }

    package struct Row: Sendable {
        package let id: Int64
        package let name: String
        package let rates: DestinationRates
    }

    package struct Result: Sendable {
        package let rows: [Row]
        package let total: DestinationRates?
        package let mapping: DestinationStatisticsMapping
    }

    static func tallyColumns(_ table: String) -> [ScopeDimension: SQLColumn] {
        [.school: SQLColumn("school_id", table: table), .campus: SQLColumn("campus_id", table: table), .college: SQLColumn("college_id", table: table),
         .major: SQLColumn("major_id", table: table), .class: SQLColumn("class_id", table: table), .cohort: SQLColumn("cohort", table: table),
         .level: SQLColumn("level", table: table)]
    }

    /// Graduates per group, kept a minute per scope and filter.
    private static let graduates = NIOLockedValueBox<[String: (until: Int64, counts: [Int64: Int])]>([:])

    static func graduateCounts(scope: Scope, filter: Filter, now: Int64, on db: any Database) async throws -> [Int64: Int] {
        let key = "\(scope.values.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value.sorted())" })|\(filter.cohort)|\(filter.level ?? "")|\(filter.grouping.rawValue)"
        if let kept = graduates.withLockedValue({ $0[key] }), kept.until > now { return kept.counts }
        var query = db.sql.select().column(SQLColumn(filter.grouping.column, table: "st"), as: "g")
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("st")))
            .where(SQLColumn("cohort", table: "st"), .equal, SQLBind(filter.cohort))
            .scoped(to: scope, columns: ScopeFilter.studentColumns)
        if let level = filter.level { query = query.where(SQLColumn("level", table: "st"), .equal, SQLBind(level)) }
        var counts: [Int64: Int] = [:]
        for row in try await query.groupBy(SQLColumn(filter.grouping.column, table: "st")).all() {
            counts[try row.decode(column: "g", as: Int64?.self) ?? 0] = try row.decode(column: "n", as: Int.self)
        }
        let kept = counts
        graduates.withLockedValue { cache in
            if cache.count > 2_000 { cache.removeAll() }
            cache[key] = (now + 60, kept)
        }
        return counts
    }

    package static func compute(scope: Scope, filter: Filter, now: Int64, on db: any Database) async throws -> Result {
        let today = CivilDate.parse(ChinaTime.date(now)) ?? CivilDate(year: 2026, month: 1, day: 1)!
        let mapping = DestinationStatisticsMapping.inEffect(on: today) ?? .v2023
        var query = db.sql.select().column(SQLColumn(filter.grouping.column, table: "t"), as: "g").column(SQLColumn("category", table: "t"))
            .column(SQLColumn("confirmation", table: "t")).column(SQLAlias(SQLRaw("CAST(SUM(t.n) AS BIGINT)"), as: SQLIdentifier("n")))
            .from(SQLAlias(SQLIdentifier("destination_tallies"), as: SQLIdentifier("t")))
            .where(SQLColumn("cohort", table: "t"), .equal, SQLBind(filter.cohort))
            .scoped(to: scope, columns: tallyColumns("t"))
        if let level = filter.level { query = query.where(SQLColumn("level", table: "t"), .equal, SQLBind(level)) }
        query = query.groupBy(SQLColumn(filter.grouping.column, table: "t")).groupBy(SQLColumn("category", table: "t")).groupBy(SQLColumn("confirmation", table: "t"))
        var counts: [Int64: [String: DestinationCount]] = [:]
        for row in try await query.all() {
            let group = try row.decode(column: "g", as: Int64.self)
            let code = try row.decode(column: "category", as: String.self)
            let n = Int(clamping: try row.decode(column: "n", as: Int64.self))
            var count = counts[group]?[code] ?? DestinationCount(code: code)
            switch PersonalConfirmation(rawValue: try row.decode(column: "confirmation", as: String.self)) {
            case .confirmed?: count.confirmed += n
            case .disputed?: count.disputed += n
            default: count.unconfirmed += n
            }
            counts[group, default: [:]][code] = count
        }
        let graduates = try await graduateCounts(scope: scope, filter: filter, now: now, on: db)
        let ids = Set(graduates.keys).union(counts.keys).filter { $0 != 0 }
        var names: [Int64: String] = [:]
        if !ids.isEmpty {
            for row in try await db.sql.select().columns("id", "name").from(filter.grouping.table).where("id", .in, SQLGroupExpression(ids.sorted().map { SQLBind($0) })).all() {
                names[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
            }
        }
        func rates(graduates: Int, counts: [DestinationCount]) -> DestinationRates? {
            // More records than graduates (a graduate moved after registering) is shown against the records.
            switch DestinationRates.compute(asOf: today, graduates: graduates, counts: counts, mapping: mapping) {
            case .success(let rates): return rates
            case .failure(.countedExceedsGraduates(let counted, _)):
                return try? DestinationRates.compute(asOf: today, graduates: counted, counts: counts, mapping: mapping).get()
            case .failure: return nil
            }
        }
        var rows: [Row] = []
        for id in ids {
            guard let computed = rates(graduates: graduates[id] ?? 0, counts: Array((counts[id] ?? [:]).values)) else { continue }
            rows.append(Row(id: id, name: names[id] ?? "未分班", rates: computed))
        }
        rows.sort { ($0.name, $0.id) < ($1.name, $1.id) }
        var all: [String: DestinationCount] = [:]
        for group in counts.values {
            for (code, count) in group {
                var sum = all[code] ?? DestinationCount(code: code)
                sum.confirmed += count.confirmed
                sum.unconfirmed += count.unconfirmed
                sum.disputed += count.disputed
                all[code] = sum
            }
        }
        let total = rates(graduates: graduates.values.reduce(0, +), counts: Array(all.values))
        return Result(rows: rows, total: total, mapping: mapping)
    }
}
