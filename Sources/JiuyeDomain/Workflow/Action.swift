/// Something someone asks to do to a case. Reasons and remarks are the user's words; the engine
/// trims them and refuses a blank one where a reason is required.
public enum Action: Sendable, Hashable, Codable {
    /// 暂存: the applicant saves without submitting.
    case saveDraft
    /// 提交 (送审 / 提交申报), or 重新提交 after 退回.
    case submit
    /// 撤回: back to draft, only before the first reviewer acts.
    case withdraw
    /// The step's forward action: 审核通过, 上报, 确认, 汇总上报, 确认拨付 …
    case approve(remark: String?)
    /// 审核不通过 with the reason; the step's `onReject` says whether it returns or ends the case.
    case reject(reason: String)
    /// 退回修改 with the reason, at steps that return for changes.
    case returnForChanges(reason: String)
    /// 公示 for `days` days (nil: the step's minimum).
    case publicize(days: Int?)
    /// 异议 raised during 公示, recorded by the county HR bureau.
    case object(reason: String)
    /// 异议处理: the 评审 records how the objections were dealt with.
    case resolveObjections(remark: String)
    /// The job runner ends 公示 at its deadline.
    case closePublicity
    /// Put the case into numbered batch `number` at a batch step.
    case addToBatch(number: Int)
    /// Take the case out of its batch: at the step where the batch is formed it is only
    /// un-selected; later it is sent back as the step's rejection says (the reason is required then).
    case removeFromBatch(reason: String?)
    /// 本人确认 (applicant, with an SMS code).
    case confirm
    /// 本人确认有异议 (applicant, with an SMS code); goes to the school's work queue.
    case dispute(reason: String)
    /// 拨付确认: the applicant confirms the money arrived (only at 个人拨付待确认).
    case confirmReceipt
    /// 申请修改: a change after approval, as a new numbered version.
    case reopen(reason: String)
    /// 代录: staff in scope enter or edit the case for the applicant.
    case enterOnBehalf(remark: String?)

    public var kind: ActionKind {
        switch self {
        case .saveDraft: .saveDraft
        case .submit: .submit
        case .withdraw: .withdraw
        case .approve: .approve
        case .reject: .reject
        case .returnForChanges: .returnForChanges
        case .publicize: .publicize
        case .object: .object
        case .resolveObjections: .resolveObjections
        case .closePublicity: .closePublicity
        case .addToBatch: .addToBatch
        case .removeFromBatch: .removeFromBatch
        case .confirm: .confirm
        case .dispute: .dispute
        case .confirmReceipt: .confirmReceipt
        case .reopen: .reopen
        case .enterOnBehalf: .enterOnBehalf
        }
    }

    /// The user's words: reason or remark, trimmed; nil when blank or absent.
    public var remark: String? {
        let text: String?
        switch self {
        case .approve(let remark), .enterOnBehalf(let remark), .removeFromBatch(let remark): text = remark
        case .reject(let reason), .returnForChanges(let reason), .object(let reason), .dispute(let reason), .reopen(let reason):
            text = reason
        case .resolveObjections(let remark): text = remark
        default: text = nil
        }
        guard let trimmed = text.map(WorkflowText.trimmed), !trimmed.isEmpty else { return nil }
        return trimmed
    }
}

/// The kinds of action, without their payloads (buttons, permissions, stored history).
public enum ActionKind: String, Sendable, CaseIterable, Codable {
    case saveDraft, submit, withdraw, approve, reject, returnForChanges, publicize, object
    case resolveObjections, closePublicity, addToBatch, removeFromBatch, confirm, dispute
    case confirmReceipt, reopen, enterOnBehalf

