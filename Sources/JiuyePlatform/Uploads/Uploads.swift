import Fluent
import Foundation
import JiuyeDomain
import SQLKit
import Vapor

/// The one upload service: files are checked (`MultipartUpload`), encrypted (`FileCipher`) and
/// kept once per content in the `FileStore`; `uploads` rows say whose they are and what they are
/// for; `upload_blobs` rows hold each content's wrapped data key. A blob is removed with the last
/// live row that names it.
package enum Uploads {
    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let owner_user_id: Int64
        package let case_type: String?
        package let case_id: Int64?
        package let kind: String
        package let original_name: String
        package let content_type: String
        package let size: Int64
        package let sha256: String
        package let created_at: Int64

        package var caseRef: UploadCaseRef? {
            guard let case_type, let case_id else { return nil }
            return UploadCaseRef(type: case_type, id: case_id)
        }

        package var fileType: UploadFileType? { UploadFileType(mimeType: content_type) }
        package var kindLabel: String { UploadKind(rawValue: kind)?.label ?? kind }
    }

    package static let columns = ["id", "owner_user_id", "case_type", "case_id", "kind", "original_name", "content_type", "size", "sha256", "created_at"]

    package struct BlobRow: Decodable, Sendable {
        package let id: Int64
        package let data_key_cipher: String
    }

    // MARK: Writing

    /// Stores a checked file for `ownerID` and returns the new row's id. Audited, without the
    /// file's name or content.
    package static func save(_ file: ReceivedUpload, kind: UploadKind, caseRef: UploadCaseRef?, ownerID: Int64, req: Request) async throws -> Int64 {
        let store = try req.application.uploadStore
        let keys = req.keys
        let app = req.application
        let now = req.now
        let contentKey = FileCipher.contentKey(of: file.bytes)
        // Sealed before the transaction with a fresh key; used when this content is new.
        let candidate = FileCipher.DataKey.random()
        let candidateWrapped = candidate.wrapped(by: keys)
        let sealed = try FileCipher.seal(file.bytes, contentKey: contentKey, with: candidate)
        do {
            return try await req.db.writeTransaction { db in
                if let caseRef { try await UploadCaseStatus.checkAttachable(caseRef, userID: ownerID, app: app, on: db) }
                let blob = try await claimBlob(contentKey, wrapped: candidateWrapped, size: file.bytes.count, type: file.type, now: now, on: db)
                if blob.data_key_cipher == candidateWrapped {
                    try await store.put(sealed, key: contentKey)
                } else if try await !store.exists(key: contentKey) {
                    // The row outlived its file (restored database, lost disk): write it again under the row's key.
                    let dataKey = try FileCipher.DataKey.unwrap(blob.data_key_cipher, keys: keys)
                    try await store.put(FileCipher.seal(file.bytes, contentKey: contentKey, with: dataKey), key: contentKey)
                }
                let row = try await db.sql.insert(into: "uploads")
                    .columns("owner_user_id", "case_type", "case_id", "kind", "original_name", "content_type", "size", "sha256", "created_at", "deleted_at")
                    .values(SQLBind(ownerID), SQLBind(caseRef?.type), SQLBind(caseRef?.id), SQLBind(kind.rawValue), SQLBind(file.fileName),
                            SQLBind(file.type.mimeType), SQLBind(Int64(file.bytes.count)), SQLBind(contentKey), SQLBind(now), SQLLiteral.null)
                    .returning("id").first()
                guard let id = try row?.decode(column: "id", as: Int64.self) else {
                    throw Abort(.internalServerError, reason: "insert into uploads returned no id")
                }
                var changes: [Audit.Change] = [.init("kind", after: kind.label), .init("type", after: file.type.label),
                                               .init("size", after: String(file.bytes.count))]
                if let caseRef { changes.append(.init("case", after: caseRef.text)) }
                try await req.audit(.uploadCreate, target: .upload, id: id, changes: changes, on: db)
                return id
            }
        } catch {
            try? await removeOrphan(contentKey, store: store, on: req.db)
            throw error
        }
    }

    /// The blob row of `contentKey`, created with `wrapped` when the content is new, locked for
    /// the rest of the transaction. A blob deleted by a concurrent transaction is claimed again.
    package static func claimBlob(_ contentKey: String, wrapped: String, size: Int, type: UploadFileType, now: Int64, on db: any Database) async throws -> BlobRow {
        for _ in 0..<3 {
            try await db.sql.insert(into: "upload_blobs")
                .columns("sha256", "data_key_cipher", "size", "content_type", "created_at")
                .values(SQLBind(contentKey), SQLBind(wrapped), SQLBind(Int64(size)), SQLBind(type.mimeType), SQLBind(now))
                .ignoringConflicts(with: ["sha256"]).run()
            if let blob = try await db.sql.select().columns("id", "data_key_cipher").from("upload_blobs")
                .where("sha256", .equal, SQLBind(contentKey)).lockedForUpdate().first(decoding: BlobRow.self) {
                return blob
            }
        }
        throw Abort(.internalServerError, reason: "Could not claim upload blob \(contentKey.prefix(12))…")
    }

    /// After a failed save: a file no blob row names is unreadable (its key was rolled back).
    /// Inserting a placeholder row for the content first waits for a concurrent upload of the
    /// same content to finish, so a file that upload still needs is never removed.
    package static func removeOrphan(_ contentKey: String, store: any FileStore, on db: any Database) async throws {
        try await db.writeTransaction { db in
            let placeholder = try await db.sql.insert(into: "upload_blobs")
                .columns("sha256", "data_key_cipher", "size", "content_type", "created_at")
                .values(SQLBind(contentKey), SQLBind(""), SQLBind(Int64(0)), SQLBind(""), SQLBind(Int64(0)))
                .ignoringConflicts(with: ["sha256"]).returning("id").first()
            guard placeholder != nil else { return }
            try await store.delete(key: contentKey)
            try await db.sql.delete(from: "upload_blobs").where("sha256", .equal, SQLBind(contentKey)).run()
        }
    }

    /// Deletes the owner's upload `id` while its case (if any) is a draft. Someone else's upload
    /// is 404; the blob goes with the last live row naming it. Audited.
    @discardableResult
    package static func delete(id: Int64, by user: CurrentUser, req: Request) async throws -> Row {
        let store = try req.application.uploadStore
        let app = req.application
        let now = req.now
        return try await req.db.writeTransaction { db in
            guard let row = try await db.sql.select().columns(columns).from("uploads")
                .where("id", .equal, SQLBind(id)).where("owner_user_id", .equal, SQLBind(user.id))
                .where(SQLColumn("deleted_at"), .is, SQLLiteral.null)
                .lockedForUpdate().first(decoding: Row.self) else { throw Abort(.notFound) }
            if let caseRef = row.caseRef, try await !UploadCaseStatus.isDraft(caseRef, app: app, on: db) {
                throw UploadError(status: .conflict, reason: "该材料所属的业务已提交审核，不能删除。如需更换，请等审核退回后再操作。")
            }
            if let caseRef = row.caseRef, try await UploadCaseStatus.isEvidenceInForce(caseRef, uploadedAt: row.created_at, app: app, on: db) {
                throw UploadError(status: .conflict, reason: "该材料是当前有效登记的证明材料，不能删除。变更后的新材料请另行上传。")
            }
            try await db.sql.update("uploads").set("deleted_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
            let blob = try await db.sql.select().column("id").from("upload_blobs")
                .where("sha256", .equal, SQLBind(row.sha256)).lockedForUpdate().first()
            let live = try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
                .from("uploads").where("sha256", .equal, SQLBind(row.sha256)).where(SQLColumn("deleted_at"), .is, SQLLiteral.null)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            if live == 0 {
                if blob != nil { try await db.sql.delete(from: "upload_blobs").where("sha256", .equal, SQLBind(row.sha256)).run() }
                // Removed while the blob row is locked, so a concurrent upload of the same content waits and writes it anew.
                try await store.delete(key: row.sha256)
            }
            var changes: [Audit.Change] = [.init("kind", after: row.kindLabel)]
            if let caseRef = row.caseRef { changes.append(.init("case", after: caseRef.text)) }
            try await req.audit(.uploadDelete, target: .upload, id: id, changes: changes, on: db)
            return row
        }
    }

    // MARK: Reading

    package static func find(id: Int64, on db: any Database) async throws -> Row? {
        try await db.sql.select().columns(columns).from("uploads")
            .where("id", .equal, SQLBind(id)).where(SQLColumn("deleted_at"), .is, SQLLiteral.null)
            .first(decoding: Row.self)
    }

    /// Upload `id` if `user` may see it: its owner; school staff (辅导员, 院系管理员, 学校管理员,
    /// 审核员) whose scope covers the graduate who owns it; or, for a file attached to a case,
    /// staff the case's business lets see that case (its reviewers in scope: a grassroots reviewer
    /// over an applicant who is no graduate of the school, a county bureau over a subsidy
    /// application). Anyone else gets nil, shown as 404.
    package static func visible(id: Int64, to user: CurrentUser, app: Application, on db: any Database) async throws -> Row? {
        guard let row = try await find(id: id, on: db) else { return nil }
        if row.owner_user_id == user.id { return row }
        guard let role = user.role, role.isStaff else { return nil }
        if role.isSchoolStaff, try await StudentQueries.find(userID: row.owner_user_id, scope: user.scope, on: db) != nil { return row }
        if let ref = row.caseRef, let type = app.uploadCaseTypes[ref.type], let visibleTo = type.visibleTo,
           try await visibleTo(user, ref.id, db) { return row }
        return nil
    }

    /// The plaintext of a stored upload.
    package static func contents(of row: Row, app: Application, on db: any Database) async throws -> Data {
        guard let blob = try await db.sql.select().columns("id", "data_key_cipher").from("upload_blobs")
            .where("sha256", .equal, SQLBind(row.sha256)).first(decoding: BlobRow.self) else {
            throw Abort(.internalServerError, reason: "Upload \(row.id) names blob \(row.sha256.prefix(12))… which has no row")
        }
        guard let sealed = try await app.uploadStore.get(key: row.sha256) else {
            throw Abort(.internalServerError, reason: "Upload \(row.id): blob \(row.sha256.prefix(12))… is missing from the store")
        }
        return try FileCipher.open(sealed, contentKey: row.sha256, with: FileCipher.DataKey.unwrap(blob.data_key_cipher, keys: app.keys))
    }

    /// The owner's live uploads, newest first.
    package static func list(ownerID: Int64, page: Int, pageSize: Int, on db: any Database) async throws -> (rows: [Row], total: Int) {
        let total = try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("uploads").where("owner_user_id", .equal, SQLBind(ownerID)).where(SQLColumn("deleted_at"), .is, SQLLiteral.null)
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.select().columns(columns).from("uploads")
            .where("owner_user_id", .equal, SQLBind(ownerID)).where(SQLColumn("deleted_at"), .is, SQLLiteral.null)
            .orderBy("id", .descending).limit(pageSize).offset(PageNumber.offset(page: page, pageSize: pageSize))
            .all(decoding: Row.self)
        return (rows, total)
    }

    /// The live files of one case, oldest first (for the case's own pages).
    package static func forCase(_ ref: UploadCaseRef, on db: any Database) async throws -> [Row] {
        try await db.sql.select().columns(columns).from("uploads")
            .where("case_type", .equal, SQLBind(ref.type)).where("case_id", .equal, SQLBind(ref.id))
            .where(SQLColumn("deleted_at"), .is, SQLLiteral.null)
            .orderBy("id").all(decoding: Row.self)
    }
}
