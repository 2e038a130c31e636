import JiuyePlatform
import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 毕业去向登记, the graduate's side: fill in, 暂存, 提交, 撤回 before the first review, and after
/// approval 申请变更 (a new version reviewed again while the approved one stays in force).
package struct DestinationController: RouteCollection {
    package static let type = CaseType.destination

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("destination", use: page)
        routes.post("destination", use: act)
        routes.post("destination", "confirm", "send", use: sendConfirmCode)
        routes.post("destination", "confirm", use: confirm)
        routes.post("destination", "paper", ":id", use: DestinationPaper.record)
        routes.get("destination", "enter", use: enterPage)
        routes.post("destination", "enter", use: enter)
    }

    package func studentPeriod(_ req: Request, user: CurrentUser) async throws -> String {
        guard user.isStudent, let cohort = try await req.db.sql.select().column("cohort").from("students")
            .where("user_id", .equal, SQLBind(user.id)).first()?.decode(column: "cohort", as: Int.self) else { throw Abort(.notFound) }
        return String(cohort)
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        let row = try await CaseEngine.load(Self.type, applicant: user.id, period: period, on: req.db)
        return try await render(req, user: user, row: row, form: nil, errors: [:], message: nil)
    }

    package func render(_ req: Request, user: CurrentUser, row: CaseRow?, form: [String: String]?, errors: [String: String], message: Flash?,
                confirmNotice: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let definition = Self.type.definition
        let state = row?.state ?? CaseState()
        var actions: [ActionKind] = [.saveDraft, .submit]
        var windowNote: String?
        var history: [CaseEngine.HistoryRow] = []
        var changes: [CaseEngine.ChangeSet] = []
        var files: [Uploads.Row] = []
        if let row {
            files = try await CaseAttachments.files(Self.type, id: row.id, on: req.db)
            let context = try await CaseEngine.guardContext(Self.type, row: row, now: req.now, on: req.db)
            actions = permittedActions(state, by: .applicant, in: definition, context: context)
            windowNote = context.windows[.destination]?.refusal(for: .destination, format: ChinaTime.dateTime)
            history = try await CaseEngine.history(Self.type, id: row.id, on: req.db)
            changes = try await CaseEngine.changes(Self.type, id: row.id, on: req.db)
        }
        let model = DestinationPage.Model(
            statusLabel: definition.status.label(for: state, in: definition),
            state: state,
            lock: row?.lock ?? -1,
            data: form ?? row?.data ?? [:],
            inForce: row?.inForce,
            editable: actions.contains(.saveDraft) || actions.contains(.submit),
            canWithdraw: actions.contains(.withdraw),
            canReopen: actions.contains(.reopen),
            canConfirm: actions.contains(.confirm) && state.enteredBy != nil,
            // Any graduate may object to the registration on record (C5): it goes to the school's queue.
            canDispute: actions.contains(.dispute) && state.confirmation != .disputed,
            confirmNotice: confirmNotice,
            windowNote: windowNote,
            errors: errors,
            message: message,
            history: history,
            changes: changes,
            files: files,
            caseID: row?.id,
            csrfToken: user.csrfToken,
            access: try await EmploymentForms.rules(EmploymentForms.destination, req: req, user: user),
            choices: try await DestinationChoices.load(req, data: form ?? row?.data ?? [:]),
            versions: DestinationVersions.approved(history, approvedLabel: definition.status.approved))
        return req.render(DestinationPage(context: req.pageContext("毕业去向登记", breadcrumb: [Crumb("毕业去向登记")]), model: model), status: status)
    }

    @Sendable
    package func act(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        let fields = FormFields(req)
        var data: [String: String] = [:]
        for field in Self.type.fields where fields.has(field.key) { data[field.key] = fields.value(field.key) }
        let row = try await CaseEngine.create(Self.type, applicant: user.id, period: period, req: req)
        // The page the student acted on must be the current one.
        if let lock = Int64(fields.value("lock")), lock >= 0, lock != row.lock {
            return try await render(req, user: user, row: row, form: nil, errors: [:],
                                    message: Flash(.error, "该登记已被他人处理或在其他页面修改过，以下是最新内容，请核对后再操作。"), status: .conflict)
        }
        if ["save", "submit"].contains(fields.value("action")) {
            // 字段权限: grey and hidden fields keep what is stored.
            let rules = try await EmploymentForms.rules(EmploymentForms.destination, req: req, user: user)
            switch try await FieldAccessControl.enforce(EmploymentForms.destination, rules: rules, submitted: data, stored: row.data,
                                                        subject: row.student_no ?? "", req: req) {
            case .success(let allowed): data = allowed
            case .failure(let refusal):
                return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, refusal.message), status: .forbidden)
            }
        }
        let action: Action
        switch fields.value("action") {
        case "save":
            // A draft keeps what was typed; a place that names one county is kept as its code.
            _ = DestinationReferences.resolveLocation(&data, names: try await DestinationReferences.regionNames(req.application, on: req.db))
            action = .saveDraft
        case "submit":
            // The full check with the graduate's reference data (最低工资标准, 离校日期, code tables).
            switch try await DestinationReferences.check(data, graduate: user.id, req: req) {
            case .failure(let problems):
                return try await render(req, user: user, row: row, form: data, errors: problems.byField, message: Flash(.error, "请按提示修改后再提交。"),
                                        status: .unprocessableEntity)
            case .success(let checked): data = checked
            }
            action = .submit
        case "withdraw": action = .withdraw
        case "reopen":
            // 8 月 31 日 (configurable): after it a change is refused, or reviewed by the school as any version is.
            let (deadline, policy) = DestinationVersions.deadline()
            if let year = Int(period), let today = CivilDate.parse(ChinaTime.date(req.now)),
               case .refused(let message) = DestinationChangeRule.decide(graduationYear: year, today: today, deadline: deadline, policy: policy) {
                return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, message), status: .unprocessableEntity)
            }
            action = .reopen(reason: fields.value("reason"))
        default: throw Abort(.badRequest)
        }
        let content: [String: String]? = action.kind == .saveDraft || action.kind == .submit ? data : nil
        let outcome = try await CaseEngine.act(Self.type, row: row, action: action, data: content, req: req)
        switch outcome {
        case .refused:
            // What was typed stays on the page with the refusal.
            let (flash, status) = outcome.failure("登记")!
            return try await render(req, user: user, row: row, form: content, errors: [:], message: flash, status: status)
        case .conflict:
            let fresh = try await CaseEngine.load(Self.type, id: row.id, on: req.db)
            return try await render(req, user: user, row: fresh, form: nil, errors: [:], message: outcome.failure("登记")!.flash, status: .conflict)
        case .done:
            let text: String
            switch action.kind {
            case .saveDraft: text = "已暂存，提交前可随时修改。"
            case .submit: text = "已提交，等待辅导员或学院初审。审核前可以撤回。"
            case .withdraw: text = "已撤回，可修改后重新提交。"
            default: text = "已申请变更，请修改去向信息后提交。原登记在新版本审核通过前继续有效。"
            }
            return req.seeOther("/destination", flash: Flash(.success, text))
        }
    }
}
