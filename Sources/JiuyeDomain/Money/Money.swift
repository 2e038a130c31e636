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
