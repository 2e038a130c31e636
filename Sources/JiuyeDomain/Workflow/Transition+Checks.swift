/// Whether a move is allowed: who may act, in which state, with which input, behind which guards.
/// The first failing check names the refusal, so the sentence is the one the user can act on.
enum WorkflowChecks {
    static func refusal(
        _ state: CaseState,
        _ action: Action,
        _ actor: CaseActor,
        _ definition: ProcessDefinition,
        _ context: GuardContext
    ) -> Refusal? {
        // Every index below is safe once the state is one the engine can reach.
        if !state.problems(in: definition).isEmpty {
            return Refusal(.wrongState, "该申请的状态数据有误，请联系系统管理员。")
        }
        if let text = action.remark, text.count > WorkflowText.maxRemarkLength {
            return Refusal(.invalid, "填写的内容不能超过 \(WorkflowText.maxRemarkLength) 字。")
        }
        switch action {
        case .saveDraft:
            guard actor.kind == .applicant else { return Refusal(.forbidden, "只有申请人本人才能填写和暂存。") }
            return isEditable(state) ? nil : Refusal(.wrongState, notEditableMessage(state, definition))

        case .submit:
            guard actor.kind == .applicant else { return Refusal(.forbidden, "只有申请人本人才能提交。") }
            guard isEditable(state) else { return Refusal(.wrongState, notEditableMessage(state, definition)) }
            return guardRefusal(definition.steps[0].guards, context, includingWindows: true)

        case .withdraw:
            guard actor.kind == .applicant else { return Refusal(.forbidden, "只有申请人本人才能撤回。") }
            switch state.status {
            case .inReview where !state.reviewedSinceSubmit: return nil
            case .inReview, .publicizing: return Refusal(.wrongState, "该申请已被审核，不能撤回。")
            case .draft, .returned: return Refusal(.wrongState, "该申请尚未提交，无需撤回。")
            case .approved: return Refusal(.wrongState, "该申请已审核通过，不能撤回。")
            case .rejected: return Refusal(.wrongState, "该申请已审核结束，不能撤回。")
            }

        case .approve:
            let step: StepDefinition
            switch waiting(state, definition) {
            case .success(let found): step = found.1
            case .failure(let refusal): return refusal
            }
            if let refusal = mayAct(actor, at: step, context) { return refusal }
            if step.kind == .publicity { return Refusal(.wrongState, "请先发布公示，公示期满后自动进入下一环节。") }
            if step.mode == .batch, state.batch == nil {
                return Refusal(.wrongState, "“\(step.label)”按批次办理，请先将该申请加入批次。")
            }
            if state.openObjections > 0 { return Refusal(.wrongState, "该申请公示期间收到异议，请先处理异议。") }
            return guardRefusal(step.guards, context, includingWindows: true)

        case .reject, .returnForChanges:
            let step: StepDefinition
            switch waiting(state, definition) {
            case .success(let found): step = found.1
            case .failure(let refusal): return refusal
            }
            if let refusal = mayAct(actor, at: step, context) { return refusal }
            if action.kind == .returnForChanges, !step.returnsForChanges {
                return Refusal(.wrongState, "此环节不能退回修改；如不符合条件，请选择审核不通过。")
            }
            if action.remark == nil {
                return Refusal(.invalid, action.kind == .reject ? "请填写不通过原因。" : "请填写退回原因。")
            }
            return nil

        case .publicize(let days):
            let step: StepDefinition
            switch waiting(state, definition) {
            case .success(let found): step = found.1
            case .failure(let refusal): return refusal
            }
            if let refusal = mayAct(actor, at: step, context) { return refusal }
            guard step.kind == .publicity, let minimum = step.publicityDays else {
                return Refusal(.wrongState, "“\(step.label)”不是公示环节。")
            }
            let chosen = days ?? minimum
            if chosen < minimum { return Refusal(.invalid, "公示期不得少于 \(minimum) 天。") }
            if chosen > maxPublicityDays { return Refusal(.invalid, "公示期不得超过 \(maxPublicityDays) 天。") }
            return nil

        case .object:
            guard case .publicizing(let index, _) = state.status else {
                return Refusal(.wrongState, "只有公示期间才能登记异议。")
            }
            if let refusal = mayAct(actor, at: definition.steps[index], context) { return refusal }
            return action.remark == nil ? Refusal(.invalid, "请填写异议内容。") : nil

        case .resolveObjections:
            let step: StepDefinition
            switch waiting(state, definition) {
            case .success(let found): step = found.1
            case .failure(let refusal): return refusal
            }
            if let refusal = mayAct(actor, at: step, context) { return refusal }
            if state.openObjections == 0 { return Refusal(.wrongState, "该申请没有待处理的异议。") }
            return action.remark == nil ? Refusal(.invalid, "请填写异议处理意见。") : nil

        case .closePublicity:
            guard actor.kind == .jobRunner else { return Refusal(.forbidden, "公示期满后由系统自动结束公示。") }
            guard case .publicizing(_, let until) = state.status else { return Refusal(.wrongState, "该申请不在公示中。") }
            if context.now < until { return Refusal(.wrongState, "公示期尚未结束，将于 \(context.formatTime(until)) 结束。") }
            return nil

        case .addToBatch(let number):
            let step: StepDefinition
            switch waiting(state, definition) {
            case .success(let found): step = found.1
            case .failure(let refusal): return refusal
            }
            if let refusal = mayAct(actor, at: step, context) { return refusal }
            if step.mode == .single { return Refusal(.wrongState, "“\(step.label)”不按批次办理。") }
            if let batch = state.batch { return Refusal(.wrongState, "该申请已在第 \(batch.number) 批次中。") }
            return number >= 1 ? nil : Refusal(.invalid, "批次号无效。")

        case .removeFromBatch:
            guard let batch = state.batch, let index = state.stepIndex else {
                return Refusal(.wrongState, "该申请不在批次中。")
            }
            if let refusal = mayAct(actor, at: definition.steps[index], context) { return refusal }
            if batch.formedAt != index, action.remark == nil { return Refusal(.invalid, "请填写退回原因。") }
            return nil

        case .confirm, .dispute:
            guard definition.personalConfirmation else { return Refusal(.wrongState, "\(definition.name)无需本人确认。") }
            guard actor.kind == .applicant else { return Refusal(.forbidden, "本人确认只能由申请人本人办理。") }
            guard context.smsCodeVerified else { return Refusal(.invalid, "请输入发送到您手机的验证码完成本人确认。") }
            switch state.status {
            case .inReview, .publicizing, .approved: break
            case .draft, .returned, .rejected: return Refusal(.wrongState, "尚无需要确认的登记信息。")
            }
            if action.kind == .confirm, state.confirmation == .confirmed {
                return Refusal(.wrongState, "您已确认，无需重复确认。")
            }
            if action.kind == .dispute, action.remark == nil { return Refusal(.invalid, "请填写异议内容。") }
            return nil

        case .confirmReceipt:
            guard actor.kind == .applicant else { return Refusal(.forbidden, "拨付确认只能由申请人本人办理。") }
            guard case .inReview(let index) = state.status, definition.steps[index].kind == .receipt else {
                return Refusal(.wrongState, "只有拨付状态为“个人拨付待确认”时才能确认拨付。")
            }
            return nil

        case .notReceived:
            guard actor.kind == .applicant else { return Refusal(.forbidden, "未到账只能由申请人本人反馈。") }
            guard case .inReview(let index) = state.status, definition.steps[index].kind == .receipt, index > 0 else {
                return Refusal(.wrongState, "只有拨付状态为“个人拨付待确认”时才能反馈未到账。")
            }
            return action.remark == nil ? Refusal(.invalid, "请说明未到账的情况（如：银行卡未激活、账户无此笔入账）。") : nil

        case .reopen:
            guard actor.kind == .applicant else { return Refusal(.forbidden, "只有申请人本人才能申请修改。") }
            guard definition.reopenEntry != nil else { return Refusal(.wrongState, "\(definition.name)审核通过后不能修改。") }
            let reopenable = state.status == .approved || (state.status == .rejected && state.inForceVersion != nil)
            guard reopenable else { return Refusal(.wrongState, "只有审核通过的申请才能申请修改。") }
            return action.remark == nil ? Refusal(.invalid, "请填写申请修改原因。") : nil

        case .enterOnBehalf:
            guard case .staff(let role) = actor.kind, definition.entryOnBehalf[role] != nil else {
                return Refusal(.forbidden, "您无权代为录入\(definition.name)。")
            }
            guard actor.inScope else { return outOfScope }
            switch state.status {
            case .draft, .returned: break
            case .inReview:
                if state.batch != nil { return Refusal(.wrongState, "该申请已在批次中，不能代为录入。") }
                if state.openObjections > 0 { return Refusal(.wrongState, "该申请有待处理的异议，不能代为录入。") }
            case .publicizing: return Refusal(.wrongState, "该申请正在公示，不能代为录入。")
            case .approved:
                if definition.reopenEntry == nil { return Refusal(.wrongState, "\(definition.name)审核通过后不能修改。") }
            case .rejected: return Refusal(.wrongState, "该申请已审核不通过，不能代为录入。")
            }
            // Staff maintain records outside the applicants' window (e.g. national feedback
            // fixes), so only prerequisites and domain rules apply to an entry on behalf.
            return guardRefusal(definition.steps[0].guards, context, includingWindows: false)
        }
    }

