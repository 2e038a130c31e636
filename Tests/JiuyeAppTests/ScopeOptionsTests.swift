@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Vapor
import XCTest

/// Every filter's options come from the user's scope: a counselor of one class sees its college,
/// major and level only, and a major offered at two levels reads differently at each.
final class ScopeOptionsTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// The option labels of the `<select id="…">` on the page.
    func options(_ body: String, select id: String) -> [String] {
        guard let start = body.range(of: "id=\"\(id)\""), let end = body[start.upperBound...].range(of: "</select>") else { return [] }
        let html = body[start.upperBound..<end.lowerBound]
        return html.components(separatedBy: "<option").dropFirst().compactMap { part in
            guard let open = part.firstIndex(of: ">"), let close = part.range(of: "</option>") else { return nil }
            return String(part[part.index(after: open)..<close.lowerBound])
        }.filter { $0 != "全部" }
    }

    func testCounselorFiltersOfferOnlyTheirScope() async throws {
        let counselor = Browser(app)
        try await counselor.login("counselor", DemoSeed.password)
        let review = try await counselor.get("/review/destination")
        XCTAssertEqual(review.status, .ok)
        XCTAssertEqual(options(review.body, select: "f-college"), ["计算机学院"])
        XCTAssertEqual(options(review.body, select: "f-level"), ["本科"])
        let college = try await app.db.sql.raw("SELECT id FROM colleges WHERE name = '计算机学院'").first()!.decode(column: "id", as: Int64.self)
        let majors = options(try await counselor.get("/review/destination?college=\(college)").body, select: "f-major")
        XCTAssertFalse(majors.isEmpty)
        XCTAssertTrue(majors.allSatisfy { $0.hasSuffix("（本科）") }, "\(majors)")

        // Another college asked for by hand: no majors offered, nothing counted.
        let other = try await app.db.sql.raw("SELECT id FROM colleges WHERE name = '经济与管理学院'").first()!.decode(column: "id", as: Int64.self)
        let foreign = try await counselor.get("/review/destination?college=\(other)")
        XCTAssertEqual(options(foreign.body, select: "f-major"), [])
    }

    func testSchoolAdminSeesEveryCollegeAndLevel() async throws {
        let school = Browser(app)
        try await school.login("school", DemoSeed.password)
        let list = try await school.get("/students")
        XCTAssertEqual(Set(options(list.body, select: "f-college")), ["计算机学院", "经济与管理学院", "建筑城规学院"])
        XCTAssertEqual(options(list.body, select: "f-level").count, 4, "本科, 硕士, 博士 and 专科")

        let college = Browser(app)
        try await college.login("college", DemoSeed.password)
        let own = try await college.get("/students")
        XCTAssertEqual(options(own.body, select: "f-college"), ["计算机学院"])
        XCTAssertEqual(options(own.body, select: "f-cohort"), ["2026届", "2025届"], "the college admin's 届别")
    }
}
