// 解约办理 (seed 003 §3.4.3; seed 004 §2(4) 毕业生解约管理; modules review C6). Two-level: the college
// agrees, the school approves; approval voids the agreement and puts the destination back to 待就业.
// The review itself is `ProcessDefinitions.terminationOnline` / `.terminationOffline`.

/// 解约 rules ①–④ (seed 003 §3.4.3) as text, and the checkable ones (②, ④) as code returning the
/// engine's `RuleResult`, so the app passes them to the submit guards by rule id.
public enum TerminationRules {
    /// ①–④ as §3.4.3 states them (the 签约模式一 page).
    public static let rules = [
        "① 学校倡导诚信签约、诚实履约。解约手续办理实行学院、学校两级管理，学生须在就业网向所在学院提出解约申请并经学院毕业生就业领导小组讨论同意后，方可办理解约手续；",
        "② 已经办理过解约的学生，不得再次申请解约；",
        "③ 学生用于向原签约单位提出解约申请的书面材料，属于学生个人意愿表达，学校一律不予盖章；",
        "④ 每年 12 月 1 日开始办理解约手续。",
    ]

    /// ①–④ as the 签约模式二 page words them (§3.4.3.2).
    public static let offlinePageRules = [
        "① 学校倡导诚信签约、诚实履约。解约手续办理实行学院、学校两级管理，学生须首先向所在学院提出解约申请并经学院毕业生就业领导小组讨论同意后，方可办理解约手续；",
        "② 已经办理过解约的学生，不得再次申请解约；",
        "③ 学生用于向原签约单位提出解约申请的书面材料，属于学生个人意愿表达，学校一律不予盖章；",
        "④ 原则上每年12月开始办理解约手续。",
    ]

    /// The rules shown on the 解约办理 page of `mode`.
    public static func rules(for mode: SigningMode) -> [String] { mode == .online ? rules : offlinePageRules }

    /// ② 已经办理过解约的学生，不得再次申请解约: once per student, ever, across both modes.
    /// `completedTerminations` counts approved 解约 only. Assumption: an application that was
    /// withdrawn or not approved was not 办理过 and does not count.
    public static func once(completedTerminations: Int) -> RuleResult {
        completedTerminations == 0
            ? .holds
            : .violated("您已办理过解约。根据学校规定，已经办理过解约的学生不得再次申请解约。如有特殊情况，请联系学院就业工作负责人。")
    }

    /// ④ 每年 12 月 1 日开始办理解约手续: whether `today` (Beijing) is on or after the opening for
    /// graduates of `graduationYear`.
    public static func opening(graduationYear: Int, today: CivilDate, opening: TerminationOpening = .standard) -> RuleResult {
        guard let first = opening.date(forGraduationYear: graduationYear) else {
            return .violated("毕业年度“\(graduationYear)”不正确，无法判断解约办理时间。请联系学院就业工作负责人核对生源信息。")
        }
        if today >= first { return .holds }
        return .violated("解约手续每年\(opening.day.month)月\(opening.day.day)日开始办理，\(graduationYear)届毕业生可于\(first.year)年\(first.month)月\(first.day)日起申请解约，请届时再提交申请。")
    }

    /// Something to terminate: an agreement that holds the student and binds. Assumption: during
    /// the 签约考虑期 the student revokes instead (free, and not counted by ②), so 解约 is refused.
    public static func agreementInForce(_ held: HeldAgreement?, now: Int64, period: Int64 = SigningConsideration.standardPeriod) -> RuleResult {
        guard let held else { return .violated("您目前没有已生效的就业协议，无需办理解约。") }
        if held.isInConsideration(now: now, period: period), let acceptedAt = held.acceptedAt {
            let end = WorkflowText.beijingMinute(SigningConsideration.endsAt(acceptedAt: acceptedAt, period: period))
            return .violated("您与「\(held.unitName)」的签约尚在签约考虑期内（至 \(end)），可直接撤销签约，无需办理解约。")
        }
        return .holds
    }
}

/// ④'s opening day: a month and day (12-01 unless the school configures another) in the signing
/// season of a 毕业年度.
///
/// Assumption (the manual says only "每年"): the season of 毕业年度 Y runs from September of Y − 1
/// to August of Y, so 12-01 means 12-01 of Y − 1 (the 2025届 may apply from 2024-12-01, in time for
/// a new agreement and the 8-31 update deadline); a configured day in January–August falls in Y.
public struct TerminationOpening: Sendable, Equatable, Hashable {
    public let day: MonthDay

    public init(_ day: MonthDay) { self.day = day }

    /// nil for a day no year has; 2-29 means 2-28 in a common year.
    public init?(month: Int, day: Int) {
        guard let day = MonthDay(month: month, day: day) else { return nil }
        self.day = day
    }

    /// 12月1日.
    public static let standard = TerminationOpening(month: 12, day: 1)!

    /// The first day graduates of `graduationYear` may apply; nil outside `CivilDate.years`.
    public func date(forGraduationYear graduationYear: Int) -> CivilDate? {
        guard CivilDate.years.contains(graduationYear) else { return nil }
        return day.date(in: day.month >= 9 ? graduationYear - 1 : graduationYear)
    }
}

/// 解约类型 (seed 003 §3.4.3.2 解约申请: "选择解约类型*", shown with 学生解约).
/// Assumption: the other choice is 单位解约 (the unit withdraws its offer), which the list's
/// 解约发起人 column suggests.
public enum TerminationType: String, CaseIterable, Sendable, Codable {
    case byStudent = "student"
    case byEmployer = "employer"

    public var label: String { self == .byStudent ? "学生解约" : "单位解约" }

