/// Whole numbers taken from a request (a query string, a form field, a path segment), checked
/// before any arithmetic: `Int("9223372036854775807")` parses, and an offset computed from it
/// unchecked would trap and take the whole server down. Every number a request carries goes
/// through here; a page's row offset comes only from `PageNumber.offset`, which clamps first.
public enum RequestNumber {
    /// The number in `text` when it is plain ASCII digits (an optional leading minus) and lies
    /// in `range`; nil otherwise (empty, too long, not a number, out of range).
    public static func parse(_ text: String?, in range: ClosedRange<Int>) -> Int? {
        guard let text, !text.isEmpty, text.utf8.count <= 19 else { return nil }
        var negative = false, value = 0, digits = 0
        for (index, byte) in text.utf8.enumerated() {
            if index == 0, byte == UInt8(ascii: "-") { negative = true; continue }
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            // At most 18 digits, which fit in an Int: counted before multiplying.
            digits += 1
            if digits > 18 { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        guard digits > 0 else { return nil }
        let number = negative ? -value : value
        return range.contains(number) ? number : nil
    }

    /// A database id (a positive 64-bit integer) from `text`; nil for anything else.
    public static func id(_ text: String?) -> Int64? {
        parse(text, in: 1...Int(Int64.max / 2)).map(Int64.init)
    }
}

/// 第几页: the page number a list was asked for, clamped to 1...`maximum`, and the row offset
/// it stands for. Anything that is not a page number (absent, negative, words, a 30-digit
/// number) is page 1; a number past `maximum` is `maximum` (an empty page, never a trap).
public enum PageNumber {
    /// No list here has a million pages; the offset of the last one stays far inside Int.
    public static let maximum = 1_000_000
    /// No list page shows more rows than this.
    public static let maximumPageSize = 1_000

    public static func parse(_ text: String?) -> Int {
        guard let text, !text.isEmpty else { return 1 }
        if let page = RequestNumber.parse(text, in: Int.min / 2...Int.max / 2) {
            return min(max(page, 1), maximum)
        }
        // All digits but longer than an Int: as far as one can page.
        let digitsOnly = text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        return digitsOnly ? maximum : 1
    }

    /// The rows to skip for `page` of `pageSize` rows; both are clamped first, so this never traps.
    public static func offset(page: Int, pageSize: Int) -> Int {
        (min(max(page, 1), maximum) - 1) * min(max(pageSize, 1), maximumPageSize)
    }
}
