import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Chinese wording for the audit pages that does not depend on the registered labels.
package enum AuditText {
    package static func reason(_ code: String) -> String { LoginResultLabels.label(code) }

    package static func problem(_ problem: AuditChain.Problem) -> String {
        switch problem {
        case .edited(let seq): "第 \(seq) 条日志被修改（内容与其哈希不符）。"
        case .deleted(let seq): "第 \(seq) 条之后有日志被删除（序号不连续）。"
        case .inserted(let seq): "第 \(seq) 条日志是插入或调换的（与前一条不衔接）。"
        case .truncated(let last, let expected): "最新的日志被删除：日志止于第 \(last) 条，但已导出的链头记录到第 \(expected) 条。"
        case .headMismatch(let seq): "链头与第 \(seq) 条日志不一致。"
        }
    }

    /// Whether a text has a Chinese character (a field name or value already written for people).
    package static func hasChinese(_ text: String) -> Bool {
        text.unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) || (0x3400...0x4DBF).contains($0.value) }
    }
}

/// Names the operation log shows for ids: the users and code tables its rows point at, read
/// once per page (or per thousand rows of an export).
package struct AuditNames: Sendable {
    package struct Person: Sendable {
        package let name: String
        package let studentNo: String?
        package let username: String?
    }

    package var users: [String: Person] = [:]
    package var codeTables: [String: String] = [:]

    package static func load(for rows: [AuditController.OperationRow], on db: any Database) async throws -> AuditNames {
        var names = AuditNames()
        let userIDs = Set(rows.filter { $0.target_type == AuditTarget.user.key }.compactMap { $0.target_id.flatMap { Int64($0) } })
        if !userIDs.isEmpty {
            let found = try await db.sql.select().columns("id", "display_name", "student_no", "username").from("users")
                .where("id", .in, SQLGroupExpression(userIDs.sorted().map { SQLBind($0) as any SQLExpression })).all()
            for row in found {
                let id = try row.decode(column: "id", as: Int64.self)
                names.users[String(id)] = Person(name: try row.decode(column: "display_name", as: String.self),
                                                 studentNo: try row.decode(column: "student_no", as: String?.self),
                                                 username: try row.decode(column: "username", as: String?.self))
            }
        }
        let tables = Set(rows.compactMap { $0.target_type.hasPrefix("code:") ? String($0.target_type.dropFirst(5)) : nil })
        if !tables.isEmpty {
            let found = try await db.sql.select().columns("key", "name").from("code_tables")
                .where("key", .in, SQLGroupExpression(tables.sorted().map { SQLBind($0) as any SQLExpression })).all()
            for row in found { names.codeTables[try row.decode(column: "key", as: String.self)] = try row.decode(column: "name", as: String.self) }
        }
        return names
    }
}

