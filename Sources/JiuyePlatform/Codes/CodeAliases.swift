import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 简称: the aliases of codes, as shipped in `Resources/codes/aliases.csv` (header
/// `table_key,code,alias`, one alias a line) and as added by admins, kept in `codes.aliases`
/// as a JSON array.
package enum CodeAliases {
    /// Tables whose codes take aliases: those a cell or a form resolves by name. (专业目录 is
    /// matched by code only; the wage, seat and township tables are not typed by name.)
    package static func acceptsAliases(_ key: String) -> Bool {
        ["destinations", "unit_natures", "industries", "job_categories", "education_levels", "political_statuses",
         "ethnic_groups", "document_types", "schools", "countries"].contains(key)
    }

    package static func decode(_ json: String) -> [String] {
        guard let data = json.data(using: .utf8), let list = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return list
    }

    package static func encode(_ aliases: [String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(aliases)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// The shipped aliases by table, then code, in file order.
    package static func shipped() throws -> [String: [String: [String]]] { try shippedOnce.get() }

    /// The shipped file never changes while the process runs: read once, not on every page view.
    private static let shippedOnce = Result { try readShipped() }

    private static func readShipped() throws -> [String: [String: [String]]] {
        var out: [String: [String: [String]]] = [:]
        for row in try CodeTableFiles.rows(of: "aliases.csv") {
            guard let table = row["table_key"], let code = row["code"], let alias = row["alias"], !alias.isEmpty else { continue }
            out[table, default: [:]][code, default: []].append(alias)
        }
        return out
    }

    /// What stops `alias` from being added to `code` of `table`: nil when it may be added.
    /// An alias must not be any code, name or alias of another row of the table (it would be
    /// ambiguous), nor the row's own code, name or an alias it has already.
    package static func conflict(table: String, code: String, alias: String, on sql: any SQLDatabase) async throws -> String? {
        let wanted = CodeAlias.comparable(alias)
        for row in try await sql.raw("SELECT code, name, aliases FROM codes WHERE table_key = \(bind: table)").all() {
            let other = try row.decode(column: "code", as: String.self)
            let name = try row.decode(column: "name", as: String.self)
            let aliases = decode(try row.decode(column: "aliases", as: String.self))
            let own = other == code
            if CodeAlias.comparable(other) == wanted {
                return own ? "“\(alias)”就是该代码本身，无需添加。" : "“\(alias)”是本表另一个代码，不能用作简称。"
            }
            if CodeAlias.comparable(name) == wanted {
                return own ? "“\(alias)”就是该代码的名称，无需添加。" : "“\(alias)”是本表代码 \(other)（\(name)）的名称，不能重复使用。"
            }
            if aliases.contains(where: { CodeAlias.comparable($0) == wanted }) {
                return own ? "该代码已有简称“\(alias)”。" : "“\(alias)”已是本表代码 \(other)（\(name)）的简称，不能重复使用。"
            }
        }
        return nil
    }
}

extension CodeTableFiles {
    /// The manifest's admin-facing texts for every table already loaded (source, version,
    /// date, kind and note); tables are not reloaded.
    package static func applyManifestTexts(on sql: any SQLDatabase) async throws {
        for row in try rows(of: "manifest.csv") {
            guard let key = row["key"] else { continue }
            try await sql.update("code_tables")
                .set("source", to: SQLBind(row["source"] ?? ""))
                .set("version", to: SQLBind(row["version"] ?? ""))
                .set("note", to: SQLBind(row["editable_note"] ?? ""))
                .set("version_date", to: SQLBind(row["date"] ?? ""))
                .set("kind", to: SQLBind(row["kind"] ?? ""))
                .where("key", .equal, SQLBind(key)).run()
        }
    }

    /// Adds the shipped aliases to their codes (keeping aliases already there, in order, once).
    package static func loadAliases(on sql: any SQLDatabase) async throws {
        for (table, codes) in try CodeAliases.shipped() {
            for (code, aliases) in codes {
                for row in try await sql.raw("SELECT id, aliases FROM codes WHERE table_key = \(bind: table) AND code = \(bind: code)").all() {
                    var list = CodeAliases.decode(try row.decode(column: "aliases", as: String.self))
                    for alias in aliases where !list.contains(alias) { list.append(alias) }
                    try await sql.update("codes").set("aliases", to: SQLBind(CodeAliases.encode(list)))
                        .where("id", .equal, SQLBind(try row.decode(column: "id", as: Int64.self))).run()
                }
            }
        }
    }
}

extension AuditAction {
    package static let codeAliasAdd = AuditAction("code.alias.add", "新增代码简称")
    package static let codeAliasDelete = AuditAction("code.alias.delete", "删除代码简称")
}

/// 添加简称 and 删除简称 on 数据字典 (system admin and school admin, audited). A 简称 is
/// platform-wide: every school's import reads it.
extension CodesController {
    @Sendable
    package func addAlias(req: Request) async throws -> Response {
        let user = try requireReader(req)
        let table = try await header(req)
        guard CodeAliases.acceptsAliases(table.key) else { throw Abort(.notFound) }
        let fields = FormFields(req)
        let form = AliasForm(code: fields.value("code"), alias: CodeAlias.normalise(fields.value("alias")))
        var errors: [String: String] = [:]
        if form.code.isEmpty {
            errors["code"] = "请填写代码。"
        } else if form.code.count > 40 {
            errors["code"] = "代码最多 40 位。"
        }
        if let problem = CodeAlias.problem(form.alias) { errors["alias"] = problem }
        func refuse() async throws -> Response {
            try await render(req, table: table, form: AddForm(), errors: [:], aliasForm: form, aliasErrors: errors, status: .unprocessableEntity)
        }
        guard errors.isEmpty else { return try await refuse() }
        let now = req.now
        enum Outcome { case added(String), refused([String: String]) }
        let outcome: Outcome = try await req.db.writeTransaction { db in
            let lock = db.isSQLite ? "" : " FOR UPDATE"
            guard let row = try await db.sql.raw("""
                SELECT id, name, aliases FROM codes WHERE table_key = \(bind: table.key) AND variant = '' AND code = \(bind: form.code)\(unsafeRaw: lock)
                """).first() else {
                return .refused(["code": "本表没有代码 \(form.code)。"])
            }
            // Checked inside the write transaction, so two admins cannot give one alias to two codes.
            if !db.isSQLite { try await db.sql.raw("SELECT id FROM codes WHERE table_key = \(bind: table.key) FOR UPDATE").run() }
            if let conflict = try await CodeAliases.conflict(table: table.key, code: form.code, alias: form.alias, on: db.sql) {
                return .refused(["alias": conflict])
            }
            let name = try row.decode(column: "name", as: String.self)
            let list = CodeAliases.decode(try row.decode(column: "aliases", as: String.self)) + [form.alias]
            try await db.sql.update("codes").set("aliases", to: SQLBind(CodeAliases.encode(list)))
                .where("id", .equal, SQLBind(try row.decode(column: "id", as: Int64.self))).run()
            try await Audit.record(.codeAliasAdd, target: .codeTable(table.key), id: nil,
                                   changes: [.init("code", after: form.code), .init("alias", after: form.alias)],
                                   actor: user, ip: req.clientAddress, now: now, keys: req.keys, on: db)
            return .added(name)
        }
        let name: String
        switch outcome {
        case .added(let added): name = added
        case .refused(let found):
            errors = found
            return try await refuse()
        }
        await req.application.codeBooks.invalidate()
        return req.seeOther("/admin/codes/\(table.key)?q=" + QueryString.encode(form.code),
                            flash: Flash(.success, "已为代码 \(form.code)（\(name)）添加简称“\(form.alias)”，导入时即可使用。"))
    }

    /// Removes a 简称 an admin added; the shipped ones (aliases.csv) stay.
    @Sendable
    package func deleteAlias(req: Request) async throws -> Response {
        let user = try requireReader(req)
        let table = try await header(req)
        guard CodeAliases.acceptsAliases(table.key), let id = req.parameters.get("id").flatMap(Int64.init) else { throw Abort(.notFound) }
        let alias = FormFields(req).value("alias")
        let back = "/admin/codes/\(table.key)"
        let (message, code): (Flash, String) = try await req.db.writeTransaction { db in
            guard let row = try await db.sql.raw("""
                SELECT code, name, aliases FROM codes WHERE id = \(bind: id) AND table_key = \(bind: table.key)\(unsafeRaw: db.isSQLite ? "" : " FOR UPDATE")
                """).first() else { throw Abort(.notFound) }
            let code = try row.decode(column: "code", as: String.self)
            var list = CodeAliases.decode(try row.decode(column: "aliases", as: String.self))
            guard let index = list.firstIndex(of: alias) else { return (Flash(.error, "代码 \(code) 没有简称“\(alias)”。"), code) }
            if (try? CodeAliases.shipped()[table.key]?[code]?.contains(alias)) == true {
                return (Flash(.error, "“\(alias)”是平台内置的简称，不能删除。"), code)
            }
            list.remove(at: index)
            try await db.sql.update("codes").set("aliases", to: SQLBind(CodeAliases.encode(list))).where("id", .equal, SQLBind(id)).run()
            try await Audit.record(.codeAliasDelete, target: .codeTable(table.key), id: nil,
                                   changes: [.init("code", after: code), .init("alias", before: alias)],
                                   actor: user, ip: req.clientAddress, now: req.now, keys: req.keys, on: db)
            return (Flash(.success, "已删除代码 \(code)（\(try row.decode(column: "name", as: String.self))）的简称“\(alias)”。"), code)
        }
        await req.application.codeBooks.invalidate()
        return req.seeOther(back + "?q=" + QueryString.encode(code), flash: message)
    }
}
