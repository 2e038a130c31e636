/// One cell handed to `XLSXWriter` or `CSVWriter`.
///
/// Text is written as text even when it looks like a number, so 学号, 身份证号 and phone
/// numbers keep their leading zeros and all their digits. Text that begins with `=`, `+`,
/// `-`, `@`, tab or CR gets a leading `'` (see `Sheets.neutralizingFormula(_:)`).
public enum Cell: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case text(String)
    case number(Double)
    case integer(Int)
    /// Written to .xlsx as a real date (a serial number with a `yyyy-mm-dd` format), to CSV
    /// as `YYYY-MM-DD`; a time of day, when present, is kept. Invalid dates and dates before
    /// 1900 are written as their text.
    case date(SheetDate)
    case empty

    /// A date cell for this calendar day.
    public static func date(year: Int, month: Int, day: Int) -> Cell {
        .date(SheetDate(year: year, month: month, day: day))
    }

    /// Text, or `.empty` when `text` is nil.
    public static func text(_ text: String?) -> Cell {
        text.map(Cell.text) ?? .empty
    }

    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
}

enum NumberText {
    /// A number as a person reads it, the way Excel's General format shows it: integers
    /// without a decimal point, other values to 15 significant digits with trailing zeros
    /// dropped (so 0.1 + 0.2 reads 0.3).
    static func display(_ value: Double) -> String {
        if let integer = exactInteger(value) { return String(integer) }
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        var text = value.description
        // Swift's shortest round-trip form; only longer than 15 significant digits needs rounding.
        if significantDigits(text) > 15 { text = rounded(value, digits: 15) }
        return text
    }

    /// A number exactly, for an .xlsx `<v>`: the shortest text that reads back as the same Double.
    static func exact(_ value: Double) -> String {
        if let integer = exactInteger(value) { return String(integer) }
        return value.description
    }

    @inline(__always)
    static func exactInteger(_ value: Double) -> Int64? {
        guard value.rounded(.towardZero) == value, abs(value) < 1e15 else { return nil }
        return Int64(value)
    }

    private static func significantDigits(_ text: String) -> Int {
        var count = 0
        var started = false
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { break }
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { continue }
            if byte != UInt8(ascii: "0") { started = true }
            if started { count += 1 }
        }
        return count
    }

    /// `value` to `digits` significant digits, in plain notation when its exponent is modest.
    private static func rounded(_ value: Double, digits: Int) -> String {
        let magnitude = Int((abs(value)).exponentBase10)
        let scale = digits - 1 - magnitude
        guard (-300...300).contains(scale) else { return value.description }
        let factor = power10(abs(scale))
        let scaled = scale >= 0 ? (value * factor).rounded() / factor : (value / factor).rounded() * factor
        return scaled.description
    }

    private static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }
}

private extension Double {
    /// floor(log10(self)) for positive finite values, without Foundation.
    var exponentBase10: Double {
        guard self > 0 else { return 0 }
        var exponent = 0.0
        var value = self
        while value >= 10 { value /= 10; exponent += 1 }
        while value < 1 { value *= 10; exponent -= 1 }
        return exponent
    }
}
