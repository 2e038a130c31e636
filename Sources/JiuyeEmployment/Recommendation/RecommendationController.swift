import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 推荐表注册 (seed 003 §3.3): the graduate fills the form (the 生源 fields read-only from the
/// school's record), 暂存 with a preview, 保存并送审 to the college; the approved version prints on
/// one A4 page with the platform's serial and verification QR code, issued once per version.
package struct RecommendationController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("recommendation", use: page)
        routes.post("recommendation", use: act)
        routes.get("recommendation", "print", use: print)
        routes.post("recommendation", "print", "issue", use: issue)
    }

    static let type = CaseType.recommendation
    static let documentKind = "recommendation-form"
    static let documentTitle = "毕业生就业推荐表"
    /// Bump when the printed layout's wording changes.
    static let documentTemplate = 1

    struct Graduate {
        let user: CurrentUser
        let graduate: SigningStore.Graduate
        let source: [RecommendationForm.Field: String]
    }

    func graduate(_ req: Request) async throws -> Graduate {
        let user = try req.requireRole(.student)
        guard let graduate = try await SigningStore.graduate(user.id, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        let codes = try await GraduateImport.lookup(req.application, on: req.db)
        let names = try await DestinationReferences.regionNames(req.application, on: req.db)
        let record = graduate.record
        var source: [RecommendationForm.Field: String] = [
            .educationLevel: graduate.level, .name: graduate.name, .college: graduate.college, .major: graduate.major, .studentNo: graduate.studentNo,
        ]
        source[.gender] = record[.gender]
        source[.ethnicity] = record[.ethnicity].map { codes.entry(in: .ethnicity, matching: $0)?.label ?? $0 }
        source[.sourceRegion] = record[.sourceRegion].map { names.fullName($0) ?? $0 }
        source[.className] = record[.className]
        source[.enrolment] = record[.enrolmentDate].map { String($0.prefix(7)) }
        source[.graduation] = record[.graduationDate].map { String($0.prefix(7)) }
        return Graduate(user: user, graduate: graduate, source: source.filter { !$0.value.isEmpty })
    }

    /// The form's values: the 生源 fields from the record, the rest from the case.
    static func values(_ data: [String: String], source: [RecommendationForm.Field: String]) -> [RecommendationForm.Field: String] {
        var values = source
        for (key, value) in data {
            if let field = RecommendationForm.Field(rawValue: key), !field.isFromSourceRecord, !value.isEmpty { values[field] = value }
        }
        return values
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        let who = try await graduate(req)
        let row = try await CaseEngine.load(Self.type, applicant: who.user.id, period: String(who.graduate.cohort), on: req.db)
        return try await render(req, who: who, row: row, form: nil, errors: [:], message: nil)
    }

    func render(_ req: Request, who: Graduate, row: CaseRow?, form: [RecommendationForm.Field: String]?, errors: [String: String], message: Flash?,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let values = form ?? Self.values(row?.data ?? [:], source: who.source)
        let history = try await row.asyncFlatMap { try await CaseEngine.history(Self.type, id: $0.id, on: req.db) } ?? []
        let changes = try await row.asyncFlatMap { try await CaseEngine.changes(Self.type, id: $0.id, on: req.db) } ?? []
        let files = try await row.asyncFlatMap { try await CaseAttachments.files(Self.type, id: $0.id, on: req.db) } ?? []
        let definition = Self.type.definition
        let label = row.map { definition.status.label(for: $0.state, in: definition) } ?? definition.status.draft
        let editable: Bool = {
            guard let row else { return true }
            switch row.state.status {
            case .draft, .returned: return true
            default: return false
            }
        }()
        let model = RecommendationPages.Model(
            graduate: who.graduate, row: row, statusLabel: label, values: values, errors: errors, message: message, editable: editable,
            approved: row?.in_force_json != nil, history: history, changes: changes, photo: files.last { $0.content_type.hasPrefix("image/") }?.id,
            uploadHref: row.map { "/uploads/new?kind=photo&case=recommendation:\($0.id)&next=/recommendation" }, csrfToken: who.user.csrfToken)
        return req.render(RecommendationPages.Form(context: req.pageContext("推荐表注册", current: "/recommendation"), model: model), status: status)
    }

    /// 暂存 (formats and limits only), 保存并送审 (the starred fields too), or 编辑 an approved form.
    @Sendable
    package func act(req: Request) async throws -> Response {
        let who = try await graduate(req)
        let fields = FormFields(req)
        let period = String(who.graduate.cohort)
        let action = fields.value("action")
        var row = try await CaseEngine.create(Self.type, applicant: who.user.id, period: period, req: req)
        if action == "withdraw" {
            // 撤回: back to the graduate before the college has acted (the engine refuses it after).
            let outcome = try await CaseEngine.act(Self.type, row: row, action: .withdraw, req: req)
            if let failure = outcome.failure("推荐表") { return try await render(req, who: who, row: row, form: nil, errors: [:], message: failure.flash, status: failure.status) }
            return req.seeOther("/recommendation", flash: Flash(.success, "已撤回，可以继续修改后再送审。"))
        }
        if action == "edit" {
            let outcome = try await CaseEngine.act(Self.type, row: row, action: .reopen(reason: "编辑推荐表"), req: req)
            if let failure = outcome.failure("推荐表") { return try await render(req, who: who, row: row, form: nil, errors: [:], message: failure.flash, status: failure.status) }
            return req.seeOther("/recommendation", flash: Flash(.success, "可以编辑推荐表了。修改后请重新保存并送审，审核通过前仍以原版本为准。"))
        }
        var typed: [RecommendationForm.Field: String] = who.source
        for field in RecommendationForm.Field.allCases where !field.isFromSourceRecord && field != .photo { typed[field] = fields.value(field.rawValue) }
        if let photo = try await CaseAttachments.files(Self.type, id: row.id, on: req.db).last(where: { $0.content_type.hasPrefix("image/") }) {
            typed[.photo] = String(photo.id)
        }
        let stage: RecommendationForm.Stage = action == "submit" ? .submission : .draft
        let checked: RecommendationForm
        switch RecommendationForm.check(typed, stage: stage) {
        case .failure(let problems):
            var errors: [String: String] = [:]
            for (field, message) in problems.messages { errors[field.rawValue] = message }
            return try await render(req, who: who, row: row, form: typed, errors: errors, message: Flash(.error, "请按提示修改后再保存。"), status: .unprocessableEntity)
        case .success(let form): checked = form
        }
        var data: [String: String] = [:]
        for (field, value) in checked.values where !field.isFromSourceRecord { data[field.rawValue] = value }
        let outcome = try await CaseEngine.act(Self.type, row: row, action: stage == .submission ? .submit : .saveDraft, data: data, req: req)
        if let failure = outcome.failure("推荐表") {
            row = try await CaseEngine.load(Self.type, id: row.id, on: req.db) ?? row
            return try await render(req, who: who, row: row, form: typed, errors: [:], message: failure.flash, status: failure.status)
        }
        return req.seeOther("/recommendation", flash: Flash(.success, stage == .submission ? "送审成功，请等待学院审核。" : "已暂存，可在下方预览打印效果。"))
    }

    // MARK: - 表格打印

    /// The approved version's printed fields, in order; the content hash covers exactly these.
    static func printed(_ values: [RecommendationForm.Field: String]) -> [(String, String)] {
        RecommendationForm.Field.allCases.filter { $0 != .photo }.map { ($0.label, values[$0] ?? "") }
    }

    static func contentHash(_ values: [RecommendationForm.Field: String], photo: String?, keys: KeyService) -> String {
        Documents.contentHash(kind: documentKind, template: documentTemplate, title: documentTitle,
                              fields: printed(values) + [("相片", photo ?? "")], keys: keys)
    }

    func approved(_ req: Request) async throws -> (Graduate, [RecommendationForm.Field: String], String) {
        let who = try await graduate(req)
        guard let row = try await CaseEngine.load(Self.type, applicant: who.user.id, period: String(who.graduate.cohort), on: req.db),
              let inForce = row.inForce else { throw Abort(.notFound) }
        let values = Self.values(inForce, source: who.source)
        return (who, values, Self.contentHash(values, photo: inForce["photo"], keys: req.keys))
    }

    @Sendable
    package func print(req: Request) async throws -> Response {
        let who = try await graduate(req)
        guard let row = try await CaseEngine.load(Self.type, applicant: who.user.id, period: String(who.graduate.cohort), on: req.db), row.inForce != nil else {
            return req.seeOther("/recommendation", flash: Flash(.error, "推荐表经学院审核通过后才能打印。"))
        }
        let (_, values, hash) = try await approved(req)
        let subject = "user:\(who.user.id)"
        if let current = try await Documents.current(kind: Self.documentKind, subjectKey: subject, keys: req.keys, on: req.db),
           let token = current.token, current.contentHash == hash {
            return req.render(RecommendationPages.Document(graduate: who.graduate, values: values, photo: values[.photo].flatMap(Int64.init),
                                                           verification: .init(serial: current.serial, url: Documents.verificationURL(req, token: token)),
                                                           date: ChinaTime.date(current.createdAt)))
        }
        return req.render(RecommendationPages.Issue(context: req.pageContext("表格打印", current: "/recommendation"), values: values, hash: hash,
                                                    csrfToken: who.user.csrfToken))
    }

    /// 签发: the explicit write that gives the approved version its serial and QR code.
    @Sendable
    package func issue(req: Request) async throws -> Response {
        let (who, _, hash) = try await approved(req)
        let seen = FormFields(req).value("content")
        guard seen.utf8.count <= 128, seen == hash else {
            return req.seeOther("/recommendation/print", flash: Flash(.error, "推荐表刚刚有变化，请核对后再签发。"))
        }
        let summary = [("姓名", Masking.name(who.graduate.name)), ("学校", who.graduate.schoolName), ("院系", who.graduate.college), ("届别", "\(who.graduate.cohort)届")]
        _ = try await Documents.issue(kind: Self.documentKind, title: Self.documentTitle, subjectID: who.user.id, subjectKey: "user:\(who.user.id)",
                                      summary: summary, contentHash: hash, by: req.currentUser, ip: req.clientAddress, now: req.now, keys: req.keys, on: req.db)
        return req.seeOther("/recommendation/print")
    }
}