/// Reads stored audit rows in Chinese: the action, the target (its type and which one), the
/// change details with field names and coded values translated. One per request.
package struct AuditReader: Sendable {
    package let labels: AuditLabels
    package let caseTypes: CaseTypeRegistry
    package var names = AuditNames()

    package init(_ app: Application, names: AuditNames = AuditNames()) {
        labels = app.auditLabels
        caseTypes = app.caseTypes
        self.names = names
    }

    /// One row as shown on the page and in the export.
    package struct Line: Sendable {
        package let seq: String
        package let at: String
        package let actor: String
        package let account: String
        package let role: String
        package let action: String
        package let targetType: String
        package let target: String
        package let changes: String
        package let ip: String

        /// "用户「张明」（学号 20251001）", "毕业去向登记 #12", "毕业生名单".
        package var targetText: String { target.isEmpty ? targetType : targetType + target }
    }

    package func line(_ row: AuditController.OperationRow) -> Line {
        Line(seq: row.seq.map(String.init) ?? "—", at: ChinaTime.dateTime(row.at),
             actor: row.actor_name ?? "系统", account: row.actor_username ?? "",
             role: row.actor_role.map(role) ?? (row.actor_id == nil ? "系统" : "—"),
             action: action(row.action), targetType: targetType(row.target_type),
             target: target(type: row.target_type, id: row.target_id, action: row.action),
             changes: changes(row.changes, action: row.action, targetType: row.target_type), ip: row.ip ?? "—")
    }

    package func action(_ key: String) -> String {
        labels.action(key) ?? "未登记的操作（\(key)）"
    }

    package func role(_ raw: String) -> String { Role(rawValue: raw)?.label ?? raw }

    package func targetType(_ key: String) -> String {
        if let label = labels.target(key) { return label }
        if let type = caseTypes.named(key) { return type.definition.name }
        if key.hasPrefix("code:") {
            let table = String(key.dropFirst(5))
            return names.codeTables[table].map { "代码表「\($0)」" } ?? "代码表"
        }
        return "未登记的对象（\(key)）"
    }

    /// Which one, after the type: 「张明」（学号 20251001）, #12, 第 3 批, JY2026-000012.
    package func target(type: String, id: String?, action: String) -> String {
        guard let id, !id.isEmpty else { return "" }
        switch type {
        case AuditTarget.user.key:
            guard let person = names.users[id] else { return " #\(id)" }
            if let studentNo = person.studentNo { return "「\(person.name)」（学号 \(studentNo)）" }
            if let username = person.username { return "「\(person.name)」（\(username)）" }
            return "「\(person.name)」"
        case "student": return "（学号 \(id)）"
        case AuditTarget.document.key: return " \(id)"
        case AuditTarget.keyRing.key: return "（\(id)）"
        case AuditTarget.auditLog.key:
            return action == AuditAction.auditArchive.key ? "归档 #\(id)" : ""
        case AuditTarget.timeWindow.key:
            // "school:1:2026:destination"
            let parts = id.split(separator: ":").map(String.init)
            guard parts.count == 4 else { return " \(id)" }
            let owner = ["school": "学校", "county": "县区", "city": "市"][parts[0]] ?? ""
            let business = Business(rawValue: parts[3])?.label ?? ""
            return "（\(owner) #\(parts[1])，\(parts[2])届\(business)）"
        default:
            if caseTypes.named(type) != nil, action.hasPrefix("case.batch.") { return " 第 \(id) 批" }
            return " #\(id)"
        }
    }

    /// "姓名：张三 → 张明；邮箱：…" from the stored JSON.
    package func changes(_ json: String, action: String, targetType: String) -> String {
        guard let items = try? JSONDecoder().decode([[String: String]].self, from: Data(json.utf8)), !items.isEmpty else { return "—" }
        return items.map { item in
            let key = item["field"] ?? ""
            let field = field(key, action: action)
            let before = value(item["before"] ?? "", field: key, action: action, targetType: targetType)
            let after = value(item["after"] ?? "", field: key, action: action, targetType: targetType)
            if before.isEmpty { return "\(field)：\(after.isEmpty ? "无" : after)" }
            if after.isEmpty { return "\(field)：\(before) → （空）" }
            return "\(field)：\(before) → \(after)"
        }.joined(separator: "；")
    }

    package func field(_ key: String, action: String) -> String {
        if let label = labels.field(action + "#" + key) ?? labels.field(key) { return label }
        return AuditText.hasChinese(key) ? key : "其他（\(key)）"
    }

    /// Coded values as people read them.
    package func value(_ raw: String, field: String, action: String, targetType: String) -> String {
        guard !raw.isEmpty else { return raw }
        if let label = labels.value(field: field, raw) { return label }
        switch field {
        case "format": return ExportFormat(rawValue: raw)?.shortLabel ?? raw
        case "role": return Role(rawValue: raw)?.label ?? raw
        case "is_active": return raw == "true" ? "启用" : raw == "false" ? "停用" : raw
        case "channel": return Outbox.Channel(rawValue: raw)?.label ?? raw
        case "status":
            return Outbox.Status(rawValue: raw)?.label ?? raw
        case "result":
            // audit.verify: "ok 120" (new rows say 通过 in Chinese already).
            if raw.hasPrefix("ok ") { return "通过（\(raw.dropFirst(3)) 条）" }
            return raw
        case "filter": return filter(raw, targetType: targetType)
        default: return raw
        }
    }

    /// "actor=security&action=user." → "操作人=security，操作=用户管理…"; Chinese filters pass through.
    package func filter(_ raw: String, targetType: String) -> String {
        let separators: Set<Character> = ["&", "，"]
        let pairs = raw.split(whereSeparator: { separators.contains($0) }).map(String.init)
        let names = ["actor": "操作人", "action": "操作", "target": "对象编号", "from": "起始日期", "to": "截止日期",
                     "account": "账号", "result": "结果", "ip": "IP", "status": "状态", "level": "学历", "college": "院系编号",
                     "major": "专业编号", "q": "关键字", "channel": "渠道", "recipient": "收件人"]
        return pairs.map { pair in
            guard let equals = pair.firstIndex(of: "=") else { return pair }
            let key = String(pair[..<equals]), value = String(pair[pair.index(after: equals)...])
            guard let name = names[key] else { return pair }
            let shown: String
            switch key {
            case "action": shown = labels.action(value) ?? value
            case "result": shown = value == "ok" ? "成功" : value == "fail" ? "失败" : value
            case "status": shown = caseTypes.named(targetType)?.labelsByKey[value] ?? value
            default: shown = value
            }
            return "\(name)：\(shown)"
        }.joined(separator: "，")
    }
}

