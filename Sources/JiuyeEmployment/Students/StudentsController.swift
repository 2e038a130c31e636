import JiuyePlatform
import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 毕业生名单 for counselors, college admins, school admins and grassroots reviewers, in scope.
package struct StudentsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let students = routes.grouped("students")
        students.get(use: list)
        students.get("export", use: export)
        students.get(":id", use: show)
        students.post(":id", "reveal", use: reveal)
    }

    package func requireStaff(_ req: Request) throws -> CurrentUser {
        try req.requireRole(.counselor, .collegeAdmin, .schoolAdmin, .grassrootsReviewer)
    }

    package func filter(_ req: Request) -> StudentQueries.Filter {
        let query = QueryString.parse(req.url.query)
        var filter = StudentQueries.Filter()
        filter.cohort = query["cohort"].flatMap(Int.init)
        filter.level = query["level"].flatMap { EducationLevel(rawValue: $0)?.rawValue }
        filter.collegeID = query["college"].flatMap(Int64.init)
        filter.keyword = query["q"]?.trimmingCharacters(in: .whitespaces)
        filter.page = PageNumber.parse(query["page"])
        return filter
    }

    /// 导出 the list with its filters, as .xlsx or CSV, streamed a thousand rows at a time.
    /// 证件号码 and 手机号 are masked; only the school admin may ask for them in full (`full=1`),
    /// and every export is audited with its filters and whether it was full.
    @Sendable
    package func export(req: Request) async throws -> Response {
        let user = try requireStaff(req)
        let filter = filter(req)
        let format = SheetExport.format(req)
        let full = QueryString.parse(req.url.query)["full"] == "1" && user.role == .schoolAdmin
        // Every 生源 column, in the import template's layout (school admin).
        if QueryString.parse(req.url.query)["columns"] == "all" { return try await GraduateRecordExport.response(req, filter: filter, format: format, full: full) }
        let scope = user.scope
        let keys = req.keys
        let db = req.db
        try await req.db.writeTransaction { tx in
            try await req.audit(.exportStudents, target: .students, id: nil, changes: [
                .init("format", after: format.rawValue), .init("full", after: full ? "完整个人信息" : "已脱敏"),
                .init("filter", after: [filter.cohort.map { "届别=\($0)" }, filter.level.map { "学历=\($0)" }, filter.collegeID.map { "院系=\($0)" },
                                        filter.keyword.flatMap { $0.isEmpty ? nil : "关键字" }].compactMap { $0 }.joined(separator: "，")),
            ], on: tx)
        }
        let columns: [XLSXWriter.Column] = [.init("学号", width: 14), .init("姓名", width: 10), .init("性别", width: 6), .init("证件号码", width: 22),
                                            .init("手机号", width: 14), .init("院系", width: 20), .init("专业", width: 20), .init("班级", width: 14),
                                            .init("届别", width: 8), .init("学历", width: 8)]
        return SheetExport.response(req, filename: "毕业生名单", format: format, personalData: full ? .full : .masked, sheetName: "毕业生名单", columns: columns) { sink in
            try await sink.emitPages({ (after: Int64?) in
                var query = StudentQueries.apply(filter, to: StudentQueries.base(db), keys: keys).scoped(to: scope, columns: ScopeFilter.studentColumns)
                if let after { query = query.where(SQLColumn("user_id", table: "st"), .lessThan, SQLBind(after)) }
                return try await query.orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "st"), direction: SQLDirection.descending))
                    .limit(SheetExport.pageSize).all(decoding: StudentQueries.Row.self)
            }, next: { rows, _ in rows[rows.count - 1].user_id }) { row in
                let idNumber = try row.id_number_cipher.map { try keys.decrypt($0) }
                let phone = try row.phone_cipher.map { try keys.decrypt($0) }
                return [.text(row.student_no), .text(row.display_name), .text(row.gender),
                        .text(idNumber.map { full ? $0 : Masking.idNumber($0) }), .text(phone.map { full ? $0 : Masking.phone($0) }),
                        .text(row.college_name), .text(row.major_name), .text(row.class_name), .integer(row.cohort), .text(row.level)]
            }
        }
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let user = try requireStaff(req)
        let filter = filter(req)
        let (rows, total) = try await StudentQueries.list(scope: user.scope, filter: filter, counts: req.application.studentCounts, now: req.now, on: req.db, keys: req.keys)
        let colleges = try await ScopeOptions.colleges(req, scope: user.scope)
        let model = StudentListPage.Model(
            rows: try rows.map { try StudentListPage.Item($0, keys: req.keys) },
            total: total, filter: filter, colleges: colleges, levels: ScopeOptions.levels(scope: user.scope),
            cohorts: ScopeOptions.cohorts(scope: user.scope, around: RequestNumber.parse(String(ChinaTime.date(req.now).prefix(4)), in: 2000...2200) ?? 2026),
            query: [("cohort", filter.cohort.map(String.init)), ("level", filter.level), ("college", filter.collegeID.map(String.init)), ("q", filter.keyword)]
                .compactMap { name, value in value.flatMap { $0.isEmpty ? nil : (name, $0) } },
            canExportFull: user.role == .schoolAdmin, canAdd: user.role == .schoolAdmin)
        return req.render(StudentListPage(context: req.pageContext("毕业生名单", breadcrumb: [Crumb("毕业生名单")]), model: model))
    }

    @Sendable
    package func show(req: Request) async throws -> Response {
        try await detail(req, reveal: false)
    }

    /// 查看完整信息: the full 证件号码 and 手机号, shown only on request and audited.
    @Sendable
    package func reveal(req: Request) async throws -> Response {
        try await detail(req, reveal: true)
    }

    package func detail(_ req: Request, reveal: Bool) async throws -> Response {
        let user = try requireStaff(req)
        guard let id = req.parameters.get("id").flatMap(Int64.init),
              let row = try await StudentQueries.find(userID: id, scope: user.scope, on: req.db) else {
            throw Abort(.notFound)
        }
        let item = try StudentListPage.Item(row, keys: req.keys)
        var idNumber = item.idNumber
        var phone = item.phone
        if reveal {
            idNumber = try row.id_number_cipher.map { try req.keys.decrypt($0) } ?? "—"
            phone = try row.phone_cipher.map { try req.keys.decrypt($0) } ?? "—"
            try await req.db.writeTransaction { db in
                try await req.audit(.personalReveal, target: .user, id: id,
                                    changes: [.init("fields", after: "证件号码、手机号"), .init("student", after: item.studentNo)], on: db)
            }
        }
        let details: [(String, String)] = [("姓名", item.name), ("学号", item.studentNo), ("性别", row.gender ?? "—"), ("证件号码", idNumber),
                                           ("手机号", phone), ("院系", row.college_name), ("专业", row.major_name),
                                           ("班级", row.class_name ?? "—"), ("届别", "\(row.cohort)届"), ("学历", row.level)]
        let page = StudentDetailPage(context: req.pageContext(item.name, breadcrumb: [Crumb("毕业生名单", href: "/students"), Crumb(item.name)]),
                                     details: details, id: id, revealed: reveal, csrfToken: user.csrfToken)
        return req.render(page)
    }
}

