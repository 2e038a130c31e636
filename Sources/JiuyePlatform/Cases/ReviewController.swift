import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The reviewer screen every module reuses: cases in scope with status counts and seed 004's
/// filters (学历, 院系, 专业, status, keyword), keyset paging, a detail view with 审核记录 and
/// 变更明细, approve or reject with a reason, and "下一个" to the next pending case (seed 001).
package struct ReviewController: RouteCollection {
    package static let pageSize = 20

    package func boot(routes: any RoutesBuilder) throws {
        let review = routes.grouped("review", ":type")
        review.get(use: list)
        review.get(":id", use: show)
        review.post(":id", use: act)
        review.get("next", use: next)
        review.get("export", use: export)
    }

    /// Scope columns of a case table aliased `c`.
    package static let columns: [ScopeDimension: SQLColumn] = [
        .school: SQLColumn("school_id", table: "c"), .college: SQLColumn("college_id", table: "c"), .major: SQLColumn("major_id", table: "c"),
        .class: SQLColumn("class_id", table: "c"), .cohort: SQLColumn("cohort", table: "c"), .level: SQLColumn("level", table: "c"),
    ]

    package struct Filter: Sendable {
        package var status: String?
        /// Whether the query named a status at all (`status=` means every status).
        package var statusGiven = false
        package var level: String?
        package var college: Int64?
        package var major: Int64?
        package var keyword: String?
        /// Keyset: rows with a smaller id (the list is newest first).
        package var after: Int64?

        package init(_ req: Request) {
            // One pass over the query string (decoding it per parameter cost more than the SQL).
            let query = QueryString.parse(req.url.query)
            func text(_ name: String) -> String? { query[name]?.trimmingCharacters(in: .whitespaces).nilIfEmpty }
            status = text("status")
            statusGiven = query["status"] != nil
            level = text("level").flatMap { EducationLevel(rawValue: $0)?.rawValue }
            college = text("college").flatMap(Int64.init)
            major = text("major").flatMap(Int64.init)
            keyword = text("q").map { String($0.prefix(50)) }
            after = text("after").flatMap(Int64.init)
        }

        /// The query string without the keyset position.
        package var query: [(String, String)] {
            [("status", status), ("level", level), ("college", college.map(String.init)), ("major", major.map(String.init)), ("q", keyword)]
                .compactMap { name, value in value.map { (name, $0) } }
        }
    }

    package func caseType(_ req: Request) throws -> CaseType {
        guard let type = req.parameters.get("type").flatMap(req.application.caseTypes.named) else { throw Abort(.notFound) }
        return type
    }

    /// Staff who act at some step of the process (or read it: the school sees everything in scope).
    package func reviewer(_ req: Request, _ type: CaseType) throws -> (CurrentUser, Role) {
        let user = try req.requireUser()
        guard let role = user.role, role.isStaff, role != .employer, !type.definition.steps(actedBy: role).isEmpty else { throw Abort(.notFound) }
        return (user, role)
    }

    package func filtered(_ select: SQLSelectBuilder, type: CaseType, user: CurrentUser, filter: Filter, statusKeys: [String]?) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier(type.table), as: SQLIdentifier("c"))).scoped(to: user.scope, columns: Self.columns)
        if let keys = statusKeys { query = query.where(SQLColumn("status_key", table: "c"), .in, SQLGroupExpression(keys.map { SQLBind($0) })) }
        if let level = filter.level { query = query.where(SQLColumn("level", table: "c"), .equal, SQLBind(level)) }
        if let college = filter.college { query = query.where(SQLColumn("college_id", table: "c"), .equal, SQLBind(college)) }
        if let major = filter.major { query = query.where(SQLColumn("major_id", table: "c"), .equal, SQLBind(major)) }
        if let keyword = filter.keyword {
            query = query.where { group in
                group.where(SQLColumn("applicant_name", table: "c"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                    .orWhere(SQLColumn("student_no", table: "c"), .equal, SQLBind(keyword.lowercased()))
            }
        }
        return query
    }

    package struct ListRow: Sendable {
        package let id: Int64
        package let applicant_name: String
        package let student_no: String?
        package let level: String
        package let cohort: Int
        package let status_key: String
        package let status_label: String?
        package let summary: String?
        package let submitted_at: Int64?
        package let batch_number: Int?
        package let college_name: String
        package let major_name: String

        /// By hand: the Codable row decoder cost more than the query it decodes. College and
        /// major names come from the cached org names, not from joins (planning them cost more
        /// than running the query on PostgreSQL).
        package init(_ row: any SQLRow, names: OrgNames.Snapshot) throws {
            id = try row.decode(column: "id", as: Int64.self)
            applicant_name = try row.decode(column: "applicant_name", as: String.self)
            student_no = try row.decode(column: "student_no", as: String?.self)
            level = try row.decode(column: "level", as: String.self)
            cohort = try row.decode(column: "cohort", as: Int.self)
            status_key = try row.decode(column: "status_key", as: String.self)
            status_label = try row.decode(column: "status_label", as: String?.self)
            summary = try row.decode(column: "summary", as: String?.self)
            submitted_at = try row.decode(column: "submitted_at", as: Int64?.self)
            batch_number = try row.decode(column: "batch_number", as: Int?.self)
            college_name = names.colleges[try row.decode(column: "college_id", as: Int64.self)] ?? "—"
            major_name = names.majors[try row.decode(column: "major_id", as: Int64.self)] ?? "—"
        }
    }

    /// The list's rows (with college and major names) for the filter, newest first from `filter.after`.
    package func listSelect(_ db: any Database, type: CaseType, user: CurrentUser, filter: Filter, statusKeys keys: [String]?) -> SQLSelectBuilder {
        var select = db.sql.select()
            .columns(SQLColumn("id", table: "c"), SQLColumn("applicant_name", table: "c"), SQLColumn("student_no", table: "c"), SQLColumn("level", table: "c"),
                     SQLColumn("cohort", table: "c"), SQLColumn("status_key", table: "c"), SQLColumn("status_label", table: "c"), SQLColumn("summary", table: "c"),
                     SQLColumn("submitted_at", table: "c"), SQLColumn("batch_number", table: "c"), SQLColumn("college_id", table: "c"), SQLColumn("major_id", table: "c"))
        select = filtered(select, type: type, user: user, filter: filter, statusKeys: keys)
        if let after = filter.after { select = select.where(SQLColumn("id", table: "c"), .lessThan, SQLBind(after)) }
        return select
    }

    /// 导出 the list with its filters (.xlsx or CSV), streamed a thousand cases at a time, audited.
    @Sendable
    package func export(req: Request) async throws -> Response {
        let type = try caseType(req)
        let (user, role) = try reviewer(req, type)
        var filter = Filter(req)
        filter.after = nil
        let groups = CaseEngine.statusGroups(type.definition)
        let pending = CaseEngine.pendingKeys(for: role, in: type.definition)
        if !filter.statusGiven { filter.status = groups.first { !Set($0.keys).isDisjoint(with: pending) }?.label }
        let keys = filter.status.flatMap { label in groups.first { $0.label == label }?.keys }
        let format = SheetExport.format(req)
        let frozen = filter
        try await req.db.writeTransaction { db in
            try await req.audit(.exportCases, target: .caseType(type), id: nil, changes: [
                .init("format", after: format.rawValue),
                .init("filter", after: frozen.query.map { "\($0.0)=\($0.1)" }.joined(separator: "，")),
            ], on: db)
        }
        let labels = type.labelsByKey
        let db = req.db
        let names = try await req.application.orgNames.snapshot(req)
        let columns: [XLSXWriter.Column] = [.init("姓名", width: 10), .init("学号", width: 14), .init("院系", width: 18), .init("专业", width: 18), .init("学历", width: 8),
                                            .init("届别", width: 8), .init(type.fields.first?.label ?? "内容", width: 24), .init("提交时间", width: 18), .init("状态", width: 12)]
        return SheetExport.response(req, filename: "\(type.definition.name)", format: format, sheetName: type.definition.name, columns: columns) { sink in
            func page(after: Int64?) async throws -> [ListRow] {
                var page = frozen
                if let after { page.after = after }
                return try await listSelect(db, type: type, user: user, filter: page, statusKeys: keys)
                    .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(SheetExport.pageSize)
                    .all().map { try ListRow($0, names: names) }
            }
            func cells(_ row: ListRow) -> [Cell] {
                [.text(row.applicant_name), .text(row.student_no), .text(row.college_name), .text(row.major_name),
                 .text(EducationLevel(rawValue: row.level)?.label ?? row.level), .integer(row.cohort), .text(row.summary),
                 .text(row.submitted_at.map(ChinaTime.dateTime)), .text(row.status_label ?? labels[row.status_key] ?? row.status_key)]
            }
            try await sink.emitPages(page(after:), next: { rows, _ in rows[rows.count - 1].id }, cells: cells)
        }
    }

    /// Expected applicants in scope under the list's filters who have no case yet (no row for
    /// their period in the case table): `select` gets the columns, the caller the order and limit.
    package func notStarted(_ select: SQLSelectBuilder, type: CaseType, source: ApplicantSource, user: CurrentUser, filter: Filter) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier(source.table), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn(source.userColumn, table: "a"))
            .scoped(to: user.scope, columns: source.sqlColumns)
        func column(_ dimension: ScopeDimension) -> SQLColumn? { source.sqlColumns[dimension] }
        if let level = filter.level { query = column(.level).map { query.where($0, .equal, SQLBind(level)) } ?? query.where(SQLRaw("1 = 0")) }
        if let college = filter.college { query = column(.college).map { query.where($0, .equal, SQLBind(college)) } ?? query.where(SQLRaw("1 = 0")) }
        if let major = filter.major { query = column(.major).map { query.where($0, .equal, SQLBind(major)) } ?? query.where(SQLRaw("1 = 0")) }
        if let keyword = filter.keyword {
            query = query.where { group in
                group.where(SQLColumn("display_name", table: "u"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                    .orWhere(SQLColumn("student_no", table: "u"), .equal, SQLBind(keyword.lowercased()))
            }
        }
        // Table and column names come from the case type's declaration, never from a request.
        return query.where(SQLRaw("""
            NOT EXISTS (SELECT 1 FROM \(type.table) c WHERE c.applicant_id = a.\(source.userColumn) \
            AND c.period = CAST(a.\(source.periodColumn) AS VARCHAR(20)))
            """))
    }

    /// Status counts: from the kept counters when the scope and filters are school, college,
    /// cohort and level (an admin's usual view); otherwise one grouped count over the filtered rows.
    /// With an applicant source, `ApplicantSource.notStartedKey` counts those with no case yet.
    package func counts(_ req: Request, type: CaseType, user: CurrentUser, filter: Filter) async throws -> [String: Int] {
        var result = try await caseCounts(req, type: type, user: user, filter: filter)
        if let source = type.applicants {
            result[ApplicantSource.notStartedKey] = try await notStarted(
                req.db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))),
                type: type, source: source, user: user, filter: filter).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return result
    }

    private func caseCounts(_ req: Request, type: CaseType, user: CurrentUser, filter: Filter) async throws -> [String: Int] {
        let scope = user.scope.values
        if filter.major == nil, filter.keyword == nil, Set(scope.keys).isSubset(of: [.school, .college, .cohort, .level]) {
            func narrowed(_ allowed: Set<String>?, _ chosen: String?) -> Set<String>? {
                guard let chosen else { return allowed }
                // A filter outside the scope counts nothing: never another college's numbers.
                return allowed.map { $0.contains(chosen) ? [chosen] : [] } ?? [chosen]
            }
            return try await CaseCounts.counts(type, schools: scope[.school], colleges: narrowed(scope[.college], filter.college.map(String.init)),
                                               cohorts: scope[.cohort], levels: narrowed(scope[.level], filter.level), on: req.db)
        }
        var result: [String: Int] = [:]
        for row in try await filtered(req.db.sql.select().column(SQLColumn("status_key", table: "c"))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))), type: type, user: user, filter: filter, statusKeys: nil)
            .groupBy(SQLColumn("status_key", table: "c")).all() {
            result[try row.decode(column: "status_key", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// How many of those with no case yet the 未提交 view names (the count says how many in all).
    package static let notStartedShown = 50

    /// The status groups of the list: with an applicant source, 未提交 (the group of drafts) also
    /// counts those who have not started.
    package static func statusGroups(_ type: CaseType) -> [(label: String, keys: [String])] {
        var groups = CaseEngine.statusGroups(type.definition)
        if type.applicants != nil, let index = groups.firstIndex(where: { $0.keys.contains("draft") }) {
            groups[index].keys.append(ApplicantSource.notStartedKey)
        }
        return groups
    }

    /// One expected applicant with no case yet.
    package struct NotStartedRow: Sendable {
        package let name: String
        package let studentNo: String?
        package let college: String
        package let major: String
        package let level: String?
        package let cohort: Int?

        package init(_ row: any SQLRow, names: OrgNames.Snapshot) throws {
            name = try row.decode(column: "display_name", as: String.self)
            studentNo = try row.decode(column: "student_no", as: String?.self)
            college = try row.decode(column: "college_id", as: Int64?.self).flatMap { names.colleges[$0] } ?? "—"
            major = try row.decode(column: "major_id", as: Int64?.self).flatMap { names.majors[$0] } ?? "—"
            level = try row.decode(column: "level", as: String?.self)
            cohort = try row.decode(column: "cohort", as: Int?.self)
        }
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let type = try caseType(req)
        let (user, role) = try reviewer(req, type)
        var filter = Filter(req)
        let groups = Self.statusGroups(type)
        let pending = CaseEngine.pendingKeys(for: role, in: type.definition)
        // Default: what waits for this role.
        let pendingLabel = groups.first { !Set($0.keys).isDisjoint(with: pending) }?.label
        if !filter.statusGiven { filter.status = pendingLabel }
        let keys = filter.status.flatMap { label in groups.first { $0.label == label }?.keys }
        let select = listSelect(req.db, type: type, user: user, filter: filter, statusKeys: keys)
        let names = try await req.application.orgNames.snapshot(req)
        let rows = try await select.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(Self.pageSize + 1).all().map { try ListRow($0, names: names) }
        let counts = try await counts(req, type: type, user: user, filter: filter)
        var notStarted: [NotStartedRow] = []
        if let source = type.applicants, keys?.contains(ApplicantSource.notStartedKey) == true, filter.after == nil {
            notStarted = try await self.notStarted(
                req.db.sql.select().columns(SQLColumn("display_name", table: "u"), SQLColumn("student_no", table: "u"))
                    .column(SQLAlias(source.sqlColumns[.college] ?? SQLColumn(SQLLiteral.null), as: SQLIdentifier("college_id")))
                    .column(SQLAlias(source.sqlColumns[.major] ?? SQLColumn(SQLLiteral.null), as: SQLIdentifier("major_id")))
                    .column(SQLAlias(source.sqlColumns[.level] ?? SQLColumn(SQLLiteral.null), as: SQLIdentifier("level")))
                    .column(SQLAlias(source.sqlColumns[.cohort] ?? SQLColumn(SQLLiteral.null), as: SQLIdentifier("cohort"))),
                type: type, source: source, user: user, filter: filter)
                .orderBy(SQLColumn("student_no", table: "u")).limit(Self.notStartedShown).all().map { try NotStartedRow($0, names: names) }
        }
        let colleges = try await ScopeOptions.colleges(req, scope: user.scope)
        var majors: [SelectOption] = []
        if let college = filter.college { majors = try await ScopeOptions.majors(req, scope: user.scope, college: college) }
        let model = ReviewListPage.Model(
            type: type, rows: Array(rows.prefix(Self.pageSize)), hasMore: rows.count > Self.pageSize, filter: filter,
            groups: groups.map { group in (group.label, group.keys.reduce(0) { $0 + (counts[$1] ?? 0) }) },
            notStarted: notStarted, notStartedTotal: counts[ApplicantSource.notStartedKey] ?? 0,
            pendingLabel: pendingLabel, colleges: colleges, majors: majors, levels: ScopeOptions.levels(scope: user.scope), canEnter: type.definition.entryOnBehalf[role] != nil,
            selection: Self.selection(type: type, role: role, showing: keys))
        return req.render(ReviewListPage(context: req.pageContext("\(type.definition.name)审核", breadcrumb: [Crumb("\(type.definition.name)审核")]), model: model))
    }

    /// What the list lets a reviewer do with ticked cases: at a batch step, 组成批次 of cases not yet
    /// in one; at a step taken one case or a batch at a time, 批量通过. Nil: no checkboxes.
    package static func selection(type: CaseType, role: Role, showing keys: [String]?) -> ReviewListPage.Selection? {
        let steps = BatchController.batchSteps(for: role, in: type.definition)
        let selectable = Set(steps.map { ($0.kind == .publicity ? "publicity:" : "step:") + $0.id })
        guard let keys, !steps.isEmpty, !selectable.isDisjoint(with: keys) else { return nil }
        return ReviewListPage.Selection(keys: selectable, canFormBatch: steps.contains { $0.mode == .batch },
                                        canApprove: steps.contains { $0.mode == .singleOrBatch })
    }

    package func row(_ req: Request, _ type: CaseType, user: CurrentUser) async throws -> CaseRow {
        guard let id = req.parameters.get("id").flatMap(Int64.init), let row = try await CaseEngine.load(type, id: id, on: req.db),
              CaseEngine.canSee(user, row: row), row.applicant_id != user.id else { throw Abort(.notFound) }
        return row
    }

    @Sendable
    package func show(req: Request) async throws -> Response {
        let type = try caseType(req)
        let (user, _) = try reviewer(req, type)
        return try await render(req, type: type, user: user, row: try await row(req, type, user: user), message: nil)
    }

    package func render(_ req: Request, type: CaseType, user: CurrentUser, row: CaseRow, message: Flash?, reason: String = "", reasonError: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let state = row.state
        let context = try await CaseEngine.guardContext(type, row: row, now: req.now, on: req.db)
        let actions = permittedActions(state, by: CaseEngine.actor(for: user, row: row), in: type.definition, context: context)
        let step = state.currentStep(in: type.definition)
        let names = try await req.db.sql.raw("""
            SELECT co.name AS college, m.name AS major, cl.name AS class FROM colleges co JOIN majors m ON m.id = \(bind: row.major_id)
            LEFT JOIN classes cl ON cl.id = \(bind: row.class_id) WHERE co.id = \(bind: row.college_id)
            """).first()
        let applicant: [(String, String)] = [
            ("姓名", row.applicant_name), ("学号", row.student_no ?? "—"),
            ("院系", (try? names?.decode(column: "college", as: String.self)) ?? "—"), ("专业", (try? names?.decode(column: "major", as: String.self)) ?? "—"),
            ("班级", (try? names?.decode(column: "class", as: String?.self)) ?? "—"), ("学历", EducationLevel(rawValue: row.level)?.label ?? row.level),
            ("届别", "\(row.cohort)届"),
        ]
        let model = ReviewDetailPage.Model(
            type: type, row: row, state: state, statusLabel: type.definition.status.label(for: state, in: type.definition), applicant: applicant,
            details: CaseDetails.rows(type, type.display(row.data)), inForce: row.inForce.map { CaseDetails.rows(type, type.display($0)) },
            stepLabel: step?.label, approveLabel: step?.approveLabel ?? "审核通过",
            canApprove: actions.contains(.approve), canReject: actions.contains(.reject), canReturn: actions.contains(.returnForChanges),
            message: message, reason: reason, reasonError: reasonError, history: try await CaseEngine.history(type, id: row.id, on: req.db),
            changes: try await CaseEngine.changes(type, id: row.id, on: req.db), files: try await CaseAttachments.files(type, id: row.id, on: req.db),
            query: req.url.query ?? "", csrfToken: user.csrfToken)
        return req.render(ReviewDetailPage(context: req.pageContext(row.applicant_name, breadcrumb: [Crumb("\(type.definition.name)审核", href: "/review/\(type.key)"), Crumb(row.applicant_name)]),
                                           model: model), status: status)
    }

    @Sendable
    package func act(req: Request) async throws -> Response {
        let type = try caseType(req)
        let (user, role) = try reviewer(req, type)
        let row = try await row(req, type, user: user)
        let fields = FormFields(req)
        let reason = fields.value("reason")
        if let lock = Int64(fields.value("lock")), lock != row.lock {
            return try await render(req, type: type, user: user, row: row, message: Flash(.error, "该申请已被他人处理，以下是最新状态。"), status: .conflict)
        }
        let action: Action
        switch fields.value("action") {
        case "approve": action = .approve(remark: reason.nilIfEmpty)
        case "reject": action = .reject(reason: reason)
        case "return": action = .returnForChanges(reason: reason)
        default: throw Abort(.badRequest)
        }
        switch try await CaseEngine.act(type, row: row, action: action, req: req) {
        case .refused(let refusal) where refusal.kind == .invalid && action.kind != .approve:
            // A missing 不通过/退回 reason: said at the field, with what was typed kept.
            return try await render(req, type: type, user: user, row: row, message: nil, reason: reason, reasonError: refusal.message,
                                    status: .unprocessableEntity)
        case .refused(let refusal):
            return try await render(req, type: type, user: user, row: row, message: Flash(.error, refusal.message), reason: reason,
                                    status: .unprocessableEntity)
        case .conflict:
            let fresh = try await CaseEngine.load(type, id: row.id, on: req.db) ?? row
            return try await render(req, type: type, user: user, row: fresh, message: Flash(.error, "该申请已被他人处理，以下是最新状态。"), status: .conflict)
        case .done(let state):
            let label = type.definition.status.label(for: state, in: type.definition)
            let flash = Flash(.success, "已处理：\(row.applicant_name) \(label)。")
            // Straight on to the next pending case, as seed 001 describes.
            if let next = try await nextPending(req, type: type, user: user, role: role, after: row.id) {
                return req.seeOther("/review/\(type.key)/\(next)", flash: flash)
            }
            return req.seeOther("/review/\(type.key)", flash: Flash(.success, flash.message + "当前没有其他待处理的申请。"))
        }
    }

    /// The next case waiting for `role` in scope, older than `after` first, then from the newest.
    package func nextPending(_ req: Request, type: CaseType, user: CurrentUser, role: Role, after: Int64) async throws -> Int64? {
        let keys = CaseEngine.pendingKeys(for: role, in: type.definition)
        guard !keys.isEmpty else { return nil }
        let base = Filter(req)
        func first(_ extra: (SQLSelectBuilder) -> SQLSelectBuilder) async throws -> Int64? {
            let query = extra(filtered(req.db.sql.select().column(SQLColumn("id", table: "c")), type: type, user: user,
                                       filter: Filter.pendingOnly(base), statusKeys: keys))
            return try await query.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(1).first()?.decode(column: "id", as: Int64.self)
        }
        if let older = try await first({ $0.where(SQLColumn("id", table: "c"), .lessThan, SQLBind(after)) }) { return older }
        return try await first({ $0.where(SQLColumn("id", table: "c"), .notEqual, SQLBind(after)) })
    }

    @Sendable
    package func next(req: Request) async throws -> Response {
        let type = try caseType(req)
        let (user, role) = try reviewer(req, type)
        let after = req.query[String.self, at: "after"].flatMap(Int64.init) ?? Int64.max
        guard let id = try await nextPending(req, type: type, user: user, role: role, after: after) else {
            return req.seeOther("/review/\(type.key)", flash: Flash(.info, "当前没有待处理的申请。"))
        }
        return req.seeOther("/review/\(type.key)/\(id)")
    }
}

extension ReviewController.Filter {
    /// The same filter without status or keyset (the caller names the pending statuses).
    package static func pendingOnly(_ filter: Self) -> Self {
        var copy = filter
        copy.status = nil
        copy.after = nil
        return copy
    }
}

/// Small lists read on every page view that change rarely (filter options), with an expiry.
package final class OptionCache: Sendable {
    private let entries = NIOLockedValueBox<[String: (until: Int64, options: [SelectOption])]>([:])

    package func get(_ key: String, now: Int64) -> [SelectOption]? {
        entries.withLockedValue { entries in
            guard let entry = entries[key], entry.until > now else { return nil }
            return entry.options
        }
    }

    package func put(_ key: String, _ options: [SelectOption], until: Int64) {
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = (until, options)
        }
    }
}

extension Application {
    private struct OptionCacheKey: StorageKey { typealias Value = OptionCache }
    package var optionCache: OptionCache {
        if let cache = storage[OptionCacheKey.self] { return cache }
        let cache = OptionCache()
        storage[OptionCacheKey.self] = cache
        return cache
    }
}

/// College and major names by id, read at most once a minute: lists show names for ids without
/// joining the org tables on every page view. A renamed college shows within a minute.
package final class OrgNames: Sendable {
    package struct Snapshot: Sendable {
        package var colleges: [Int64: String] = [:]
        package var majors: [Int64: String] = [:]
    }

    private let state = NIOLockedValueBox<(until: Int64, snapshot: Snapshot)>((0, Snapshot()))

    /// Forgets the names (a college or major was added here).
    package func invalidate() { state.withLockedValue { $0.until = 0 } }

    package func snapshot(_ req: Request) async throws -> Snapshot {
        let now = req.now
        if let fresh = state.withLockedValue({ $0.until > now ? $0.snapshot : nil }) { return fresh }
        var snapshot = Snapshot()
        for row in try await req.db.sql.raw("SELECT id, name FROM colleges").all() {
            snapshot.colleges[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
        }
        for row in try await req.db.sql.raw("SELECT id, name FROM majors").all() {
            snapshot.majors[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "name", as: String.self)
        }
        let ready = snapshot
        state.withLockedValue { $0 = (now + 60, ready) }
        return ready
    }
}

extension Application {
    private struct OrgNamesKey: StorageKey { typealias Value = OrgNames }
    package var orgNames: OrgNames {
        if let names = storage[OrgNamesKey.self] { return names }
        let names = OrgNames()
        storage[OrgNamesKey.self] = names
        return names
    }
}
