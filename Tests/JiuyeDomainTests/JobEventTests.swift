import JiuyeDomain
import XCTest

/// 一键预约活动: the event form's edges and the 签到码.
final class JobEventTests: XCTestCase {
    let now: Int64 = 1_796_000_000
    let valid = ["kind": "招聘会", "title": "2027 届春季双选会", "venue": "学生活动中心一楼", "capacity": "500", "description": "百家单位进校招聘。"]

    func fields(_ changes: [String: String], starts: Int64? = nil, ends: Int64? = nil) -> [String] {
        let startsAt = starts ?? now + 86_400, endsAt = ends ?? (starts ?? now + 86_400) + 3 * 3_600
        if case .failure(let problems) = JobEvent.check(valid.merging(changes) { $1 }, startsAt: startsAt, endsAt: endsAt, now: now) { return problems.list.map(\.field) }
        return []
    }

    func testTheFormsEdges() {
        XCTAssertEqual(fields([:]), [])
        XCTAssertEqual(fields(["kind": "晚会"]), ["kind"])
        XCTAssertEqual(fields(["title": "会"]), ["title"])
        XCTAssertEqual(fields(["venue": String(repeating: "楼", count: 61)]), ["venue"])
        XCTAssertEqual(fields(["capacity": "0"]), ["capacity"])
        XCTAssertEqual(fields(["capacity": "20001"]), ["capacity"])
        XCTAssertEqual(fields(["capacity": "20000"]), [])
        XCTAssertEqual(fields(["capacity": "99999999999999999999"]), ["capacity"], "refused, not trapped")
        XCTAssertEqual(fields([:], starts: now), ["starts_at"], "not in the past")
        XCTAssertEqual(fields([:], starts: now + 367 * 86_400), ["starts_at"])
        XCTAssertEqual(fields([:], starts: now + 3_600, ends: now + 3_600), ["ends_at"])
        XCTAssertEqual(fields([:], starts: now + 3_600, ends: now + 3_600 + 86_401), ["ends_at"])
        if case .failure(let problems) = JobEvent.check(valid, startsAt: nil, endsAt: nil, now: now) {
            XCTAssertEqual(problems.list.map(\.field), ["starts_at", "ends_at"])
        } else { XCTFail() }
        XCTAssertTrue(JobEvent.bookingOpen(startsAt: now + 1, now: now))
        XCTAssertFalse(JobEvent.bookingOpen(startsAt: now, now: now))
    }

    func testTicketCodesAreReadableAndTypedLoosely() {
        var generator = SystemRandomNumberGenerator()
        let code = TicketCode.make(using: &generator)
        XCTAssertEqual(code.count, 8)
        XCTAssertFalse(code.contains { "01OIL".contains($0) })
        XCTAssertEqual(TicketCode.normalise(TicketCode.display(code).lowercased()), code)
        XCTAssertEqual(TicketCode.normalise(" abcd efgh "), "ABCDEFGH")
        XCTAssertNil(TicketCode.normalise("ABCD0FGH"), "0 is not in the alphabet")
        XCTAssertNil(TicketCode.normalise("ABCDEFG"))
        XCTAssertEqual(TicketCode.display("ABCDEFGH"), "ABCD-EFGH")
    }
}
