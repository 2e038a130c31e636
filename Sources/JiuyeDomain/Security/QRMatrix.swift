// MARK: - The module grid

struct QRMatrix {
    let version: Int
    let size: Int
    /// Row-major module colours.
    var dark: [Bool]
    /// Row-major: true where a function pattern (not data) sits.
    var function: [Bool]

    init(version: Int) {
        self.version = version
        self.size = QRSpec.size(version: version)
        dark = Array(repeating: false, count: size * size)
        function = Array(repeating: false, count: size * size)
    }

    private mutating func setFunction(_ x: Int, _ y: Int, _ isDark: Bool) {
        guard x >= 0, y >= 0, x < size, y < size else { return }
        dark[y * size + x] = isDark
        function[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        // Timing patterns.
        for i in 0..<size {
            setFunction(6, i, i % 2 == 0)
            setFunction(i, 6, i % 2 == 0)
        }
        // Finder patterns with their separators.
        drawFinder(centreX: 3, centreY: 3)
        drawFinder(centreX: size - 4, centreY: 3)
        drawFinder(centreX: 3, centreY: size - 4)
        // Alignment patterns, except where they would overlap the finders.
        let positions = QRSpec.alignmentPatternPositions(version: version)
        let last = positions.count - 1
        for (i, x) in positions.enumerated() {
            for (j, y) in positions.enumerated() {
                if (i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0) { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunction(x + dx, y + dy, max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
        // Reserve the format areas (overwritten once the mask is known) and draw the version.
        drawFormatBits(correction: .medium, mask: 0)
        drawVersionBits()
    }

    private mutating func drawFinder(centreX: Int, centreY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let distance = max(abs(dx), abs(dy))
                setFunction(centreX + dx, centreY + dy, distance != 2 && distance != 4)
            }
        }
    }

    mutating func drawFormatBits(correction: QRCode.Correction, mask: Int) {
        let bits = QRSpec.formatBits(correction: correction, mask: mask)
        func bit(_ i: Int) -> Bool { (bits >> i) & 1 == 1 }
        // Around the top-left finder.
        for i in 0...5 { setFunction(8, i, bit(i)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for i in 9..<15 { setFunction(14 - i, 8, bit(i)) }
        // Split between the top-right and bottom-left finders.
        for i in 0..<8 { setFunction(size - 1 - i, 8, bit(i)) }
        for i in 8..<15 { setFunction(8, size - 15 + i, bit(i)) }
        // The dark module.
        setFunction(8, size - 8, true)
    }

    private mutating func drawVersionBits() {
        guard version >= 7 else { return }
        let bits = QRSpec.versionBits(version: version)
        for i in 0..<18 {
            let isDark = (bits >> i) & 1 == 1
            let a = size - 11 + i % 3
            let b = i / 3
            setFunction(a, b, isDark)
            setFunction(b, a, isDark)
        }
    }

    /// Zig-zag placement in two-module columns from the bottom-right corner, skipping the
    /// vertical timing column. Remainder modules stay light.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        let totalBits = codewords.count * 8
        var index = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = ((right + 1) & 2) == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for j in 0..<2 {
                    let x = right - j
                    guard !function[y * size + x], index < totalBits else { continue }
                    dark[y * size + x] = (codewords[index >> 3] >> UInt8(7 - (index & 7))) & 1 == 1
                    index += 1
                }
            }
            right -= 2
        }
    }

    mutating func applyMask(_ mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !function[y * size + x] && QRSpec.maskInverts(mask, x: x, y: y) {
                dark[y * size + x].toggle()
            }
        }
    }

    // MARK: Penalty (ISO/IEC 18004 §7.8.3)

    func penaltyScore() -> Int {
        var penalty = 0
        var lines: [[Bool]] = []
        lines.reserveCapacity(2 * size)
        for y in 0..<size { lines.append(Array(dark[(y * size)..<((y + 1) * size)])) }
        for x in 0..<size { lines.append((0..<size).map { dark[$0 * size + x] }) }

        for line in lines {
            // Rule 1: runs of five or more same-coloured modules: 3 + (length − 5).
            var runLength = 1
            for i in 1...size {
                if i < size && line[i] == line[i - 1] {
                    runLength += 1
                } else {
                    if runLength >= 5 { penalty += 3 + runLength - 5 }
                    runLength = 1
                }
            }
            // Rule 3: 1:1:3:1:1 finder-like runs with four light modules on either side.
            if size >= 7 {
                for i in 0...(size - 7) {
                    guard line[i], !line[i + 1], line[i + 2], line[i + 3], line[i + 4], !line[i + 5], line[i + 6] else { continue }
                    let lightBefore = (i - 4..<i).allSatisfy { $0 < 0 || !line[$0] }
                    let lightAfter = (i + 7..<i + 11).allSatisfy { $0 >= size || !line[$0] }
                    if lightBefore || lightAfter { penalty += 40 }
                }
            }
        }

        // Rule 2: each 2×2 block of one colour: 3.
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = dark[y * size + x]
                if colour == dark[y * size + x + 1] && colour == dark[(y + 1) * size + x] && colour == dark[(y + 1) * size + x + 1] {
                    penalty += 3
                }
            }
        }

        // Rule 4: 10 for every full 5 % the dark share strays from 50 %.
        let darkCount = dark.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        let k = (abs(darkCount * 20 - total * 10) + total - 1) / total - 1
        penalty += max(k, 0) * 10
        return penalty
    }
}
