import Foundation
import XCTest
@testable import JiuyeDomain
import JiuyeHTML

final class QRCodeTests: XCTestCase {
    static let enrolmentURI = "otpauth://totp/%E4%B9%9D%E4%B8%9A:admin?secret=JBSWY3DPEHPK3PXP&issuer=%E4%B9%9D%E4%B8%9A"

    // MARK: Known answers from the standard

    /// ISO/IEC 18004 Annex C table: the 15 format bits after masking with 101010000010010.
    func testFormatInformationBits() {
        XCTAssertEqual(QRSpec.formatBits(correction: .medium, mask: 0), 0b101010000010010)
        XCTAssertEqual(QRSpec.formatBits(correction: .low, mask: 0), 0b111011111000100)
        XCTAssertEqual(QRSpec.formatBits(correction: .low, mask: 1), 0b111001011110011)
        XCTAssertEqual(QRSpec.formatBits(correction: .low, mask: 4), 0b110011000101111)
        XCTAssertEqual(QRSpec.formatBits(correction: .medium, mask: 5), 0b100000011001110)
        XCTAssertEqual(QRSpec.formatBits(correction: .quartile, mask: 0), 0b011010101011111)
        XCTAssertEqual(QRSpec.formatBits(correction: .quartile, mask: 3), 0b011101000000110)
        XCTAssertEqual(QRSpec.formatBits(correction: .quartile, mask: 4), 0b010010010110100)
        XCTAssertEqual(QRSpec.formatBits(correction: .high, mask: 0), 0b001011010001001)
        XCTAssertEqual(QRSpec.formatBits(correction: .high, mask: 7), 0b000100000111011)
        // All 32 are distinct (BCH(15,5) has minimum distance 7).
        let all = QRCode.Correction.allCases.flatMap { level in (0..<8).map { QRSpec.formatBits(correction: level, mask: $0) } }
        XCTAssertEqual(Set(all).count, 32)
    }

    /// ISO/IEC 18004 Annex D table: version information bits.
    func testVersionInformationBits() {
        XCTAssertEqual(QRSpec.versionBits(version: 7), 0x07C94)
        XCTAssertEqual(QRSpec.versionBits(version: 8), 0x085BC)
        XCTAssertEqual(QRSpec.versionBits(version: 9), 0x09A99)
        XCTAssertEqual(QRSpec.versionBits(version: 10), 0x0A4D3)
        XCTAssertEqual(QRSpec.versionBits(version: 40), 0x28C69)
    }

