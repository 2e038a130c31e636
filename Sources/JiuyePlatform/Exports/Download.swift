import Vapor

/// The headers of every file the platform hands out to be saved (exports, reports, PDFs): its
/// type, an RFC 6266 name (UTF-8, with a printable-ASCII fallback for old clients), `nosniff`,
/// and `no-store`, since these files hold personal data.
package enum Download {
    package static func headers(contentType: String, filename: String, fallback: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .contentDisposition, value: UploadResponseHeaders.contentDisposition("attachment", filename: filename, fallback: fallback))
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return headers
    }
}
