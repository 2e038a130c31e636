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
    /// 未到账 (review E11): at 个人拨付待确认 the applicant reports the money did not arrive; the
    /// case goes back to the paying step (县财政局拨付), outside any batch, to be paid again in a new one.
    case notReceived(reason: String)
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
        case .notReceived: .notReceived
        case .reopen: .reopen
        case .enterOnBehalf: .enterOnBehalf
        }
    }

    /// The user's words: reason or remark, trimmed; nil when blank or absent.
    public var remark: String? {
        let text: String?
        switch self {
        case .approve(let remark), .enterOnBehalf(let remark), .removeFromBatch(let remark): text = remark
        case .reject(let reason), .returnForChanges(let reason), .object(let reason), .dispute(let reason), .reopen(let reason), .notReceived(let reason):
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
    case confirmReceipt, notReceived, reopen, enterOnBehalf

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
        case .notReceived: "未到账"
        case .reopen: "申请修改"
        case .enterOnBehalf: "代为录入"
        }
    }
}
