// 二维码: a QR Code Model 2 encoder (ISO/IEC 18004), enough for the TOTP enrolment page
// to draw its `otpauth://` URI without any outside service.
//
// One byte-mode segment (UTF-8), levels L/M/Q/H, versions 1–40, Reed–Solomon
// error correction over GF(256) with the 0x11D polynomial, block interleaving, and the
// mask chosen by the four penalty rules. The smallest version that holds the data at the
// requested level is used. Pure Swift; verified in tests by decoding with zbarimg.
//
// Text that is not pure ASCII is preceded by the ECI designator 26 (UTF-8): the standard's
// default for byte mode is ISO-8859-1, and without the designator decoders guess — zbar
// reads some runs of Chinese UTF-8 as Shift-JIS. ASCII text (every `otpauth://` URI, which
// is percent-encoded) carries no ECI, for the widest scanner support.

/// A QR Code symbol: a square of `size` × `size` modules; draw a light quiet zone of
/// four modules around it.
public struct QRCode: Sendable {
    /// Error-correction level: roughly 7 %, 15 %, 25 % and 30 % of codewords recoverable.
    public enum Correction: Int, Sendable, CaseIterable {
        case low = 0, medium, quartile, high

        /// The two format-information bits (L = 01, M = 00, Q = 11, H = 10).
        var formatBits: Int {
            switch self {
            case .low: 1
            case .medium: 0
            case .quartile: 3
            case .high: 2
            }
        }
    }

    /// The data does not fit even a version 40 symbol at the requested level.
    public struct EncodingError: Error, Equatable, Sendable {
        public let byteCount: Int
        public let capacity: Int
        public let correction: Correction

        public var message: String {
            "二维码内容过长：共 \(byteCount) 字节，超过当前纠错等级下的最大容量 \(capacity) 字节，请缩短内容或降低纠错等级。"
        }
    }

    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// 1…40.
    public let version: Int
    public let correction: Correction
    /// The mask pattern applied, 0…7.
    public let mask: Int
    /// Row-major, `true` = dark.
    private let modules: [Bool]

    /// Whether the module at column `x`, row `y` is dark; `false` outside the symbol.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// Encodes `text` as UTF-8 in byte mode (with the UTF-8 ECI when it is not pure ASCII).
    public init(encoding text: String, correction: Correction = .medium) throws(EncodingError) {
        let bytes = Array(text.utf8)
        try self.init(bytes: bytes, correction: correction, utf8ECI: !bytes.allSatisfy { $0 < 0x80 }, forcedMask: nil)
    }

    /// Encodes raw bytes in byte mode, without ECI.
    public init(bytes: [UInt8], correction: Correction = .medium) throws(EncodingError) {
        try self.init(bytes: bytes, correction: correction, utf8ECI: false, forcedMask: nil)
    }

    /// `forcedMask` (0…7) skips the penalty search; tests use it to exercise every mask.
    init(bytes: [UInt8], correction: Correction, utf8ECI: Bool = false, forcedMask: Int?) throws(EncodingError) {
        guard let version = QRSpec.minimumVersion(byteCount: bytes.count, correction: correction, utf8ECI: utf8ECI) else {
            throw EncodingError(
                byteCount: bytes.count,
                capacity: QRSpec.byteCapacity(version: QRSpec.maxVersion, correction: correction, utf8ECI: utf8ECI),
                correction: correction
            )
        }
        let data = QRSpec.dataCodewords(bytes: bytes, version: version, correction: correction, utf8ECI: utf8ECI)
        let codewords = QRSpec.addErrorCorrection(data: data, version: version, correction: correction)

        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.placeCodewords(codewords)

        let chosenMask: Int
        if let forcedMask, (0..<8).contains(forcedMask) {
            chosenMask = forcedMask
        } else {
            var best = 0
            var bestPenalty = Int.max
            for candidate in 0..<8 {
                var trial = matrix
                trial.applyMask(candidate)
                trial.drawFormatBits(correction: correction, mask: candidate)
                let penalty = trial.penaltyScore()
                if penalty < bestPenalty {
                    best = candidate
                    bestPenalty = penalty
                }
            }
            chosenMask = best
        }
        matrix.applyMask(chosenMask)
        matrix.drawFormatBits(correction: correction, mask: chosenMask)

        self.size = matrix.size
        self.version = version
        self.correction = correction
        self.mask = chosenMask
        self.modules = matrix.dark
    }
}