    /// The longest 公示 the engine accepts (manuals are silent; a month is far beyond practice).
    static let maxPublicityDays = 30

    static let outOfScope = Refusal(.outOfScope, "该申请不在您的管理范围内。")

    static func isEditable(_ state: CaseState) -> Bool {
        switch state.status {
        case .draft, .returned: true
        default: false
        }
    }

    static func notEditableMessage(_ state: CaseState, _ definition: ProcessDefinition) -> String {
        switch state.status {
        case .inReview where !state.reviewedSinceSubmit: "该申请已提交，如需修改请先撤回。"
        case .inReview, .publicizing: "该申请正在审核中，不能修改。"
        case .approved:
            definition.reopenEntry == nil ? "该申请已审核通过，不能修改。" : "该申请已审核通过，如需修改请使用“申请修改”。"
        case .rejected: "该申请已审核不通过，不能修改。"
        case .draft, .returned: ""
        }
    }

    /// The step a case waits at for a staff decision, or why it does not.
    static func waiting(_ state: CaseState, _ definition: ProcessDefinition) -> Result<(Int, StepDefinition), Refusal> {
        switch state.status {
        case .inReview(let index): .success((index, definition.steps[index]))
        case .publicizing: .failure(Refusal(.wrongState, "该申请正在公示，公示期满后进入下一环节。"))
        case .draft: .failure(Refusal(.wrongState, "该申请尚未提交。"))
        case .returned: .failure(Refusal(.wrongState, "该申请已退回申请人修改，尚未重新提交。"))
        case .approved: .failure(Refusal(.wrongState, "该申请已审核通过。"))
        case .rejected: .failure(Refusal(.wrongState, "该申请已审核结束。"))
        }
    }

