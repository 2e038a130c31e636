/// 招聘信息: a position a verified employer posts at the job centre (issue 21, seed 003 §1.1
/// 招聘信息, §2.3 一键求职). The school reviews it before it is public. `check` gives the values
/// as stored, or one Chinese sentence per field.
public struct JobPosting: Sendable, Equatable {
    /// Where a posting is: written and waiting for the school, public, returned with a reason,
    /// or taken down by the employer (下线) or past its deadline.
    public enum State: String, CaseIterable, Sendable {
        case pending = "待审核"
        case published = "已发布"
        case returned = "已退回"
        case withdrawn = "已下线"

        public var label: String { rawValue }
    }

    /// 学历要求, the first entry meaning any.
    public static let educations = ["不限", "专科", "本科", "硕士研究生", "博士研究生"]
    /// Assumptions (the manuals give none): monthly pay up to 1,000,000 yuan; up to 9,999
    /// people; a deadline at most a year ahead; a title of 2–40 characters; 专业要求 up to 200
    /// characters; 职位描述 up to 2,000.
    public static let maximumSalary = 1_000_000
    public static let maximumHeadcount = 9_999
    public static let maximumDaysAhead = 365

    public let title: String
    /// A code of the national 工作职位类别 (`DestinationForm.positions`).
    public let categoryCode: String
    /// A county-level 行政区划 code, resolved by the caller.
    public let countyCode: String
    /// Yuan a month.
    public let salaryMin: Int
    public let salaryMax: Int
    public let education: String
    public let majors: String
    public let headcount: Int
    /// "yyyy-MM-dd", 报名截止日期 (the posting leaves the public list after that day).
    public let deadline: String
    public let description: String

    /// A posting as stored (already checked when it was written).
    public init(title: String, categoryCode: String, countyCode: String, salaryMin: Int, salaryMax: Int, education: String, majors: String,
                headcount: Int, deadline: String, description: String) {
        (self.title, self.categoryCode, self.countyCode, self.salaryMin, self.salaryMax) = (title, categoryCode, countyCode, salaryMin, salaryMax)
        (self.education, self.majors, self.headcount, self.deadline, self.description) = (education, majors, headcount, deadline, description)
    }

    public struct Problem: Error, Sendable, Equatable {
        public let field: String
        public let message: String
    }

    /// Every problem of one form.
    public struct Problems: Error, Sendable, Equatable {
        public let list: [Problem]
        /// Field → message, as the form shows them.
        public var byField: [String: String] { Dictionary(list.map { ($0.field, $0.message) }) { first, _ in first } }
    }

    /// The form's text checked. `countyCode` is nil when the typed place did not resolve to one
    /// county (the caller names that problem); `today` is "yyyy-MM-dd" in China time.
    public static func check(_ form: [String: String], countyCode: String?, today: String) -> Result<JobPosting, Problems> {
        var problems: [Problem] = []
        func text(_ key: String) -> String { (form[key] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        let title = collapsed(text("title"))
        if title.count < 2 || title.count > 40 || TextInput.forbiddenCharacter(in: title) != nil {
            problems.append(.init(field: "title", message: "请填写职位名称（2 至 40 个字）。"))
        }
        let category = text("category")
        if !DestinationForm.positions.contains(where: { $0.code == category }) {
            problems.append(.init(field: "category", message: "请选择工作职位类别。"))
        }
        if countyCode == nil { problems.append(.init(field: "county", message: "请填写工作地点，精确到区县，如“重庆市沙坪坝区”。")) }
        let low = amount(text("salary_min")), high = amount(text("salary_max"))
        if low == nil || high == nil || low! > high! {
            problems.append(.init(field: "salary_min", message: "请填写月薪范围（元），最低不高于最高，不超过 \(maximumSalary) 元。"))
        }
        let education = text("education")
        if !educations.contains(education) { problems.append(.init(field: "education", message: "请选择学历要求。")) }
        let majors = collapsed(text("majors"))
        if majors.count > 200 || TextInput.forbiddenCharacter(in: majors) != nil {
            problems.append(.init(field: "majors", message: "专业要求不超过 200 个字。"))
        }
        let headcountText = text("headcount")
        let headcount = headcountText.utf8.count <= 4 && !headcountText.isEmpty && headcountText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) ? Int(headcountText) : nil
        if headcount == nil || headcount! < 1 || headcount! > maximumHeadcount {
            problems.append(.init(field: "headcount", message: "请填写招聘人数（1 至 \(maximumHeadcount) 人）。"))
        }
        let deadline = text("deadline")
        if let day = CivilDate.parse(deadline), let first = CivilDate.parse(today), let last = first.adding(days: maximumDaysAhead) {
            if day < first || day > last {
                problems.append(.init(field: "deadline", message: "报名截止日期须在今天（\(today)）至一年以内。"))
            }
        } else {
            problems.append(.init(field: "deadline", message: "请按“2027-03-31”的格式填写报名截止日期。"))
        }
        // Line breaks as "\n" whatever the browser sent ("\r\n" is one Character in Swift).
        let description = text("description").replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        if description.isEmpty || description.count > 2_000 || TextInput.forbiddenCharacter(in: description.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "")) != nil {
            problems.append(.init(field: "description", message: "请填写职位描述（不超过 2000 字）。"))
        }
        guard problems.isEmpty, let countyCode, let low, let high, let headcount else { return .failure(Problems(list: problems)) }
        return .success(JobPosting(title: title, categoryCode: category, countyCode: countyCode, salaryMin: low, salaryMax: high, education: education,
                                   majors: majors, headcount: headcount, deadline: deadline, description: description))
    }

    /// Runs of white space made one space.
    static func collapsed(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whole yuan, range-checked before any arithmetic: at most 7 digits, 1…maximumSalary.
    static func amount(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 7, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text), value >= 1, value <= maximumSalary else { return nil }
        return value
    }

    /// "8000–12000 元/月".
    public static func salary(_ low: Int, _ high: Int) -> String { low == high ? "\(low) 元/月" : "\(low)–\(high) 元/月" }

    /// The label of a 工作职位类别 code.
    public static func categoryLabel(_ code: String) -> String { DestinationForm.positions.first { $0.code == code }?.label ?? "其他人员" }

    /// The school's review: approve publishes; a return needs a reason (≤ 200 characters).
    public static func review(_ state: State, approve: Bool, reason: String) -> Result<State, Problem> {
        guard state == .pending else { return .failure(.init(field: "action", message: "该职位已经审核过，请刷新页面。")) }
        if approve { return .success(.published) }
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty, reason.count <= 200 else { return .failure(.init(field: "reason", message: "请填写退回原因（不超过 200 字）。")) }
        return .success(.returned)
    }
}
