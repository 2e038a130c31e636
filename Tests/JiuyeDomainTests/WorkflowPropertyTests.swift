import PropertyBased
import Testing
@testable import JiuyeDomain

/// Random action sequences from random actors through every definition. A script is a list of
/// numbers; each picks a move. A quarter are arbitrary (blank reasons, wrong roles, out-of-scope
/// staff, the job runner), a quarter are "informed" (an action the engine would accept from some
/// actor), and half informed and forward-moving, so runs reach deep into the 13-step chain.
@Suite struct WorkflowPropertyTests {
    static let script = Gen.int(in: 0...1_000_000).array(of: 0...120)

    @Test(arguments: ProcessDefinitions.all.map(\.id))
    func randomRunsKeepEveryInvariant(process: String) async {
        let definition = ProcessDefinitions.named(process)!
        await propertyCheck(count: 150, input: Self.script) { script in
            var run = RandomRun(definition: definition)
            for number in script { run.step(number) }
            #expect(run.history.count == run.accepted)
            #expect(CaseState.replaying(run.history, in: definition) == run.state)
        }
    }

    /// The random runs do exercise what the properties speak about: every action the process
    /// allows is accepted somewhere in the runs. The rarest (拨付确认, 未到账 at the end of the
    /// 13-step chain, a destination withdrawal) come up in one run in twenty to a hundred, so
    /// the runs go on in rounds of 300 until all are seen, up to 3,000 (a miss then is a real gap,
    /// not bad luck: the chance is below one in 10^13).
    @Test(arguments: ProcessDefinitions.all.map(\.id))
    func randomRunsCoverEveryAction(process: String) async {
        let definition = ProcessDefinitions.named(process)!
        var expected: Set<ActionKind> = [.saveDraft, .submit, .withdraw, .approve, .reject]
        if definition.steps.contains(where: \.returnsForChanges) { expected.insert(.returnForChanges) }
        if definition.personalConfirmation { expected.formUnion([.confirm, .dispute]) }
        if definition.reopenEntry != nil { expected.insert(.reopen) }
        if !definition.entryOnBehalf.isEmpty { expected.insert(.enterOnBehalf) }
        if definition.steps.contains(where: { $0.kind == .publicity }) {
            expected.formUnion([.publicize, .object, .closePublicity, .resolveObjections])
        }
        if definition.steps.contains(where: { $0.mode != .single }) { expected.formUnion([.addToBatch, .removeFromBatch]) }
        if definition.steps.contains(where: { $0.kind == .receipt }) { expected.formUnion([.confirmReceipt, .notReceived]) }
        var seen: Set<ActionKind> = []
        for _ in 0..<10 where !expected.subtracting(seen).isEmpty {
            await propertyCheck(count: 300, input: Self.script) { script in
                var run = RandomRun(definition: definition)
                for number in script { run.step(number) }
                seen.formUnion(run.history.map(\.action.kind))
            }
        }
        #expect(expected.subtracting(seen) == [])
    }

    /// The informed moves do reach the end of every chain.
    @Test(arguments: ProcessDefinitions.all.map(\.id))
    func informedRunsReachApproval(process: String) {
        let definition = ProcessDefinitions.named(process)!
        var run = RandomRun(definition: definition)
        var number = 1
        while run.state.status != .approved, number < 500 {
            run.informedStep(number, preferForward: true)
            number += 1
        }
        #expect(run.state.status == .approved)
    }
}

/// One random walk, checking the properties after every request.
struct RandomRun {
    let definition: ProcessDefinition
    var state = CaseState.new
    var history: [HistoryEntry] = []
    var accepted = 0
    var now: Int64 = WorkflowFixtures.now

    static let actions: [Action] = [
        .saveDraft, .submit, .withdraw, .approve(remark: nil), .approve(remark: "同意"),
        .reject(reason: "材料不全"), .reject(reason: ""), .reject(reason: " \u{3000}"),
        .returnForChanges(reason: "请补充材料"), .returnForChanges(reason: ""),
        .publicize(days: nil), .publicize(days: 3), .publicize(days: 10), .publicize(days: 40),
        .object(reason: "群众反映"), .object(reason: ""), .resolveObjections(remark: "异议不成立"), .resolveObjections(remark: " "),
        .closePublicity, .addToBatch(number: 1), .addToBatch(number: 2), .addToBatch(number: 0),
        .removeFromBatch(reason: nil), .removeFromBatch(reason: "核验不一致"),
        .confirm, .dispute(reason: "信息有误"), .dispute(reason: ""), .confirmReceipt, .notReceived(reason: "未到账"), .notReceived(reason: ""),
        .reopen(reason: "解约后重新登记"), .reopen(reason: ""), .enterOnBehalf(remark: nil),
    ]

    static let actors: [CaseActor] = [.applicant, .jobRunner]
        + Role.allCases.map { CaseActor.staff($0) }
        + [.staff(.counselor, inScope: false), .staff(.schoolAdmin, inScope: false), .staff(.countyHR, inScope: false), .staff(.employer, inScope: false)]

    init(definition: ProcessDefinition) {
        self.definition = definition
    }

    func context(smsCode: Bool, virtualUnit: Bool) -> GuardContext {
        var context = WorkflowFixtures.openContext(now: now)
        context.smsCodeVerified = smsCode
        context.unitIsVirtual = virtualUnit
        return context
    }

    mutating func step(_ number: Int) {
        switch number % 4 {
        case 0: arbitraryStep(number / 4)
        case 1: informedStep(number / 4, preferForward: false)
        default: informedStep(number / 4, preferForward: true)
        }
    }

