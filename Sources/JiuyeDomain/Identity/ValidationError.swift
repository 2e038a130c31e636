/// A user-facing validation failure (校验错误).
///
/// `field` names the form field at fault (e.g. `"idNumber"`, `"phone"`),
/// and `message` is a complete Chinese sentence telling the user what to do,
/// e.g. "证件号码校验位不正确，请核对后重新输入。".
public struct ValidationError: Error, Equatable, Sendable {
    public let field: String
    public let message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

// MARK: - Input normalisation shared by the identity validators

/// Helpers that clean up what people actually type into Chinese forms:
/// full-width characters from an IME (全角字符), stray spaces, and so on.
enum IdentityInput {
    /// Converts full-width ASCII forms (U+FF01–U+FF5E, e.g. "１２３", "Ｘ", "＠")
    /// to their ASCII counterparts and the ideographic space (U+3000) to a space.
    static func halfWidth(_ s: String) -> String {
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return s }
        var scalars = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0xFF01...0xFF5E:
                scalars.append(Unicode.Scalar(scalar.value - 0xFEE0)!)
            case 0x3000:
                scalars.append(" ")
            default:
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Half-width conversion, then removal of every whitespace character.
    static func compact(_ s: String) -> String {
        if isPlainASCII(s) { return s }
        return String(halfWidth(s).filter { !$0.isWhitespace })
    }

    /// Printable ASCII without spaces (and none of `separators`): nothing to convert or remove.
    @inline(__always)
    static func isPlainASCII(_ s: String, except separators: Set<Character> = []) -> Bool {
        guard CellText.isPlainASCII(s) else { return false }
        return separators.isEmpty || !s.utf8.contains { separators.contains(Character(Unicode.Scalar($0))) }
    }

    /// Half-width conversion, then removal of whitespace and the given separators.
    static func compact(_ s: String, removing separators: Set<Character>) -> String {
        if isPlainASCII(s, except: separators) { return s }
        return String(halfWidth(s).filter { !$0.isWhitespace && !separators.contains($0) })
    }

    /// Removes leading and trailing whitespace (including the ideographic space after `halfWidth`).
    static func trimmed(_ s: String) -> String {
        if let first = s.utf8.first, let last = s.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F { return s }
        let start = s.firstIndex { !$0.isWhitespace } ?? s.endIndex
        let end = s.lastIndex { !$0.isWhitespace }.map { s.index(after: $0) } ?? start
        return start < end ? String(s[start..<end]) : ""
    }

    /// Upper-cases ASCII letters only; leaves every other character untouched.
    static func asciiUppercased(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            (0x61...0x7A).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0x20)! : scalar
        }))
    }

    /// Lower-cases ASCII letters only; leaves every other character untouched.
    static func asciiLowercased(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(scalar.value + 0x20)! : scalar
        }))
    }

    static func isASCIIDigit(_ c: Character) -> Bool {
        c.isASCII && c.isNumber
    }

    static func isASCIILetter(_ c: Character) -> Bool {
        c.isASCII && c.isLetter
    }

    static func isASCIIAlphanumeric(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber)
    }
}
