/// Byte-level fast paths for the common, well-formed cell, so that a 100,000-row import does
/// not pay for the identity rules' character-by-character cleaning on every row.
///
/// Each fast path accepts only input the identity rule (`ChineseIDNumber`, `MobilePhone`,
/// `EmailAddress`) accepts with the same result, and returns nil for anything else; the
/// caller then asks the identity rule, which decides and words the message. Tests check the
/// agreement on generated input.
enum FastPath {
    // MARK: - 居民身份证 / 港澳台居民居住证

    struct ResidentID {
        let value: String
        let kind: ChineseIDNumber.Kind
        let isMale: Bool
        let birth: (year: Int, month: Int, day: Int)
    }

    /// 18 ASCII characters: 17 digits and a digit or upper-case X, a plausible area, a real
    /// birth date from 1900 to `today`, and the right check character.
    static func residentID(_ text: String, today: ChineseIDNumber.Day) -> ResidentID? {
        let utf8 = text.utf8
        guard utf8.count == 18 else { return nil }
        var sum = 0, index = 0
        var prefix = 0, year = 0, month = 0, day = 0, sexDigit = 0
        var last: UInt8 = 0
        for byte in utf8 {
            guard index < 17 else {
                last = byte
                break
            }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let digit = Int(byte - 0x30)
            sum += digit * ChineseIDNumber.weights[index]
            switch index {
            case 0..<6: prefix = prefix * 10 + digit
            case 6..<10: year = year * 10 + digit
            case 10..<12: month = month * 10 + digit
            case 12..<14: day = day * 10 + digit
            case 16: sexDigit = digit
            default: break
            }
            index += 1
        }
        guard (last >= 0x30 && last <= 0x39) || last == 0x58 else { return nil }
        let kind: ChineseIDNumber.Kind
        switch prefix {
        case 810_000: kind = .hongKongResident
        case 820_000: kind = .macauResident
        case 830_000: kind = .taiwanResident
        default:
            guard (100_000..<800_000).contains(prefix) else { return nil }  // first digit 1–7
            kind = .mainland
        }
        guard year >= 1900, ChineseIDNumber.Day.isValid(year: year, month: month, day: day),
              ChineseIDNumber.Day(year: year, month: month, day: day) <= today,
              ChineseIDNumber.checkCharacters[sum % 11].asciiValue == last
        else { return nil }
        return ResidentID(value: text, kind: kind, isMale: sexDigit % 2 == 1, birth: (year, month, day))
    }

    // MARK: - 手机号码

    /// Exactly 11 ASCII digits starting 1[3-9].
    static func mobile(_ text: String) -> String? {
        let utf8 = text.utf8
        guard utf8.count == 11 else { return nil }
        var index = 0
        for byte in utf8 {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            if index == 0, byte != 0x31 { return nil }
            if index == 1, byte < 0x33 { return nil }
            index += 1
        }
        return text
    }

    // MARK: - 电子邮箱

    /// A printable-ASCII address without spaces that `EmailAddress` accepts; its value, with
    /// the domain lower-cased.
    static func email(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= EmailAddress.maximumLength else { return nil }
        var at = -1
        for (index, byte) in bytes.enumerated() {
            guard byte > 0x20, byte < 0x7F else { return nil }
            if byte == 0x40 {
                guard at < 0 else { return nil }
                at = index
            }
        }
        guard at > 0, at <= 64 else { return nil }
        // Local part: 1–64 of letters, digits and !#$%&'*+/=?^_`{|}~.- ; no leading, trailing or double dot.
        guard bytes[0] != 0x2E, bytes[at - 1] != 0x2E else { return nil }
        for index in 0..<at {
            let byte = bytes[index]
            if byte == 0x2E, index > 0, bytes[index - 1] == 0x2E { return nil }
            guard isAlphanumeric(byte) || localSymbols.contains(byte) else { return nil }
        }
        // Domain: at least two labels of 1–63 letters, digits and "-", not at either end;
        // the last label is "xn--…" or two or more letters.
        var domain = Array(bytes[(at + 1)...])
        guard domain.count <= 253 else { return nil }
        for index in domain.indices where domain[index] >= 0x41 && domain[index] <= 0x5A {
            domain[index] += 0x20
        }
        var labels = 0, labelStart = 0
        for index in 0...domain.count {
            guard index == domain.count || domain[index] == 0x2E else {
                guard isAlphanumeric(domain[index]) || domain[index] == 0x2D else { return nil }
                continue
            }
            let label = domain[labelStart..<index]
            guard (1...63).contains(label.count), label.first != 0x2D, label.last != 0x2D else { return nil }
            labels += 1
            if index == domain.count {
                let isPunycode = label.count >= 4 && label.starts(with: [0x78, 0x6E, 0x2D, 0x2D])
                guard isPunycode || (label.count >= 2 && label.allSatisfy(isLetter)) else { return nil }
            }
            labelStart = index + 1
        }
        guard labels >= 2 else { return nil }
        return String(decoding: bytes[...at] + domain, as: UTF8.self)
    }

    static let localSymbols: Set<UInt8> = Set("!#$%&'*+/=?^_`{|}~.-".utf8)

    @inline(__always)
    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= 0x30 && byte <= 0x39)
    }

    // MARK: - Text

    /// Whether `text` contains `part`, compared as UTF-8 (no Foundation, no normalisation).
    static func contains(_ text: String, _ part: String) -> Bool {
        let haystack = text.utf8, needle = part.utf8
        guard let first = needle.first, needle.count <= haystack.count else { return needle.isEmpty }
        var start = haystack.startIndex
        while let found = haystack[start...].firstIndex(of: first) {
            if haystack[found...].starts(with: needle) { return true }
            start = haystack.index(after: found)
        }
        return false
    }
}
