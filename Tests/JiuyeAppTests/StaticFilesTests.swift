@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Vapor
import XCTest

/// `Public/` is served for paths under its top-level entries only; other paths never reach the
/// file system, and nothing outside `Public/` is served.
final class StaticFilesTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testFirstSegment() {
        XCTAssertEqual(StaticFilesMiddleware.firstSegment(of: "/css/app.css"), "css")
        XCTAssertEqual(StaticFilesMiddleware.firstSegment(of: "//js/app.js"), "js")
        XCTAssertEqual(StaticFilesMiddleware.firstSegment(of: "/favicon.ico"), "favicon.ico")
        XCTAssertEqual(StaticFilesMiddleware.firstSegment(of: "/"), "")
        XCTAssertEqual(StaticFilesMiddleware.firstSegment(of: "/review/destination"), "review")
    }

    func testStylesheetAndScriptAreServedAndPagesAreNot() async throws {
        let browser = Browser(app)
        let css = try await browser.get("/css/app.css")
        XCTAssertEqual(css.status, .ok)
        XCTAssertEqual(css.headers.contentType?.subType, "css")
        XCTAssertTrue(css.body.contains("{"), "the stylesheet's text")
        let script = try await browser.get("/js/app.js")
        XCTAssertEqual(script.status, .ok)
        let missing = try await browser.get("/css/missing.css")
        XCTAssertEqual(missing.status, .notFound)
        let health = try await browser.get("/healthz")
        XCTAssertEqual(health.status, .ok, "a route outside Public/ still answers")
        let login = try await browser.get("/login")
        XCTAssertEqual(login.status, .ok)
        XCTAssertTrue(login.body.contains("/css/app.css"), "pages link the stylesheet that is served")
    }

    func testNothingOutsidePublicIsServed() async throws {
        let browser = Browser(app)
        for path in ["/css/../../Package.swift", "/css/%2e%2e/%2e%2e/Package.swift", "/Package.swift", "/../Package.swift"] {
            let page = try await browser.get(path)
            XCTAssertTrue([.notFound, .forbidden, .badRequest].contains(page.status), "\(path): \(page.status)")
            XCTAssertFalse(page.body.contains("PackageDescription"), path)
        }
    }
}
