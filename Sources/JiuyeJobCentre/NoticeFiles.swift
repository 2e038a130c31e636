import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 通知公告的附件 (seed 003 §1.1 常用下载 and 通知公告): the office attaches files to a notice through
/// the platform's uploads (checked by content: PDF, JPG, PNG); anyone reading the published notice
/// downloads them. A file belongs to the notice's author while the notice stands; a withdrawn
/// notice's files are no longer served.
package enum NoticeFiles {
    package static let caseType = "notice"

    package static func register(on app: Application) {
        app.registerUploadCase(caseType, UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT created_by FROM notices WHERE id = \(bind: id) AND withdrawn_at IS NULL").first()?
                    .decode(column: "created_by", as: Int64.self)
            },
            isDraft: { id, db in
                try await db.sql.raw("SELECT id FROM notices WHERE id = \(bind: id) AND withdrawn_at IS NULL").first() != nil
            },
            visibleTo: { user, id, db in
                guard user.role == .schoolAdmin, let school = try await db.sql.raw("SELECT school_id FROM notices WHERE id = \(bind: id)").first()?
                    .decode(column: "school_id", as: Int64.self) else { return false }
                return user.active?.values[.school]?.contains(String(school)) == true
            }))
    }

    /// The notice's live files, oldest first.
    package static func files(of notice: Int64, on db: any Database) async throws -> [Uploads.Row] {
        try await Uploads.forCase(UploadCaseRef(type: caseType, id: notice), on: db)
    }

    /// Where the office adds a file: the platform's upload page, back to the notice after.
    package static func addLink(_ notice: Int64) -> String {
        "/uploads/new?kind=\(UploadKind.other.rawValue)&case=\(caseType):\(notice)&next=\(QueryString.encode("/news/\(notice)"))"
    }

    /// A file of a published notice, for anyone (the office also before publishing).
    @Sendable
    package static func download(req: Request) async throws -> Response {
        guard let notice = RequestNumber.id(req.parameters.get("id")), let file = RequestNumber.id(req.parameters.get("file")),
              let row = try await req.db.sql.raw("SELECT school_id, publish_at, withdrawn_at FROM notices WHERE id = \(bind: notice)").first() else { throw Abort(.notFound) }
        let school = try row.decode(column: "school_id", as: Int64.self)
        let published = try row.decode(column: "withdrawn_at", as: Int64?.self) == nil && (try row.decode(column: "publish_at", as: Int64.self)) <= req.now
        let office = req.currentUser?.role == .schoolAdmin && req.currentUser?.active?.values[.school]?.contains(String(school)) == true
        guard published || office, let upload = try await Uploads.find(id: file, on: req.db), upload.caseRef == UploadCaseRef(type: caseType, id: notice),
              let type = upload.fileType else { throw Abort(.notFound) }
        let data = try await Uploads.contents(of: upload, app: req.application, on: req.db)
        let response = Response(status: .ok, body: .init(data: data))
        for (name, value) in UploadResponseHeaders.make(type: type, filename: UploadName.downloadName(upload.original_name, type: type), id: file, attachment: true) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        return response
    }
}
