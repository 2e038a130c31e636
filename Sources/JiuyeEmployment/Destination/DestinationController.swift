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
            inForce: row?.inForce.map(DestinationText.display),
            editable: actions.contains(.saveDraft) || actions.contains(.submit),
            canWithdraw: actions.contains(.withdraw),
            canReopen: actions.contains(.reopen),
            canConfirm: actions.contains(.confirm) && state.enteredBy != nil,
            confirmNotice: confirmNotice,
            windowNote: windowNote,
            errors: errors,
            message: message,
            history: history,
            changes: changes,
            files: files,
            caseID: row?.id,
            csrfToken: user.csrfToken)
        return req.render(DestinationPage(context: req.pageContext("毕业去向登记", breadcrumb: [Crumb("毕业去向登记")]), model: model), status: status)
    }

    @Sendable
    package func act(req: Request) async throws -> Response {
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

// MARK: - 本人确认 (seed 004: a record entered on the graduate's behalf is confirmed by the graduate)

extension DestinationController {
    @Sendable
    package func sendConfirmCode(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        let row = try await CaseEngine.load(Self.type, applicant: user.id, period: period, on: req.db)
        guard let phone = try await AccountQueries.phone(userID: user.id, keys: req.keys, on: req.db) else {
            return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, "账号未绑定手机号，请先在账号管理中更换手机号。"), status: .unprocessableEntity)
        }
        let decision = try await CodeStore.issue(purpose: .caseConfirm, target: phone, recipient: user.id, channel: .sms, compose: MessageTexts.caseConfirm, req: req)
        if let refusal = CodeStore.message(for: decision) {
            return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, refusal), status: .tooManyRequests)
        }
        return try await render(req, user: user, row: row, form: nil, errors: [:], message: nil, confirmNotice: "验证码已发送至 \(Masking.phone(phone))，5 分钟内有效。")
    }

    @Sendable
    package func confirm(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let period = try await studentPeriod(req, user: user)
        guard let row = try await CaseEngine.load(Self.type, applicant: user.id, period: period, on: req.db) else { throw Abort(.notFound) }
        let fields = FormFields(req)
        guard let phone = try await AccountQueries.phone(userID: user.id, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        let verdict = try await CodeStore.check(purpose: .caseConfirm, target: phone, typed: fields.value("code"), req: req)
        guard verdict.accepted, verdict.userID == user.id else {
            return try await render(req, user: user, row: row, form: nil, errors: ["code": verdict.message ?? "验证码不正确。"], message: nil,
                                    confirmNotice: nil, status: .unauthorized)
        }
        let action: Action = fields.value("decision") == "dispute" ? .dispute(reason: fields.value("reason")) : .confirm
        switch try await CaseEngine.act(Self.type, row: row, action: action, smsCodeVerified: true, req: req) {
        case .refused(let refusal):
            try await CodeStore.release(verdict, req: req)
            return try await render(req, user: user, row: row, form: nil, errors: [:], message: Flash(.error, refusal.message), status: .unprocessableEntity)
        case .conflict:
            return req.seeOther("/destination", flash: Flash(.error, "该登记已被他人处理，请核对最新内容。"))
        case .done:
            return req.seeOther("/destination", flash: Flash(.success, action.kind == .confirm ? "已确认登记信息无误。" : "已提出异议，学校就业部门会与您联系。"))
        }
    }
}

// MARK: - 代录 (staff enter a registration on the graduate's behalf)

extension DestinationController {
    /// Staff who may enter on behalf (the definition says who) and the graduate they name by 学号, in scope.
    package func enterTarget(_ req: Request, studentNo: String?) async throws -> (CurrentUser, StudentQueries.Row?) {
        let user = try req.requireUser()
        guard let role = user.role, Self.type.definition.entryOnBehalf[role] != nil, role != .employer else { throw Abort(.notFound) }
        guard let number = studentNo?.trimmingCharacters(in: .whitespaces).lowercased(), !number.isEmpty,
              let id = try await req.db.sql.select().column("id").from("users").where("student_no", .equal, SQLBind(number)).first()?
                  .decode(column: "id", as: Int64.self) else { return (user, nil) }
        return (user, try await StudentQueries.find(userID: id, scope: user.scope, on: req.db))
    }

