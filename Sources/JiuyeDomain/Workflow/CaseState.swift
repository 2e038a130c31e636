/// Where a case stands. The app stores it in the case row (beside its own optimistic-lock
/// counter) and writes every change through the engine together with a history entry.
///
/// One case per applicant, process and period (`CaseKey`): a withdrawal returns it to draft, a
/// resubmission after 退回 continues it, and a change after approval reopens it as a new numbered
/// version while the approved one stays in force (`inForceVersion`) until the new one is approved.
public struct CaseState: Sendable, Equatable, Codable {
    public var status: CaseStatus
    /// The numbered version (1, 2, 3 …): a reopen after approval makes the next one.
    public var version: Int
    /// The approved version in force; older approved versions are superseded (已被替代).
    public var inForceVersion: Int?
    /// The step index a submission from draft enters (1 unless a return or a reopen said otherwise).
    public var entry: Int
    /// Submissions and entries of the current version; numbers the 变更明细.
    public var submissions: Int
    /// Whether any reviewer has acted since the last submission: then the applicant can no
    /// longer withdraw (撤回 only before the first review).
    public var reviewedSinceSubmit: Bool
    /// 本人确认, where the process has it.
    public var confirmation: PersonalConfirmation
    /// Objections (异议) raised during 公示 and not yet dealt with at 评审.
    public var openObjections: Int
    /// The numbered batch (批次) the case is in at a batch step.
    public var batch: BatchMembership?
    /// The role whose entry on the applicant's behalf (代录) is the current content; nil when the
    /// applicant submitted it.
    public var enteredBy: Role?

    public init(
        status: CaseStatus = .draft,
        version: Int = 1,
        inForceVersion: Int? = nil,
        entry: Int = 1,
        submissions: Int = 0,
        reviewedSinceSubmit: Bool = false,
        confirmation: PersonalConfirmation = .unconfirmed,
        openObjections: Int = 0,
        batch: BatchMembership? = nil,
        enteredBy: Role? = nil
    ) {
        self.status = status
        self.version = version
        self.inForceVersion = inForceVersion
        self.entry = entry
        self.submissions = submissions
        self.reviewedSinceSubmit = reviewedSinceSubmit
        self.confirmation = confirmation
        self.openObjections = openObjections
        self.batch = batch
        self.enteredBy = enteredBy
    }

    /// A new case: an empty draft of version 1.
    public static let new = CaseState()

    /// The index of the step the case waits at, if it is in the chain.
    public var stepIndex: Int? {
        switch status {
        case .inReview(let step), .publicizing(let step, _): step
        default: nil
        }
    }

    /// The step the case waits at.
    public func currentStep(in definition: ProcessDefinition) -> StepDefinition? {
        stepIndex.flatMap { definition.steps.indices.contains($0) ? definition.steps[$0] : nil }
    }

    /// Whether the job runner should close this case's 公示 now.
    public func publicityIsDue(now: Int64) -> Bool {
        if case .publicizing(_, let until) = status { return now >= until }
        return false
    }

