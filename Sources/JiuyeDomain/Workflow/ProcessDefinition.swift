/// A review process as data (审核流程): the ordered steps a case passes, who acts at each, what a
/// rejection does, and the manual's words for where a case stands. Only
/// `transition(_:_:by:in:context:)` moves a case; a definition says nothing about storage.
///
/// Step 0 is always the applicant's own (fill in, 暂存, submit); the steps after it are reviews,
/// a publicity (公示) or the applicant's confirmation of receipt. `ProcessDefinitions` holds the
/// processes the seeds need.
public struct ProcessDefinition: Sendable {
    /// Stable key stored with each case, e.g. "destination".
    public var id: String
    /// The Chinese name used in messages, e.g. "毕业去向登记".
    public var name: String
    public var steps: [StepDefinition]
    /// The main status in the manual's vocabulary (e.g. 未提交 / 待审核 / 初审通过 / 审核通过 / 审核不通过).
    public var status: StatusView
    /// Further dimensions a manual shows as views of the step (seed 002's 拨付状态).
    public var views: [StatusView]
    /// 代录: where an entry by staff of each role lands — the status that role would give on approval.
    public var entryOnBehalf: [Role: EntryLanding]
    /// Whether the 本人确认 dimension (未确认 / 已确认 / 有异议) applies.
    public var personalConfirmation: Bool
    /// Whose work queue receives a 本人确认 dispute (有异议).
    public var disputeQueue: Role?
    /// The step a change after approval re-enters at (申请修改, a new destination after 解约);
    /// nil when an approved case is final.
    public var reopenEntry: String?
    /// Seed 002: "接下来的每一步流程，系统都会以系统消息弹出框的形式提示你": a system message at every step.
    public var announcesEveryStep: Bool

    public init(
        id: String,
        name: String,
        steps: [StepDefinition],
        status: StatusView,
        views: [StatusView] = [],
        entryOnBehalf: [Role: EntryLanding] = [:],
        personalConfirmation: Bool = false,
        disputeQueue: Role? = nil,
        reopenEntry: String? = nil,
        announcesEveryStep: Bool = false
    ) {
        self.id = id
        self.name = name
        self.steps = steps
        self.status = status
        self.views = views
        self.entryOnBehalf = entryOnBehalf
        self.personalConfirmation = personalConfirmation
        self.disputeQueue = disputeQueue
        self.reopenEntry = reopenEntry
        self.announcesEveryStep = announcesEveryStep
    }

    public func index(of stepID: String) -> Int? {
        steps.firstIndex { $0.id == stepID }
    }

    /// The steps where staff of `role` act (the review screens this role works on).
    public func steps(actedBy role: Role) -> [StepDefinition] {
        steps.filter { step in
            if case .staff(let levels) = step.actor { return levels.contains { $0.role == role } }
            return false
        }
    }

    public func step(_ stepID: String) -> StepDefinition? {
        index(of: stepID).map { steps[$0] }
    }

    private func isStaffStep(_ stepID: String) -> Bool {
        guard let index = index(of: stepID), index >= 1 else { return false }
        return steps[index].actor != .applicant
    }

    /// The index of the step a reopened version is submitted to.
    var reopenEntryIndex: Int? { reopenEntry.flatMap(index(of:)) }

    /// Mistakes in the data (English, for tests and logs); empty when the definition is usable.
    public var problems: [String] {
        var found: [String] = []
        guard let first = steps.first else { return ["\(id): no steps"] }
        if first.kind != .submission || first.actor != .applicant {
            found.append("\(id): step 0 must be the applicant's submission")
        }
        if steps.count < 2 { found.append("\(id): a process needs at least one step after the submission") }
        if Set(steps.map(\.id)).count != steps.count { found.append("\(id): step ids repeat") }
        for (index, step) in steps.enumerated() {
            if index > 0, step.kind == .submission { found.append("\(id).\(step.id): only step 0 is a submission") }
            if step.kind == .receipt, step.actor != .applicant { found.append("\(id).\(step.id): a receipt is the applicant's") }
            if step.kind == .review || step.kind == .publicity, step.actor == .applicant {
                found.append("\(id).\(step.id): reviews are done by staff")
            }
            if step.kind == .publicity, (step.publicityDays ?? 0) < 1 {
                found.append("\(id).\(step.id): a publicity needs its minimum days")
            }
            if step.kind == .publicity, index + 1 >= steps.count || steps[index + 1].kind != .review {
                found.append("\(id).\(step.id): a publicity is followed by the review that deals with objections")
            }
            if step.kind != .publicity, step.publicityDays != nil {
                found.append("\(id).\(step.id): only a publicity has days")
            }
            if step.mode != .single, step.actor == .applicant {
                found.append("\(id).\(step.id): batches are staff work")
            }
            if case .staff(let levels) = step.actor, levels.isEmpty {
                found.append("\(id).\(step.id): no role acts here")
            }
            if case .returnTo(let target) = step.onReject {
                guard let targetIndex = self.index(of: target), targetIndex >= 1, targetIndex <= index else {
                    found.append("\(id).\(step.id): a return must re-enter at this or an earlier review step")
                    continue
                }
                if steps[targetIndex].actor == .applicant {
                    found.append("\(id).\(step.id): a return must re-enter at a staff step")
                }
            }
        }
        for (role, landing) in entryOnBehalf {
            if case .awaiting(let target) = landing, !isStaffStep(target) {
                found.append("\(id): entry by \(role.rawValue) must land at a staff step")
            }
        }
        if let reopenEntry, !isStaffStep(reopenEntry) {
            found.append("\(id): reopen must re-enter at a staff step")
        }
        if personalConfirmation != (disputeQueue != nil) {
            found.append("\(id): 本人确认 and its dispute queue go together")
        }
        for view in [status] + views {
            for stepID in view.atStep.keys where self.index(of: stepID) == nil {
                found.append("\(id): view \(view.name) names unknown step \(stepID)")
            }
        }
        return found
    }
}

