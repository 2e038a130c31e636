import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 消息中心: in-app messages, and SMS through the gateway. Posting happens inside the caller's
/// transaction (the SMS lands in the outbox there too and is delivered after commit by the job
/// runner), so sending never blocks or fails a state change on its own, and a rolled-back
/// change sends nothing.
package enum MessageCenter {
    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let title: String
        package let body: String
        package let link: String?
        package let created_at: Int64
        package let read_at: Int64?
    }

    /// Posts a message to `userID`; with `sms`, also a text to the account's phone (if any).
    package static func post(to userID: Int64, title: String, body: String, link: String? = nil, sms: Bool = false,
                     now: Int64, keys: KeyService, app: Application, on db: any Database) async throws {
        try await db.sql.insert(into: "messages").columns("user_id", "title", "body", "link", "created_at", "read_at")
            .values(SQLBind(userID), SQLBind(title), SQLBind(body), SQLBind(link), SQLBind(now), SQLLiteral.null).run()
        guard sms else { return }
        guard let phone = try? await AccountQueries.phone(userID: userID, keys: keys, on: db) else { return }
        try await app.sms.send(OutgoingMessage(to: phone, subject: title, text: "\(MessageTexts.brand)\(title)：\(body)", purpose: "notice", userID: userID),
                               now: now, keys: keys, on: db)
    }

    /// A system message only (no SMS), for hooks that run inside a case's transaction.
    package static func post(to userID: Int64, title: String, body: String, link: String? = nil, now: Int64, on db: any Database) async throws {
        try await db.sql.insert(into: "messages").columns("user_id", "title", "body", "link", "created_at", "read_at")
            .values(SQLBind(userID), SQLBind(title), SQLBind(body), SQLBind(link), SQLBind(now), SQLLiteral.null).run()
    }

    package static func unreadCount(userID: Int64, on db: any Database) async throws -> Int {
        try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from("messages")
            .where("user_id", .equal, SQLBind(userID)).where(SQLColumn("read_at"), .is, SQLLiteral.null)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    package static let columns = ["id", "title", "body", "link", "created_at", "read_at"]

    package static func list(userID: Int64, unreadOnly: Bool, page: Int, pageSize: Int, on db: any Database) async throws -> (rows: [Row], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            let query = query.from("messages").where("user_id", .equal, SQLBind(userID))
            return unreadOnly ? query.where(SQLColumn("read_at"), .is, SQLLiteral.null) : query
        }
        let total = try await filtered(db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(db.sql.select().columns(columns)).orderBy("id", .descending)
            .limit(pageSize).offset(PageNumber.offset(page: page, pageSize: pageSize)).all(decoding: Row.self)
        return (rows, total)
    }

    /// One of the user's own messages (another user's is nil → 404), marked read.
    package static func open(id: Int64, userID: Int64, now: Int64, on db: any Database) async throws -> Row? {
        guard let row = try await db.sql.select().columns(columns).from("messages")
            .where("id", .equal, SQLBind(id)).where("user_id", .equal, SQLBind(userID)).first(decoding: Row.self) else { return nil }
        if row.read_at == nil {
            try await db.sql.update("messages").set("read_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("user_id", .equal, SQLBind(userID)).run()
        }
        return row
    }

    package static func markAllRead(userID: Int64, now: Int64, on db: any Database) async throws {
        try await db.sql.update("messages").set("read_at", to: SQLBind(now))
            .where("user_id", .equal, SQLBind(userID)).where(SQLColumn("read_at"), .is, SQLLiteral.null).run()
    }

    /// The popup after login: up to three unread titles.
    package static func popup(for user: CurrentUser, req: Request) async throws -> [MenuItem] {
        guard user.unreadMessages > 0 else { return [] }
        let (rows, _) = try await list(userID: user.id, unreadOnly: true, page: 1, pageSize: 3, on: req.db)
        return rows.map { MenuItem(label: $0.title, href: "/messages/\($0.id)") }
    }
}

/// /messages: the list (all or unread), one message (marked read on opening), 全部标为已读.
package struct MessagesController: RouteCollection {
    package static let pageSize = 20

    package func boot(routes: any RoutesBuilder) throws {
        let messages = routes.grouped("messages")
        messages.get(use: list)
        messages.get(":id", use: show)
        messages.post("read-all", use: readAll)
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let unreadOnly = req.query[String.self, at: "unread"] == "1"
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        let (rows, total) = try await MessageCenter.list(userID: user.id, unreadOnly: unreadOnly, page: page, pageSize: Self.pageSize, on: req.db)
        let model = MessagesPage.Model(rows: rows, total: total, unreadOnly: unreadOnly, page: page, unread: user.unreadMessages, csrfToken: user.csrfToken)
        return req.render(MessagesPage(context: req.pageContext("消息中心", breadcrumb: [Crumb("消息中心")]), model: model))
    }

    @Sendable
    package func show(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let id = req.parameters.get("id").flatMap(Int64.init),
              let row = try await MessageCenter.open(id: id, userID: user.id, now: req.now, on: req.db) else { throw Abort(.notFound) }
        var context = req.pageContext(row.title, breadcrumb: [Crumb("消息中心", href: "/messages"), Crumb("消息详情")])
        if row.read_at == nil, var layoutUser = context.user {
            layoutUser.unreadMessages = max(0, layoutUser.unreadMessages - 1)
            context.user = layoutUser
        }
        return req.render(MessagePage(context: context, row: row))
    }

    @Sendable
    package func readAll(req: Request) async throws -> Response {
        let user = try req.requireUser()
        try await MessageCenter.markAllRead(userID: user.id, now: req.now, on: req.db)
        return req.seeOther("/messages", flash: Flash(.success, "已全部标为已读。"))
    }
}

package struct MessagesPage: HTML {
    package struct Model: Sendable {
        package var rows: [MessageCenter.Row]
        package var total: Int
        package var unreadOnly: Bool
        package var page: Int
        package var unread: Int
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "消息中心") {
                div(.class("toolbar")) {
                    ul(.class("status-counts")) {
                        li { a(.href("/messages"), .ariaCurrent(model.unreadOnly ? "false" : "page")) { "全部" } }
                        li { a(.href("/messages?unread=1"), .ariaCurrent(model.unreadOnly ? "page" : "false")) { "未读 \(model.unread)" } }
                    }
                    if model.unread > 0 {
                        form(.method("post"), .action("/messages/read-all")) {
                            CSRFField(model.csrfToken)
                            Button("全部标为已读", kind: .secondary)
                        }
                    }
                }
                if model.rows.isEmpty {
                    EmptyState(title: model.unreadOnly ? "没有未读消息" : "暂无消息", hint: "审核结果、退回原因和业务提醒会发到这里。")
                } else {
                    ul(.class("message-list")) {
                        ForEach(model.rows) { row in
                            li(.class(row.read_at == nil ? "message-item unread" : "message-item")) {
                                a(.href("/messages/\(row.id)")) {
                                    span(.class("message-title")) {
                                        if row.read_at == nil { span(.class("unread-dot"), .ariaLabel("未读")) { "" } }
                                        row.title
                                    }
                                    span(.class("message-time muted")) { ChinaTime.dateTime(row.created_at) }
                                }
                            }
                        }
                    }
                    Pager(path: "/messages", baseQuery: model.unreadOnly ? [("unread", "1")] : [], page: model.page, pageSize: MessagesController.pageSize, total: model.total)
                }
            }
        }.render(into: &buffer)
    }
}

package struct MessagePage: HTML {
    package let context: PageContext
    package let row: MessageCenter.Row

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: row.title) {
                p(.class("muted")) { ChinaTime.dateTime(row.created_at) }
                div(.class("message-body")) { row.body }
                FormActions {
                    if let link = row.link { LinkButton("去处理", href: link, kind: .primary) }
                    LinkButton("返回消息中心", href: "/messages")
                }
            }
        }.render(into: &buffer)
    }
}
