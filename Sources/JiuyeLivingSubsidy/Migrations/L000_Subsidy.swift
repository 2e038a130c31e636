import Fluent
import JiuyeDomain
import JiuyePlatform
import SQLKit

/// 生活补贴 (seed 002): the unit's verification for this module (one `units` row shared with the
/// employment modules, its own flag: review E13), the applicants, their work experience, the
/// adapters' default tables (social insurance, the degree registry), the applications and the
/// objections raised during 公示.
package struct L000Subsidy: AsyncMigration {
    package var name: String { "living-subsidy-000" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("subsidy_units")
            .field("unit_id", .int64, .identifier(auto: false), .references("units", "id"))
            .field("state", .string, .required)
            .field("opinion", .string)
            .field("address", .string)
            .field("contact_name", .string)
            .field("contact_phone_cipher", .string)
            .field("is_virtual", .bool, .required)
            .field("registered_by", .int64)
            .field("submitted_at", .int64, .required)
            .field("reviewed_at", .int64)
            .field("reviewed_by", .int64)
            .create()
        try await database.schema("subsidy_people")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id"))
            .field("unit_id", .int64, .required, .references("units", "id"))
            .field("county_code", .string, .required)
            .field("city_code", .string, .required)
            .field("education", .string, .required)
            .field("degree", .string)
            .field("gender", .string)
            .field("birth_date", .string)
            .field("school_name", .string, .required)
            .field("major", .string, .required)
            .field("ethnicity", .string)
            .field("self_employed", .bool, .required)
            .field("state", .string, .required)
            .field("opinion", .string)
            .field("submitted_at", .int64, .required)
            .field("reviewed_at", .int64)
            .field("reviewed_by", .int64)
            .create()
        try await database.schema("subsidy_work")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id"))
            .field("unit_id", .int64, .required, .references("units", "id"))
            .field("county_code", .string, .required)
            .field("is_current", .bool, .required)
            .field("contract_start", .string, .required)
            .field("contract_end", .string)
            .field("created_at", .int64, .required)
            .create()
        // The social-insurance adapter's default: what the city imports from the 社保 system.
        try await database.schema("subsidy_insurance")
            .field("id_number_hash", .string, .identifier(auto: false))
            .field("in_service", .bool, .required)
            .field("card_normal", .bool, .required)
            .field("bank_name", .string)
            .field("account_cipher", .string)
            .field("imported_at", .int64, .required)
            .create()
        try await database.schema("subsidy_insurance_months")
            .field("id_number_hash", .string, .required)
            .field("month", .string, .required)
            .unique(on: "id_number_hash", "month")
            .create()
        // The degree registry adapter's default (学信网 / 学位网 numbers the city imports).
        try await database.schema("subsidy_degrees")
            .field("diploma_no", .string, .identifier(auto: false))
            .field("degree_no", .string)
            .field("id_number_hash", .string, .required)
            .field("education", .string, .required)
            .field("imported_at", .int64, .required)
            .create()
        try await database.schema("subsidy_cases")
            .caseCoreColumns()
            .field("city_code", .string, .required)
            .field("county_code", .string, .required)
            .field("unit_id", .int64, .required)
            .field("education", .string)
            .field("city_share_fen", .int64)
            .field("county_share_fen", .int64)
            .field("reminded_at", .int64)
            .create()
        try await database.schema("subsidy_objections")
            .field("id", .int64, .identifier(auto: true))
            .field("case_id", .int64, .required)
            .field("content", .string, .required)
            .field("contact_cipher", .string)
            .field("created_at", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        for index in ["idx_subsidy_cases_county ON subsidy_cases(county_code, status_key, id)",
                      "idx_subsidy_cases_unit ON subsidy_cases(unit_id, status_key, id)",
                      "idx_subsidy_cases_city ON subsidy_cases(city_code, status_key, id)",
                      "idx_subsidy_people_unit ON subsidy_people(unit_id, state)",
                      "idx_subsidy_work_user ON subsidy_work(user_id)"] {
            try await sql.raw("CREATE INDEX \(unsafeRaw: index)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        for table in ["subsidy_objections", "subsidy_cases", "subsidy_degrees", "subsidy_insurance_months", "subsidy_insurance", "subsidy_work",
                      "subsidy_people", "subsidy_units"] {
            try await database.schema(table).delete()
        }
    }
}