    /// The Chinese label in 审核记录 (the forward action takes the step's own label).
    public var label: String {
        switch self {
        case .saveDraft: "暂存"
        case .submit: "提交"
        case .withdraw: "撤回"
        case .approve: "审核通过"
        case .reject: "审核不通过"
        case .returnForChanges: "退回修改"
        case .publicize: "公示"
        case .object: "公示异议"
        case .resolveObjections: "异议处理"
        case .closePublicity: "公示结束"
        case .addToBatch: "加入批次"
        case .removeFromBatch: "移出批次"
        case .confirm: "本人确认"
        case .dispute: "本人确认有异议"
        case .confirmReceipt: "拨付确认"
        case .reopen: "申请修改"
        case .enterOnBehalf: "代为录入"
        }
    }
}

/// Who acts, as far as the rules care.
public enum ActorKind: Sendable, Hashable, Codable {
    /// The case's applicant in their own session.
    case applicant
    /// Staff acting in an assignment of this role.
    case staff(Role)
    /// The job runner (closes 公示 at its deadline).
    case jobRunner

    public var label: String {
        switch self {
        case .applicant: "申请人"
        case .staff(let role): role.label
        case .jobRunner: "系统"
        }
    }

    public var role: Role? {
        if case .staff(let role) = self { return role }
        return nil
    }
}

/// The actor of one request: who, and whether the case lies in their assignment's scope (the app
/// computes it with the one scope filter, at the level the step names).
public struct Actor: Sendable, Equatable {
    public var kind: ActorKind
    public var inScope: Bool

    public init(kind: ActorKind, inScope: Bool) {
        self.kind = kind
        self.inScope = inScope
    }

    public static let applicant = Actor(kind: .applicant, inScope: true)
    public static let jobRunner = Actor(kind: .jobRunner, inScope: true)

    public static func staff(_ role: Role, inScope: Bool = true) -> Actor {
        Actor(kind: .staff(role), inScope: inScope)
    }
}

/// What the guards and rules need to know about the world at the moment of the request.
public struct GuardContext: Sendable {
    /// Epoch seconds.
    public var now: Int64
    /// The businesses' windows for this case's school (or county) and year; absent = not set.
    public var windows: [Business: WindowState]
    /// Ids of processes in which the applicant has an approved case this period.
    public var approvedPrerequisites: Set<String>
    /// Results of domain rules by rule id; a rule a guard names but the app did not evaluate is refused.
    public var rules: [String: RuleResult]
    /// Whether the case's unit is its county's virtual unit (seed 002 §2.2).
    public var unitIsVirtual: Bool
    /// Whether this request carried a one-time code sent to the applicant's phone and accepted.
    public var smsCodeVerified: Bool
    /// Renders an epoch second for messages (Beijing time).
    public var formatTime: @Sendable (Int64) -> String

    public init(
        now: Int64,
        windows: [Business: WindowState] = [:],
        approvedPrerequisites: Set<String> = [],
        rules: [String: RuleResult] = [:],
        unitIsVirtual: Bool = false,
        smsCodeVerified: Bool = false,
        formatTime: @escaping @Sendable (Int64) -> String = WorkflowText.beijingMinute
    ) {
        self.now = now
        self.windows = windows
        self.approvedPrerequisites = approvedPrerequisites
        self.rules = rules
        self.unitIsVirtual = unitIsVirtual
        self.smsCodeVerified = smsCodeVerified
        self.formatTime = formatTime
    }
}

public enum RuleResult: Sendable, Equatable {
    case holds
    /// The rule fails; the Chinese message says why and what to do.
    case violated(String)
}

/// Small text helpers of the workflow (no Foundation).
public enum WorkflowText {
    /// The longest reason or remark accepted.
    public static let maxRemarkLength = 500

    /// Without leading and trailing whitespace (full-width spaces included).
    public static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let end = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[start...end])
    }

    /// "2025-06-01 08:00" in Beijing time (UTC+8, no daylight saving).
    @Sendable public static func beijingMinute(_ epoch: Int64) -> String {
        let local = epoch + 8 * 3600
        var days = local / 86_400
        var seconds = local % 86_400
        if seconds < 0 { seconds += 86_400; days -= 1 }
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(seconds / 3600)):\(two(seconds % 3600 / 60))"
    }
}
