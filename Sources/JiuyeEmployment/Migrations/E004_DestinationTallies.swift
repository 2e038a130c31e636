import Fluent
import SQLKit

/// 去向落实 counters (issue 17 item 8): approved registrations in force by place, 毕业去向 code (the statistics map codes to groups, a mapping that has versions) and
/// 本人确认, kept in each case move's transaction (`DestinationTallies`). Existing registrations
/// are counted once here.
package struct E004DestinationTallies: AsyncMigration {
    package var name: String { "employment-004-destination-tallies" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("""
            CREATE TABLE destination_tallies (
                school_id BIGINT NOT NULL, campus_id BIGINT NOT NULL, college_id BIGINT NOT NULL, major_id BIGINT NOT NULL, class_id BIGINT NOT NULL,
                cohort INTEGER NOT NULL, level TEXT NOT NULL, category TEXT NOT NULL, confirmation TEXT NOT NULL, n BIGINT NOT NULL,
                PRIMARY KEY (school_id, campus_id, college_id, major_id, class_id, cohort, level, category, confirmation))
            """).run()
        try await sql.raw("CREATE INDEX idx_dest_tallies_college ON destination_tallies(college_id, cohort)").run()
        try await DestinationTallies.rebuild(on: database)
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP TABLE destination_tallies").run()
    }
}
