/// 脱敏显示 — masking of personal data for display and logs.
///
/// Every function accepts any input, including empty and very short strings,
/// without crashing, and never reveals more than half of a short value.
public enum Masking: Sendable {
    /// 证件号码: 18 characters → first 4 + 10 `*` + last 4, e.g. "4130**********573X".
    /// Other lengths keep the first 2 and last 2 characters, fewer for short input,
    /// so that at most half of the characters are shown.
    public static func idNumber(_ s: String) -> String {
        let chars = Array(IdentityInput.trimmed(s))
        if chars.count == 18 {
            return keep(chars, first: 4, last: 4)
        }
        return keep(chars, first: 2, last: 2)
    }

    /// 手机号码: "158****2340". Numbers that are not 11-digit mobiles keep at most
    /// 3 leading and 4 trailing characters, and at most half of the characters.
    public static func phone(_ s: String) -> String {
        if let mobile = try? MobilePhone(validating: s) {
            let chars = Array(mobile.value)
            return String(chars[0..<3]) + "****" + String(chars[7...])
        }
        return keep(Array(IdentityInput.trimmed(s)), first: 3, last: 4)
    }

    /// 银行卡号: "**** **** **** 1234" — only the last 4 digits are shown
    /// (fewer for short input, at most half).
    public static func bankCard(_ s: String) -> String {
        let chars = Array(IdentityInput.compact(s, removing: ["-"]))
        guard !chars.isEmpty else { return "" }
        let shown = min(4, chars.count / 2)
        let tail = String(chars.suffix(shown))
        if chars.count >= 8 {
            return "**** **** **** " + tail
        }
        return tail.isEmpty ? "****" : "**** " + tail
    }

    /// 姓名: keep the surname (first character; both characters of a common compound
    /// surname such as 欧阳 when the name is longer than it) and star the rest:
    /// "张三" → "张*", "欧阳娜娜" → "欧阳**". A one-character name becomes "*".
    public static func name(_ s: String) -> String {
        let chars = Array(IdentityInput.trimmed(s))
        guard chars.count >= 2 else { return chars.isEmpty ? "" : "*" }
        var kept = 1
        if chars.count >= 3, compoundSurnames.contains(String(chars[0..<2])) {
            kept = 2
        }
        return String(chars[0..<kept]) + String(repeating: "*", count: chars.count - kept)
    }

    /// 电子邮箱: "z***@example.com" — first character of the local part, then `***`,
    /// then the domain. A one-character local part is hidden completely.
    public static func email(_ s: String) -> String {
        let text = IdentityInput.trimmed(s)
        guard let at = text.lastIndex(of: "@") else {
            return keep(Array(text), first: 1, last: 0)
        }
        let local = text[..<at]
        let domain = text[text.index(after: at)...]
        let visible = local.count >= 2 ? String(local.prefix(1)) : ""
        return visible + "***@" + domain
    }

    // MARK: - Helpers

    /// Keeps up to `first` leading and `last` trailing characters, reduced so that
    /// at most half of the characters are revealed, and stars everything in between.
    static func keep(_ chars: [Character], first: Int, last: Int) -> String {
        guard !chars.isEmpty else { return "" }
        var head = max(0, first), tail = max(0, last)
        // Shrink the longer side first, then both sides together, so short input stays symmetric.
        while head + tail > chars.count / 2 {
            if head > tail {
                head -= 1
            } else if tail > head {
                tail -= 1
            } else {
                head -= 1
                tail -= 1
            }
        }
        let stars = chars.count - head - tail
        return String(chars.prefix(head)) + String(repeating: "*", count: stars) + String(chars.suffix(tail))
    }

    /// 复姓 — common two-character surnames.
    static let compoundSurnames: Set<String> = [
        "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
        "宇文", "司徒", "司空", "令狐", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门",
        "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离", "闻人", "赫连", "濮阳",
        "淳于", "单于", "万俟", "拓跋", "东郭", "左丘", "第五", "梁丘", "鲜于", "闾丘",
    ]

    /// Masks every run of digits that looks like a 证件号码 (17 digits + digit or X), a
    /// mobile number (11 digits starting 1[3-9]) or a bank card (16–19 digits) inside free
    /// text, such as a log line or an error message. Runs of other lengths are left alone.
    public static func redactingPersonalData(in text: String) -> String {
        var output = ""
        var run: [Character] = []
        func flush() {
            guard !run.isEmpty else { return }
            let digits = String(run)
            switch run.count {
            case 18 where run.dropLast().allSatisfy(\.isASCIIDigitCharacter): output += idNumber(digits)
            case 11 where run[0] == "1" && "3456789".contains(run[1]): output += phone(digits)
            case 16...19 where run.allSatisfy(\.isASCIIDigitCharacter): output += bankCard(digits)
            default: output += digits
            }
            run.removeAll()
        }
        for character in text {
            if character.isASCIIDigitCharacter || ((character == "X" || character == "x") && run.count == 17) {
                run.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}

extension Masking {
    /// Hides every run of five or more ASCII digits in a message text (a 6-digit 验证码, any
    /// longer number): what the outbox list shows, so reading the list never hands an
    /// administrator a code that logs in as someone else. The full text is an audited request.
    /// Years and the last four digits of a masked phone (139****2222) stay readable.
    public static func codes(in text: String) -> String {
        var output = ""
        var run = ""
        func flush() {
            output += run.count >= 5 ? String(repeating: "*", count: run.count) : run
            run = ""
        }
        for character in text {
            if character.isASCIIDigitCharacter { run.append(character) } else { flush(); output.append(character) }
        }
        flush()
        return output
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
