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

/// 简称: another name an admin gives a code (本科 for 本科生毕业), so that an import cell written
/// that way resolves to the code. Kept as cells are read: full-width letters and spaces cleaned,
/// inner spaces collapsed.
public enum CodeAlias {
    public static let maxLength = 30

    /// The alias as it is stored and matched: cleaned like a cell.
    public static func normalise(_ raw: String) -> String {
        CellText.clean(raw)
    }

    /// How two names are compared for collisions: cleaned, without spaces, ASCII upper-cased.
    public static func comparable(_ raw: String) -> String {
        CellText.asciiUppercased(CellText.compact(raw))
    }

    /// What is wrong with a proposed alias (already normalised); nil when it may be added
    /// (whether it collides with another code is for the caller's table to say). Letters of any
    /// script, digits, spaces, brackets and "·" only: no markup, no formula, no separators of
    /// "代码 名称" pairs at its ends.
    public static func problem(_ alias: String) -> String? {
        if alias.isEmpty { return "请填写简称。" }
        if alias.count > maxLength { return "简称最多 \(maxLength) 个字。" }
        for scalar in alias.unicodeScalars {
            let allowed = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || [" ", "(", ")", "（", "）", "·"].contains(scalar)
            if !allowed { return "简称只能包含文字、字母、数字、空格、括号和“·”。" }
        }
        return nil
    }
}
