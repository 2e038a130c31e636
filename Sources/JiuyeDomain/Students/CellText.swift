/// Cleaning of spreadsheet cell text as Chinese offices type it: full-width letters and
/// digits from an IME (全角), ideographic and non-breaking spaces, zero-width marks that
/// Excel and web copies leave behind.
///
/// Built for bulk imports: text that needs no change (the common case) is returned as is,
/// without allocating.
enum CellText {
    /// Full-width forms → ASCII, every kind of space → one ASCII space, zero-width marks
    /// removed, then trimmed with inner runs of spaces collapsed to one.
    static func clean(_ raw: String) -> String {
        if isPlainASCII(raw) { return raw }
        if !needsCleaning(raw) { return raw }
        var scalars = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in raw.unicodeScalars {
            switch classify(scalar) {
            case .drop:
                continue
            case .space:
                pendingSpace = !scalars.isEmpty
            case .keep(let output):
                if pendingSpace {
                    scalars.append(" ")
                    pendingSpace = false
                }
                scalars.append(output)
            }
        }
        return String(scalars)
    }

    /// Like `clean`, but removes every space as well: for codes and numbers.
    static func compact(_ raw: String) -> String {
        if isPlainASCII(raw) { return raw }
        var changed = false
        var scalars = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars {
            switch classify(scalar) {
            case .drop, .space:
                changed = true
            case .keep(let output):
                if output != scalar { changed = true }
                scalars.append(output)
            }
        }
        return changed ? String(scalars) : raw
    }

    /// Printable ASCII without spaces: nothing to clean.
    @inline(__always)
    static func isPlainASCII(_ text: String) -> Bool {
        for byte in text.utf8 where byte <= 0x20 || byte >= 0x7F { return false }
        return true
    }

    /// Upper-cases ASCII letters; other characters stay.
    static func asciiUppercased(_ text: String) -> String {
        var needs = false
        for byte in text.utf8 where byte >= 0x61 && byte <= 0x7A { needs = true; break }
        guard needs else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    /// True when every byte is an ASCII digit (and there is at least one).
    @inline(__always)
    static func isDigits(_ text: Substring.UTF8View) -> Bool {
        guard !text.isEmpty else { return false }
        for byte in text where byte < 0x30 || byte > 0x39 { return false }
        return true
    }

    static func isDigits(_ text: String) -> Bool { isDigits(Substring(text).utf8) }

    /// The integer value of a run of ASCII digits (no sign, at most 18 digits).
    static func integer(_ digits: Substring.UTF8View) -> Int? {
        guard isDigits(digits), digits.count <= 18 else { return nil }
        var value = 0
        for byte in digits { value = value * 10 + Int(byte - 0x30) }
        return value
    }

    /// "4.10101E+17": what Excel shows when a long number (证件号码, 学号) is stored as a number.
    /// A digit, optional decimals, "E+" and the exponent.
    static func isScientificNotation(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard let e = utf8.firstIndex(where: { $0 == 0x45 || $0 == 0x65 }), e > 0, e + 2 < utf8.count,
              utf8[e + 1] == 0x2B else { return false }
        let mantissa = utf8[..<e], exponent = utf8[(e + 2)...]
        func digits(_ bytes: ArraySlice<UInt8>) -> Bool { !bytes.isEmpty && bytes.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard digits(exponent), let first = mantissa.first, first >= 0x30, first <= 0x39 else { return false }
        let parts = mantissa.split(separator: 0x2E, omittingEmptySubsequences: false)
        return parts.count <= 2 && parts.allSatisfy(digits)
    }

    /// Drops a trailing ".0" (or ".00"…) that a numeric Excel cell gives an integer code.
    static func droppingZeroFraction(_ text: String) -> String {
        guard let dot = text.utf8.firstIndex(of: 0x2E) else { return text }
        let head = text.utf8[..<dot], tail = text.utf8[text.utf8.index(after: dot)...]
        guard isDigits(head), !tail.isEmpty, tail.allSatisfy({ $0 == 0x30 }) else { return text }
        return String(Substring(head))
    }

    // MARK: - Scalar classes

    enum ScalarClass {
        case keep(Unicode.Scalar)
        case space
        case drop
    }

    @inline(__always)
    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return .space
        case 0x200B...0x200D, 0x2060, 0xFEFF:
            return .drop
        case 0xFF01...0xFF5E:
            return .keep(Unicode.Scalar(scalar.value - 0xFEE0)!)
        default:
            return .keep(scalar)
        }
    }

    /// Whether `clean` would change anything: a full-width form, a zero-width mark, a
    /// space that is not a single inner ASCII space.
    static func needsCleaning(_ text: String) -> Bool {
        var previousWasSpace = true  // a leading space needs trimming
        for scalar in text.unicodeScalars {
            switch classify(scalar) {
            case .drop:
                return true
            case .space:
                if scalar != " " || previousWasSpace { return true }
                previousWasSpace = true
            case .keep(let output):
                if output != scalar { return true }
                previousWasSpace = false
            }
        }
        return previousWasSpace  // trailing space (or empty text, which is harmless)
    }
}
