import Foundation
@testable import JiuyeDomain
import XCTest

final class MoneyTests: XCTestCase {
    func testPlainDecimalsParseExactly() {
        XCTAssertEqual(Money.parse("3001.5"), Decimal(string: "3001.5"))
        XCTAssertEqual(Money.parse(" 200 "), 200)
        XCTAssertEqual(Money.parse("-12.30"), Decimal(string: "-12.3"))
        XCTAssertEqual(Money.parse("0.1")! + Money.parse("0.2")!, Money.parse("0.3"), "exact, not binary floating point")
        for text in [nil, "", " ", "1,000", "1e3", "¥5", "5元", "1.2.3", "-", ".", "--1", "1-"] {
            XCTAssertNil(Money.parse(text), String(describing: text))
        }
    }

    func testSumsSkipWhatIsNotAnAmount() {
        XCTAssertEqual(Money.sum(["1000.10", nil, "abc", "2000.25"]), Decimal(string: "3000.35"))
        XCTAssertEqual(Money.sum([String?]()), 0)
    }

    func testTwoDecimalsRoundedHalfUp() {
        XCTAssertEqual(Money.format(Decimal(string: "3001.5")!), "3001.50")
        XCTAssertEqual(Money.format(200), "200.00")
        XCTAssertEqual(Money.format(Decimal(string: "0.005")!), "0.01")
        XCTAssertEqual(Money.format(Decimal(string: "2.344")!), "2.34")
        XCTAssertEqual(Money.format(Decimal(string: "-1.005")!), "-1.01")
        XCTAssertEqual(Money.format(Decimal(string: "123456789012.1")!), "123456789012.10")
    }
}
