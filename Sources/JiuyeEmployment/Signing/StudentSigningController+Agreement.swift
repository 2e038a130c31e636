import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

// MARK: - The agreement: ① 录入签约信息 ② 打印协议书 ③ 反馈签约资料 ④ 就业信息审核

extension StudentSigningController {
    /// The agreement the page is about: the held one, else the newest.
    func currentAgreement(_ graduate: SigningStore.Graduate, req: Request) async throws -> SigningStore.Agreement? {
        if let held = try await SigningStore.heldAgreement(student: graduate.userID, on: req.db) { return held }
        return try await SigningStore.agreements(student: graduate.userID, on: req.db).first
    }

    /// Where the agreement stands in its review: the 毕业去向登记 version it was submitted as.
    struct Review {
        var label: String
        var status: CaseStatus?
        var reason: String?
        var returned: Bool { if case .returned? = status { true } else { false } }
        var approved: Bool { if case .approved? = status { true } else { false } }
    }

    func review(_ agreement: SigningStore.Agreement, req: Request) async throws -> Review {
        guard let caseID = agreement.destinationCaseID, let version = agreement.destinationVersion,
              let row = try await CaseEngine.load(.destination, id: caseID, on: req.db) else { return Review(label: "未提交") }
        let definition = CaseType.destination.definition
        if row.state.version != version {
            // A later registration replaced it (or is being made); what was approved stays approved.
            let approved = (row.state.inForceVersion ?? 0) >= version
            return Review(label: approved ? "审核通过" : "已被新的去向登记替代", status: approved ? .approved : nil)
        }
        let reason: String? = row.status_key == "returned" ? try await CaseEngine.history(.destination, id: caseID, on: req.db).last?.remark : nil
        return Review(label: definition.status.label(for: row.state, in: definition), status: row.state.status, reason: reason)
    }

    @Sendable
    package func agreementPage(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        guard try await phoneVerified(graduate, req: req) else { return req.seeOther("/signing") }
        guard let agreement = try await currentAgreement(graduate, req: req) else {
            return req.seeOther("/signing", flash: Flash(.info, "您还没有签约。收到单位的签约邀请后，在此应约。"))
        }
        return try await renderAgreement(req, user: user, graduate: graduate, agreement: agreement)
    }

    func renderAgreement(_ req: Request, user: CurrentUser, graduate: SigningStore.Graduate, agreement: SigningStore.Agreement, error: String? = nil,
                         status: HTTPResponseStatus = .ok) async throws -> Response {
        let period = SigningSettings.period(req.application)
        let scans = try await Uploads.forCase(UploadCaseRef(type: "agreement", id: agreement.id), on: req.db)
        let review = try await review(agreement, req: req)
        let stage: AgreementStage
        if let status = review.status { stage = .review(status) } else if !scans.isEmpty { stage = .downloaded } else { stage = .generated }
        let model = StudentSigningPages.AgreementModel(
            graduate: graduate, agreement: agreement, scans: scans.map { ($0.id, $0.original_name) }, progress: AgreementProgress.of(stage),
            reviewLabel: review.label, returnReason: review.reason, canSubmit: agreement.status == .held && (agreement.submittedAt == nil || review.returned),
            binds: agreement.binds(now: req.now, period: period), canWithdraw: agreement.status == .held && agreement.mode == .online && !agreement.binds(now: req.now, period: period),
            endsAt: agreement.acceptedAt.map { SigningConsideration.endsAt(acceptedAt: $0, period: period) }, error: error, csrfToken: user.csrfToken)
        return req.render(StudentSigningPages.AgreementView(context: req.pageContext("签约信息", breadcrumb: [Crumb("电子签约", href: "/signing"), Crumb("签约信息")],
                                                                                current: "/signing"), model: model), status: status)
    }

    func printable(_ req: Request) async throws -> (SigningStore.Graduate, SigningStore.Agreement, StudentSigningPages.AgreementDocument) {
        let (_, graduate) = try await graduate(req)
        guard try await phoneVerified(graduate, req: req), let agreement = try await currentAgreement(graduate, req: req), agreement.status == .held else {
            throw Abort(.notFound)
        }
        let codes = try await GraduateImport.lookup(req.application, on: req.db)
        let names = try await DestinationReferences.regionNames(req.application, on: req.db)
        func named(_ table: CodeTable, _ code: String?) -> String {
            guard let code, !code.isEmpty else { return "" }
            return codes.entry(in: table, matching: code)?.label ?? code
        }
        let document = StudentSigningPages.AgreementDocument(
            graduate: graduate, agreement: agreement, nature: named(.unitNature, agreement.unit["unit_nature"]), industry: named(.industry, agreement.unit["industry"]),
            location: agreement.unit["unit_location"].flatMap { names.fullName($0) } ?? "",
            positionCategory: DestinationForm.positions.first { $0.code == agreement.terms["position_category"] }?.label ?? "",
            signedOn: ChinaTime.date(agreement.acceptedAt ?? agreement.createdAt))
        return (graduate, agreement, document)
    }

    @Sendable
    package func printAgreement(req: Request) async throws -> Response {
        let (_, _, document) = try await printable(req)
        return req.render(document)
    }

    @Sendable
    package func agreementPDF(req: Request) async throws -> Response {
        let (_, agreement, document) = try await printable(req)
        var buffer = HTMLBuffer(capacity: 32 * 1024)
        document.render(into: &buffer)
        let pdf: Data
        do {
            pdf = try await PDFRenderer.render(html: String(decoding: buffer.bytes, as: UTF8.self), app: req.application)
        } catch {
            req.logger.error("PDF rendering failed: \(String(describing: error))")
            return req.seeOther("/signing/agreement/print", flash: Flash(.error, "暂时无法生成 PDF，请使用页面上的“打印”按钮，在打印对话框中选择“另存为 PDF”。"))
        }
        let headers = Download.headers(contentType: "application/pdf", filename: "就业协议书-\(agreement.number).pdf", fallback: "agreement-\(agreement.number).pdf")
        return Response(status: .ok, headers: headers, body: .init(data: pdf))
    }

