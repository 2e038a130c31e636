import Fluent
import Vapor

/// A case a file may be attached to, written `<type>:<id>` in forms and URLs (`destination:42`).
package struct UploadCaseRef: Sendable, Equatable {
    package let type: String
    package let id: Int64

    package init(type: String, id: Int64) {
        self.type = type
        self.id = id
    }

    /// `type:id`, the type in lower-case letters, digits, `-` and `_`.
    package init?(_ text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let id = Int64(parts[1]), id > 0, !parts[0].isEmpty, parts[0].count <= 40,
              parts[0].unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else { return nil }
        self.init(type: String(parts[0]), id: id)
    }

    package var text: String { "\(type):\(id)" }
}

/// What the uploads module asks the business that owns a kind of case. The workflow engine
/// registers one per case type at start-up (`app.registerUploadCase("destination", …)`); the
/// module itself knows nothing of cases.
package struct UploadCaseType: Sendable {
    /// The applicant (the account whose case it is), or nil when no such case exists.
    package let owner: @Sendable (_ caseID: Int64, _ db: any Database) async throws -> Int64?
    /// 草稿 (not yet submitted, or returned for changes): files may still be added and removed.
    package let isDraft: @Sendable (_ caseID: Int64, _ db: any Database) async throws -> Bool
    /// When the version in force was approved: files uploaded until then are its evidence and
    /// stay, even while a new version is being edited. nil: nothing approved.
    package let approvedAt: @Sendable (_ caseID: Int64, _ db: any Database) async throws -> Int64?
    /// Whether a member of staff may open the case's files (the case's reviewers in scope); nil:
    /// only the owner, and school staff over their graduates.
    package let visibleTo: (@Sendable (_ user: CurrentUser, _ caseID: Int64, _ db: any Database) async throws -> Bool)?

    package init(owner: @escaping @Sendable (_ caseID: Int64, _ db: any Database) async throws -> Int64?,
         isDraft: @escaping @Sendable (_ caseID: Int64, _ db: any Database) async throws -> Bool,
         visibleTo: (@Sendable (_ user: CurrentUser, _ caseID: Int64, _ db: any Database) async throws -> Bool)? = nil,
         approvedAt: @escaping @Sendable (_ caseID: Int64, _ db: any Database) async throws -> Int64? = { _, _ in nil }) {
        self.owner = owner
        self.isDraft = isDraft
        self.approvedAt = approvedAt
        self.visibleTo = visibleTo
    }
}

package enum UploadCaseStatus {
    /// Whether files of this case may change now. An unknown case type never counts as a
    /// draft: a file of a business that is not registered stays put.
    package static func isDraft(_ ref: UploadCaseRef, app: Application, on db: any Database) async throws -> Bool {
        guard let type = app.uploadCaseTypes[ref.type] else { return false }
        return try await type.isDraft(ref.id, db)
    }

    /// Whether a file uploaded at `uploadedAt` is evidence of the version in force.
    package static func isEvidenceInForce(_ ref: UploadCaseRef, uploadedAt: Int64, app: Application, on db: any Database) async throws -> Bool {
        guard let type = app.uploadCaseTypes[ref.type], let approved = try await type.approvedAt(ref.id, db) else { return false }
        return uploadedAt <= approved
    }

    /// Refuses to attach a file to a case that is not the user's own draft.
    package static func checkAttachable(_ ref: UploadCaseRef, userID: Int64, app: Application, on db: any Database) async throws {
        guard let type = app.uploadCaseTypes[ref.type], let owner = try await type.owner(ref.id, db), owner == userID else {
            throw UploadError(status: .notFound, reason: "找不到要关联的业务。请从该业务的填写页面上传材料。")
        }
        guard try await type.isDraft(ref.id, db) else {
            throw UploadError(status: .conflict, reason: "该业务已提交审核，不能再添加材料。如需补充，请等审核退回后再上传。")
        }
    }
}

extension Application {
    private struct UploadCaseTypesKey: StorageKey { typealias Value = [String: UploadCaseType] }

    /// Registered case types by name. Register during start-up, before requests are served.
    package var uploadCaseTypes: [String: UploadCaseType] { storage[UploadCaseTypesKey.self] ?? [:] }

    package func registerUploadCase(_ name: String, _ type: UploadCaseType) {
        var types = uploadCaseTypes
        types[name] = type
        storage[UploadCaseTypesKey.self] = types
    }
}
