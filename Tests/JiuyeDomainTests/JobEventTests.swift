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

/// 就业问答: the question and the answer.
final class QuestionTests: XCTestCase {
    func testQuestionsAndAnswersHaveTheirLimits() throws {
        let asked = try Question.check(title: "  三方协议  丢了怎么办 ", body: "签约后协议书遗失。\r\n能补办吗？").get()
        XCTAssertEqual(asked.title, "三方协议 丢了怎么办")
        XCTAssertEqual(asked.body, "签约后协议书遗失。\n能补办吗？")
        if case .success = Question.check(title: "问题", body: "") { XCTFail("too short") }
        if case .success = Question.check(title: String(repeating: "问", count: 61), body: "") { XCTFail("too long") }
        if case .success = Question.check(title: "正常的问题", body: String(repeating: "字", count: 1_001)) { XCTFail("body too long") }
        if case .success = Question.check(title: "含\u{202E}控制符的问题", body: "") { XCTFail("control character") }
        XCTAssertEqual(try Question.checkAnswer(" 可以补办。\r\n请到就业中心。 ").get(), "可以补办。\n请到就业中心。")
        if case .success = Question.checkAnswer("好") { XCTFail("too short") }
    }
}
