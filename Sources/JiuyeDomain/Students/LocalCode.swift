/// 本地代码: a code the system admin adds to a national table where the standard has none
/// (a school's own 毕业去向 sub-type, say). Letters and digits only, so it can never pass for
/// a formula, a path or markup in an export, and short enough for every column that holds codes.
public enum LocalCode {
    public static let maxCodeLength = 20
    public static let maxNameLength = 100

    /// What is wrong with a proposed local code, by form field (`code`, `name`); empty when it
    /// may be added (whether the code is already taken is for the caller's table to say).
    public static func problems(code: String, name: String) -> [String: String] {
        var problems: [String: String] = [:]
        if code.isEmpty {
            problems["code"] = "请填写代码。"
        } else if code.unicodeScalars.count > maxCodeLength || !code.unicodeScalars.allSatisfy(isASCIIAlphanumeric) {
            problems["code"] = "代码只能由字母和数字组成，最多 \(maxCodeLength) 位。"
        }
        if name.isEmpty {
            problems["name"] = "请填写名称。"
        } else if name.count > maxNameLength {
            problems["name"] = "名称最多 \(maxNameLength) 个字。"
        }
        return problems
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."z", "A"..."Z": true
        default: false
        }
    }
}
