/// Reading cell references and numbers straight from the bytes of the sheet XML.
extension SheetScanner {
    static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
              let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(text[first...last])
    }

    /// The 0-based column of a cell reference such as `C5` (`$C$5` tolerated); nil when it has
    /// no letters or lies beyond column XFD.
    static func column(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start
        var column = 0
        var letters = 0
        while index < end {
            var byte = base[index]
            if byte == UInt8(ascii: "$") { index += 1; continue }
            if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { byte -= 32 }
            guard byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") else { break }
            column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            letters += 1
            guard letters <= 3 else { return nil }
            index += 1
        }
        guard letters > 0, column <= Sheets.maxColumnsPerSheet else { return nil }
        return column - 1
    }

    /// A non-negative decimal integer, surrounding whitespace allowed.
    @inline(__always)
    static func integer(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start
        var end = end
        while index < end && isSpace(base[index]) { index += 1 }
        while end > index && isSpace(base[end - 1]) { end -= 1 }
        guard index < end, end - index <= 18 else { return nil }
        var value = 0
        while index < end {
            let digit = base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return value
    }

    /// A number as XML Schema writes doubles. Decimals with up to 15 significant digits and a
    /// small exponent, which is nearly every number in a sheet, are converted exactly here
    /// (an integer mantissa times or divided by an exact power of ten is correctly rounded);
    /// anything else goes through the standard library's parser.
    @inline(__always)
    static func double(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var index = start
        var negative = false
        if index < end && (base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+")) {
            negative = base[index] == UInt8(ascii: "-")
            index += 1
        }
        var mantissa = 0
        var digits = 0
        var scale = 0
        var sawDigit = false
        var sawPoint = false
        while index < end {
            let byte = base[index]
            let digit = byte &- UInt8(ascii: "0")
            if digit < 10 {
                sawDigit = true
                if digits > 0 || digit != 0 {
                    digits += 1
                    if digits > 15 { return slowDouble(base, start, end) }
                }
                mantissa = mantissa &* 10 &+ Int(digit)
                if sawPoint { scale -= 1 }
            } else if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                guard sawDigit, let exponent = integerExponent(base, index + 1, end) else { return slowDouble(base, start, end) }
                scale += exponent
                index = end
                break
            } else {
                return slowDouble(base, start, end)
            }
            index += 1
        }
        guard sawDigit else { return slowDouble(base, start, end) }
        var value = Double(mantissa)
        if scale != 0 {
            guard scale >= -22 && scale <= 22 else { return slowDouble(base, start, end) }
            value = scale > 0 ? value * powersOfTen[scale] : value / powersOfTen[-scale]
        }
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// A small signed exponent, or nil.
    @inline(__always)
    static func integerExponent(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var index = start
        var negative = false
        if index < end && (base[index] == UInt8(ascii: "-") || base[index] == UInt8(ascii: "+")) {
            negative = base[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < end, end - index <= 4 else { return nil }
        var value = 0
        while index < end {
            let digit = base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
            index += 1
        }
        return negative ? -value : value
    }

    static func slowDouble(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        return Double(text) ?? Double(trimmed(text))
    }
}
