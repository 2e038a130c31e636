/// What an allowed move does: the new state (also used to replay a history), the words of its
/// 审核记录 line and the messages it sends. Nothing here refuses; `WorkflowChecks` has decided.
enum WorkflowEffects {
    static func apply(_ action: Action, by actor: ActorKind, at now: Int64, to state: CaseState, in definition: ProcessDefinition) -> CaseState {
        var next = state
        switch action {
        case .saveDraft:
            break
        case .submit:
            let target: Int
            if case .returned(let reentry) = state.status { target = reentry } else { target = state.entry }
            next.status = .inReview(step: target)
            next.entry = target
            next.submissions += 1
            next.reviewedSinceSubmit = false
            next.confirmation = .unconfirmed
            next.enteredBy = nil
        case .withdraw:
            if let step = state.stepIndex { next.entry = step }
            next.status = .draft
            next.reviewedSinceSubmit = false
            next.confirmation = .unconfirmed
        case .approve, .closePublicity, .confirmReceipt:
            advance(&next, in: definition)
        case .reject, .returnForChanges:
            sendBack(&next, in: definition)
        case .publicize(let days):
            guard let step = state.stepIndex, definition.steps.indices.contains(step) else { break }
            let chosen = days ?? definition.steps[step].publicityDays ?? 1
            next.status = .publicizing(step: step, until: now + Int64(chosen) * 86_400)
            next.reviewedSinceSubmit = true
        case .object:
            next.openObjections += 1
        case .resolveObjections:
            next.openObjections = 0
            next.reviewedSinceSubmit = true
        case .addToBatch(let number):
            guard let step = state.stepIndex else { break }
            next.batch = BatchMembership(number: number, formedAt: step)
            next.reviewedSinceSubmit = true
        case .removeFromBatch:
            if let batch = state.batch, batch.formedAt == state.stepIndex {
                next.batch = nil
            } else {
                sendBack(&next, in: definition)
            }
        case .notReceived:
            // Back to the step that paid (the receipt step's predecessor), to be paid again in a new batch.
            if let index = state.stepIndex, index > 0 { next.status = .inReview(step: index - 1) }
        case .confirm:
            next.confirmation = .confirmed
        case .dispute:
            next.confirmation = .disputed
        case .reopen:
            next.version += 1
            next.status = .draft
            next.entry = definition.reopenEntryIndex ?? 1
            next.submissions = 0
            next.reviewedSinceSubmit = false
            next.confirmation = .unconfirmed
            next.enteredBy = nil
            next.openObjections = 0
            next.batch = nil
        case .enterOnBehalf:
            guard let role = actor.role, let landing = definition.entryOnBehalf[role] else { break }
            if state.status == .approved {
                // A correction after approval is a new version; the approved one stays in force.
                next.version += 1
                next.submissions = 0
            }
            next.submissions += 1
            next.reviewedSinceSubmit = true
            next.confirmation = .unconfirmed
            next.enteredBy = role
            next.batch = nil
            switch landing {
            case .awaiting(let stepID):
                let step = definition.index(of: stepID) ?? 1
                next.status = .inReview(step: step)
                next.entry = step
            case .approved:
                next.status = .approved
                next.inForceVersion = next.version
            }
        }
        return next
    }

    /// On to the next step, or approved after the last one. A batch travels on through batch steps.
    private static func advance(_ state: inout CaseState, in definition: ProcessDefinition) {
        guard let step = state.stepIndex else { return }
        state.reviewedSinceSubmit = true
        let next = step + 1
        if next < definition.steps.count {
            state.status = .inReview(step: next)
            if definition.steps[next].mode == .single { state.batch = nil }
        } else {
            state.status = .approved
            state.inForceVersion = state.version
            state.batch = nil
        }
    }

