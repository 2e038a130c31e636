import Foundation

/// Amounts of money (补偿金额, 补贴金额…) as exact decimals, never floating point: parsed from
/// what a form or a case stored, summed, and shown with two decimals.
public enum Money {
    /// The amount in `text` ("3001.5", " 200 ", "-12.30"); nil when it is not a plain decimal
    /// (no thousands separators, no exponent, no currency sign).
    public static func parse(_ text: String?) -> Decimal? {
        guard let trimmed = text?.trimmingCharacters(in: .whitespaces), !trimmed.isEmpty else { return nil }
        var digits = 0, points = 0
        for (index, scalar) in trimmed.unicodeScalars.enumerated() {
            switch scalar {
            case "0"..."9": digits += 1
            case ".": points += 1
            case "-" where index == 0: continue
            default: return nil
            }
        }
        guard digits > 0, points <= 1 else { return nil }
        return Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
    }

    /// The sum of the amounts in `texts`; a text that is not an amount counts as nothing.
    public static func sum<S: Sequence>(_ texts: S) -> Decimal where S.Element == String? {
        texts.reduce(Decimal(0)) { $0 + (parse($1) ?? 0) }
    }

    /// Two decimals, rounded half away from zero: 3001.5 → "3001.50", 0.005 → "0.01".
    public static func format(_ value: Decimal) -> String {
        var input = value, rounded = Decimal()
        NSDecimalRound(&rounded, &input, 2, .plain)
        let text = "\(rounded)"
        let parts = text.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, 2 - fraction.count))
    }
}

extension Money {
    /// The largest amount `fen` reads: 1,000,000 yuan.
    public static let maximumFen: Int64 = 100_000_000

    /// "12000.50" (yuan, at most two decimals, at most 1,000,000 yuan) → fen; nil for anything else.
    public static func fen(_ text: String?) -> Int64? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.utf8.count <= 12 else { return nil }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), whole.utf8.count <= 7 else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.utf8.count <= 2, fraction.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if parts.count > 1, fraction.isEmpty { return nil }
        while fraction.utf8.count < 2 { fraction += "0" }
        guard let yuan = Int64(whole), let cents = Int64(fraction) else { return nil }
        let value = yuan * 100 + cents
        return value <= maximumFen ? value : nil
    }

    /// Fen as yuan with two decimals: 2000000 → "20000.00".
    public static func yuan(_ fen: Int64) -> String {
        let sign = fen < 0 ? "-" : ""
        let magnitude = fen.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
