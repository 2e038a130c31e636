import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 困难群体帮扶登记 (seed 004 §3, C19): the school imports the categories; counselors and college
/// admins of the graduate's scope see them and record assistance; every view of a graduate's
/// page and every export is audited. Nobody else sees that a graduate is in a 困难群体.
package struct HardshipController: RouteCollection {
    static let viewers: Set<Role> = [.counselor, .collegeAdmin, .schoolAdmin]
    static let recorders: Set<Role> = [.counselor, .collegeAdmin]
    static let pageSize = 20
    static let maxFileSize = 5 * 1024 * 1024

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("hardship", use: list)
        routes.get("hardship", "export", use: export)
        routes.get("hardship", "import", use: importForm)
        routes.on(.POST, "hardship", "import", body: .collect(maxSize: ByteCount(value: Self.maxFileSize + 64 * 1024)), use: importFile)
        routes.get("hardship", ":user", use: show)
        routes.post("hardship", ":user", use: record)
    }

    func viewer(_ req: Request) throws -> CurrentUser {
        let user = try req.requireUser()
        guard let role = user.role, Self.viewers.contains(role) else { throw Abort(.notFound) }
        return user
    }

    struct Filter: Sendable {
        var category: HardshipCategory?
        var keyword: String?
        var page: Int

        init(_ req: Request) {
            let query = QueryString.parse(req.url.query)
            category = query["type"].flatMap(HardshipCategory.init(rawValue:))
            keyword = query["q"].map { String(WorkflowText.trimmed($0).prefix(30)) }.flatMap { $0.isEmpty ? nil : $0 }
            page = PageNumber.parse(query["page"])
        }

        var query: [(String, String)] { [("type", category?.rawValue), ("q", keyword)].compactMap { name, value in value.map { (name, $0) } } }
    }

    /// The graduates in a 困难群体 within the user's scope, matching the filter.
    func matching(_ req: Request, user: CurrentUser, filter: Filter, select: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier("hardship_students"), as: SQLIdentifier("h")))
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("st")), on: SQLColumn("user_id", table: "st"), .equal, SQLColumn("user_id", table: "h"))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "h"))
            .scoped(to: user.scope, columns: ScopeFilter.studentColumns)
        if let category = filter.category { query = query.where(SQLColumn("categories", table: "h"), .like, SQLBind("%,\(category.rawValue),%")) }
        if let keyword = filter.keyword {
            query = query.where { group in
                group.where(SQLColumn("display_name", table: "u"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                    .orWhere(SQLColumn("student_no", table: "u"), .equal, SQLBind(keyword.lowercased()))
            }
        }
        return query
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        let user = try viewer(req)
        let filter = Filter(req)
        let total = try await matching(req, user: user, filter: filter, select: req.db.sql.select()
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await matching(req, user: user, filter: filter, select: req.db.sql.select()
            .column(SQLColumn("user_id", table: "h")).column(SQLColumn("categories", table: "h")).column(SQLColumn("display_name", table: "u"))
            .column(SQLColumn("student_no", table: "u")).column(SQLColumn("cohort", table: "st"))
            .column(SQLAlias(SQLGroupExpression(SQLRaw("SELECT name FROM colleges c WHERE c.id = st.college_id")), as: SQLIdentifier("college")))
            .column(SQLAlias(SQLGroupExpression(SQLRaw("SELECT COUNT(*) FROM assistance_records a WHERE a.user_id = h.user_id")), as: SQLIdentifier("times")))
            .column(SQLAlias(SQLGroupExpression(SQLRaw("SELECT MAX(day) FROM assistance_records a WHERE a.user_id = h.user_id")), as: SQLIdentifier("last_day"))))
            .orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "h"), direction: SQLDirection.descending))
            .limit(Self.pageSize).offset(PageNumber.offset(page: filter.page, pageSize: Self.pageSize))
            .all().map(HardshipPages.Row.init)
        let model = HardshipPages.ListModel(rows: rows, total: total, filter: filter.category?.rawValue, keyword: filter.keyword, page: filter.page,
                                            query: filter.query, canImport: user.role == .schoolAdmin)
        return req.render(HardshipPages.List(context: req.pageContext("困难群体帮扶", breadcrumb: [Crumb("困难群体帮扶")]), model: model))
    }

    /// A graduate of the user's scope who is in a 困难群体, or 404.
    func target(_ req: Request, user: CurrentUser) async throws -> (StudentQueries.Row, [HardshipCategory]) {
        guard let id = RequestNumber.id(req.parameters.get("user")),
              let student = try await StudentQueries.find(userID: id, scope: user.scope, on: req.db),
              let categories = try await req.db.sql.select().column("categories").from("hardship_students").where("user_id", .equal, SQLBind(id)).first()?
                .decode(column: "categories", as: String.self) else { throw Abort(.notFound) }
        return (student, categories.split(separator: ",").compactMap { HardshipCategory(rawValue: String($0)) })
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        let user = try viewer(req)
        let (student, categories) = try await target(req, user: user)
        // Sensitive personal information (PIPL art. 28): every view is in the operation log.
        try await req.db.writeTransaction { db in
            try await req.audit(.hardshipView, target: .hardship, id: student.user_id, changes: [.init("student", after: student.student_no ?? "")], on: db)
        }
        return try await render(req, user: user, student: student, categories: categories, form: [:], errors: [:], message: nil)
    }

    func render(_ req: Request, user: CurrentUser, student: StudentQueries.Row, categories: [HardshipCategory], form: [String: String],
                errors: [String: String], message: Flash?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let records = try await req.db.sql.raw("""
            SELECT a.day, a.kind, a.content, a.result, u.display_name AS by_name FROM assistance_records a LEFT JOIN users u ON u.id = a.created_by
            WHERE a.user_id = \(bind: student.user_id) ORDER BY a.day DESC, a.id DESC LIMIT 200
            """).all().map(HardshipPages.Record.init)
        let model = HardshipPages.DetailModel(student: student, categories: categories, records: records, canRecord: Self.recorders.contains(user.role!),
                                              form: form, errors: errors, message: message, today: ChinaTime.date(req.now), csrfToken: user.csrfToken)
        return req.render(HardshipPages.Detail(context: req.pageContext("帮扶记录", breadcrumb: [Crumb("困难群体帮扶", href: "/hardship"), Crumb(student.display_name)]),
                                               model: model), status: status)
    }

    @Sendable
    func record(req: Request) async throws -> Response {
        let user = try viewer(req)
        guard Self.recorders.contains(user.role!) else { throw Abort(.forbidden) }
        let (student, categories) = try await target(req, user: user)
        let fields = FormFields(req)
        let form = ["date": fields.value("date"), "kind": fields.value("kind"), "content": fields.value("content"), "result": fields.value("result")]
        guard let today = CivilDate.parse(ChinaTime.date(req.now)) else { throw Abort(.internalServerError) }
        switch AssistanceEntry.check(date: form["date"]!, kind: form["kind"]!, content: form["content"]!, result: form["result"]!, today: today) {
        case .failure(let problems):
            return try await render(req, user: user, student: student, categories: categories, form: form, errors: problems.byField,
                                    message: Flash(.error, "请按提示修改后再保存。"), status: .unprocessableEntity)
        case .success(let entry):
            let now = req.now
            try await req.db.writeTransaction { db in
                try await db.sql.insert(into: "assistance_records").columns("user_id", "day", "kind", "content", "result", "created_by", "created_at")
                    .values(SQLBind(student.user_id), SQLBind(entry.date.description), SQLBind(entry.kind.rawValue), SQLBind(entry.content), SQLBind(entry.result),
                            SQLBind(user.id), SQLBind(now)).run()
                try await req.audit(.hardshipRecord, target: .hardship, id: student.user_id, changes: [
                    .init("student", after: student.student_no ?? ""), .init("kind", after: entry.kind.label), .init("day", after: entry.date.description),
                ], on: db)
            }
            return req.seeOther("/hardship/\(student.user_id)", flash: Flash(.success, "已保存帮扶记录。"))
        }
    }
}

extension AuditAction {
    package static let hardshipView = AuditAction("hardship.view", "查看困难群体帮扶记录")
    package static let hardshipRecord = AuditAction("hardship.record", "新建帮扶记录")
    package static let hardshipImport = AuditAction("hardship.import", "导入困难群体名单")
    package static let hardshipExport = AuditAction("hardship.export", "导出困难群体帮扶情况")
    package static let hardship: [AuditAction] = [.hardshipView, .hardshipRecord, .hardshipImport, .hardshipExport]
}

extension AuditTarget {
    package static let hardship = AuditTarget("hardship", "困难群体帮扶")
}