    @Sendable
    package func enterPage(req: Request) async throws -> Response {
        let studentNo = req.query[String.self, at: "student"]
        let (user, student) = try await enterTarget(req, studentNo: studentNo)
        var data: [String: String] = [:]
        var lock: Int64 = -1
        if let student, let row = try await CaseEngine.load(Self.type, applicant: student.user_id, period: String(student.cohort), on: req.db) {
            data = row.data
            lock = row.lock
        }
        let notFound = studentNo != nil && student == nil ? "没有找到该学号的毕业生，或不在您的管理范围内。" : nil
        return req.render(EnterOnBehalfPage(context: req.pageContext("代为录入去向", breadcrumb: [Crumb("毕业去向登记审核", href: "/review/destination"), Crumb("代为录入")]),
                                            model: .init(studentNo: studentNo ?? "", student: student, data: data, lock: lock, errors: [:], message: notFound.map { Flash(.error, $0) },
                                                         role: user.role!, csrfToken: user.csrfToken)))
    }

    @Sendable
    package func enter(req: Request) async throws -> Response {
        let fields = FormFields(req)
        let (user, student) = try await enterTarget(req, studentNo: fields.value("student"))
        guard let student else { throw Abort(.notFound) }
        var data: [String: String] = [:]
        for field in Self.type.fields { data[field.key] = fields.value(field.key) }
        func page(_ errors: [String: String], _ message: Flash, _ status: HTTPResponseStatus) -> Response {
            req.render(EnterOnBehalfPage(context: req.pageContext("代为录入去向", breadcrumb: [Crumb("毕业去向登记审核", href: "/review/destination"), Crumb("代为录入")]),
                                         model: .init(studentNo: fields.value("student"), student: student, data: data, lock: Int64(fields.value("lock")) ?? -1,
                                                      errors: errors, message: message, role: user.role!, csrfToken: user.csrfToken)), status: status)
        }
        let problems = DestinationForm.problems(data)
        if !problems.isEmpty { return page(problems, Flash(.error, "请按提示修改后再提交。"), .unprocessableEntity) }
        let row = try await CaseEngine.create(Self.type, applicant: student.user_id, period: String(student.cohort), req: req)
        if let lock = Int64(fields.value("lock")), lock >= 0, lock != row.lock {
            return page([:], Flash(.error, "该登记已被他人处理或修改过，请重新打开后再录入。"), .conflict)
        }
        switch try await CaseEngine.act(Self.type, row: row, action: .enterOnBehalf(remark: fields.value("remark_staff").nilIfEmpty), data: data, req: req) {
        case .refused(let refusal): return page([:], Flash(.error, refusal.message), .unprocessableEntity)
        case .conflict: return page([:], Flash(.error, "该登记已被他人处理，请重新打开后再录入。"), .conflict)
        case .done(let state):
            let label = Self.type.definition.status.label(for: state, in: Self.type.definition)
            return req.seeOther("/review/destination/\(row.id)", flash: Flash(.success, "已代为录入 \(student.display_name) 的毕业去向，当前状态：\(label)。已通知本人确认。"))
        }
    }
}

