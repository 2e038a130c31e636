import Fluent
import SQLKit

/// Schema version 001: the platform core. Never edit once shipped; add a new migration.
/// Times are Unix seconds (BIGINT) on both databases; ids are database-generated integers.
package struct M001Platform: AsyncMigration {
    package var name: String { "001-platform" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("regions")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("level", .string, .required)
            .field("parent_code", .string)
            .create()

        try await database.schema("schools")
            .field("id", .int64, .identifier(auto: true))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("region_code", .string, .references("regions", "code"))
            .unique(on: "code")
            .create()

        try await database.schema("campuses")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("name", .string, .required)
            .unique(on: "school_id", "name")
            .create()

        try await database.schema("colleges")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("campus_id", .int64, .references("campuses", "id"))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .unique(on: "school_id", "code")
            .create()

        try await database.schema("majors")
            .field("id", .int64, .identifier(auto: true))
            .field("college_id", .int64, .required, .references("colleges", "id"))
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("level", .string, .required)
            .unique(on: "college_id", "code", "level")
            .create()

        try await database.schema("classes")
            .field("id", .int64, .identifier(auto: true))
            .field("college_id", .int64, .required, .references("colleges", "id"))
            .field("major_id", .int64, .required, .references("majors", "id"))
            .field("name", .string, .required)
            .field("cohort", .int, .required)
            .unique(on: "major_id", "name")
            .create()

        try await database.schema("units")
            .field("id", .int64, .identifier(auto: true))
            .field("name", .string, .required)
            .field("credit_code", .string, .required)
            .field("county_code", .string, .required, .references("regions", "code"))
            .field("status", .string, .required)
            .field("created_at", .int64, .required)
            .unique(on: "credit_code")
            .create()

        try await database.schema("users")
            .field("id", .int64, .identifier(auto: true))
            .field("username", .string)
            .field("display_name", .string, .required)
            .field("email", .string)
            .field("password_hash", .string)
            .field("is_active", .bool, .required)
            .field("id_type", .string)
            .field("id_number_cipher", .string)
            .field("id_number_hash", .string)
            .field("phone_cipher", .string)
            .field("phone_hash", .string)
            .field("student_no", .string)
            .field("unlocked_at", .int64)
            .field("password_changed_at", .int64)
            .field("revision", .int64, .required)
            .field("created_at", .int64, .required)
            .unique(on: "username")
            .unique(on: "id_number_hash")
            .create()

        // Username, 学号 and phone share one namespace, so any of them names one account.
        // `key` is the keyed hash of the normalised identifier: a phone number never lands in clear.
        try await database.schema("account_identifiers")
            .field("key", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .create()

        try await database.schema("students")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("campus_id", .int64, .references("campuses", "id"))
            .field("college_id", .int64, .required, .references("colleges", "id"))
            .field("major_id", .int64, .required, .references("majors", "id"))
            .field("class_id", .int64, .references("classes", "id"))
            .field("cohort", .int, .required)
            .field("level", .string, .required)
            .field("stage", .string, .required)
            .field("gender", .string)
            .field("source_region_code", .string, .references("regions", "code"))
            .create()

        try await database.schema("role_assignments")
            .field("id", .int64, .identifier(auto: true))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .int64, .required)
            .field("created_by", .int64)
            .create()

        try await database.schema("assignment_scopes")
            .field("assignment_id", .int64, .required, .references("role_assignments", "id", onDelete: .cascade))
            .field("dimension", .string, .required)
            .field("value", .string, .required)
            .unique(on: "assignment_id", "dimension", "value")
            .create()

        try await database.schema("sessions")
            .field("token_hash", .string, .identifier(auto: false))
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("assignment_id", .int64)
            .field("created_at", .int64, .required)
            .field("last_seen_at", .int64, .required)
            .field("ip", .string, .required)
            .field("user_agent", .string, .required)
            .create()

        try await database.schema("remember_tokens")
            .field("selector", .string, .identifier(auto: false))
            .field("validator_hash", .string, .required)
            .field("user_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("expires_at", .int64, .required)
            .field("created_at", .int64, .required)
            .create()

        try await database.schema("login_attempts")
            .field("id", .int64, .identifier(auto: true))
            .field("account_key", .string, .required)
            .field("ip", .string, .required)
            .field("at", .int64, .required)
            .field("success", .bool, .required)
            .field("reason", .string, .required)
            .create()

        try await database.schema("audit_log")
            .field("id", .int64, .identifier(auto: true))
            .field("at", .int64, .required)
            .field("actor_id", .int64)
            .field("actor_role", .string)
            .field("action", .string, .required)
            .field("target_type", .string, .required)
            .field("target_id", .string)
            .field("changes", .string, .required)
            .field("ip", .string)
            .create()

        try await database.schema("jobs")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("payload", .string, .required)
            .field("status", .string, .required)
            .field("run_at", .int64, .required)
            .field("attempts", .int, .required)
            .field("max_attempts", .int, .required)
            .field("locked_by", .string)
            .field("locked_at", .int64)
            .field("last_error", .string)
            .field("created_at", .int64, .required)
            .field("finished_at", .int64)
            .create()

        // Benchmark probe for the concurrency proof and a real settings store.
        try await database.schema("platform_settings")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("revision", .int64, .required)
            .create()

        let sql = database as! any SQLDatabase
        let indexes = [
            "CREATE INDEX idx_regions_parent ON regions(parent_code)",
            "CREATE UNIQUE INDEX idx_users_phone ON users(phone_hash)",
            "CREATE UNIQUE INDEX idx_users_student_no ON users(student_no)",
            "CREATE INDEX idx_identifiers_user ON account_identifiers(user_id)",
            "CREATE INDEX idx_students_college ON students(college_id, cohort, level, user_id)",
            "CREATE INDEX idx_students_class ON students(class_id, cohort, level, user_id)",
            "CREATE INDEX idx_students_school ON students(school_id, cohort, user_id)",
            "CREATE INDEX idx_assignments_user ON role_assignments(user_id)",
            "CREATE INDEX idx_sessions_user ON sessions(user_id)",
            "CREATE INDEX idx_sessions_seen ON sessions(last_seen_at)",
            "CREATE INDEX idx_remember_user ON remember_tokens(user_id)",
            "CREATE INDEX idx_attempts_key ON login_attempts(account_key, at)",
            "CREATE INDEX idx_audit_at ON audit_log(at)",
            "CREATE INDEX idx_audit_target ON audit_log(target_type, target_id)",
            "CREATE INDEX idx_jobs_due ON jobs(status, run_at)",
            "CREATE INDEX idx_units_county ON units(county_code)",
        ]
        for statement in indexes {
            try await sql.raw(SQLQueryString(statement)).run()
        }
    }

    package func revert(on database: any Database) async throws {
        for table in ["platform_settings", "jobs", "audit_log", "login_attempts", "remember_tokens", "sessions",
                      "assignment_scopes", "role_assignments", "students", "account_identifiers", "users",
                      "units", "classes", "majors", "colleges", "campuses", "schools", "regions"] {
            try await database.schema(table).delete()
        }
    }
}
