@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Vapor
import XCTest

/// Numbers taken from a request never reach arithmetic unchecked: `?page=9223372036854775807`
/// once overflowed `(page - 1) * pageSize` and trapped, which takes the whole server (and here,
/// the whole test process) down. Every GET route is walked, as every kind of user, with hostile
/// paging, keyset, year and date values; each answers, and never with a server error.
final class HostileNumbersTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    static let hostileValues = [
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "99999999999999999999999999",
        "-1", "0", "1e9", "0x10", "%00", "１２", "2147483648",
    ]

    /// Every GET route without a path parameter, plus the parameterised list routes with a real
    /// parameter (the review and batch lists of 毕业去向登记, a code table).
    func listRoutes() -> [String] {
        var paths: Set<String> = []
        for route in app.routes.all where route.method == .GET {
            let parts = route.path.map(\.description)
            if parts.contains(where: { $0.hasPrefix(":") || $0 == "*" || $0 == "**" }) {
                let filled = parts.map { part -> String in
                    switch part {
                    case ":type": "destination"
                    case ":key": "education"
                    case ":number", ":id": "1"
                    default: part
                    }
                }
                if filled.allSatisfy({ !$0.hasPrefix(":") && !$0.hasPrefix("*") }) { paths.insert("/" + filled.joined(separator: "/")) }
            } else {
                paths.insert("/" + parts.joined(separator: "/"))
            }
        }
        // Chromium is not needed to prove the PDF route's numbers; skip what launches a process.
        return paths.filter { !$0.hasSuffix(".pdf") }.sorted()
    }

    func testHostilePagingOnEveryListRouteLeavesTheServerUp() async throws {
        let routes = listRoutes()
        XCTAssertGreaterThan(routes.count, 40, "the walk covers the app's GET routes")
        let users: [(String, String)] = [
            ("admin", "Admin-Pass-2026"), ("security", DemoSeed.password), ("auditor", DemoSeed.password),
            ("school", DemoSeed.password), ("college", DemoSeed.password), ("counselor", DemoSeed.password),
            ("20251001", DemoSeed.password), ("employer", DemoSeed.password), ("county_hr", DemoSeed.password),
        ]
        var answered = 0
        for (username, password) in users {
            let browser = Browser(app)
            let login = try await browser.login(username, password)
            XCTAssertNotEqual(login.status, .internalServerError, username)
            for path in routes {
                for value in Self.hostileValues {
                    let encoded = value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value
                    let query = ["page", "after", "limit", "year", "cohort", "college", "major", "from", "to", "id"]
                        .map { "\($0)=\(encoded)" }.joined(separator: "&")
                    let page = try await browser.get(path + "?" + query)
                    XCTAssertLessThan(page.status.code, 500, "\(username) GET \(path)?…=\(value)")
                    answered += 1
                }
            }
        }
        XCTAssertEqual(answered, users.count * routes.count * Self.hostileValues.count)
    }

    /// The largest page number shows an empty last page, not a trap, and page links stay sane.
    func testHugePageNumberShowsAPage() async throws {
        let browser = Browser(app)
        try await browser.login("20251001", DemoSeed.password)
        for path in ["/uploads", "/messages"] {
            let page = try await browser.get(path + "?page=9223372036854775807")
            XCTAssertEqual(page.status, .ok, path)
            XCTAssertTrue(page.body.contains("</main>"), "the whole page is rendered on \(path)")
        }
    }
}
