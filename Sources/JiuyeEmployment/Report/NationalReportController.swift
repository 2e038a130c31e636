import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 全国系统上报 (seed 004 §2(5); C7–C9): the registrations in the national sync with their state
/// and the pre-check's problems beside each (school admin, and read-only the college admin and the
/// counselor in their scope); the school admin makes and downloads export batches, confirms them
/// and imports the national feedback file.
package struct NationalReportController: RouteCollection {
    package static let pageSize = 20
    package static let path = "/report/national"

    package func boot(routes: any RoutesBuilder) throws {
        let report = routes.grouped("report", "national")
        report.get(use: list)
        report.post("export", use: export)
        report.get("exports", ":id", use: batch)
        report.get("exports", ":id", "file", use: file)
        report.post("exports", ":id", "confirm", use: confirm)
        report.get("feedback", use: feedbackForm)
        report.on(.POST, "feedback", body: .collect(maxSize: ByteCount(value: NationalFeedbackImport.maxFileSize + 64 * 1024)), use: feedbackUpload)
        report.get("feedback", ":id", use: feedbackResult)
    }

    package static func register(on app: Application) {
        app.csrfQueryTokenPaths.insert(path + "/feedback")
        NationalExport.register(on: app)
    }

    /// Who may look: staff of the school's employment work, in their own scope.
    func viewer(_ req: Request) throws -> CurrentUser {
        try req.requireRole(.schoolAdmin, .collegeAdmin, .counselor)
    }

    /// The school admin and the school.
    func school(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.schoolAdmin)
        guard let school = user.scope.values[.school]?.first.flatMap(Int64.init) else { throw Abort(.forbidden, reason: "您的账号没有分配学校。") }
        return (user, school)
    }

    // MARK: The list

    @Sendable
    package func list(req: Request) async throws -> Response {
        let user = try viewer(req)
        let query = QueryString.parse(req.url.query)
        var filter = NationalSync.Filter()
        let state = query["state"].flatMap(NationalSyncState.init(rawValue:))
        if let state { filter.states = [state] }
        filter.college = RequestNumber.id(query["college"])
        filter.after = query["after"].flatMap(Int64.init)
        let items = try await NationalSync.page(scope: user.scope, filter: filter, limit: Self.pageSize + 1, keys: req.keys, on: req.db)
        let reference = try await NationalSync.reference(req.application, on: req.db)
        let rows = items.prefix(Self.pageSize).map { item in
            NationalReportPage.Row(item: item, problems: NationalPrecheck.problems(item.record, reference: reference))
        }
        var model = NationalReportPage.Model(
            counts: try await NationalSync.counts(scope: user.scope, college: filter.college, on: req.db),
            rows: Array(rows), hasMore: items.count > Self.pageSize, state: state, college: filter.college, after: filter.after,
            colleges: try await ScopeOptions.colleges(req, scope: user.scope), startStatus: NationalSync.policy.startStatus,
            canExport: user.role == .schoolAdmin, csrfToken: user.csrfToken)
        if user.role == .schoolAdmin, let school = user.scope.values[.school]?.first.flatMap(Int64.init) {
            model.batches = try await NationalExport.batches(school: school, limit: 5, on: req.db)
        }
        return req.render(NationalReportPage(context: req.pageContext("全国系统上报", breadcrumb: [Crumb("全国系统上报")]), model: model))
    }

    // MARK: Export batches

    @Sendable
    package func export(req: Request) async throws -> Response {
        let (user, school) = try school(req)
        let summary = try await NationalExport.run(app: req.application, school: school, scope: user.scope, kind: .manual, actor: user,
                                                   ip: req.clientAddress, now: req.now, on: req.db)
        guard let id = summary.exportID else {
            let message = summary.heldBack > 0
                ? "待上报的 \(summary.heldBack) 条记录都未通过上报前检查，没有生成上报数据；请按列表中的修改方法更正后再生成。"
                : "没有待上报（新增或有改动）的记录。"
            return req.seeOther(Self.path, flash: Flash(.error, message))
        }
        let held = summary.heldBack > 0 ? "另有 \(summary.heldBack) 条未通过上报前检查，未包含在内，请按列表中的修改方法更正。" : ""
        return req.seeOther(Self.path + "/exports/\(id)",
                            flash: Flash(.success, "已生成第 \(id) 批上报数据，共 \(summary.exported) 条，状态为上报中。\(held)"))
    }

    func loadBatch(_ req: Request) async throws -> (CurrentUser, NationalExport.Batch) {
        let (user, school) = try school(req)
        guard let id = req.parameters.get("id").flatMap(Int64.init), let batch = try await NationalExport.batch(id, school: school, on: req.db) else {
            throw Abort(.notFound)
        }
        return (user, batch)
    }

    @Sendable
    package func batch(req: Request) async throws -> Response {
        let (user, batch) = try await loadBatch(req)
        var filter = NationalSync.Filter()
        filter.exportID = batch.id
        let counts = try await NationalSync.page(scope: user.scope, filter: filter, limit: Self.pageSize, keys: req.keys, on: req.db)
        return req.render(NationalBatchPage(context: req.pageContext("第 \(batch.id) 批上报数据", breadcrumb: [Crumb("全国系统上报", href: Self.path), Crumb("第 \(batch.id) 批")]),
                                            batch: batch, sample: counts, csrfToken: user.csrfToken))
    }

    @Sendable
    package func file(req: Request) async throws -> Response {
        let (user, batch) = try await loadBatch(req)
        return try await NationalExport.file(req, batch: batch, scope: user.scope)
    }

    @Sendable
    package func confirm(req: Request) async throws -> Response {
        let (user, batch) = try await loadBatch(req)
        guard batch.confirmedAt == nil else {
            return req.seeOther(Self.path + "/exports/\(batch.id)", flash: Flash(.error, "第 \(batch.id) 批已确认上报，无需重复确认。"))
        }
        let moved = try await NationalExport.confirm(req, batch: batch, user: user)
        return req.seeOther(Self.path + "/exports/\(batch.id)", flash: Flash(.success, "已确认第 \(batch.id) 批上报成功：\(moved) 条记录为已上报。"))
    }

    // MARK: Feedback

    @Sendable
    package func feedbackForm(req: Request) async throws -> Response {
        let (user, school) = try school(req)
        return try await renderFeedbackForm(req, user: user, school: school, error: nil)
    }

    func renderFeedbackForm(_ req: Request, user: CurrentUser, school: Int64, error: String?) async throws -> Response {
        let recent = try await NationalFeedbackImport.recent(school: school, on: req.db)
        return req.render(NationalFeedbackFormPage(context: req.pageContext("导入全国系统反馈", breadcrumb: [Crumb("全国系统上报", href: Self.path), Crumb("导入反馈")]),
                                                   recent: recent, csrfToken: user.csrfToken, error: error),
                          status: error == nil ? .ok : .unprocessableEntity)
    }

    @Sendable
    package func feedbackUpload(req: Request) async throws -> Response {
        let (user, school) = try school(req)
        struct Form: Content { var file: File? }
        let file = (try? req.content.decode(Form.self))?.file
        func refuse(_ message: String) async throws -> Response { try await renderFeedbackForm(req, user: user, school: school, error: message) }
        guard let file, file.data.readableBytes > 0 else { return try await refuse("请选择全国系统导出的反馈文件（.xlsx 或 .csv）。") }
        guard file.data.readableBytes <= NationalFeedbackImport.maxFileSize else { return try await refuse("文件超过 10 MB，请分成几个文件导入。") }
        let bytes = Array(file.data.readableBytesView)
        // Decided by content, as 导入毕业生: a zip (xlsx) or text (CSV).
        let isZip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
        if !isZip, (try? TextEncoding.decode(Array(bytes.prefix(64 * 1024)))) == nil || bytes.prefix(8).contains(0) {
            return try await refuse("只能导入 Excel (.xlsx) 或 CSV 文件；旧版 .xls 请在 Excel 中另存为 .xlsx。")
        }
        do {
            let id = try await NationalFeedbackImport.process(req, user: user, school: school, fileName: String(file.filename.suffix(120)), bytes: bytes)
            return req.seeOther(Self.path + "/feedback/\(id)", flash: Flash(.success, "反馈文件已导入，以下是每一行的处理结果。"))
        } catch NationalFeedbackImport.Failure.unreadable(let message) {
            return try await refuse(message)
        }
    }

    @Sendable
    package func feedbackResult(req: Request) async throws -> Response {
        let (_, school) = try school(req)
        guard let id = req.parameters.get("id").flatMap(Int64.init), let stored = try await NationalFeedbackImport.load(id, school: school, on: req.db) else {
            throw Abort(.notFound)
        }
        return req.render(NationalFeedbackResultPage(context: req.pageContext("反馈处理结果", breadcrumb: [
            Crumb("全国系统上报", href: Self.path), Crumb("导入反馈", href: Self.path + "/feedback"), Crumb(stored.fileName),
        ]), stored: stored))
    }
}
