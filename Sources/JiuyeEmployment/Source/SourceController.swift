import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 生源信息核对, the graduate's side (seed 003 §3.2.2–3.2.5): check the school's record, complete
/// the contact fields, 保存并送审; 撤回 before the college acts; after 学校审核通过 (已锁定),
/// 申请修改 names a field, its new value and the reason, and goes to the school.
package struct SourceController: RouteCollection {
    package static let type = CaseType.studentSource

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("source", use: page)
        routes.post("source", use: act)
        routes.get("source", "enter", use: enterPage)
        routes.post("source", "enter", use: enter)
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await DestinationController().studentPeriod(req, user: user)
        let row = try await CaseEngine.load(Self.type, applicant: user.id, period: period, on: req.db)
        return try await render(req, user: user, row: row, form: nil, errors: [:], message: nil)
    }

    func render(_ req: Request, user: CurrentUser, row: CaseRow?, form: [String: String]?, errors: [String: String], message: Flash?,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let definition = Self.type.definition
        let state = row?.state ?? CaseState()
        let record = try await SourceRecord.load(user: user.id, keys: req.keys, on: req.db)
        var actions: [ActionKind] = [.submit]
        var windowNote: String?
        var history: [CaseEngine.HistoryRow] = []
        var changes: [CaseEngine.ChangeSet] = []
        if let row {
            let context = try await CaseEngine.guardContext(Self.type, row: row, now: req.now, on: req.db)
            actions = permittedActions(state, by: .applicant, in: definition, context: context)
            windowNote = context.windows[.studentSource]?.refusal(for: .studentSource, format: ChinaTime.dateTime)
            history = try await CaseEngine.history(Self.type, id: row.id, on: req.db)
            changes = try await CaseEngine.changes(Self.type, id: row.id, on: req.db)
        } else if let school = try await req.db.sql.select().column("school_id").from("students").where("user_id", .equal, SQLBind(user.id))
                    .first()?.decode(column: "school_id", as: Int64.self), let year = Int(try await DestinationController().studentPeriod(req, user: user)) {
            windowNote = try await TimeWindows.refusal(.studentSource, owner: .init(kind: .school, id: String(school)), year: year, now: req.now, on: req.db)
        }
        // What the form starts from: the case's content, else the school's record.
        var data = form ?? row?.data ?? [:]
        if form == nil, row == nil || data.isEmpty { data = Self.contact(of: record) }
        let names = try await SourcePage.names(req)
        let model = SourcePage.Model(
            statusLabel: definition.status.label(for: state, in: definition),
            confirmationLabel: definition.views.first.map { $0.label(for: state, in: definition) } ?? "",
            state: state,
            lock: row?.lock ?? -1,
            record: SourcePage.recordRows(record, names: names),
            data: data,
            editable: actions.contains(.submit),
            canWithdraw: actions.contains(.withdraw),
            canAmend: actions.contains(.reopen),
            windowNote: windowNote,
            errors: errors,
            message: message,
            history: history,
            changes: changes,
            csrfToken: user.csrfToken,
            access: try await EmploymentForms.rules(EmploymentForms.source, req: req, user: user))
        return req.render(SourcePage(context: req.pageContext("生源信息核对", breadcrumb: [Crumb("生源信息核对")]), model: model), status: status)
    }

    /// The contact fields as the school's record holds them (the form before the first submission).
    static func contact(of record: [GraduateField.Key: String]) -> [String: String] {
        var data: [String: String] = [:]
        for key in SourceContactForm.keys { data[key.rawValue] = record[key] ?? "" }
        return data
    }

    func prefilled(user: Int64, req: Request) async throws -> [String: String] {
        Self.contact(of: try await SourceRecord.load(user: user, keys: req.keys, on: req.db))
    }

    @Sendable
    package func act(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await DestinationController().studentPeriod(req, user: user)
        let fields = FormFields(req)
        let row = try await CaseEngine.create(Self.type, applicant: user.id, period: period, req: req)
        if let lock = Int64(fields.value("lock")), lock >= 0, lock != row.lock {
            return try await render(req, user: user, row: row, form: nil, errors: [:],
                                    message: Flash(.error, "该记录已被他人处理或在其他页面修改过，以下是最新内容，请核对后再操作。"), status: .conflict)
        }
        switch fields.value("action") {
        case "submit":
            var submitted: [String: String] = [:]
            for key in SourceContactForm.keys where fields.has(key.rawValue) { submitted[key.rawValue] = fields.value(key.rawValue) }
            // 字段权限: grey and hidden fields keep what is stored (the school's record before the first submission).
            let stored = row.data.isEmpty ? try await prefilled(user: user.id, req: req) : row.data
            let rules = try await EmploymentForms.rules(EmploymentForms.source, req: req, user: user)
            let data: [String: String]
            switch try await FieldAccessControl.enforce(EmploymentForms.source, rules: rules, submitted: submitted, stored: stored,
                                                        subject: row.student_no ?? "", req: req) {
            case .success(let allowed): data = allowed
            case .failure(let refusal):
                return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, refusal.message), status: .forbidden)
            }
            let problems = SourceContactForm.problems(data)
            if !problems.isEmpty {
                return try await render(req, user: user, row: row, form: data, errors: problems, message: Flash(.error, "请按提示修改后再送审。"),
                                        status: .unprocessableEntity)
            }
            return try await perform(req, user: user, row: row, action: .submit, data: SourceContactForm.normalized(data) ?? data,
                                     done: "送审成功，请等待院系审核。院系审核前可以撤回。")
        case "withdraw":
            return try await perform(req, user: user, row: row, action: .withdraw, data: nil, done: "已撤回，可修改后重新送审。")
        case "amend":
            return try await amend(req, user: user, row: row, fields: fields)
        default:
            throw Abort(.badRequest)
        }
    }

    /// 申请修改 (seed 003 §3.2.5): a new version carrying the field, its new value and the reason,
    /// sent straight to 学校审核. A contact field changes in the content itself (变更明细 shows it);
    /// a field of the school's record is checked as the import checks it and applied on approval.
    func amend(_ req: Request, user: CurrentUser, row: CaseRow, fields: FormFields) async throws -> Response {
        let reason = WorkflowText.trimmed(fields.value("reason"))
        let text = WorkflowText.trimmed(fields.value("amend_value"))
        var errors: [String: String] = [:]
        let key = GraduateField.Key(rawValue: fields.value("amend_field")).flatMap { SourceAmendment.fields.contains($0) ? $0 : nil }
        if key == nil { errors["amend_field"] = "请选择要修改的字段。" }
        if text.isEmpty { errors["amend_value"] = "请填写修改后的内容。" }
        if reason.isEmpty { errors["reason"] = "请填写申请修改原因。" }
        var data = row.inForce ?? row.data
        if let key, !text.isEmpty {
            let lookup = try await GraduateImport.lookup(req.application, on: req.db)
            switch SourceAmendment.check(key, text, lookup: lookup) {
            case .failure(let problem): errors["amend_value"] = problem.message
            case .success(let stored):
                data = SourceAmendment.apply(key, stored: stored, typed: text, to: data)
            }
        }
        guard errors.isEmpty else {
            return try await render(req, user: user, row: row, form: nil, errors: errors, message: Flash(.error, "请按提示填写修改申请。"),
                                    status: .unprocessableEntity)
        }
        let reopened = try await CaseEngine.act(Self.type, row: row, action: .reopen(reason: reason), req: req)
        guard case .done = reopened else { return try await failure(req, user: user, row: row, outcome: reopened) }
        guard let fresh = try await CaseEngine.load(Self.type, id: row.id, on: req.db) else { throw Abort(.notFound) }
        return try await perform(req, user: user, row: fresh, action: .submit, data: data, done: "修改申请已提交，等待学校审核。")
    }

    func perform(_ req: Request, user: CurrentUser, row: CaseRow, action: Action, data: [String: String]?, done: String) async throws -> Response {
        let outcome = try await CaseEngine.act(Self.type, row: row, action: action, data: data, req: req)
        guard case .done = outcome else { return try await failure(req, user: user, row: row, outcome: outcome, form: data) }
        return req.seeOther("/source", flash: Flash(.success, done))
    }

    func failure(_ req: Request, user: CurrentUser, row: CaseRow, outcome: CaseOutcome, form: [String: String]? = nil) async throws -> Response {
        let (flash, status) = outcome.failure("生源信息")!
        if case .conflict = outcome {
            let fresh = try await CaseEngine.load(Self.type, id: row.id, on: req.db)
            return try await render(req, user: user, row: fresh ?? row, form: nil, errors: [:], message: flash, status: status)
        }
        return try await render(req, user: user, row: row, form: form, errors: [:], message: flash, status: status)
    }
}
