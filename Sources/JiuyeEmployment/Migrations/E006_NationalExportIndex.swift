import Fluent
import SQLKit

/// A batch's file reads its records a page at a time in case order: `national_sync(export_id,
/// case_id)` makes each page a range of the index (with the index on `export_id` alone, every
/// page read the whole batch again: 14 s for the file of 100,000 records on SQLite).
package struct E006NationalExportIndex: AsyncMigration {
    package var name: String { "employment-006-national-export-index" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_national_sync_export_case ON national_sync(export_id, case_id)").run()
        try await sql.raw("DROP INDEX idx_national_sync_export").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_national_sync_export ON national_sync(export_id)").run()
        try await sql.raw("DROP INDEX idx_national_sync_export_case").run()
    }
}
