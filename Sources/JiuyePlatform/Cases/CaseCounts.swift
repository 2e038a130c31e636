import Fluent
import Foundation
import NIOConcurrencyHelpers
import JiuyeDomain
import SQLKit
import Vapor


/// Status counts per school, college, cohort and level, kept with every transition so the review
/// list never counts the table on a page view for the scopes admins have.
package enum CaseCounts {
    package struct Bucket: Sendable {
        package let school: Int64
        package let college: Int64
        package let cohort: Int
        package let level: String

        package init(school: Int64, college: Int64, cohort: Int, level: String) {
            self.school = school
            self.college = college
            self.cohort = cohort
            self.level = level
        }
    }

    package static func move(_ type: CaseType, bucket: Bucket, from old: String?, to new: String, on db: any Database) async throws {
        if let old {
            try await db.sql.raw("""
                UPDATE case_counts SET n = n - 1 WHERE case_type = \(bind: type.key) AND school_id = \(bind: bucket.school)
                AND college_id = \(bind: bucket.college) AND cohort = \(bind: bucket.cohort) AND level = \(bind: bucket.level) AND status_key = \(bind: old)
                """).run()
        }
        try await db.sql.raw("""
            INSERT INTO case_counts (case_type, school_id, college_id, cohort, level, status_key, n)
            VALUES (\(bind: type.key), \(bind: bucket.school), \(bind: bucket.college), \(bind: bucket.cohort), \(bind: bucket.level), \(bind: new), 1)
            ON CONFLICT (case_type, school_id, college_id, cohort, level, status_key) DO UPDATE SET n = case_counts.n + 1
            """).run()
    }

    /// Counts by status key within the given values (nil: any).
    package static func counts(_ type: CaseType, schools: Set<String>?, colleges: Set<String>?, cohorts: Set<String>? = nil, levels: Set<String>? = nil,
                       on db: any Database) async throws -> [String: Int] {
        var query = db.sql.select().column("status_key").column(SQLAlias(SQLRaw("CAST(SUM(n) AS BIGINT)"), as: SQLIdentifier("total")))
            .from("case_counts").where("case_type", .equal, SQLBind(type.key))
        func within(_ column: String, _ values: Set<String>?, number: Bool) {
            guard let values else { return }
            let binds: [any SQLExpression] = values.sorted().map { number ? SQLBind(Int64($0) ?? -1) : SQLBind($0) }
            query = query.where(SQLColumn(column), .in, SQLGroupExpression(binds.isEmpty ? [SQLBind(number ? Int64(-1) : "")] : binds))
        }
        within("school_id", schools, number: true)
        within("college_id", colleges, number: true)
        within("cohort", cohorts, number: true)
        within("level", levels, number: false)
        var result: [String: Int] = [:]
        for row in try await query.groupBy("status_key").all() {
            result[try row.decode(column: "status_key", as: String.self)] = try row.decode(column: "total", as: Int?.self) ?? 0
        }
        return result
    }
}