/// One step of a process.
public struct StepDefinition: Sendable {
    public var id: String
    /// The manual's label, e.g. "县区人社局审核".
    public var label: String
    public var kind: StepKind
    public var actor: StepActor
    public var mode: StepMode
    /// What 审核不通过 does here.
    public var onReject: RejectOutcome
    /// For a publicity: the minimum number of days (a longer period may be chosen).
    public var publicityDays: Int?
    /// Checked when the step's forward action is taken (submit at step 0, approve at a review).
    public var guards: [Guard]
    /// The history label of the forward action here ("审核通过", "上报", "确认", "确认拨付").
    public var approveLabel: String
    /// The manual's own wording of the step where it is a sentence (seed 002's table), for the
    /// 流程状态 view.
    public var manualText: String?

    public init(
        id: String,
        label: String,
        kind: StepKind = .review,
        actor: StepActor,
        mode: StepMode = .single,
        onReject: RejectOutcome = .final,
        publicityDays: Int? = nil,
        guards: [Guard] = [],
        approveLabel: String = "审核通过",
        manualText: String? = nil
    ) {
        self.id = id
        self.label = label
        self.kind = kind
        self.actor = actor
        self.mode = mode
        self.onReject = onReject
        self.publicityDays = publicityDays
        self.guards = guards
        self.approveLabel = approveLabel
        self.manualText = manualText
    }

    /// The roles that act here (empty for the applicant's steps).
    public var roles: [Role] {
        if case .staff(let levels) = actor { return levels.map(\.role) }
        return []
    }

    /// The scope level at which `role` acts here.
    public func level(for role: Role) -> RoleLevel? {
        if case .staff(let levels) = actor { return levels.first { $0.role == role } }
        return nil
    }

    /// Whether a 退回 from here sends the case back to the applicant (rather than ending it).
    public var returnsForChanges: Bool {
        if case .returnTo = onReject { return true }
        return false
    }
}

public enum StepKind: String, Sendable, Codable {
    /// The applicant fills in, 暂存, submits (step 0 only).
    case submission
    /// Staff approve, reject or return.
    case review
    /// 公示: staff publish for at least N days; objections are recorded; the job runner closes it.
    case publicity
    /// The applicant confirms receipt (seed 002 个人拨付确认).
    case receipt
}

/// Who acts at a step.
public enum StepActor: Sendable, Equatable {
    /// The case's applicant in their own session.
    case applicant
    /// Staff holding one of these roles, each matched at its own scope level
    /// (辅导员 by class, 院系管理员 by college).
    case staff([RoleLevel])
}

/// A role acting at a step and the scope dimension its assignment must cover the case by.
public struct RoleLevel: Sendable, Equatable {
    public var role: Role
    public var scope: ScopeDimension
    /// Seed 002 §2.2: the role acts here only for a county's virtual unit (虚拟单位).
    public var onlyForVirtualUnit: Bool

    public init(_ role: Role, by scope: ScopeDimension, onlyForVirtualUnit: Bool = false) {
        self.role = role
        self.scope = scope
        self.onlyForVirtualUnit = onlyForVirtualUnit
    }
}

public enum StepMode: String, Sendable, Codable {
    /// One case at a time.
    case single
    /// Only on a numbered batch (批次): a case must be in one before the step's action.
    case batch
    /// One case, or a batch at a time (seed 002 评审 as settled here).
    case singleOrBatch
}

/// What 审核不通过 does at a step.
public enum RejectOutcome: Sendable, Equatable {
    /// 退回: back to the applicant for changes; the resubmission re-enters at this step id.
    case returnTo(String)
    /// 不通过: the case ends here.
    case final
}

/// Where a 代录 (entry by staff on the applicant's behalf) lands.
public enum EntryLanding: Sendable, Equatable {
    /// Waiting at this step (e.g. 初审通过 = waiting for the school's 审核).
    case awaiting(String)
    /// Approved at once (审核通过).
    case approved
}

/// A condition a step's forward action needs.
public enum Guard: Sendable, Equatable {
    /// The business's time window is open now.
    case windowOpen(Business)
    /// A case of another process (by id) is approved, e.g. 第一次在职在岗确认 needs the application.
    case prerequisiteApproved(process: String, label: String)
    /// A domain rule, evaluated by the app and passed in `GuardContext.rules`.
    case rule(DomainRule)
}

/// A named domain rule a guard asks about (e.g. 劳动合同满三年).
public struct DomainRule: Sendable, Hashable {
    public var id: String
    /// Chinese name, used when the app did not evaluate the rule.
    public var label: String

    public init(id: String, label: String) {
        self.id = id
        self.label = label
    }
}