    /// Broken invariants (English); empty for every state the engine can reach. The app may run
    /// it on rows it loads; the property tests run it after every transition.
    public func problems(in definition: ProcessDefinition) -> [String] {
        var found: [String] = []
        let stepCount = definition.steps.count
        if version < 1 { found.append("version \(version) < 1") }
        if let inForce = inForceVersion {
            if status == .approved, inForce != version { found.append("approved but version \(inForce) in force, not \(version)") }
            if status != .approved, inForce >= version { found.append("version \(inForce) in force while \(version) is not approved") }
            if inForce < 1 { found.append("version \(inForce) in force") }
        } else if status == .approved {
            found.append("approved without a version in force")
        }
        if !(1..<stepCount).contains(entry) { found.append("entry \(entry) outside the review steps") }
        if submissions < 0 { found.append("negative submissions") }
        switch status {
        case .draft, .returned:
            if reviewedSinceSubmit { found.append("back with the applicant but marked reviewed") }
            if confirmation != .unconfirmed { found.append("editable content cannot be confirmed") }
            if batch != nil { found.append("a draft in a batch") }
            if case .returned(let reentry) = status, reentry != entry { found.append("returned to \(reentry) but enters at \(entry)") }
            if case .returned = status, submissions < 1 { found.append("returned before any submission") }
        case .inReview(let step):
            if !(1..<stepCount).contains(step) { found.append("waiting at step \(step) outside the chain") }
            if submissions < 1 { found.append("in review without a submission") }
            if step != entry, !reviewedSinceSubmit { found.append("past its entry step without a review") }
            if definition.steps.indices.contains(step), definition.steps[step].kind == .receipt, !reviewedSinceSubmit {
                found.append("awaiting receipt without a review")
            }
        case .publicizing(let step, _):
            if !definition.steps.indices.contains(step) || definition.steps[step].kind != .publicity {
                found.append("publicizing at step \(step), which is not a publicity")
            }
            if !reviewedSinceSubmit { found.append("publicizing without a review") }
            if batch != nil { found.append("publicizing in a batch") }
        case .approved, .rejected:
            if !reviewedSinceSubmit { found.append("decided without a review") }
            if batch != nil { found.append("decided but still in a batch") }
            if openObjections != 0 { found.append("decided with open objections") }
        }
        if let batch {
            guard let step = stepIndex, definition.steps.indices.contains(step) else {
                found.append("in a batch outside the chain")
                return found
            }
            if definition.steps[step].mode == .single { found.append("in a batch at a single step") }
            if batch.formedAt > step { found.append("batch formed at a later step") }
            if batch.number < 1 { found.append("batch number \(batch.number)") }
        }
        if openObjections < 0 { found.append("negative objections") }
        if openObjections > 0 {
            let afterPublicity = (stepIndex ?? 0) > (definition.steps.firstIndex { $0.kind == .publicity } ?? Int.max)
            let publicizing: Bool = { if case .publicizing = status { return true }; return false }()
            if !(publicizing || afterPublicity) { found.append("objections outside 公示 and 评审") }
        }
        if !definition.personalConfirmation, confirmation != .unconfirmed { found.append("本人确认 where the process has none") }
        if let role = enteredBy, definition.entryOnBehalf[role] == nil { found.append("entered by \(role.rawValue), who may not enter") }
        return found
    }
}

public enum CaseStatus: Sendable, Hashable, Codable {
    /// 暂存 / 未提交: never submitted, withdrawn (撤回), or a reopened version being edited.
    case draft
    /// Waiting for the actor of this step (index ≥ 1).
    case inReview(step: Int)
    /// 公示 at this step until the epoch second `until`.
    case publicizing(step: Int, until: Int64)
    /// 退回: with the applicant for changes; the resubmission enters at `reentry`.
    case returned(reentry: Int)
    /// The version is approved (the whole chain done) and in force.
    case approved
    /// 不通过: the case ends here.
    case rejected
}

/// 本人确认: whether the person agrees with what is recorded (seed 004 代录).
public enum PersonalConfirmation: String, Sendable, Codable, CaseIterable {
    case unconfirmed
    case confirmed
    case disputed

    public var label: String {
        switch self {
        case .unconfirmed: "未确认"
        case .confirmed: "已确认"
        case .disputed: "有异议"
        }
    }
}

/// A case's place in a numbered batch (批次).
public struct BatchMembership: Sendable, Hashable, Codable {
    public var number: Int
    /// The step index where the case joined the batch; taking it out there only un-selects it.
    public var formedAt: Int

    public init(number: Int, formedAt: Int) {
        self.number = number
        self.formedAt = formedAt
    }
}

/// One case per applicant, process and period: the app keeps a unique index on these.
public struct CaseKey: Sendable, Hashable, Codable {
    public var applicant: Int64
    public var process: String
    /// The period the case belongs to, e.g. a graduation year "2025" or a subsidy period "2025-06".
    public var period: String

    public init(applicant: Int64, process: String, period: String) {
        self.applicant = applicant
        self.process = process
        self.period = period
    }
}
