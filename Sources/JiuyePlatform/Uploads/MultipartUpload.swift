import Foundation
import MultipartKit
import NIOCore
import Vapor

/// A refused upload: the status and the Chinese sentence the user sees. Nothing is stored when
/// one is thrown, because a file reaches the store only after it has been read whole and checked.
package struct UploadError: AbortError, Sendable {
    package let status: HTTPResponseStatus
    package let reason: String

    package static let noFile = UploadError(status: .badRequest, reason: "请选择要上传的文件。")
    package static let emptyFile = UploadError(status: .badRequest, reason: "文件是空的，请重新选择。")
    package static let twoFiles = UploadError(status: .badRequest, reason: "一次只能上传一个文件。")
    package static let malformed = UploadError(status: .badRequest, reason: "上传的数据不完整或格式有误，请重新选择文件上传。")
    package static let notMultipart = UploadError(status: .unsupportedMediaType, reason: "请通过上传页面选择文件上传。")
    package static let formTooLong = UploadError(status: .badRequest, reason: "表单内容过长，请返回上传页面重新提交。")

    package static func unsupported(_ kind: UploadKind?) -> UploadError {
        UploadError(status: .unsupportedMediaType,
                    reason: "文件类型不支持：只能上传 \((kind ?? .other).allowedTypesText)。系统按文件内容识别类型，修改扩展名无效。")
    }

    package static func tooLarge(_ type: UploadFileType?) -> UploadError {
        UploadError(status: .payloadTooLarge, reason: type?.tooLargeMessage
                    ?? "文件过大：图片不能超过 \(UploadSize.format(UploadFileType.imageLimit))，PDF 文件不能超过 \(UploadSize.format(UploadFileType.pdfLimit))。")
    }
}

/// The file of a multipart/form-data body and its small text fields.
package struct ReceivedUpload: Sendable {
    /// The client's file name, cleaned for display (never a path on the server).
    package let fileName: String
    package let type: UploadFileType
    package let bytes: Data
    package let fields: [String: String]
}

/// Reads a `multipart/form-data` body as it streams in (the route collects nothing). The type is
/// decided by the file's first bytes, so a disguised file is refused after 8 bytes; a file over
/// its type's limit is refused the moment it passes it, and the whole body may not exceed the
/// largest limit plus room for the form fields. The remainder of a refused body is discarded by
/// the server, never kept.
package enum MultipartUpload {
    package static let fieldLimit = 4 * 1024
    package static let maxFields = 16
    /// Multipart headers, boundaries and the text fields.
    package static let overhead = 64 * 1024

    package static func bodyLimit(for types: [UploadFileType]) -> Int {
        (types.map(\.maxBytes).max() ?? UploadFileType.largestLimit) + overhead
    }

    package static func receive(_ req: Request, kind: UploadKind?) async throws -> ReceivedUpload {
        guard let contentType = req.headers.contentType, contentType.type == "multipart", contentType.subType == "form-data",
              let boundary = contentType.parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw UploadError.notMultipart
        }
        let allowed = kind?.allowedTypes ?? UploadFileType.allCases
        let limit = bodyLimit(for: allowed)
        if let declared = req.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw UploadError.tooLarge(allowed.allSatisfy(\.isImage) ? .jpeg : nil)
        }

        let reader = PartReader(allowed: allowed, kind: kind)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in reader.header(name, value) }
        parser.onBody = { buffer in reader.body(&buffer) }
        parser.onPartComplete = { reader.complete() }

        var received = 0
        for try await chunk in req.body {
            received += chunk.readableBytes
            if received > limit { throw reader.failure ?? UploadError.tooLarge(reader.type) }
            do {
                try parser.execute(chunk)
            } catch {
                throw reader.failure ?? UploadError.malformed
            }
            if let failure = reader.failure { throw failure }
        }
        if let failure = reader.failure { throw failure }
        guard let file = reader.file else { throw reader.sawFilePart ? UploadError.malformed : UploadError.noFile }
        return ReceivedUpload(fileName: file.name, type: file.type, bytes: file.bytes, fields: reader.fields)
    }
}

/// The state of one body being parsed: the current part's headers, the file so far, the fields.
/// Lives inside one request's task; the parser calls it synchronously.
private final class PartReader {
    package enum Part {
        case file(name: String)
        case field(name: String)
        case ignored
    }

    package let allowed: [UploadFileType]
    package let kind: UploadKind?
    private var headers: [(String, String)] = []
    private var part: Part?
    private var buffer = ByteBuffer()
    private var fieldBytes: [UInt8] = []
    private(set) var type: UploadFileType?
    private(set) var failure: UploadError?
    private(set) var file: (name: String, type: UploadFileType, bytes: Data)?
    private(set) var sawFilePart = false
    private(set) var fields: [String: String] = [:]

    package init(allowed: [UploadFileType], kind: UploadKind?) {
        self.allowed = allowed
        self.kind = kind
    }

    package func header(_ name: String, _ value: String) {
        headers.append((name.lowercased(), value))
    }

