import XCTest
@testable import JiuyeSheets

final class ZipTests: XCTestCase {
    private func archive(_ entries: [(String, String)]) -> [UInt8] {
        let zip = ZipStreamWriter(compressionLevel: 6)
        for (name, content) in entries {
            zip.beginEntry(name)
            zip.write(content)
        }
        zip.finish()
        return zip.takeOutput()
    }

    func testStreamedEntriesReadBack() throws {
        let big = String(repeating: "毕业生就业数据,", count: 10_000)
        let reader = try ZipArchive(bytes: archive([("a.txt", "你好"), ("dir/big.txt", big), ("empty", "")]))
        XCTAssertEqual(reader.entries.map(\.name), ["a.txt", "dir/big.txt", "empty"])
        XCTAssertEqual(try reader.entries.map { String(decoding: try reader.extract($0, limit: 1 << 30), as: UTF8.self) },
                       ["你好", big, ""])
        XCTAssertEqual(reader.entries[1].flags & 0x8, 0x8, "sizes follow in a data descriptor")
        XCTAssertLessThan(reader.entries[1].compressedSize, big.utf8.count / 20)
        XCTAssertNotNil(reader.entry(named: "DIR/BIG.TXT"), "part names match case-insensitively")
    }

    func testNonZipInputIsRefused() {
        XCTAssertThrowsSheetsError(.notAZipArchive, try XLSXReader(bytes: Array("学号,姓名\r\n20251001,张明\r\n".utf8)))
        XCTAssertThrowsSheetsError(.notAZipArchive, try XLSXReader(bytes: []))
        XCTAssertThrowsSheetsError(.notAZipArchive, try XLSXReader(bytes: [UInt8](repeating: 0, count: 100_000)))
    }

    func testLegacyXLSIsRecognised() {
        let ole2: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)
        XCTAssertThrowsSheetsError(.legacyOrEncryptedWorkbook, try XLSXReader(bytes: ole2))
    }

    func testTruncatedZipIsCorrupt() throws {
        let bytes = try Fixture.bytes("openpyxl_basic.xlsx")
        XCTAssertThrowsError(try XLSXReader(bytes: Array(bytes.prefix(bytes.count / 2)))) { error in
            guard case .corruptArchive = error as? SheetsError else { return XCTFail("\(error)") }
        }
    }

    func testDamagedBytesGiveTypedErrorsNotCrashes() throws {
        let original = try Fixture.bytes("libreoffice.xlsx")
        // Flip bytes all over the file, one position at a time: every outcome is a row list or a SheetsError.
        var failures = 0
        for position in stride(from: 0, to: original.count, by: 7) {
            var damaged = original
            damaged[position] ^= 0x5A
            do {
                _ = try XLSXReader(bytes: damaged).rows()
            } catch is SheetsError {
                failures += 1
            }
        }
        XCTAssertGreaterThan(failures, 0)
    }

    func testCRCMismatchIsCorrupt() throws {
        var bytes = archive([("a.txt", String(repeating: "x", count: 100))])
        // Change the CRC in the central directory (the last 22 + 46 + 5 bytes hold it).
        let directory = bytes.count - 22 - (46 + 5)
        bytes[directory + 16] ^= 0xFF
        let reader = try ZipArchive(bytes: bytes)
        XCTAssertThrowsSheetsError(.corruptArchive("CRC-32 mismatch in a.txt"), try reader.extract(reader.entries[0], limit: 1000))
    }

    func testUncompressedSizeLimitGuardsAgainstZipBombs() throws {
        // 20 MB of zeros deflates to about 20 KB.
        let zeros = String(repeating: "0", count: 20_000_000)
        let bytes = archive([("bomb.txt", zeros)])
        XCTAssertLessThan(bytes.count, 100_000)
        let reader = try ZipArchive(bytes: bytes)
        XCTAssertThrowsSheetsError(.uncompressedSizeLimitExceeded(limit: 1_000_000), try reader.extract(reader.entries[0], limit: 1_000_000))

        let workbook = try Fixture.bytes("openpyxl_basic.xlsx")
        XCTAssertThrowsError(try XLSXReader(bytes: workbook, limits: ZipLimits(maxUncompressedBytes: 2_000))) { error in
            guard case .uncompressedSizeLimitExceeded = error as? SheetsError else { return XCTFail("\(error)") }
        }
    }

    func testAnEntryThatLiesAboutItsSizeIsCorrupt() throws {
        var bytes = archive([("a.txt", String(repeating: "y", count: 5000))])
        // Declare 100 bytes uncompressed in the central directory; inflating gives more.
        let directory = bytes.count - 22 - (46 + 5)
        bytes[directory + 24] = 100
        bytes[directory + 25] = 0
        let reader = try ZipArchive(bytes: bytes)
        XCTAssertThrowsError(try reader.extract(reader.entries[0], limit: 1 << 20)) { error in
            guard case .corruptArchive = error as? SheetsError else { return XCTFail("\(error)") }
        }
    }

    func testAZipWithoutWorkbookIsMissingAPart() throws {
        XCTAssertThrowsSheetsError(.missingPart("xl/workbook.xml"), try XLSXReader(bytes: archive([("hello.txt", "hi")])))
    }

    func testErrorsCarryAChineseMessageForUsers() {
        XCTAssertTrue(SheetsError.notAZipArchive.userMessage.contains(".xlsx"))
        XCTAssertTrue(SheetsError.undecodableText.userMessage.contains("UTF-8"))
        XCTAssertEqual(SheetsError.unterminatedQuote(record: 3).description, "CSV record 3 opens a quote that never closes")
    }
}
