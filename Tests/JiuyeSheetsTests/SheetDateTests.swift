import XCTest
@testable import JiuyeSheets

final class SheetDateTests: XCTestCase {
    func testSerialsInThe1900SystemIncludingTheLeapYearBug() {
        XCTAssertEqual(SheetDate(excelSerial: 1)?.isoDate, "1900-01-01")
        XCTAssertEqual(SheetDate(excelSerial: 59)?.isoDate, "1900-02-28")
        XCTAssertEqual(SheetDate(excelSerial: 60)?.isoDate, "1900-02-28")
        XCTAssertEqual(SheetDate(excelSerial: 61)?.isoDate, "1900-03-01")
        XCTAssertEqual(SheetDate(excelSerial: 45838)?.isoDate, "2025-06-30")
        XCTAssertEqual(SheetDate(excelSerial: 45838.5)?.description, "2025-06-30 12:00:00")
        XCTAssertEqual(SheetDate(excelSerial: 45838.999999999)?.description, "2025-07-01")
        XCTAssertNil(SheetDate(excelSerial: -1))
        XCTAssertNil(SheetDate(excelSerial: .nan))
        XCTAssertNil(SheetDate(excelSerial: 1e12))
    }

    func testSerialsInThe1904System() {
        XCTAssertEqual(SheetDate(excelSerial: 0, uses1904: true)?.isoDate, "1904-01-01")
        XCTAssertEqual(SheetDate(excelSerial: 44376, uses1904: true)?.isoDate, "2025-06-30")
        XCTAssertEqual(SheetDate(year: 2025, month: 6, day: 30).excelSerial(uses1904: true), 44376)
    }

    func testDatesToSerialsAndBack() {
        XCTAssertEqual(SheetDate(year: 1900, month: 1, day: 1).excelSerial(), 1)
        XCTAssertEqual(SheetDate(year: 1900, month: 2, day: 28).excelSerial(), 59)
        XCTAssertEqual(SheetDate(year: 1900, month: 3, day: 1).excelSerial(), 61)
        XCTAssertNil(SheetDate(year: 1899, month: 12, day: 31).excelSerial())
        XCTAssertNil(SheetDate(year: 2025, month: 2, day: 29).excelSerial())
        for serial in stride(from: 61.0, to: 80_000, by: 97) {
            XCTAssertEqual(SheetDate(excelSerial: serial)?.excelSerial(), serial)
        }
        XCTAssertEqual(SheetDate(year: 2024, month: 2, day: 29).excelSerial(), 45351)
    }

    func testDatesTypedAsTextTheWaysPeopleTypeThem() {
        for text in ["2025-06-30", "2025/6/30", "2025.06.30", "2025年6月30日", "2025年06月30号", "20250630", " 2025-6-30 ", "２０２５年６月３０日"] {
            XCTAssertEqual(SheetDate(parsing: text)?.isoDate, "2025-06-30", text)
        }
        XCTAssertEqual(SheetDate(parsing: "2025-06-30 08:30")?.description, "2025-06-30 08:30:00")
        XCTAssertEqual(SheetDate(parsing: "2025/6/30T08:30:05")?.description, "2025-06-30 08:30:05")
        for text in ["2025-02-30", "2025-13-01", "25-06-30", "2025-06", "2025-06-30x", "20251301", "", "张明", "2025/6-30", "123456789"] {
            XCTAssertNil(SheetDate(parsing: text), text)
        }
    }

    func testDateFormatDetection() {
        for id in [14, 15, 22, 27, 31, 36, 45, 47, 50, 58] { XCTAssertTrue(DateFormats.isDateFormat(id: id), "\(id)") }
        for id in [0, 1, 10, 11, 23, 37, 44, 48, 49, 59, 164] { XCTAssertFalse(DateFormats.isDateFormat(id: id), "\(id)") }
        for code in ["yyyy-mm-dd", "yyyy\\-mm\\-dd", "yyyy\"年\"m\"月\"d\"日\"", "[$-zh-CN]yyyy/m/d", "h:mm AM/PM", "[h]:mm:ss", "mm:ss", "D-MMM-YY"] {
            XCTAssertTrue(DateFormats.isDateFormat(code: code), code)
        }
        for code in ["General", "0.00", "#,##0\"元\"", "0.00\"d\"", "[Red]0.00", "0.00E+00", "@", "_-* #,##0_-", "\\d0", "0;[Red]-0;\"d\""] {
            XCTAssertFalse(DateFormats.isDateFormat(code: code), code)
        }
    }

    func testNumbersReadAsExcelShowsThem() {
        XCTAssertEqual(CellValue.number(42).text, "42")
        XCTAssertEqual(CellValue.number(-0.0).text, "0")
        XCTAssertEqual(CellValue.number(3.5).text, "3.5")
        XCTAssertEqual(CellValue.number(0.1 + 0.2).text, "0.3")
        XCTAssertEqual(CellValue.number(1.0 / 3).text, "0.333333333333333")
        XCTAssertEqual(CellValue.number(20_251_001).text, "20251001")
        XCTAssertEqual(CellValue.boolean(true).text, "TRUE")
        XCTAssertEqual(CellValue.string(" \u{3000}张明 ").trimmedText, "张明")
    }

    func testFormulaNeutralisation() {
        XCTAssertEqual(Sheets.neutralizingFormula("=1+1"), "'=1+1")
        XCTAssertEqual(Sheets.neutralizingFormula("-"), "'-")
        XCTAssertEqual(Sheets.neutralizingFormula("张=1"), "张=1")
        XCTAssertEqual(Sheets.neutralizingFormula(""), "")
    }
}