// MARK: - Tables and arithmetic

enum QRSpec {
    static let minVersion = 1
    static let maxVersion = 40

    /// Error-correction codewords per block, `[level][version]` (index 0 unused).
    static let eccCodewordsPerBlock: [[Int]] = [
        [-1, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28, 30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [-1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28],
        [-1, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30, 30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
        [-1, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30],
    ]

    /// Error-correction blocks, `[level][version]` (index 0 unused).
    static let errorCorrectionBlocks: [[Int]] = [
        [-1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13, 14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25],
        [-1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49],
        [-1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29, 34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68],
        [-1, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32, 35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81],
    ]

    static func size(version: Int) -> Int { 17 + 4 * version }

    /// Modules left for data and error correction once every function pattern is drawn
    /// (including remainder bits).
    static func rawDataModules(version v: Int) -> Int {
        var result = (16 * v + 128) * v + 64
        if v >= 2 {
            let alignments = v / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if v >= 7 { result -= 36 }
        }
        return result
    }

    static func totalCodewords(version: Int) -> Int { rawDataModules(version: version) / 8 }

    static func dataCodewordCount(version: Int, correction: QRCode.Correction) -> Int {
        totalCodewords(version: version)
            - eccCodewordsPerBlock[correction.rawValue][version] * errorCorrectionBlocks[correction.rawValue][version]
    }

    /// Width of the byte-mode character count: 8 bits up to version 9, then 16.
    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// Bits of an ECI header announcing UTF-8: mode 0111 and the one-byte designator 26.
    static let utf8ECIBits = 12

    /// The most bytes one byte-mode segment can carry (after the UTF-8 ECI header if any).
    static func byteCapacity(version: Int, correction: QRCode.Correction, utf8ECI: Bool = false) -> Int {
        let headerBits = 4 + characterCountBits(version: version) + (utf8ECI ? utf8ECIBits : 0)
        return (dataCodewordCount(version: version, correction: correction) * 8 - headerBits) / 8
    }

    static func minimumVersion(byteCount: Int, correction: QRCode.Correction, utf8ECI: Bool = false) -> Int? {
        (minVersion...maxVersion).first { byteCount <= byteCapacity(version: $0, correction: correction, utf8ECI: utf8ECI) }
    }

    /// [ECI 26,] mode indicator, count, bytes, terminator, bit padding, then 0xEC 0x11 pad codewords.
    static func dataCodewords(bytes: [UInt8], version: Int, correction: QRCode.Correction, utf8ECI: Bool = false) -> [UInt8] {
        let capacityBits = dataCodewordCount(version: version, correction: correction) * 8
        var bits = BitBuffer()
        if utf8ECI {
            bits.append(0b0111, count: 4)
            bits.append(26, count: 8)
        }
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: characterCountBits(version: version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        bits.append(0, count: min(4, capacityBits - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var codewords = bits.bytes
        var pad: UInt8 = 0xEC
        while codewords.count * 8 < capacityBits {
            codewords.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return codewords
    }

    /// Splits `data` into blocks (the short ones first), computes each block's ECC, and
    /// interleaves: data codeword i of every block, then ECC codeword i of every block.
    static func addErrorCorrection(data: [UInt8], version: Int, correction: QRCode.Correction) -> [UInt8] {
        let blockCount = errorCorrectionBlocks[correction.rawValue][version]
        let eccLength = eccCodewordsPerBlock[correction.rawValue][version]
        let total = totalCodewords(version: version)
        let shortBlocks = blockCount - total % blockCount
        let shortBlockLength = total / blockCount
        let generator = reedSolomonGenerator(degree: eccLength)

        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blockCount {
            let length = shortBlockLength - eccLength + (index < shortBlocks ? 0 : 1)
            let end = min(start + length, data.count)
            let block = Array(data[start..<end])
            start = end
            dataBlocks.append(block)
            eccBlocks.append(reedSolomonRemainder(block, generator: generator))
        }

        var result: [UInt8] = []
        result.reserveCapacity(total)
        for index in 0...(shortBlockLength - eccLength) {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<eccLength {
            for block in eccBlocks { result.append(block[index]) }
        }
        return result
    }

    /// Product in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1.
    static func gfMultiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var z: UInt16 = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            z = (z << 1) ^ ((z >> 7) * 0x11D)
            if (y >> UInt8(bit)) & 1 == 1 { z ^= UInt16(x) }
        }
        return UInt8(truncatingIfNeeded: z)
    }

    /// Coefficients of (x − α⁰)(x − α¹)…(x − α^(degree−1)), highest power first, without the
    /// leading 1.
    static func reedSolomonGenerator(degree: Int) -> [UInt8] {
        guard degree > 0 else { return [] }
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for j in 0..<degree {
                result[j] = gfMultiply(result[j], root)
                if j + 1 < degree { result[j] ^= result[j + 1] }
            }
            root = gfMultiply(root, 0x02)
        }
        return result
    }

    /// The remainder of data(x) · x^degree divided by the generator: the ECC codewords.
    static func reedSolomonRemainder(_ data: [UInt8], generator: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: generator.count)
        guard !generator.isEmpty else { return result }
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in generator.indices {
                result[index] ^= gfMultiply(generator[index], factor)
            }
        }
        return result
    }

    /// Centre coordinates of the alignment patterns (used on both axes).
    static func alignmentPatternPositions(version: Int) -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = (version * 8 + count * 3 + 5) / (count * 4 - 4) * 2
        var positions: [Int] = []
        var position = size(version: version) - 7
        for _ in 0..<(count - 1) {
            positions.insert(position, at: 0)
            position -= step
        }
        return [6] + positions
    }

    /// The 15 format bits: level and mask, BCH(15,5) check bits, XOR 0x5412.
    static func formatBits(correction: QRCode.Correction, mask: Int) -> Int {
        let data = correction.formatBits << 3 | (mask & 7)
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        return (data << 10 | remainder) ^ 0x5412
    }

    /// The 18 version bits (versions 7 and up): version, then BCH(18,6) check bits.
    static func versionBits(version: Int) -> Int {
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        return version << 12 | remainder
    }

    /// Whether mask `mask` inverts the module at column `x`, row `y`.
    static func maskInverts(_ mask: Int, x: Int, y: Int) -> Bool {
        switch mask {
        case 0: (x + y) % 2 == 0
        case 1: y % 2 == 0
        case 2: x % 3 == 0
        case 3: (x + y) % 3 == 0
        case 4: (x / 3 + y / 2) % 2 == 0
        case 5: x * y % 2 + x * y % 3 == 0
        case 6: (x * y % 2 + x * y % 3) % 2 == 0
        case 7: ((x + y) % 2 + x * y % 3) % 2 == 0
        default: false
        }
    }
}

/// Bits, most significant first.
struct BitBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var count = 0

    mutating func append(_ value: Int, count width: Int) {
        guard width > 0 else { return }
        for shift in stride(from: width - 1, through: 0, by: -1) {
            if count % 8 == 0 { bytes.append(0) }
            if (value >> shift) & 1 == 1 {
                bytes[bytes.count - 1] |= UInt8(0x80 >> (count % 8))
            }
            count += 1
        }
    }
}

