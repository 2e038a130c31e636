import Fluent
import SQLKit

/// 去向登记 cases carry the graduate's campus (校区), so a school admin limited to one campus
/// sees that campus's cases (the case table had no campus column: such an admin saw none).
/// Existing cases take the campus of the graduate's record.
package struct E001DestinationCampus: AsyncMigration {
    package var name: String { "employment-001-destination-campus" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE destination_cases ADD COLUMN campus_id BIGINT").run()
        try await sql.raw("""
            UPDATE destination_cases SET campus_id = (SELECT st.campus_id FROM students st WHERE st.user_id = destination_cases.applicant_id)
            """).run()
        try await sql.raw("CREATE INDEX idx_dest_campus_status ON destination_cases(campus_id, status_key, id)").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("DROP INDEX idx_dest_campus_status").run()
        try await sql.raw("ALTER TABLE destination_cases DROP COLUMN campus_id").run()
    }
}
