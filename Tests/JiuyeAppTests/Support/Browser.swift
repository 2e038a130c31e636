import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import Vapor
import XCTest
import XCTVapor

/// A cookie-keeping client over the in-memory tester, posting forms the way a browser does
/// (Origin header, the page's CSRF token). Tests fire many requests through one browser at
/// once (the concurrency tests), so its state sits behind a lock: a plain dictionary written
/// by 50 tasks corrupts the heap and crashes the test process now and then.
final class Browser: Sendable {
    private struct State {
        var cookies: [String: String] = [:]
        var clientAddress = "203.0.113.10"
        var origin: String? = TestApp.origin
    }

    let app: Application
    private let state = NIOLockedValueBox(State())

    var cookies: [String: String] {
        get { state.withLockedValue { $0.cookies } }
        set { state.withLockedValue { $0.cookies = newValue } }
    }
    /// In-memory requests have no peer address; tests name the client through X-Forwarded-For,
    /// which the test settings trust from that empty peer.
    var clientAddress: String {
        get { state.withLockedValue { $0.clientAddress } }
        set { state.withLockedValue { $0.clientAddress = newValue } }
    }
    var origin: String? {
        get { state.withLockedValue { $0.origin } }
        set { state.withLockedValue { $0.origin = newValue } }
    }

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
        var headers = prepared(extra, withOrigin: form != nil)
        var body = ByteBuffer()
        if let form {
            headers.contentType = .urlEncodedForm
            body.writeString(form.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&"))
        }
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: method, url: URI(path: path), headers: headers, body: body))
        keepCookies(of: response)
        return Page(status: response.status, headers: response.headers, body: response.body.string, bytes: Array(response.body.readableBytesView))
    }

    /// `extra` with what this browser sends on every request: the client address, its cookies
    /// and, on a form post, its Origin (unless the test set one).
    func prepared(_ extra: HTTPHeaders, withOrigin: Bool) -> HTTPHeaders {
        var headers = extra
        let (cookies, clientAddress, origin) = state.withLockedValue { ($0.cookies, $0.clientAddress, $0.origin) }
        headers.replaceOrAdd(name: "X-Forwarded-For", value: clientAddress)
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        if withOrigin, let origin, !headers.contains(name: .origin) { headers.replaceOrAdd(name: .origin, value: origin) }
        return headers
    }

    /// Keeps the response's cookies; an expired or emptied one is forgotten.
    func keepCookies(of response: TestingHTTPResponse) {
        state.withLockedValue { state in
            for header in response.headers[.setCookie] {
                let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                guard pair.count == 2 else { continue }
                let expired = header.lowercased().contains("max-age=0")
                if expired || pair[1].isEmpty { state.cookies[pair[0]] = nil } else { state.cookies[pair[0]] = pair[1] }
            }
        }
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

    /// A new browser logged in as `identifier` (the demo password unless given); the login must succeed.
    /// A browser with a session for `userID`, made as logging in would (an imported graduate has
    /// no password to log in with).
    static func signedIn(_ app: Application, _ userID: Int64) async throws -> Browser {
        let browser = Browser(app)
        browser.cookies[CookieName.session] = try await SessionStore.create(userID: userID, ip: "127.0.0.1", userAgent: "test", now: app.clock.now(), on: app.db)
        return browser
    }

    static func loggedIn(_ app: Application, _ identifier: String, _ password: String = DemoSeed.password,
                         file: StaticString = #filePath, line: UInt = #line) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(identifier, password)
        XCTAssertEqual(page.status, .seeOther, "login as \(identifier)", file: file, line: line)
        return browser
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}
