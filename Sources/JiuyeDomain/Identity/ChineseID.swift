import Foundation

/// 证件类型 — identity document types, coded as in the JY/T 1001 education data standard.
/// `rawValue` is the code stored in the database and sent by forms.
public enum IdentityDocumentType: String, CaseIterable, Sendable {
    /// 居民身份证 (mainland resident ID, 18 digits, GB 11643).
    case residentID = "1"
    /// 港澳居民来往内地通行证 (H or M + 8 digits; old booklet: + 10 digits).
    case hkMacaoPass = "6"
    /// 台湾居民来往大陆通行证 (8 digits; old: 10 digits + optional letter).
    case taiwanPass = "8"
    /// 港澳台居民居住证 (810000/820000/830000 prefix, same structure as the resident ID).
    case hkmoTwResidencePermit = "B"
    /// 香港身份证 (e.g. A123456(3)).
    case hongKongID = "C"
    /// 护照 (passport).
    case passport = "A"

    /// The Chinese label shown in forms, e.g. "居民身份证".
    public var label: String {
        switch self {
        case .residentID: "居民身份证"
        case .hkMacaoPass: "港澳居民来往内地通行证"
        case .taiwanPass: "台湾居民来往大陆通行证"
        case .hkmoTwResidencePermit: "港澳台居民居住证"
        case .hongKongID: "香港身份证"
        case .passport: "护照"
        }
    }
}

/// 公民身份号码 (GB 11643): an 18-character mainland resident ID number, or a
/// 港澳台居民居住证 number, which has the same structure with the prefix
/// 810000 (Hong Kong), 820000 (Macau) or 830000 (Taiwan).
///
/// Layout: 6-digit area code + birth date YYYYMMDD + 3-digit sequence (odd = male)
/// + check character computed with ISO 7064 MOD 11-2.
public struct ChineseIDNumber: Hashable, Sendable {
    /// Which population the number was issued to.
    public enum Kind: Sendable {
        /// 内地居民 — mainland resident ID.
        case mainland
        /// 香港居民 — residence permit, prefix 810000.
        case hongKongResident
        /// 澳门居民 — residence permit, prefix 820000.
        case macauResident
        /// 台湾居民 — residence permit, prefix 830000.
        case taiwanResident
    }

    /// The normalised number: 18 characters, upper-case X, no spaces.
    public let value: String
    public let kind: Kind
    public let birthYear: Int
    public let birthMonth: Int
    public let birthDay: Int

    /// 性别: the 17th digit (last digit of the sequence code) is odd for men, even for women.
    public var isMale: Bool {
        let digit = value.utf8[value.utf8.index(value.utf8.startIndex, offsetBy: 16)] - UInt8(ascii: "0")
        return digit % 2 == 1
    }

    static let field = "idNumber"
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checkCharacters = Array("10X98765432")

    /// Validates a resident ID or residence-permit number, checking length, characters,
    /// area code, birth date (a real date, from 1900 up to today in China) and check character.
    /// Throws a `ValidationError` on field `"idNumber"`.
    public init(validating raw: String) throws(ValidationError) {
        try self.init(validating: raw, today: Day.todayInChina())
    }

    /// Testable variant with an explicit "today".
    init(validating raw: String, today: Day) throws(ValidationError) {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw, removing: ["-"]))
        guard !text.isEmpty else {
            throw Self.error("请输入 18 位居民身份证号码。")
        }
        let chars = Array(text)
        if chars.count == 15, chars.allSatisfy(IdentityInput.isASCIIDigit) {
            throw Self.error("15 位旧版身份证号码已停止使用，请输入 18 位居民身份证号码。")
        }
        guard chars.count == 18 else {
            throw Self.error("请输入 18 位居民身份证号码，您输入了 \(chars.count) 位。")
        }
        guard chars[0..<17].allSatisfy(IdentityInput.isASCIIDigit),
              IdentityInput.isASCIIDigit(chars[17]) || chars[17] == "X"
        else {
            throw Self.error("身份证号码只能由数字组成（最后一位可以是 X），请核对后重新输入。")
        }

        let digits = chars[0..<17].map { Int($0.asciiValue! - UInt8(ascii: "0")) }
        let prefix = String(chars[0..<6])
        let kind: Kind
        switch prefix {
        case "810000": kind = .hongKongResident
        case "820000": kind = .macauResident
        case "830000": kind = .taiwanResident
        default:
            // Area codes are not checked against the current GB/T 2260 list, because
            // codes of abolished counties stay valid on IDs issued earlier.
            guard (1...7).contains(digits[0]) else {
                throw Self.error("身份证号码前 6 位地区码不正确，请核对后重新输入。")
            }
            kind = .mainland
        }

        let year = digits[6] * 1000 + digits[7] * 100 + digits[8] * 10 + digits[9]
        let month = digits[10] * 10 + digits[11]
        let day = digits[12] * 10 + digits[13]
        guard Day.isValid(year: year, month: month, day: day) else {
            throw Self.error("身份证号码中的出生日期（第 7–14 位）不是有效日期，请核对后重新输入。")
        }
        let birth = Day(year: year, month: month, day: day)
        guard year >= 1900 else {
            throw Self.error("身份证号码中的出生日期早于 1900 年，请核对后重新输入。")
        }
        guard birth <= today else {
            throw Self.error("身份证号码中的出生日期晚于今天，请核对后重新输入。")
        }

        guard Self.checkCharacter(for: digits) == chars[17] else {
            throw Self.error("证件号码校验位不正确，请核对后重新输入。")
        }

        self.value = text
        self.kind = kind
        self.birthYear = year
        self.birthMonth = month
        self.birthDay = day
    }

    /// The GB 11643 check character for the first 17 digits.
    static func checkCharacter(for digits: [Int]) -> Character {
        var sum = 0
        for (digit, weight) in zip(digits, weights) {
            sum += digit * weight
        }
        return checkCharacters[sum % 11]
    }

    static func error(_ message: String) -> ValidationError {
        ValidationError(field: field, message: message)
    }

    /// A calendar day (Gregorian), used for birth-date checks.
    struct Day: Comparable, Sendable {
        var year: Int
        var month: Int
        var day: Int

        static func < (a: Day, b: Day) -> Bool {
            (a.year, a.month, a.day) < (b.year, b.month, b.day)
        }

        static func isLeapYear(_ year: Int) -> Bool {
            (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        }

        static func daysInMonth(year: Int, month: Int) -> Int {
            switch month {
            case 2: isLeapYear(year) ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        static func isValid(year: Int, month: Int, day: Int) -> Bool {
            (1...12).contains(month) && day >= 1 && day <= daysInMonth(year: year, month: month)
        }

        /// Today's date in China Standard Time (UTC+8), where the IDs are issued.
        static func todayInChina() -> Day {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
            let parts = calendar.dateComponents([.year, .month, .day], from: Date())
            return Day(year: parts.year ?? 2000, month: parts.month ?? 1, day: parts.day ?? 1)
        }
    }
}