    /// Whether the actor acts at this step: the role, the scope, and seed 002's virtual unit.
    static func mayAct(_ actor: CaseActor, at step: StepDefinition, _ context: GuardContext) -> Refusal? {
        switch step.actor {
        case .applicant:
            return actor.kind == .applicant ? nil : Refusal(.forbidden, "“\(step.label)”须由申请人本人办理。")
        case .staff(let levels):
            guard case .staff(let role) = actor.kind, let level = levels.first(where: { $0.role == role }) else {
                return Refusal(.forbidden, "您无权处理此环节。")
            }
            guard actor.inScope else { return outOfScope }
            if level.onlyForVirtualUnit, !context.unitIsVirtual {
                return Refusal(.forbidden, "该申请的单位不是虚拟单位，须由单位自行办理。")
            }
            if !level.onlyForVirtualUnit, context.unitIsVirtual, levels.contains(where: \.onlyForVirtualUnit) {
                return Refusal(.forbidden, "虚拟单位的申请由县区人社局代为办理。")
            }
            return nil
        }
    }

    static func guardRefusal(_ guards: [Guard], _ context: GuardContext, includingWindows: Bool) -> Refusal? {
        for check in guards {
            switch check {
            case .windowOpen(let business):
                guard includingWindows else { continue }
                let window = context.windows[business] ?? .notSet
                if let message = window.refusal(for: business, format: context.formatTime) {
                    return Refusal(.guardClosed, message)
                }
            case .prerequisiteApproved(let process, let label):
                if !context.approvedPrerequisites.contains(process) {
                    return Refusal(.guardClosed, "请先完成\(label)并通过审核。")
                }
            case .rule(let rule):
                switch context.rules[rule.id] {
                case .holds?: continue
                case .violated(let message)?: return Refusal(.guardClosed, message)
                case nil: return Refusal(.guardClosed, "系统未能完成“\(rule.label)”校验，请稍后再试。")
                }
            }
        }
        return nil
    }
}
