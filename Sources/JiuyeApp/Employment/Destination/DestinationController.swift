import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 毕业去向登记, the graduate's side: fill in, 暂存, 提交, 撤回 before the first review, and after
/// approval 申请变更 (a new version reviewed again while the approved one stays in force).
struct DestinationController: RouteCollection {
    static let type = CaseType.destination

    func boot(routes: any RoutesBuilder) throws {
        routes.get("destination", use: page)
        routes.post("destination", use: act)
    }

    func studentPeriod(_ req: Request, user: CurrentUser) async throws -> String {
        guard user.isStudent, let cohort = try await req.db.sql.select().column("cohort").from("students")
            .where("user_id", .equal, SQLBind(user.id)).first()?.decode(column: "cohort", as: Int.self) else { throw Abort(.notFound) }
        return String(cohort)
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        let row = try await CaseEngine.load(Self.type, applicant: user.id, period: period, on: req.db)
        return try await render(req, user: user, row: row, form: nil, errors: [:], message: nil)
    }

    func render(_ req: Request, user: CurrentUser, row: CaseRow?, form: [String: String]?, errors: [String: String], message: Flash?,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let definition = Self.type.definition
        let state = row?.state ?? CaseState()
        var actions: [ActionKind] = [.saveDraft, .submit]
        var windowNote: String?
        var history: [CaseEngine.HistoryRow] = []
        var changes: [CaseEngine.ChangeSet] = []
        if let row {
            let context = try await CaseEngine.guardContext(Self.type, row: row, now: req.now, on: req.db)
            actions = permittedActions(state, by: .applicant, in: definition, context: context)
            windowNote = try await TimeWindows.refusal(.destination, owner: .init(kind: .school, id: String(row.school_id)), year: row.year, now: req.now, on: req.db)
            history = try await CaseEngine.history(Self.type, id: row.id, on: req.db)
            changes = try await CaseEngine.changes(Self.type, id: row.id, on: req.db)
        }
        let model = DestinationPage.Model(
            statusLabel: definition.status.label(for: state, in: definition),
            state: state,
            lock: row?.lock ?? -1,
            data: form ?? row?.data ?? [:],
            inForce: row?.inForce.map(DestinationText.display),
            editable: actions.contains(.saveDraft) || actions.contains(.submit),
            canWithdraw: actions.contains(.withdraw),
            canReopen: actions.contains(.reopen),
            windowNote: windowNote,
            errors: errors,
            message: message,
            history: history,
            changes: changes,
            csrfToken: user.csrfToken)
        return req.render(DestinationPage(context: req.pageContext("毕业去向登记", breadcrumb: [Crumb("毕业去向登记")]), model: model), status: status)
    }

