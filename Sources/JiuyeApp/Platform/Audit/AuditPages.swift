import Foundation
import JiuyeDomain
import JiuyeHTML

/// Chinese wording for the audit pages.
enum AuditText {
    static let actions: [String: String] = [
        "bootstrap.account": "创建初始账号", "bootstrap.admin": "创建初始账号", "seed.demo": "导入示范数据",
        "account.activate": "首次登录设置密码", "account.profile": "修改个人信息", "account.password": "修改密码",
        "user.create": "新建账号", "user.enable": "启用账号", "user.disable": "停用账号", "user.unlock": "解除锁定",
        "user.reset-password": "重置密码", "user.assign-role": "分配角色", "user.remove-role": "移除角色",
        "job.retry": "任务重新排队", "session.end": "强制下线", "audit.export": "导出操作日志", "audit.export-logins": "导出登录日志", "audit.verify": "校验操作日志",
        "org.school.create": "新增学校", "org.campus.create": "新增校区", "org.college.create": "新增院系", "org.major.create": "新增专业",
        "org.class.create": "新增班级", "org.unit.create": "登记用人单位",
        "account.password-reset": "短信找回密码", "account.phone": "更换手机号", "account.totp-enable": "启用两步验证",
        "account.totp-disable": "停用两步验证", "account.recovery-codes": "重新生成恢复码", "personal.reveal": "查看完整个人信息",
        "audit.archive": "归档审计日志", "keys.rotate": "轮换加密密钥",
    ]

    static func action(_ code: String) -> String { actions[code] ?? code }

    static let reasons: [String: String] = [
        "ok": "登录成功", "bad-credentials": "账号或密码错误", "locked": "账号已锁定", "disabled": "账号已停用",
        "ok-sms": "短信验证码登录成功", "bad-sms-code": "短信验证码错误", "first-factor": "密码正确，待两步验证",
        "ok-totp": "两步验证通过，登录成功", "bad-totp": "动态口令错误", "ok-recovery": "恢复码登录成功", "bad-recovery": "恢复码错误",
        "phone-change-proof": "更换手机号：密码核验通过",
    ]

    static func reason(_ code: String) -> String { reasons[code] ?? code }

    static func problem(_ problem: AuditChain.Problem) -> String {
        switch problem {
        case .edited(let seq): "第 \(seq) 条日志被修改（内容与其哈希不符）。"
        case .deleted(let seq): "第 \(seq) 条之后有日志被删除（序号不连续）。"
        case .inserted(let seq): "第 \(seq) 条日志是插入或调换的（与前一条不衔接）。"
        case .truncated(let last, let expected): "最新的日志被删除：日志止于第 \(last) 条，但已导出的链头记录到第 \(expected) 条。"
        case .headMismatch(let seq): "链头与第 \(seq) 条日志不一致。"
        }
    }

    /// "field: before → after; …" from the stored JSON.
    static func changes(_ json: String) -> String {
        guard let items = try? JSONDecoder().decode([[String: String]].self, from: Data(json.utf8)), !items.isEmpty else { return "—" }
        return items.map { item in
            let before = item["before"] ?? "", after = item["after"] ?? ""
            let field = item["field"] ?? ""
            if before.isEmpty { return "\(field)：\(after)" }
            if after.isEmpty { return "\(field)：\(before) → （空）" }
            return "\(field)：\(before) → \(after)"
        }.joined(separator: "；")
    }
}

struct OperationLogPage: HTML {
    struct Model: Sendable {
        var rows: [AuditController.OperationRow]
        var total: Int
        var filter: AuditController.OperationFilter
        var csrfToken: String
        var verification: Flash?
    }

    let context: PageContext
    let model: Model

    func render(into buffer: inout HTMLBuffer) {
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
                    TextField("操作", name: "action", value: model.filter.action ?? "", placeholder: "如 user.", id: "f-action")
                    TextField("对象编号", name: "target", value: model.filter.target ?? "", id: "f-target")
                    TextField("起始日期", name: "from", value: model.filter.from.map(ChinaTime.date) ?? "", type: "date", id: "f-from")
                    TextField("截止日期", name: "to", value: model.filter.to.map { ChinaTime.date($0 - 86_400) } ?? "", type: "date", id: "f-to")
                }
                DataTable(
                    columns: [.init("序号", numeric: true), .init("时间"), .init("操作人"), .init("角色"), .init("操作"), .init("对象"), .init("变更"), .init("IP")],
                    rows: model.rows.map { row in
                        [AnyHTML(Text(row.seq.map(String.init) ?? "—")), AnyHTML(Text(ChinaTime.dateTime(row.at))),
                         AnyHTML(Text(row.actor_name.map { name in row.actor_username.map { "\(name)（\($0)）" } ?? name } ?? "系统")),
                         AnyHTML(Text(row.actor_role.flatMap(Role.init(rawValue:))?.label ?? "—")),
                         AnyHTML(Text(AuditText.action(row.action))),
                         AnyHTML(Text("\(row.target_type)\(row.target_id.map { " #\($0)" } ?? "")")),
                         AnyHTML(Text(AuditText.changes(row.changes))), AnyHTML(Text(row.ip ?? "—"))]
                    },
                    emptyMessage: "没有符合条件的日志。")
                Pager(path: "/audit/operations", baseQuery: model.filter.query, page: model.filter.page, pageSize: 20, total: model.total)
            }
        }.render(into: &buffer)
    }
}

struct LoginLogPage: HTML {
    struct Model: Sendable {
        var rows: [AuditController.LoginRow]
        var total: Int
        var filter: AuditController.LoginFilter
    }

    let context: PageContext
    let model: Model

    func render(into buffer: inout HTMLBuffer) {
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
                DataTable(
                    columns: [.init("时间"), .init("账号"), .init("IP"), .init("浏览器"), .init("结果"), .init("原因")],
                    rows: model.rows.map { row in
                        let account = row.username ?? row.student_no
                        return [AnyHTML(Text(ChinaTime.dateTime(row.at))),
                                AnyHTML(Text(row.display_name.map { name in account.map { "\(name)（\($0)）" } ?? name } ?? "不存在的账号")),
                                AnyHTML(Text(row.ip)), AnyHTML(Text(row.user_agent.map { String($0.prefix(60)) } ?? "—")),
                                AnyHTML(StatusBadge(row.success ? "成功" : "失败", tone: row.success ? .success : .danger)),
                                AnyHTML(Text(AuditText.reason(row.reason)))]
                    },
                    emptyMessage: "没有符合条件的登录记录。")
                Pager(path: "/audit/logins", baseQuery: model.filter.query, page: model.filter.page, pageSize: 20, total: model.total)
            }
        }.render(into: &buffer)
    }
}