    /// 保存并提交审核: the signed, stamped scan goes to the college and then the school as the
    /// graduate's 毕业去向登记 (签就业协议形式就业 · 签订就业协议书). A 签约模式一 agreement is entered as
    /// the employer's 网络签约; it replaces whatever the graduate had registered, as a new version.
    @Sendable
    package func submit(req: Request) async throws -> Response {
        let (user, graduate) = try await graduate(req)
        guard try await phoneVerified(graduate, req: req) else { return req.seeOther("/signing") }
        guard let agreement = try await SigningStore.heldAgreement(student: graduate.userID, on: req.db) else {
            return req.seeOther("/signing", flash: Flash(.error, "您没有生效的签约，不能提交审核。"))
        }
        func refuse(_ message: String, _ status: HTTPResponseStatus = .unprocessableEntity) async throws -> Response {
            try await renderAgreement(req, user: user, graduate: graduate, agreement: agreement, error: message, status: status)
        }
        let period = SigningSettings.period(req.application)
        guard agreement.binds(now: req.now, period: period) else {
            let ends = WorkflowText.beijingMinute(SigningConsideration.endsAt(acceptedAt: agreement.acceptedAt ?? req.now, period: period))
            return try await refuse("签约考虑期至 \(ends) 结束，协议生效后才能提交审核。", .conflict)
        }
        let review = try await review(agreement, req: req)
        guard agreement.submittedAt == nil || review.returned else { return try await refuse("协议书已提交审核，请等待学院、学校审核。", .conflict) }
        let scans = try await Uploads.forCase(UploadCaseRef(type: "agreement", id: agreement.id), on: req.db)
        guard let scan = scans.last else { return try await refuse("请先上传单位盖章、本人签字后的协议书照片或扫描件（jpg 或 png，不超过 2 MB）。") }
        var data = SigningStore.destinationData(unit: agreement.unit, terms: agreement.terms, number: agreement.number)
        data[DestinationField.remark.key] = "\(agreement.mode.name)（\(agreement.mode.label)），协议书编号 \(agreement.number)"
        switch try await DestinationReferences.check(data, graduate: graduate.userID, req: req) {
        case .failure(let problems):
            let text = problems.byField.values.sorted().joined(separator: "；")
            return try await refuse("协议内容不完整，不能登记为毕业去向：\(text)请联系单位或学校就业部门。")
        case .success(let checked): data = checked
        }
        let type = CaseType.destination
        var current = try await CaseEngine.create(type, applicant: graduate.userID, period: String(graduate.cohort), req: req)
        if agreement.mode == .offline, case .approved = current.state.status {
            // The graduate's own registration: an approved one changes as 申请修改 does, with its
            // deadline (8 月 31 日) and the policy after it.
            let (deadline, policy) = DestinationVersions.deadline()
            if let today = CivilDate.parse(ChinaTime.date(req.now)),
               case .refused(let message) = DestinationChangeRule.decide(graduationYear: graduate.cohort, today: today, deadline: deadline, policy: policy) {
                return try await refuse(message, .conflict)
            }
            let reopened = try await CaseEngine.act(type, row: current, action: .reopen(reason: "签订就业协议（纸质签约），协议书编号 \(agreement.number)"), req: req)
            if let failure = reopened.failure("登记") { return try await refuse(failure.flash.message, failure.status) }
            guard let fresh = try await CaseEngine.load(type, id: current.id, on: req.db) else { throw Abort(.notFound) }
            current = fresh
        }
        let row = current
        // 签约模式一 is the employer's entry (网络签约); 签约模式二 the graduate's own registration.
        let outcome: CaseOutcome
        if agreement.mode == .online {
            let acting = CaseEngine.Acting(user: nil, actor: .staff(.employer), ip: req.clientAddress, now: req.now, keys: req.keys, app: req.application, db: req.db)
            outcome = try await CaseEngine.act(type, row: row, action: .enterOnBehalf(remark: "网上签约：\(agreement.unitName)"), data: data, acting: acting)
        } else {
            outcome = try await CaseEngine.act(type, row: row, action: .submit, data: data, req: req)
        }
        switch outcome {
        case .refused(let refusal): return try await refuse(refusal.message, .conflict)
        case .conflict: return try await refuse("毕业去向登记正被他人处理，请稍后再试。", .conflict)
        case .done(let state):
            let now = req.now
            try await req.db.writeTransaction { db in
                try await db.sql.raw("""
                    UPDATE agreements SET submitted_at = \(bind: now), scan_upload_id = \(bind: scan.id), destination_case_id = \(bind: row.id),
                    destination_version = \(bind: state.version) WHERE id = \(bind: agreement.id)
                    """).run()
                // The scan is the registration's evidence: the reviewers see it with the case.
                try await db.sql.raw("UPDATE uploads SET case_type = 'destination', case_id = \(bind: row.id) WHERE id = \(bind: scan.id)").run()
                try await req.audit(.agreementSubmit, target: .agreement, id: agreement.id, changes: [
                    .init("number", after: agreement.number), .init("status", after: type.definition.status.label(for: state, in: type.definition)),
                ], on: db)
            }
            return req.seeOther("/signing/agreement", flash: Flash(.success, "已提交审核。请携带纸质协议书依次到学院和就业中心审核盖章。"))
        }
    }
}