    @Sendable
    func act(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        let fields = FormFields(req)
        var data: [String: String] = [:]
        for field in Self.type.fields { data[field.key] = fields.value(field.key) }
        let row = try await CaseEngine.create(Self.type, applicant: user.id, period: period, req: req)
        // The page the student acted on must be the current one.
        if let lock = Int64(fields.value("lock")), lock >= 0, lock != row.lock {
            return try await render(req, user: user, row: row, form: nil, errors: [:],
                                    message: Flash(.error, "该登记已被他人处理或在其他页面修改过，以下是最新内容，请核对后再操作。"), status: .conflict)
        }
        let action: Action
        switch fields.value("action") {
        case "save": action = .saveDraft
        case "submit":
            let problems = DestinationForm.problems(data)
            if !problems.isEmpty {
                return try await render(req, user: user, row: row, form: data, errors: problems, message: Flash(.error, "请按提示修改后再提交。"), status: .unprocessableEntity)
            }
            action = .submit
        case "withdraw": action = .withdraw
        case "reopen": action = .reopen(reason: fields.value("reason"))
        default: throw Abort(.badRequest)
        }
        let content: [String: String]? = action.kind == .saveDraft || action.kind == .submit ? data : nil
        switch try await CaseEngine.act(Self.type, row: row, action: action, data: content, req: req) {
        case .refused(let refusal):
            return try await render(req, user: user, row: row, form: content, errors: [:], message: Flash(.error, refusal.message), status: .unprocessableEntity)
        case .conflict:
            let fresh = try await CaseEngine.load(Self.type, id: row.id, on: req.db)
            return try await render(req, user: user, row: fresh, form: nil, errors: [:], message: Flash(.error, "该登记已被他人处理，以下是最新状态。"), status: .conflict)
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

struct DestinationPage: HTML {
    struct Model: Sendable {
        var statusLabel: String
        var state: CaseState
        var lock: Int64
        var data: [String: String]
        var inForce: [String: String]?
        var editable: Bool
        var canWithdraw: Bool
        var canReopen: Bool
        var windowNote: String?
        var errors: [String: String]
        var message: Flash?
        var history: [CaseEngine.HistoryRow]
        var changes: [CaseEngine.ChangeSet]
        var csrfToken: String
    }

    let context: PageContext
    let model: Model

    func render(into buffer: inout HTMLBuffer) {
        let shown = DestinationText.display(model.data)
        let category = DestinationForm.category(model.data["category"] ?? "")
        Layout(context) {
            Card(title: "毕业去向登记") {
                if let message = model.message {
                    div(.class(message.kind == .error ? "alert alert-error" : "alert alert-success"), .role("alert")) { message.message }
                }
                div(.class("case-status")) {
                    span(.class("muted")) { "当前状态" }
                    CaseStatusBadge(label: model.statusLabel, state: model.state)
                    span(.class("muted")) { "第 \(model.state.version) 版" }
                    if ProcessDefinitions.destination.personalConfirmation && model.state.enteredBy != nil {
                        span(.class("muted")) { "本人确认：\(model.state.confirmation.label)" }
                    }
                }
                if let note = model.windowNote, model.editable {
                    div(.class("alert alert-warning"), .role("status")) { note }
                }
                if model.editable {
                    form(.method("post"), .action("/destination"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        SelectField("毕业去向", name: "category", options: DestinationForm.categories.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                                    selected: model.data["category"], required: true, error: model.errors["category"], id: "category")
                        TextField(category?.placeLabel ?? "单位/院校名称", name: "unit_name", value: model.data["unit_name"] ?? "", error: model.errors["unit_name"],
                                  hint: "就业填写单位全称；升学填写录取院校；待就业可不填", maxLength: 100, id: "unit_name")
                        TextField("单位所在地", name: "unit_location", value: model.data["unit_location"] ?? "", error: model.errors["unit_location"],
                                  hint: "如：重庆市沙坪坝区", maxLength: 100, id: "unit_location")
                        SelectField("工作职位类别", name: "position", options: DestinationForm.positions.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                                    selected: model.data["position"], error: model.errors["position"], id: "position")
                        TextAreaField("备注", name: "remark", value: model.data["remark"] ?? "", error: model.errors["remark"], id: "remark")
                        FormActions {
                            Button("提交", name: "action", value: "submit")
                            Button("暂存", kind: .secondary, name: "action", value: "save")
                        }
                    }
                } else {
                    DescriptionList(ProcessDefinitions.destination.id == "destination" ? CaseDetails.rows(CaseType.destination, shown) : [])
                    if model.canWithdraw {
                        form(.method("post"), .action("/destination"), .class("form-actions"), .data("data-confirm", "撤回后可修改重新提交，确定撤回吗？")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                            Button("撤回", kind: .secondary, name: "action", value: "withdraw")
                        }
                    }
                    if model.canReopen {
                        form(.method("post"), .action("/destination"), .class("form-stack reopen-form")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                            TextField("变更原因", name: "reason", required: true, hint: "如：解约后重新就业、信息有误需更正（8 月 31 日前可更新去向）", maxLength: 200, id: "reason")
                            FormActions { Button("申请变更", kind: .secondary, name: "action", value: "reopen") }
                        }
                    }
                }
                if let inForce = model.inForce, model.state.status != .approved {
                    h3 { "当前有效的登记（第 \(model.state.inForceVersion ?? 1) 版）" }
                    DescriptionList(CaseDetails.rows(CaseType.destination, inForce))
                }
            }
            CaseRecords(history: model.history, changes: model.changes)
        }.render(into: &buffer)
    }
}
