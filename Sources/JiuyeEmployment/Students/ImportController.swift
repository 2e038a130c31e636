import JiuyePlatform
import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 导入毕业生: the school admin uploads an .xlsx or CSV; the job runner checks and imports it;
/// the page follows the job and shows the error report (also as .xlsx).
package struct ImportController: RouteCollection {
    package static let maxFileSize = 30 * 1024 * 1024

    package func boot(routes: any RoutesBuilder) throws {
        let imports = routes.grouped("students", "import")
        imports.get(use: form)
        imports.get("template.xlsx", use: template)
        imports.on(.POST, body: .collect(maxSize: ByteCount(value: Self.maxFileSize + 64 * 1024)), use: upload)
        imports.get(":id", use: show)
        imports.get(":id", "report.xlsx", use: report)
    }

    package static func register(on app: Application) {
        app.csrfQueryTokenPaths.insert("/students/import")
        app.jobs.register(GraduateImport.jobKind, label: "毕业生导入") { app, payload in
            guard let id = Int64(payload) else { return }
            try await run(app, importID: id)
        }
    }

    package func school(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.schoolAdmin)
        guard let school = user.scope.values[.school]?.first.flatMap(Int64.init) else { throw Abort(.forbidden, reason: "您的账号没有分配学校。") }
        return (user, school)
    }

    package struct ImportRow: Sendable {
        package let id: Int64
        package let fileName: String
        package let format: String
        package let status: String
        package let total: Int?
        package let processed: Int
        package let imported: Int
        package let errors: Int
        package let message: String?
        package let createdAt: Int64
        package let finishedAt: Int64?
        package let report: [GraduateImport.Problem]

        package init(_ row: any SQLRow, withReport: Bool) throws {
            id = try row.decode(column: "id", as: Int64.self)
            fileName = try row.decode(column: "file_name", as: String.self)
            format = try row.decode(column: "file_format", as: String.self)
            status = try row.decode(column: "status", as: String.self)
            total = try row.decode(column: "total_rows", as: Int?.self)
            processed = try row.decode(column: "processed_rows", as: Int.self)
            imported = try row.decode(column: "imported_rows", as: Int.self)
            errors = try row.decode(column: "error_count", as: Int.self)
            message = try row.decode(column: "message", as: String?.self)
            createdAt = try row.decode(column: "created_at", as: Int64.self)
            finishedAt = try row.decode(column: "finished_at", as: Int64?.self)
            if withReport, let json = try row.decode(column: "errors_json", as: String?.self) {
                report = try JSONDecoder().decode([GraduateImport.Problem].self, from: Data(json.utf8))
            } else {
                report = []
            }
        }

        package var statusLabel: String {
            switch status {
            case "queued": "排队中"
            case "checking": "正在检查"
            case "importing": "正在写入"
            case "done": "导入成功"
            default: "未导入"
            }
        }

        package var isRunning: Bool { ["queued", "checking", "importing"].contains(status) }
    }

    package static let columns = "id, file_name, file_format, status, total_rows, processed_rows, imported_rows, error_count, message, created_at, finished_at"

    @Sendable
    package func form(req: Request) async throws -> Response {
        let (user, school) = try school(req)
        return try await renderForm(req, user: user, school: school, error: nil)
    }

    /// The upload form with the school's ten latest imports (and why the last upload was refused).
    package func renderForm(_ req: Request, user: CurrentUser, school: Int64, error: String?) async throws -> Response {
        let recent = try await req.db.sql.raw("""
            SELECT \(unsafeRaw: Self.columns) FROM imports WHERE school_id = \(bind: school) AND kind = 'graduates' ORDER BY id DESC LIMIT 10
            """).all().map { try ImportRow($0, withReport: false) }
        return req.render(ImportFormPage(context: req.pageContext("导入毕业生", breadcrumb: [Crumb("毕业生名单", href: "/students"), Crumb("导入毕业生")]),
                                         recent: recent, csrfToken: user.csrfToken, error: error), status: error == nil ? .ok : .unprocessableEntity)
    }

    /// The template: the import's columns (required ones marked "*"), an example row, the code
    /// lists on a second sheet and drop-downs referring to them (`ImportTemplate`).
    @Sendable
    package func template(req: Request) async throws -> Response {
        let (_, school) = try school(req)
        let year = ChinaTime.components(req.now).year ?? 2026
        let bytes = try await ImportTemplate.workbook(school: school, cohort: year, app: req.application, on: req.db)
        let headers = Download.headers(contentType: ExportFormat.xlsx.contentType, filename: "毕业生导入模板.xlsx", fallback: "template.xlsx")
        return Response(status: .ok, headers: headers, body: .init(data: Data(bytes)))
    }

    @Sendable
    package func upload(req: Request) async throws -> Response {
        let (user, school) = try school(req)
        struct Form: Content { var file: File? }
        let file = (try? req.content.decode(Form.self))?.file
        func refuse(_ message: String) async throws -> Response { try await renderForm(req, user: user, school: school, error: message) }
        guard let file, file.data.readableBytes > 0 else { return try await refuse("请选择要导入的 .xlsx 或 .csv 文件。") }
        guard file.data.readableBytes <= Self.maxFileSize else { return try await refuse("文件超过 30 MB，请分成几个文件导入。") }
        let bytes = Data(file.data.readableBytesView)
        // Decided by content: a zip (xlsx) or text (CSV); anything else is refused now.
        let isZip = bytes.starts(with: [0x50, 0x4B, 0x03, 0x04])
        if !isZip, (try? TextEncoding.decode(Array(bytes.prefix(64 * 1024)))) == nil || bytes.prefix(8).contains(0) {
            return try await refuse("只能导入 Excel (.xlsx) 或 CSV 文件；旧版 .xls 请在 Excel 中另存为 .xlsx。")
        }
        let contentKey = FileCipher.contentKey(of: bytes)
        let dataKey = FileCipher.DataKey.random()
        try await (try req.application.uploadStore).put(try FileCipher.seal(bytes, contentKey: contentKey, with: dataKey), key: contentKey)
        let name = String(file.filename.suffix(120))
        let now = req.now
        let id = try await req.db.writeTransaction { db in
            let id = try await db.sql.raw("""
                INSERT INTO imports (kind, school_id, created_by, created_at, file_name, file_format, blob_key, data_key_cipher, status, processed_rows, imported_rows, error_count)
                VALUES ('graduates', \(bind: school), \(bind: user.id), \(bind: now), \(bind: name), \(bind: isZip ? "xlsx" : "csv"), \(bind: contentKey),
                \(bind: dataKey.wrapped(by: req.keys)), 'queued', 0, 0, 0) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await Jobs.enqueue(GraduateImport.jobKind, payload: String(id), runAt: now, maxAttempts: 1, on: db)
            try await req.audit(.importGraduatesUpload, target: .graduateImport, id: id, changes: [.init("file", after: name)], on: db)
            return id
        }
        return req.seeOther("/students/import/\(id)", flash: Flash(.success, "文件已上传，正在后台检查和导入。"))
    }

    package func load(_ req: Request, withReport: Bool) async throws -> ImportRow {
        let (_, school) = try school(req)
        guard let id = req.parameters.get("id").flatMap(Int64.init), let row = try await req.db.sql.raw("""
            SELECT \(unsafeRaw: Self.columns)\(unsafeRaw: withReport ? ", errors_json" : "") FROM imports WHERE id = \(bind: id) AND school_id = \(bind: school)
            """).first() else { throw Abort(.notFound) }
        return try ImportRow(row, withReport: withReport)
    }

    @Sendable
    package func show(req: Request) async throws -> Response {
        let row = try await load(req, withReport: true)
        return req.render(ImportResultPage(context: req.pageContext("导入结果", breadcrumb: [Crumb("导入毕业生", href: "/students/import"), Crumb(row.fileName)]),
                                           row: row))
    }

    /// The error report as .xlsx: 行号, 列, 原值 (personal data masked), 问题.
    @Sendable
    package func report(req: Request) async throws -> Response {
        let row = try await load(req, withReport: true)
        try await req.db.writeTransaction { db in try await req.audit(.importGraduatesReport, target: .graduateImport, id: row.id, on: db) }
        let problems = row.report
        return SheetExport.response(req, filename: "导入错误报告-\(row.id)", format: .xlsx, sheetName: "错误报告",
                                    columns: [.init("行号", width: 8), .init("列", width: 14), .init("原值", width: 24), .init("问题", width: 60)]) { sink in
            for problem in problems {
                try await sink.emit([.integer(problem.row), .text(problem.column), .text(problem.value), .text(problem.message)])
            }
        }
    }

    // MARK: The job

    package static func run(_ app: Application, importID: Int64) async throws {
        let db = app.db
        guard let row = try await db.sql.raw("""
            SELECT school_id, created_by, blob_key, data_key_cipher, status FROM imports WHERE id = \(bind: importID)
            """).first(), try row.decode(column: "status", as: String.self) == "queued" else { return }
        let school = try row.decode(column: "school_id", as: Int64.self)
        let blobKey = try row.decode(column: "blob_key", as: String.self)
        let store = try app.uploadStore
        func update(_ sql: SQLQueryString) async throws { try await db.sql.raw(sql).run() }
        func finish(status: String, message: String, errors: [GraduateImport.Problem] = [], errorCount: Int = 0, imported: Int = 0) async throws {
            let json = String(decoding: try JSONEncoder().encode(errors), as: UTF8.self)
            try await update("""
                UPDATE imports SET status = \(bind: status), message = \(bind: message), errors_json = \(bind: json), error_count = \(bind: errorCount),
                imported_rows = \(bind: imported), finished_at = \(bind: app.clock.now()) WHERE id = \(bind: importID)
                """)
            // The file held personal data; it is not kept once the import has ended.
            try? await store.delete(key: blobKey)
        }
        do {
            try await update("UPDATE imports SET status = 'checking' WHERE id = \(bind: importID)")
            guard let sealed = try await store.get(key: blobKey) else { return try await finish(status: "failed", message: "上传的文件已不存在，请重新上传。") }
            let bytes = try FileCipher.open(sealed, contentKey: blobKey, with: .unwrap(try row.decode(column: "data_key_cipher", as: String.self), keys: app.keys))
            var checked = try await GraduateImport.check(Array(bytes), school: school, app: app, on: db, keys: app.keys) { done in
                try await update("UPDATE imports SET processed_rows = \(bind: done) WHERE id = \(bind: importID)")
            }
            try await update("UPDATE imports SET total_rows = \(bind: checked.total), processed_rows = \(bind: checked.total) WHERE id = \(bind: importID)")
            guard checked.total > 0 else { return try await finish(status: "failed", message: "文件中没有毕业生数据（第一行之后都是空行）。") }
            if checked.problemCount == 0 { try await update("UPDATE imports SET status = 'importing' WHERE id = \(bind: importID)") }
            let now = app.clock.now(), keys = app.keys
            let creator = try row.decode(column: "created_by", as: Int64.self)
            let count = checked.prepared.count
            let imported = try await GraduateImport.importChecked(&checked, school: school, keys: keys, now: now, on: db) { db in
                try await Audit.record(.importGraduates, target: .graduateImport, id: importID,
                                       changes: [.init("rows", after: String(count)), .init("uploaded_by", after: String(creator))],
                                       actor: nil, ip: nil, now: now, keys: keys, on: db)
            }
            if imported { app.studentCounts.invalidate() }
            guard imported else {
                let rows = Set(checked.problems.map(\.row)).count
                return try await finish(status: "failed", message: "共 \(checked.total) 行，\(rows)\(checked.problemCount > checked.problems.count ? " 行以上" : " 行")有问题，共 \(checked.problemCount) 处。按规定全部正确才导入，本次没有导入任何数据；请按错误报告修改后重新上传。",
                                        errors: checked.problems, errorCount: checked.problemCount)
            }
            try await finish(status: "done", message: "已导入 \(count) 名毕业生。他们首次登录时用学号和证件号码激活账号并设置密码。", imported: count)
        } catch let failure as GraduateImport.Failure {
            switch failure {
            case .unreadable(let message): try await finish(status: "failed", message: message)
            case .header(let messages): try await finish(status: "failed", message: messages.joined(separator: " "))
            }
        } catch {
            app.logger.error("import \(importID) failed: \(String(describing: error))")
            try await finish(status: "failed", message: "导入时发生错误，没有导入任何数据。请稍后重试；如果问题持续，请联系系统管理员。")
        }
    }
}
