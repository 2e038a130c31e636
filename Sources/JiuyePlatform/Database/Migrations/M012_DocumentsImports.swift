import Fluent
import SQLKit

/// Generated documents (serial number and verification token) and spreadsheet imports.
package struct M012DocumentsImports: AsyncMigration {
    package var name: String { "012-documents-imports" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("documents")
            .field("id", .int64, .identifier(auto: true))
            .field("serial", .string, .required)
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("subject_id", .int64, .required)
            .field("subject_key", .string, .required)
            // What the verification page shows: labels and values, personal data already masked.
            .field("summary_json", .string, .required)
            .field("created_by", .int64)
            .field("created_at", .int64, .required)
            .field("revoked_at", .int64)
            .unique(on: "serial")
            .unique(on: "token_hash")
            .unique(on: "kind", "subject_key")
            .create()
        try await database.schema("imports")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("school_id", .int64, .required)
            .field("created_by", .int64, .required)
            .field("created_at", .int64, .required)
            .field("file_name", .string, .required)
            .field("file_format", .string, .required)
            .field("blob_key", .string, .required)
            // The file's data key, wrapped by the key service (a sealed column); the file is deleted when the import ends.
            .field("data_key_cipher", .string, .required)
            .field("status", .string, .required)
            .field("total_rows", .int)
            .field("processed_rows", .int, .required)
            .field("imported_rows", .int, .required)
            .field("error_count", .int, .required)
            // The error report: row, column, value (personal data masked) and message, as JSON lines.
            .field("errors_json", .string)
            .field("message", .string)
            .field("finished_at", .int64)
            .create()
        try await (database as! any SQLDatabase).raw("CREATE INDEX idx_imports_school ON imports(school_id, id)").run()
        // 生源信息 beside the account: codes in columns (statistics, code usage), the rest as JSON,
        // personal fields (证件号码, 手机, 邮箱, 家庭地址 …) sealed.
        try await database.schema("graduate_records")
            .field("user_id", .int64, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("school_id", .int64, .required)
            .field("record_json", .string, .required)
            .field("personal_cipher", .string, .required)
            .field("ethnicity", .string)
            .field("political_status", .string)
            .field("education", .string)
            .field("document_type", .string)
            .field("major_code", .string)
            .field("source_region", .string)
            .field("imported_at", .int64, .required)
            .create()
        for column in ["ethnicity", "political_status", "education", "document_type"] {
            try await (database as! any SQLDatabase).raw("CREATE INDEX idx_graduate_records_\(unsafeRaw: column) ON graduate_records(\(unsafeRaw: column))").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("graduate_records").delete()
        try await database.schema("imports").delete()
        try await database.schema("documents").delete()
    }
}
