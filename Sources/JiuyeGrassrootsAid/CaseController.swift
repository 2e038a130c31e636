import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// One case's wizard (seed 000 §6–§11): 承诺书 (同意) → 信息填报 (下一步) → 下载模版 (the
/// generated 申请表 / 确认表, one A4 page with serial and QR code, issued once per version) →
/// 上传证明材料 (the list per case and content, review D11) → 预览提交 (提交). After the submit the
/// entry shows 待审核 and the button 已申请 / 已填报, greyed; 撤回 until the college acts returns
/// the same case to draft (review D17).
package struct CaseController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let stage = routes.grouped("grassroots", "case", ":stage")
        stage.get(use: page)
        stage.post("pledge", use: pledge)
        stage.post("form", use: saveForm)
        stage.get("template", use: template)
        stage.post("template", "issue", use: issue)
        stage.post("submit", use: submit)
        stage.post("withdraw", use: withdraw)
    }

    enum Step: String, CaseIterable {
        case pledge, form, template, materials, preview

        var label: String {
            switch self {
            case .pledge: "承诺书"
            case .form: "信息填报"
            case .template: "下载模版"
            case .materials: "上传证明材料"
            case .preview: "预览提交"
            }
        }
    }

    struct Context {
        let user: CurrentUser
        let person: GrassrootsStore.Person
        let stage: GrassrootsStage
        let type: CaseType
        let period: String
        let row: CaseRow?
    }

    func context(_ req: Request) async throws -> Context {
        let (user, person) = try await ApplicantController.applicant(req)
        guard let stage = req.parameters.get("stage").flatMap(GrassrootsStage.init(rawValue:)) else { throw Abort(.notFound) }
        let type = GrassrootsCaseTypes.type(stage)
        let period = String(GrassrootsYearRules.year(of: stage, applicationYear: person.applicationYear))
        let row = try await CaseEngine.load(type, applicant: person.userID, period: period, on: req.db)
        return Context(user: user, person: person, stage: stage, type: type, period: period, row: row)
    }

    static func path(_ stage: GrassrootsStage, _ step: Step? = nil) -> String {
        "/grassroots/case/\(stage.rawValue)" + (step.map { "?step=\($0.rawValue)" } ?? "")
    }

    static func isEditable(_ row: CaseRow?) -> Bool {
        guard let row else { return true }
        return row.status_key == "draft" || row.status_key == "returned"
    }

    static func form(_ data: [String: String]) -> [GrassrootsForm.Field: String] {
        var values: [GrassrootsForm.Field: String] = [:]
        for (key, value) in data { if let field = GrassrootsForm.Field(rawValue: key) { values[field] = value } }
        return values
    }

    // MARK: - Pages

    @Sendable
    func page(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard let row = ctx.row, row.data["pledged"] == "1" else {
            let availability = try await GrassrootsStore.availability(ctx.stage, person: ctx.person, now: req.now, on: req.db)
            guard availability.isOpen else {
                if case .closed(let why) = availability { return req.seeOther("/grassroots", flash: Flash(.error, why)) }
                return req.seeOther("/grassroots/records")
            }
            return try await render(req, ctx, step: .pledge)
        }
        if !Self.isEditable(row) { return try await render(req, ctx, step: .preview) }
        let step = QueryString.parse(req.url.query)["step"].flatMap(Step.init(rawValue:)) ?? .form
        return try await render(req, ctx, step: step == .pledge ? .form : step)
    }

    func render(_ req: Request, _ ctx: Context, step: Step, values: [GrassrootsForm.Field: String]? = nil, errors: [String: String] = [:],
                message: Flash? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let data = ctx.row?.data ?? [:]
        var form = values ?? Self.form(data)
        if values == nil, form[.unitName] == nil, ctx.stage != .apply {
            // A 复核 or a confirmation starts from what the student filed before (the latest case with content).
            form = try await previousContent(ctx, on: req.db)
        }
        let files = try await ctx.row.asyncMap { try await CaseAttachments.files(ctx.type, id: $0.id, on: req.db) } ?? []
        let materials = GrassrootsMaterials.required(stage: ctx.stage, form: form)
        let choices = try await GrassrootsChoices.load(req, county: form[.workCounty])
        let history = try await ctx.row.asyncMap { try await CaseEngine.history(ctx.type, id: $0.id, on: req.db) } ?? []
        let statusLabel = ctx.row.map { ctx.type.definition.status.label(for: $0.state, in: ctx.type.definition) } ?? ctx.type.definition.status.draft
        let model = GrassrootsPages.Wizard.Model(
            stage: ctx.stage, step: step, person: ctx.person, row: ctx.row, statusLabel: statusLabel, editable: Self.isEditable(ctx.row),
            values: form, errors: errors, message: message, files: files, materials: materials, choices: choices, history: history,
            supplementDefault: ctx.person.basis == .supplement, csrfToken: ctx.user.csrfToken)
        return req.render(GrassrootsPages.Wizard(context: req.pageContext(ctx.stage.label, breadcrumb: [Crumb("基层就业资助申请", href: "/grassroots"), Crumb(ctx.stage.label)],
                                                                          current: "/grassroots"), model: model), status: status)
    }

    func previousContent(_ ctx: Context, on db: any Database) async throws -> [GrassrootsForm.Field: String] {
        for stage in GrassrootsCaseTypes.stages.reversed() where stage != ctx.stage {
            let type = GrassrootsCaseTypes.type(stage)
            let found = try await db.sql.raw("""
                SELECT data_json, in_force_json FROM \(ident: type.table) WHERE applicant_id = \(bind: ctx.person.userID) ORDER BY id DESC LIMIT 1
                """).first()
            guard let found else { continue }
            let text = try found.decode(column: "in_force_json", as: String?.self) ?? found.decode(column: "data_json", as: String.self)
            let data = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
            let allowed = Set(GrassrootsForm.fields(for: ctx.stage))
            let values = Self.form(data).filter { allowed.contains($0.key) && $0.key != .statement }
            if !values.isEmpty { return values }
        }
        return [:]
    }

    // MARK: - Steps

    /// 同意 the 承诺书: opens the case (one per stage and year) and records 补录 (review D3).
    @Sendable
    func pledge(req: Request) async throws -> Response {
        let ctx = try await context(req)
        let fields = FormFields(req)
        guard fields.value("agree") == "1" else {
            return try await render(req, ctx, step: .pledge, errors: ["agree": "请阅读承诺书并勾选“本人已阅读并承诺”后再点击同意。"], status: .unprocessableEntity)
        }
        if ctx.row == nil || ctx.row?.data["pledged"] != "1" {
            guard try await GrassrootsStore.availability(ctx.stage, person: ctx.person, now: req.now, on: req.db).isOpen else {
                return req.seeOther("/grassroots", flash: Flash(.error, "\(ctx.stage.label)现在不能填报。"))
            }
        }
        let row = try await CaseEngine.create(ctx.type, applicant: ctx.person.userID, period: ctx.period, scope: ctx.person.scope, req: req)
        guard Self.isEditable(row) else { return req.seeOther(Self.path(ctx.stage)) }
        let supplement = fields.value("supplement") == "1"
        try await req.db.sql.update(ctx.type.table).set("supplement", to: SQLBind(supplement)).where("id", .equal, SQLBind(row.id)).run()
        var data = row.data
        data["pledged"] = "1"
        data["supplement"] = supplement ? "1" : "0"
        let outcome = try await CaseEngine.act(ctx.type, row: row, action: .saveDraft, data: data, req: req)
        if let failure = outcome.failure(ctx.stage.label) { return req.seeOther("/grassroots", flash: failure.flash) }
        return req.seeOther(Self.path(ctx.stage, .form))
    }

    /// 下一步 (the form checked in full) or 暂存 (formats only).
    @Sendable
    func saveForm(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard let row = ctx.row, row.data["pledged"] == "1" else { return req.seeOther(Self.path(ctx.stage)) }
        guard Self.isEditable(row) else { return req.seeOther(Self.path(ctx.stage), flash: Flash(.error, "已提交的申请不能修改；学院审核前可在申请记录中撤回后修改。")) }
        let fields = FormFields(req)
        var values: [GrassrootsForm.Field: String] = [:]
        for field in GrassrootsForm.fields(for: ctx.stage) {
            switch field {
            case .specialUnitTypes, .hardshipIndustries:
                values[field] = GrassrootsForm.join(fields.values(field.rawValue))
            case .industry1, .industry2:
                // 行业类型 is one list grouped by the first level: "一级|二级".
                let parts = fields.value("industry").split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                values[field] = field == .industry1 ? (parts.first ?? "") : (parts.count > 1 ? parts[1] : "")
            default:
                values[field] = fields.value(field.rawValue)
            }
        }
        // 区县 typed by name or code, resolved to its code; the 街道/乡镇 must be one of that county's.
        var placeErrors: [String: String] = [:]
        if let typed = values[.workCounty], !typed.isEmpty {
            switch try await GrassrootsChoices.resolveCounty(typed, req: req) {
            case .success(let code): values[.workCounty] = code
            case .failure(let problem): placeErrors[problem.field] = problem.message
            }
        }
        let place = try await GrassrootsChoices.place(values[.workTownship], county: values[.workCounty], on: req.db)
        if let township = values[.workTownship], !township.isEmpty, place.townshipIsCountySeat == nil, placeErrors.isEmpty {
            placeErrors[GrassrootsForm.Field.workTownship.rawValue] = "请在列表中选择该区县的街道/乡镇；列表中没有时，请选择“系统中未找到对应地址”并手动输入地址。"
        }
        let mode: GrassrootsForm.Stage = fields.value("action") == "save" ? .draft : .submission
        let checked = GrassrootsForm.check(values, stage: ctx.stage, place: place, mode: mode)
        if case .failure(let problems) = checked {
            var errors: [String: String] = [:]
            for (field, message) in problems.messages { errors[field.rawValue] = message }
            errors.merge(placeErrors) { _, place in place }
            return try await render(req, ctx, step: .form, values: values, errors: errors, message: Flash(.error, "请按提示修改后再继续。"), status: .unprocessableEntity)
        }
        if !placeErrors.isEmpty {
            return try await render(req, ctx, step: .form, values: values, errors: placeErrors, message: Flash(.error, "请按提示修改后再继续。"), status: .unprocessableEntity)
        }
        switch checked {
        case .failure: throw Abort(.internalServerError)
        case .success(let checked):
            var data: [String: String] = ["pledged": "1", "supplement": row.data["supplement"] ?? "0"]
            for (field, value) in checked where !value.isEmpty { data[field.rawValue] = value }
            if let seat = place.townshipIsCountySeat { data[GrassrootsStore.countySeatKey] = seat ? "1" : "0" }
            // The places' names beside their codes, for the lists and the reviewer's page.
            let names = try await GrassrootsChoices.names(county: data[GrassrootsForm.Field.workCounty.rawValue],
                                                          township: data[GrassrootsForm.Field.workTownship.rawValue], req: req)
            if let county = names.county { data[GrassrootsStore.countyNameKey] = county }
            if let township = names.township { data[GrassrootsStore.townshipNameKey] = township }
            let outcome = try await CaseEngine.act(ctx.type, row: row, action: .saveDraft, data: data, req: req)
            if let failure = outcome.failure(ctx.stage.label) { return try await render(req, ctx, step: .form, values: values, message: failure.flash, status: failure.status) }
            return mode == .draft ? req.seeOther(Self.path(ctx.stage, .form), flash: Flash(.success, "已暂存。")) : req.seeOther(Self.path(ctx.stage, .template))
        }
    }

    /// 提交: the form complete and every material of the list uploaded; then the engine's guards
    /// (the window, the year rule).
    @Sendable
    func submit(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard let row = ctx.row, Self.isEditable(row) else { return req.seeOther(Self.path(ctx.stage)) }
        let form = Self.form(row.data)
        let uploaded = Set(try await CaseAttachments.files(ctx.type, id: row.id, on: req.db).map(\.kind))
        let missing = GrassrootsMaterials.missing(stage: ctx.stage, form: form, uploaded: uploaded)
        guard missing.isEmpty else {
            return try await render(req, ctx, step: .materials, message: Flash(.error, "请先上传：\(missing.map(\.label).joined(separator: "、"))。"), status: .unprocessableEntity)
        }
        let outcome = try await CaseEngine.act(ctx.type, row: row, action: .submit, data: row.data, req: req)
        if let failure = outcome.failure(ctx.stage.label) {
            let fresh = try await CaseEngine.load(ctx.type, id: row.id, on: req.db)
            return try await render(req, Context(user: ctx.user, person: ctx.person, stage: ctx.stage, type: ctx.type, period: ctx.period, row: fresh),
                                    step: .preview, message: failure.flash, status: failure.status)
        }
        return req.seeOther("/grassroots", flash: Flash(.success, "\(ctx.stage.label)已提交，状态为待审核。学院审核前可在申请记录中撤回。"))
    }

    @Sendable
    func withdraw(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard let row = ctx.row else { throw Abort(.notFound) }
        let outcome = try await CaseEngine.act(ctx.type, row: row, action: .withdraw, req: req)
        if let failure = outcome.failure(ctx.stage.label) { return req.seeOther("/grassroots/records", flash: failure.flash) }
        return req.seeOther(Self.path(ctx.stage, .form), flash: Flash(.success, "已撤回，可以修改后重新提交。"))
    }

    // MARK: - 下载模版: the filled 申请表 / 确认表

    static func documentKind(_ stage: GrassrootsStage) -> String { "grassroots-\(stage.rawValue)-form" }
    static func documentTitle(_ stage: GrassrootsStage) -> String {
        stage.isConfirmation ? "中央高校基层就业\(stage.base.label)表" : "中央高校毕业生基层就业学费补偿国家助学贷款代偿申请表"
    }
    static let documentTemplate = 1

    static func printed(_ ctx: Context, form: [GrassrootsForm.Field: String], names: GrassrootsChoices.Names) -> [(String, String)] {
        var lines: [(String, String)] = [
            ("姓名", ctx.person.name), ("学校", ctx.person.schoolName), ("院系", ctx.person.collegeName), ("学历", ctx.person.level.rawValue),
            ("学号", ctx.person.studentNo ?? "—"), ("毕业年份", "\(ctx.person.graduationYear)年"), ("填报事项", ctx.stage.label),
        ]
        for field in GrassrootsForm.fields(for: ctx.stage) {
            guard let value = form[field], !value.isEmpty else { continue }
            switch field {
            case .workCounty: lines.append((field.label, names.county ?? value))
            case .workTownship: lines.append((field.label, names.township ?? value))
            default: lines.append((field.label, value))
            }
        }
        return lines
    }

    func documentContent(_ req: Request, _ ctx: Context) async throws -> (lines: [(String, String)], hash: String, subject: String)? {
        guard let row = ctx.row else { return nil }
        let form = Self.form(row.data)
        guard case .success = GrassrootsForm.check(form, stage: ctx.stage, place: .init(townshipIsCountySeat: row.data[GrassrootsStore.countySeatKey].map { $0 == "1" }),
                                                   mode: .submission) else { return nil }
        let names = try await GrassrootsChoices.names(county: form[.workCounty], township: form[.workTownship], req: req)
        let lines = Self.printed(ctx, form: form, names: names)
        let hash = Documents.contentHash(kind: Self.documentKind(ctx.stage), template: Self.documentTemplate, title: Self.documentTitle(ctx.stage), fields: lines, keys: req.keys)
        return (lines, hash, "\(ctx.type.key):\(row.id)")
    }

    @Sendable
    func template(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard let content = try await documentContent(req, ctx) else {
            return req.seeOther(Self.path(ctx.stage, .form), flash: Flash(.error, "请先完整填写信息，再下载模版。"))
        }
        if let current = try await Documents.current(kind: Self.documentKind(ctx.stage), subjectKey: content.subject, keys: req.keys, on: req.db),
           let token = current.token, current.contentHash == content.hash {
            return req.render(GrassrootsPages.Printed(title: Self.documentTitle(ctx.stage), stage: ctx.stage, lines: content.lines,
                                                      verification: .init(serial: current.serial, url: Documents.verificationURL(req, token: token)),
                                                      date: ChinaTime.date(current.createdAt), backHref: Self.path(ctx.stage, .template)))
        }
        return try await render(req, ctx, step: .template)
    }

    /// 生成: the explicit write that gives this version of the content its serial and QR code.
    @Sendable
    func issue(req: Request) async throws -> Response {
        let ctx = try await context(req)
        guard let content = try await documentContent(req, ctx) else { return req.seeOther(Self.path(ctx.stage, .form)) }
        let summary = [("姓名", Masking.name(ctx.person.name)), ("学校", ctx.person.schoolName), ("填报事项", ctx.stage.label), ("年度", "\(ctx.period)年")]
        if try await Documents.current(kind: Self.documentKind(ctx.stage), subjectKey: content.subject, keys: req.keys, on: req.db)?.contentHash != content.hash {
            _ = try await Documents.issue(kind: Self.documentKind(ctx.stage), title: Self.documentTitle(ctx.stage), subjectID: ctx.person.userID,
                                          subjectKey: content.subject, summary: summary, contentHash: content.hash, by: ctx.user, ip: req.clientAddress,
                                          now: req.now, keys: req.keys, on: req.db)
        }
        return req.seeOther("/grassroots/case/\(ctx.stage.rawValue)/template")
    }
}
