import Fluent
import SQLKit

/// Generated documents become versions: one row per issued version (serial, verification token),
/// at most one current version per kind and subject, older versions kept as superseded so their
/// printed QR codes still open a page that says so. The token is kept sealed (`token_cipher`, in
/// `SealedColumns`) so the same QR code can be shown again; `content_hash` is a keyed hash of the
/// rendered content fields, so the same content keeps its serial and a change asks for a new one.
/// The rows of `documents` (one per kind and subject, tokens unrecoverable) are carried over with
/// their ids, so their serials and printed tokens stay valid.
package struct M015DocumentVersions: AsyncMigration {
    package var name: String { "015-document-versions" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("document_versions")
            .field("id", .int64, .identifier(auto: true))
            .field("serial", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("subject_id", .int64, .required)
            .field("subject_key", .string, .required)
            // What the verification page shows: labels and values, personal data already masked.
            .field("summary_json", .string, .required)
            // Keyed hash of the rendered content fields; NULL for documents issued before versions.
            .field("content_hash", .string)
            .field("token_hash", .string, .required)
            // The token sealed by the key service; NULL for documents issued before it was kept.
            .field("token_cipher", .string)
            .field("created_by", .int64)
            .field("created_at", .int64, .required)
            .field("superseded_at", .int64)
            .field("superseded_by", .int64)
            .field("revoked_at", .int64)
            .unique(on: "serial")
            .unique(on: "token_hash")
            .create()
        let sql = database as! any SQLDatabase
        // One current version per document: a second concurrent first issue fails here.
        try await sql.raw("""
            CREATE UNIQUE INDEX idx_document_versions_current ON document_versions(kind, subject_key) WHERE superseded_at IS NULL
            """).run()
        try await sql.raw("CREATE INDEX idx_document_versions_subject ON document_versions(kind, subject_key, id)").run()
        try await sql.raw("""
            INSERT INTO document_versions (id, serial, kind, title, subject_id, subject_key, summary_json, token_hash, created_by, created_at, revoked_at)
            SELECT id, serial, kind, title, subject_id, subject_key, summary_json, token_hash, created_by, created_at, revoked_at FROM documents
            """).run()
        if sql.dialect.name == "postgresql" {
            // Ids were copied: the identity continues after them (serials are made from ids).
            try await sql.raw("""
                SELECT setval(pg_get_serial_sequence('document_versions', 'id'), COALESCE((SELECT MAX(id) FROM document_versions), 0) + 1, false)
                """).run()
        }
        try await database.schema("documents").delete()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("documents")
            .field("id", .int64, .identifier(auto: true))
            .field("serial", .string, .required)
            .field("token_hash", .string, .required)
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("subject_id", .int64, .required)
            .field("subject_key", .string, .required)
            .field("summary_json", .string, .required)
            .field("created_by", .int64)
            .field("created_at", .int64, .required)
            .field("revoked_at", .int64)
            .unique(on: "serial")
            .unique(on: "token_hash")
            .unique(on: "kind", "subject_key")
            .create()
        try await (database as! any SQLDatabase).raw("""
            INSERT INTO documents (id, serial, token_hash, kind, title, subject_id, subject_key, summary_json, created_by, created_at, revoked_at)
            SELECT id, serial, token_hash, kind, title, subject_id, subject_key, summary_json, created_by, created_at, revoked_at
            FROM document_versions WHERE superseded_at IS NULL
            """).run()
        try await database.schema("document_versions").delete()
    }
}
