import Fluent
import JiuyePlatform
import SQLKit

/// 毕业去向登记's case table: the case core columns and a graduate's place (school, college,
/// major, class, cohort, level) with the 学号. Databases made before the module had its own
/// migrations already hold the table (the platform's schema 010 made it): there it is left as
/// it is (IF NOT EXISTS), with the same columns and indexes.
package struct E000DestinationCases: AsyncMigration {
    package var name: String { "employment-000-destination-cases" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("destination_cases")
            .caseCoreColumns()
            .field("school_id", .int64, .required)
            .field("college_id", .int64, .required)
            .field("major_id", .int64, .required)
            .field("class_id", .int64)
            .field("cohort", .int, .required)
            .field("level", .string, .required)
            .field("student_no", .string)
            .ignoreExisting()
            .create()
        let sql = database as! any SQLDatabase
        // The review list: scope column, status, then id for keyset paging (newest first); the
        // job runner finds running 公示 by status alone; batches by number.
        for index in ["idx_dest_college_status ON destination_cases(college_id, status_key, id)",
                      "idx_dest_school_status ON destination_cases(school_id, status_key, id)",
                      "idx_dest_class_status ON destination_cases(class_id, status_key, id)",
                      "idx_dest_status ON destination_cases(status_key)",
                      "idx_dest_batch ON destination_cases(batch_number)"] {
            try await sql.raw("CREATE INDEX IF NOT EXISTS \(unsafeRaw: index)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("destination_cases").delete()
    }
}
