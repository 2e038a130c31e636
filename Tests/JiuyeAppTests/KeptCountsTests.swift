import Foundation
@testable import JiuyeApp
@testable import JiuyePlatform
import SQLKit
import Vapor
import XCTest
import XCTVapor

/// Staff lists keep their totals a short while (counting 100,000 rows cost more than a page);
/// a list's own writes show at once, other writes within the kept seconds, rows are always live.
final class KeptCountsTests: XCTestCase {
    func testATotalIsKeptUntilItExpiresOrItsListIsWrittenTo() async throws {
        let counts = KeptCounts()
        var computed = 0
        func total(_ key: String, now: Int64) async throws -> Int {
            try await counts.total(key, now: now, seconds: 30) { computed += 1; return computed * 10 }
        }
        let first = try await total("codes|a|", now: 100)
        let kept = try await total("codes|a|", now: 129)
        XCTAssertEqual(first, 10)
        XCTAssertEqual(kept, 10, "kept inside 30 s")
        let expired = try await total("codes|a|", now: 130)
        XCTAssertEqual(expired, 20, "counted again once expired")
        let other = try await total("users|*||", now: 131)
        counts.invalidate(prefix: "codes|")
        let afterWrite = try await total("codes|a|", now: 131)
        XCTAssertEqual(afterWrite, 40, "a write to the list empties its totals")
        let untouched = try await total("users|*||", now: 132)
        XCTAssertEqual(untouched, other, "another list's totals stay")
    }

    func testTheCodeTableTotalFollowsTheAdminsOwnAdditionAtOnce() async throws {
        let app = try await TestApp.make(seeded: true)
        do {
            let admin = Browser(app)
            _ = try await admin.login("admin", "Admin-Pass-2026")
            func shownTotal() async throws -> Int {
                let page = try await admin.get("/admin/codes/destinations")
                let match = try XCTUnwrap(page.body.range(of: #"共 [0-9]+ 条"#, options: .regularExpression))
                return Int(page.body[match].dropFirst(2).dropLast(2))!
            }
            let before = try await shownTotal()
            let added = try await admin.submit("/admin/codes/destinations", from: "/admin/codes/destinations", form: [("code", "L98"), ("name", "本地去向二"), ("parent", "70")])
            XCTAssertEqual(added.status, .seeOther)
            let after = try await shownTotal()
            XCTAssertEqual(after, before + 1)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
