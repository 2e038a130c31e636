import Fluent
import Foundation
import NIOConcurrencyHelpers
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Runs the domain's transition function against a stored case: one conditional UPDATE on the
/// lock (never read-then-write), the history row, 变更明细, the status counts, the audit row
/// and the messages, all in one write transaction.
package enum CaseEngine {
    package static func statusKey(_ state: CaseState, in definition: ProcessDefinition) -> String {
        switch state.status {
        case .draft: "draft"
        case .inReview(let step): "step:" + (definition.steps.indices.contains(step) ? definition.steps[step].id : String(step))
        case .publicizing(let step, _): "publicity:" + (definition.steps.indices.contains(step) ? definition.steps[step].id : String(step))
        case .returned: "returned"
        case .approved: "approved"
        case .rejected: "rejected"
        }
    }

    /// The status keys of a definition grouped under the label the manual uses (two keys may
    /// share one label, e.g. 审核不通过 for returned and rejected).
    package static func statusGroups(_ definition: ProcessDefinition) -> [(label: String, keys: [String])] {
        var samples: [CaseState] = [CaseState()]
        for (index, step) in definition.steps.enumerated() where step.kind != .submission {
            samples.append(CaseState(status: step.kind == .publicity ? .publicizing(step: index, until: 0) : .inReview(step: index), reviewedSinceSubmit: true))
        }
        samples += [CaseState(status: .returned(reentry: 1)), CaseState(status: .approved), CaseState(status: .rejected)]
        var groups: [(label: String, keys: [String])] = []
        for state in samples {
            let label = definition.status.label(for: state, in: definition)
            let key = statusKey(state, in: definition)
            if let index = groups.firstIndex(where: { $0.label == label }) {
                if !groups[index].keys.contains(key) { groups[index].keys.append(key) }
            } else {
                groups.append((label, [key]))
            }
        }
        return groups
    }

    /// The status keys waiting for `role` (the steps it acts at).
    package static func pendingKeys(for role: Role, in definition: ProcessDefinition) -> [String] {
        definition.steps(actedBy: role).map { step in (step.kind == .publicity ? "publicity:" : "step:") + step.id }
    }

    package static func load(_ type: CaseType, id: Int64, on db: any Database) async throws -> CaseRow? {
        try await db.sql.select().columns(type.columns).from(type.table).where("id", .equal, SQLBind(id)).firstCase(type)
    }

    package static func load(_ type: CaseType, applicant: Int64, period: String, on db: any Database) async throws -> CaseRow? {
        try await db.sql.select().columns(type.columns).from(type.table)
            .where("applicant_id", .equal, SQLBind(applicant)).where("period", .equal, SQLBind(period)).firstCase(type)
    }

    /// Who acts: the applicant's own session, or staff in the active role with the case in scope or not.
    package static func actor(for user: CurrentUser, row: CaseRow) -> CaseActor {
        if user.id == row.applicant_id { return .applicant }
        guard let role = user.role, role.isStaff || role == .employer else { return CaseActor(kind: .staff(user.role ?? .student), inScope: false) }
        return .staff(role, inScope: user.scope.contains(row.scope))
    }

    /// Whether `user` may see the case at all (applicant, or staff whose scope covers it).
    package static func canSee(_ user: CurrentUser, row: CaseRow) -> Bool {
        if user.id == row.applicant_id { return true }
        guard let role = user.role, role.isStaff else { return false }
        return user.scope.contains(row.scope)
    }

    /// What the guards of `type` need for this case: its business window as its owner (school,
    /// county or city) set it for the case's year, and the type's rules.
    package static func guardContext(_ type: CaseType, row: CaseRow, now: Int64, smsCodeVerified: Bool = false, on db: any Database) async throws -> GuardContext {
        var windows: [Business: WindowState] = [:]
        if let business = type.business {
            var window: TimeWindow?
            if let owner = windowOwner(type, row: row) { window = try await TimeWindows.window(business, owner: owner, year: row.year, on: db) }
            windows[business] = WindowState(window, now: now)
        }
        return GuardContext(now: now, windows: windows, rules: try await type.rules?(row, now, db) ?? [:],
                            unitIsVirtual: try await type.unitIsVirtual?(row, db) ?? false, smsCodeVerified: smsCodeVerified, formatTime: ChinaTime.dateTime)
    }

    /// Who owns the case's time windows (nil: the type has none, or the case lacks the owner's dimension).
    package static func windowOwner(_ type: CaseType, row: CaseRow) -> TimeWindows.Owner? {
        guard let owner = type.scope.windowOwner, let id = row.scope[owner.dimension] else { return nil }
        return TimeWindows.Owner(kind: owner.kind, id: id)
    }

    /// Guard contexts for many cases with one window query for all of them (a city-wide batch
    /// step moves thousands of cases: one query per case would be thousands of round trips).
    package static func guardContexts(_ type: CaseType, rows: [CaseRow], now: Int64, on db: any Database) async throws -> [GuardContext] {
        var windows: [String: TimeWindow] = [:]
        func key(_ owner: TimeWindows.Owner, _ year: Int) -> String { "\(owner.kind.rawValue)|\(owner.id)|\(year)" }
        if let business = type.business, let kind = type.scope.windowOwner?.kind {
            let owners = Set(rows.compactMap { windowOwner(type, row: $0)?.id }).sorted()
            let years = Set(rows.map(\.year)).sorted()
            for chunk in stride(from: 0, to: owners.count, by: 500).map({ Array(owners[$0..<min($0 + 500, owners.count)]) }) where !years.isEmpty {
                for found in try await db.sql.select().columns("owner_id", "year", "opens_at", "closes_at").from("time_windows")
                    .where("owner_kind", .equal, SQLBind(kind.rawValue)).where("business", .equal, SQLBind(business.rawValue))
                    .where("owner_id", .in, SQLGroupExpression(chunk.map { SQLBind($0) })).where("year", .in, SQLGroupExpression(years.map { SQLBind($0) })).all() {
                    let owner = TimeWindows.Owner(kind: kind, id: try found.decode(column: "owner_id", as: String.self))
                    windows[key(owner, try found.decode(column: "year", as: Int.self))] =
                        TimeWindow(opensAt: try found.decode(column: "opens_at", as: Int64.self), closesAt: try found.decode(column: "closes_at", as: Int64.self))
                }
            }
        }
        var contexts: [GuardContext] = []
        contexts.reserveCapacity(rows.count)
        for row in rows {
            var states: [Business: WindowState] = [:]
            if let business = type.business { states[business] = WindowState(windowOwner(type, row: row).flatMap { windows[key($0, row.year)] }, now: now) }
            contexts.append(GuardContext(now: now, windows: states, rules: try await type.rules?(row, now, db) ?? [:],
                                         unitIsVirtual: try await type.unitIsVirtual?(row, db) ?? false, formatTime: ChinaTime.dateTime))
        }
        return contexts
    }

    /// The type's submission check (`CaseType.validate`), for the actions that submit content.
    package static func invalidSubmission(_ type: CaseType, action: Action, content: [String: String]) -> Refusal? {
        guard action.kind == .submit || action.kind == .enterOnBehalf, let problem = type.validate?(content) else { return nil }
        return Refusal(.invalid, problem)
    }

    /// Applies `action` to the case as read (`row`). `data`, when given, is the new content
    /// (暂存, 提交, 代录): it is stored with the move, and a submission's differences against the
    /// content before are written as 变更明细.
    package static func act(
        _ type: CaseType, row: CaseRow, action: Action, data: [String: String]? = nil, smsCodeVerified: Bool = false, req: Request
    ) async throws -> CaseOutcome {
        guard let user = req.currentUser else { throw Abort(.unauthorized) }
        let acting = Acting(user: user, actor: actor(for: user, row: row), ip: req.clientAddress, now: req.now, keys: req.keys, app: req.application, db: req.db)
        return try await act(type, row: row, action: action, data: data, smsCodeVerified: smsCodeVerified, acting: acting)
    }

    /// Who acts and with what: a request's user, or the job runner (no user, "系统").
    package struct Acting: Sendable {
        package let user: CurrentUser?
        package let actor: CaseActor
        package let ip: String?
        package let now: Int64
        package let keys: KeyService
        package let app: Application
        package let db: any Database

        package init(user: CurrentUser?, actor: CaseActor, ip: String?, now: Int64, keys: KeyService, app: Application, db: any Database) {
            (self.user, self.actor, self.ip, self.now, self.keys, self.app, self.db) = (user, actor, ip, now, keys, app, db)
        }

        package static func jobRunner(_ app: Application) -> Acting {
            Acting(user: nil, actor: .jobRunner, ip: nil, now: app.clock.now(), keys: app.keys, app: app, db: app.db)
        }
    }

    package static func act(
        _ type: CaseType, row: CaseRow, action: Action, data: [String: String]? = nil, smsCodeVerified: Bool = false, acting: Acting
    ) async throws -> CaseOutcome {
        let user = acting.user
        let now = acting.now
        let before = row.state
        let context = try await guardContext(type, row: row, now: now, smsCodeVerified: smsCodeVerified, on: acting.db)
        let result = transition(before, action, by: acting.actor, in: type.definition, context: context)
        let move: Transition
        switch result {
        case .failure(let refusal): return .refused(refusal)
        case .success(let success): move = success
        }
        // Submitted content is checked here, whoever submits it (the applicant, 代录, an import).
        if let refusal = invalidSubmission(type, action: action, content: data ?? row.data) { return .refused(refusal) }
        return try await acting.db.writeTransaction { db in
            try await apply(move, type: type, row: row, action: action, data: data, acting: acting, on: db) ? .done(move.state) : .conflict
        }
    }

    /// Writes one decided move inside the caller's transaction: false when another request moved
    /// the case first (nothing written for it).
    package static func apply(_ move: Transition, type: CaseType, row: CaseRow, action: Action, data: [String: String]?, acting: Acting, on db: any Database) async throws -> Bool {
        let user = acting.user
        let now = acting.now
        let before = row.state
        let after = move.state
        let oldKey = row.status_key
        let newKey = statusKey(after, in: type.definition)
        let stateJSON = try String(decoding: JSONEncoder.sorted.encode(after), as: UTF8.self)
        let newData = data ?? row.data
        let dataJSON = try String(decoding: JSONEncoder.sorted.encode(newData), as: UTF8.self)
        // The content in force: the approved version's, until a newer version is approved.
        let inForceJSON: String?
        if case .approved = after.status { inForceJSON = dataJSON } else { inForceJSON = row.in_force_json }
        let submitted = action.kind == .submit || action.kind == .enterOnBehalf
        let entryJSON = try String(decoding: JSONEncoder.sorted.encode(move.entry), as: UTF8.self)
        let summary = type.summary(newData)
        let keys = acting.keys
        let app = acting.app

        do {
            // Exactly one of two racing reviewers moves the case: the UPDATE names the lock it read.
            let moved = try await db.sql.raw("""
                UPDATE \(ident: type.table) SET state_json = \(bind: stateJSON), status_key = \(bind: newKey), data_json = \(bind: dataJSON),
                status_label = \(bind: move.entry.statusLabel), summary = \(bind: summary), batch_number = \(bind: after.batch?.number),
                in_force_json = \(bind: inForceJSON), submitted_json = \(bind: submitted ? dataJSON : row.submitted_json), lock = lock + 1,
                updated_at = \(bind: now), submitted_at = \(bind: submitted ? now : row.submitted_at)
                WHERE id = \(bind: row.id) AND lock = \(bind: row.lock) AND status_key = \(bind: oldKey) RETURNING id
                """).first()
            guard moved != nil else { return false }
            try await db.sql.insert(into: "case_history")
                .columns("case_type", "case_id", "version", "step_label", "action", "action_label", "status_label", "remark", "actor_id", "actor_role", "entry_json", "at")
                .values(SQLBind(type.key), SQLBind(row.id), SQLBind(move.entry.version), SQLBind(move.entry.stepLabel), SQLBind(action.kind.rawValue),
                        SQLBind(move.entry.actionLabel), SQLBind(move.entry.statusLabel), SQLBind(move.entry.remark), SQLBind(user?.id),
                        SQLBind(user?.role?.rawValue), SQLBind(entryJSON), SQLBind(now))
                .run()
            if submitted {
                // 变更明细 against the content of the previous submission (or the version in force).
                let previous = row.lastSubmitted ?? row.inForce ?? [:]
                let changes = FieldDiff.changes(from: type.display(previous), to: type.display(newData), fields: type.fields)
                if !changes.isEmpty {
                    let json = try String(decoding: JSONEncoder.sorted.encode(changes.map {
                        ["label": $0.label, "before": $0.isPersonal ? Masking.redactingPersonalData(in: $0.before) : $0.before,
                         "after": $0.isPersonal ? Masking.redactingPersonalData(in: $0.after) : $0.after]
                    }), as: UTF8.self)
                    try await db.sql.insert(into: "case_changes").columns("case_type", "case_id", "version", "submission", "changes_json", "actor_id", "at")
                        .values(SQLBind(type.key), SQLBind(row.id), SQLBind(after.version), SQLBind(after.submissions), SQLBind(json), SQLBind(user?.id), SQLBind(now))
                        .run()
                }
            }
            if oldKey != newKey {
                try await CaseCounts.move(type, scope: row.scope, from: oldKey, to: newKey, on: db)
            }
            if let afterMove = type.afterMove {
                let inForce: [String: String]? = if case .approved = after.status { newData } else { row.inForce }
                try await afterMove(row, after, inForce, now, db)
            }
            if case .approved = after.status, before.status != .approved || submitted, let onApproved = type.onApproved {
                try await onApproved(row, newData, keys, now, db)
            }
            try await Audit.record(.caseAction(action.kind), target: .caseType(type), id: row.id,
                                   changes: [.init("status", before: type.definition.status.label(for: before, in: type.definition), after: move.entry.statusLabel),
                                             .init("remark", after: move.entry.remark ?? "")],
                                   actor: user, ip: acting.ip, now: now, keys: keys, on: db)
            try await notify(move.notifications, type: type, row: row, now: now, keys: keys, app: app, on: db)
            return true
        }
    }

    /// The same action on several cases (a batch step, or 批量通过), all or nothing: one refusal
    /// names the case; one case moved by someone else rolls every move back.
    package static func actAll(_ type: CaseType, rows: [CaseRow], action: Action, acting: Acting) async throws -> BatchOutcome {
        guard !rows.isEmpty else { return .done(0) }
        var moves: [Transition] = []
        moves.reserveCapacity(rows.count)
        let contexts = try await guardContexts(type, rows: rows, now: acting.now, on: acting.db)
        for (row, context) in zip(rows, contexts) {
            switch transition(row.state, action, by: acting.actor, in: type.definition, context: context) {
            case .failure(let refusal): return .refused(name: row.applicant_name, refusal)
            case .success(let move): moves.append(move)
            }
            if let refusal = invalidSubmission(type, action: action, content: row.data) { return .refused(name: row.applicant_name, refusal) }
        }
        struct Conflict: Error {}
        let decided = moves
        do {
            try await acting.db.writeTransaction { db in
                for (row, move) in zip(rows, decided) {
                    guard try await apply(move, type: type, row: row, action: action, data: nil, acting: acting, on: db) else { throw Conflict() }
                }
            }
        } catch is Conflict {
            return .conflict
        }
        return .done(rows.count)
    }
}