package struct DestinationPage: HTML {
    package struct Model: Sendable {
        package var statusLabel: String
        package var state: CaseState
        package var lock: Int64
        package var data: [String: String]
        package var inForce: [String: String]?
        package var editable: Bool
        package var canWithdraw: Bool
        package var canReopen: Bool
        package var canConfirm: Bool
        package var confirmNotice: String?
        package var windowNote: String?
        package var errors: [String: String]
        package var message: Flash?
        package var history: [CaseEngine.HistoryRow]
        package var changes: [CaseEngine.ChangeSet]
        package var files: [Uploads.Row]
        package var caseID: Int64?
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    /// 证明材料 usually handed in for a 毕业去向: 协议书 for 签就业协议, 劳动合同 for 签劳动合同,
    /// a 就业证明 for the other kinds of employment; nil where the graduate should choose.
    package static func evidenceKind(category code: String?) -> UploadKind? {
        switch code {
        case "10": .agreement
        case "11": .labourContract
        case "12", "271", "502", "503", "512", "75": .employmentProof
        default: nil
        }
    }

    package func render(into buffer: inout HTMLBuffer) {
        let shown = DestinationText.display(model.data)
        // Files go with a saved case while it is a draft (暂存 first makes one).
        let category = DestinationForm.category(model.data["category"] ?? "")
        // The material kind offered first follows the chosen 毕业去向; where no kind fits, none is preselected.
        let kind = Self.evidenceKind(category: category?.code).map { "kind=\($0.rawValue)&" } ?? ""
        let addHref = model.editable ? model.caseID.map { "/uploads/new?\(kind)case=destination:\($0)&next=/destination" } : nil
        Layout(context) {
            Card(title: "毕业去向登记") {
                if let message = model.message {
                    Alert(message)
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
                        DestinationFields(data: model.data, errors: model.errors)
                        FormActions {
                            Button("提交", name: "action", value: "submit")
                            Button("暂存", kind: .secondary, name: "action", value: "save")
                        }
                    }
                } else {
                    DescriptionList(CaseDetails.rows(CaseType.destination, shown))
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
            if model.caseID != nil {
                CaseFilesCard(files: model.files, addHref: addHref)
            }
            if model.canConfirm {
                Card(title: "本人确认") {
                    p { "以上去向信息由\(model.state.enteredBy?.label ?? "学校")代为录入。请核对：无误请确认；如有不符，请选择“有异议”并写明情况，学校就业部门会处理。" }
                    if let notice = model.confirmNotice {
                        div(.class("alert alert-success"), .role("status")) { notice }
                    }
                    form(.method("post"), .action("/destination/confirm/send"), .class("resend-form")) {
                        CSRFField(model.csrfToken)
                        Button("获取短信验证码", kind: .secondary)
                    }
                    form(.method("post"), .action("/destination/confirm"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        TextField("短信验证码", name: "code", required: true, error: model.errors["code"], hint: "发送到您绑定手机的 6 位数字",
                                  autocomplete: "one-time-code", inputMode: "numeric", maxLength: 8, id: "confirm-code")
                        RadioGroup("确认结果", name: "decision", options: [SelectOption("confirm", "确认无误"), SelectOption("dispute", "有异议")],
                                   selected: "confirm")
                        TextField("异议说明", name: "reason", hint: "选择“有异议”时必须填写", maxLength: 200, id: "dispute-reason")
                        FormActions { Button("提交确认") }
                    }
                }
            }
            CaseRecords(history: model.history, changes: model.changes)
        }.render(into: &buffer)
    }
}

package struct EnterOnBehalfPage: HTML {
    package struct Model: Sendable {
        package var studentNo: String
        package var student: StudentQueries.Row?
        package var data: [String: String]
        package var lock: Int64
        package var errors: [String: String]
        package var message: Flash?
        package var role: Role
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "代为录入毕业去向") {
                p(.class("muted")) {
                    model.role == .schoolAdmin
                        ? "学校代为录入的去向直接为“审核通过”，并通知毕业生本人确认。"
                        : "辅导员或学院代为录入的去向为“初审通过”，提交学校审核，并通知毕业生本人确认。"
                }
                if let message = model.message {
                    Alert(message)
                }
                form(.method("get"), .action("/destination/enter"), .class("filter-inline")) {
                    TextField("学号", name: "student", value: model.studentNo, required: true, id: "student-lookup")
                    Button("查找", kind: .secondary)
                }
                if let student = model.student {
                    DescriptionList([("姓名", student.display_name), ("学号", student.student_no ?? "—"), ("院系", student.college_name),
                                     ("专业", student.major_name), ("届别", "\(student.cohort)届")])
                    form(.method("post"), .action("/destination/enter"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("student"), .value(student.student_no ?? ""))
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        DestinationFields(data: model.data, errors: model.errors)
                        TextField("录入说明", name: "remark_staff", hint: "如：根据毕业生提交的劳动合同录入", maxLength: 200, id: "remark_staff")
                        FormActions { Button("代为录入") }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// The registration's fields, for the graduate's form and the staff's 代录 alike.
package struct DestinationFields: HTML {
    package let data: [String: String]
    package let errors: [String: String]

    package func render(into buffer: inout HTMLBuffer) {
        let category = DestinationForm.category(data["category"] ?? "")
        Group(
            SelectField("毕业去向", name: "category", options: DestinationForm.categories.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                        selected: data["category"], required: true, error: errors["category"], id: "category"),
            TextField(category?.placeLabel ?? "单位/院校名称", name: "unit_name", value: data["unit_name"] ?? "", error: errors["unit_name"],
                      hint: "就业填写单位全称；升学填写录取院校；待就业可不填", maxLength: 100, id: "unit_name"),
            TextField("单位所在地", name: "unit_location", value: data["unit_location"] ?? "", error: errors["unit_location"],
                      hint: "如：重庆市沙坪坝区", maxLength: 100, id: "unit_location"),
            SelectField("工作职位类别", name: "position", options: DestinationForm.positions.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                        selected: data["position"], error: errors["position"], id: "position"),
            TextAreaField("备注", name: "remark", value: data["remark"] ?? "", error: errors["remark"], id: "remark")
        ).render(into: &buffer)
    }
}