package struct OperationLogPage: HTML {
    package struct Model: Sendable {
        package var lines: [AuditReader.Line]
        package var total: Int
        package var filter: AuditController.OperationFilter
        /// The action filter's choices: key and label, by label.
        package var actions: [SelectOption]
        package var csrfToken: String
        package var verification: Flash?
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let query = QueryString.make(model.filter.query)
        let exportQuery = query.isEmpty ? "" : "?" + query
        Layout(context) {
            Card(title: "操作日志") {
                if let verification = model.verification {
                    div(.class(verification.kind == .error ? "alert alert-error" : "alert alert-success"), .role("status")) { verification.message }
                }
                div(.class("toolbar")) {
                    form(.method("post"), .action("/audit/verify")) {
                        CSRFField(model.csrfToken)
                        Button("校验日志完整性", kind: .secondary)
                    }
                    LinkButton("导出 CSV", href: "/audit/operations.csv" + exportQuery, kind: .primary)
                }
                FilterBar(path: "/audit/operations") {
                    TextField("操作人", name: "actor", value: model.filter.actor ?? "", placeholder: "用户名或姓名", id: "f-actor")
                    SelectField("操作", name: "action", options: model.actions, selected: model.filter.action, prompt: "全部操作", id: "f-action")
                    TextField("对象编号", name: "target", value: model.filter.target ?? "", id: "f-target")
                    TextField("起始日期", name: "from", value: model.filter.from.map(ChinaTime.date) ?? "", type: "date", id: "f-from")
                    TextField("截止日期", name: "to", value: model.filter.to.map { ChinaTime.date($0 - 86_400) } ?? "", type: "date", id: "f-to")
                }
                div(.class("log-table log-operations")) {
                    DataTable(
                        columns: [.init("序号", numeric: true), .init("时间"), .init("操作人"), .init("角色"), .init("操作"), .init("对象"), .init("变更"), .init("IP")],
                        rows: model.lines.map { line in
                            [AnyHTML(Text(line.seq)), AnyHTML(Text(line.at)),
                             AnyHTML(Text(line.account.isEmpty ? line.actor : "\(line.actor)（\(line.account)）")),
                             AnyHTML(Text(line.role)), AnyHTML(Text(line.action)), AnyHTML(Text(line.targetText)),
                             AnyHTML(Text(line.changes)), AnyHTML(Text(line.ip))]
                        },
                        emptyMessage: "没有符合条件的日志。")
                }
                Pager(path: "/audit/operations", baseQuery: model.filter.query, page: model.filter.page, pageSize: 20, total: model.total)
            }
        }.render(into: &buffer)
    }
}

package struct LoginLogPage: HTML {
    package struct Model: Sendable {
        package var rows: [AuditController.LoginRow]
        package var total: Int
        package var filter: AuditController.LoginFilter
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let query = QueryString.make(model.filter.query)
        Layout(context) {
            Card(title: "登录日志") {
                div(.class("toolbar")) {
                    LinkButton("导出 CSV", href: "/audit/logins.csv" + (query.isEmpty ? "" : "?" + query), kind: .primary)
                }
                FilterBar(path: "/audit/logins") {
                    TextField("账号", name: "account", value: model.filter.account ?? "", placeholder: "用户名、学号或手机号", id: "f-account")
                    SelectField("结果", name: "result", options: [SelectOption("ok", "成功"), SelectOption("fail", "失败")], selected: model.filter.result, prompt: "全部", id: "f-result")
                    TextField("IP", name: "ip", value: model.filter.ip ?? "", id: "f-ip")
                    TextField("起始日期", name: "from", value: model.filter.from.map(ChinaTime.date) ?? "", type: "date", id: "f-from")
                    TextField("截止日期", name: "to", value: model.filter.to.map { ChinaTime.date($0 - 86_400) } ?? "", type: "date", id: "f-to")
                }
                div(.class("log-table log-logins")) {
                    DataTable(
                        columns: [.init("时间"), .init("账号"), .init("IP"), .init("浏览器"), .init("结果"), .init("原因")],
                        rows: model.rows.map { row in
                            [AnyHTML(Text(ChinaTime.dateTime(row.at))), AnyHTML(Text(row.accountText)),
                             AnyHTML(Text(row.ip)), AnyHTML(Text(UserAgentSummary.text(row.user_agent))),
                             AnyHTML(StatusBadge(row.success ? "成功" : "失败", tone: row.success ? .success : .danger)),
                             AnyHTML(Text(AuditText.reason(row.reason)))]
                        },
                        emptyMessage: "没有符合条件的登录记录。")
                }
                Pager(path: "/audit/logins", baseQuery: model.filter.query, page: model.filter.page, pageSize: 20, total: model.total)
            }
        }.render(into: &buffer)
    }
}

extension AuditController.LoginRow {
    /// "张明（20251001）", or 不存在的账号 for a name typed that matches no account.
    package var accountText: String {
        let account = username ?? student_no
        return display_name.map { name in account.map { "\(name)（\($0)）" } ?? name } ?? "不存在的账号"
    }
}
