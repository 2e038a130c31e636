import Fluent
import SQLKit

/// Schema version 010: the case machinery shared by every module — one history (审核记录), the
/// field differences per submission (变更明细), status counts kept with every transition, batch
/// numbers. Case tables belong to their modules' migrations (this one once also made the first
/// of them; that part now lives with its module, and is skipped where it already ran).
package struct M010Cases: AsyncMigration {
    package var name: String { "010-cases" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("case_history")
            .field("id", .int64, .identifier(auto: true))
            .field("case_type", .string, .required)
            .field("case_id", .int64, .required)
            .field("version", .int, .required)
            .field("step_label", .string, .required)
            .field("action", .string, .required)
            .field("action_label", .string, .required)
            .field("status_label", .string, .required)
            .field("remark", .string)
            .field("actor_id", .int64)
            .field("actor_role", .string)
            .field("entry_json", .string, .required)
            .field("at", .int64, .required)
            .create()
        try await database.schema("case_changes")
            .field("id", .int64, .identifier(auto: true))
            .field("case_type", .string, .required)
            .field("case_id", .int64, .required)
            .field("version", .int, .required)
            .field("submission", .int, .required)
            .field("changes_json", .string, .required)
            .field("actor_id", .int64)
            .field("at", .int64, .required)
            .create()
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
        try await database.schema("case_batches")
            .field("id", .int64, .identifier(auto: true))
            .field("case_type", .string, .required)
            .field("number", .int, .required)
            .field("step_label", .string, .required)
            .field("created_by", .int64)
            .field("created_at", .int64, .required)
            .unique(on: "case_type", "number")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_case_history ON case_history(case_type, case_id, id)").run()
        try await sql.raw("CREATE INDEX idx_case_changes ON case_changes(case_type, case_id, id)").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["case_batches", "case_counts", "case_changes", "case_history"] {
            try await database.schema(table).delete()
        }
    }
}
