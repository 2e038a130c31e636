import Fluent
import Foundation
import JiuyeDomain
import SQLKit
import Vapor

/// Status counts per case type, kept with every transition by the dimensions the type counts
/// (`CaseScope.counted`: school, college, cohort, level for 去向登记; county and unit for a
/// subsidy …), so the reviewer screen never counts the table on a page view for the scopes
/// admins have. Row `case_tallies(case_type, d1 … d4, status_key, n)`: `dN` holds the value of
/// the type's N-th counted dimension ('' when it counts fewer).
package enum CaseCounts {
    /// How many dimensions one type may count by.
    package static let slots = 4

    private static func slotValues(_ type: CaseType, scope: [ScopeDimension: String]) -> [String] {
        (0..<slots).map { index in index < type.scope.counted.count ? scope[type.scope.counted[index]] ?? "" : "" }
    }

    package static func move(_ type: CaseType, scope: [ScopeDimension: String], from old: String?, to new: String, on db: any Database) async throws {
        let d = slotValues(type, scope: scope)
        if let old {
            try await db.sql.raw("""
                UPDATE case_tallies SET n = n - 1 WHERE case_type = \(bind: type.key) AND d1 = \(bind: d[0]) AND d2 = \(bind: d[1])
                AND d3 = \(bind: d[2]) AND d4 = \(bind: d[3]) AND status_key = \(bind: old)
                """).run()
        }
        try await db.sql.raw("""
            INSERT INTO case_tallies (case_type, d1, d2, d3, d4, status_key, n)
            VALUES (\(bind: type.key), \(bind: d[0]), \(bind: d[1]), \(bind: d[2]), \(bind: d[3]), \(bind: new), 1)
            ON CONFLICT (case_type, d1, d2, d3, d4, status_key) DO UPDATE SET n = case_tallies.n + 1
            """).run()
    }

    /// A case deleted (a draft its applicant removed): it leaves the counters.
    package static func remove(_ type: CaseType, scope: [ScopeDimension: String], from old: String, on db: any Database) async throws {
        let d = slotValues(type, scope: scope)
        try await db.sql.raw("""
            UPDATE case_tallies SET n = n - 1 WHERE case_type = \(bind: type.key) AND d1 = \(bind: d[0]) AND d2 = \(bind: d[1])
            AND d3 = \(bind: d[2]) AND d4 = \(bind: d[3]) AND status_key = \(bind: old) AND n > 0
            """).run()
    }

    /// Whether the counters can answer for these dimensions (every one of them is counted).
    package static func covers(_ type: CaseType, _ dimensions: some Sequence<ScopeDimension>) -> Bool {
        Set(dimensions).isSubset(of: type.scope.counted)
    }

    /// Counts by status key of the cases whose counted dimensions hold one of the given values
    /// (a dimension not given: any). An empty set of values counts nothing.
    package static func counts(_ type: CaseType, within values: [ScopeDimension: Set<String>], on db: any Database) async throws -> [String: Int] {
        precondition(covers(type, values.keys), "counted dimensions only")
        var query = db.sql.select().column("status_key").column(SQLAlias(SQLRaw("CAST(SUM(n) AS BIGINT)"), as: SQLIdentifier("total")))
            .from("case_tallies").where("case_type", .equal, SQLBind(type.key))
        for (index, dimension) in type.scope.counted.enumerated() {
            guard let allowed = values[dimension] else { continue }
            let binds: [any SQLExpression] = allowed.sorted().map { SQLBind($0) }
            query = query.where(SQLColumn("d\(index + 1)"), .in, SQLGroupExpression(binds.isEmpty ? [SQLLiteral.null] : binds))
        }
        var result: [String: Int] = [:]
        for row in try await query.groupBy("status_key").all() {
            result[try row.decode(column: "status_key", as: String.self)] = try row.decode(column: "total", as: Int?.self) ?? 0
        }
        return result
    }
}
