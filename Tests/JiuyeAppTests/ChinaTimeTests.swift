@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeHTML
import XCTest

/// Beijing time by arithmetic (fixed UTC+8 since 1992) agrees with Foundation's calendar, and the
/// one-pass query string parser decodes what browsers send; hex by table equals hex by format.
final class ChinaTimeTests: XCTestCase {
    func testFieldsAgreeWithTheCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = ChinaTime.zone
        var generator = SystemRandomNumberGenerator()
        let samples: [Int64] = [ChinaTime.fixedOffsetSince, 951_782_400 - 1, 951_782_400, 4_107_542_399, 1_798_732_800]
            + (0..<5_000).map { _ in Int64.random(in: 0...4_102_444_800, using: &generator) }
        for epoch in samples {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
            XCTAssertEqual(ChinaTime.fields(epoch), .init(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!), "\(epoch)")
        }
        XCTAssertEqual(ChinaTime.dateTime(1_795_363_200), "2026-11-23 00:00")
        XCTAssertEqual(ChinaTime.date(951_753_600), "2000-02-29")
        XCTAssertEqual(ChinaTime.clock(1_795_363_200 + 9 * 60 + 3600 * 13), "13:09")
    }

    func testHexStringByTableEqualsFormatting() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 16, 32, 33] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            XCTAssertEqual(bytes.hexString, bytes.map { String(format: "%02x", $0) }.joined())
        }
        XCTAssertEqual([0x00, 0x0f, 0xa0, 0xff].hexString, "000fa0ff")
    }

    func testQueryStringParsesOnce() {
        let query = QueryString.parse("status=%E5%BE%85%E5%AE%A1%E6%A0%B8&q=%E5%BC%A0+%E6%98%8E&college=&after=12&status=x&bad=%E5%Z")
        XCTAssertEqual(query["status"], "待审核", "the first value wins")
        XCTAssertEqual(query["q"], "张 明")
        XCTAssertEqual(query["college"], "")
        XCTAssertEqual(query["after"], "12")
        XCTAssertEqual(query["bad"], "\u{FFFD}%Z", "a broken escape does not crash")
        XCTAssertEqual(QueryString.parse(nil), [:])
    }
}
