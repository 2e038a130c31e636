import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import Vapor
import XCTest
import XCTVapor

/// A school admin limited to one campus (校区) sees that campus's 去向登记 cases and counts, and
/// none of the other campus (the case table had no campus column: such an admin saw nothing).
final class CampusScopeTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testACampusLimitedSchoolAdminSeesTheCasesOfThatCampusOnly() async throws {
        // The demo's cases (as `seed-demo` makes them) are graduates of 计科2101, whose college sits on one campus.
        try await DemoSeed.seedCases(app)
        let row = try await app.db.sql.raw("""
            SELECT c.campus_id, c.school_id, c.applicant_name, (SELECT COUNT(*) FROM destination_cases) AS n FROM destination_cases c ORDER BY c.id LIMIT 1
            """).first()!
        let campus = try XCTUnwrap(try row.decode(column: "campus_id", as: Int64?.self), "a case carries its graduate's campus")
        let school = try row.decode(column: "school_id", as: Int64.self)
        let total = try row.decode(column: "n", as: Int.self)
        let other = try await app.db.sql.raw("SELECT id FROM campuses WHERE school_id = \(bind: school) AND id <> \(bind: campus) LIMIT 1").first()!
            .decode(column: "id", as: Int64.self)
        let hash = try await app.passwords.hash(Demo.password)
        for (username, campusID) in [("campus_here", campus), ("campus_there", other)] {
            let id = try await AccountQueries.create(.init(username: username, displayName: username, passwordHash: hash), keys: app.keys, now: app.clock.now(), on: app.db)
            _ = try await AccountQueries.addAssignment(userID: id, role: .schoolAdmin, scope: [.school: [String(school)], .campus: [String(campusID)]],
                                                       createdBy: nil, now: app.clock.now(), on: app.db)
        }
        let here = Browser(app)
        let signedIn = try await here.login("campus_here", Demo.password)
        XCTAssertEqual(signedIn.status, .seeOther)
        let list = try await here.get("/review/destination?status=")
        XCTAssertEqual(list.status, .ok)
        let name = try row.decode(column: "applicant_name", as: String.self)
        XCTAssertTrue(list.body.contains(name))
        XCTAssertTrue(list.body.contains("待审核 \(total)"), "the campus's counts")

        let there = Browser(app)
        let signedInThere = try await there.login("campus_there", Demo.password)
        XCTAssertEqual(signedInThere.status, .seeOther)
        let empty = try await there.get("/review/destination?status=")
        XCTAssertFalse(empty.body.contains(name))
        XCTAssertTrue(empty.body.contains("待审核 0"))
    }
}

/// Seed 004 §2(3): the reviewer sees the 审核标准 of the registered 毕业去向 beside its evidence.
final class ReviewGuidanceTests: XCTestCase {
    func testTheReviewPageShowsTheCategorysReviewStandard() async throws {
        let app = try await TestApp.make(seeded: true)
        do {
            try await DemoSeed.seedCases(app)
            let row = try await app.db.sql.raw("SELECT id, data_json FROM destination_cases WHERE data_json LIKE '%\"category\":\"11\"%' LIMIT 1").first()!
            let id = try row.decode(column: "id", as: Int64.self)
            let standard = try XCTUnwrap(DestinationForm.category("11")?.reviewStandard)
            let college = Browser(app)
            _ = try await college.login("college", Demo.password)
            let page = try await college.get("/review/destination/\(id)")
            XCTAssertEqual(page.status, .ok)
            XCTAssertTrue(page.body.contains("审核标准"))
            XCTAssertTrue(page.body.contains(String(standard.split(separator: "\n")[0].prefix(12))), standard)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}
