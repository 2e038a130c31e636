import Foundation

/// An amount of yuan typed as text (月收入, 最低工资标准): digits with at most two decimals,
/// optionally followed by 元 or 元/月. Every bound is checked on the text before any number is
/// built, so "99999999999999999999999" is refused as too large and never overflows.
public enum DestinationAmount {
    public enum Problem: Error, Equatable, Sendable {
        case notANumber
        case tooManyDecimals
        case notPositive
        case tooLarge(max: Decimal)

        /// The message for the field called `label` ("月收入").
        public func message(_ label: String) -> String {
            switch self {
            case .notANumber: "\(label)请填写数字（单位：元），例如 4500 或 4500.50，不要加逗号或其他文字。"
            case .tooManyDecimals: "\(label)最多保留两位小数（精确到分），请核对。"
            case .notPositive: "\(label)应大于 0，请核对。"
            case .tooLarge(let max): "\(label)不能超过 \(Money.format(max)) 元，请核对是否多填了位数。"
            }
        }
    }

    /// The amount, or why the text is not one; `max` is the largest accepted (inclusive).
    public static func parse(_ raw: String, max: Decimal) -> Result<Decimal, Problem> {
        var text = Substring(CellText.compact(raw))
        for suffix in ["元/月", "元每月", "元"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        var negative = false
        if text.first == "-" {
            negative = true
            text = text.dropFirst()
        }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0].drop { $0 == "0" }
        let fraction = parts.count > 1 ? parts[1] : ""
        guard !parts[0].isEmpty || !fraction.isEmpty,
              whole.allSatisfy(IdentityInput.isASCIIDigit), parts[0].allSatisfy(IdentityInput.isASCIIDigit),
              fraction.allSatisfy(IdentityInput.isASCIIDigit), parts.count == 1 || !fraction.isEmpty
        else { return .failure(.notANumber) }
        let cents = fraction.dropFirst(2)
        guard cents.allSatisfy({ $0 == "0" }) else { return .failure(.tooManyDecimals) }
        // 12 digits before the point is far above any bound here; more cannot be a real amount.
        guard whole.count <= 12 else { return .failure(negative ? .notPositive : .tooLarge(max: max)) }
        var fen = (Int(whole) ?? 0) * 100
        for (index, digit) in fraction.prefix(2).enumerated() {
            fen += (digit.wholeNumberValue ?? 0) * (index == 0 ? 10 : 1)
        }
        let value = Decimal(fen) / 100
        if negative || fen == 0 { return .failure(.notPositive) }
        if value > max { return .failure(.tooLarge(max: max)) }
        return .success(value)
    }
}

/// Contact fields of the unit (单位联系电话, 单位传真, 单位邮编).
public enum DestinationContact {
    /// A landline ("023-12345678", "(010)12345678转123") or a mobile number: 7 to 20 digits, with
    /// only the marks people write around them.
    static func isPhone(_ raw: String) -> Bool {
        let text = IdentityInput.compact(raw)
        guard text.count <= 30 else { return false }
        let marks: Set<Character> = ["-", "+", "(", ")", "（", "）", "转", ","]
        guard text.allSatisfy({ IdentityInput.isASCIIDigit($0) || marks.contains($0) }) else { return false }
        return (7...20).contains(text.filter(IdentityInput.isASCIIDigit).count)
    }

    /// 邮政编码: six digits.
    public static func isPostcode(_ raw: String) -> Bool {
        let text = IdentityInput.compact(raw)
        return text.count == 6 && text.allSatisfy(IdentityInput.isASCIIDigit)
    }
}

/// 行政区划 codes as the minimum-wage table and 单位所在地 use them: six digits.
enum RegionCode {
    static func isValid(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } && code != "000000"
    }

    /// The code, then its city (xxxx00), then its province (xx0000), without repeats:
    /// 500103 → [500103, 500100, 500000].
    static func selfAndAncestors(_ code: String) -> [String] {
        guard isValid(code) else { return [] }
        var codes = [code]
        for candidate in [String(code.prefix(4)) + "00", String(code.prefix(2)) + "0000"] where !codes.contains(candidate) {
            codes.append(candidate)
        }
        return codes
    }

    /// Whether `code` lies in `area` (a province, city or county code).
    static func contains(_ area: String, _ code: String) -> Bool {
        selfAndAncestors(code).contains(area)
    }
}
