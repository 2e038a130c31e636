import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 在线用户: the security administrator sees active sessions (user, role, address, last seen)
/// and ends one; an ended session is refused on its next request.
package struct OnlineUsersController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let sessions = routes.grouped("admin", "sessions")
        sessions.get(use: list)
        sessions.post(":session", "end", use: end)
    }

    package struct Row: Decodable, Sendable {
        package let token_hash: String
        package let user_id: Int64
        package let created_at: Int64
        package let last_seen_at: Int64
        package let ip: String
        package let user_agent: String
        package let display_name: String
        package let username: String?
        package let student_no: String?
        package let role: String?
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let user = try req.requireRole(.securityAdmin)
        let settings = req.application.settings
        let now = req.now
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        func active(_ select: SQLSelectBuilder) -> SQLSelectBuilder {
            select.from(SQLAlias(SQLIdentifier("sessions"), as: SQLIdentifier("s")))
                .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "s"))
                .where(SQLColumn("last_seen_at", table: "s"), .greaterThanOrEqual, SQLBind(now - Int64(settings.sessionIdleMinutes * 60)))
                .where(SQLColumn("created_at", table: "s"), .greaterThanOrEqual, SQLBind(now - Int64(settings.sessionAbsoluteHours * 3600)))
        }
        let rows = try await active(req.db.sql.select()
            .columns(SQLColumn("token_hash", table: "s"), SQLColumn("user_id", table: "s"), SQLColumn("created_at", table: "s"),
                     SQLColumn("last_seen_at", table: "s"), SQLColumn("ip", table: "s"), SQLColumn("user_agent", table: "s"),
                     SQLColumn("display_name", table: "u"), SQLColumn("username", table: "u"), SQLColumn("student_no", table: "u"))
            .column(SQLAlias(SQLSubquery.select { sub in
                sub.column("role").from("role_assignments")
                    .where(SQLColumn("user_id", table: "role_assignments"), .equal, SQLColumn("user_id", table: "s"))
                    .orderBy("id").limit(1)
            }, as: SQLIdentifier("role"))))
            .orderBy(SQLOrderBy(expression: SQLColumn("last_seen_at", table: "s"), direction: SQLDirection.descending))
            .limit(20).offset(PageNumber.offset(page: page, pageSize: 20)).all(decoding: Row.self)
        let total = try await active(req.db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let model = OnlineUsersPage.Model(rows: rows, total: total, page: page, csrfToken: user.csrfToken, ownSession: user.sessionHash)
        return req.render(OnlineUsersPage(context: req.pageContext("在线用户", breadcrumb: [Crumb("在线用户")]), model: model))
    }

    @Sendable
    package func end(req: Request) async throws -> Response {
        let user = try req.requireRole(.securityAdmin)
        guard let hash = req.parameters.get("session"), hash.count == 64, hash != user.sessionHash else { throw Abort(.notFound) }
        let ended = try await req.db.writeTransaction { db -> Int64? in
            guard let row = try await db.sql.select().column("user_id").from("sessions").where("token_hash", .equal, SQLBind(hash))
                .lockedForUpdate().first() else { return nil }
            let owner = try row.decode(column: "user_id", as: Int64.self)
            try await SessionStore.delete(tokenHash: hash, on: db)
            try await req.audit(.sessionEnd, target: .user, id: owner, changes: [.init("session", before: String(hash.prefix(8)), after: "已下线")], on: db)
            return owner
        }
        guard ended != nil else { throw Abort(.notFound) }
        return req.seeOther("/admin/sessions", flash: Flash(.success, "该会话已强制下线。"))
    }
}

package struct OnlineUsersPage: HTML {
    package struct Model: Sendable {
        package var rows: [OnlineUsersController.Row]
        package var total: Int
        package var page: Int
        package var csrfToken: String
        package var ownSession: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "在线用户") {
                p(.class("muted")) { "最近 30 分钟内有操作的登录会话。强制下线后，该会话的下一次请求将被要求重新登录。" }
                DataTable(
                    columns: [.init("用户"), .init("角色"), .init("IP"), .init("浏览器"), .init("登录时间"), .init("最近活动"), .init("操作")],
                    rows: model.rows.map { row in
                        let account = row.username ?? row.student_no
                        return [AnyHTML(Text(account.map { "\(row.display_name)（\($0)）" } ?? row.display_name)),
                                AnyHTML(Text(row.role.flatMap(Role.init(rawValue:))?.label ?? "—")),
                                AnyHTML(Text(row.ip)), AnyHTML(Text(String(row.user_agent.prefix(60)))),
                                AnyHTML(Text(ChinaTime.dateTime(row.created_at))), AnyHTML(Text(ChinaTime.dateTime(row.last_seen_at))),
                                row.token_hash == model.ownSession
                                    ? AnyHTML(StatusBadge("当前会话", tone: .info))
                                    : AnyHTML(form(.method("post"), .action("/admin/sessions/\(row.token_hash)/end"), .data("data-confirm", "确定强制该会话下线？")) {
                                        CSRFField(model.csrfToken)
                                        Button("强制下线", kind: .link)
                                    })]
                    },
                    emptyMessage: "当前没有在线用户。")
                Pager(path: "/admin/sessions", baseQuery: [], page: model.page, pageSize: 20, total: model.total)
            }
        }.render(into: &buffer)
    }
}
