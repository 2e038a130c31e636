/// One status dimension as a manual names it, read off the case's state: the main status
/// (去向登记's 未提交 / 待审核 / 初审通过 / 审核通过 / 审核不通过) or a further view of the step
/// (seed 002's 拨付状态). A view is data; it never moves a case.
public struct StatusView: Sendable {
    /// The column heading, e.g. "审核状态".
    public var name: String
    /// Not submitted yet, or withdrawn (未提交 / 暂存).
    public var draft: String
    /// While the case waits at a step (by step id).
    public var atStep: [String: String]
    /// While a publicity runs; nil uses the publicity step's `atStep` label.
    public var publicizing: String?
    /// A step `atStep` does not list.
    public var otherwise: String
    public var returned: String
    public var rejected: String
    public var approved: String
    /// While a case entered on behalf (代录) by this role waits where that entry landed.
    public var enteredBy: [Role: String]

    public init(
        name: String,
        draft: String,
        atStep: [String: String],
        publicizing: String? = nil,
        otherwise: String? = nil,
        returned: String,
        rejected: String,
        approved: String,
        enteredBy: [Role: String] = [:]
    ) {
        self.name = name
        self.draft = draft
        self.atStep = atStep
        self.publicizing = publicizing
        self.otherwise = otherwise ?? draft
        self.returned = returned
        self.rejected = rejected
        self.approved = approved
        self.enteredBy = enteredBy
    }

    public func label(for state: CaseState, in definition: ProcessDefinition) -> String {
        switch state.status {
        case .draft: return draft
        case .returned: return returned
        case .rejected: return rejected
        case .approved: return approved
        case .publicizing(let step, _):
            return publicizing ?? stepLabel(step, in: definition)
        case .inReview(let step):
            if let role = state.enteredBy, let label = enteredBy[role],
               case .awaiting(let landing)? = definition.entryOnBehalf[role], definition.index(of: landing) == step {
                return label
            }
            return stepLabel(step, in: definition)
        }
    }

    private func stepLabel(_ index: Int, in definition: ProcessDefinition) -> String {
        guard definition.steps.indices.contains(index) else { return otherwise }
        return atStep[definition.steps[index].id] ?? otherwise
    }
}