    mutating func arbitraryStep(_ number: Int) {
        var rest = number
        let actor = Self.actors[rest % Self.actors.count]; rest /= Self.actors.count
        let action = Self.actions[rest % Self.actions.count]; rest /= Self.actions.count
        request(action, by: actor, context: context(smsCode: rest % 2 == 0, virtualUnit: rest / 2 % 3 == 0))
        now += Int64(rest / 6 % 4) * 86_400
    }

    /// The actors that matter to this process, plus one out of scope; arbitrary moves use them all.
    var relevantActors: [CaseActor] {
        var roles = Set(definition.steps.flatMap(\.roles)).union(definition.entryOnBehalf.keys)
        roles.remove(.student)
        return [.applicant, .jobRunner] + roles.sorted { $0.rawValue < $1.rawValue }.map { CaseActor.staff($0) }
            + [.staff(roles.sorted { $0.rawValue < $1.rawValue }[0], inScope: false)]
    }

    /// An action some actor may take now, chosen by `number` (moving forward only when asked).
    mutating func informedStep(_ number: Int, preferForward: Bool) {
        let context = context(smsCode: true, virtualUnit: number % 5 == 0)
        let actors = relevantActors
        let forward: Set<ActionKind> = [.submit, .approve, .publicize, .closePublicity, .addToBatch, .confirmReceipt]
        for offset in 0..<actors.count {
            let actor = actors[(number + offset) % actors.count]
            let allowed = Self.actions.filter { action in
                (!preferForward || forward.contains(action.kind))
                    && WorkflowChecks.refusal(state, action, actor, definition, context) == nil
            }
            guard !allowed.isEmpty else { continue }
            request(allowed[number / actors.count % allowed.count], by: actor, context: context)
            if case .publicizing = state.status { now += Int64(number % 9) * 86_400 }
            return
        }
        now += 86_400  // nobody can act: e.g. waiting for 公示 to end
    }

    mutating func request(_ action: Action, by actor: CaseActor, context: GuardContext) {
        let before = state
        let result = transition(before, action, by: actor, in: definition, context: context)
        guard case .success(let moved) = result else {
            if case .failure(let refusal) = result { #expect(!refusal.message.isEmpty) }
            checkRefusal(action, by: actor, before: before)
            return
        }
        accepted += 1
        history.append(moved.entry)
        state = moved.state
        check(moved, action, by: actor, before: before, context: context)
    }

    /// The other half of the withdrawal rule: before any review it is allowed.
    func checkRefusal(_ action: Action, by actor: CaseActor, before: CaseState) {
        if action == .withdraw, actor.kind == .applicant, case .inReview = before.status {
            #expect(staffActedSinceLastSubmit(history), "withdrawal refused before any review: \(history.map(\.actionLabel))")
        }
    }

    func check(_ moved: Transition, _ action: Action, by actor: CaseActor, before: CaseState, context: GuardContext) {
        let after = moved.state
        // No illegal state; history and state agree.
        #expect(after.problems(in: definition) == [], "\(action) by \(actor.kind) from \(before)")
        #expect(CaseState.replaying(history, in: definition) == after)
        #expect(moved.entry.action == action && moved.entry.actor == actor.kind && moved.entry.version == after.version)
        #expect(!definition.status.label(for: after, in: definition).isEmpty)

        // Out-of-scope staff never move a case.
        #expect(actor.inScope)

        switch action {
        case .withdraw:
            // Withdrawal only before the first reviewer acts on the last submission.
            #expect(actor.kind == .applicant)
            #expect(!staffActedSinceLastSubmit(Array(history.dropLast())), "withdrawn after a review: \(history.map(\.actionLabel))")
            #expect(after.status == .draft)
        case .reject, .returnForChanges, .object, .dispute, .resolveObjections:
            // A reason is always required.
            #expect(action.remark != nil)
        case .removeFromBatch:
            if after.status != .inReview(step: before.stepIndex ?? -1) { #expect(action.remark != nil) }
        case .confirm:
            #expect(actor.kind == .applicant && context.smsCodeVerified && definition.personalConfirmation)
        case .confirmReceipt:
            #expect(actor.kind == .applicant)
            #expect(before.currentStep(in: definition)?.kind == .receipt)
            if definition.id == "living-subsidy" {
                #expect(definition.views[0].label(for: before, in: definition) == "个人拨付待确认")
            }
        case .reopen:
            #expect(action.remark != nil)
            // A change after approval is the next version; the approved one stays in force.
            #expect(before.inForceVersion != nil)
            #expect(after.version == before.version + 1)
            #expect(after.inForceVersion == before.inForceVersion)
        default:
            break
        }
        if action.kind == .dispute { #expect(actor.kind == .applicant && context.smsCodeVerified) }

        // The version in force changes only by an approval, which supersedes the previous one.
        if after.inForceVersion != before.inForceVersion {
            #expect(after.status == .approved)
            #expect((after.inForceVersion ?? 0) > (before.inForceVersion ?? 0))
            #expect(moved.superseded == before.inForceVersion)
        } else {
            #expect(moved.superseded == nil)
        }
        #expect(after.version >= before.version)
        // Staff acting is what forbids a withdrawal.
        if case .staff = actor.kind, after.stepIndex != nil { #expect(after.reviewedSinceSubmit) }
    }

    /// Whether a staff member or the job runner acted after the last submission in `entries`.
    func staffActedSinceLastSubmit(_ entries: [HistoryEntry]) -> Bool {
        guard let lastSubmit = entries.lastIndex(where: { $0.action == .submit }) else { return true }
        return entries[(lastSubmit + 1)...].contains { $0.actor != .applicant }
    }
}
