import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import Vapor

/// 消息发件箱: the system admin reads what the platform sent (or queued for the webhook), with
/// the recipient masked and every code in a text hidden; a recipient is searched by the exact
/// number or address only. The full text of one message (to help a graduate whose SMS never
/// arrived) is a POST with a reason: audited, and the recipient is told in their messages.
package struct OutboxController: RouteCollection {
    package static let pageSize = 20

    package func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "outbox", use: list)
        routes.get("admin", "outbox", "export", use: export)
        routes.post("admin", "outbox", ":id", "reveal", use: reveal)
    }

    package struct RevealForm: Content { var reason: String? }

    /// 查看全文: one message's full text, shown in the answer to an audited POST (never on a GET,
    /// never cached). The recipient's account, when the message was for one, gets a message
    /// saying that the text was read, when and why.
    @Sendable
    package func reveal(req: Request) async throws -> Response {
        let user = try req.requireRole(.systemAdmin)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await Outbox.row(id: id, on: req.db) else {
            throw Abort(.notFound)
        }
        let reason = (try req.content.decode(RevealForm.self).reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard (2...100).contains(reason.count) else {
            return req.seeOther("/admin/outbox", flash: Flash(.warning, "查看消息全文须填写事由（2 至 100 个字），例如“学生来电称未收到验证码”。"))
        }
        let text = (try? req.keys.decrypt(row.body_cipher)) ?? "（无法解密）"
        let purpose = Outbox.purposeLabels[row.purpose] ?? "消息"
        let now = req.now, keys = req.keys, app = req.application
        try await req.db.writeTransaction { db in
            try await req.audit(.outboxReveal, target: .outbox, id: row.id, changes: [
                .init("recipient", after: row.recipient_masked), .init("purpose", after: purpose), .init("reason", after: reason)], on: db)
            if let owner = row.user_id {
                try await MessageCenter.post(
                    to: owner, title: "您的\(purpose)已被系统管理员查看",
                    body: "系统管理员 \(user.displayName) 于 \(ChinaTime.dateTime(now)) 查看了发给您（\(row.recipient_masked)）的\(purpose)全文，事由：\(reason)。如非您本人请求的协助，请立即修改密码。",
                    now: now, keys: keys, app: app, on: db)
            }
        }
        let page = OutboxRevealPage(context: req.pageContext("消息全文", breadcrumb: [Crumb("消息发件箱", href: "/admin/outbox"), Crumb("消息全文")]),
                                    row: row, text: text, purpose: purpose, reason: reason)
        let response = req.render(page)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The list's filter from the query; the recipient error when 收件人 is neither a phone nor an email.
    package static func filter(_ req: Request) -> (Outbox.Filter, String?) {
        var filter = Outbox.Filter()
        filter.channel = req.query[String.self, at: "channel"].flatMap(Outbox.Channel.init(rawValue:))
        filter.status = req.query[String.self, at: "status"].flatMap(Outbox.Status.init(rawValue:))
        var recipientError: String?
        if let raw = req.query[String.self, at: "to"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            if let phone = try? MobilePhone(validating: raw) {
                filter.recipient = phone.value
            } else if let email = try? EmailAddress(validating: raw) {
                filter.recipient = email.value
            } else {
                recipientError = "请输入完整的手机号或邮箱地址（按完整号码精确查找）。"
            }
        }
        filter.page = PageNumber.parse(req.query[String.self, at: "page"])
        return (filter, recipientError)
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let (filter, recipientError) = Self.filter(req)
        let (rows, total) = recipientError == nil ? try await Outbox.list(filter, keys: req.keys, pageSize: Self.pageSize, on: req.db) : ([], 0)
        let messages = rows.map { row in
            OutboxPage.Message(row: row, text: (try? req.keys.decrypt(row.body_cipher)).map(Masking.codes(in:)) ?? "（无法解密）")
        }
        let model = OutboxPage.Model(messages: messages, total: total, filter: filter,
                                     recipientInput: req.query[String.self, at: "to"] ?? "", recipientError: recipientError,
                                     smsGateway: req.application.sms.name, emailGateway: req.application.email.name, csrfToken: try req.requireUser().csrfToken)
        return req.render(OutboxPage(context: req.pageContext("消息发件箱", breadcrumb: [Crumb("消息发件箱")]), model: model))
    }

    /// 导出 the outbox under the list's filters, audited. Recipients stay masked and bodies are
    /// left out: they hold verification codes, which must not travel in a file.
    @Sendable
    package func export(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let (filter, recipientError) = Self.filter(req)
        if let recipientError { throw Abort(.badRequest, reason: recipientError) }
        let format = SheetExport.format(req)
        var changes: [Audit.Change] = [.init("format", after: format.rawValue)]
        if let channel = filter.channel { changes.append(.init("channel", after: channel.rawValue)) }
        if let status = filter.status { changes.append(.init("status", after: status.rawValue)) }
        if filter.recipient != nil { changes.append(.init("recipient", after: "（按收件人）")) }
        try await req.db.writeTransaction { [changes] db in
            try await req.audit(.exportOutbox, target: .outbox, id: nil, changes: changes, on: db)
        }
        let db = req.db, keys = req.keys
        let columns: [XLSXWriter.Column] = [.init("编号", width: 8), .init("时间", width: 18), .init("渠道", width: 6), .init("用途", width: 16),
                                            .init("收件人", width: 18), .init("邮件主题", width: 24), .init("状态", width: 12), .init("尝试次数", width: 8),
                                            .init("发送时间", width: 18), .init("最近错误", width: 30)]
        return SheetExport.response(req, filename: "消息发件箱", format: format, personalData: .masked, sheetName: "消息发件箱", columns: columns) { sink in
            try await sink.emitPages({ before in
                try await Outbox.rows(filter, keys: keys, before: before, limit: SheetExport.pageSize, on: db)
            }, next: { rows, _ in rows[rows.count - 1].id }) { row in
                [.integer(Int(row.id)), .text(ChinaTime.dateTime(row.created_at)), .text(Outbox.Channel(rawValue: row.channel)?.label ?? row.channel),
                 .text(Outbox.purposeLabels[row.purpose] ?? row.purpose), .text(row.recipient_masked), .text(row.subject),
                 .text(Outbox.Status(rawValue: row.status)?.label ?? row.status), .integer(row.attempts),
                 .text(row.sent_at.map(ChinaTime.dateTime) ?? ""), .text(row.last_error ?? "")]
            }
        }
    }
}

package struct OutboxPage: HTML {
    package struct Message: Sendable {
        package let row: Outbox.Row
        package let text: String
    }

    package struct Model: Sendable {
        package var messages: [Message]
        package var total: Int
        package var filter: Outbox.Filter
        package var recipientInput: String
        package var recipientError: String?
        package var smsGateway: String
        package var emailGateway: String
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package static func gatewayLabel(_ name: String) -> String { name == "webhook" ? "接口推送" : "仅存入发件箱" }

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "消息发件箱") {
                p(.class("muted")) {
                    "平台发出的短信和邮件（验证码、变更提醒等）都记录在此，收件人和正文加密保存；列表中的验证码等数字已隐藏，查看全文须填写事由，记入操作日志并通知收件人。当前短信通道：\(Self.gatewayLabel(model.smsGateway))；邮件通道：\(Self.gatewayLabel(model.emailGateway))。接口推送失败会自动重试，详见“后台任务”。"
                }
                FilterBar(path: "/admin/outbox") {
                    SelectField("渠道", name: "channel", options: Outbox.Channel.allCases.map { SelectOption($0.rawValue, $0.label) },
                                selected: model.filter.channel?.rawValue, prompt: "全部", id: "f-channel")
                    SelectField("状态", name: "status", options: Outbox.Status.allCases.map { SelectOption($0.rawValue, $0.label) },
                                selected: model.filter.status?.rawValue, prompt: "全部", id: "f-status")
                    TextField("收件人", name: "to", value: model.recipientInput, error: model.recipientError,
                              placeholder: "完整手机号或邮箱", inputMode: nil, id: "f-to")
                }
                div(.class("outbox-table")) {
                DataTable(
                    columns: [.init("编号", numeric: true), .init("时间"), .init("渠道"), .init("用途"), .init("收件人"), .init("内容"), .init("状态"), .init("尝试"), .init("最近错误")],
                    rows: model.messages.map { message in
                        let row = message.row
                        let status = Outbox.Status(rawValue: row.status)
                        return [AnyHTML(Text(String(row.id))), AnyHTML(Text(ChinaTime.dateTime(row.created_at))),
                                AnyHTML(Text(Outbox.Channel(rawValue: row.channel)?.label ?? row.channel)),
                                AnyHTML(Text(Outbox.purposeLabels[row.purpose] ?? row.purpose)),
                                AnyHTML(span(.class("outbox-recipient")) { row.recipient_masked }),
                                AnyHTML(div(.class("outbox-text")) {
                                    if row.channel == Outbox.Channel.email.rawValue { strong { row.subject } }
                                    span(.class("outbox-body")) { message.text }
                                    details(.class("outbox-reveal")) {
                                        summary { "查看全文" }
                                        form(.method("post"), .action("/admin/outbox/\(row.id)/reveal"), .class("form-inline")) {
                                            CSRFField(model.csrfToken)
                                            TextField("查看事由", name: "reason", required: true, placeholder: "例如：学生来电称未收到验证码",
                                                      maxLength: 100, id: "reveal-\(row.id)")
                                            Button("查看（记入操作日志）", kind: .secondary)
                                        }
                                    }
                                }),
                                AnyHTML(StatusBadge(status?.label ?? row.status, tone: status?.tone ?? .neutral)),
                                AnyHTML(Text(String(row.attempts))), AnyHTML(Text(row.last_error ?? "—"))]
                    },
                    emptyMessage: "暂无消息。")
                }
                Pager(path: "/admin/outbox", baseQuery: query, page: model.filter.page, pageSize: OutboxController.pageSize, total: model.total)
                if model.recipientError == nil {
                    ExportMenu(path: "/admin/outbox/export", query: query, total: model.total, note: "收件人导出时已脱敏，正文（可能含验证码）不导出；每次导出都会记入操作日志。")
                }
            }
        }.render(into: &buffer)
    }

    package var query: [(String, String)] {
        var query: [(String, String)] = []
        if let channel = model.filter.channel { query.append(("channel", channel.rawValue)) }
        if let status = model.filter.status { query.append(("status", status.rawValue)) }
        if !model.recipientInput.isEmpty { query.append(("to", model.recipientInput)) }
        return query
    }
}

/// 消息全文: one message as the system admin asked for it, with the reason recorded.
package struct OutboxRevealPage: HTML {
    package let context: PageContext
    package let row: Outbox.Row
    package let text: String
    package let purpose: String
    package let reason: String

    package func render(into buffer: inout HTMLBuffer) {
        let row = self.row
        Layout(context) {
            Card(title: "消息全文") {
                Alert(.info, "本次查看已记入操作日志（事由：\(reason)）\(row.user_id == nil ? "。" : "，收件人账号会收到查看提醒。")")
                DescriptionList([("编号", String(row.id)), ("时间", ChinaTime.dateTime(row.created_at)),
                                 ("渠道", Outbox.Channel(rawValue: row.channel)?.label ?? "—"), ("用途", purpose),
                                 ("收件人", row.recipient_masked), ("邮件主题", row.subject.isEmpty ? "—" : row.subject), ("正文", text)])
                FormActions { LinkButton("返回消息发件箱", href: "/admin/outbox", kind: .secondary) }
            }
        }.render(into: &buffer)
    }
}
