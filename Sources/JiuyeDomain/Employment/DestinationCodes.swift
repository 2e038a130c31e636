/// 组织机构代码 as a registration holds it (modules review C10): the unit's 18-character
/// 统一社会信用代码 (GB 32100), checked by its check character. A unit that has none in the
/// graduate's papers is not blocked: a valid 9-character 组织机构代码 (GB 11714) or a 15-digit
/// 工商注册号 from before 2016 is accepted and flagged for the reviewer; categories whose unit
/// has no Chinese code at all (部队, 国际组织, 境外单位, 升学 …) do not ask (`DestinationMatrix`).
public enum DestinationUnitCode: Hashable, Sendable {
    /// 统一社会信用代码, check character verified.
    case creditCode(String)
    /// 组织机构代码 (9 characters, check character verified), as old certificates print it.
    case organizationCode(String)
    /// 工商注册号 (15 digits; the check digit is not verified, so a real number is never refused).
    case registrationNumber(String)

    static let field = DestinationField.creditCode.key

    /// Reads what a graduate types: spaces, hyphens ("XXXXXXXX-X"), full-width characters and
    /// lower case are cleaned first.
    public init(validating raw: String) throws(ValidationError) {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw, removing: ["-", "\u{2014}", "\u{2013}"]))
        guard !text.isEmpty else { throw ValidationError(field: Self.field, message: "请填写统一社会信用代码。") }
        switch text.count {
        case 18:
            do {
                self = .creditCode(try CreditCode(validating: text).value)
            } catch {
                throw ValidationError(field: Self.field, message: error.message)
            }
        case 9:
            guard Self.isValidOrganizationCode(text) else {
                throw ValidationError(field: Self.field, message: "组织机构代码校验位不正确，请核对后重新输入；建议填写营业执照或登记证书上的 18 位统一社会信用代码。")
            }
            self = .organizationCode(text)
        case 15 where text.allSatisfy(IdentityInput.isASCIIDigit):
            self = .registrationNumber(text)
        default:
            throw ValidationError(field: Self.field, message: "统一社会信用代码应为 18 位（见营业执照或登记证书），您输入了 \(min(text.count, 99)) 位，请核对后重新输入。单位确实没有统一社会信用代码的，可填写 9 位组织机构代码或 15 位工商注册号。")
        }
    }

    /// What is stored.
    public var value: String {
        switch self {
        case .creditCode(let code), .organizationCode(let code), .registrationNumber(let code): code
        }
    }

    /// The 9-character 组织机构代码 for a national layout that wants it: characters 9–17 of a
    /// credit code, or the code itself; nil for a 工商注册号.
    public var organizationCode: String? {
        switch self {
        case .creditCode(let code): String(Array(code)[8..<17])
        case .organizationCode(let code): code
        case .registrationNumber: nil
        }
    }

    /// For the reviewer when the graduate gave an older kind of code.
    public var reviewNote: String? {
        switch self {
        case .creditCode: nil
        case .organizationCode(let code): "单位代码填写的是旧版 9 位组织机构代码（\(code)），请核对单位是否已有统一社会信用代码。"
        case .registrationNumber(let code): "单位代码填写的是 15 位工商注册号（\(code)），未做校验，请对照营业执照核对。"
        }
    }

    /// GB 11714: weights 3 7 9 10 5 8 4 2 over the first eight characters (digits, then A = 10 …
    /// Z = 35); check = 11 − Σ mod 11, where 10 is "X" and 11 is "0".
    static func isValidOrganizationCode(_ text: String) -> Bool {
        let chars = Array(text)
        guard chars.count == 9 else { return false }
        let weights = [3, 7, 9, 10, 5, 8, 4, 2]
        var sum = 0
        for (char, weight) in zip(chars.prefix(8), weights) {
            switch char.asciiValue {
            case let byte? where (48...57).contains(byte): sum += Int(byte - 48) * weight
            case let byte? where (65...90).contains(byte): sum += Int(byte - 55) * weight
            default: return false
            }
        }
        let check = 11 - sum % 11
        let expected: Character = check == 10 ? "X" : check == 11 ? "0" : Character(String(check))
        return chars[8] == expected
    }
}

