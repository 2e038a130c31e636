import Fluent
import Foundation
import Vapor

/// Serving a stored file: inline preview and download, typed by the magic bytes recorded at
/// upload, `nosniff`, never cached, and audited when someone other than the owner looks.
extension UploadsController {
    @Sendable
    package func preview(req: Request) async throws -> Response {
        try await serve(req, attachment: false)
    }

    @Sendable
    package func download(req: Request) async throws -> Response {
        try await serve(req, attachment: true)
    }

    package func serve(_ req: Request, attachment: Bool) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id").flatMap(Int64.init),
              let row = try await Uploads.visible(id: id, to: user, app: req.application, on: req.db),
              let type = row.fileType else { throw Abort(.notFound) }
        let data = try await Uploads.contents(of: row, app: req.application, on: req.db)
        if row.owner_user_id != user.id {
            // A reviewer opening a graduate's ID scan or contract is on the record, like 查看完整信息.
            try await req.db.writeTransaction { db in
                try await req.audit(.uploadView, target: .upload, id: id,
                                    changes: [.init("kind", after: row.kindLabel), .init("mode", after: attachment ? "下载" : "预览")], on: db)
            }
        }
        let response = Response(status: .ok, body: .init(data: data))
        let headers = UploadResponseHeaders.make(type: type, filename: UploadName.downloadName(row.original_name, type: type),
                                                 id: id, attachment: attachment)
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        return response
    }
}

package enum UploadResponseHeaders {
    package static func make(type: UploadFileType, filename: String, id: Int64, attachment: Bool) -> [(String, String)] {
        [
            ("Content-Type", type.mimeType),
            ("Content-Disposition", contentDisposition(attachment ? "attachment" : "inline", filename: filename,
                                                      fallback: "upload-\(id).\(type.fileExtension)")),
            ("X-Content-Type-Options", "nosniff"),
            ("Cache-Control", "private, no-store"),
            // Nothing in a preview may run or load anything. A PDF is not sandboxed: Firefox's
            // viewer refuses sandboxed documents (Chromium's shows them either way).
            ("Content-Security-Policy", type == .pdf
                ? "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
                : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'; sandbox"),
        ]
    }

    /// RFC 6266: `attachment; filename="ascii.pdf"; filename*=UTF-8''%E5%8A%B3…`. The plain
    /// `filename` is the name itself when it is printable ASCII, else `fallback`.
    package static func contentDisposition(_ type: String, filename: String, fallback: String) -> String {
        let printableASCII = filename.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F && $0 != "\"" && $0 != "\\" }
        let plain = printableASCII ? filename : fallback
        return "\(type); filename=\"\(plain)\"; filename*=UTF-8''\(rfc5987(filename))"
    }

    /// Percent-encodes all but RFC 5987 `attr-char`.
    package static func rfc5987(_ value: String) -> String {
        let attrChars = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~".utf8)
        var result = ""
        for byte in value.utf8 {
            if attrChars.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}
