import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 补助申请 and 补贴申报管理 (seed 002): the insurance check before the form; the form with the
/// derived months and amount and the bank account read from the social-security card; 暂存 /
/// 提交申报 with the five checks; 申报信息 with 审核状态, 申领类型, 拨付状态 and the flow; 修改,
/// 删除 and 撤回; 拨付确认 and 未到账.
package struct ApplicationController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("subsidy", "apply", use: form)
        routes.post("subsidy", "apply", use: save)
        routes.get("subsidy", "applications", use: list)
        routes.get("subsidy", "applications", ":id", use: detail)
        routes.get("subsidy", "applications", ":id", "print", use: printPage)
        routes.post("subsidy", "applications", ":id", "print", use: issue)
        routes.get("subsidy", "applications", ":id", "print.pdf", use: printPDF)
        routes.post("subsidy", "applications", ":id", ":action", use: act)
    }

    static let type = SubsidyCase.type
    typealias F = SubsidyCase.Field

    func today(_ now: Int64) -> YearMonth {
        let fields = ChinaTime.fields(now)
        return YearMonth(year: fields.year, month: fields.month)!
    }

    /// The person may apply: registration approved and the insurance check passed.
    func gate(_ req: Request, _ person: SubsidyStore.Person) async throws -> (SubsidyRules.InsuranceRecord?, String?) {
        guard person.state == .approved else { return (nil, "个人注册通过单位审核后才能申报补助。") }
        let record = try await SubsidyStore.insurance(idHash: person.idHash, keys: req.keys, on: req.db)
        let parameters = try await SubsidyParameterStore.load(on: req.db)
        return (record, SubsidyRules.insuranceRefusal(record, education: person.education, today: today(req.now), thresholds: parameters.thresholds))
    }

    /// The units the person may file under: master's and doctoral graduates their current unit
    /// only; bachelors any unit of their work experience (seed 002 2.1, 2.2).
    func filingChoices(_ person: SubsidyStore.Person, work: [SubsidyStore.Work]) -> [SubsidyStore.Work] {
        person.education == .bachelor ? work : work.filter(\.isCurrent)
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        let (user, person) = try await PersonController.applicant(req)
        let (record, refusal) = try await gate(req, person)
        if let refusal {
            return req.render(SubsidyPages.Message(context: req.pageContext("补助申请", breadcrumb: [Crumb("补助申请")], current: "/subsidy/apply"),
                                                   title: "不能申报", text: refusal))
        }
        let id = RequestNumber.id(QueryString.parse(req.url.query)["id"])
        let row = try await id.asyncMap { try await CaseEngine.load(Self.type, id: $0, on: req.db) } ?? nil
        if let row, row.applicant_id != user.id || row.status_key != "draft" { throw Abort(.notFound) }
        return try await render(req, user: user, person: person, record: record, row: row, values: row?.data ?? [:], errors: [:], message: nil)
    }

    func render(_ req: Request, user: CurrentUser, person: SubsidyStore.Person, record: SubsidyRules.InsuranceRecord?, row: CaseRow?,
                values: [String: String], errors: [String: String], message: Flash?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let work = try await SubsidyStore.work(person.userID, on: req.db)
        let others = try await SubsidyStore.otherApplications(person.userID, except: row?.id, on: req.db)
        let claim = ClaimType.derived(previousApprovedApplications: others.filter(\.approved).count)
        return req.render(SubsidyPages.Apply(
            context: req.pageContext("补助申请", breadcrumb: [Crumb("补贴申报管理", href: "/subsidy/applications"), Crumb("补助申请")], current: "/subsidy/apply"),
            person: person, row: row, choices: filingChoices(person, work: work), values: values, errors: errors, message: message,
            bankName: record?.bankName ?? "—", account: record?.account.map(Masking.bankCard) ?? "—", claimType: claim, csrfToken: user.csrfToken), status: status)
    }

    /// 暂存 or 提交申报. The content is built on the server: months, deductions, amount, 申领类型,
    /// the bank account, the filing unit and county, the degree check's outcome.
    @Sendable
    func save(req: Request) async throws -> Response {
        let (user, person) = try await PersonController.applicant(req)
        let (record, refusal) = try await gate(req, person)
        if let refusal { return req.seeOther("/subsidy/apply", flash: Flash(.error, refusal)) }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for key in ["kind", "start", "end", "graduation", "first_work", "diploma_no", "degree_no", "foreign_degree", "work_id", "business_registered"] { values[key] = form.value(key) }
        let existing = try await RequestNumber.id(form.value("id")).asyncMap { try await CaseEngine.load(Self.type, id: $0, on: req.db) } ?? nil
        if let existing, existing.applicant_id != user.id || existing.status_key != "draft" { throw Abort(.notFound) }
        var errors: [String: String] = [:]
        let kind = SubsidyKind(rawValue: values["kind"] ?? "")
        if kind == nil { errors["kind"] = "请选择申报类型。" }
        let start = YearMonth(parsing: values["start"] ?? ""), end = YearMonth(parsing: values["end"] ?? "")
        if start == nil { errors["start"] = "请按“2024-07”的格式填写补贴起始年月。" }
        if end == nil { errors["end"] = "请按“2025-06”的格式填写补贴终止年月。" }
        let graduation = YearMonth(parsing: values["graduation"] ?? ""), firstWork = YearMonth(parsing: values["first_work"] ?? "")
        if graduation == nil { errors["graduation"] = "请按“2024-06”的格式填写毕业时间。" }
        if firstWork == nil { errors["first_work"] = "请按“2024-07”的格式填写参加工作时间。" }
        let foreign = !(values["foreign_degree"] ?? "").isEmpty
        if let problem = SubsidyRules.certificateFormatProblem(diploma: values["diploma_no"] ?? "", degree: (values["degree_no"] ?? "").isEmpty ? nil : values["degree_no"], foreign: foreign) {
            errors[foreign ? "foreign_degree" : "diploma_no"] = problem
        }
        let work = filingChoices(person, work: try await SubsidyStore.work(person.userID, on: req.db))
        let chosen = work.first { String($0.id) == values["work_id"] }
        if person.selfEmployed, let start, let problem = SubsidyRules.selfEmployedProblem(registeredOn: values["business_registered"] ?? "", start: start) {
            errors["business_registered"] = problem
        }
        if chosen == nil { errors["work_id"] = person.education == .bachelor ? "请从工作经历中选择申报单位。" : "请先在“维护工作经历”中维护现单位。" }
        let today = today(req.now)
        if let start, let end, let graduation, let firstWork,
           let problem = SubsidyRules.rangeProblem(start: start, end: end, graduation: graduation, firstWork: firstWork, firstInsured: record?.months.min(), today: today) {
            errors["start"] = problem
        }
        var computation: SubsidyRules.Computation?
        if errors.isEmpty, let start, let end {
            let standards = try await SubsidyParameterStore.load(on: req.db).standards
            computation = SubsidyRules.compute(start: start, end: end, insured: record?.months ?? [], education: person.education, standards: standards)
            if computation == nil { errors["start"] = "补贴期间没有适用的补贴标准，请联系区县人社局。" }
        }
        guard errors.isEmpty, let kind, let start, let end, let chosen, let computation else {
            return try await render(req, user: user, person: person, record: record, row: existing, values: values, errors: errors,
                                    message: Flash(.error, "请按提示修改后再保存。"), status: .unprocessableEntity)
        }
        // Where the application is filed (SubsidyRules.filingTarget).
        let current = try await SubsidyStore.work(person.userID, on: req.db).first { $0.isCurrent }
        var filingUnit = chosen.unitID
        var county = chosen.county
        switch SubsidyRules.filingTarget(education: person.education, selfEmployed: person.selfEmployed, ownCounty: person.county,
                                         chosenIsCurrent: chosen.isCurrent, chosenCounty: chosen.county, currentCounty: current?.county) {
        case .chosenUnit:
            break
        case .currentUnit:
            filingUnit = current?.unitID ?? chosen.unitID
        case .virtualUnit(let target):
            let names = try await req.application.codeBooks.regionNames(on: req.db)
            county = target
            filingUnit = try await SubsidyStore.virtualUnit(county: target, name: names.fullName(target) ?? target, now: req.now, on: req.db)
        }
        let unitName = try await SubsidyStore.unit(filingUnit, on: req.db)?.name ?? chosen.unitName
        let others = try await SubsidyStore.otherApplications(person.userID, except: existing?.id, on: req.db)
        let (degree, registryAnswered) = await req.application.subsidyDegrees.status(diploma: values["diploma_no"] ?? "", idHash: person.idHash, foreign: foreign,
                                                                                    on: req.db, logger: req.logger)
        var data: [String: String] = [
            F.kind.rawValue: kind.rawValue, F.claimType.rawValue: ClaimType.derived(previousApprovedApplications: others.filter(\.approved).count).rawValue,
            F.unitName.rawValue: unitName, F.start.rawValue: start.description, F.end.rawValue: end.description,
            F.months.rawValue: String(computation.months), F.unpaidMonths.rawValue: String(computation.unpaidMonths.count),
            F.paidMonths.rawValue: String(computation.paidMonths), F.amount.rawValue: Money.yuan(computation.amountFen),
            F.education.rawValue: person.education.rawValue, F.graduation.rawValue: graduation!.description, F.firstWork.rawValue: firstWork!.description,
            F.degreeCheck.rawValue: degree.label, F.bankName.rawValue: record?.bankName ?? "", F.account.rawValue: record?.account.map(Masking.bankCard) ?? "",
            "work_id": String(chosen.id),
        ]
        if person.selfEmployed { data["business_registered"] = values["business_registered"] }
        if foreign { data[F.foreignDegree.rawValue] = values["foreign_degree"] } else {
            data[F.diplomaNo.rawValue] = values["diploma_no"]
            if let number = values["degree_no"], !number.isEmpty { data[F.degreeNo.rawValue] = number }
        }
        if !computation.unpaidMonths.isEmpty { data["_unpaid_list"] = computation.unpaidMonths.map(\.description).joined(separator: "、") }
        let scope: [ScopeDimension: String] = [.city: SubsidyStore.city(of: county), .county: county, .unit: String(filingUnit)]
        var row: CaseRow
        if let existing, existing.period == start.description {
            row = existing
        } else {
            if let existing {
                // A draft moved to another start month: the old draft goes (期间 is the case's key).
                try await req.db.sql.raw("DELETE FROM subsidy_cases WHERE id = \(bind: existing.id) AND status_key = 'draft'").run()
            }
            row = try await CaseEngine.create(Self.type, applicant: person.userID, period: start.description, scope: scope, req: req)
            guard row.status_key == "draft" || row.status_key == "returned" else {
                return try await render(req, user: user, person: person, record: record, row: nil, values: values,
                                        errors: ["start": "\(start.description) 起的补贴已经申报过。"], message: nil, status: .conflict)
            }
        }
        // The filing unit and county may change with the unit chosen while it is a draft (the
        // status counters follow the case to its new county).
        let before = row
        let (filingUnitID, filingCounty) = (filingUnit, county)
        do {
            try await req.db.writeTransaction { db in
                let moved = try await db.sql.raw("""
                    UPDATE subsidy_cases SET unit_id = \(bind: filingUnitID), county_code = \(bind: filingCounty), city_code = \(bind: SubsidyStore.city(of: filingCounty)),
                    education = \(bind: person.education.rawValue) WHERE id = \(bind: before.id) AND status_key IN ('draft', 'returned') RETURNING id
                    """).first()
                if moved != nil, before.scope != scope {
                    try await CaseCounts.remove(Self.type, scope: before.scope, from: before.status_key, on: db)
                    try await CaseCounts.move(Self.type, scope: scope, from: nil, to: before.status_key, on: db)
                }
            }
        }
        row = try await CaseEngine.load(Self.type, id: row.id, on: req.db) ?? row
        let submit = form.value("action") == "submit"
        if submit, row.status_key == "draft" || row.status_key == "returned" {
            // The checks read the stored content: keep it first, then submit that content.
            let saved = try await CaseEngine.act(Self.type, row: row, action: .saveDraft, data: data, req: req)
            if let failure = saved.failure("补助申请") {
                return try await render(req, user: user, person: person, record: record, row: row, values: values, errors: [:], message: failure.flash, status: failure.status)
            }
            row = try await CaseEngine.load(Self.type, id: row.id, on: req.db) ?? row
        }
        let outcome = try await CaseEngine.act(Self.type, row: row, action: submit ? .submit : .saveDraft, data: data, req: req)
        if let failure = outcome.failure("补助申请") {
            return try await render(req, user: user, person: person, record: record, row: row, values: values, errors: [:], message: failure.flash, status: failure.status)
        }
        let registryNote = registryAnswered ? "" : "教育部学历学位接口暂时无法访问，学历学位已标为“待核验”，系统每天自动重新核验，不影响审核。"
        return req.seeOther(submit ? "/subsidy/applications" : "/subsidy/apply?id=\(row.id)",
                            flash: Flash(.success, registryNote + (submit ? "已提交申报，等待单位审核。" : "已暂存：申请补贴 \(computation.months) 个月，扣发 \(computation.unpaidMonths.count) 个月，应发 \(Money.yuan(computation.amountFen)) 元。")))
    }

    // MARK: - 补贴申报管理

    @Sendable
    func list(req: Request) async throws -> Response {
        let (user, person) = try await PersonController.applicant(req)
        let rows = try await req.db.sql.raw("SELECT id FROM subsidy_cases WHERE applicant_id = \(bind: person.userID) ORDER BY id DESC").all()
        var cases: [CaseRow] = []
        for found in rows { if let row = try await CaseEngine.load(Self.type, id: try found.decode(column: "id", as: Int64.self), on: req.db) { cases.append(row) } }
        let deleted = try await req.db.sql.raw("""
            SELECT target_id, at FROM audit_log WHERE action = 'subsidy.delete' AND actor_id = \(bind: person.userID) ORDER BY at DESC LIMIT 50
            """).all().map { (try $0.decode(column: "target_id", as: String?.self) ?? "", try $0.decode(column: "at", as: Int64.self)) }
        return req.render(SubsidyPages.Applications(context: req.pageContext("补贴申报管理", breadcrumb: [Crumb("补贴申报管理")], current: "/subsidy/applications"),
                                                    rows: cases, deleted: deleted, csrfToken: user.csrfToken))
    }

    @Sendable
    func detail(req: Request) async throws -> Response {
        let (user, _) = try await PersonController.applicant(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await CaseEngine.load(Self.type, id: id, on: req.db), row.applicant_id == user.id else {
            throw Abort(.notFound)
        }
        let history = try await CaseEngine.history(Self.type, id: row.id, on: req.db)
        return req.render(SubsidyPages.ApplicationDetail(context: req.pageContext("申报信息", breadcrumb: [Crumb("补贴申报管理", href: "/subsidy/applications"), Crumb("申报信息")],
                                                                                  current: "/subsidy/applications"),
                                                         row: row, history: history, csrfToken: user.csrfToken))
    }

    /// 撤回 (until the unit acts), 删除 (a draft), 拨付确认 and 未到账 (at 个人拨付待确认).
    @Sendable
    func act(req: Request) async throws -> Response {
        let (user, _) = try await PersonController.applicant(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await CaseEngine.load(Self.type, id: id, on: req.db), row.applicant_id == user.id else {
            throw Abort(.notFound)
        }
        let back = "/subsidy/applications/\(id)"
        switch req.parameters.get("action") {
        case "delete":
            guard row.status_key == "draft" else { return req.seeOther(back, flash: Flash(.error, "只有暂存的申报可以删除。")) }
            try await req.db.writeTransaction { db in
                try await db.sql.raw("DELETE FROM subsidy_cases WHERE id = \(bind: id) AND status_key = 'draft' AND lock = \(bind: row.lock)").run()
                try await CaseCounts.remove(Self.type, scope: row.scope, from: "draft", on: db)
                try await req.audit("subsidy.delete", target: Self.type.key, id: id, changes: [.init("period", after: row.period)], on: db)
            }
            return req.seeOther("/subsidy/applications", flash: Flash(.success, "已删除该暂存申报。"))
        case "withdraw":
            let outcome = try await CaseEngine.act(Self.type, row: row, action: .withdraw, req: req)
            return req.seeOther(back, flash: outcome.failure("补助申报")?.flash ?? Flash(.success, "已撤回为暂存，可修改后重新提交。"))
        case "confirm":
            let outcome = try await CaseEngine.act(Self.type, row: row, action: .confirmReceipt, req: req)
            return req.seeOther(back, flash: outcome.failure("补助申报")?.flash ?? Flash(.success, "已确认补助资金到账。"))
        case "not-received":
            // 未到账 (review E11): back to county finance, which pays it again.
            let reason = String(FormFields(req).value("reason").prefix(200))
            let outcome = try await CaseEngine.act(Self.type, row: row, action: .notReceived(reason: reason), req: req)
            return req.seeOther(back, flash: outcome.failure("补助申报")?.flash ?? Flash(.success, "已反馈未到账，县财政局核实后将重新拨付。"))
        default:
            throw Abort(.notFound)
        }
    }
}