/// 协议书号 of a paper 就业协议书 (modules review C20). Whether a number is used twice is the
/// app's query (per province and year, see `uniquenessKey`); this gives the form of the number.
public enum AgreementNumber {
    static let separators: Set<Character> = ["-", "_", "/", "(", ")", "（", "）", "〔", "〕", "[", "]", "#", "—"]

    /// As stored: full-width forms to ASCII, every space removed, ASCII letters upper-cased.
    public static func normalized(_ raw: String) -> String {
        IdentityInput.asciiUppercased(IdentityInput.compact(raw))
    }

    /// Why a normalised number cannot be a 协议书号, or nil. Kept lenient: provinces print
    /// numbers in different forms, some with Chinese characters ("皖就协2025第001号").
    public static func problem(_ number: String) -> String? {
        guard (4...40).contains(number.count) else {
            return "协议书号应为 4 至 40 个字符，请按就业协议书上印制的编号填写。"
        }
        let allowed = number.allSatisfy { char in
            IdentityInput.isASCIIAlphanumeric(char) || separators.contains(char)
                || char.unicodeScalars.allSatisfy { (0x4E00...0x9FFF).contains($0.value) }
        }
        guard allowed else { return "协议书号只能包含字母、数字、汉字和连接符，请按就业协议书上印制的编号填写。" }
        guard number.contains(where: IdentityInput.isASCIIDigit) else {
            return "协议书号应包含数字编号，请按就业协议书上印制的编号填写。"
        }
        return nil
    }

    /// The key two registrations share when they give the same agreement: province (行政区划
    /// code of the 省级就业部门 that issued the form), year, and the number without separators.
    /// nil when the number is not acceptable or the year is not 1990–2100.
    public static func uniquenessKey(_ raw: String, province: String, year: Int) -> String? {
        let number = normalized(raw)
        guard problem(number) == nil, (1990...2100).contains(year) else { return nil }
        return "\(province)|\(year)|" + String(number.filter { !separators.contains($0) })
    }

    /// What the app says when the key is already taken by another graduate's registration.
    public static func reuseMessage(_ number: String) -> String {
        "协议书号 \(normalized(number)) 已被其他毕业生登记。每份就业协议书只能登记一名毕业生，请核对协议书上的编号；如确为本人的协议书，请联系学院就业工作负责人核查。"
    }
}

/// 院校代码 of the admitting school (境内升学, modules review C10/C11): the 5-digit 院校代码
/// ("10001") or the 10-digit 学校标识码 ("4111010001"). The list itself is the app's code table.
public enum SchoolCode {
    /// The code in digits, or nil when it is neither form.
    public static func normalized(_ raw: String) -> String? {
        let text = IdentityInput.compact(raw)
        guard text.count == 5 || text.count == 10, text.allSatisfy(IdentityInput.isASCIIDigit) else { return nil }
        return text
    }

    /// 招生单位代码 of a research institute (8xxxx): it admits 研究生 but is not a 高校, so the
    /// school table may not list it. Accepted for 研究生 and flagged for the reviewer.
    public static func isResearchInstituteCode(_ code: String) -> Bool {
        code.count == 5 && code.hasPrefix("8")
    }
}

/// 国家（地区）for 境外留学 and 出国、出境就业 (GB/T 2659, equal to ISO 3166-1): a numeric
/// ("840"), two-letter ("US") or three-letter ("USA") code. The list is the app's code table.
public enum CountryCode {
    /// Upper-cased code, or nil when it has none of the three forms.
    public static func normalized(_ raw: String) -> String? {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw))
        let letters = text.allSatisfy { $0.isASCII && $0.isLetter }
        let digits = text.allSatisfy(IdentityInput.isASCIIDigit)
        guard (letters && (text.count == 2 || text.count == 3)) || (digits && text.count == 3) else { return nil }
        return text
    }

    /// 中国 itself: not a destination abroad (港澳台 have their own codes: 344, 446, 158).
    public static func isChina(_ code: String) -> Bool {
        ["CN", "CHN", "156"].contains(code)
    }
}
