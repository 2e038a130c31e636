import Fluent
import JiuyeDomain
import JiuyePlatform
import SQLKit

/// The registry standing in for the 全国学生资助管理信息系统 (seed 000 §1), the applicants, the
/// finance office's tuition and loan records (review D6), the place tables the form and the
/// judgement read (D4, D12), and the amounts and installments (D5, D9).
package struct G000Registry: AsyncMigration {
    package var name: String { "grassroots-000-registry" }

    package func prepare(on database: any Database) async throws {
        // One row per list (高校学生信息库 / 高校毕业生信息库 / 补录 / 历史名单), school and person.
        try await database.schema("aid_registry")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("list", .string, .required)
            .field("id_number_hash", .string, .required)
            .field("id_number_cipher", .string, .required)
            .field("name", .string, .required)
            .field("college_id", .int64, .references("colleges", "id"))
            .field("level", .string, .required)
            .field("graduation_year", .int, .required)
            .field("student_no", .string)
            .field("major", .string)
            .field("standard_years", .int)
            .field("full_time", .bool)
            .field("directed", .bool)
            .field("tuition_exempt", .bool)
            // 补录: the year the graduate applies in; legacy: the stages already passed (comma list).
            .field("application_year", .int)
            .field("passed_stages", .string)
            .field("imported_by", .int64)
            .field("imported_at", .int64, .required)
            .unique(on: "school_id", "list", "id_number_hash")
            .create()
        // The applicant of the aid system: the account, the school's record it registered with,
        // 校区/学院 (changeable), and the bank card (editable at any time, seed 000 §5).
        try await database.schema("aid_people")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id"))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("campus_id", .int64)
            .field("college_id", .int64, .required, .references("colleges", "id"))
            .field("stage", .string, .required)
            .field("level", .string, .required)
            .field("graduation_year", .int, .required)
            .field("application_year", .int, .required)
            .field("basis", .string, .required)
            .field("registry_id", .int64, .required)
            .field("student_no", .string)
            .field("major", .string)
            .field("bank_name", .string)
            .field("card_cipher", .string)
            .field("card_last4", .string)
            .field("card_changed_at", .int64)
            .field("created_at", .int64, .required)
            .create()
        // 实际缴纳金额 per study year, from the finance office (review D6).
        try await database.schema("aid_payments")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required)
            .field("id_number_hash", .string, .required)
            .field("study_year", .int, .required)
            .field("tuition_fen", .int64, .required)
            .field("loan_fen", .int64, .required)
            .field("loan_kind", .string)
            .field("loan_contract", .string)
            .field("loan_bank", .string)
            .field("imported_at", .int64, .required)
            .unique(on: "school_id", "id_number_hash", "study_year")
            .create()
        // 街道/乡镇 with the county-seat flag (review D12); importable, statistical division codes.
        try await database.schema("aid_townships")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("county_code", .string, .required)
            .field("is_county_seat", .bool, .required)
            .create()
        // 艰苦边远地区 counties (review D4(a)), importable.
        try await database.schema("aid_hardship_counties")
            .field("county_code", .string, .identifier(auto: false))
            .field("imported_at", .int64, .required)
            .create()
        // The amount fixed at the school's approval of the application (D5) and its installments (D9).
        try await database.schema("aid_awards")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id"))
            .field("school_id", .int64, .required)
            .field("college_id", .int64, .required)
            .field("mode", .string, .required)
            .field("total_fen", .int64, .required)
            .field("cap_fen", .int64, .required)
            .field("years", .int, .required)
            .field("fixed_at", .int64, .required)
            .create()
        try await database.schema("aid_installments")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id"))
            .field("number", .int, .required)
            .field("amount_fen", .int64, .required)
            .field("due_since", .int64)
            .field("paid_at", .int64)
            .field("paid_by", .int64)
            .field("account_last4", .string)
            .unique(on: "user_id", "number")
            .create()
        // The school's reports to the national aid centre, and the results imported back (D9).
        try await database.schema("aid_reports")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required)
            .field("stage", .string, .required)
            .field("case_id", .int64, .required)
            .field("reported_at", .int64, .required)
            .field("reported_by", .int64, .required)
            .field("national_result", .string)
            .field("national_note", .string)
            .field("result_at", .int64)
            .unique(on: "stage", "case_id")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_aid_registry_person ON aid_registry(id_number_hash)").run()
        try await sql.raw("CREATE INDEX idx_aid_townships_county ON aid_townships(county_code, code)").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["aid_reports", "aid_installments", "aid_awards", "aid_hardship_counties", "aid_townships", "aid_payments", "aid_people", "aid_registry"] {
            try await database.schema(table).delete()
        }
    }
}

/// The six case tables: the case core, the applicant's place (school, 校区, college, 学段) as
/// it was when the case was opened (review D14: an open case keeps its reviewer), and 补录.
package struct G001Cases: AsyncMigration {
    package var name: String { "grassroots-001-cases" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for stage in GrassrootsCaseTypes.stages {
            let table = GrassrootsCaseTypes.table(stage)
            try await database.schema(table)
                .caseCoreColumns()
                .field("school_id", .int64, .required)
                .field("campus_id", .int64)
                .field("college_id", .int64, .required)
                .field("stage", .string, .required)
                .field("level", .string, .required)
                .field("cohort", .int, .required)
                .field("supplement", .bool)
                .create()
            try await sql.raw("CREATE INDEX \(unsafeRaw: "idx_\(table)_college") ON \(ident: table)(college_id, stage, status_key, id)").run()
            try await sql.raw("CREATE INDEX \(unsafeRaw: "idx_\(table)_school") ON \(ident: table)(school_id, status_key, id)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        for stage in GrassrootsCaseTypes.stages { try await database.schema(GrassrootsCaseTypes.table(stage)).delete() }
    }
}
