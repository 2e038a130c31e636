import Fluent
import SQLKit

/// Schema version 010: the case machinery shared by every module — one history (审核记录), the
/// field differences per submission (变更明细), status counts kept with every transition — and
/// the first typed case table, 毕业去向登记.
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
        try await database.schema("destination_cases")
            .field("id", .int64, .identifier(auto: true))
            .field("applicant_id", .int64, .required, .references("users", "id"))
            .field("period", .string, .required)
            .field("school_id", .int64, .required)
            .field("college_id", .int64, .required)
            .field("major_id", .int64, .required)
            .field("class_id", .int64)
            .field("cohort", .int, .required)
            .field("level", .string, .required)
            .field("applicant_name", .string, .required)
            .field("student_no", .string)
            .field("status_key", .string, .required)
            // Denormalised for the lists (no JSON decoding per row): the status in the manual's
            // words and the first field as shown (e.g. "11 签劳动合同形式就业").
            .field("status_label", .string)
            .field("summary", .string)
            .field("batch_number", .int)
            .field("lock", .int64, .required)
            .field("state_json", .string, .required)
            .field("data_json", .string, .required)
            .field("in_force_json", .string)
            .field("submitted_json", .string)
            .field("submitted_at", .int64)
            .field("updated_at", .int64, .required)
            .field("created_at", .int64, .required)
            .unique(on: "applicant_id", "period")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_case_history ON case_history(case_type, case_id, id)").run()
        try await sql.raw("CREATE INDEX idx_case_changes ON case_changes(case_type, case_id, id)").run()
        // The review list: scope column(s), status, then id for keyset paging (newest first).
        try await sql.raw("CREATE INDEX idx_dest_college_status ON destination_cases(college_id, status_key, id)").run()
        try await sql.raw("CREATE INDEX idx_dest_school_status ON destination_cases(school_id, status_key, id)").run()
        try await sql.raw("CREATE INDEX idx_dest_class_status ON destination_cases(class_id, status_key, id)").run()
        // The job runner finds running 公示 by status alone.
        try await sql.raw("CREATE INDEX idx_dest_status ON destination_cases(status_key)").run()
        try await sql.raw("CREATE INDEX idx_dest_batch ON destination_cases(batch_number)").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["destination_cases", "case_batches", "case_counts", "case_changes", "case_history"] {
            try await database.schema(table).delete()
        }
    }
}