    /// The type for a typed or chosen value: the raw value or the label.
    public static func parse(_ text: String) -> TerminationType? {
        let typed = WorkflowText.trimmed(text)
        return allCases.first { $0.rawValue == typed || $0.label == typed }
    }
}

/// 解约申请 as checked: the type and the reason.
public struct TerminationRequest: Sendable, Equatable {
    public var type: TerminationType
    public var reason: String

    public init(type: TerminationType, reason: String) {
        self.type = type
        self.reason = reason
    }
}

/// 填写解约申请 (seed 003 §3.4.3.2): 选择解约类型* and 填写解约原因*.
public enum TerminationForm {
    /// Assumption: the manual gives no length; a reason of up to 200 characters.
    public static let maxReasonLength = 200
    /// The field's placeholder, in the manual's words.
    public static let reasonPlaceholder = "请在此处填写您的解约原因"

    /// The request, or the problems on fields "type" and "reason".
    public static func check(type: String, reason: String) -> Result<TerminationRequest, SigningFormProblems> {
        var errors: [ValidationError] = []
        let chosen = TerminationType.parse(type)
        if chosen == nil { errors.append(ValidationError(field: "type", message: "请选择解约类型。")) }
        let text = WorkflowText.trimmed(reason)
        if text.isEmpty {
            errors.append(ValidationError(field: "reason", message: "请填写解约原因。"))
        } else if TextInput.forbiddenCharacter(in: text) != nil {
            errors.append(ValidationError(field: "reason", message: "解约原因中含有看不见的控制字符（多为复制时带入），请删除后重新输入。"))
        } else if text.count > maxReasonLength {
            errors.append(ValidationError(field: "reason", message: "解约原因不能超过 \(maxReasonLength) 字（现为 \(text.count) 字），请精简后重新填写。"))
        }
        guard errors.isEmpty, let chosen else { return .failure(SigningFormProblems(errors)) }
        return .success(TerminationRequest(type: chosen, reason: text))
    }
}

/// 解约证明材料: what the student (mode 2) or the college (seed 004, a non-网签 graduate) uploads.
public enum TerminationProof {
    /// The standard form to download (seed 003 §3.4.3.2 4), link text).
    public static let standardFormName = "《高等学校毕业生就业协议解除证明》"

    /// The upload's requirements, in the manual's words (seed 003 §3.4.3.2 4)); the manual's
    /// first item names the Jiangsu form, here the link's general name.
    public static let requirements = [
        "1、学生请先下载标准格式的解约证明（\(standardFormName)）并打印，之后携带此证明文件到签约单位盖章，最后在此处上传。学生也可上传由单位出具并盖章的解约证明，二者任意的上传其一即可。",
        "2、图片要求jpg或png格式，大小不超过2M。",
    ]

    /// Seed 004 §2(4)(1): the college uploads for a non-网签 graduate "原用人单位给毕业生出示的解约材料".
    public static let collegeUploadRequirement = "上传原用人单位给毕业生出示的解约材料（需原用人单位加盖单位公章或人力资源部门公章）。"

    /// Mode 1, 单位查看解约: "单位在系统中同意解约或上传用人单位出具的解约证明材料".
    public static let employerStep = "单位在系统中同意解约或上传用人单位出具的解约证明材料"
}

/// What an approved 解约 does (seed 003 §3.4.3: "审核通过则恢复至待就业状态"). The app applies
/// these in the transaction that approves the case.
public enum TerminationOutcome: String, CaseIterable, Sendable {
    /// The agreement is void: a mode-1 invitation becomes 已解约 (`InvitationEvent.terminate`).
    case agreementVoided = "agreement-voided"
    /// The destination goes back to 待就业 (code 70) as a new destination version.
    case destinationPending = "destination-pending"
    /// Counted for ②: no further 解约.
    case counted

    public var label: String {
        switch self {
        case .agreementVoided: "原就业协议书作废"
        case .destinationPending: "毕业去向恢复至待就业状态"
        case .counted: "记为已办理解约，不得再次申请解约"
        }
    }

    /// 待就业's national code (`DestinationForm`).
    public static let pendingDestinationCode = DestinationHeading.awaitingEmployment.rawValue
}

/// The 解约 steps as a progress list (seed 003 §3.4.3.1 for 签约模式一, §3.4.3.2 for 签约模式二):
/// the process's steps with the manual's sentences, then the outcome.
public enum TerminationProgress {
    /// The review process of `mode`.
    public static func definition(for mode: SigningMode) -> ProcessDefinition {
        mode == .online ? ProcessDefinitions.terminationOnline : ProcessDefinitions.terminationOffline
    }

    /// The steps, each done, current or to come for a case in `state` (nil: not yet applied),
    /// then "恢复至待就业状态", done once approved. A case that ended without approval shows its
    /// steps done and the outcome to come; its status (审核不通过) says the rest.
    public static func items(for mode: SigningMode, state: CaseState?) -> [SigningProgressItem] {
        let definition = definition(for: mode)
        let current: Int
        switch state?.status {
        case nil, .draft?, .returned?: current = 0
        case .inReview(let step)?, .publicizing(let step, _)?: current = step
        case .approved?, .rejected?: current = definition.steps.count
        }
        let items = definition.steps.enumerated().map { index, step in
            SigningProgressItem(label: step.label, detail: step.manualText,
                                state: index < current ? .done : index == current ? .current : .upcoming)
        }
        let outcome = SigningProgressItem(label: "恢复至待就业状态", detail: "学校审核通过则恢复至待就业状态",
                                          state: state?.status == .approved ? .done : .upcoming)
        return items + [outcome]
    }
}