    /// As the step's rejection says: back to the applicant (re-entering where it names) or the end.
    private static func sendBack(_ state: inout CaseState, in definition: ProcessDefinition) {
        guard let step = state.stepIndex, definition.steps.indices.contains(step) else { return }
        state.batch = nil
        state.openObjections = 0
        switch definition.steps[step].onReject {
        case .returnTo(let stepID):
            let reentry = definition.index(of: stepID) ?? 1
            state.status = .returned(reentry: reentry)
            state.entry = reentry
            state.reviewedSinceSubmit = false
            state.confirmation = .unconfirmed
        case .final:
            state.status = .rejected
            state.reviewedSinceSubmit = true
        }
    }

    // MARK: - Words

    static func actionLabel(_ action: Action, before: CaseState, step: StepDefinition) -> String {
        switch action {
        case .approve: step.approveLabel
        case .submit: before.submissions > 0 ? "重新提交" : "提交"
        case .removeFromBatch: before.batch?.formedAt == before.stepIndex ? "移出批次" : "移出批次并退回"
        default: action.kind.label
        }
    }

    static func remark(_ action: Action, after: CaseState, context: GuardContext) -> String? {
        switch action {
        case .publicize:
            guard case .publicizing(_, let until) = after.status else { return nil }
            let days = (until - context.now) / 86_400
            return "公示 \(days) 天，至 \(context.formatTime(until))"
        case .addToBatch(let number):
            return "第 \(number) 批次"
        default:
            return action.remark
        }
    }

    static func notifications(
        _ action: Action,
        by actor: ActorKind,
        before: CaseState,
        after: CaseState,
        in definition: ProcessDefinition,
        context: GuardContext
    ) -> [CaseNotification] {
        let name = definition.name
        let stepLabel = before.currentStep(in: definition)?.label ?? definition.steps[0].label
        switch (action, after.status) {
        case (.reject(let reason), .rejected), (.removeFromBatch(let reason?), .rejected):
            let text = "您的\(name)在“\(stepLabel)”环节审核不通过，原因：\(WorkflowText.trimmed(reason))。"
            return [.sms(text), .systemMessage(text)]
        case (.reject(let reason), .returned):
            let text = "您的\(name)在“\(stepLabel)”环节审核不通过，原因：\(WorkflowText.trimmed(reason))。请修改后重新提交。"
            return [.sms(text), .systemMessage(text)]
        case (.returnForChanges(let reason), .returned), (.removeFromBatch(let reason?), .returned):
            let text = "您的\(name)在“\(stepLabel)”环节被退回修改，原因：\(WorkflowText.trimmed(reason))。请修改后重新提交。"
            return [.sms(text), .systemMessage(text)]
        case (.notReceived(let reason), .inReview(let step)):
            let paying = definition.steps[step]
            return paying.roles.map { CaseNotification.workItem($0, "申请人反馈\(name)资金未到账：\(WorkflowText.trimmed(reason))。请核实后重新拨付。") }
        case (.dispute(let reason), _):
            guard let queue = definition.disputeQueue else { return [] }
            return [.workItem(queue, "申请人对\(name)信息有异议：\(WorkflowText.trimmed(reason))")]
        case (.enterOnBehalf, _):
            let who = actor.label
            if definition.personalConfirmation {
                let text = "\(who)已代您录入\(name)信息，请登录核对并进行本人确认。"
                return [.sms(text), .systemMessage(text)]
            }
            return [.systemMessage("\(who)已代您录入\(name)信息。")]
        case (.publicize, .publicizing(_, let until)) where definition.announcesEveryStep:
            return [.systemMessage("您的\(name)已进入公示，公示期至 \(context.formatTime(until))。")]
        case (_, .approved) where before.status != .approved && actor != .applicant:
            return [.systemMessage("您的\(name)已审核通过。")]
        case (.approve, .inReview(let step)), (.closePublicity, .inReview(let step)):
            guard definition.announcesEveryStep else { return [] }
            let next = definition.steps[step]
            if next.kind == .receipt {
                return [.systemMessage("您的\(name)资金已拨付，请核实到账后进行“\(next.label)”。")]
            }
            return [.systemMessage("您的\(name)已进入“\(next.label)”环节。")]
        default:
            return []
        }
    }
}
