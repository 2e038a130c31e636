/// 证件号码 — validation and normalisation of identity document numbers by document type.
///
/// Every failure is a `ValidationError` on field `"idNumber"`.
public enum DocumentNumber: Sendable {
    static let field = "idNumber"

    /// Validates and normalises a document number of the given type; returns the canonical string.
    ///
    /// Canonical forms:
    /// - 居民身份证 / 港澳台居民居住证: 18 characters, upper-case X.
    /// - 港澳居民来往内地通行证: "H12345678" (upper-case letter + digits).
    /// - 台湾居民来往大陆通行证: "12345678", or old "1234567890" / "1234567890(B)".
    /// - 香港身份证: "A123456(3)" (check digit in parentheses).
    /// - 护照: upper-case letters and digits.
    public static func normalise(_ raw: String, type: IdentityDocumentType) throws(ValidationError) -> String {
        switch type {
        case .residentID:
            let id = try ChineseIDNumber(validating: raw)
            guard id.kind == .mainland else {
                throw error("这是港澳台居民居住证号码，请将证件类型选择为“港澳台居民居住证”。")
            }
            return id.value
        case .hkmoTwResidencePermit:
            let text = IdentityInput.compact(raw)
            guard !text.isEmpty else {
                throw error("请输入 18 位港澳台居民居住证号码。")
            }
            let id = try ChineseIDNumber(validating: raw)
            guard id.kind != .mainland else {
                throw error("港澳台居民居住证号码应以 810000、820000 或 830000 开头；如果是内地居民身份证，请将证件类型选择为“居民身份证”。")
            }
            return id.value
        case .hkMacaoPass:
            return try hongKongMacaoPass(raw)
        case .taiwanPass:
            return try taiwanPass(raw)
        case .hongKongID:
            return try hongKongID(raw)
        case .passport:
            return try passport(raw)
        }
    }

    // MARK: - 港澳居民来往内地通行证

