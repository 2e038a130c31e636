import XCTest
@testable import JiuyeSheets

final class XLSXRoundTripTests: XCTestCase {
    func testChineseTextNumbersDatesAndGapsSurviveARoundTrip() throws {
        let bytes = try XLSXWriter.file { writer in
            writer.beginSheet(name: "毕业生", columns: ["学号", "姓名", XLSXWriter.Column("毕业日期", width: 14), "年薪", "备注"])
            writer.appendRow(["20251001", "张明", .date(year: 2025, month: 6, day: 30), 120000, "A&B <c> \"q\" 'a'"])
            writer.appendRow(["00123", "李华", .empty, .number(98765.25), "  前后空格  "])
            writer.appendRow([.empty, .empty, .empty, .number(-0.5)])
            writer.appendRow([])
        }
        let reader = try XLSXReader(bytes: bytes)
        XCTAssertEqual(reader.sheetNames, ["毕业生"])
        let rows = try reader.rows()
        XCTAssertEqual(rows.map(\.number), [1, 2, 3, 4, 5])
        XCTAssertEqual(rows[0].cells, ["学号", "姓名", "毕业日期", "年薪", "备注"].map(CellValue.string))
        XCTAssertEqual(rows[1].cells, [.string("20251001"), .string("张明"), .date(SheetDate(year: 2025, month: 6, day: 30)),
                                       .number(120000), .string("A&B <c> \"q\" 'a'")])
        XCTAssertEqual(rows[2].cells, [.string("00123"), .string("李华"), .empty, .number(98765.25), .string("  前后空格  ")])
        XCTAssertEqual(rows[3].cells, [.empty, .empty, .empty, .number(-0.5)])
        XCTAssertEqual(rows[4].cells, [])
        XCTAssertEqual(rows[1][2].isoDateText, "2025-06-30")
        XCTAssertEqual(rows[1][3].text, "120000")
        XCTAssertEqual(rows[2][3].text, "98765.25")
    }

    func testTextThatLooksLikeAFormulaIsNeutralisedWithAQuote() throws {
        let bytes = try XLSXWriter.file { writer in
            writer.appendRow(["=SUM(A1:A2)", "-5", "+86 138", "@cmd", "\tTab", "\rCR", "a=b", "普通"])
        }
        let cells = try XLSXReader(bytes: bytes).rows()[0].cells.map(\.text)
        XCTAssertEqual(cells, ["'=SUM(A1:A2)", "'-5", "'+86 138", "'@cmd", "'\tTab", "'\rCR", "a=b", "普通"])
    }

    func testNeutralisationCanBeTurnedOff() throws {
        let writer = XLSXWriter(neutralizesFormulas: false)
        writer.appendRow(["=1+1"])
        try writer.finish()
        XCTAssertEqual(try XLSXReader(bytes: writer.takeOutput()).rows()[0][0], .string("=1+1"))
    }

    func testControlCharactersAreDroppedAndLineBreaksAndEscapesKept() throws {
        let bytes = try XLSXWriter.file { writer in
            writer.appendRow(["第一行\n第二行\r\n第三行", "控\u{01}制\u{1F}字\u{FFFE}符", "_x0041_ 与 _x000D_", "]]> & </t>"])
        }
        let cells = try XLSXReader(bytes: bytes).rows()[0].cells.map(\.text)
        XCTAssertEqual(cells, ["第一行\n第二行\r\n第三行", "控制字符", "_x0041_ 与 _x000D_", "]]> & </t>"])
    }

    func testDatesWithTimesAndOddNumbersRoundTrip() throws {
        let morning = SheetDate(year: 2025, month: 6, day: 30, hour: 8, minute: 30, second: 15)
        let bytes = try XLSXWriter.file { writer in
            writer.appendRow([.date(morning), .date(year: 1900, month: 3, day: 1), .date(year: 1899, month: 12, day: 1),
                              .date(year: 2025, month: 2, day: 30), .number(0.1), .number(1e-7), .number(.infinity),
                              .integer(13_800_001_001), .number(1.5e300)])
        }
        let row = try XLSXReader(bytes: bytes).rows()[0]
        XCTAssertEqual(row[0], .date(morning))
        XCTAssertEqual(row[0].text, "2025-06-30 08:30:15")
        XCTAssertEqual(row[0].isoDateText, "2025-06-30")
        XCTAssertEqual(row[1], .date(SheetDate(year: 1900, month: 3, day: 1)))
        // Before Excel's epoch and impossible dates are written as text.
        XCTAssertEqual(row[2], .string("1899-12-01"))
        XCTAssertEqual(row[3], .string("2025-02-30"))
        XCTAssertEqual(row[4], .number(0.1))
        XCTAssertEqual(row[5], .number(1e-7))
        XCTAssertEqual(row[6], .error("#NUM!"))
        XCTAssertEqual(row[7].text, "13800001001")
        XCTAssertEqual(row[8], .number(1.5e300))
    }

