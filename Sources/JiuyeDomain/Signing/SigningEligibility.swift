// 网上签约: who may sign (seed 003 §3.4; modules review C13). "毕业生（定向委培生除外）与用人单位双向选择
// 达成录用意向后，通过签约模式一或签约模式二完成就业协议书签订，两种签约方式只能任选其一。" and the
// 特别说明: "非全日制非定向且档案在校的毕业研究生均可使用网上签约系统……应届本科毕业生一旦申报并录取为推免
// 研究生，其就业状态为升学，不能再与用人单位签约，学校不开放签约权限。"

/// 签约模式 (seed 003 §3.4): the two ways to sign a 就业协议书; a student uses one of them.
public enum SigningMode: String, Sendable, CaseIterable, Codable {
    /// 签约模式一 (§3.4.1): the verified employer sends an invitation and the student 应约.
    case online
    /// 签约模式二 (§3.4.2): the student enters the agreement, for a unit not registered or not yet
    /// verified ("适用于单位不便于进行线上发起邀约的情况，由学生录入协议书").
    case offline

    /// "签约模式一" / "签约模式二".
    public var name: String { self == .online ? "签约模式一" : "签约模式二" }

    /// The student's menu entry and the 签约类型 column of the 解约 list: 电子签约 / 纸质签约.
    public var label: String { self == .online ? "电子签约" : "纸质签约" }

    /// 就业类别 on the agreement's page: seed 003 §3.4.1 shows "协议就业（电子签约）".
    /// Assumption: mode 2 reads "协议就业（纸质签约）" (the manual shows no such page).
    public var employmentCategory: String { "协议就业（\(label)）" }
}

/// What the signing rules need from the graduate's 生源 record, as the record stores it
/// (`GraduateRecord`: choices by their label), plus the school's 推免 list.
public struct SigningCandidate: Sendable, Equatable {
    /// 学历 (专科 / 本科 / 硕士 / 博士); nil when the record has none.
    public var level: EducationLevel?
    /// 学历类型: "全日制" or "非全日制" (spellings of `GraduateChoices.studyTypes` are accepted).
    public var studyType: String?
    /// 培养方式: "非定向", "定向" or "委培" (or "定向培养", "委托培养").
    public var trainingMode: String?
    /// 档案是否转入学校: "是" or "否".
    public var archiveAtSchool: String?
    /// On the school's 推免 list (录取为推免研究生).
    public var recommendedForAdmission: Bool

    public init(
        level: EducationLevel?,
        studyType: String?,
        trainingMode: String?,
        archiveAtSchool: String? = nil,
        recommendedForAdmission: Bool = false
    ) {
        self.level = level
        self.studyType = studyType
        self.trainingMode = trainingMode
        self.archiveAtSchool = archiveAtSchool
        self.recommendedForAdmission = recommendedForAdmission
    }

    /// The facts as a checked 生源 record holds them.
    public init(record: GraduateRecord, recommendedForAdmission: Bool) {
        self.init(
            level: record.level,
            studyType: record[.studyType],
            trainingMode: record[.trainingMode],
            archiveAtSchool: record[.archiveMoved],
            recommendedForAdmission: recommendedForAdmission
        )
    }
}

/// Why a graduate may not sign online.
public enum SigningIneligibility: Sendable, Equatable {
    /// 定向委培生除外 (seed 003 §3.4; C13): they return to the 定向/委培 unit under their agreement.
    case directedTraining(DirectedTraining.Kind)
    /// 推免研究生: "其就业状态为升学，不能再与用人单位签约，学校不开放签约权限".
    case recommendedAdmission
    /// 非全日制 but not a 研究生: the manual opens online signing only to 非全日制 毕业研究生.
    /// Assumption: 非全日制 专科/本科 graduates cannot sign online.
    case partTimeNotGraduateStudent
    /// 非全日制 研究生 whose archives are not at the school ("档案在校" is required).
    case partTimeArchivesNotAtSchool
    /// The 生源 record lacks a fact the rule needs (the Chinese field name), or holds a value
    /// that is none of the choices. Assumption: refused until the record is completed.
    case missingRecord(String)

