import XCTest
@testable import JiuyeSheets

final class CSVTests: XCTestCase {
    private let students = [
        ["学号", "姓名", "毕业日期", "单位", "备注"],
        ["20251001", "张明", "2025-06-30", "重庆示范科技有限公司", "已签约"],
        ["20251002", "李华", "2025/6/30", "北京某某有限公司, 研发部", "他说\"好的\""],
        ["20251003", "王芳", "", "", "第一行\n第二行"],
    ]

    func testUTF8WithAndWithoutBOMAndGB18030DecodeIdentically() throws {
        let plain = try CSVReader(path: Fixture.directory + "students_utf8.csv")
        let bom = try CSVReader(path: Fixture.directory + "students_utf8_bom.csv")
        let gb = try CSVReader(path: Fixture.directory + "students_gb18030.csv")
        XCTAssertEqual(plain.encoding, .utf8)
        XCTAssertEqual(bom.encoding, .utf8WithBOM)
        XCTAssertEqual(gb.encoding, .gb18030)
        XCTAssertEqual(plain.rows, students)
        XCTAssertEqual(bom.rows, students)
        XCTAssertEqual(gb.rows, students)
    }

    func testRFC4180QuotingAndLineEnds() throws {
        XCTAssertEqual(try CSVReader.parse("a,\"b,c\",\"d\"\"e\"\r\n\"多\r\n行\",,x\rlast\nend"),
                       [["a", "b,c", "d\"e"], ["多\r\n行", "", "x"], ["last"], ["end"]])
        XCTAssertEqual(try CSVReader.parse("a,b\n\nc\n"), [["a", "b"], [], ["c"]])
        XCTAssertEqual(try CSVReader.parse(",\n\"\"\n"), [["", ""], [""]])
        XCTAssertEqual(try CSVReader.parse(""), [])
        XCTAssertEqual(try CSVReader.parse("a\"b,c"), [["a\"b", "c"]], "a quote inside an unquoted field is literal")
        XCTAssertEqual(try CSVReader.parse("\"ab\"cd,e"), [["abcd", "e"]])
        XCTAssertEqual(try CSVReader.parse("a\tb", delimiter: UInt8(ascii: "\t")), [["a", "b"]])
    }

    func testUnterminatedQuoteNamesTheRecord() {
        XCTAssertThrowsSheetsError(.unterminatedQuote(record: 2), try CSVReader.parse("a,b\r\n\"c,d\r\ne,f\r\n"))
    }

    func testBytesThatAreNeitherUTF8NorGB18030AreRefused() {
        XCTAssertThrowsSheetsError(.undecodableText, try CSVReader(bytes: [0x61, 0xFF, 0xFF, 0xFF, 0x62]))
    }

    func testWriterQuotesNeutralisesAndEndsRecordsWithCRLF() throws {
        let writer = CSVWriter(encoding: .utf8)
        writer.appendRow(["学号", "姓名", "备注"])
        writer.appendRow(["20251001", "张明", "北京, 研发部"])
        writer.appendRow(["=1+1", "他说\"好\"", "第一行\n第二行"])
        writer.appendRow([.integer(42), .number(0.1 + 0.2), .date(year: 2025, month: 6, day: 30), .empty, " 空格 "])
        writer.finish()
        let text = String(decoding: writer.takeOutput(), as: UTF8.self)
        XCTAssertEqual(text, "学号,姓名,备注\r\n20251001,张明,\"北京, 研发部\"\r\n'=1+1,\"他说\"\"好\"\"\",\"第一行\n第二行\"\r\n"
            + "42,0.3,2025-06-30,,\" 空格 \"\r\n")
        XCTAssertEqual(writer.rowCount, 4)
    }

    func testWriterDefaultsToUTF8WithBOMAndRoundTrips() throws {
        let writer = CSVWriter()
        for row in students { writer.appendRow(row.map(Cell.text)) }
        let bytes = writer.takeOutput()
        XCTAssertEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF])
        let reader = try CSVReader(bytes: bytes)
        XCTAssertEqual(reader.encoding, .utf8WithBOM)
        XCTAssertEqual(reader.rows, students)
        XCTAssertEqual(bytes, try Fixture.bytes("students_utf8_bom.csv"))
    }

    func testWriterInGB18030MatchesPythonsEncoderAndHandlesRareCharacters() throws {
        let writer = CSVWriter(encoding: .gb18030)
        for row in students { writer.appendRow(row.map(Cell.text)) }
        XCTAssertEqual(writer.takeOutput(), try Fixture.bytes("students_gb18030.csv"))

        // Characters outside GBK (an emoji, a CJK Extension B ideograph, 𠮷) use GB18030's four-byte forms.
        writer.appendRow(["😀𠮷\u{10FFFF}"])
        let reader = try CSVReader(bytes: writer.takeOutput())
        XCTAssertEqual(reader.encoding, .gb18030)
        XCTAssertEqual(reader.rows, [["😀𠮷\u{10FFFF}"]])
    }

    func testTakeOutputHandsOutEachByteOnce() {
        let writer = CSVWriter(encoding: .utf8)
        writer.appendRow(["a"])
        XCTAssertEqual(writer.takeOutput(), Array("a\r\n".utf8))
        XCTAssertEqual(writer.pendingByteCount, 0)
        XCTAssertEqual(writer.takeOutput(), [])
        writer.appendRow(["b"])
        XCTAssertEqual(writer.takeOutput(), Array("b\r\n".utf8))
    }
}
