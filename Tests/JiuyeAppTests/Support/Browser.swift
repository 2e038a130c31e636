import Foundation
@testable import JiuyeApp
import NIOCore
import NIOHTTP1
import Vapor
import XCTVapor

/// A cookie-keeping client over the in-memory tester, posting forms the way a browser does
/// (Origin header, the page's CSRF token).
final class Browser: @unchecked Sendable {
    let app: Application
    var cookies: [String: String] = [:]
    /// In-memory requests have no peer address; tests name the client through X-Forwarded-For,
    /// which the test settings trust from that empty peer.
    var clientAddress = "203.0.113.10"
    var origin: String? = TestApp.origin

    init(_ app: Application) { self.app = app }

    struct Page {
        let status: HTTPStatus
        let headers: HTTPHeaders
        let body: String
        /// The body as sent (a download's bytes).
        var bytes: [UInt8] = []
        var location: String? { headers.first(name: .location) }

        /// The CSRF token of the first form on the page.
        var csrfToken: String? {
            guard let range = body.range(of: #"name="_csrf" value=""#) else { return nil }
            let rest = body[range.upperBound...]
            return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
        }
    }

    @discardableResult
    func request(_ method: HTTPMethod, _ path: String, form: [(String, String)]? = nil, headers extra: HTTPHeaders = [:]) async throws -> Page {
        var headers = extra
        headers.replaceOrAdd(name: "X-Forwarded-For", value: clientAddress)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        var body = ByteBuffer()
        if let form {
            headers.contentType = .urlEncodedForm
            body.writeString(form.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&"))
            if let origin, !headers.contains(name: .origin) { headers.replaceOrAdd(name: .origin, value: origin) }
        }
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: method, url: URI(path: path), headers: headers, body: body))
        for header in response.headers[.setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard pair.count == 2 else { continue }
            let expired = header.lowercased().contains("max-age=0")
            if expired || pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        return Page(status: response.status, headers: response.headers, body: response.body.string, bytes: Array(response.body.readableBytesView))
    }

    func get(_ path: String) async throws -> Page { try await request(.GET, path) }

    /// Loads `page` for its CSRF token, then posts `form` with it to `path`.
    @discardableResult
    func submit(_ path: String, from page: String, form: [(String, String)]) async throws -> Page {
        let token = try await get(page).csrfToken ?? ""
        return try await request(.POST, path, form: [("_csrf", token)] + form)
    }

    @discardableResult
    func login(_ identifier: String, _ password: String, remember: Bool = false) async throws -> Page {
        var form = [("identifier", identifier), ("password", password)]
        if remember { form.append(("remember", "1")) }
        return try await submit("/login", from: "/login", form: form)
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
