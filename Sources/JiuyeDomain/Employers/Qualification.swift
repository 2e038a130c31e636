/// 资质鉴证 — the school's check of a registered unit's qualification (PRODUCT.md §4 "employer
/// registration with qualification check"; §3 "网上签约 mode 1: employer (verified)"). Seed 003
/// §3.4.2.1 shows the consequence: a unit "尚未在本系统注册或已注册尚未通过资质审核" cannot invite,
/// and the graduate enters the agreement instead (mode 2).
///
/// States: 待鉴证 (registered or resubmitted) → 已鉴证, or → 已退回 with a reason; an 已退回 unit
/// corrects its information and resubmits (→ 待鉴证).
///
/// Assumptions: an 已鉴证 unit that changes its 单位名称 or 统一社会信用代码 goes back to 待鉴证
/// (the verified documents named the old unit); other edits keep 已鉴证. The school may withdraw a
/// verification (撤销鉴证, with a reason: e.g. a fraudulent posting), which returns the unit.
public struct Qualification: Sendable, Equatable {
    public enum State: String, CaseIterable, Sendable {
        case pending = "待鉴证"
        case verified = "已鉴证"
        case returned = "已退回"

        public var label: String { rawValue }
    }

    /// What a unit does on the platform, each allowed or refused by the state.
    public enum Action: String, CaseIterable, Sendable {
        /// 网上签约 mode 1: search a graduate and send an invitation.
        case startOnlineSigning
        /// 发布职位.
        case postJob
        /// 申请宣讲会、招聘会.
        case applyForEvent
        /// 查看求职者简历.
        case viewApplicants
        /// 维护单位信息.
        case editProfile
        /// 重新提交鉴证.
        case resubmit

        public var label: String {
            switch self {
            case .startOnlineSigning: "发起网上签约"
            case .postJob: "发布职位"
            case .applyForEvent: "申请宣讲会或招聘会"
            case .viewApplicants: "查看求职者简历"
            case .editProfile: "维护单位信息"
            case .resubmit: "重新提交鉴证"
            }
        }

        /// The actions only an 已鉴证 unit may take.
        public var needsVerification: Bool {
            switch self {
            case .startOnlineSigning, .postJob, .applyForEvent, .viewApplicants: true
            case .editProfile, .resubmit: false
            }
        }
    }

    public private(set) var state: State
    /// The reviewer's reason while 已退回; nil otherwise.
    public private(set) var returnReason: String?
    /// How many times the unit has submitted (1 after registering).
    public private(set) var submissions: Int

    /// A unit just registered: 待鉴证.
    public init() {
        self.init(state: .pending, returnReason: nil, submissions: 1)
    }

    /// A stored qualification. A 已退回 state without its reason keeps a placeholder, so the unit
    /// is never told "已退回" without a sentence.
    public init(state: State, returnReason: String?, submissions: Int) {
        self.state = state
        let reason = returnReason.map(WorkflowText.trimmed).flatMap { $0.isEmpty ? nil : $0 }
        self.returnReason = state == .returned ? (reason ?? "未注明原因，请联系学校就业中心。") : nil
        self.submissions = max(submissions, 1)
    }

    /// The Chinese sentence refusing `action` in this state; nil when it is allowed.
    public func refusal(for action: Action) -> String? {
        switch (state, action) {
        case (.verified, .resubmit):
            "单位资质已通过鉴证，无需重新提交。"
        case (.pending, .resubmit):
            "单位资质正在鉴证中，请等待学校审核，无需重复提交。"
        case (_, .editProfile), (.returned, .resubmit), (.verified, _):
            nil
        case (.pending, _):
            "单位资质正在鉴证中，鉴证通过后才能\(action.label)。请耐心等待学校就业中心审核。"
        case (.returned, _):
            "单位资质鉴证已退回（原因：\(returnReason ?? "")），请按退回原因修改单位信息并重新提交鉴证，鉴证通过后才能\(action.label)。"
        }
    }

    public func allows(_ action: Action) -> Bool { refusal(for: action) == nil }

    /// 鉴证通过 by the school.
    public mutating func verify() throws(QualificationRefusal) {
        guard state == .pending else {
            throw QualificationRefusal(state == .verified ? "该单位资质已通过鉴证。" : "该单位资质已退回，须等单位修改后重新提交才能鉴证。")
        }
        state = .verified
        returnReason = nil
    }

    /// 退回 (or, for an 已鉴证 unit, 撤销鉴证) by the school, with the reason the unit is shown.
    public mutating func returnToUnit(reason: String) throws(QualificationRefusal) {
        let reason = WorkflowText.trimmed(reason)
        guard state != .returned else { throw QualificationRefusal("该单位资质已退回，无需重复操作。") }
        guard !reason.isEmpty else { throw QualificationRefusal("请填写退回原因，单位将按原因修改后重新提交。") }
        guard reason.count <= WorkflowText.maxRemarkLength, TextInput.forbiddenCharacter(in: reason) == nil else {
            throw QualificationRefusal("退回原因不能超过 \(WorkflowText.maxRemarkLength) 个字，且不能含有控制字符，请修改后再提交。")
        }
        state = .returned
        returnReason = reason
    }

    /// 重新提交 by the unit after 退回.
    public mutating func resubmit() throws(QualificationRefusal) {
        if let refusal = refusal(for: .resubmit) { throw QualificationRefusal(refusal) }
        state = .pending
        returnReason = nil
        submissions += 1
    }

    /// The unit saved its information: a verified unit whose 单位名称 or 统一社会信用代码 changed
    /// is checked again. Returns whether the state changed.
    @discardableResult
    public mutating func unitEdited(changing fields: Set<EmployerRegistration.Field>) -> Bool {
        guard state == .verified, !fields.isDisjoint(with: Self.identityFields) else { return false }
        state = .pending
        submissions += 1
        return true
    }

    /// The fields whose change needs a new 鉴证.
    public static let identityFields: Set<EmployerRegistration.Field> = [.name, .creditCode]
}

/// Why a 资质鉴证 action was refused: a Chinese sentence for the person acting.
public struct QualificationRefusal: Error, Equatable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
