import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 解约办理 (seed 003 §3.4.3): the graduate applies (解约类型, 原因) with rules ①–④ shown; 签约模式二
/// graduates upload the stamped 解除证明 after the college agrees; the employer agrees to a
/// 签约模式一 解约 from its page. The college and the school review on the generic review pages
/// (解约申请审核表, seed 004 §2(4)).
package struct TerminationController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("signing", "termination", use: page)
        routes.post("signing", "termination", use: apply)
        routes.post("signing", "termination", "proof", use: submitProof)
        routes.get("signing", "termination", "template", use: template)
        routes.get("employer", "terminations", use: employerList)
        routes.post("employer", "terminations", ":id", use: employerDecide)
    }

    static func type(_ mode: SigningMode) -> CaseType { mode == .online ? .terminationOnline : .terminationOffline }

    /// The graduate's agreement 解约 is about (the held one), and the application if any.
    func context(_ req: Request) async throws -> (CurrentUser, SigningStore.Graduate, SigningStore.Agreement?, CaseRow?) {
        let user = try req.requireRole(.student)
        guard let graduate = try await SigningStore.graduate(user.id, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        let agreements = try await SigningStore.agreements(student: user.id, on: req.db)
        let agreement = agreements.first { $0.status == .held } ?? agreements.first { $0.status == .terminated }
        // The application of the agreement's mode (an earlier 解约 of the other mode is not this one).
        var row: CaseRow?
        for mode in agreement.map({ [$0.mode] }) ?? [SigningMode.online, .offline] where row == nil {
            row = try await CaseEngine.load(Self.type(mode), applicant: user.id, period: String(graduate.cohort), on: req.db)
        }
        return (user, graduate, agreement, row)
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        let (user, graduate, agreement, row) = try await context(req)
        return try await render(req, user: user, graduate: graduate, agreement: agreement, row: row)
    }

    func render(_ req: Request, user: CurrentUser, graduate: SigningStore.Graduate, agreement: SigningStore.Agreement?, row: CaseRow?,
                form: [String: String] = [:], message: Flash? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let mode = agreement?.mode ?? .online
        let type = Self.type(mode)
        let history = try await row.asyncFlatMap { try await CaseEngine.history(type, id: $0.id, on: req.db) } ?? []
        let proofs = try await row.asyncFlatMap { try await CaseAttachments.files(type, id: $0.id, on: req.db) } ?? []
        let statusLabel = row.map { type.definition.status.label(for: $0.state, in: type.definition) }
        let atProof: Bool = {
            guard let row, case .inReview(let step) = row.state.status else { return false }
            return type.definition.steps[step].kind == .receipt
        }()
        let model = TerminationPages.Model(graduate: graduate, agreement: agreement, mode: mode, row: row, statusLabel: statusLabel,
                                           history: history, proofs: proofs.map { ($0.id, $0.original_name) }, atProof: atProof,
                                           form: form, message: message, csrfToken: user.csrfToken)
        return req.render(TerminationPages.Student(context: req.pageContext("解约办理", current: "/signing/termination"), model: model), status: status)
    }

    @Sendable
    package func apply(req: Request) async throws -> Response {
        let (user, graduate, agreement, existing) = try await context(req)
        let fields = FormFields(req)
        let form = ["termination_type": fields.value("termination_type"), "reason": fields.value("reason")]
        guard let agreement, agreement.status == .held else {
            return try await render(req, user: user, graduate: graduate, agreement: agreement, row: existing, form: form,
                                    message: Flash(.error, "您目前没有已生效的就业协议，无需办理解约。"), status: .conflict)
        }
        let type = Self.type(agreement.mode)
        // ② first: a graduate who has terminated once is told so, whatever else applies.
        if try await Termination.completed(student: user.id, on: req.db) > 0, case .violated(let message) = TerminationRules.once(completedTerminations: 1) {
            return try await render(req, user: user, graduate: graduate, agreement: agreement, row: existing, form: form,
                                    message: Flash(.error, message), status: .conflict)
        }
        if case .failure(let problems) = TerminationForm.check(type: form["termination_type"] ?? "", reason: form["reason"] ?? "") {
            return try await render(req, user: user, graduate: graduate, agreement: agreement, row: existing, form: form,
                                    message: Flash(.error, problems.errors.first?.message ?? "请填写解约类型和原因。"), status: .unprocessableEntity)
        }
        guard let place = try await req.db.sql.raw("""
            SELECT school_id, campus_id, college_id, major_id, class_id, cohort, level FROM students WHERE user_id = \(bind: user.id)
            """).first() else { throw Abort(.notFound) }
        var scope: [ScopeDimension: String] = [:]
        for (dimension, column) in [(ScopeDimension.school, "school_id"), (.campus, "campus_id"), (.college, "college_id"), (.major, "major_id"), (.class, "class_id")] {
            if let value = try place.decode(column: column, as: Int64?.self) { scope[dimension] = String(value) }
        }
        scope[.cohort] = String(try place.decode(column: "cohort", as: Int.self))
        scope[.level] = try place.decode(column: "level", as: String.self)
        if let unit = agreement.unitID { scope[.unit] = String(unit) }
        let row = try await CaseEngine.create(type, applicant: user.id, period: String(graduate.cohort), scope: scope, req: req)
        let data = form.merging(["agreement_id": String(agreement.id), "agreement_no": agreement.number, "unit_name": agreement.unitName]) { new, _ in new }
        let outcome = try await CaseEngine.act(type, row: row, action: .submit, data: data, req: req)
        if let failure = outcome.failure("解约申请") {
            return try await render(req, user: user, graduate: graduate, agreement: agreement,
                                    row: try await CaseEngine.load(type, id: row.id, on: req.db), form: form, message: failure.flash, status: failure.status)
        }
        return req.seeOther("/signing/termination", flash: Flash(.success, "已向学院发送解约申请，请等待学院审核。"))
    }

    /// 签约模式二 ④: the stamped 解除证明 is uploaded; the student sends it to the school.
    @Sendable
    package func submitProof(req: Request) async throws -> Response {
        let (user, graduate, agreement, row) = try await context(req)
        guard let row, row.status_key.hasPrefix("step:") else { return req.seeOther("/signing/termination") }
        let type = CaseType.terminationOffline
        if try await CaseAttachments.files(type, id: row.id, on: req.db).isEmpty {
            return try await render(req, user: user, graduate: graduate, agreement: agreement, row: row,
                                    message: Flash(.error, "请先上传盖章的解约证明（jpg 或 png，不超过 2 MB）。"), status: .unprocessableEntity)
        }
        let outcome = try await CaseEngine.act(type, row: row, action: .approve(remark: nil), req: req)
        if let failure = outcome.failure("解约申请") {
            return try await render(req, user: user, graduate: graduate, agreement: agreement, row: row, message: failure.flash, status: failure.status)
        }
        return req.seeOther("/signing/termination", flash: Flash(.success, "已提交解约证明，请等待学校审核。"))
    }

    /// 《高等学校毕业生就业协议解除证明》 to print, take to the unit and have stamped.
    @Sendable
    package func template(req: Request) async throws -> Response {
        let (_, graduate, agreement, _) = try await context(req)
        return req.render(TerminationPages.ProofTemplate(graduate: graduate, agreement: agreement))
    }

    // MARK: - The employer's step (单位查看解约)

    @Sendable
    package func employerList(req: Request) async throws -> Response {
        let (user, unit) = try EmployerController.unitOf(req)
        let type = CaseType.terminationOnline
        let rows = try await req.db.sql.select().columns(type.columns).from(type.table)
            .where("unit_id", .equal, SQLBind(unit)).orderBy("id", .descending).limit(100).cases(type)
        let model = TerminationPages.EmployerModel(rows: rows, csrfToken: user.csrfToken)
        return req.render(TerminationPages.Employer(context: req.pageContext("解约申请", current: "/employer/terminations"), model: model))
    }

    @Sendable
    package func employerDecide(req: Request) async throws -> Response {
        let (_, unit) = try EmployerController.unitOf(req)
        let type = CaseType.terminationOnline
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await CaseEngine.load(type, id: id, on: req.db),
              row.scope[.unit] == String(unit) else { throw Abort(.notFound) }
        let fields = FormFields(req)
        let action: Action = fields.value("decision") == "agree" ? .approve(remark: fields.value("remark").isEmpty ? nil : fields.value("remark"))
            : .reject(reason: fields.value("remark"))
        let outcome = try await CaseEngine.act(type, row: row, action: action, req: req)
        if let failure = outcome.failure("解约申请") { return req.seeOther("/employer/terminations", flash: failure.flash) }
        return req.seeOther("/employer/terminations", flash: Flash(.success, fields.value("decision") == "agree" ? "已同意解约，等待学校审核。" : "已告知学生单位不同意解约。"))
    }
}
