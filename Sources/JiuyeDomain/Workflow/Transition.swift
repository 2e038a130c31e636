/// The one place that decides whether a move on a case is allowed and what it does (审核流程引擎).
///
/// Pure: given the state, the action, the actor and what the app knows about the world, it
/// returns the new state, the 审核记录 entry to write and the messages to queue — or a refusal
/// whose message is the Chinese sentence to show. The app stores the state and the entry in one
/// transaction guarded by its optimistic lock, so of two reviewers acting at once exactly one wins.
public func transition(
    _ state: CaseState,
    _ action: Action,
    by actor: CaseActor,
    in definition: ProcessDefinition,
    context: GuardContext
) -> Result<Transition, Refusal> {
    if let refusal = WorkflowChecks.refusal(state, action, actor, definition, context) {
        return .failure(refusal)
    }
    let after = WorkflowEffects.apply(action, by: actor.kind, at: context.now, to: state, in: definition)
    let stepIndex = state.stepIndex ?? 0
    let step = definition.steps[stepIndex]
    let entry = HistoryEntry(
        action: action,
        actor: actor.kind,
        at: context.now,
        stepID: step.id,
        stepLabel: step.label,
        actionLabel: WorkflowEffects.actionLabel(action, before: state, step: step),
        remark: WorkflowEffects.remark(action, after: after, context: context),
        version: after.version,
        batch: state.batch?.number ?? after.batch?.number,
        statusLabel: definition.status.label(for: after, in: definition)
    )
    var superseded: Int?
    if after.inForceVersion != state.inForceVersion, let old = state.inForceVersion { superseded = old }
    return .success(Transition(
        state: after,
        entry: entry,
        notifications: WorkflowEffects.notifications(action, by: actor.kind, before: state, after: after, in: definition, context: context),
        superseded: superseded
    ))
}

/// The same action on every case of a batch (批次), all or nothing: the first refusal names the
/// case by its index.
public func transition(
    all states: [CaseState],
    _ action: Action,
    by actor: CaseActor,
    in definition: ProcessDefinition,
    context: GuardContext
) -> Result<[Transition], BatchRefusal> {
    var done: [Transition] = []
    for (index, state) in states.enumerated() {
        switch transition(state, action, by: actor, in: definition, context: context) {
        case .success(let moved): done.append(moved)
        case .failure(let refusal): return .failure(BatchRefusal(index: index, refusal: refusal))
        }
    }
    return .success(done)
}

/// The actions `actor` may take now, for showing buttons. A 本人确认 is offered as if the SMS code
/// were given (the page asks for it); guards are evaluated as `context` says.
public func permittedActions(
    _ state: CaseState,
    by actor: CaseActor,
    in definition: ProcessDefinition,
    context: GuardContext
) -> [ActionKind] {
    var probing = context
    probing.smsCodeVerified = true
    let samples: [Action] = [
        .saveDraft, .submit, .withdraw, .approve(remark: nil), .reject(reason: "…"), .returnForChanges(reason: "…"),
        .publicize(days: nil), .object(reason: "…"), .resolveObjections(remark: "…"), .closePublicity,
        .addToBatch(number: 1), .removeFromBatch(reason: "…"), .confirm, .dispute(reason: "…"), .confirmReceipt,
        .notReceived(reason: "…"), .reopen(reason: "…"), .enterOnBehalf(remark: nil),
    ]
    return samples.compactMap { action in
        WorkflowChecks.refusal(state, action, actor, definition, probing) == nil ? action.kind : nil
    }
}

/// An accepted move.
public struct Transition: Sendable, Equatable {
    public var state: CaseState
    /// The 审核记录 line to write with the state.
    public var entry: HistoryEntry
    /// Messages to queue in the same transaction.
    public var notifications: [CaseNotification]
    /// The version this approval replaced: the app marks it 已被替代.
    public var superseded: Int?
}

/// One line of a case's 审核记录: who (by role), when, at which step, what, and the remark. It
/// keeps the action itself, so the state can be rebuilt from the history (`CaseState.replaying`).
public struct HistoryEntry: Sendable, Equatable, Codable {
    public var action: Action
    public var actor: ActorKind
    public var at: Int64
    /// The step the case stood at when acted on (step 0 for the applicant's own edits).
    public var stepID: String
    public var stepLabel: String
    public var actionLabel: String
    public var remark: String?
    /// The version after the move.
    public var version: Int
    public var batch: Int?
    /// The main status after the move, in the manual's words.
    public var statusLabel: String
}

/// A message the engine asks the app to send.
public enum CaseNotification: Sendable, Equatable {
    /// 系统消息 to the applicant (shown bottom-right after login).
    case systemMessage(String)
    /// 短信 to the applicant's phone (seed 001: a rejection always sends the reason).
    case sms(String)
    /// A work item for staff holding this role whose scope covers the case (e.g. 本人确认有异议).
    case workItem(Role, String)
}

/// A refusal, with the sentence to show.
public struct Refusal: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The actor may not do this at all (HTTP 403).
        case forbidden
        /// The case lies outside the actor's scope (answer 404 as for any out-of-scope record).
        case outOfScope
        /// Not possible in the case's current state (HTTP 409).
        case wrongState
        /// Something the user typed is missing or wrong (HTTP 422).
        case invalid
        /// A guard is closed: window, prerequisite or domain rule (HTTP 422).
        case guardClosed
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// A refused batch move: which case (by index) and why.
public struct BatchRefusal: Error, Sendable, Equatable {
    public var index: Int
    public var refusal: Refusal
}

extension CaseState {
    /// The state the history leads to, applied from a new case without the checks: what the app
    /// stored must equal this.
    public static func replaying(_ history: [HistoryEntry], in definition: ProcessDefinition) -> CaseState {
        history.reduce(CaseState.new) { state, entry in
            WorkflowEffects.apply(entry.action, by: entry.actor, at: entry.at, to: state, in: definition)
        }
    }
}
