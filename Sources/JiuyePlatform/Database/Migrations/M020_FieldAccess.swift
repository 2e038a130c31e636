import Fluent
import SQLKit

/// 字段权限: per school, form, field and role, whether the field is editable, read-only (grey) or
/// hidden. No row: editable.
package struct M020FieldAccess: AsyncMigration {
    package var name: String { "020-field-access" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("field_access")
            .field("school_id", .int64, .required)
            .field("form_key", .string, .required)
            .field("field_key", .string, .required)
            .field("role", .string, .required)
            .field("access", .string, .required)
            .field("updated_by", .int64)
            .field("updated_at", .int64, .required)
            .unique(on: "school_id", "form_key", "field_key", "role")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("field_access").delete()
    }
}
