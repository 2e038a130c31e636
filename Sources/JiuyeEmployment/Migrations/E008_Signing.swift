import Fluent
import SQLKit

/// Employers and online signing (issue 18): a registered unit's details and its 资质鉴证 per
/// school, the employer's 签约发送列表, invitations (签约模式一) and agreements of both modes.
///
/// One agreement holds a graduate at a time ("签约成功后不能再与其他单位另行签约", "两种签约方式只能任选
/// 其一"): a partial unique index on the student's held agreement, so two racing acceptances
/// cannot both succeed whatever the application checks.
package struct E008Signing: AsyncMigration {
    package var name: String { "employment-008-signing" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("employer_profiles")
            .field("unit_id", .int64, .identifier(auto: false), .references("units", "id", onDelete: .cascade))
            .field("nature_code", .string, .required)
            .field("industry_code", .string, .required)
            .field("address", .string, .required)
            .field("contact_name", .string, .required)
            .field("contact_phone_cipher", .string, .required)
            .field("contact_email", .string, .required)
            .field("licence_upload_id", .int64)
            .field("registered_by", .int64, .references("users", "id"))
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("unit_qualifications")
            .field("unit_id", .int64, .required, .references("units", "id", onDelete: .cascade))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("state", .string, .required)
            .field("return_reason", .string)
            .field("submissions", .int, .required)
            .field("reviewed_by", .int64)
            .field("reviewed_at", .int64)
            .field("updated_at", .int64, .required)
            .compositeIdentifier(over: "unit_id", "school_id")
            .create()
        try await database.schema("signing_send_list")
            .field("sender_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("added_at", .int64, .required)
            .compositeIdentifier(over: "sender_id", "student_id")
            .create()
        // 手机认证 (seed 003 §3.4.1.2): the 生源 phone the student proved by SMS; a later change of
        // the 生源 phone asks for it again.
        try await database.schema("signing_phone_checks")
            .field("student_id", .int64, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("phone_hash", .string, .required)
            .field("verified_at", .int64, .required)
            .create()
        try await database.schema("invitations")
            .field("id", .int64, .identifier(auto: true))
            .field("unit_id", .int64, .required, .references("units", "id"))
            .field("school_id", .int64, .required)
            .field("sender_id", .int64, .required, .references("users", "id"))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("terms_json", .string, .required)
            .field("status", .string, .required)
            .field("expires_on", .string, .required)
            .field("created_at", .int64, .required)
            .field("accepted_at", .int64)
            .field("closed_at", .int64)
            .create()
        try await database.schema("agreements")
            .field("id", .int64, .identifier(auto: true))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("school_id", .int64, .required)
            .field("cohort", .int, .required)
            .field("mode", .string, .required)
            .field("invitation_id", .int64)
            .field("unit_id", .int64)
            .field("unit_json", .string, .required)
            .field("terms_json", .string, .required)
            .field("number", .string, .required)
            .field("sequence", .int, .required)
            .field("status", .string, .required)
            .field("accepted_at", .int64)
            .field("scan_upload_id", .int64)
            .field("submitted_at", .int64)
            .field("destination_case_id", .int64)
            .field("destination_version", .int)
            .field("created_at", .int64, .required)
            .field("closed_at", .int64)
            .unique(on: "number")
            .create()
        let sql = database as! any SQLDatabase
        for statement in [
            "CREATE INDEX idx_unit_qualifications_school ON unit_qualifications(school_id, state)",
            "CREATE INDEX idx_invitations_student ON invitations(student_id, id)",
            "CREATE INDEX idx_invitations_unit ON invitations(unit_id, id)",
            "CREATE INDEX idx_invitations_open ON invitations(status, expires_on)",
            "CREATE INDEX idx_agreements_student ON agreements(student_id, id)",
            // One held agreement per graduate, enforced by the database.
            "CREATE UNIQUE INDEX uq_agreements_held ON agreements(student_id) WHERE status = 'held'",
        ] {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    package func revert(on database: any Database) async throws {
        for table in ["agreements", "invitations", "signing_phone_checks", "signing_send_list", "unit_qualifications", "employer_profiles"] {
            try await database.schema(table).delete()
        }
    }
}
