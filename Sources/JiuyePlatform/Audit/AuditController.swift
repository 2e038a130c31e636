import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 审计员: the operation log and the login log, searchable, paged and exportable; nothing else.
package struct AuditController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let audit = routes.grouped("audit")
        audit.get("operations", use: operations)
        audit.get("operations.csv", use: exportOperations)
        audit.get("logins", use: logins)
        audit.get("logins.csv", use: exportLogins)
        audit.post("verify", use: verify)
    }

    package struct OperationFilter: Sendable {
        package var actor: String?
        package var action: String?
        package var target: String?
        package var from: Int64?
        package var to: Int64?
        package var page = 1

        package init(_ req: Request) {
            func text(_ name: String) -> String? { req.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces).nilIfEmpty }
            actor = text("actor")
            action = text("action")
            target = text("target")
            from = text("from").flatMap { ChinaTime.parseDate($0) }
            to = text("to").flatMap { ChinaTime.parseDate($0) }.map { $0 + 86_400 }
            page = PageNumber.parse(text("page"))
        }

        package var query: [(String, String)] {
            [("actor", actor), ("action", action), ("target", target), ("from", from.map(ChinaTime.date)), ("to", to.map { ChinaTime.date($0 - 86_400) })]
                .compactMap { name, value in value.map { (name, $0) } }
        }
    }

    package struct OperationRow: Decodable, Sendable {
        package let seq: Int64?
        package let at: Int64
        package let actor_id: Int64?
        package let actor_name: String?
        package let actor_username: String?
        package let actor_role: String?
        package let action: String
        package let target_type: String
        package let target_id: String?
        package let changes: String
        package let ip: String?
    }

    package static func operationsQuery(_ filter: OperationFilter, _ db: any Database, select: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier("audit_log"), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "u"), .equal, SQLColumn("actor_id", table: "a"))
        if let actor = filter.actor {
            query = query.where { group in
                group.where(SQLColumn("username", table: "u"), .equal, SQLBind(actor.lowercased()))
                    .orWhere(SQLColumn("display_name", table: "u"), .like, SQLBind(StudentQueries.escapeLike(actor) + "%"))
            }
        }
        if let action = filter.action { query = query.where(SQLColumn("action", table: "a"), .like, SQLBind(StudentQueries.escapeLike(action) + "%")) }
        if let target = filter.target { query = query.where(SQLColumn("target_id", table: "a"), .equal, SQLBind(target)) }
        if let from = filter.from { query = query.where(SQLColumn("at", table: "a"), .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.to { query = query.where(SQLColumn("at", table: "a"), .lessThan, SQLBind(to)) }
        return query
    }

    /// The action filter's choices: every labelled action (one entry per label), in key order so
    /// related actions stand together (账号…, 审计…, 办件…).
    package static func actionOptions(_ labels: AuditLabels) -> [SelectOption] {
        var seen = Set<String>()
        return labels.actions.sorted { $0.key < $1.key }
            .filter { seen.insert($0.value).inserted }
            .map { SelectOption($0.key, $0.value) }
    }

    package static func operationColumns(_ db: any Database) -> SQLSelectBuilder {
        db.sql.select()
            .columns(SQLColumn("seq", table: "a"), SQLColumn("at", table: "a"), SQLColumn("actor_id", table: "a"), SQLColumn("actor_role", table: "a"),
                     SQLColumn("action", table: "a"), SQLColumn("target_type", table: "a"), SQLColumn("target_id", table: "a"),
                     SQLColumn("changes", table: "a"), SQLColumn("ip", table: "a"))
            .column(SQLAlias(SQLColumn("display_name", table: "u"), as: SQLIdentifier("actor_name")))
            .column(SQLAlias(SQLColumn("username", table: "u"), as: SQLIdentifier("actor_username")))
    }

    @Sendable
    package func operations(req: Request) async throws -> Response {
        try await renderOperations(req, verification: nil)
    }

    @Sendable
    package func verify(req: Request) async throws -> Response {
        _ = try req.requireRole(.auditor)
        let exported = AuditChain.readExports(path: AuditChain.exportPath(req.application.settings), keys: req.keys)
        let report = try await AuditChain.verify(on: req.db, keys: req.keys, exported: exported)
        try await req.db.writeTransaction { db in
            try await req.audit(.auditVerify, target: .auditLog, id: nil,
                                changes: [.init("result", after: report.problem.map { "未通过：" + AuditText.problem($0) } ?? "通过（\(report.rows) 条）")], on: db)
        }
        let verification = report.problem.map { Flash(.error, "校验失败：\(AuditText.problem($0))") }
            ?? Flash(.success, "校验通过：\(report.rows) 条日志的哈希链完整，已核对本库日志链的 \(report.headsChecked) 个导出链头。")
        return try await renderOperations(req, verification: verification)
    }

    package func renderOperations(_ req: Request, verification: Flash?) async throws -> Response {
        let user = try req.requireRole(.auditor)
        let filter = OperationFilter(req)
        let rows = try await Self.operationsQuery(filter, req.db, select: Self.operationColumns(req.db))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "a"), direction: SQLDirection.descending))
            .limit(20).offset(PageNumber.offset(page: filter.page, pageSize: 20)).all(decoding: OperationRow.self)
        // The log only grows: its total may trail the rows shown by a few seconds.
        let db = req.db
        let total = try await req.application.keptCounts.total("audit|" + filter.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&"), now: req.now, seconds: 10) {
            try await Self.operationsQuery(filter, db, select: db.sql.select()
                .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let reader = AuditReader(req.application, names: try await AuditNames.load(for: rows, on: req.db))
        let model = OperationLogPage.Model(lines: rows.map(reader.line), total: total, filter: filter, actions: Self.actionOptions(reader.labels),
                                           csrfToken: user.csrfToken, verification: verification)
        return req.render(OperationLogPage(context: req.pageContext("操作日志", breadcrumb: [Crumb("操作日志")]), model: model))
    }

    /// CSV of the filtered operation log (UTF-8 with BOM for Chinese Excel; formula-like cells
    /// neutralised). The export itself is audited.
    @Sendable
    package func exportOperations(req: Request) async throws -> Response {
        _ = try req.requireRole(.auditor)
        let filter = OperationFilter(req)
        let rows = try await Self.operationsQuery(filter, req.db, select: Self.operationColumns(req.db))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "a"), direction: SQLDirection.descending))
            .limit(100_000).all(decoding: OperationRow.self)
        try await req.db.writeTransaction { db in
            try await req.audit(.auditExport, target: .auditLog, id: nil,
                                changes: [.init("rows", after: String(rows.count)), .init("filter", after: filter.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&"))], on: db)
        }
        var csv = "\u{FEFF}序号,时间,操作人,账号,角色,操作,对象类型,对象,变更,IP\r\n"
        var start = 0
        while start < rows.count {
            // Names of the users and code tables the rows point at, a thousand rows at a time.
            let chunk = Array(rows[start..<min(start + 1_000, rows.count)])
            let reader = AuditReader(req.application, names: try await AuditNames.load(for: chunk, on: req.db))
            for line in chunk.map(reader.line) {
                let cells = [line.seq, line.at, line.actor, line.account, line.role, line.action, line.targetType,
                             line.target.trimmingCharacters(in: .whitespaces), line.changes, line.ip]
                csv += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
            }
            start += 1_000
        }
        return Response(status: .ok, headers: Download.headers(contentType: "text/csv; charset=utf-8", filename: "操作日志.csv", fallback: "audit-log.csv"), body: .init(string: csv))
    }

    package struct LoginRow: Decodable, Sendable {
        package let at: Int64
        package let ip: String
        package let user_agent: String?
        package let success: Bool
        package let reason: String
        package let display_name: String?
        package let username: String?
        package let student_no: String?
    }

    /// The login log's search: account (username, 学号, phone or an unknown name typed), result,
    /// client address and Beijing dates.
    package struct LoginFilter: Sendable {
        package var account: String?
        package var result: String?
        package var ip: String?
        package var from: Int64?
        package var to: Int64?
        package var page = 1

        package init(_ req: Request) {
            func text(_ name: String) -> String? { req.query[String.self, at: name]?.trimmingCharacters(in: .whitespaces).nilIfEmpty }
            account = text("account")
            result = text("result").flatMap { ["ok", "fail"].contains($0) ? $0 : nil }
            ip = text("ip")
            from = text("from").flatMap { ChinaTime.parseDate($0) }
            to = text("to").flatMap { ChinaTime.parseDate($0) }.map { $0 + 86_400 }
            page = PageNumber.parse(text("page"))
        }

        package var query: [(String, String)] {
            [("account", account), ("result", result), ("ip", ip), ("from", from.map(ChinaTime.date)), ("to", to.map { ChinaTime.date($0 - 86_400) })]
                .compactMap { name, value in value.map { (name, $0) } }
        }
    }

    package static func loginsQuery(_ filter: LoginFilter, _ req: Request, select: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier("login_attempts"), as: SQLIdentifier("l")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "l"))
        if let account = filter.account {
            // A known account by username, 学号 or phone (its keyed hash); an unknown one by the keyed hash of what was typed.
            let unknownKey = "h:" + AccountQueries.identifierKey(account, keys: req.keys)
            let phoneHash = (try? MobilePhone(validating: account)).map { req.keys.lookupHash($0.value) }
            query = query.where { group in
                var group = group.where(SQLColumn("username", table: "u"), .equal, SQLBind(account.lowercased()))
                    .orWhere(SQLColumn("student_no", table: "u"), .equal, SQLBind(account.lowercased()))
                    .orWhere(SQLColumn("account_key", table: "l"), .equal, SQLBind(unknownKey))
                if let phoneHash { group = group.orWhere(SQLColumn("phone_hash", table: "u"), .equal, SQLBind(phoneHash)) }
                return group
            }
        }
        if let result = filter.result { query = query.where(SQLColumn("success", table: "l"), .equal, SQLBind(result == "ok")) }
        if let ip = filter.ip { query = query.where(SQLColumn("ip", table: "l"), .equal, SQLBind(ip)) }
        if let from = filter.from { query = query.where(SQLColumn("at", table: "l"), .greaterThanOrEqual, SQLBind(from)) }
        if let to = filter.to { query = query.where(SQLColumn("at", table: "l"), .lessThan, SQLBind(to)) }
        return query
    }

    package static func loginColumns(_ db: any Database) -> SQLSelectBuilder {
        db.sql.select().columns(SQLColumn("at", table: "l"), SQLColumn("ip", table: "l"), SQLColumn("user_agent", table: "l"), SQLColumn("success", table: "l"),
                                SQLColumn("reason", table: "l"), SQLColumn("display_name", table: "u"), SQLColumn("username", table: "u"), SQLColumn("student_no", table: "u"))
    }

    @Sendable
    package func logins(req: Request) async throws -> Response {
        _ = try req.requireRole(.auditor)
        let filter = LoginFilter(req)
        let rows = try await Self.loginsQuery(filter, req, select: Self.loginColumns(req.db))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "l"), direction: SQLDirection.descending))
            .limit(20).offset(PageNumber.offset(page: filter.page, pageSize: 20)).all(decoding: LoginRow.self)
        let total = try await req.application.keptCounts.total("logins|" + filter.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&"), now: req.now, seconds: 10) {
            try await Self.loginsQuery(filter, req, select: req.db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))))
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let model = LoginLogPage.Model(rows: rows, total: total, filter: filter)
        return req.render(LoginLogPage(context: req.pageContext("登录日志", breadcrumb: [Crumb("登录日志")]), model: model))
    }

    /// CSV of the filtered login log; the export is audited like the operation log's.
    @Sendable
    package func exportLogins(req: Request) async throws -> Response {
        _ = try req.requireRole(.auditor)
        let filter = LoginFilter(req)
        let rows = try await Self.loginsQuery(filter, req, select: Self.loginColumns(req.db))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "l"), direction: SQLDirection.descending))
            .limit(100_000).all(decoding: LoginRow.self)
        try await req.db.writeTransaction { db in
            try await req.audit(.auditExportLogins, target: .loginLog, id: nil,
                                changes: [.init("rows", after: String(rows.count)), .init("filter", after: filter.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&"))], on: db)
        }
        var csv = "\u{FEFF}时间,姓名,账号,IP,浏览器,结果,原因,浏览器标识原文\r\n"
        for row in rows {
            let cells = [ChinaTime.dateTime(row.at), row.display_name ?? "不存在的账号", row.username ?? row.student_no ?? "", row.ip,
                         UserAgentSummary.text(row.user_agent), row.success ? "成功" : "失败", AuditText.reason(row.reason), row.user_agent ?? ""]
            csv += cells.map(CSVCell.escape).joined(separator: ",") + "\r\n"
        }
        return Response(status: .ok, headers: Download.headers(contentType: "text/csv; charset=utf-8", filename: "登录日志.csv", fallback: "login-log.csv"), body: .init(string: csv))
    }
}

extension String {
    package var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// CSV cells: quoted when needed, and cells starting with = + - @ (or tab/CR) prefixed with
/// an apostrophe so a spreadsheet never runs them as formulas.
package enum CSVCell {
    package static func escape(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { text = "'" + text }
        if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return text
    }
}
