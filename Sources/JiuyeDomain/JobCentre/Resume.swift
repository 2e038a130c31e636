/// 我的简历 (seed 003 §2.2 1) and 3)): the student's résumé in sections, its 完善度 as a
/// percentage with what is missing, and 一键求职 only from 80 %. The privacy settings (简历, 头像,
/// 电话, 邮箱 公开 or not) decide what an employer sees.
public struct Resume: Sendable, Equatable {
    public enum Field: String, CaseIterable, Sendable {
        case gender, birthMonth = "birth_month", phone, email, objective, education, experience, projects, skills, awards, summary

        public var label: String {
            switch self {
            case .gender: "性别"
            case .birthMonth: "出生年月"
            case .phone: "联系电话"
            case .email: "电子邮箱"
            case .objective: "求职意向"
            case .education: "教育经历"
            case .experience: "实习与工作经历"
            case .projects: "项目与校园经历"
            case .skills: "技能与证书"
            case .awards: "获奖情况"
            case .summary: "自我评价"
            }
        }

        /// Its share of 完善度, in percent; the shares add up to 100. Assumption (the manual names
        /// the 80 % threshold, not the weights): the sections an employer reads first weigh most.
        public var weight: Int {
            switch self {
            case .gender, .birthMonth: 4
            case .phone, .email, .skills, .summary: 8
            case .awards: 5
            case .objective, .projects: 10
            case .experience: 15
            case .education: 20
            }
        }

        /// The longest text accepted.
        public var maxLength: Int {
            switch self {
            case .gender: 1
            case .birthMonth: 7
            case .phone: 11
            case .email: 100
            case .objective: 100
            case .skills, .awards: 300
            case .education, .summary: 500
            case .experience, .projects: 1_000
            }
        }

        /// Several lines allowed.
        public var isLong: Bool { [.education, .experience, .projects, .skills, .awards, .summary].contains(self) }
    }

    /// 一键求职 needs this 完善度 at least.
    public static let applyThreshold = 80

    public var values: [Field: String]
    public var phonePublic: Bool
    public var emailPublic: Bool
    /// 简历公开: employers may find it without an application (applying always sends it).
    public var resumePublic: Bool
    /// 头像公开: employers see the photo (on an application, and in 人才库 when 简历公开 too).
    public var photoPublic: Bool

    public init(values: [Field: String] = [:], phonePublic: Bool = false, emailPublic: Bool = false, resumePublic: Bool = true, photoPublic: Bool = false) {
        self.values = values
        self.phonePublic = phonePublic
        self.emailPublic = emailPublic
        self.resumePublic = resumePublic
        self.photoPublic = photoPublic
    }

    /// 完善度 in percent: the weights of the sections filled in.
    public var completeness: Int { Field.allCases.filter { !(values[$0] ?? "").isEmpty }.reduce(0) { $0 + $1.weight } }

    /// The sections still empty, in form order.
    public var missing: [Field] { Field.allCases.filter { (values[$0] ?? "").isEmpty } }

    /// Why 一键求职 is not offered, or nil when it is.
    public var applyRefusal: String? {
        let percent = completeness
        guard percent < Self.applyThreshold else { return nil }
        return "简历完善度为 \(percent)%，达到 \(Self.applyThreshold)% 才能一键求职。请先完善：\(missing.map(\.label).joined(separator: "、"))。"
    }

    public struct Problem: Error, Sendable, Equatable {
        public let field: String
        public let message: String
    }

    /// The form's text checked: each section tidied and within its length, 性别 男 or 女, 出生年月
    /// "yyyy-MM" between 1950 and `thisYear`, an 11-digit mobile number, an e-mail address.
    /// Empty sections are allowed (they lower 完善度).
    public static func check(_ form: [String: String], thisYear: Int) -> Result<[Field: String], ResumeProblems> {
        var values: [Field: String] = [:]
        var problems: [Problem] = []
        for field in Field.allCases {
            var text = (form[field.rawValue] ?? "").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !field.isLong { text = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
            if text.isEmpty { continue }
            if text.count > field.maxLength || TextInput.forbiddenCharacter(in: text.replacingOccurrences(of: "\n", with: "")) != nil {
                problems.append(.init(field: field.rawValue, message: "\(field.label)不超过 \(field.maxLength) 个字。"))
                continue
            }
            switch field {
            case .gender where text != "男" && text != "女":
                problems.append(.init(field: field.rawValue, message: "请选择性别。"))
            case .birthMonth:
                let parts = text.split(separator: "-")
                let year = parts.count == 2 && parts[0].count == 4 ? Int(parts[0]) : nil
                let month = parts.count == 2 && parts[1].count == 2 ? Int(parts[1]) : nil
                if year == nil || month == nil || !(1950...thisYear).contains(year!) || !(1...12).contains(month!) {
                    problems.append(.init(field: field.rawValue, message: "请按“2003-05”的格式填写出生年月。"))
                }
            case .phone where !(text.utf8.count == 11 && text.hasPrefix("1") && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }):
                problems.append(.init(field: field.rawValue, message: "请填写 11 位手机号码。"))
            case .email:
                let parts = text.split(separator: "@", omittingEmptySubsequences: false)
                if parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".") || parts[1].hasPrefix(".") || parts[1].hasSuffix(".") || text.contains(" ") {
                    problems.append(.init(field: field.rawValue, message: "请填写正确的电子邮箱，如 name@example.com。"))
                }
            default: break
            }
            values[field] = text
        }
        return problems.isEmpty ? .success(values) : .failure(ResumeProblems(list: problems))
    }
}

public struct ResumeProblems: Error, Sendable, Equatable {
    public let list: [Resume.Problem]
    public var byField: [String: String] { Dictionary(list.map { ($0.field, $0.message) }) { first, _ in first } }
}

/// 职位申请: where a student's application to a posting stands, as both sides see it.
public enum JobApplicationStatus: String, CaseIterable, Sendable {
    case sent = "已投递"
    case viewed = "已查看"
    case interview = "邀请面试"
    case unsuitable = "不合适"

    public var label: String { rawValue }

    /// The employer's mark: any status but back to 已投递, and not the one it already has.
    public static func mark(_ current: JobApplicationStatus, to next: JobApplicationStatus) -> Bool {
        next != .sent && next != current
    }
}
