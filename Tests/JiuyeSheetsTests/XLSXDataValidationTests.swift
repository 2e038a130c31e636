import XCTest
@testable import JiuyeSheets

/// Drop-down lists (`<dataValidations>`) on a sheet, pointing at a second sheet of code lists or
/// at a literal list: written where SpreadsheetML wants them and read back unchanged.
final class XLSXDataValidationTests: XCTestCase {
    func sheetXML(_ bytes: [UInt8], _ index: Int) throws -> String {
        let zip = try ZipArchive(bytes: bytes)
        let entry = try XCTUnwrap(zip.entry(named: "xl/worksheets/sheet\(index).xml"))
        return String(decoding: try zip.extract(entry, limit: 1 << 20), as: UTF8.self)
    }

    func testListsReferToAnotherSheetAndLiteralValues() throws {
        let bytes = try XLSXWriter.file { writer in
            writer.beginSheet(name: "毕业生", columns: ["学历", "性别", "备注"])
            writer.appendRow(["本科生毕业", "男", "示例"])
            writer.addDataValidation(.list(column: 0, rows: 2...1001, source: .cells(sheet: "代码表", column: 1, rows: 2...9),
                                           prompt: ("学历", "从列表选择，或填写代码、简称"), error: ("不在列表中", "也可填写代码或“本科”等简称 <继续>")))
            writer.addDataValidation(.list(column: 1, rows: 2...1001, source: .values(["男", "女"]), errorStyle: .stop))
            writer.beginSheet(name: "代码表", columns: ["学历代码", "学历名称"])
            writer.appendRow(["31", "本科生毕业"])
        }
        let first = try sheetXML(bytes, 1)
        // After </sheetData>, before </worksheet>, as CT_Worksheet orders its children.
        let data = try XCTUnwrap(first.range(of: "</sheetData>")), validations = try XCTUnwrap(first.range(of: "<dataValidations count=\"2\">"))
        XCTAssertLessThan(data.upperBound, validations.upperBound)
        XCTAssertTrue(first.hasSuffix("</dataValidations></worksheet>"))
        XCTAssertTrue(first.contains("sqref=\"A2:A1001\"><formula1>'代码表'!$B$2:$B$9</formula1>"), first)
        XCTAssertTrue(first.contains("errorStyle=\"warning\""))
        XCTAssertTrue(first.contains("error=\"也可填写代码或“本科”等简称 &lt;继续&gt;\""), "attribute text escaped")
        XCTAssertTrue(first.contains("promptTitle=\"学历\""))
        XCTAssertTrue(first.contains("errorStyle=\"stop\"") && first.contains("<formula1>\"男,女\"</formula1>"), first)
        // Validations belong to their sheet only.
        XCTAssertFalse(try sheetXML(bytes, 2).contains("dataValidation"))
        // The workbook still reads as before, both sheets.
        let reader = try XLSXReader(bytes: bytes)
        XCTAssertEqual(reader.sheetNames, ["毕业生", "代码表"])
        XCTAssertEqual(try reader.rows().map { $0.cells.map(\.text) }, [["学历", "性别", "备注"], ["本科生毕业", "男", "示例"]])
        XCTAssertEqual(try reader.rows(sheet: "代码表").map { $0.cells.map(\.text) }, [["学历代码", "学历名称"], ["31", "本科生毕业"]])
    }

    func testReferencesQuoteTheSheetNameAndUseColumnLetters() {
        XCTAssertEqual(XLSXDataValidation.reference(sheet: "代码表", column: 27, rows: 2...60), "'代码表'!$AB$2:$AB$60")
        XCTAssertEqual(XLSXDataValidation.reference(sheet: "O'Neil", column: 0, rows: 1...3), "'O''Neil'!$A$1:$A$3")
        XCTAssertEqual(XLSXDataValidation.list(column: 0, rows: 1...1, source: .values(["a\"b", "c"])).formula, "\"a\"\"b,c\"")
    }

    func testASheetWithoutListsEndsAsBefore() throws {
        let bytes = try XLSXWriter.file { writer in writer.appendRow(["x"]) }
        XCTAssertTrue(try sheetXML(bytes, 1).hasSuffix("</row></sheetData></worksheet>"))
    }
}
