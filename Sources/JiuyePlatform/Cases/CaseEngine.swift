import Fluent
import Foundation
import NIOConcurrencyHelpers
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// One case row: the core columns every case table has, and the case's scope as its type
/// declares it (`CaseScope`).
package struct CaseRow: Sendable {
    package let id: Int64
    package let applicant_id: Int64
    package let period: String
    package let applicant_name: String
    /// The applicant's number (学号) when the type keeps one.
    package let student_no: String?
    package let status_key: String
    package let lock: Int64
    package let state_json: String
    package let data_json: String
    package let in_force_json: String?
    /// The content as last submitted: the base of the next 变更明细.
    package let submitted_json: String?
    package let submitted_at: Int64?
    package let updated_at: Int64
    /// Where the case stands: a value per stored scope dimension (ids as decimal strings).
    package let scope: [ScopeDimension: String]

    package static let coreColumns = ["id", "applicant_id", "period", "applicant_name", "status_key", "lock", "state_json", "data_json",
                                      "in_force_json", "submitted_json", "submitted_at", "updated_at"]

    /// By hand, with the type's scope columns.
    package init(_ row: any SQLRow, type: CaseType) throws {
        id = try row.decode(column: "id", as: Int64.self)
        applicant_id = try row.decode(column: "applicant_id", as: Int64.self)
        period = try row.decode(column: "period", as: String.self)
        applicant_name = try row.decode(column: "applicant_name", as: String.self)
        student_no = type.applicantNumber == nil ? nil : try row.decode(column: "student_no", as: String?.self)
        status_key = try row.decode(column: "status_key", as: String.self)
        lock = try row.decode(column: "lock", as: Int64.self)
        state_json = try row.decode(column: "state_json", as: String.self)
        data_json = try row.decode(column: "data_json", as: String.self)
        in_force_json = try row.decode(column: "in_force_json", as: String?.self)
        submitted_json = try row.decode(column: "submitted_json", as: String?.self)
        submitted_at = try row.decode(column: "submitted_at", as: Int64?.self)
        updated_at = try row.decode(column: "updated_at", as: Int64.self)
        var scope: [ScopeDimension: String] = [:]
        for (dimension, column) in type.scope.columns {
            let value = CaseScope.isNumeric(dimension) ? try row.decode(column: column, as: Int64?.self).map(String.init) : try row.decode(column: column, as: String?.self)
            if let value { scope[dimension] = value }
        }
        scope.merge(type.scope.derived(scope)) { stored, _ in stored }
        self.scope = scope
    }

    package var state: CaseState { (try? JSONDecoder().decode(CaseState.self, from: Data(state_json.utf8))) ?? CaseState() }
    package var data: [String: String] { (try? JSONDecoder().decode([String: String].self, from: Data(data_json.utf8))) ?? [:] }
    package var inForce: [String: String]? { in_force_json.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } }
    package var lastSubmitted: [String: String]? { submitted_json.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } }

    /// The record a scope is checked against.
    package var scopeRecord: [ScopeDimension: String] { scope }

    /// A scope value that is an id (school, college, unit …).
    package func id(_ dimension: ScopeDimension) -> Int64? { scope[dimension].flatMap { Int64($0) } }

    /// The year whose time windows apply: the period's (a 届别 or a year).
    package var year: Int { Int(period.prefix(4)) ?? 0 }
}

extension SQLSelectBuilder {
    /// Cases of `type` as `CaseRow`s.
    package func cases(_ type: CaseType) async throws -> [CaseRow] { try await all().map { try CaseRow($0, type: type) } }
    package func firstCase(_ type: CaseType) async throws -> CaseRow? { try await first().map { try CaseRow($0, type: type) } }
}

/// What came of an action on several cases.
package enum BatchOutcome: Sendable {
    case done(Int)
    /// The first refusal, with the applicant it concerns; nothing moved.
    case refused(name: String, Refusal)
    /// One of the cases was moved by someone else meanwhile; nothing moved.
    case conflict
}

