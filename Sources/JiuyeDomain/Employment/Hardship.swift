/// 困难群体帮扶 (seed 004 §3): the categories come from the Ministry of Education through the
/// province ("困难群体的数据来源教育部，省系统负责统一标识"), are not the 生源 record's 困难生类别,
/// and are imported by the school, never edited by colleges. Counselors record each assistance.
///
/// The category list is an assumption for the school to confirm: the seed shows it only as an
/// image; these are the groups MOE's 重点群体 帮扶 notices name.
public enum HardshipCategory: String, CaseIterable, Sendable {
    case povertyAlleviated = "01"
    case minimumLiving = "02"
    case zeroEmploymentFamily = "03"
    case disabled = "04"
    case extremelyPoor = "05"
    case monitoredFamily = "06"
    case longTermUnemployed = "07"
    case other = "99"

    public var label: String {
        switch self {
        case .povertyAlleviated: "脱贫家庭毕业生"
        case .minimumLiving: "城乡低保家庭毕业生"
        case .zeroEmploymentFamily: "零就业家庭毕业生"
        case .disabled: "残疾毕业生"
        case .extremelyPoor: "特困人员毕业生"
        case .monitoredFamily: "防止返贫监测对象家庭毕业生"
        case .longTermUnemployed: "离校未就业困难毕业生"
        case .other: "其他困难毕业生"
        }
    }

    /// A cell of the import: the code, the label, or the label without "毕业生" ("低保家庭" too).
    public static func parse(_ text: String) -> HardshipCategory? {
        let typed = WorkflowText.trimmed(text).replacingOccurrences(of: " ", with: "")
        guard !typed.isEmpty else { return nil }
        if let byCode = HardshipCategory(rawValue: typed) { return byCode }
        for category in allCases {
            let short = String(category.label.dropLast(3))
            if typed == category.label || typed == short || typed == short.replacingOccurrences(of: "城乡", with: "") { return category }
        }
        return nil
    }

    /// Several categories in one cell, separated by 、，,；; or spaces; nil when one is unknown.
    public static func parseList(_ text: String) -> [HardshipCategory]? {
        let parts = text.split(whereSeparator: { "、，,；; ".contains($0) }).map(String.init).filter { !$0.isEmpty }
        guard !parts.isEmpty else { return nil }
        var found: [HardshipCategory] = []
        for part in parts {
            guard let category = parse(part) else { return nil }
            if !found.contains(category) { found.append(category) }
        }
        return found.sorted { $0.rawValue < $1.rawValue }
    }
}

/// 帮扶方式: how a counselor helped.
public enum AssistanceKind: String, CaseIterable, Sendable {
    case jobRecommendation = "job"
    case guidance
    case training
    case subsidy
    case internship
    case other

    public var label: String {
        switch self {
        case .jobRecommendation: "岗位推荐"
        case .guidance: "就业指导"
        case .training: "技能培训"
        case .subsidy: "求职补贴"
        case .internship: "就业见习"
        case .other: "其他帮扶"
        }
    }
}

/// One assistance record as a counselor enters it: 帮扶日期, 帮扶方式, 帮扶内容, 帮扶结果.
public struct AssistanceEntry: Sendable, Equatable {
    public var date: CivilDate
    public var kind: AssistanceKind
    public var content: String
    public var result: String

    public static let maxContent = 500
    public static let maxResult = 200

    /// The entry, or the problems by field in Chinese. A date after `today` is refused, and so is
    /// one more than two years back (a typo in the year).
    public static func check(date: String, kind: String, content: String, result: String, today: CivilDate) -> Result<AssistanceEntry, AssistanceProblems> {
        var problems: [String: String] = [:]
        let day = CivilDate.parse(WorkflowText.trimmed(date))
        if day == nil { problems["date"] = "请填写帮扶日期，如 2025-06-18。" }
        if let day, day > today { problems["date"] = "帮扶日期不能晚于今天。" }
        if let day, let earliest = today.adding(months: -24), day < earliest { problems["date"] = "帮扶日期早于两年前，请核对年份。" }
        let kind = AssistanceKind(rawValue: kind)
        if kind == nil { problems["kind"] = "请选择帮扶方式。" }
        let content = WorkflowText.trimmed(content), result = WorkflowText.trimmed(result)
        if content.isEmpty { problems["content"] = "请填写帮扶内容。" }
        if content.count > maxContent { problems["content"] = "帮扶内容不能超过 \(maxContent) 字。" }
        if result.count > maxResult { problems["result"] = "帮扶结果不能超过 \(maxResult) 字。" }
        for (key, text) in [("content", content), ("result", result)] where TextInput.forbiddenCharacter(in: text) != nil {
            problems[key] = "含有看不见的控制字符（多为复制时带入），请删除后重新输入。"
        }
        guard problems.isEmpty, let day, let kind else { return .failure(AssistanceProblems(byField: problems)) }
        return .success(AssistanceEntry(date: day, kind: kind, content: content, result: result))
    }
}

public struct AssistanceProblems: Error, Sendable, Equatable {
    public let byField: [String: String]
}
