import Fluent
import SQLKit

/// 毕业生名单 shows the newest graduates of a college or a school first. The scope indexes of
/// M004 lead with the scope columns and end with `user_id`, so a page had to read every
/// matching entry (5,000 for a college of a 100,000-graduate school) and sort them for 20 rows.
/// These lead with the scope and then `user_id`: a page walks the index newest first and stops
/// after 20 matches, checking 届别 and 学历 inside the index (measured on SQLite: 0.5 ms → 0.05 ms
/// for a college's first page).
package struct M018StudentListOrder: AsyncMigration {
    package var name: String { "018-student-list-order" }

    package static let indexes = [
        "CREATE INDEX idx_students_college_newest ON students(college_id, user_id, cohort, level, school_id, class_id, stage, campus_id, major_id)",
        "CREATE INDEX idx_students_school_newest ON students(school_id, user_id, cohort, level, college_id, class_id, stage, campus_id, major_id)",
    ]

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in Self.indexes { try await sql.raw(SQLQueryString(index)).run() }
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for name in ["idx_students_college_newest", "idx_students_school_newest"] { try await sql.raw("DROP INDEX \(unsafeRaw: name)").run() }
    }
}