/// What came of an action.
package enum CaseOutcome: Sendable {
    case done(CaseState)
    case refused(Refusal)
    /// Another request changed the case first (its lock moved): "已被他人处理".
    case conflict

    /// What a page says when the action did not happen (nil when it did): the refusal's own
    /// sentence, or that someone else got there first, naming the case as the page calls it
    /// ("申请", "登记"). Every case page answers the same way.
    package func failure(_ subject: String) -> (flash: Flash, status: HTTPResponseStatus)? {
        switch self {
        case .done: nil
        case .refused(let refusal): (Flash(.error, refusal.message), Self.status(refusal))
        case .conflict: (Flash(.error, "该\(subject)已被他人处理，以下是最新状态。"), .conflict)
        }
    }

    /// The HTTP status of a refusal: 403 forbidden, 404 out of scope, 409 wrong state, 422 the
    /// rest (something typed, or a closed guard).
    package static func status(_ refusal: Refusal) -> HTTPResponseStatus {
        switch refusal.kind {
        case .forbidden: .forbidden
        case .outOfScope: .notFound
        case .wrongState: .conflict
        case .invalid, .guardClosed: .unprocessableEntity
        }
    }
}

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
        return .staff(role, inScope: user.scope.contains(row.scopeRecord))
    }

    /// Whether `user` may see the case at all (applicant, or staff whose scope covers it).
    package static func canSee(_ user: CurrentUser, row: CaseRow) -> Bool {
        if user.id == row.applicant_id { return true }
        guard let role = user.role, role.isStaff else { return false }
        return user.scope.contains(row.scopeRecord)
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
        return GuardContext(now: now, windows: windows, rules: try await type.rules?(row, db) ?? [:], smsCodeVerified: smsCodeVerified, formatTime: ChinaTime.dateTime)
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
            contexts.append(GuardContext(now: now, windows: states, rules: try await type.rules?(row, db) ?? [:], formatTime: ChinaTime.dateTime))
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

    /// The engine's messages: to the applicant in-app and by SMS; work items to staff in scope.
    package static func notify(_ notifications: [CaseNotification], type: CaseType, row: CaseRow, now: Int64, keys: KeyService, app: Application, on db: any Database) async throws {
        let link = "/\(type.key)"
        for notification in notifications {
            switch notification {
            case .systemMessage(let text):
                try await MessageCenter.post(to: row.applicant_id, title: type.definition.name, body: text, link: link, now: now, keys: keys, app: app, on: db)
            case .sms(let text):
                try await MessageCenter.post(to: row.applicant_id, title: type.definition.name, body: text, link: link, sms: true, now: now, keys: keys, app: app, on: db)
            case .workItem(let role, let text):
                let applicant = row.student_no.map { "\(row.applicant_name)（\($0)）" } ?? row.applicant_name
                for id in try await recipients(role: role, scope: row.scope, on: db) {
                    try await MessageCenter.post(to: id, title: "\(type.definition.name)待处理", body: "\(applicant)：\(text)",
                                                 link: "/review/\(type.key)/\(row.id)", now: now, keys: keys, app: app, on: db)
                }
            }
        }
    }

    /// Staff holding `role` whose assignment's scope covers a case standing at `scope`: every
    /// dimension the assignment constrains holds the case's value (a dimension the case lacks is
    /// outside, as on the lists). One query, whatever the scope's dimensions.
    package static func recipients(role: Role, scope: [ScopeDimension: String], on db: any Database) async throws -> [Int64] {
        let value: SQLQueryString = scope.isEmpty ? "NULL" : "CASE sc.dimension " + scope.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "WHEN \(bind: $0.key.rawValue) THEN \(bind: $0.value) " as SQLQueryString }.joined() + "ELSE NULL END"
        return try await db.sql.raw("""
            SELECT DISTINCT ra.user_id AS id FROM role_assignments ra JOIN users u ON u.id = ra.user_id
            WHERE ra.role = \(bind: role.rawValue) AND u.is_active = \(bind: true)
            AND NOT EXISTS (SELECT 1 FROM assignment_scopes sc WHERE sc.assignment_id = ra.id AND NOT EXISTS (
                SELECT 1 FROM assignment_scopes s2 WHERE s2.assignment_id = ra.id AND s2.dimension = sc.dimension AND s2.value = \(value)))
            ORDER BY ra.user_id
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
    }

    /// Creates the applicant's case for the period (one per applicant, type and period: a
    /// double-clicked submit finds the row the first click made). The case's scope is `scope`
    /// when the caller knows it (a unit chosen on the form), else the applicant's row in the
    /// type's applicant source (a graduate's school, college, major …).
    package static func create(_ type: CaseType, applicant userID: Int64, period: String, scope given: [ScopeDimension: String]? = nil,
                               req: Request) async throws -> CaseRow {
        try await create(type, applicant: userID, period: period, scope: given, now: req.now, on: req.db)
    }

    package static func create(_ type: CaseType, applicant userID: Int64, period: String, scope given: [ScopeDimension: String]? = nil,
                               now: Int64, on database: any Database) async throws -> CaseRow {
        if let existing = try await load(type, applicant: userID, period: period, on: database) { return existing }
        guard let person = try await database.sql.select().columns("display_name", "student_no").from("users")
            .where("id", .equal, SQLBind(userID)).first() else { throw Abort(.notFound) }
        var scope: [ScopeDimension: String] = [:]
        if let given {
            scope = given
        } else {
            guard let source = type.applicants else { throw Abort(.notFound) }
            let dimensions = type.scope.columns.keys.filter { source.scopeColumns[$0] != nil }.sorted { $0.rawValue < $1.rawValue }
            var select = database.sql.select().from(SQLAlias(SQLIdentifier(source.table), as: SQLIdentifier("a")))
                .where(SQLColumn(source.userColumn, table: "a"), .equal, SQLBind(userID))
            for dimension in dimensions { select = select.column(SQLAlias(SQLColumn(source.scopeColumns[dimension]!, table: "a"), as: SQLIdentifier(dimension.rawValue))) }
            guard let found = try await select.first() else { throw Abort(.notFound) }
            for dimension in dimensions {
                let value = CaseScope.isNumeric(dimension) ? try found.decode(column: dimension.rawValue, as: Int64?.self).map(String.init)
                    : try found.decode(column: dimension.rawValue, as: String?.self)
                if let value { scope[dimension] = value }
            }
        }
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState()), as: UTF8.self)
        var columns = ["applicant_id", "period", "applicant_name", "status_key", "status_label", "lock", "state_json", "data_json", "in_force_json",
                       "submitted_json", "submitted_at", "updated_at", "created_at"]
        var values: [any SQLExpression] = [SQLBind(userID), SQLBind(period), SQLBind(try person.decode(column: "display_name", as: String.self)),
                                           SQLBind("draft"), SQLBind(type.definition.status.draft), SQLBind(Int64(0)), SQLBind(state), SQLBind("{}"),
                                           SQLLiteral.null, SQLLiteral.null, SQLLiteral.null, SQLBind(now), SQLBind(now)]
        if type.applicantNumber != nil {
            columns.append("student_no")
            values.append(SQLBind(try person.decode(column: "student_no", as: String?.self)))
        }
        for (dimension, column) in type.scope.columns.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            columns.append(column)
            let value = scope[dimension]
            values.append(CaseScope.isNumeric(dimension) ? SQLBind(value.flatMap { Int64($0) }) : SQLBind(value))
        }
        let stored = scope
        let (names, row) = (columns, values)
        do {
            try await database.writeTransaction { db in
                try await db.sql.insert(into: type.table).columns(names).values(row).run()
                try await CaseCounts.move(type, scope: stored, from: nil, to: "draft", on: db)
            }
        } catch {
            // The unique key (applicant, period) refused a second row: another request made it.
            guard let existing = try await load(type, applicant: userID, period: period, on: database) else { throw error }
            return existing
        }
        guard let row = try await load(type, applicant: userID, period: period, on: database) else { throw Abort(.internalServerError) }
        return row
    }

    package struct HistoryRow: Decodable, Sendable {
        package let version: Int
        package let step_label: String
        package let action_label: String
        package let status_label: String
        package let remark: String?
        package let actor_role: String?
        package let actor_name: String?
        package let at: Int64
    }

    package static func history(_ type: CaseType, id: Int64, on db: any Database) async throws -> [HistoryRow] {
        try await db.sql.raw("""
            SELECT h.version, h.step_label, h.action_label, h.status_label, h.remark, h.actor_role, u.display_name AS actor_name, h.at
            FROM case_history h LEFT JOIN users u ON u.id = h.actor_id
            WHERE h.case_type = \(bind: type.key) AND h.case_id = \(bind: id) ORDER BY h.id
            """).all(decoding: HistoryRow.self)
    }

    package struct ChangeSet: Sendable {
        package let version: Int
        package let submission: Int
        package let at: Int64
        package let changes: [[String: String]]
    }

    package static func changes(_ type: CaseType, id: Int64, on db: any Database) async throws -> [ChangeSet] {
        try await db.sql.raw("""
            SELECT version, submission, at, changes_json FROM case_changes
            WHERE case_type = \(bind: type.key) AND case_id = \(bind: id) ORDER BY id DESC
            """).all().map { row in
            let json = try row.decode(column: "changes_json", as: String.self)
            return ChangeSet(version: try row.decode(column: "version", as: Int.self), submission: try row.decode(column: "submission", as: Int.self),
                             at: try row.decode(column: "at", as: Int64.self),
                             changes: (try? JSONDecoder().decode([[String: String]].self, from: Data(json.utf8))) ?? [])
        }
    }
}
