import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// One case on the reviewer screen: the detail, 审核 (approve, return, reject) and 下一个.
extension ReviewController {
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
        // Where the case stands, every stored dimension but the school (班级 too, which lists leave out).
        let places = ScopeDimension.allCases.filter { $0 != .school && $0 != .stage && type.scope.columns[$0] != nil && row.scope[$0] != nil }
        let names = try await ScopeValueNames.load(req, shown: places, records: [row.scope])
        let applicant: [(String, String)] = [("姓名", row.applicant_name)] + (type.applicantNumber.map { [($0, row.student_no ?? "—")] } ?? [])
            + places.map { ($0.label, names.text($0, row.scope[$0])) }
        var model = ReviewDetailPage.Model(
            type: type, row: row, state: state, statusLabel: type.definition.status.label(for: state, in: type.definition), applicant: applicant,
            details: CaseDetails.rows(type, type.display(row.data), content: row.data), inForce: row.inForce.map { CaseDetails.rows(type, type.display($0), content: $0) },
            stepLabel: step?.label, approveLabel: step?.approveLabel ?? "审核通过",
            canApprove: actions.contains(.approve), canReject: actions.contains(.reject), canReturn: actions.contains(.returnForChanges),
            canPublicize: actions.contains(.publicize), canObject: actions.contains(.object), canResolve: actions.contains(.resolveObjections),
            publicityDays: step?.publicityDays,
            message: message, reason: reason, reasonError: reasonError, history: try await CaseEngine.history(type, id: row.id, on: req.db),
            changes: try await CaseEngine.changes(type, id: row.id, on: req.db), files: try await CaseAttachments.files(type, id: row.id, on: req.db),
            query: req.url.query ?? "", csrfToken: user.csrfToken)
        model.sections = try await type.reviewSections?(req, row, user) ?? []
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
        // 公示 (seed 002 step 5): start it for the days given (the step's minimum when blank),
        // record an objection raised during it, and deal with the objections in 评审.
        case "publicize":
            let days = fields.value("days")
            guard days.isEmpty || RequestNumber.parse(days, in: 1...90) != nil else {
                return try await render(req, type: type, user: user, row: row, message: Flash(.error, "公示天数应为 1 到 90 天。"), status: .unprocessableEntity)
            }
            action = .publicize(days: RequestNumber.parse(days, in: 1...90))
        case "object": action = .object(reason: reason)
        case "resolve": action = .resolveObjections(remark: reason)
        default: throw Abort(.badRequest)
        }
        let outcome = try await CaseEngine.act(type, row: row, action: action, req: req)
        switch outcome {
        case .refused(let refusal) where refusal.kind == .invalid && action.kind != .approve:
            // A missing 不通过/退回 reason: said at the field, with what was typed kept.
            return try await render(req, type: type, user: user, row: row, message: nil, reason: reason, reasonError: refusal.message,
                                    status: .unprocessableEntity)
        case .refused:
            let (flash, status) = outcome.failure("申请")!
            return try await render(req, type: type, user: user, row: row, message: flash, reason: reason, status: status)
        case .conflict:
            let fresh = try await CaseEngine.load(type, id: row.id, on: req.db) ?? row
            return try await render(req, type: type, user: user, row: fresh, message: outcome.failure("申请")!.flash, status: .conflict)
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