    /// ISO/IEC 18004 Annex I worked example: "01234567" as 1-M; its 16 data codewords and 10 ECC codewords.
    func testReedSolomonOfTheStandardsExample() {
        let data: [UInt8] = [0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11]
        let ecc = QRSpec.reedSolomonRemainder(data, generator: QRSpec.reedSolomonGenerator(degree: 10))
        XCTAssertEqual(ecc, [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    /// The "HELLO WORLD" 1-M block (alphanumeric mode) from the well-known worked tutorial.
    func testReedSolomonOfHelloWorld() {
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        let ecc = QRSpec.reedSolomonRemainder(data, generator: QRSpec.reedSolomonGenerator(degree: 10))
        XCTAssertEqual(ecc, [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    func testGaloisFieldArithmetic() {
        XCTAssertEqual(QRSpec.gfMultiply(0x80, 0x02), 0x1D)   // α^8 = x^4 + x^3 + x^2 + 1
        XCTAssertEqual(QRSpec.gfMultiply(0x53, 0x01), 0x53)
        XCTAssertEqual(QRSpec.gfMultiply(0x00, 0xFF), 0x00)
        // α generates all 255 non-zero elements.
        var seen: Set<UInt8> = []
        var element: UInt8 = 1
        for _ in 0..<255 {
            seen.insert(element)
            element = QRSpec.gfMultiply(element, 2)
        }
        XCTAssertEqual(seen.count, 255)
        XCTAssertEqual(element, 1)
        // Generator for degree 2 is (x − 1)(x − α) = x² + 3x + 2.
        XCTAssertEqual(QRSpec.reedSolomonGenerator(degree: 2), [3, 2])
    }

    func testDataCodewordsForOneByte() {
        // 0100 | 00000001 | 01000001 | 0000 terminator, then 0xEC 0x11 pads to 19 codewords (1-L).
        let codewords = QRSpec.dataCodewords(bytes: [0x41], version: 1, correction: .low)
        XCTAssertEqual(codewords.count, 19)
        XCTAssertEqual(Array(codewords.prefix(5)), [0x40, 0x14, 0x10, 0xEC, 0x11])
        XCTAssertEqual(codewords.last, 0x11)
        // With the UTF-8 ECI: 0111 | 00011010 | 0100 | 00000001 | 01000001 | 0000.
        let withECI = QRSpec.dataCodewords(bytes: [0x41], version: 1, correction: .low, utf8ECI: true)
        XCTAssertEqual(Array(withECI.prefix(6)), [0x71, 0xA4, 0x01, 0x41, 0x00, 0xEC])
    }

    func testCodewordTotalsAndCapacities() {
        XCTAssertEqual(QRSpec.totalCodewords(version: 1), 26)
        XCTAssertEqual(QRSpec.totalCodewords(version: 2), 44)
        XCTAssertEqual(QRSpec.totalCodewords(version: 7), 196)
        XCTAssertEqual(QRSpec.totalCodewords(version: 10), 346)
        XCTAssertEqual(QRSpec.totalCodewords(version: 40), 3706)
        // ISO/IEC 18004 Table 7, byte mode.
        let expected: [Int: [Int]] = [
            1: [17, 14, 11, 7],
            2: [32, 26, 20, 14],
            7: [154, 122, 86, 64],
            10: [271, 213, 151, 119],
            20: [858, 666, 482, 382],
            40: [2953, 2331, 1663, 1273],
        ]
        for (version, capacities) in expected {
            for level in QRCode.Correction.allCases {
                XCTAssertEqual(QRSpec.byteCapacity(version: version, correction: level), capacities[level.rawValue], "\(version)-\(level)")
            }
        }
        // Every version and level: the blocks divide the codewords sensibly.
        for version in 1...40 {
            for level in QRCode.Correction.allCases {
                let blocks = QRSpec.errorCorrectionBlocks[level.rawValue][version]
                let ecc = QRSpec.eccCodewordsPerBlock[level.rawValue][version]
                let shortDataLength = QRSpec.totalCodewords(version: version) / blocks - ecc
                XCTAssertGreaterThan(shortDataLength, 0)
                XCTAssertGreaterThan(QRSpec.byteCapacity(version: version, correction: level), version == 1 ? 0 : QRSpec.byteCapacity(version: version - 1, correction: level))
            }
        }
    }

    func testAlignmentPatternPositions() {
        XCTAssertEqual(QRSpec.alignmentPatternPositions(version: 1), [])
        XCTAssertEqual(QRSpec.alignmentPatternPositions(version: 2), [6, 18])
        XCTAssertEqual(QRSpec.alignmentPatternPositions(version: 7), [6, 22, 38])
        XCTAssertEqual(QRSpec.alignmentPatternPositions(version: 14), [6, 26, 46, 66])
        XCTAssertEqual(QRSpec.alignmentPatternPositions(version: 32), [6, 34, 60, 86, 112, 138])
        XCTAssertEqual(QRSpec.alignmentPatternPositions(version: 36), [6, 24, 50, 76, 102, 128, 154])
        XCTAssertEqual(QRSpec.alignmentPatternPositions(version: 40), [6, 30, 58, 86, 114, 142, 170])
    }

    func testVersionChosenForLength() throws {
        XCTAssertEqual(QRSpec.minimumVersion(byteCount: 14, correction: .medium), 1)
        XCTAssertEqual(QRSpec.minimumVersion(byteCount: 15, correction: .medium), 2)
        XCTAssertEqual(QRSpec.minimumVersion(byteCount: 17, correction: .low), 1)
        XCTAssertEqual(QRSpec.minimumVersion(byteCount: 18, correction: .low), 2)
        XCTAssertEqual(QRSpec.minimumVersion(byteCount: 7, correction: .high), 1)
        XCTAssertEqual(QRSpec.minimumVersion(byteCount: 2331, correction: .medium), 40)
        XCTAssertNil(QRSpec.minimumVersion(byteCount: 2332, correction: .medium))

        let uri = try QRCode(encoding: Self.enrolmentURI)
        XCTAssertEqual(Self.enrolmentURI.utf8.count, 89)
        XCTAssertEqual(uri.version, 6)          // 5-M holds 84 bytes, 6-M 106
        XCTAssertEqual(uri.size, 41)
        XCTAssertEqual(uri.correction, .medium)
        XCTAssertEqual(try QRCode(encoding: "").version, 1)
        // Non-ASCII text spends 12 bits on the UTF-8 ECI: 6 bytes still fit 1-H (9 data codewords), 7 do not.
        XCTAssertEqual(try QRCode(encoding: "九业", correction: .high).version, 1)
        XCTAssertEqual(try QRCode(encoding: "九业a", correction: .high).version, 2)
        XCTAssertEqual(try QRCode(encoding: "abcdefg", correction: .high).version, 1)
        XCTAssertEqual(QRSpec.byteCapacity(version: 40, correction: .medium, utf8ECI: true), 2330)
    }

    func testTooLongTextThrowsWithAChineseMessage() {
        XCTAssertEqual(try QRCode(encoding: String(repeating: "九", count: 776)).version, 40)   // 2328 bytes
        XCTAssertThrowsError(try QRCode(encoding: String(repeating: "九", count: 777))) { error in   // 2331 bytes
            guard let error = error as? QRCode.EncodingError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.byteCount, 2331)
            XCTAssertEqual(error.capacity, 2330)
            XCTAssertEqual(error.correction, .medium)
            XCTAssertEqual(error.message, "二维码内容过长：共 2331 字节，超过当前纠错等级下的最大容量 2330 字节，请缩短内容或降低纠错等级。")
        }
        XCTAssertThrowsError(try QRCode(bytes: [UInt8](repeating: 0xFF, count: 2332))) { error in
            XCTAssertEqual((error as? QRCode.EncodingError)?.capacity, 2331)
        }
        XCTAssertNoThrow(try QRCode(encoding: String(repeating: "a", count: 2953), correction: .low))
        XCTAssertThrowsError(try QRCode(encoding: String(repeating: "a", count: 2954), correction: .low))
    }

    func testIsDarkOutsideTheSymbolIsLight() throws {
        let code = try QRCode(encoding: "x")
        for (x, y) in [(-1, 0), (0, -1), (code.size, 0), (0, code.size), (Int.min, Int.max)] {
            XCTAssertFalse(code.isDark(x: x, y: y))
        }
    }

    // MARK: Structure of generated symbols

    func testFunctionPatternsAndFormatInformationAreInPlace() throws {
        for (text, level) in [("Hi", QRCode.Correction.low), (Self.enrolmentURI, .medium), (String(repeating: "九业", count: 60), .quartile), (String(repeating: "z", count: 500), .high)] {
            let code = try QRCode(encoding: text, correction: level)
            let n = code.size
            XCTAssertEqual(n, 17 + 4 * code.version)
            // Finder patterns: dark ring, light ring, dark 3×3 core; light separators.
            for (cx, cy) in [(3, 3), (n - 4, 3), (3, n - 4)] {
                for dy in -4...4 {
                    for dx in -4...4 {
                        let x = cx + dx, y = cy + dy
                        guard (0..<n).contains(x), (0..<n).contains(y) else { continue }
                        let ring = max(abs(dx), abs(dy))
                        XCTAssertEqual(code.isDark(x: x, y: y), ring != 2 && ring != 4, "finder (\(x),\(y)) v\(code.version)")
                    }
                }
            }
            // Timing patterns.
            for i in 8..<(n - 8) {
                XCTAssertEqual(code.isDark(x: i, y: 6), i % 2 == 0)
                XCTAssertEqual(code.isDark(x: 6, y: i), i % 2 == 0)
            }
            // The dark module.
            XCTAssertTrue(code.isDark(x: 8, y: n - 8))
            // Both copies of the format information carry the chosen level and mask.
            let expected = QRSpec.formatBits(correction: level, mask: code.mask)
            var first = 0, second = 0
            let firstPositions = (0...5).map { (8, $0) } + [(8, 7), (8, 8), (7, 8)] + (9..<15).map { (14 - $0, 8) }
            for (i, p) in firstPositions.enumerated() where code.isDark(x: p.0, y: p.1) { first |= 1 << i }
            let secondPositions = (0..<8).map { (n - 1 - $0, 8) } + (8..<15).map { (8, n - 15 + $0) }
            for (i, p) in secondPositions.enumerated() where code.isDark(x: p.0, y: p.1) { second |= 1 << i }
            XCTAssertEqual(first, expected)
            XCTAssertEqual(second, expected)
            // Version information, bottom-left and top-right.
            if code.version >= 7 {
                var bottomLeft = 0, topRight = 0
                for i in 0..<18 {
                    if code.isDark(x: i / 3, y: n - 11 + i % 3) { bottomLeft |= 1 << i }
                    if code.isDark(x: n - 11 + i % 3, y: i / 3) { topRight |= 1 << i }
                }
                XCTAssertEqual(bottomLeft, QRSpec.versionBits(version: code.version))
                XCTAssertEqual(topRight, QRSpec.versionBits(version: code.version))
            }
        }
    }

    func testMaskChoiceIsTheLowestPenalty() throws {
        let bytes = Array(Self.enrolmentURI.utf8)
        let chosen = try QRCode(bytes: bytes)
        // Rebuild each candidate and score it the same way.
        let data = QRSpec.dataCodewords(bytes: bytes, version: chosen.version, correction: .medium)
        let codewords = QRSpec.addErrorCorrection(data: data, version: chosen.version, correction: .medium)
        var penalties: [Int] = []
        for mask in 0..<8 {
            var matrix = QRMatrix(version: chosen.version)
            matrix.drawFunctionPatterns()
            matrix.placeCodewords(codewords)
            matrix.applyMask(mask)
            matrix.drawFormatBits(correction: .medium, mask: mask)
            penalties.append(matrix.penaltyScore())
            let forced = try QRCode(bytes: bytes, correction: .medium, forcedMask: mask)
            XCTAssertEqual(forced.mask, mask)
            XCTAssertEqual((0..<forced.size).flatMap { y in (0..<forced.size).map { forced.isDark(x: $0, y: y) } }, matrix.dark)
        }
        XCTAssertEqual(penalties[chosen.mask], penalties.min())
        XCTAssertEqual(penalties.firstIndex(of: penalties.min() ?? -1), chosen.mask)
    }

    func testPenaltyRulesOnASmallGrid() {
        // A light 21×21 grid: rule 1 per line 3 + 16 = 19 × 42 lines; rule 2: 20 × 20 blocks × 3;
        // rule 4: 0 % dark → k = 9 → 90. Rule 3: none.
        var matrix = QRMatrix(version: 1)
        XCTAssertEqual(matrix.penaltyScore(), 19 * 42 + 400 * 3 + 90)
        // A 1:1:3:1:1 run with light on both sides in row 0 adds 40 per occurrence
        // (and the same run's columns do not form the pattern).
        for x in [4, 6, 7, 8, 10] { matrix.dark[x] = true }
        let withFinderLike = matrix.penaltyScore()
        var control = QRMatrix(version: 1)
        for x in [4, 6, 7, 8, 9] { control.dark[x] = true }
        XCTAssertGreaterThan(withFinderLike, control.penaltyScore() + 30)
    }

    // MARK: Decoding with zbarimg

    /// `XCTAssertEqual(try decoded(code), text)`: a decode failure fails the assertion.
    private func decoded(_ code: QRCode) throws -> String {
        try ZBarDecoder.decode(code)
    }

    /// Texts that must come back byte for byte from a real decoder.
    func testZbarDecodesTheEnrolmentURIAtEveryLevel() throws {
        try ZBarDecoder.skipUnlessInstalled()
        for level in QRCode.Correction.allCases {
            let code = try QRCode(encoding: Self.enrolmentURI, correction: level)
            XCTAssertEqual(try decoded(code), Self.enrolmentURI, "level \(level), version \(code.version), mask \(code.mask)")
        }
    }

    func testZbarDecodesEveryMask() throws {
        try ZBarDecoder.skipUnlessInstalled()
        for mask in 0..<8 {
            let code = try QRCode(bytes: Array(Self.enrolmentURI.utf8), correction: .medium, forcedMask: mask)
            XCTAssertEqual(try decoded(code), Self.enrolmentURI, "mask \(mask)")
        }
        for mask in 0..<8 {
            let code = try QRCode(bytes: Array("HELLO".utf8), correction: .quartile, forcedMask: mask)
            XCTAssertEqual(try decoded(code), "HELLO", "mask \(mask), version 1")
        }
    }

    func testZbarDecodesShortLongAndChineseTexts() throws {
        try ZBarDecoder.skipUnlessInstalled()
        var generator = SecurityTestGenerator(seed: 300)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let long = "https://jiuye.example.cn/account/2fa/enrol?token="
            + String((0..<251).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        XCTAssertEqual(long.utf8.count, 300)
        let chinese = "九业就业服务平台：请使用身份验证器扫描此二维码，完成双因素认证绑定。"
        let samples: [(String, QRCode.Correction)] = [
            ("a", .low),
            ("Hi", .high),
            ("https://jiuye.example.cn/", .medium),
            (long, .medium),
            (long, .high),
            (chinese, .medium),
            (chinese + "学号 20251001 张明", .quartile),
            (String(repeating: "毕业去向登记 ", count: 40), .low),
        ]
        for (text, level) in samples {
            let code = try QRCode(encoding: text, correction: level)
            XCTAssertEqual(try decoded(code), text, "\(text.utf8.count) bytes, version \(code.version)-\(level), mask \(code.mask)")
        }
    }

    /// Versions 1–40: the largest text each version holds at level L, spread over versions.
    func testZbarDecodesAcrossVersions() throws {
        try ZBarDecoder.skipUnlessInstalled()
        for version in [1, 2, 5, 9, 10, 14, 20, 27, 33, 40] {
            let capacity = QRSpec.byteCapacity(version: version, correction: .low)
            let text = String((0..<capacity).map { Character(Unicode.Scalar(UInt8(0x21 + ($0 * 7 + version) % 90))) })
            let code = try QRCode(encoding: text, correction: .low)
            XCTAssertEqual(code.version, version)
            XCTAssertEqual(try decoded(code), text, "version \(version)")
        }
    }
}

// MARK: - QRCodeSVG

final class QRCodeSVGTests: XCTestCase {
    func testMarkup() throws {
        let code = try QRCode(encoding: QRCodeTests.enrolmentURI)
        let html = QRCodeSVG(code, title: "扫描二维码绑定 <九业> & \"身份验证器\"").renderedString()
        let units = code.size + 8
        XCTAssertTrue(html.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(units) \(units)\" width=\"\(units * 4)\" height=\"\(units * 4)\" role=\"img\""), html)
        XCTAssertTrue(html.hasSuffix("</path></svg>"))
        XCTAssertTrue(html.contains("<title>扫描二维码绑定 &lt;九业&gt; &amp; &quot;身份验证器&quot;</title>"))
        XCTAssertEqual(count("<path", in: html), 1)
        XCTAssertEqual(count("<rect", in: html), 1)
        XCTAssertTrue(html.contains("fill=\"#fff\""))
        XCTAssertTrue(html.contains("fill=\"#000\""))
        XCTAssertFalse(html.contains("style"))
        XCTAssertFalse(html.contains("<script"))
        XCTAssertTrue(QRCodeSVG(code, moduleSize: 6, title: "t").renderedString().contains("width=\"\(units * 6)\""))
        XCTAssertTrue(QRCodeSVG(code, moduleSize: 0, title: "t").renderedString().contains("width=\"\(units)\""))
    }

    /// Reading the path back gives exactly the dark modules, offset by the quiet zone.
    func testPathCoversExactlyTheDarkModules() throws {
        for text in ["x", QRCodeTests.enrolmentURI, String(repeating: "就业", count: 100)] {
            let code = try QRCode(encoding: text)
            let html = QRCodeSVG(code, title: "二维码").renderedString()
            guard let d = html.components(separatedBy: " d=\"").dropFirst().first?.components(separatedBy: "\"").first else {
                return XCTFail("no d attribute")
            }
            var painted = Set<Int>()
            let scanner = Scanner(string: d)
            scanner.charactersToBeSkipped = nil
            while !scanner.isAtEnd {
                guard scanner.scanString("M") != nil, let x = scanner.scanInt(), scanner.scanString(" ") != nil, let y = scanner.scanInt(),
                      scanner.scanString("h") != nil, let run = scanner.scanInt(), scanner.scanString("v1h-") != nil,
                      let back = scanner.scanInt(), scanner.scanString("z") != nil else {
                    return XCTFail("unexpected path syntax near \(scanner.currentIndex.utf16Offset(in: d)) in \(d.prefix(80))")
                }
                XCTAssertEqual(run, back)
                XCTAssertGreaterThan(run, 0)
                for dx in 0..<run {
                    XCTAssertTrue(painted.insert((y - 4) * code.size + (x - 4 + dx)).inserted, "overlap")
                }
            }
            var dark = Set<Int>()
            for y in 0..<code.size {
                for x in 0..<code.size where code.isDark(x: x, y: y) { dark.insert(y * code.size + x) }
            }
            XCTAssertEqual(painted, dark)
        }
    }

    private func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }
}

// MARK: - zbarimg

/// Renders a code to a binary PGM (4 pixels per module, 4-module quiet zone) and decodes
/// it with Debian's zbarimg (package zbar-tools).
enum ZBarDecoder {
    static let path = "/usr/bin/zbarimg"

    /// Call first in a test (not inside an assertion, which would record the skip as an error).
    static func skipUnlessInstalled() throws {
        try XCTSkipUnless(
            FileManager.default.isExecutableFile(atPath: path),
            "\(path) not found: install Debian package zbar-tools (apt-get install -y zbar-tools) to run the QR decode tests."
        )
    }

    static func decode(_ code: QRCode, scale: Int = 4) throws -> String {
        let quiet = 4
        let width = (code.size + 2 * quiet) * scale
        var pixels = [UInt8](repeating: 255, count: width * width)
        for y in 0..<code.size {
            for x in 0..<code.size where code.isDark(x: x, y: y) {
                for py in 0..<scale {
                    let row = ((y + quiet) * scale + py) * width
                    for px in 0..<scale { pixels[row + (x + quiet) * scale + px] = 0 }
                }
            }
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jiuye-qr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("code.pgm")
        try (Data("P5\n\(width) \(width)\n255\n".utf8) + Data(pixels)).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--raw", "-q", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DecodeFailure(message: "zbarimg exited with \(process.terminationStatus) for version \(code.version)")
        }
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    struct DecodeFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
