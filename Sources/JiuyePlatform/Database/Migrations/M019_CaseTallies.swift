import Fluent
import SQLKit

/// Status counters for any case type: `case_counts` knew only school, college, cohort and level
/// (a student's case); a subsidy is counted by unit and county, grassroots aid by college and
/// 学段. `case_tallies` keeps up to four values per row, in the order the type's `CaseScope.counted`
/// names its dimensions. The counts kept so far (去向登记's, counted by school, college, cohort,
/// level) are carried over as they are.
package struct M019CaseTallies: AsyncMigration {
    package var name: String { "019-case-tallies" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("case_tallies")
            .field("case_type", .string, .required)
            .field("d1", .string, .required)
            .field("d2", .string, .required)
            .field("d3", .string, .required)
            .field("d4", .string, .required)
            .field("status_key", .string, .required)
            .field("n", .int64, .required)
            .unique(on: "case_type", "d1", "d2", "d3", "d4", "status_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            INSERT INTO case_tallies (case_type, d1, d2, d3, d4, status_key, n)
            SELECT case_type, CAST(school_id AS VARCHAR(20)), CAST(college_id AS VARCHAR(20)), CAST(cohort AS VARCHAR(20)), level, status_key, n
            FROM case_counts
            """).run()
        try await database.schema("case_counts").delete()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("case_counts")
            .field("case_type", .string, .required)
            .field("school_id", .int64, .required)
            .field("college_id", .int64, .required)
            .field("cohort", .int, .required)
            .field("level", .string, .required)
            .field("status_key", .string, .required)
            .field("n", .int64, .required)
            .unique(on: "case_type", "school_id", "college_id", "cohort", "level", "status_key")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            INSERT INTO case_counts (case_type, school_id, college_id, cohort, level, status_key, n)
            SELECT case_type, CAST(d1 AS BIGINT), CAST(d2 AS BIGINT), CAST(d3 AS INTEGER), d4, status_key, n FROM case_tallies WHERE d1 <> '' AND d2 <> '' AND d3 <> ''
            """).run()
        try await database.schema("case_tallies").delete()
    }
}
