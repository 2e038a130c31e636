import XCTest
@testable import JiuyeSheets

/// Workbooks made by other programs (see Fixtures/make_fixtures.py).
final class XLSXFixtureTests: XCTestCase {
    func testOpenpyxlWorkbookGivesStringsNumbersBooleansAndDates() throws {
        let reader = try Fixture.workbook("openpyxl_basic.xlsx")
        XCTAssertEqual(reader.sheetNames, ["毕业生", "Other"])
        XCTAssertFalse(reader.uses1904DateSystem)
        let rows = try reader.rows()
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 4])
        XCTAssertEqual(rows[0].cells.map(\.text), ["学号", "姓名", "毕业日期", "签约日期", "年薪", "已签约", "备注", "公式"])
        XCTAssertEqual(rows[1].cells, [
            .string("20251001"), .string("张明"), .date(SheetDate(year: 2025, month: 6, day: 30)), .string("2025/7/1"),
            .number(120_000), .boolean(true), .string("  前后空格  "), .empty,  // formula without cached value
        ])
        XCTAssertEqual(rows[2].cells, [
            .string("20251002"), .string("李华"), .date(SheetDate(year: 2025, month: 6, day: 30, hour: 8, minute: 30, second: 0)),
            .string("2025年7月2日"), .number(98_765.25), .boolean(false), .string("A&B <c> \"q\" 'a'"),
        ])
        XCTAssertEqual(rows[3].cells, [.string("20251003"), .string("王芳"), .empty, .empty, .empty, .empty, .string("第一行\n第二行")])
    }

    func testDatesTypedAsTextAndAsDateCellsBecomeTheSameISOText() throws {
        let rows = try Fixture.workbook("openpyxl_basic.xlsx").rows()
        XCTAssertEqual(rows[1][2].isoDateText, "2025-06-30")
        XCTAssertEqual(rows[1][3].isoDateText, "2025-07-01")
        XCTAssertEqual(rows[2][2].isoDateText, "2025-06-30")
        XCTAssertEqual(rows[2][2].text, "2025-06-30 08:30:00")
        XCTAssertEqual(rows[2][3].isoDateText, "2025-07-02")
        XCTAssertNil(rows[1][4].isoDateText, "a number without a date format is not a date")
        XCTAssertNil(rows[1][1].isoDateText)
    }

    func testGapsBeforeACellBecomeEmptyCellsAndMissingRowsAreSkipped() throws {
        let rows = try Fixture.workbook("openpyxl_basic.xlsx").rows(sheet: "Other")
        XCTAssertEqual(rows, [SheetRow(number: 5, cells: [.empty, .empty, .string("只有这一格")])])
        XCTAssertEqual(try Fixture.workbook("openpyxl_basic.xlsx").rows(sheet: "other").count, 1, "sheet names ignore case")
    }

    func testRichTextRunsAreJoined() throws {
        let rows = try Fixture.workbook("openpyxl_richtext.xlsx").rows()
        XCTAssertEqual(rows.map { $0.cells.map(\.text) }, [["重要：请于6月30日前提交"], ["普通文本"]])
    }

    func testThe1904DateSystemIsHonoured() throws {
        let reader = try Fixture.workbook("openpyxl_1904.xlsx")
        XCTAssertTrue(reader.uses1904DateSystem)
        let cells = try reader.rows().map { $0[0] }
        XCTAssertEqual(cells, [.date(SheetDate(year: 2025, month: 6, day: 30)),
                               .date(SheetDate(year: 1904, month: 1, day: 2, hour: 12, minute: 0, second: 0)),
                               .number(1.5)])
    }

    func testLibreOfficeWorkbookWithSharedStringsAndRichRuns() throws {
        let reader = try Fixture.workbook("libreoffice.xlsx")
        let rows = try reader.rows()
        XCTAssertEqual(rows.count, 4)
        XCTAssertEqual(rows[0].cells.map(\.text), ["学号", "姓名", "毕业日期", "单位", "备注"])
        XCTAssertEqual(rows[1].cells, [.number(20_251_001), .string("张明"), .date(SheetDate(year: 2025, month: 6, day: 30)),
                                       .string("重庆示范科技有限公司"), .string("已签约")])
        XCTAssertEqual(rows[2].cells.map(\.text), ["20251002", "李华", "2025/6/30", "北京某某有限公司, 研发部", "他说\"好的\""])
        XCTAssertEqual(rows[2][2].isoDateText, "2025-06-30")
        XCTAssertEqual(rows[3].cells.map(\.text), ["20251003", "王芳", "", "", "第一行\n第二行"])
    }

    func testHandWrittenXMLWithEscapesPrefixesAndOddCellTypes() throws {
        let reader = try Fixture.workbook("handmade.xlsx")
        XCTAssertEqual(reader.sheetNames, ["数据 & 说明"])
        let rows = try reader.rows(sheet: "数据 & 说明")
        XCTAssertEqual(rows.map(\.number), [1, 2, 5, 6])
        XCTAssertEqual(rows[0].cells, [.string("第一行\r\n第二行"), .string("漢字 かな"),
                                       .string("_x0041_ 与 中文 与 R&D"), .string("<原样> & 保留")])
        XCTAssertEqual(rows[1].cells, [.string("行内 富文本"), .string("公式结果"), .boolean(true), .error("#N/A"),
                                       .date(SheetDate(year: 2025, month: 6, day: 30, hour: 9, minute: 15, second: 0))])
        XCTAssertEqual(rows[2].cells, [
            .date(SheetDate(year: 2025, month: 6, day: 30)),  // yyyy"年"m"月"d"日"
            .empty,
            .number(3.5),  // 0.00"d": the d is quoted
            .number(-2),  // [Red]0.00
            .date(SheetDate(year: 1900, month: 1, day: 1, hour: 6, minute: 0, second: 0)),  // [h]:mm
            .date(SheetDate(year: 1900, month: 2, day: 28)),  // serial 60, Excel's phantom 1900-02-29
            .date(SheetDate(year: 1900, month: 3, day: 1)),  // serial 61
            .date(SheetDate(year: 1900, month: 2, day: 28)),  // serial 59, built-in format 31
        ])
        XCTAssertEqual(rows[3].cells.count, 27)
        XCTAssertEqual(rows[3][1].text, "0.3")
        XCTAssertEqual(rows[3][2], .number(0.001))
        XCTAssertEqual(rows[3][26], .empty)
    }

    func testReadingIsTheSameFromBytesAndFromAPath() throws {
        let fromBytes = try XLSXReader(bytes: Fixture.bytes("libreoffice.xlsx")).rows()
        XCTAssertEqual(fromBytes, try Fixture.workbook("libreoffice.xlsx").rows())
        XCTAssertThrowsError(try XLSXReader(path: Fixture.directory + "no-such-file.xlsx")) { error in
            guard case .unreadableFile = error as? SheetsError else { return XCTFail("\(error)") }
        }
    }
}