    /// What the graduate reads: the rule, and what to do about it.
    public var message: String {
        switch self {
        case .directedTraining(let kind):
            let short = kind == .directed ? "定向" : "委培"
            return "您是\(kind.label)毕业生，须按\(short)协议回原\(short)单位（地区）就业，不能使用网上签约。请在毕业去向登记中选择「签就业协议形式就业」，签约情形选择「定向、委培回原单位就业」。如协议已依规解除，请联系学院就业工作负责人更新培养方式。"
        case .recommendedAdmission:
            return "您已被录取为推免研究生，就业状态为升学，学校不开放签约权限，不能再与用人单位签约。如已放弃推免资格，请联系学院就业工作负责人更新推免名单。"
        case .partTimeNotGraduateStudent:
            return "网上签约仅向全日制毕业生和非全日制非定向且档案在校的毕业研究生开放，您的学历类型为非全日制，不能使用网上签约。如学历类型有误，请联系学院就业工作负责人核对生源信息。"
        case .partTimeArchivesNotAtSchool:
            return "非全日制毕业研究生须档案在校方可使用网上签约，您的生源信息中“档案是否转入学校”为“否”。如档案已转入学校，请在生源信息中申请修改，审核通过后再签约。"
        case .missingRecord(let field):
            return "您的生源信息中“\(field)”缺失或不正确，暂不能判断能否网上签约。请先完成生源信息核对，或联系学院就业工作负责人补充。"
        }
    }

    /// What the employer reads when it tries to invite such a graduate: no personal detail of
    /// the graduate beyond the fact that signing is not open.
    public static let employerMessage = "该毕业生不在网上签约范围内（定向委培生、推免研究生等学校不开放签约权限），无法发送签约邀请。如有疑问，请与毕业生本人或其所在学院联系。"
}

/// 签约权限: whether a graduate may sign online (either mode), per seed 003 §3.4.
public enum SigningEligibility: Sendable, Equatable {
    case eligible
    case ineligible(SigningIneligibility)

    public var isEligible: Bool { self == .eligible }

    /// The rule, in the manual's order of exceptions: 定向/委培 first (every level and study
    /// type), then 推免, then 非全日制 (研究生 only, and only with archives at the school).
    /// 全日制 非定向 graduates of every level may sign.
    public static func evaluate(_ candidate: SigningCandidate) -> SigningEligibility {
        guard let modeText = candidate.trainingMode.map(WorkflowText.trimmed), !modeText.isEmpty,
              let mode = GraduateChoices.trainingModes.value(for: modeText) else {
            return .ineligible(.missingRecord("培养方式"))
        }
        switch mode {
        case "定向": return .ineligible(.directedTraining(.directed))
        case "委培": return .ineligible(.directedTraining(.commissioned))
        default: break
        }
        if candidate.recommendedForAdmission { return .ineligible(.recommendedAdmission) }
        guard let typeText = candidate.studyType.map(WorkflowText.trimmed), !typeText.isEmpty,
              let studyType = GraduateChoices.studyTypes.value(for: typeText) else {
            return .ineligible(.missingRecord("学历类型"))
        }
        guard studyType == "非全日制" else { return .eligible }
        guard let level = candidate.level else { return .ineligible(.missingRecord("学历")) }
        guard level.stage == .graduate else { return .ineligible(.partTimeNotGraduateStudent) }
        guard let archiveText = candidate.archiveAtSchool.map(WorkflowText.trimmed), !archiveText.isEmpty,
              let archive = GraduateChoices.yesNo.value(for: archiveText) else {
            return .ineligible(.missingRecord("档案是否转入学校"))
        }
        return archive == "是" ? .eligible : .ineligible(.partTimeArchivesNotAtSchool)
    }
}

