import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// Batch work on the reviewer screen (seed 002's 汇总 and 拨付 steps, and 评审 one case or a batch
/// at a time): 批量通过 of selected cases, 组成批次, a numbered batch's page with its cases and
/// totals, the whole batch approved or sent back in one transaction, one case taken out with a
/// reason, and a printable 汇总表. Every case is checked against the reviewer's scope.
package struct BatchController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let review = routes.grouped("review", ":type")
        review.post("selection", use: selection)
        review.get("batches", use: batches)
        review.get("batches", ":number", use: show)
        review.post("batches", ":number", use: act)
        review.post("batches", ":number", "remove", use: remove)
        review.get("batches", ":number", "print", use: print)
        review.get("batches", ":number", "export", use: export)
    }

    /// The largest selection one request acts on.
    package static let maximumSelection = 500

    /// The batch steps `role` acts at (batch only, or one case or a batch).
    package static func batchSteps(for role: Role, in definition: ProcessDefinition) -> [StepDefinition] {
        definition.steps(actedBy: role).filter { $0.mode != .single }
    }

    package func context(_ req: Request) throws -> (CaseType, CurrentUser, Role) {
        let controller = ReviewController()
        let type = try controller.caseType(req)
        let (user, role) = try controller.reviewer(req, type)
        guard !Self.batchSteps(for: role, in: type.definition).isEmpty else { throw Abort(.notFound) }
        return (type, user, role)
    }

    package func acting(_ req: Request, user: CurrentUser, role: Role, rows: [CaseRow]) -> CaseEngine.Acting {
        CaseEngine.Acting(user: user, actor: .staff(role, inScope: rows.allSatisfy { CaseEngine.canSee(user, row: $0) }), ip: req.clientAddress,
                          now: req.now, keys: req.keys, app: req.application, db: req.db)
    }

    /// Selected cases from the list: 批量通过 (`action=approve`) or 组成批次 (`action=batch`).
    @Sendable
    package func selection(req: Request) async throws -> Response {
        let (type, user, role) = try context(req)
        let fields = FormFields(req)
        let ids = Array(Set(fields.values("ids").compactMap(Int64.init)))
        let back = "/review/\(type.key)" + (fields.value("back").hasPrefix("?") ? fields.value("back") : "")
        guard !ids.isEmpty else { return req.seeOther(back, flash: Flash(.error, "请先勾选要办理的申请。")) }
        guard ids.count <= Self.maximumSelection else {
            return req.seeOther(back, flash: Flash(.error, "一次最多办理 \(Self.maximumSelection) 件，请缩小范围。"))
        }
        let rows = try await req.db.sql.select().columns(type.columns).from(type.table)
            .where("id", .in, SQLGroupExpression(ids.map { SQLBind($0) })).orderBy("id").cases(type)
        // Someone else's case, or one outside the scope, is not there at all.
        guard rows.count == ids.count, rows.allSatisfy({ CaseEngine.canSee(user, row: $0) && $0.applicant_id != user.id }) else { throw Abort(.notFound) }
        let acting = acting(req, user: user, role: role, rows: rows)
        switch fields.value("action") {
        case "batch":
            switch try await CaseBatches.form(type, rows: rows, acting: acting) {
            case .success(let number):
                return req.seeOther("/review/\(type.key)/batches/\(number)", flash: Flash(.success, "已组成第 \(number) 批次，共 \(rows.count) 件。"))
            case .failure(let failure):
                return req.seeOther(back, flash: Flash(.error, Self.message(failure.outcome)))
            }
        case "approve":
            let outcome = try await CaseEngine.actAll(type, rows: rows, action: .approve(remark: fields.value("remark").nilIfEmpty), acting: acting)
            if case .done(let count) = outcome { return req.seeOther(back, flash: Flash(.success, "已批量通过 \(count) 件。")) }
            return req.seeOther(back, flash: Flash(.error, Self.message(outcome)))
        default:
            throw Abort(.badRequest)
        }
    }

    package static func message(_ outcome: BatchOutcome) -> String {
        switch outcome {
        case .done(let count): "已办理 \(count) 件。"
        case .refused(let name, let refusal): "未办理任何申请：\(name)，\(refusal.message)"
        case .conflict: "未办理任何申请：其中有申请已被他人处理，请刷新后重试。"
        }
    }

    package struct BatchSummary: Decodable, Sendable {
        package let number: Int
        package let step_label: String
        package let created_at: Int64
        package let cases: Int
        package let status_key: String
    }

    /// Numbered batches that hold cases in the reviewer's scope, newest first.
    @Sendable
    package func batches(req: Request) async throws -> Response {
        let (type, user, role) = try context(req)
        let rows = try await req.db.sql.select()
            .column(SQLColumn("number", table: "b")).column(SQLColumn("step_label", table: "b")).column(SQLColumn("created_at", table: "b"))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLColumn("id", table: "c")), as: SQLIdentifier("cases")))
            .column(SQLAlias(SQLFunction("MIN", args: SQLColumn("status_key", table: "c")), as: SQLIdentifier("status_key")))
            .from(SQLAlias(SQLIdentifier("case_batches"), as: SQLIdentifier("b")))
            .join(SQLAlias(SQLIdentifier(type.table), as: SQLIdentifier("c")), on: SQLColumn("batch_number", table: "c"), .equal, SQLColumn("number", table: "b"))
            .where(SQLColumn("case_type", table: "b"), .equal, SQLBind(type.key))
            .scoped(to: user.scope, columns: type.scope.sqlColumns)
            .groupBy(SQLColumn("number", table: "b")).groupBy(SQLColumn("step_label", table: "b")).groupBy(SQLColumn("created_at", table: "b"))
            .orderBy(SQLOrderBy(expression: SQLColumn("number", table: "b"), direction: SQLDirection.descending)).limit(100)
            .all(decoding: BatchSummary.self)
        let labels = type.labelsByKey
        let pending = Set(CaseEngine.pendingKeys(for: role, in: type.definition))
        let page = BatchListPage(
            context: req.pageContext("\(type.definition.name)批次", breadcrumb: [Crumb("\(type.definition.name)审核", href: "/review/\(type.key)"), Crumb("批次")]),
            type: type,
            rows: rows.map { .init(number: $0.number, formedAt: $0.step_label, createdAt: $0.created_at, cases: $0.cases,
                                   status: labels[$0.status_key] ?? $0.status_key, waiting: pending.contains($0.status_key)) })
        return req.render(page)
    }

    /// The batch's cases, every one in the reviewer's scope (a batch partly outside it is not shown).
    package func members(_ req: Request, type: CaseType, user: CurrentUser) async throws -> (Int, [CaseRow]) {
        guard let number = req.parameters.get("number").flatMap(Int.init), number > 0 else { throw Abort(.notFound) }
        let rows = try await CaseBatches.rows(type, number: number, on: req.db)
        guard !rows.isEmpty, rows.allSatisfy({ CaseEngine.canSee(user, row: $0) }) else { throw Abort(.notFound) }
        return (number, rows)
    }

    package func model(_ req: Request, type: CaseType, user: CurrentUser, role: Role, number: Int, rows: [CaseRow]) async throws -> BatchPage.Model {
        let names = try await ScopeValueNames.load(req, shown: type.scope.shown, records: rows.map(\.scope))
        let definition = type.definition
        let labels = type.labelsByKey
        let step = rows.first?.state.currentStep(in: definition)
        let context = try await CaseEngine.guardContext(type, row: rows[0], now: req.now, on: req.db)
        let actor = CaseEngine.actor(for: user, row: rows[0])
        let actions = permittedActions(rows[0].state, by: actor, in: definition, context: context)
        let sameStep = Set(rows.map(\.status_key)).count == 1
        return BatchPage.Model(
            type: type, number: number, stepLabel: step?.label, approveLabel: step?.approveLabel ?? "审核通过",
            rows: rows.map { row in
                BatchPage.Line(id: row.id, name: row.applicant_name, number: type.applicantNumber == nil ? nil : row.student_no ?? "—",
                               places: type.scope.shown.map { names.text($0, row.scope[$0]) }, summary: type.summary(row.data),
                               status: labels[row.status_key] ?? row.status_key,
                               amounts: type.batchTotals.map { Money.parse(row.data[$0]) ?? 0 })
            },
            totals: Self.totals(type, rows: rows),
            canApprove: sameStep && actions.contains(.approve), canReturn: sameStep && actions.contains(.returnForChanges),
            canReject: sameStep && actions.contains(.reject), canRemove: actions.contains(.removeFromBatch),
            fingerprint: Self.fingerprint(rows), csrfToken: user.csrfToken)
    }

    /// The batch as it was shown: ids with their locks. Acting on a batch that changed meanwhile is refused.
    package static func fingerprint(_ rows: [CaseRow]) -> String {
        rows.map { "\($0.id):\($0.lock)" }.joined(separator: ",")
    }

    /// 件数 and the sum of each amount field (exact decimals, never floating point).
    package static func totals(_ type: CaseType, rows: [CaseRow]) -> [(String, String)] {
        var totals = [("件数", "\(rows.count)")]
        for key in type.batchTotals {
            let label = type.fields.first { $0.key == key }?.label ?? key
            totals.append(("\(label)合计", Money.format(Money.sum(rows.map { $0.data[key] }))))
        }
        return totals
    }

    @Sendable
    package func show(req: Request) async throws -> Response {
        let (type, user, role) = try context(req)
        let (number, rows) = try await members(req, type: type, user: user)
        return try await render(req, model: try await model(req, type: type, user: user, role: role, number: number, rows: rows))
    }

    package func render(_ req: Request, model: BatchPage.Model, status: HTTPResponseStatus = .ok) async throws -> Response {
        let title = "第 \(model.number) 批次"
        return req.render(BatchPage(context: req.pageContext(title, breadcrumb: [Crumb("\(model.type.definition.name)审核", href: "/review/\(model.type.key)"),
                                                                                  Crumb("批次", href: "/review/\(model.type.key)/batches"), Crumb(title)]),
                                    model: model), status: status)
    }

    /// The whole batch: 通过, 退回修改 or 不通过, all or nothing.
    @Sendable
    package func act(req: Request) async throws -> Response {
        let (type, user, role) = try context(req)
        let (number, rows) = try await members(req, type: type, user: user)
        let fields = FormFields(req)
        let path = "/review/\(type.key)/batches/\(number)"
        guard fields.value("fingerprint") == Self.fingerprint(rows) else {
            return req.seeOther(path, flash: Flash(.error, "该批次已被他人处理或有变动，以下是最新情况，请核对后再办理。"))
        }
        let reason = fields.value("reason")
        let action: Action
        switch fields.value("action") {
        case "approve": action = .approve(remark: reason.nilIfEmpty)
        case "return": action = .returnForChanges(reason: reason)
        case "reject": action = .reject(reason: reason)
        default: throw Abort(.badRequest)
        }
        let outcome = try await CaseEngine.actAll(type, rows: rows, action: action, acting: acting(req, user: user, role: role, rows: rows))
        guard case .done(let count) = outcome else { return req.seeOther(path, flash: Flash(.error, Self.message(outcome))) }
        let moved = try await CaseBatches.rows(type, number: number, on: req.db)
        let flash = Flash(.success, "第 \(number) 批次 \(count) 件已办理：\(action.kind.label)。")
        if !moved.isEmpty, moved.allSatisfy({ CaseEngine.canSee(user, row: $0) }) { return req.seeOther(path, flash: flash) }
        return req.seeOther("/review/\(type.key)/batches", flash: flash)
    }

    /// One case out of the batch, with the reason (sent back as the domain decides).
    @Sendable
    package func remove(req: Request) async throws -> Response {
        let (type, user, role) = try context(req)
        let (number, rows) = try await members(req, type: type, user: user)
        let fields = FormFields(req)
        let path = "/review/\(type.key)/batches/\(number)"
        guard let id = Int64(fields.value("id")), let row = rows.first(where: { $0.id == id }) else { throw Abort(.notFound) }
        let outcome = try await CaseEngine.act(type, row: row, action: .removeFromBatch(reason: fields.value("reason").nilIfEmpty),
                                               acting: acting(req, user: user, role: role, rows: [row]))
        switch outcome {
        case .done:
            let left = rows.count - 1
            return req.seeOther(left > 0 ? path : "/review/\(type.key)/batches", flash: Flash(.success, "已将 \(row.applicant_name) 移出第 \(number) 批次。"))
        case .refused(let refusal):
            return req.seeOther(path, flash: Flash(.error, "\(row.applicant_name)：\(refusal.message)"))
        case .conflict:
            return req.seeOther(path, flash: Flash(.error, "\(row.applicant_name) 的申请已被他人处理，请刷新后重试。"))
        }
    }

    /// The 汇总表 on A4, for signing and filing.
    @Sendable
    package func print(req: Request) async throws -> Response {
        let (type, user, role) = try context(req)
        let (number, rows) = try await members(req, type: type, user: user)
        let model = try await model(req, type: type, user: user, role: role, number: number, rows: rows)
        try await Audit.record(.caseBatchPrint, target: .caseType(type), id: Int64(number), changes: [.init("cases", after: String(rows.count))],
                               actor: user, ip: req.clientAddress, now: req.now, keys: req.keys, on: req.db)
        return req.render(BatchSummarySheet(model: model, printedAt: ChinaTime.dateTime(req.now), printedBy: user.displayName))
    }

    /// The batch's cases and totals as .xlsx or CSV (the 汇总表's rows), audited.
    @Sendable
    package func export(req: Request) async throws -> Response {
        let (type, user, role) = try context(req)
        let (number, rows) = try await members(req, type: type, user: user)
        let model = try await model(req, type: type, user: user, role: role, number: number, rows: rows)
        let format = SheetExport.format(req)
        try await req.db.writeTransaction { db in
            try await req.audit(.caseBatchExport, target: .caseType(type), id: number, changes: [.init("cases", after: String(rows.count)), .init("format", after: format.rawValue)], on: db)
        }
        let columns = BatchPage.columns(type).map { XLSXWriter.Column($0.header, width: 16) }
        let lines = model.rows
        let totals = model.totals
        return SheetExport.response(req, filename: "\(type.definition.name)第\(number)批次汇总表", format: format, sheetName: "第\(number)批次", columns: columns) { sink in
            for (index, line) in lines.enumerated() {
                try await sink.emit([.integer(index + 1), .text(line.name)] + line.cells.map { .text($0) }
                                    + line.amounts.map { .text(Money.format($0)) } + [.text(line.status)])
            }
            for (label, value) in totals { try await sink.emit([.text(label), .text(value)]) }
        }
    }
}
