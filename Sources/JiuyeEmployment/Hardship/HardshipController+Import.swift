import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

// MARK: - The school's import of the categories, and the export

extension HardshipController {
    func schoolAdmin(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireUser()
        guard user.role == .schoolAdmin, let school = user.active?.values[.school]?.first.flatMap(Int64.init) else { throw Abort(.notFound) }
        return (user, school)
    }

    @Sendable
    func importForm(req: Request) async throws -> Response {
        let (user, _) = try schoolAdmin(req)
        return req.render(HardshipPages.Import(context: req.pageContext("导入困难群体名单", breadcrumb: [Crumb("困难群体帮扶", href: "/hardship"), Crumb("导入")]),
                                               problems: [], message: nil, csrfToken: user.csrfToken))
    }

    /// A sheet with 学号 and 困难类别 (code or name, several separated by 、): every row is checked
    /// first; nothing is written while any row is wrong. A graduate's categories are replaced.
    @Sendable
    func importFile(req: Request) async throws -> Response {
        let (user, school) = try schoolAdmin(req)
        struct Form: Content { var file: File? }
        func refuse(_ problems: [String], _ message: String) -> Response {
            req.render(HardshipPages.Import(context: req.pageContext("导入困难群体名单", breadcrumb: [Crumb("困难群体帮扶", href: "/hardship"), Crumb("导入")]),
                                            problems: problems, message: Flash(.error, message), csrfToken: user.csrfToken), status: .unprocessableEntity)
        }
        guard let file = (try? req.content.decode(Form.self))?.file, file.data.readableBytes > 0 else { return refuse([], "请选择要导入的 .xlsx 或 .csv 文件。") }
        guard file.data.readableBytes <= Self.maxFileSize else { return refuse([], "文件超过 5 MB，请分成几个文件导入。") }
        var rows: [[String]] = []
        do {
            _ = try GraduateImport.forEachRow(Array(file.data.readableBytesView)) { cells in
                if rows.count <= 20_001 { rows.append(cells) }
            }
        } catch GraduateImport.Failure.unreadable(let why) {
            return refuse([], why)
        }
        guard let header = rows.first else { return refuse([], "文件是空的。") }
        let titles = header.map { $0.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces) }
        guard let numberColumn = titles.firstIndex(of: "学号"), let categoryColumn = titles.firstIndex(where: { ["困难类别", "困难群体类别", "类别"].contains($0) }) else {
            return refuse([], "第 1 行须有“学号”和“困难类别”两列。")
        }
        guard rows.count <= 20_001 else { return refuse([], "一次最多导入 20000 行，请分成几个文件。") }
        var problems: [String] = []
        var wanted: [String: String] = [:]
        for (index, cells) in rows.enumerated().dropFirst() {
            let number = (numberColumn < cells.count ? cells[numberColumn] : "").trimmingCharacters(in: .whitespaces).lowercased()
            let text = categoryColumn < cells.count ? cells[categoryColumn] : ""
            if number.isEmpty && text.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            guard !number.isEmpty else { problems.append("第 \(index + 1) 行：请填写学号。"); continue }
            guard let categories = HardshipCategory.parseList(text) else {
                problems.append("第 \(index + 1) 行：困难类别“\(text)”无法识别，可填写：\(HardshipCategory.allCases.map(\.label).joined(separator: "、"))。")
                continue
            }
            wanted[number] = "," + categories.map(\.rawValue).joined(separator: ",") + ","
        }
        // Every 学号 must be a graduate of this school.
        var ids: [String: Int64] = [:]
        for chunk in Array(wanted.keys).chunked(500) {
            for row in try await req.db.sql.raw("""
                SELECT u.id, u.student_no FROM users u JOIN students st ON st.user_id = u.id
                WHERE st.school_id = \(bind: school) AND u.student_no IN (\(SQLList(chunk.map { SQLBind($0) })))
                """).all() {
                ids[try row.decode(column: "student_no", as: String.self)] = try row.decode(column: "id", as: Int64.self)
            }
        }
        for number in wanted.keys.sorted() where ids[number] == nil { problems.append("学号 \(number) 不是本校毕业生。") }
        guard problems.isEmpty else { return refuse(Array(problems.prefix(200)), "有 \(problems.count) 处需要修改，未导入任何数据。") }
        guard !wanted.isEmpty else { return refuse([], "文件中没有数据行。") }
        let now = req.now
        let entries = wanted.compactMap { number, categories in ids[number].map { ($0, categories) } }
        try await req.db.writeTransaction { db in
            for chunk in entries.chunked(500) {
                try await db.sql.delete(from: "hardship_students").where("user_id", .in, SQLGroupExpression(chunk.map { SQLBind($0.0) })).run()
                var insert = db.sql.insert(into: "hardship_students").columns("user_id", "school_id", "categories", "imported_by", "imported_at")
                for (id, categories) in chunk { insert = insert.values(SQLBind(id), SQLBind(school), SQLBind(categories), SQLBind(user.id), SQLBind(now)) }
                try await insert.run()
            }
            try await req.audit(.hardshipImport, target: .hardship, id: nil, changes: [.init("rows", after: String(entries.count))], on: db)
        }
        return req.seeOther("/hardship", flash: Flash(.success, "已导入 \(entries.count) 名困难群体毕业生。"))
    }

    /// The list as filtered, with categories and assistance counts; audited.
    @Sendable
    func export(req: Request) async throws -> Response {
        let user = try viewer(req)
        let filter = Filter(req)
        let format = QueryString.parse(req.url.query)["format"].flatMap(ExportFormat.init(rawValue:)) ?? .xlsx
        try await req.db.writeTransaction { db in
            try await req.audit(.hardshipExport, target: .hardship, id: nil, changes: [.init("format", after: format.rawValue)], on: db)
        }
        let rows = try await matching(req, user: user, filter: filter, select: req.db.sql.select()
            .column(SQLColumn("user_id", table: "h")).column(SQLColumn("categories", table: "h")).column(SQLColumn("display_name", table: "u"))
            .column(SQLColumn("student_no", table: "u")).column(SQLColumn("cohort", table: "st"))
            .column(SQLAlias(SQLGroupExpression(SQLRaw("SELECT name FROM colleges c WHERE c.id = st.college_id")), as: SQLIdentifier("college")))
            .column(SQLAlias(SQLGroupExpression(SQLRaw("SELECT COUNT(*) FROM assistance_records a WHERE a.user_id = h.user_id")), as: SQLIdentifier("times")))
            .column(SQLAlias(SQLGroupExpression(SQLRaw("SELECT MAX(day) FROM assistance_records a WHERE a.user_id = h.user_id")), as: SQLIdentifier("last_day"))))
            .orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "h"), direction: SQLDirection.descending)).limit(50_000).all().map(HardshipPages.Row.init)
        return SheetExport.response(req, filename: "困难群体帮扶情况", format: format, personalData: .masked, sheetName: "困难群体帮扶",
                                    columns: ["姓名", "学号", "院系", "届别", "困难类别", "帮扶次数", "最近帮扶日期"].map { XLSXWriter.Column($0) }) { sink in
            for row in rows {
                try await sink.emit([.text(row.name), .text(row.studentNo), .text(row.college), .integer(row.cohort), .text(row.categoryText),
                                     .integer(row.times), .text(row.lastDay ?? "")])
            }
        }
    }
}
