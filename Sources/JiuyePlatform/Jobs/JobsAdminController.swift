import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 后台任务: the system admin sees queued, running, finished and failed jobs and retries failures.
package struct JobsAdminController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let jobs = routes.grouped("admin", "jobs")
        jobs.get(use: list)
        jobs.get("export", use: export)
        jobs.post(":id", "retry", use: retry)
    }

    package static let statuses: [(String, String, StatusBadge.Tone)] = [
        ("queued", "排队中", .info), ("running", "执行中", .warning), ("done", "已完成", .success), ("failed", "失败", .danger),
    ]

    /// Chinese names of the job kinds; modules add theirs as they land.

    package static func status(_ req: Request) -> String? {
        req.query[String.self, at: "status"].flatMap { value in statuses.contains { $0.0 == value } ? value : nil }
    }

    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let kind: String
        package let status: String
        package let run_at: Int64
        package let attempts: Int
        package let max_attempts: Int
        package let last_error: String?
        package let finished_at: Int64?
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let user = try req.requireRole(.systemAdmin)
        let status = Self.status(req)
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        var query = req.db.sql.select().columns("id", "kind", "status", "run_at", "attempts", "max_attempts", "last_error", "finished_at").from("jobs")
        if let status { query = query.where("status", .equal, SQLBind(status)) }
        let rows = try await query.orderBy("id", .descending).limit(20).offset(PageNumber.offset(page: page, pageSize: 20)).all(decoding: Row.self)
        var counts: [String: Int] = [:]
        for row in try await req.db.sql.select().column("status").column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
            .from("jobs").groupBy("status").all() {
            counts[try row.decode(column: "status", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        let total = status.map { counts[$0] ?? 0 } ?? counts.values.reduce(0, +)
        let jobs = req.application.jobs
        let names = Dictionary(uniqueKeysWithValues: Set(rows.map(\.kind)).map { ($0, jobs.label($0)) })
        let model = JobsPage.Model(rows: rows, counts: counts, status: status, page: page, total: total, kindNames: names, csrfToken: user.csrfToken)
        return req.render(JobsPage(context: req.pageContext("后台任务", breadcrumb: [Crumb("后台任务")]), model: model))
    }

    /// 导出 the jobs list under its status filter, audited (jobs carry no personal data: payloads are not exported).
    @Sendable
    package func export(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let status = Self.status(req)
        let format = SheetExport.format(req)
        try await req.db.writeTransaction { db in
            try await req.audit(.exportJobs, target: .jobs, id: nil,
                                changes: [.init("format", after: format.rawValue)] + (status.map { [.init("status", after: $0)] } ?? []), on: db)
        }
        let db = req.db, jobs = req.application.jobs
        let labels = Dictionary(uniqueKeysWithValues: Self.statuses.map { ($0.0, $0.1) })
        let columns: [XLSXWriter.Column] = [.init("编号", width: 8), .init("任务类型", width: 30), .init("状态", width: 8), .init("计划时间", width: 18),
                                            .init("尝试次数", width: 8), .init("次数上限", width: 8), .init("完成时间", width: 18), .init("最近错误", width: 40)]
        return SheetExport.response(req, filename: "后台任务", format: format, sheetName: "后台任务", columns: columns) { sink in
            try await sink.emitPages({ (before: Int64?) in
                var query = db.sql.select().columns("id", "kind", "status", "run_at", "attempts", "max_attempts", "last_error", "finished_at").from("jobs")
                if let status { query = query.where("status", .equal, SQLBind(status)) }
                if let before { query = query.where("id", .lessThan, SQLBind(before)) }
                return try await query.orderBy("id", .descending).limit(SheetExport.pageSize).all(decoding: Row.self)
            }, next: { rows, _ in rows[rows.count - 1].id }) { row in
                [.integer(Int(row.id)), .text(jobs.label(row.kind)), .text(labels[row.status] ?? row.status),
                 .text(ChinaTime.dateTime(row.run_at)), .integer(row.attempts), .integer(row.max_attempts),
                 .text(row.finished_at.map(ChinaTime.dateTime) ?? ""), .text(row.last_error ?? "")]
            }
        }
    }

    @Sendable
    package func retry(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        guard let id = req.parameters.get("id").flatMap(Int64.init) else { throw Abort(.notFound) }
        let now = req.now
        let changed = try await req.db.writeTransaction { db in
            let row = try await db.sql.select().column("status").from("jobs").where("id", .equal, SQLBind(id)).lockedForUpdate().first()
            guard try row?.decode(column: "status", as: String.self) == "failed" else { return false }
            try await db.sql.update("jobs").set("status", to: SQLBind("queued")).set("attempts", to: SQLBind(0))
                .set("run_at", to: SQLBind(now)).set("finished_at", to: SQLLiteral.null)
                .where("id", .equal, SQLBind(id)).run()
            try await req.audit(.jobRetry, target: .job, id: id, changes: [.init("status", before: "failed", after: "queued")], on: db)
            return true
        }
        guard changed else { throw Abort(.notFound) }
        return req.seeOther("/admin/jobs", flash: Flash(.success, "任务 #\(id) 已重新排队。"))
    }
}

package struct JobsPage: HTML {
    package struct Model: Sendable {
        package var rows: [JobsAdminController.Row]
        package var counts: [String: Int]
        package var status: String?
        package var page: Int
        package var total: Int
        /// Each listed kind's Chinese name.
        package var kindNames: [String: String]
        package var csrfToken: String

        package func labels(_ kind: String) -> String { kindNames[kind] ?? "其他任务" }
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let labels = Dictionary(uniqueKeysWithValues: JobsAdminController.statuses.map { ($0.0, ($0.1, $0.2)) })
        Layout(context) {
            Card(title: "后台任务") {
                p(.class("muted")) { "会话清理、消息发送、公示截止等计划和延迟任务。失败的任务按 30 秒、1 分钟、2 分钟……递增间隔自动重试，达到次数上限后停在“失败”，可在此重新排队。" }
                ul(.class("status-counts")) {
                    li { a(.href("/admin/jobs"), .ariaCurrent(model.status == nil ? "page" : "false")) { "全部 \(model.counts.values.reduce(0, +))" } }
                    ForEach(JobsAdminController.statuses) { status in
                        li { a(.href("/admin/jobs?status=\(status.0)"), .ariaCurrent(model.status == status.0 ? "page" : "false")) { "\(status.1) \(model.counts[status.0] ?? 0)" } }
                    }
                }
                DataTable(
                    columns: [.init("编号", numeric: true), .init("任务类型"), .init("状态"), .init("计划时间"), .init("尝试次数"), .init("完成时间"), .init("最近错误"), .init("操作")],
                    rows: model.rows.map { row in
                        let label = labels[row.status] ?? (row.status, .neutral)
                        return [AnyHTML(Text(String(row.id))), AnyHTML(Text(model.labels(row.kind))), AnyHTML(StatusBadge(label.0, tone: label.1)),
                                AnyHTML(Text(ChinaTime.dateTime(row.run_at))), AnyHTML(Text("\(row.attempts)/\(row.max_attempts)")),
                                AnyHTML(Text(row.finished_at.map(ChinaTime.dateTime) ?? "—")), AnyHTML(Text(row.last_error ?? "—")),
                                row.status == "failed"
                                    ? AnyHTML(form(.method("post"), .action("/admin/jobs/\(row.id)/retry")) { CSRFField(model.csrfToken); Button("重新排队", kind: .link) })
                                    : AnyHTML(Text("—"))]
                    },
                    emptyMessage: "暂无任务。")
                Pager(path: "/admin/jobs", baseQuery: model.status.map { [("status", $0)] } ?? [], page: model.page, pageSize: 20, total: model.total)
                ExportMenu(path: "/admin/jobs/export", query: model.status.map { [("status", $0)] } ?? [], total: model.total,
                           note: "导出任务类型、状态、时间和错误信息，不含任务内容；每次导出都会记入操作日志。")
            }
        }.render(into: &buffer)
    }
}
