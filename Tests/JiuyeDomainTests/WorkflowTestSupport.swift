import XCTest
@testable import JiuyeDomain

/// One case driven through the engine in a test: accepted moves update the state and the
/// history; `refusal` asks without moving.
struct CaseRun {
    let definition: ProcessDefinition
    var state = CaseState.new
    var history: [HistoryEntry] = []
    var last: Transition?
    var context: GuardContext

    init(_ definition: ProcessDefinition, context: GuardContext = WorkflowFixtures.openContext()) {
        self.definition = definition
        self.context = context
    }

    @discardableResult
    mutating func act(_ action: Action, by actor: CaseActor, file: StaticString = #filePath, line: UInt = #line) -> Transition? {
        switch transition(state, action, by: actor, in: definition, context: context) {
        case .success(let moved):
            state = moved.state
            history.append(moved.entry)
            last = moved
            return moved
        case .failure(let refusal):
            XCTFail("\(action) by \(actor.kind) refused: \(refusal.message)", file: file, line: line)
            return nil
        }
    }

    func refusal(_ action: Action, by actor: CaseActor) -> Refusal? {
        if case .failure(let refusal) = transition(state, action, by: actor, in: definition, context: context) {
            return refusal
        }
        return nil
    }

    func refusalMessage(_ action: Action, by actor: CaseActor) -> String? { refusal(action, by: actor)?.message }

    var status: String { definition.status.label(for: state, in: definition) }

    func view(_ name: String) -> String? {
        definition.views.first { $0.name == name }?.label(for: state, in: definition)
    }

    var actionLabels: [String] { history.map(\.actionLabel) }

    mutating func advanceClock(days: Int64) { context.now += days * 86_400 }
}

enum WorkflowFixtures {
    static let now: Int64 = 1_780_000_000

    /// Every business open, every living-subsidy rule holding.
    static func openContext(now: Int64 = now) -> GuardContext {
        var windows: [Business: WindowState] = [:]
        for business in Business.allCases { windows[business] = .open(closesAt: now + 90 * 86_400) }
        var rules: [String: RuleResult] = [:]
        for rule in ProcessDefinitions.LivingSubsidyRule.all { rules[rule.id] = .holds }
        return GuardContext(now: now, windows: windows, rules: rules, formatTime: { "T\($0)" })
    }
}