    /// 港澳居民来往内地通行证: H (Hong Kong) or M (Macau) followed by 8 digits
    /// (card issued since 2013) or 10 digits (older booklet).
    static func hongKongMacaoPass(_ raw: String) throws(ValidationError) -> String {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw, removing: ["-"]))
        guard !text.isEmpty else {
            throw error("请输入港澳居民来往内地通行证号码。")
        }
        let chars = Array(text)
        guard let first = chars.first, first == "H" || first == "M",
              chars.count == 9 || chars.count == 11,
              chars.dropFirst().allSatisfy(IdentityInput.isASCIIDigit)
        else {
            throw error("港澳居民来往内地通行证号码应为 H 或 M 加 8 位数字（旧版为 10 位数字），请核对后重新输入。")
        }
        return text
    }

    // MARK: - 台湾居民来往大陆通行证

    /// 台湾居民来往大陆通行证: 8 digits (card issued since 2015), or the old booklet's
    /// 10 digits optionally followed by a letter, usually printed in parentheses.
    static func taiwanPass(_ raw: String) throws(ValidationError) -> String {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw, removing: ["-"]))
        guard !text.isEmpty else {
            throw error("请输入台湾居民来往大陆通行证号码。")
        }
        let message = "台湾居民来往大陆通行证号码应为 8 位数字（旧版为 10 位数字，可带一个字母），请核对后重新输入。"
        guard let (body, suffix) = splitTrailingParenthesised(text) else {
            throw error(message)
        }
        let chars = Array(body)
        if let suffix {
            // "1234567890(B)": a single letter in parentheses after 10 digits.
            guard chars.count == 10, chars.allSatisfy(IdentityInput.isASCIIDigit),
                  suffix.count == 1, IdentityInput.isASCIILetter(suffix.first!)
            else { throw error(message) }
            return body + "(" + suffix + ")"
        }
        if chars.count == 8 || chars.count == 10, chars.allSatisfy(IdentityInput.isASCIIDigit) {
            return body
        }
        if chars.count == 11, chars.dropLast().allSatisfy(IdentityInput.isASCIIDigit),
           IdentityInput.isASCIILetter(chars[10]) {
            return String(chars.dropLast()) + "(" + String(chars[10]) + ")"
        }
        throw error(message)
    }

    // MARK: - 香港身份证

    /// 香港身份证: one or two letters, six digits, and a check digit (0–9 or A),
    /// printed as "A123456(3)". Accepted with or without the parentheses.
    ///
    /// Check: a single-letter prefix is padded with a space worth 36; letters are
    /// A=10 … Z=35; weights 9…2 over the 8 leading characters; the check digit makes
    /// the total (with weight 1, A=10) divisible by 11.
    static func hongKongID(_ raw: String) throws(ValidationError) -> String {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw, removing: ["-"]))
        guard !text.isEmpty else {
            throw error("请输入香港身份证号码。")
        }
        let formatMessage = "香港身份证号码应为 1–2 个英文字母加 6 位数字和括号内的校验码，例如 A123456(3)，请核对后重新输入。"
        guard let (split, suffix) = splitTrailingParenthesised(text) else {
            throw error(formatMessage)
        }
        var chars = Array(split)
        if let suffix {
            guard suffix.count == 1 else { throw error(formatMessage) }
            chars.append(suffix.first!)
        }
        guard chars.count == 8 || chars.count == 9 else { throw error(formatMessage) }
        let letterCount = chars.count - 7
        let letters = chars[0..<letterCount]
        let digits = chars[letterCount..<(chars.count - 1)]
        let check = chars[chars.count - 1]
        guard letters.allSatisfy(IdentityInput.isASCIILetter),
              digits.allSatisfy(IdentityInput.isASCIIDigit),
              IdentityInput.isASCIIDigit(check) || check == "A"
        else { throw error(formatMessage) }

        guard hongKongCheckDigit(letters: Array(letters), digits: Array(digits)) == check else {
            throw error("证件号码校验位不正确，请核对后重新输入。")
        }
        return String(letters) + String(digits) + "(" + String(check) + ")"
    }

    /// The Hong Kong ID check digit ("0"–"9" or "A") for the given upper-case letters and six digits.
    static func hongKongCheckDigit(letters: [Character], digits: [Character]) -> Character {
        var values: [Int] = letters.count == 1 ? [36] : []
        values += letters.map { Int($0.asciiValue! - UInt8(ascii: "A")) + 10 }
        values += digits.map { Int($0.asciiValue! - UInt8(ascii: "0")) }
        var sum = 0
        for (value, weight) in zip(values, [9, 8, 7, 6, 5, 4, 3, 2]) {
            sum += value * weight
        }
        let check = (11 - sum % 11) % 11
        return check == 10 ? "A" : Character(String(check))
    }

    // MARK: - 护照

    /// 护照: 5 to 17 letters and digits (e.g. Chinese "E12345678", "EA1234567").
    static func passport(_ raw: String) throws(ValidationError) -> String {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw, removing: ["-"]))
        guard !text.isEmpty else {
            throw error("请输入护照号码。")
        }
        guard (5...17).contains(text.count), text.allSatisfy(IdentityInput.isASCIIAlphanumeric) else {
            throw error("护照号码应为 5–17 位英文字母或数字，请核对后重新输入。")
        }
        return text
    }

    // MARK: - Helpers

    /// Splits "BODY(X)" into ("BODY", "X"); returns ("TEXT", nil) when there are no
    /// parentheses, and nil when parentheses appear anywhere else.
    static func splitTrailingParenthesised(_ text: String) -> (String, String?)? {
        guard text.contains("(") || text.contains(")") else { return (text, nil) }
        guard text.last == ")", let open = text.firstIndex(of: "(") else { return nil }
        let body = String(text[..<open])
        let inner = String(text[text.index(after: open)..<text.index(before: text.endIndex)])
        guard !inner.isEmpty, !inner.contains("("), !inner.contains(")"), !body.contains(")") else {
            return nil
        }
        return (body, inner)
    }

    static func error(_ message: String) -> ValidationError {
        ValidationError(field: field, message: message)
    }
}
