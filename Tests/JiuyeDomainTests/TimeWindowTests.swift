import XCTest
@testable import JiuyeDomain

final class TimeWindowTests: XCTestCase {
    let window = TimeWindow(opensAt: 1_000, closesAt: 2_000)
    let format: (Int64) -> String = { "T\($0)" }

    func testStatesAroundTheWindow() {
        XCTAssertEqual(WindowState(window, now: 999), .notYetOpen(opensAt: 1_000, closesAt: 2_000))
        XCTAssertEqual(WindowState(window, now: 1_000), .open(closesAt: 2_000))
        XCTAssertEqual(WindowState(window, now: 1_999), .open(closesAt: 2_000))
        XCTAssertEqual(WindowState(window, now: 2_000), .closed(closedAt: 2_000))
        XCTAssertEqual(WindowState(nil, now: 1_500), .notSet)
        XCTAssertTrue(WindowState(window, now: 1_500).isOpen)
        XCTAssertFalse(WindowState(nil, now: 1_500).isOpen)
    }

    func testRefusalsSayWhenTheBusinessOpens() {
        XCTAssertEqual(WindowState(window, now: 10).refusal(for: .destination, format: format), "毕业去向登记尚未开始，开放时间为 T1000 至 T2000。")
        XCTAssertEqual(WindowState(window, now: 3_000).refusal(for: .termination, format: format), "解约申请已于 T2000 截止。")
        XCTAssertEqual(WindowState(nil, now: 3_000).refusal(for: .livingSubsidy, format: format), "生活补贴申报尚未开放，开放时间由学校（或区县）另行通知。")
        XCTAssertNil(WindowState(window, now: 1_500).refusal(for: .destination, format: format))
    }

    func testBadWindowsAreCaught() {
        XCTAssertEqual(TimeWindow(opensAt: 5, closesAt: 5).problem, .closesBeforeOpening)
        XCTAssertEqual(TimeWindow(opensAt: 0, closesAt: 3 * 366 * 86_400).problem, .tooLong)
        XCTAssertNil(window.problem)
    }

    func testEveryBusinessHasAChineseLabelAndAnOwner() {
        for business in Business.allCases {
            XCTAssertFalse(business.label.isEmpty)
            XCTAssertEqual(business.ownerKind, business == .livingSubsidy ? .county : .school)
        }
    }
}
