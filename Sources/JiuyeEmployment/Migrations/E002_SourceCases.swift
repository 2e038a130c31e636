import Fluent
import JiuyePlatform
import SQLKit

/// 生源信息核对's case table: the case core columns and the graduate's place, as 毕业去向登记's.
package struct E002SourceCases: AsyncMigration {
    package var name: String { "employment-002-source-cases" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("source_cases")
            .caseCoreColumns()
            .field("school_id", .int64, .required)
            .field("campus_id", .int64)
            .field("college_id", .int64, .required)
            .field("major_id", .int64, .required)
            .field("class_id", .int64)
            .field("cohort", .int, .required)
            .field("level", .string, .required)
            .field("student_no", .string)
            .create()
        let sql = database as! any SQLDatabase
        for index in ["idx_source_college_status ON source_cases(college_id, status_key, id)",
                      "idx_source_school_status ON source_cases(school_id, status_key, id)",
                      "idx_source_class_status ON source_cases(class_id, status_key, id)",
                      "idx_source_status ON source_cases(status_key)",
                      "idx_source_campus_status ON source_cases(campus_id, status_key, id)"] {
            try await sql.raw("CREATE INDEX \(unsafeRaw: index)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("source_cases").delete()
    }
}
