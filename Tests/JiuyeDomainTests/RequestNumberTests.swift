import JiuyeDomain
import XCTest

final class RequestNumberTests: XCTestCase {
    func testPageNumberIsClampedAndNeverTraps() {
        XCTAssertEqual(PageNumber.parse(nil), 1)
        XCTAssertEqual(PageNumber.parse(""), 1)
        XCTAssertEqual(PageNumber.parse("3"), 3)
        XCTAssertEqual(PageNumber.parse("0"), 1)
        XCTAssertEqual(PageNumber.parse("-5"), 1)
        XCTAssertEqual(PageNumber.parse("abc"), 1)
        XCTAssertEqual(PageNumber.parse("1e9"), 1)
        XCTAssertEqual(PageNumber.parse("１２"), 1, "full-width digits are not a page number")
        XCTAssertEqual(PageNumber.parse("9223372036854775807"), PageNumber.maximum)
        XCTAssertEqual(PageNumber.parse("-9223372036854775808"), 1)
        XCTAssertEqual(PageNumber.parse(String(repeating: "9", count: 40)), PageNumber.maximum)
        XCTAssertEqual(PageNumber.offset(page: 1, pageSize: 20), 0)
        XCTAssertEqual(PageNumber.offset(page: 3, pageSize: 20), 40)
        XCTAssertEqual(PageNumber.offset(page: Int.max, pageSize: Int.max),
                       (PageNumber.maximum - 1) * PageNumber.maximumPageSize, "both clamped before multiplying")
        XCTAssertEqual(PageNumber.offset(page: Int.min, pageSize: -1), 0)
    }

    func testRequestNumberTakesPlainDigitsInRange() {
        XCTAssertEqual(RequestNumber.parse("2026", in: 1900...2200), 2026)
        XCTAssertNil(RequestNumber.parse("2301", in: 1900...2200))
        XCTAssertNil(RequestNumber.parse("+12", in: 0...100))
        XCTAssertNil(RequestNumber.parse(" 12", in: 0...100))
        XCTAssertNil(RequestNumber.parse("-", in: -10...10))
        XCTAssertEqual(RequestNumber.parse("-7", in: -10...10), -7)
        XCTAssertNil(RequestNumber.parse("99999999999999999999", in: 0...Int.max))
        // Nineteen digits: refused before the multiplication that would overflow.
        XCTAssertNil(RequestNumber.parse("9223372036854775808", in: 0...Int.max))
        XCTAssertNil(RequestNumber.parse("9999999999999999999", in: 0...Int.max))
        XCTAssertNil(RequestNumber.parse("-9999999999999999999", in: Int.min...0))
        XCTAssertEqual(RequestNumber.parse("999999999999999999", in: 0...Int.max), 999_999_999_999_999_999)
        XCTAssertEqual(RequestNumber.id("42"), 42)
        XCTAssertNil(RequestNumber.id("0"))
        XCTAssertNil(RequestNumber.id("-3"))
        XCTAssertNil(RequestNumber.id("9223372036854775807"))
    }
}
