/// 密码规则 — the password policy for accounts.
///
/// Defaults: at least 8 characters, at least 3 of the 4 character classes
/// (lower-case, upper-case, digit, symbol), not containing the username or phone number.
/// Because passwords are hashed with bcrypt, input longer than 72 UTF-8 bytes and
/// input containing a NUL byte are refused rather than silently truncated.
///
/// Classes: `Character.isLowercase` / `isUppercase` letters, ASCII digits 0–9; every
/// other character (punctuation, spaces, Chinese characters, …) counts as a symbol.
public struct PasswordPolicy: Sendable {
    public var minimumLength: Int = 8
    /// How many of the four classes (lower-case, upper-case, digit, symbol) are required.
    public var requiredClasses: Int = 3
    /// bcrypt only uses the first 72 bytes of its input.
    public static let maximumBytes = 72

    static let field = "password"

    public init() {}

    /// Every problem with the password, in Chinese; empty when the password is acceptable.
    /// Errors are on field `"password"`.
    public func problems(password: String, username: String?, phone: String?) -> [ValidationError] {
        guard !password.isEmpty else {
            return [Self.error("请输入密码。")]
        }
        var problems: [ValidationError] = []
        if password.utf8.contains(0) {
            problems.append(Self.error("密码不能包含空字符（NUL），请重新输入。"))
        }
        if password.utf8.count > Self.maximumBytes {
            problems.append(Self.error("密码过长：最多 \(Self.maximumBytes) 个字节（约 24 个汉字），请缩短后重新输入。"))
        }
        if password.count < minimumLength {
            problems.append(Self.error("密码至少需要 \(minimumLength) 位，请加长后重新输入。"))
        }
        if Self.classCount(of: password) < effectiveRequiredClasses {
            problems.append(Self.error("密码须\(classRequirement)，请补充后重新输入。"))
        }
        if let username {
            let name = IdentityInput.trimmed(username).lowercased()
            if name.count >= 3, password.lowercased().contains(name) {
                problems.append(Self.error("密码不能包含用户名，请换一个密码。"))
            }
        }
        if let phone, let digits = Self.phoneDigits(phone) {
            let compacted = String(password.filter { !$0.isWhitespace && $0 != "-" })
            if compacted.contains(digits) {
                problems.append(Self.error("密码不能包含手机号，请换一个密码。"))
            }
        }
        return problems
    }

    /// Throws the first problem reported by `problems(password:username:phone:)`.
    public func validate(password: String, username: String?, phone: String?) throws(ValidationError) {
        if let first = problems(password: password, username: username, phone: phone).first {
            throw first
        }
    }

    /// Human description of the policy for the page, e.g.
    /// "密码至少 8 位，须包含大写字母、小写字母、数字、符号中的至少 3 类，且不能包含用户名或手机号。"
    public var description: String {
        var text = "密码至少 \(minimumLength) 位"
        if effectiveRequiredClasses > 1 {
            text += "，须" + classRequirement
        }
        return text + "，且不能包含用户名或手机号。"
    }

    /// A 0...4 strength score for a meter: 0 very weak (or unusable), 4 strong.
    /// Longer passwords and more character classes score higher; very common
    /// passwords score 0.
    public func strength(of password: String) -> Int {
        let length = password.count
        guard length >= 6,
              password.utf8.count <= Self.maximumBytes,
              !password.utf8.contains(0),
              !Self.commonPasswords.contains(password.lowercased())
        else { return 0 }

        var points = max(0, Self.classCount(of: password) - 1)
        if length >= 8 { points += 1 }
        if length >= 12 { points += 1 }
        if length >= 16 { points += 1 }
        var score: Int
        switch points {
        case ...1: score = 1
        case 2...3: score = 2
        case 4: score = 3
        default: score = 4
        }
        if length < minimumLength || Set(password).count < 4 {
            score = min(score, 1)
        }
        return score
    }

    // MARK: - Helpers

    var effectiveRequiredClasses: Int {
        min(max(requiredClasses, 0), 4)
    }

    var classRequirement: String {
        effectiveRequiredClasses >= 4
            ? "同时包含大写字母、小写字母、数字和符号"
            : "包含大写字母、小写字母、数字、符号中的至少 \(effectiveRequiredClasses) 类"
    }

    /// Number of classes present: lower-case, upper-case, ASCII digit, symbol (anything else).
    static func classCount(of password: String) -> Int {
        var lower = false, upper = false, digit = false, symbol = false
        for c in password {
            if c.isLowercase {
                lower = true
            } else if c.isUppercase {
                upper = true
            } else if IdentityInput.isASCIIDigit(c) {
                digit = true
            } else {
                symbol = true
            }
        }
        return [lower, upper, digit, symbol].filter { $0 }.count
    }

    /// The digits of a phone number worth checking for: the 11-digit mobile number when
    /// it is one, otherwise its digits when there are at least 6 of them.
    static func phoneDigits(_ phone: String) -> String? {
        if let mobile = try? MobilePhone(validating: phone) {
            return mobile.value
        }
        let digits = String(IdentityInput.halfWidth(phone).filter(IdentityInput.isASCIIDigit))
        return digits.count >= 6 ? digits : nil
    }

    /// A few of the passwords that top every leaked-password list, Chinese ones included.
    static let commonPasswords: Set<String> = [
        "123456", "1234567", "12345678", "123456789", "1234567890", "111111", "11111111",
        "000000", "00000000", "666666", "888888", "88888888", "123123", "123321", "654321",
        "password", "password1", "passw0rd", "p@ssw0rd", "p@ssword", "qwerty", "qwerty123",
        "qwertyuiop", "abc123", "abc12345", "abcd1234", "a123456", "a12345678", "aa123456",
        "qq123456", "1qaz2wsx", "1q2w3e4r", "iloveyou", "woaini", "woaini1314", "5201314",
        "admin", "admin123", "admin@123", "root123", "welcome", "welcome1", "letmein", "zxcvbnm",
        "asdfghjkl", "112233", "147258369", "abcdefg", "abcdefgh", "password123", "password@123",
    ]

    static func error(_ message: String) -> ValidationError {
        ValidationError(field: field, message: message)
    }
}
