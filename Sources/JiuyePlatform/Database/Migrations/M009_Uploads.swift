import Fluent
import SQLKit

/// Schema version 009: uploaded files. `upload_blobs` has one row per stored content (SHA-256
/// of the plaintext, the name of the encrypted blob in the file store) with its data key wrapped
/// by the key service; `uploads` says whose each file is, what it is and which case it belongs
/// to. Deleting a file sets `deleted_at`; the blob goes with the last live row naming it.
package struct M009Uploads: AsyncMigration {
    package var name: String { "009-uploads" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("upload_blobs")
            .field("id", .int64, .identifier(auto: true))
            .field("sha256", .string, .required)
            .field("data_key_cipher", .string, .required)
            .field("size", .int64, .required)
            .field("content_type", .string, .required)
            .field("created_at", .int64, .required)
            .unique(on: "sha256")
            .create()
        try await database.schema("uploads")
            .field("id", .int64, .identifier(auto: true))
            .field("owner_user_id", .int64, .required, .references("users", "id"))
            .field("case_type", .string)
            .field("case_id", .int64)
            .field("kind", .string, .required)
            .field("original_name", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int64, .required)
            .field("sha256", .string, .required)
            .field("created_at", .int64, .required)
            .field("deleted_at", .int64)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_uploads_owner ON uploads(owner_user_id, id)").run()
        try await sql.raw("CREATE INDEX idx_uploads_case ON uploads(case_type, case_id)").run()
        try await sql.raw("CREATE INDEX idx_uploads_sha256 ON uploads(sha256)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("uploads").delete()
        try await database.schema("upload_blobs").delete()
    }
}
