/// 统一社会信用代码 (GB 32100) — the 18-character unified social credit code of
/// companies and other organisations.
///
/// Characters come from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z);
/// the 18th is a check character: with weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28,
/// check = (31 − Σ mod 31) mod 31, mapped back into the character set.
/// `value` is upper-case without spaces. Failures are reported on field `"creditCode"`.
public struct CreditCode: Hashable, Sendable {
    public let value: String

    static let field = "creditCode"
    static let alphabet = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

    public init(validating raw: String) throws(ValidationError) {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw, removing: ["-"]))
        guard !text.isEmpty else {
            throw ValidationError(field: Self.field, message: "请输入 18 位统一社会信用代码。")
        }
        let chars = Array(text)
        guard chars.count == 18 else {
            throw ValidationError(field: Self.field, message: "统一社会信用代码应为 18 位，您输入了 \(chars.count) 位，请核对后重新输入。")
        }
        var values: [Int] = []
        values.reserveCapacity(18)
        for c in chars {
            guard let v = Self.alphabet.firstIndex(of: c) else {
                throw ValidationError(
                    field: Self.field,
                    message: "统一社会信用代码只能包含数字和大写字母（不含 I、O、S、V、Z），请核对后重新输入。"
                )
            }
            values.append(v)
        }
        guard Self.checkCharacter(for: Array(values[0..<17])) == chars[17] else {
            throw ValidationError(field: Self.field, message: "统一社会信用代码校验位不正确，请核对后重新输入。")
        }
        self.value = text
    }

    /// The check character for the first 17 character values (indices into `alphabet`).
    static func checkCharacter(for values: [Int]) -> Character {
        var sum = 0
        for (value, weight) in zip(values, weights) {
            sum += value * weight
        }
        return alphabet[(31 - sum % 31) % 31]
    }
}
