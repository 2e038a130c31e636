import Fluent
import JiuyeDomain
import JiuyeHTML
import Vapor

/// 我的材料 and the upload endpoint every module posts files to:
///
///     GET  /uploads                 the user's own files (preview, download, delete)
///     GET  /uploads/new             the upload page (?kind=…&case=type:id&next=/path)
///     POST /uploads                 multipart/form-data, streamed; CSRF token in the
///                                   X-CSRF-Token header or the _csrf query parameter
///     GET  /uploads/:id             inline preview (owner and in-scope reviewers, else 404)
///     GET  /uploads/:id/download    attachment with the original name (RFC 6266)
///     POST /uploads/:id/delete      owner only, while the case is a draft
package struct UploadsController: RouteCollection {
    package static let pageSize = 20

    /// The streamed upload reads its body after the CSRF check, so its form carries the token
    /// in the query string.
    package static func register(on app: Application) {
        app.csrfQueryTokenPaths.insert("/uploads")
    }

    package func boot(routes: any RoutesBuilder) throws {
        let uploads = routes.grouped("uploads")
        uploads.get(use: list)
        uploads.get("new", use: new)
        // Streamed: the body reaches `upload` unread, so a file is checked as it arrives.
        uploads.on(.POST, body: .stream, use: upload)
        uploads.get(":id", use: preview)
        uploads.get(":id", "download", use: download)
        uploads.post(":id", "delete", use: delete)
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        let (rows, total) = try await Uploads.list(ownerID: user.id, page: page, pageSize: Self.pageSize, on: req.db)
        var drafts: [String: Bool] = [:]
        for ref in Set(rows.compactMap { $0.caseRef?.text }) {
            if let caseRef = UploadCaseRef(ref) { drafts[ref] = try await UploadCaseStatus.isDraft(caseRef, app: req.application, on: req.db) }
        }
        var kept: Set<Int64> = []
        for row in rows {
            if let ref = row.caseRef, drafts[ref.text] == true,
               try await UploadCaseStatus.isEvidenceInForce(ref, uploadedAt: row.created_at, app: req.application, on: req.db) { kept.insert(row.id) }
        }
        let items = rows.map { row in UploadList.Item(row, deletable: !kept.contains(row.id) && (row.caseRef.map { drafts[$0.text] ?? false } ?? true)) }
        let model = UploadList.Model(items: items, total: total, page: page, csrfToken: user.csrfToken)
        return req.render(UploadList.View(context: req.pageContext("我的材料", breadcrumb: [Crumb("我的材料")]), model: model))
    }

    @Sendable
    package func new(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let model = UploadForm.Model(
            kind: req.query[String.self, at: "kind"].flatMap(UploadKind.init(rawValue:)),
            caseRef: req.query[String.self, at: "case"].flatMap(UploadCaseRef.init),
            next: Self.localPath(req.query[String.self, at: "next"]),
            csrfToken: user.csrfToken, error: nil)
        return req.render(Self.formPage(req, model))
    }

    package static func formPage(_ req: Request, _ model: UploadForm.Model) -> UploadForm.View {
        UploadForm.View(context: req.pageContext("上传材料", breadcrumb: [Crumb("我的材料", href: "/uploads"), Crumb("上传材料")], current: "/uploads"),
                        model: model)
    }

    @Sendable
    package func upload(req: Request) async throws -> Response {
        let user = try req.requireUser()
        // A script asks for JSON; a browser's form post (Accept: text/html, or */*) gets pages.
        let accepted = req.headers.accept.mediaTypes
        let wantsJSON = accepted.contains(.json) && !accepted.contains(.html)
        let queryKind = req.query[String.self, at: "kind"].flatMap(UploadKind.init(rawValue:))
        var fields: [String: String] = [:]
        do {
            let file = try await MultipartUpload.receive(req, kind: queryKind)
            fields = file.fields
            guard let kind = queryKind ?? file.fields["kind"].flatMap(UploadKind.init(rawValue:)) else {
                throw UploadError(status: .badRequest, reason: "请选择材料类型。")
            }
            guard kind.allowedTypes.contains(file.type) else { throw UploadError.unsupported(kind) }
            let caseText = Self.nonEmpty(req.query[String.self, at: "case"]) ?? Self.nonEmpty(file.fields["case"])
            let caseRef = try caseText.map { text in
                guard let ref = UploadCaseRef(text) else { throw UploadError(status: .notFound, reason: "找不到要关联的业务。请从该业务的填写页面上传材料。") }
                return ref
            }
            let id = try await Uploads.save(file, kind: kind, caseRef: caseRef, ownerID: user.id, req: req)
            let destination = Self.localPath(req.query[String.self, at: "next"]) ?? Self.localPath(file.fields["next"]) ?? "/uploads"
            let flash = Flash(.success, "已上传“\(file.fileName)”（\(kind.label)，\(UploadSize.format(file.bytes.count))）。")
            guard wantsJSON else { return req.seeOther(destination, flash: flash) }
            let response = Response(status: .created)
            try response.content.encode(UploadCreated(id: id, name: file.fileName, kind: kind.rawValue, kindLabel: kind.label,
                                                      contentType: file.type.mimeType, size: file.bytes.count,
                                                      url: "/uploads/\(id)", download: "/uploads/\(id)/download", redirect: destination))
            response.cookies[CookieName.flash] = req.cookie(FlashCookie.encode(flash, keys: req.keys), maxAge: 120)
            return response
        } catch let error as UploadError {
            req.logger.info("Upload refused for user \(user.id): \(error.status.code)")
            if wantsJSON {
                let response = Response(status: error.status)
                try response.content.encode(["error": error.reason])
                return response
            }
            // The page again, with the reason above the form.
            let kind = queryKind ?? fields["kind"].flatMap(UploadKind.init(rawValue:))
            let model = UploadForm.Model(kind: kind,
                                         caseRef: (Self.nonEmpty(req.query[String.self, at: "case"]) ?? fields["case"]).flatMap(UploadCaseRef.init),
                                         next: Self.localPath(req.query[String.self, at: "next"]) ?? Self.localPath(fields["next"]),
                                         csrfToken: user.csrfToken, error: error.reason)
            return req.render(Self.formPage(req, model), status: error.status)
        }
    }

    @Sendable
    package func delete(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id").flatMap(Int64.init) else { throw Abort(.notFound) }
        let back = Self.localPath(try? req.content.get(String.self, at: "next")) ?? "/uploads"
        do {
            let row = try await Uploads.delete(id: id, by: user, req: req)
            return req.seeOther(back, flash: Flash(.success, "已删除“\(row.original_name)”。"))
        } catch let error as UploadError {
            return req.seeOther(back, flash: Flash(.error, error.reason))
        }
    }

    /// A path on this site (`/…`, not `//host`), for `next`.
    package static func localPath(_ value: String?) -> String? {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\"),
              !value.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else { return nil }
        return value
    }

    package static func nonEmpty(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}

/// The answer to a script's upload (`Accept: application/json`).
package struct UploadCreated: Content {
    package let id: Int64
    package let name: String
    package let kind: String
    package let kindLabel: String
    package let contentType: String
    package let size: Int
    package let url: String
    package let download: String
    package let redirect: String
}
