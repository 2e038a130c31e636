/// 手机号码 — a mainland China mobile number: 11 digits, `1[3-9]xxxxxxxxx`.
///
/// Input may contain spaces, dashes or parentheses and a +86 / 0086 / 86 country prefix;
/// `value` holds the bare 11 digits. Failures are reported on field `"phone"`.
public struct MobilePhone: Hashable, Sendable {
    public let value: String

    static let field = "phone"

    public init(validating raw: String) throws(ValidationError) {
        var text = IdentityInput.compact(raw, removing: ["-", "(", ")", "."])
        guard !text.isEmpty else {
            throw ValidationError(field: Self.field, message: "请输入手机号码。")
        }
        if text.hasPrefix("+86") {
            text.removeFirst(3)
        } else if text.hasPrefix("0086") {
            text.removeFirst(4)
        } else if text.hasPrefix("+") {
            throw ValidationError(field: Self.field, message: "目前仅支持中国大陆手机号码，请输入正确的 11 位手机号码。")
        } else if text.count == 13, text.hasPrefix("86") {
            text.removeFirst(2)
        }
        let chars = Array(text)
        guard chars.count == 11,
              chars.allSatisfy(IdentityInput.isASCIIDigit),
              chars[0] == "1",
              ("3"..."9").contains(chars[1])
        else {
            throw ValidationError(field: Self.field, message: "请输入正确的 11 位手机号码。")
        }
        self.value = text
    }
}

/// 电子邮箱 — an email address, checked the practical way (no quoted local parts,
/// no IP-literal domains). The domain is lower-cased; the local part is kept as typed.
/// At most 254 characters. Failures are reported on field `"email"`.
public struct EmailAddress: Hashable, Sendable {
    public let value: String

    static let field = "email"
    static let maximumLength = 254
    static let localSymbols = Set("!#$%&'*+/=?^_`{|}~.-")

    public init(validating raw: String) throws(ValidationError) {
        // Chinese IMEs produce "＠" and "。"; accept them as "@" and ".".
        let text = IdentityInput.isPlainASCII(raw) ? raw : IdentityInput.trimmed(
            String(IdentityInput.halfWidth(raw).map { $0 == "\u{3002}" ? "." : $0 })
        )
        guard !text.isEmpty else {
            throw ValidationError(field: Self.field, message: "请输入邮箱地址。")
        }
        guard text.count <= Self.maximumLength else {
            throw ValidationError(field: Self.field, message: "邮箱地址过长（最多 254 个字符），请换一个邮箱地址。")
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2,
              Self.isValidLocalPart(parts[0]),
              Self.isValidDomain(IdentityInput.asciiLowercased(String(parts[1])))
        else {
            throw ValidationError(field: Self.field, message: "邮箱地址格式不正确，请检查后重新输入，例如 name@example.com。")
        }
        self.value = String(parts[0]) + "@" + IdentityInput.asciiLowercased(String(parts[1]))
    }

    static func isValidLocalPart(_ local: Substring) -> Bool {
        guard (1...64).contains(local.count),
              local.first != ".", local.last != ".",
              !local.contains("..")
        else { return false }
        return local.allSatisfy { IdentityInput.isASCIIAlphanumeric($0) || localSymbols.contains($0) }
    }

    static func isValidDomain(_ domain: String) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, domain.count <= 253 else { return false }
        for label in labels {
            guard (1...63).contains(label.count),
                  label.first != "-", label.last != "-",
                  label.allSatisfy({ IdentityInput.isASCIIAlphanumeric($0) || $0 == "-" })
            else { return false }
        }
        let tld = labels[labels.count - 1]
        return tld.hasPrefix("xn--") || (tld.count >= 2 && tld.allSatisfy(IdentityInput.isASCIILetter))
    }
}
