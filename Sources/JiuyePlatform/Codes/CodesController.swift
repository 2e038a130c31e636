import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 数据字典: the national code tables as loaded (with source, version and date), searchable.
/// The system admin and the school admin read them; the system admin adds local codes (marked
/// 本校自定义) and deletes a local code that nothing uses; both add 简称 (aliases), which an
/// import resolves like the code's name. National codes are never edited here: they change by
/// regenerating the data files (docs/DATA_SOURCES.md).
package struct CodesController: RouteCollection {
    package static let pageSize = 50

    package func boot(routes: any RoutesBuilder) throws {
        let codes = routes.grouped("admin", "codes")
        codes.get(use: tables)
        codes.get(":key", use: table)
        codes.get(":key", "export", use: export)
        // Every write empties the kept totals of the code tables' lists.
        let writes = codes.grouped(KeptCountsInvalidation(prefix: "codes|"))
        writes.post(":key", use: add)
        writes.post(":key", ":id", "delete", use: delete)
        writes.post(":key", "aliases", use: addAlias)
        writes.post(":key", ":id", "aliases", "delete", use: deleteAlias)
    }

    /// Who reads the dictionary and adds 简称 (local codes stay with the system admin).
    package static let readers: [Role] = [.systemAdmin, .schoolAdmin]

    package func requireReader(_ req: Request) throws -> CurrentUser {
        let user = try req.requireUser()
        guard let role = user.role, Self.readers.contains(role) else { throw Abort(.notFound) }
        return user
    }

    package struct TableRow: Decodable, Sendable {
        package let key: String
        package let name: String
        package let source: String
        package let version: String
        package let note: String
        package let n: Int
        package let local: Int
        package var versionDate = ""
        package var kind = ""
        package var loadedAt: Int64 = 0
    }

    @Sendable
    package func tables(req: Request) async throws -> Response {
        _ = try requireReader(req)
        let rows = try await req.db.sql.raw("""
            SELECT t.key, t.name, t.source, t.version, t.note, t.version_date, t.kind, t.loaded_at, COUNT(c.id) AS n,
            SUM(CASE WHEN c.is_local THEN 1 ELSE 0 END) AS local
            FROM code_tables t LEFT JOIN codes c ON c.table_key = t.key
            GROUP BY t.key, t.name, t.source, t.version, t.note, t.version_date, t.kind, t.loaded_at ORDER BY t.key
            """).all().map { row in
            TableRow(key: try row.decode(column: "key", as: String.self), name: try row.decode(column: "name", as: String.self),
                     source: try row.decode(column: "source", as: String.self), version: try row.decode(column: "version", as: String.self),
                     note: try row.decode(column: "note", as: String.self), n: try row.decode(column: "n", as: Int.self),
                     local: try row.decode(column: "local", as: Int?.self) ?? 0, versionDate: try row.decode(column: "version_date", as: String.self),
                     kind: try row.decode(column: "kind", as: String.self), loadedAt: try row.decode(column: "loaded_at", as: Int64.self))
        }
        // In the manifest's order (the national dictionaries first, then catalogues and seeds).
        let order = Dictionary(((try? CodeTableFiles.manifest()) ?? []).enumerated().map { ($1.key, $0) }, uniquingKeysWith: { a, _ in a })
        let sorted = rows.sorted { (order[$0.key] ?? Int.max, $0.key) < (order[$1.key] ?? Int.max, $1.key) }
        return req.render(CodeTablesPage(context: req.pageContext("数据字典", breadcrumb: [Crumb("数据字典")]), rows: sorted))
    }

    package struct CodeRow: Sendable {
        package let id: Int64
        package let variant: String
        package let code: String
        package let name: String
        package let parent: String?
        package let attrs: String
        package let isLocal: Bool
        package let aliases: [String]

        package static let columns = ["id", "variant", "code", "name", "parent_code", "attrs", "is_local", "aliases"]

        package init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            variant = try row.decode(column: "variant", as: String.self)
            code = try row.decode(column: "code", as: String.self)
            name = try row.decode(column: "name", as: String.self)
            parent = try row.decode(column: "parent_code", as: String?.self)
            attrs = try row.decode(column: "attrs", as: String.self)
            isLocal = try row.decode(column: "is_local", as: Bool.self)
            aliases = CodeAliases.decode(try row.decode(column: "aliases", as: String.self))
        }
    }

    /// A table's codes matching the page's search (code prefix, or a part of the name or of a 简称)
    /// and parent code.
    package static func filtered(_ select: SQLSelectBuilder, table: String, keyword: String?, parent: String?) -> SQLSelectBuilder {
        var query = select.from("codes").where("table_key", .equal, SQLBind(table))
        if let keyword {
            let like = StudentQueries.escapeLike(keyword) + "%"
            query = query.where {
                $0.where("code", .like, SQLBind(like)).orWhere("name", .like, SQLBind("%" + like)).orWhere("aliases", .like, SQLBind("%" + like))
            }
        }
        if let parent { query = query.where("parent_code", .equal, SQLBind(parent)) }
        return query
    }

    package func header(_ req: Request) async throws -> TableRow {
        guard let key = req.parameters.get("key"), let row = try await req.db.sql.raw("""
            SELECT key, name, source, version, note, version_date, kind, loaded_at FROM code_tables WHERE key = \(bind: key)
            """).first() else { throw Abort(.notFound) }
        return TableRow(key: try row.decode(column: "key", as: String.self), name: try row.decode(column: "name", as: String.self),
                        source: try row.decode(column: "source", as: String.self), version: try row.decode(column: "version", as: String.self),
                        note: try row.decode(column: "note", as: String.self), n: 0, local: 0,
                        versionDate: try row.decode(column: "version_date", as: String.self), kind: try row.decode(column: "kind", as: String.self),
                        loadedAt: try row.decode(column: "loaded_at", as: Int64.self))
    }

    /// 导出 a code table (with the search and parent filter of the page), as the page shows it.
    @Sendable
    package func export(req: Request) async throws -> Response {
        _ = try requireReader(req)
        let table = try await header(req)
        let query = QueryString.parse(req.url.query)
        let keyword = query["q"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty.map { String($0.prefix(40)) }
        let parent = query["parent"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let format = SheetExport.format(req)
        try await req.db.writeTransaction { db in
            try await req.audit(.exportCodes, target: .codeTable(table.key), id: nil, changes: [.init("format", after: format.rawValue)], on: db)
        }
        let db = req.db
        let columns: [XLSXWriter.Column] = [.init("代码", width: 14), .init("名称", width: 30), .init("简称", width: 24), .init("上级代码", width: 12),
                                            .init("目录版本", width: 18), .init("类别", width: 14), .init("其他信息", width: 60)]
        return SheetExport.response(req, filename: table.name, format: format, sheetName: table.name, columns: columns) { sink in
            try await sink.emitPages({ (after: Int64?) in
                try await Self.filtered(db.sql.select().columns(CodeRow.columns), table: table.key, keyword: keyword, parent: parent)
                    .where("id", .greaterThan, SQLBind(after ?? 0)).orderBy("id").limit(SheetExport.pageSize).all().map(CodeRow.init)
            }, next: { rows, _ in rows[rows.count - 1].id }) { row in
                [.text(row.code), .text(row.name), .text(row.aliases.joined(separator: "、")), .text(row.parent), .text(row.variant),
                 .text(CodeTablePage.badge(row).text), .text(CodeTablePage.attributes(row.attrs, table: table.key))]
            }
        }
    }

    @Sendable
    package func table(req: Request) async throws -> Response {
        _ = try requireReader(req)
        return try await render(req, table: try await header(req), form: AddForm(), errors: [:])
    }

    package struct AddForm: Sendable {
        package var code = ""
        package var name = ""
        package var parent = ""
    }

    /// 添加简称: the code and the alias as typed.
    package struct AliasForm: Sendable {
        package var code = ""
        package var alias = ""
    }

    package func render(_ req: Request, table: TableRow, form: AddForm, errors: [String: String], aliasForm: AliasForm = AliasForm(),
                aliasErrors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let query = QueryString.parse(req.url.query)
        let keyword = query["q"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty.map { String($0.prefix(40)) }
        let parent = query["parent"]?.trimmingCharacters(in: .whitespaces).nilIfEmpty
        let page = PageNumber.parse(query["page"])
        let db = req.db
        let total = try await req.application.keptCounts.total("codes|\(table.key)|\(keyword ?? "")|\(parent ?? "")", now: req.now, seconds: 300) {
            try await Self.filtered(db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))),
                                    table: table.key, keyword: keyword, parent: parent).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let rows = try await Self.filtered(req.db.sql.select().columns(CodeRow.columns), table: table.key, keyword: keyword, parent: parent)
            .orderBy("variant").orderBy("code").limit(Self.pageSize).offset(PageNumber.offset(page: page, pageSize: Self.pageSize)).all().map(CodeRow.init)
        let user = try req.requireUser()
        let model = CodeTablePage.Model(table: table, rows: rows, total: total, page: page, keyword: keyword ?? "", parent: parent ?? "",
                                        form: form, errors: errors, aliasForm: aliasForm, aliasErrors: aliasErrors, csrfToken: user.csrfToken,
                                        keepsCodes: user.role == .systemAdmin, addsAliases: CodeAliases.acceptsAliases(table.key),
                                        shippedAliases: (try? CodeAliases.shipped()[table.key]) ?? [:])
        return req.render(CodeTablePage(context: req.pageContext(table.name, breadcrumb: [Crumb("数据字典", href: "/admin/codes"), Crumb(table.name)]),
                                        model: model), status: status)
    }

    /// Tables where a local code may be added (a catalogue with editions takes them by import).
    package static func acceptsLocalCodes(_ key: String) -> Bool {
        !["countries", "minimum_wages", "county_seats", "majors"].contains(key)
    }

    @Sendable
    package func add(req: Request) async throws -> Response {
        let user = try req.requireRole(.systemAdmin)
        let table = try await header(req)
        guard Self.acceptsLocalCodes(table.key) else { throw Abort(.notFound) }
        let fields = FormFields(req)
        let form = AddForm(code: fields.value("code"), name: fields.value("name"), parent: fields.value("parent"))
        var errors = LocalCode.problems(code: form.code, name: form.name)
        if errors.isEmpty, try await req.db.sql.raw("""
            SELECT 1 AS one FROM codes WHERE table_key = \(bind: table.key) AND variant = '' AND code = \(bind: form.code)
            """).first() != nil {
            errors["code"] = "代码 \(form.code) 已存在。"
        }
        if errors.isEmpty, !form.parent.isEmpty, try await req.db.sql.raw("""
            SELECT 1 AS one FROM codes WHERE table_key = \(bind: table.key) AND code = \(bind: form.parent)
            """).first() == nil {
            errors["parent"] = "上级代码 \(form.parent) 不在本表中。"
        }
        // Nor may a new code or name be a 简称 of another code of the table.
        if errors.isEmpty, let taken = try await req.db.sql.raw("SELECT code, aliases FROM codes WHERE table_key = \(bind: table.key)").all().first(where: { row in
            CodeAliases.decode(try row.decode(column: "aliases", as: String.self))
                .contains { CodeAlias.comparable($0) == CodeAlias.comparable(form.code) || CodeAlias.comparable($0) == CodeAlias.comparable(form.name) }
        }) {
            errors["name"] = "代码或名称已是本表代码 \(try taken.decode(column: "code", as: String.self)) 的简称。"
        }
        guard errors.isEmpty else { return try await render(req, table: table, form: form, errors: errors, status: .unprocessableEntity) }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await db.sql.insert(into: "codes").columns("table_key", "variant", "code", "name", "parent_code", "attrs", "is_local", "created_by", "created_at")
                .values(SQLBind(table.key), SQLBind(""), SQLBind(form.code), SQLBind(form.name), SQLBind(form.parent.nilIfEmpty), SQLBind("{}"), SQLBind(true),
                        SQLBind(user.id), SQLBind(now)).run()
            try await Audit.record(.codeAdd, target: .codeTable(table.key), id: nil, changes: [.init("code", after: form.code), .init("name", after: form.name)],
                                   actor: user, ip: req.clientAddress, now: now, keys: req.keys, on: db)
        }
        await req.application.codeBooks.invalidate()
        return req.seeOther("/admin/codes/\(table.key)?q=" + QueryString.encode(form.code), flash: Flash(.success, "已添加本地代码 \(form.code) \(form.name)。"))
    }

    @Sendable
    package func delete(req: Request) async throws -> Response {
        let user = try req.requireRole(.systemAdmin)
        let table = try await header(req)
        guard let id = req.parameters.get("id").flatMap(Int64.init), let row = try await req.db.sql.raw("""
            SELECT code, name, is_local FROM codes WHERE id = \(bind: id) AND table_key = \(bind: table.key)
            """).first() else { throw Abort(.notFound) }
        let code = try row.decode(column: "code", as: String.self), name = try row.decode(column: "name", as: String.self)
        let back = "/admin/codes/\(table.key)"
        guard try row.decode(column: "is_local", as: Bool.self) else {
            return req.seeOther(back, flash: Flash(.error, "国家标准代码不能删除。"))
        }
        if let usage = try await CodeUsage.firstUse(table: table.key, code: code, references: req.application.codeReferences, on: req.db) {
            return req.seeOther(back, flash: Flash(.error, "代码 \(code) \(name) 正在使用（\(usage)），不能删除。"))
        }
        try await req.db.writeTransaction { db in
            try await db.sql.delete(from: "codes").where("id", .equal, SQLBind(id)).run()
            try await Audit.record(.codeDelete, target: .codeTable(table.key), id: nil, changes: [.init("code", before: code), .init("name", before: name)],
                                   actor: user, ip: req.clientAddress, now: req.now, keys: req.keys, on: db)
        }
        await req.application.codeBooks.invalidate()
        return req.seeOther(back, flash: Flash(.success, "已删除本地代码 \(code) \(name)。"))
    }
}

/// Where each code table is used: a code found in one of these columns cannot be deleted.
package enum CodeUsage {
    package struct Reference: Sendable {
        package let table: String
        package let column: String
        package let label: String
        /// The code sits under this key of a JSON column (a case's form data, written with sorted keys and no spaces).
        package var jsonKey: String? = nil

        package init(table: String, column: String, label: String, jsonKey: String? = nil) {
            self.table = table
            self.column = column
            self.label = label
            self.jsonKey = jsonKey
        }
    }

    /// Where `code` of table `key` is first found in use, by the references the modules declared.
    package static func firstUse(table key: String, code: String, references: CodeReferences, on db: any Database) async throws -> String? {
        for reference in references.references(for: key) {
            let condition: any SQLExpression = reference.jsonKey.map { key in
                SQLBinaryExpression(SQLIdentifier(reference.column), .like, SQLBind("%\"\(key)\":\"\(StudentQueries.escapeLike(code))\"%"))
            } ?? SQLBinaryExpression(SQLIdentifier(reference.column), .equal, SQLBind(code))
            if try await db.sql.select().column(SQLLiteral.numeric("1")).from(reference.table).where(condition).limit(1).first() != nil {
                return reference.label
            }
        }
        return nil
    }
}