    package func body(_ chunk: inout ByteBuffer) {
        guard failure == nil else { return }
        if part == nil { begin() }
        switch part {
        case .file:
            buffer.writeBuffer(&chunk)
            check(final: false)
        case .field:
            fieldBytes.append(contentsOf: chunk.readableBytesView)
            if fieldBytes.count > MultipartUpload.fieldLimit { failure = .formTooLong }
        case .ignored, nil:
            break
        }
    }

    package func complete() {
        defer {
            headers = []
            part = nil
            fieldBytes = []
        }
        guard failure == nil else { return }
        if part == nil { begin() }
        switch part {
        case .file(let name):
            check(final: true)
            guard failure == nil, let type else { return }
            file = (name, type, Data(buffer.readableBytesView))
            buffer = ByteBuffer()
        case .field(let name):
            if fields.count >= MultipartUpload.maxFields { failure = .formTooLong; return }
            fields[name] = String(decoding: fieldBytes, as: UTF8.self)
        case .ignored, nil:
            break
        }
    }

    private func begin() {
        let disposition = headers.first { $0.0 == "content-disposition" }.map { FormDataDisposition($0.1) }
        if let filename = disposition?.filename {
            if sawFilePart { failure = .twoFiles; part = .ignored; return }
            sawFilePart = true
            part = .file(name: UploadName.clean(filename))
        } else if let name = disposition?.name {
            part = .field(name: name)
        } else {
            part = .ignored
        }
    }

    /// Type from the first bytes, then the type's limit, as the bytes arrive.
    private func check(final: Bool) {
        if type == nil {
            guard buffer.readableBytes >= UploadFileType.signatureLength || final else { return }
            if final && buffer.readableBytes == 0 {
                failure = headers.isEmpty ? .noFile : (fileNameIsEmpty ? .noFile : .emptyFile)
                return
            }
            guard let sniffed = UploadFileType.sniff(buffer.readableBytesView), allowed.contains(sniffed) else {
                failure = .unsupported(kind)
                return
            }
            type = sniffed
        }
        if let type, buffer.readableBytes > type.maxBytes {
            failure = .tooLarge(type)
        }
    }

    private var fileNameIsEmpty: Bool {
        if case .file(let name) = part { return name == UploadName.unnamed }
        return false
    }
}

/// `form-data; name="file"; filename="合同.pdf"` (or `filename*=UTF-8''…`, preferred).
package struct FormDataDisposition {
    package var name: String?
    package var filename: String?

    package init(_ value: String) {
        var plainName: String?
        var extendedName: String?
        for parameter in Self.split(value).dropFirst() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let key = parameter[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            let raw = parameter[parameter.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            switch key {
            case "name": name = Self.unquote(raw)
            case "filename": plainName = Self.unquote(raw)
            case "filename*": extendedName = Self.decodeExtended(raw)
            default: break
            }
        }
        filename = extendedName ?? plainName
    }

    /// Splits on `;` outside double quotes.
    package static func split(_ value: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        for character in value {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true; current.append(character)
            case "\"": quoted.toggle(); current.append(character)
            case ";" where !quoted: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// A quoted value. Browsers send `"` as `%22` and a backslash as itself (old ones send whole
    /// Windows paths); other clients escape `\"` and `\\`. Both are understood.
    package static func unquote(_ raw: String) -> String {
        guard raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") else { return raw }
        var result = ""
        var characters = raw.dropFirst().dropLast()[...]
        while let character = characters.popFirst() {
            if character == "\\", let next = characters.first, next == "\"" || next == "\\" {
                result.append(next)
                characters.removeFirst()
            } else {
                result.append(character)
            }
        }
        return result.replacingOccurrences(of: "%22", with: "\"")
    }

    /// RFC 5987 `UTF-8''%E5%90%88…`.
    package static func decodeExtended(_ raw: String) -> String? {
        let pieces = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3, pieces[0].lowercased() == "utf-8" else { return nil }
        return String(pieces[2]).removingPercentEncoding
    }
}

/// The client's file name as shown and offered back on download: the last path component,
/// without control or bidirectional formatting characters, at most 120 characters.
package enum UploadName {
    package static let unnamed = "未命名文件"
    package static let maxLength = 120

    package static func clean(_ raw: String) -> String {
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        var scalars = String.UnicodeScalarView()
        for scalar in last.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: continue
            default: scalars.append(scalar)
            }
        }
        var name = String(scalars).trimmingCharacters(in: .whitespaces)
        while name.hasPrefix(".") { name.removeFirst() }
        if name.count > maxLength {
            let ext = (name as NSString).pathExtension
            let keep = maxLength - (ext.isEmpty ? 0 : ext.count + 1)
            name = String(name.prefix(keep)) + (ext.isEmpty ? "" : "." + ext)
        }
        return name.isEmpty ? unnamed : name
    }

    /// The name offered on download: the client's name with the extension of the real type
    /// (a PNG sent as `scan.jpg` downloads as `scan.png`).
    package static func downloadName(_ name: String, type: UploadFileType) -> String {
        let ext = (name as NSString).pathExtension.lowercased()
        if type.extensions.contains(ext) { return name }
        let known = UploadFileType.allCases.contains { $0.extensions.contains(ext) }
        let base = known ? (name as NSString).deletingPathExtension : name
        return base + "." + type.fileExtension
    }
}
