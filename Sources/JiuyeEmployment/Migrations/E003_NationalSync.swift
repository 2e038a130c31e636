import Fluent
import SQLKit

/// 全国就业管理系统上报与反馈 (seed 004 §2(5); modules review C7–C9): the sync state of each
/// registration that has been exported, the export batches, and the feedback files read.
///
/// `national_sync` holds only what cannot be derived: a registration at or after the start
/// status with no row is 新增, and 有改动 is derived at read time by comparing the case with
/// what the row says was exported (`NationalSync.stateSQL`), so the case engine needs no hook.
package struct E003NationalSync: AsyncMigration {
    package var name: String { "employment-003-national-sync" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("national_sync")
            .field("case_id", .int64, .identifier(auto: false), .references("destination_cases", "id", onDelete: .cascade))
            // 上报中 (exporting), 已上报 (reported) or 需复查 (needs-review); 新增 and 有改动 are derived.
            .field("state", .string, .required)
            .field("export_id", .int64)
            .field("exported_at", .int64)
            // The registration's data_json as exported: a different one now is 有改动.
            .field("exported_data", .string)
            // The lock of the graduate's approved 生源 case when exported (or reopened by feedback):
            // a newer approval is 有改动.
            .field("source_mark", .int64)
            // Keyed hash of 年度|学历|考生号, so a feedback row finds its record without decrypting.
            .field("match_key", .string)
            .field("feedback_type", .string)
            .field("feedback_reason", .string)
            .field("feedback_outcome", .string)
            .field("feedback_at", .int64)
            // The case's submitted_at when the feedback was applied: a later submission or 代录 (the fix) is 有改动.
            .field("feedback_mark", .int64)
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("national_exports")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required)
            // manual (学校管理员) or scheduled (后台任务).
            .field("kind", .string, .required)
            .field("created_by", .int64)
            .field("created_at", .int64, .required)
            .field("record_count", .int, .required)
            .field("held_back_count", .int, .required)
            .field("confirmed_at", .int64)
            .field("confirmed_by", .int64)
            .create()
        try await database.schema("national_feedback")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required)
            .field("created_by", .int64, .required)
            .field("created_at", .int64, .required)
            .field("file_name", .string, .required)
            .field("total_rows", .int, .required)
            .field("matched_rows", .int, .required)
            .field("not_found_rows", .int, .required)
            .field("unreadable_rows", .int, .required)
            // Each row's outcome (row number, name, masked 考生号, type, reason, what was done).
            .field("outcomes_json", .string, .required)
            .create()
        let sql = database as! any SQLDatabase
        for index in ["idx_national_sync_export ON national_sync(export_id)",
                      "idx_national_sync_match ON national_sync(match_key)",
                      "idx_national_exports_school ON national_exports(school_id, id)",
                      "idx_national_feedback_school ON national_feedback(school_id, id)"] {
            try await sql.raw("CREATE INDEX \(unsafeRaw: index)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("national_feedback").delete()
        try await database.schema("national_exports").delete()
        try await database.schema("national_sync").delete()
    }
}
