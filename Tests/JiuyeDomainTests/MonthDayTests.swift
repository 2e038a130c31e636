@testable import JiuyeDomain
import XCTest

final class MonthDayTests: XCTestCase {
    func testParsesTheSettingsFormAndRefusesDaysNoYearHas() {
        XCTAssertEqual(MonthDay(parsing: "08-31"), MonthDay(month: 8, day: 31))
        XCTAssertEqual(MonthDay(parsing: "12-1"), MonthDay(month: 12, day: 1))
        for text in ["", "08", "08-31-2025", "2-30", "13-01", "0-10", "aa-bb", "-8-31", "008-31", "08-", "+8-31", "8-+1"] {
            XCTAssertNil(MonthDay(parsing: text), text)
        }
    }

    func testLeapDayFallsOnTheLastDayOfFebruaryInACommonYear() {
        let leap = MonthDay(month: 2, day: 29)!
        XCTAssertEqual(leap.date(in: 2024), CivilDate(year: 2024, month: 2, day: 29))
        XCTAssertEqual(leap.date(in: 2025), CivilDate(year: 2025, month: 2, day: 28))
        XCTAssertNil(leap.date(in: 99_999))
    }

    func testTheYearlyRulesShareIt() {
        XCTAssertEqual(DestinationChangeDeadline.standard.day, MonthDay(month: 8, day: 31))
        XCTAssertEqual(TerminationOpening.standard.day, MonthDay(month: 12, day: 1))
        XCTAssertEqual(TerminationOpening.standard.date(forGraduationYear: 2025), CivilDate(year: 2024, month: 12, day: 1))
    }
}

final class YearMonthTests: XCTestCase {
    func testReadsDatesAsTheImportDoes() {
        XCTAssertEqual(YearMonth("1995年7月")?.description, "1995-07")
        XCTAssertEqual(YearMonth("2021-09-01")?.description, "2021-09")
        XCTAssertEqual(YearMonth("1995.07")?.description, "1995-07")
        XCTAssertNil(YearMonth("2021-02-31"), "a day February has not")
        XCTAssertNil(YearMonth("1999-13"))
        XCTAssertNil(YearMonth("明年"))
    }
}
