import XCTest
@testable import JiuyeSheets

final class StreamingTests: XCTestCase {
    private func row(_ index: Int) -> [Cell] {
        [.text(String(20_250_000 + index)), .text("学生\(index)"), .text(index % 2 == 0 ? "男" : "女"),
         .date(year: 2025, month: 6, day: 1 + index % 28), .integer(index), .number(Double(index) / 8),
         .text("重庆示范科技有限公司第\(index % 97)分公司"), .empty, .text("备注 & <说明> \(index)")]
    }

    func testWriterBufferStaysSmallBetweenTakesOverTwentyThousandRows() throws {
        let writer = XLSXWriter()
        writer.beginSheet(name: "毕业生", columns: ["学号", "姓名", "性别", "毕业日期", "序号", "金额", "单位", "空", "备注"])
        var file: [UInt8] = []
        var largestPending = 0
        for index in 0..<20_000 {
            writer.appendRow(row(index))
            if index % 300 == 299 {
                largestPending = max(largestPending, writer.pendingByteCount)
                file += writer.takeOutput()
                // What remains is sheet XML not yet deflated, under the 32 KB flush threshold.
                XCTAssertLessThan(writer.pendingByteCount, 40 * 1024)
            }
        }
        try writer.finish()
        file += writer.takeOutput()
        // 300 rows are about 60 KB of XML; deflate holds back little of it.
        XCTAssertLessThan(largestPending, 128 * 1024)
        XCTAssertGreaterThan(file.count, 100_000)

        var count = 0
        try XLSXReader(bytes: file).forEachRow { sheetRow in
            if sheetRow.number > 1 {
                let index = sheetRow.number - 2
                XCTAssertEqual(sheetRow[0].text, String(20_250_000 + index))
                XCTAssertEqual(sheetRow[3], .date(SheetDate(year: 2025, month: 6, day: 1 + index % 28)))
                XCTAssertEqual(sheetRow[5], .number(Double(index) / 8))
                XCTAssertEqual(sheetRow[8].text, "备注 & <说明> \(index)")
            }
            count += 1
        }
        XCTAssertEqual(count, 20_001)
    }

    func testCSVWriterBufferIsEmptiedByEachTake() {
        let writer = CSVWriter(encoding: .gb18030)
        var total = 0
        for index in 0..<5_000 {
            writer.appendRow(row(index))
            if index % 500 == 499 {
                XCTAssertLessThan(writer.pendingByteCount, 64 * 1024)
                total += writer.takeOutput().count
            }
        }
        XCTAssertGreaterThan(total, 200_000)
    }

    func testReaderStopsWhenTheRowHandlerThrows() throws {
        struct Stop: Error {}
        let bytes = try XLSXWriter.file { writer in
            for index in 0..<100 { writer.appendRow([.integer(index)]) }
        }
        var seen = 0
        XCTAssertThrowsError(try XLSXReader(bytes: bytes).forEachRow { _ in
            seen += 1
            if seen == 10 { throw Stop() }
        }) { XCTAssertTrue($0 is Stop) }
        XCTAssertEqual(seen, 10)
    }
}

final class SegmentedReadingTests: XCTestCase {
    /// Reading a sheet in tiny inflated segments cuts tags, text and rows at every possible
    /// place; the rows must come out the same as from one piece.
    func testRowsAreTheSameWhateverTheSegmentSize() throws {
        for name in ["openpyxl_basic.xlsx", "openpyxl_richtext.xlsx", "libreoffice.xlsx", "handmade.xlsx"] {
            var reader = try Fixture.workbook(name)
            for sheet in reader.sheetNames {
                reader.segmentSize = 1 << 20
                let whole = try reader.rows(sheet: sheet)
                for size in [16, 17, 50, 333, 1000] {
                    reader.segmentSize = size
                    XCTAssertEqual(try reader.rows(sheet: sheet), whole, "\(name) \(sheet) in \(size)-byte segments")
                }
            }
        }
    }

    func testABigGeneratedSheetReadsTheSameInSmallSegments() throws {
        let bytes = try XLSXWriter.file { writer in
            writer.beginSheet(name: "数据", columns: ["甲", "乙", "丙"])
            for index in 0..<3_000 {
                writer.appendRow([.text("第\(index)行 & <x>"), .integer(index), .date(year: 2025, month: 1 + index % 12, day: 1)])
            }
        }
        var reader = try XLSXReader(bytes: bytes)
        let whole = try reader.rows()
        XCTAssertEqual(whole.count, 3_001)
        reader.segmentSize = 4096
        XCTAssertEqual(try reader.rows(), whole)
    }
}