package struct StudentListPage: HTML {
    package struct Item: Sendable {
        package let id: Int64
        package let name: String
        package let studentNo: String
        package let idNumber: String
        package let phone: String
        package let college: String
        package let major: String
        package let className: String
        package let cohort: Int
        package let level: String

        package init(_ row: StudentQueries.Row, keys: KeyService) throws {
            id = row.user_id
            name = row.display_name
            studentNo = row.student_no ?? "—"
            idNumber = try row.id_number_cipher.map { Masking.idNumber(try keys.decrypt($0)) } ?? "—"
            phone = try row.phone_cipher.map { Masking.phone(try keys.decrypt($0)) } ?? "—"
            college = row.college_name
            major = row.major_name
            className = row.class_name ?? "—"
            cohort = row.cohort
            level = row.level
        }
    }

    package struct Model: Sendable {
        package var rows: [Item]
        package var total: Int
        package var filter: StudentQueries.Filter
        package var colleges: [SelectOption]
        /// 学历 and 届别 options in the user's scope.
        package var levels: [SelectOption] = []
        package var cohorts: [SelectOption] = []
        package var query: [(String, String)]
        package var canExportFull = false
        /// The school admin adds graduates (one by form, or by file).
        package var canAdd = false
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "毕业生名单") {
                if model.canAdd {
                    div(.class("action-row list-actions")) {
                        LinkButton("添加毕业生", href: "/students/new")
                        LinkButton("导入毕业生", href: "/students/import")
                    }
                }
                FilterBar(path: "/students") {
                    SelectField("届别", name: "cohort", options: model.cohorts, selected: model.filter.cohort.map(String.init), prompt: "全部", id: "f-cohort")
                    SelectField("学历", name: "level", options: model.levels, selected: model.filter.level, prompt: "全部", id: "f-level")
                    SelectField("院系", name: "college", options: model.colleges, selected: model.filter.collegeID.map(String.init), prompt: "全部", id: "f-college")
                    TextField("关键字", name: "q", value: model.filter.keyword ?? "", placeholder: "姓名、学号或证件号码", id: "f-q")
                }
                DataTable(
                    columns: [.init("姓名"), .init("学号"), .init("证件号码"), .init("手机号"), .init("院系"), .init("专业"), .init("班级"), .init("届别"), .init("学历")],
                    rows: model.rows.map { item in
                        [AnyHTML(a(.href("/students/\(item.id)")) { item.name }), AnyHTML(Text(item.studentNo)), AnyHTML(Text(item.idNumber)),
                         AnyHTML(Text(item.phone)), AnyHTML(Text(item.college)), AnyHTML(Text(item.major)), AnyHTML(Text(item.className)),
                         AnyHTML(Text("\(item.cohort)届")), AnyHTML(Text(item.level))]
                    },
                    emptyMessage: "没有符合条件的毕业生。若您的范围内应有毕业生，请联系学校系统管理员核对为您分配的届别、院系、班级和学历。")
                Pager(path: "/students", baseQuery: model.query, page: model.filter.page, pageSize: model.filter.pageSize, total: model.total)
                ExportMenu(path: "/students/export", query: model.query, total: model.total, allowFull: model.canExportFull)
                if model.canExportFull { GraduateRecordExportLinks(query: model.query) }
            }
        }.render(into: &buffer)
    }
}

package struct StudentDetailPage: HTML {
    package let context: PageContext
    package let details: [(String, String)]
    package let id: Int64
    package let revealed: Bool
    package let csrfToken: String

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "毕业生信息") {
                if revealed {
                    div(.class("alert alert-warning"), .role("status")) { "正在显示完整的证件号码和手机号，本次查看已记入操作日志。请勿截屏或外传。" }
                }
                DescriptionList(details)
                form(.method("post"), .action("/students/\(id)/reveal"), .class("form-actions"),
                     .data("data-confirm", "查看完整的证件号码和手机号将记入操作日志，确定查看吗？")) {
                    CSRFField(csrfToken)
                    LinkButton("返回名单", href: "/students")
                    if !revealed { Button("查看完整信息", kind: .secondary) }
                }
            }
        }.render(into: &buffer)
    }
}
