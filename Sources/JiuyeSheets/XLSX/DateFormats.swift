/// Which number formats make a number a date.
enum DateFormats {
    /// Built-in format ids that show dates or times: 14–22 and 45–47 everywhere, 27–36 and
    /// 50–58 in the East Asian locales (`yyyy"年"m"月"d"日"` and friends in zh-CN).
    static func isDateFormat(id: Int) -> Bool {
        switch id {
        case 14...22, 27...36, 45...47, 50...58: true
        default: false
        }
    }

    /// Whether a custom format code shows a date or time: a `y`, `m`, `d`, `h` or `s`
    /// (any case) outside quoted text, `[...]` brackets (colours, locales, conditions — but an
    /// elapsed-time bracket such as `[h]` counts), backslash-escaped characters, and the
    /// `_x` / `*x` padding and fill directives. Only the first section (before `;`) is looked at.
    static func isDateFormat(code: String) -> Bool {
        var inQuote = false
        var inBracket = false
        var bracket: [UInt8] = []
        var skipNext = false
        for byte in code.utf8 {
            if skipNext { skipNext = false; continue }
            if inQuote {
                if byte == UInt8(ascii: "\"") { inQuote = false }
                continue
            }
            if inBracket {
                if byte == UInt8(ascii: "]") {
                    inBracket = false
                    let lowered = bracket.map { $0 | 0x20 }
                    if !lowered.isEmpty, lowered.allSatisfy({ $0 == UInt8(ascii: "h") || $0 == UInt8(ascii: "m") || $0 == UInt8(ascii: "s") }) {
                        return true
                    }
                } else {
                    bracket.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inQuote = true
            case UInt8(ascii: "["): inBracket = true; bracket.removeAll()
            case UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "*"): skipNext = true
            case UInt8(ascii: ";"): return false
            case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "m"), UInt8(ascii: "M"), UInt8(ascii: "d"), UInt8(ascii: "D"),
                 UInt8(ascii: "h"), UInt8(ascii: "H"), UInt8(ascii: "s"), UInt8(ascii: "S"):
                return true
            default: break
            }
        }
        return false
    }
}