    func testSeveralSheetsWithSanitisedUniqueNames() throws {
        let bytes = try XLSXWriter.file { writer in
            writer.beginSheet(name: "2025届/本科", columns: ["甲"])
            writer.appendRow(["一"])
            writer.beginSheet(name: "2025届:本科", columns: ["乙"])
            writer.appendRow(["二"])
            writer.beginSheet(name: "一个非常非常非常非常非常非常非常非常非常非常非常长的工作表名称（第一部分）", columns: [])
            writer.appendRow(["三"])
            writer.beginSheet(name: "", columns: [])
        }
        let reader = try XLSXReader(bytes: bytes)
        XCTAssertEqual(reader.sheetNames, ["2025届_本科", "2025届_本科 (2)", String("一个非常非常非常非常非常非常非常非常非常非常非常长的工作表名称".prefix(31)), "Sheet4"])
        XCTAssertEqual(try reader.rows(sheet: "2025届_本科 (2)").map { $0.cells.map(\.text) }, [["乙"], ["二"]])
        XCTAssertEqual(try reader.rows(sheet: reader.sheetNames[2]).map { $0.cells.map(\.text) }, [["三"]])
        XCTAssertEqual(try reader.rows(sheet: "Sheet4"), [])
        XCTAssertThrowsSheetsError(.sheetNotFound("没有"), try reader.rows(sheet: "没有"))
    }

    func testAnEmptyWriterStillMakesAValidWorkbook() throws {
        let bytes = try XLSXWriter.file { _ in }
        let reader = try XLSXReader(bytes: bytes)
        XCTAssertEqual(reader.sheetNames, ["Sheet1"])
        XCTAssertEqual(try reader.rows(), [])
    }

    func testRowsAfterFinishAreIgnored() throws {
        let writer = XLSXWriter()
        writer.appendRow(["一"])
        try writer.finish()
        writer.appendRow(["二"])
        writer.beginSheet(name: "晚了")
        try writer.finish()
        let reader = try XLSXReader(bytes: writer.takeOutput())
        XCTAssertEqual(reader.sheetNames, ["Sheet1"])
        XCTAssertEqual(try reader.rows().count, 1)
    }

    func testWideRowsUseMultiLetterColumns() throws {
        let cells = (0..<30).map { Cell.integer($0) }
        let bytes = try XLSXWriter.file { $0.appendRow(cells) }
        let row = try XLSXReader(bytes: bytes).rows()[0]
        XCTAssertEqual(row.cells, (0..<30).map { .number(Double($0)) })
        XCTAssertEqual(XLSXParts.columnLetters(0), Array("A".utf8))
        XCTAssertEqual(XLSXParts.columnLetters(26), Array("AA".utf8))
        XCTAssertEqual(XLSXParts.columnLetters(16_383), Array("XFD".utf8))
    }

    /// With JIUYE_SHEETS_SAMPLE set to a path, writes a sample workbook there so that
    /// openpyxl and LibreOffice can be pointed at it (see Fixtures/check_writer_output.py).
    func testWritesASampleForExternalChecksWhenAsked() throws {
        guard let path = ProcessInfo.processInfo.environment["JIUYE_SHEETS_SAMPLE"] else {
            throw XCTSkip("set JIUYE_SHEETS_SAMPLE to write a sample workbook")
        }
        let bytes = try XLSXWriter.file { writer in
            writer.beginSheet(name: "毕业生", columns: ["学号", "姓名", "毕业日期", "年薪", "备注"])
            writer.appendRow(["20251001", "张明", .date(year: 2025, month: 6, day: 30), 120000, "A&B <c> \"q\""])
            writer.appendRow(["00123", "李华", .empty, .number(98765.25), "=HYPERLINK(\"x\")"])
            writer.appendRow(["20251003", "王芳", .date(SheetDate(year: 2025, month: 7, day: 1, hour: 9, minute: 5, second: 0)),
                              .number(0.1), "第一行\n第二行"])
            writer.beginSheet(name: "第二页", columns: ["说明"])
            writer.appendRow(["_x0041_"])
        }
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    }
}