/// One of the graduate's agreements that holds them: an accepted invitation (mode 1, within or
/// after the 签约考虑期) or a mode-2 agreement, not voided by 解约.
/// Assumption: a mode-2 agreement holds from 保存并生成协议书 (a draft saved with 保存，暂不提交
/// does not), and binds at once (the manual gives mode 2 no 考虑期).
public struct HeldAgreement: Sendable, Equatable {
    public var mode: SigningMode
    public var unitName: String
    /// Mode 1: when the student accepted. nil: binding from the start (mode 2 once generated).
    public var acceptedAt: Int64?

    public init(mode: SigningMode, unitName: String, acceptedAt: Int64? = nil) {
        self.mode = mode
        self.unitName = unitName
        self.acceptedAt = acceptedAt
    }

    /// The hold of a mode-1 invitation; nil unless it is 双方达成签约意向.
    public init?(_ invitation: Invitation, unitName: String) {
        guard invitation.status == .signed else { return nil }
        self.init(mode: .online, unitName: unitName, acceptedAt: invitation.acceptedAt)
    }

    public func isInConsideration(now: Int64, period: Int64 = SigningConsideration.standardPeriod) -> Bool {
        acceptedAt.map { SigningConsideration.canWithdraw(acceptedAt: $0, now: now, period: period) } ?? false
    }
}

/// 签约权限 and "签约成功后不能再与其他单位另行签约" (one active agreement per student, across both
/// modes: "两种签约方式只能任选其一").
/// Assumption: a graduate may hold many invitations awaiting an answer; accepting one leaves the
/// others awaiting, and any of them is refused while it holds.
public enum SigningGate {
    /// The agreement that holds the graduate, if any (binding ones first).
    public static func activeAgreement(in held: [HeldAgreement], now: Int64, period: Int64 = SigningConsideration.standardPeriod) -> HeldAgreement? {
        held.first { !$0.isInConsideration(now: now, period: period) } ?? held.first
    }

    /// 发送签约: the employer must be verified (通过资质鉴证), the graduate eligible and not signed.
    public static func refusalToInvite(employerVerified: Bool, eligibility: SigningEligibility, held: [HeldAgreement]) -> Refusal? {
        guard employerVerified else {
            return Refusal(.forbidden, "贵单位尚未通过资质鉴证，暂不能发起网上签约。请先完成单位注册和资质鉴证，或请毕业生通过签约模式二录入协议书。")
        }
        guard eligibility.isEligible else { return Refusal(.guardClosed, SigningIneligibility.employerMessage) }
        guard held.isEmpty else { return Refusal(.wrongState, "该毕业生已与其他单位签约，不能再发送签约邀请。") }
        return nil
    }

    /// 同意签约 (mode 1).
    public static func refusalToAccept(eligibility: SigningEligibility, held: [HeldAgreement], now: Int64,
                                       period: Int64 = SigningConsideration.standardPeriod) -> Refusal? {
        refusal(eligibility: eligibility, held: held, now: now, period: period, doing: "应约")
    }

    /// 录入协议书 (mode 2, 保存并生成协议书).
    public static func refusalToEnterAgreement(eligibility: SigningEligibility, held: [HeldAgreement], now: Int64,
                                               period: Int64 = SigningConsideration.standardPeriod) -> Refusal? {
        refusal(eligibility: eligibility, held: held, now: now, period: period, doing: "录入协议书")
    }

    private static func refusal(eligibility: SigningEligibility, held: [HeldAgreement], now: Int64, period: Int64, doing: String) -> Refusal? {
        if case .ineligible(let reason) = eligibility { return Refusal(.guardClosed, reason.message) }
        guard let active = activeAgreement(in: held, now: now, period: period) else { return nil }
        if active.isInConsideration(now: now, period: period), let acceptedAt = active.acceptedAt {
            let end = WorkflowText.beijingMinute(SigningConsideration.endsAt(acceptedAt: acceptedAt, period: period))
            return Refusal(.wrongState, "您已同意与「\(active.unitName)」签约，签约考虑期至 \(end)，不能再\(doing)。如需改签，请先在考虑期内撤销该签约。")
        }
        return Refusal(.wrongState, "您已与「\(active.unitName)」签约，签约成功后不能再与其他单位另行签约。如需改签新单位，须先办理解约手续。")
    }
}
