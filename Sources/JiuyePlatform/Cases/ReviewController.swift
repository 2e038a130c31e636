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

    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        let review = routes.grouped("review", ":type")
        review.get(use: list)
        review.get(":id", use: show)
        review.post(":id", use: act)
        review.get("next", use: next)
        review.get("export", use: export)
    }

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
            college = RequestNumber.id(text("college"))
            major = RequestNumber.id(text("major"))
            keyword = text("q").map { String($0.prefix(50)) }
            after = text("after").flatMap(Int64.init)
        }

        /// The scope values the filters chose (学历, 院系, 专业), as the scope's dimensions.
        package var dimensions: [ScopeDimension: String] {
            var chosen: [ScopeDimension: String] = [:]
            if let level { chosen[.level] = level }
            if let college { chosen[.college] = String(college) }
            if let major { chosen[.major] = String(major) }
            return chosen
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
        guard let role = user.role, role.isStaff, role != .employer || type.employerReviewsHere, !type.definition.steps(actedBy: role).isEmpty else {
            throw Abort(.notFound)
        }
        return (user, role)
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
        let rows = try await select.orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(Self.pageSize + 1).all().map { try ListRow($0, type: type) }
        let counts = try await counts(req, type: type, user: user, filter: filter)
        var notStarted: [NotStartedRow] = []
        if let source = type.applicants, keys?.contains(ApplicantSource.notStartedKey) == true, filter.after == nil {
            notStarted = try await self.notStarted(req.db.sql.select().columns(NotStartedRow.columns(type, source: source)),
                                                   type: type, source: source, user: user, filter: filter)
                .orderBy(SQLColumn("student_no", table: "u")).orderBy(SQLColumn("id", table: "u")).limit(Self.notStartedShown).all().map { try NotStartedRow($0, type: type) }
        }
        let names = try await ScopeValueNames.load(req, shown: type.scope.shown, records: rows.map(\.scope) + notStarted.map(\.scope))
        let colleges = try await ScopeOptions.colleges(req, scope: user.scope)
        var majors: [SelectOption] = []
        if let college = filter.college { majors = try await ScopeOptions.majors(req, scope: user.scope, college: college) }
        let model = ReviewListPage.Model(
            type: type, rows: Array(rows.prefix(Self.pageSize)), hasMore: rows.count > Self.pageSize, filter: filter,
            groups: groups.map { group in (group.label, group.keys.reduce(0) { $0 + (counts[$1] ?? 0) }) },
            notStarted: notStarted, notStartedTotal: counts[ApplicantSource.notStartedKey] ?? 0,
            exportTotal: groups.filter { filter.status == nil || $0.label == filter.status }.flatMap(\.keys)
                .filter { $0 != ApplicantSource.notStartedKey }.reduce(0) { $0 + (counts[$1] ?? 0) },
            pendingLabel: pendingLabel, names: names, colleges: colleges, majors: majors, levels: ScopeOptions.levels(scope: user.scope), canEnter: type.definition.entryOnBehalf[role] != nil,
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
}
