/// 通知公告 and the other articles of the public site (seed 003 §1.1: 通知公告, 就业创业课程, 就业导航's
/// 用户指南, 生涯规划, 政策指南, 常用下载): written by the employment office, published now or at a
/// set time, pinned to the top or not, taken down when out of date.
public struct Notice: Sendable, Equatable {
    public enum Category: String, CaseIterable, Sendable {
        case announcement = "通知公告"
        case course = "就业创业课程"
        case guide = "用户指南"
        case career = "生涯规划"
        case policy = "政策指南"
        case downloads = "常用下载"

        public var label: String { rawValue }
    }

    public let category: Category
    public let title: String
    /// Allow-listed HTML (`RichText.sanitize`).
    public let body: String
    /// Plain text of the body, for lists and search.
    public let summary: String
    public let publishAt: Int64
    public let pinned: Bool

    public init(category: Category, title: String, body: String, summary: String, publishAt: Int64, pinned: Bool) {
        (self.category, self.title, self.body, self.summary, self.publishAt, self.pinned) = (category, title, body, summary, publishAt, pinned)
    }

    /// The form checked. `publishAt` is the parsed 发布时间 (nil: now; the text was empty) and
    /// `invalidTime` says the text was there but not a time. Assumptions: a title of 2–80
    /// characters; a body of 1–20,000 characters of text; a publication at most a year ahead.
    public static func check(_ form: [String: String], publishAt: Int64?, invalidTime: Bool, now: Int64) -> Result<Notice, JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        let category = Category(rawValue: form["category"] ?? "")
        if category == nil { problems.append(.init(field: "category", message: "请选择栏目。")) }
        let title = JobPosting.collapsed((form["title"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines))
        if title.count < 2 || title.count > 80 || TextInput.forbiddenCharacter(in: title) != nil {
            problems.append(.init(field: "title", message: "请填写标题（2 至 80 个字）。"))
        }
        let nodes = RichText.parse(form["body"] ?? "")
        let summary = RichText.plainText(nodes)
        if summary.isEmpty || summary.count > 20_000 {
            problems.append(.init(field: "body", message: "请填写正文（不超过 20000 字）。"))
        }
        if invalidTime {
            problems.append(.init(field: "publish_at", message: "请选择发布时间，或留空立即发布。"))
        } else if let publishAt, publishAt > now + 366 * 86_400 {
            problems.append(.init(field: "publish_at", message: "定时发布最多设在一年以内。"))
        }
        guard problems.isEmpty, let category else { return .failure(.init(list: problems)) }
        return .success(Notice(category: category, title: title, body: RichText.serialize(nodes), summary: String(summary.prefix(200)),
                               publishAt: max(now, publishAt ?? now), pinned: form["pinned"] == "1"))
    }
}
