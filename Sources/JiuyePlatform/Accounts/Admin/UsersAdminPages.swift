import JiuyeDomain
import JiuyeHTML

package struct UserListPage: HTML {
    package struct Item: Sendable {
        package let id: Int64
        package let username: String
        package let name: String
        package let phone: String
        package let roles: [String]
        package let active: Bool
    }

    package struct Model: Sendable {
        package var items: [Item]
        package var total: Int
        package var filter: UserAdminQueries.Filter
        package var roleOptions: [SelectOption]
        package var query: [(String, String)]
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: context.title) {
                div(.class("toolbar")) { LinkButton("新建账号", href: "/admin/users/new", kind: .primary) }
                FilterBar(path: "/admin/users") {
                    TextField("关键字", name: "q", value: model.filter.keyword ?? "", placeholder: "姓名、用户名、学号或手机号", id: "f-q")
                    SelectField("角色", name: "role", options: model.roleOptions, selected: model.filter.role?.rawValue, prompt: "全部", id: "f-role")
                }
                DataTable(
                    columns: [.init("用户名/学号"), .init("姓名"), .init("手机号"), .init("角色"), .init("状态")],
                    rows: model.items.map { item in
                        [AnyHTML(a(.href("/admin/users/\(item.id)")) { item.username }), AnyHTML(Text(item.name)), AnyHTML(Text(item.phone)),
                         AnyHTML(Text(item.roles.isEmpty ? "未分配" : item.roles.joined(separator: "、"))),
                         AnyHTML(StatusBadge(item.active ? "正常" : "已停用", tone: item.active ? .success : .danger))]
                    },
                    emptyMessage: "没有符合条件的账号。")
                Pager(path: "/admin/users", baseQuery: model.query, page: model.filter.page, pageSize: model.filter.pageSize, total: model.total)
                ExportMenu(path: "/admin/users/export", query: model.query, total: model.total)
            }
        }.render(into: &buffer)
    }
}

package struct NewUserPage: HTML {
    package struct Model: Sendable {
        package var fields: [String: String]
        package var errors: [String: String]
        package var scope: ScopeForm
        package var reach: AdminReach
        package var options: UserAdminQueries.SchoolOptions
        package var cohorts: [String]
        package var csrfToken: String
        package var policy: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "新建账号") {
                form(.method("get"), .action("/admin/users/new"), .class("form-grid step-form")) {
                    p(.class("muted")) { "第一步：选择角色\(model.reach.schoolID == nil ? "和学校" : "")（可不分配角色，稍后在账号页面添加）。" }
                    SelectField("角色", name: "role", options: model.reach.grantable.map { SelectOption($0.rawValue, $0.label) }, selected: model.scope.role?.rawValue, prompt: "暂不分配", id: "step-role")
                    if model.reach.schoolID == nil {
                        SelectField("学校", name: "school", options: model.options.schools, selected: model.scope.schoolID.map(String.init), prompt: "不限", id: "step-school")
                    }
                    FormActions { Button("下一步", kind: .secondary) }
                }
                form(.method("post"), .action("/admin/users"), .class("form-grid")) {
                    CSRFField(model.csrfToken)
                    TextField("用户名", name: "username", value: model.fields["username"] ?? "", required: true, error: model.errors["username"], hint: "字母开头，3–32 位小写字母、数字或 _ . -", autocomplete: "off", id: "username")
                    TextField("姓名", name: "displayName", value: model.fields["displayName"] ?? "", required: true, error: model.errors["displayName"], maxLength: 50, id: "displayName")
                    TextField("手机号", name: "phone", value: model.fields["phone"] ?? "", type: "tel", error: model.errors["phone"], inputMode: "numeric", maxLength: 14, id: "phone")
                    TextField("电子邮箱", name: "email", value: model.fields["email"] ?? "", type: "email", error: model.errors["email"], id: "email")
                    TextField("初始密码", name: "password", type: "password", error: model.errors["password"], hint: "留空则由系统生成并只显示一次。" + model.policy, autocomplete: "new-password", id: "password")
                    if model.scope.role != nil {
                        ScopeFields(form: model.scope, reach: model.reach, options: model.options, cohorts: model.cohorts, error: model.errors["role"])
                    } else if let error = model.errors["role"] {
                        p(.class("field-error")) { error }
                    }
                    FormActions {
                        Button("创建账号")
                        LinkButton("取消", href: "/admin/users")
                    }
                }
            }
        }.render(into: &buffer)
    }
}

package struct UserDetailPage: HTML {
    package struct AssignmentItem: Sendable {
        package let id: Int64
        package let role: String
        package let scope: String
        package let removable: Bool
    }

    package struct Model: Sendable {
        package var id: Int64
        package var username: String
        package var name: String
        package var email: String
        package var phone: String
        package var active: Bool
        package var lock: String
        package var created: String
        package var assignments: [AssignmentItem]
        package var scope: ScopeForm
        package var reach: AdminReach
        package var options: UserAdminQueries.SchoolOptions
        package var cohorts: [String]
        package var error: String?
        package var csrfToken: String
        package var isSelf: Bool
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let base = "/admin/users/\(model.id)"
        Layout(context) {
            Card(title: "账号信息") {
                DescriptionList([("用户名/学号", model.username), ("姓名", model.name), ("手机号", model.phone), ("电子邮箱", model.email),
                                 ("状态", model.active ? "正常" : "已停用"), ("登录锁定", model.lock), ("创建时间", model.created)])
                div(.class("action-row")) {
                    if !model.isSelf {
                        form(.method("post"), .action(base + (model.active ? "/disable" : "/enable")), .data("data-confirm", model.active ? "确定停用该账号？其登录将立即失效。" : "确定启用该账号？")) {
                            CSRFField(model.csrfToken)
                            Button(model.active ? "停用账号" : "启用账号", kind: model.active ? .danger : .secondary)
                        }
                    }
                    form(.method("post"), .action(base + "/unlock")) {
                        CSRFField(model.csrfToken)
                        Button("解除锁定", kind: .secondary)
                    }
                    form(.method("post"), .action(base + "/reset-password"), .data("data-confirm", "确定重置该账号的密码？新密码只显示一次。")) {
                        CSRFField(model.csrfToken)
                        Button("重置密码", kind: .secondary)
                    }
                }
            }
            Card(title: "角色与管理范围") {
                DataTable(
                    columns: [.init("角色"), .init("管理范围"), .init("操作")],
                    rows: model.assignments.map { item in
                        [AnyHTML(Text(item.role)), AnyHTML(Text(item.scope.isEmpty ? "—" : item.scope)),
                         item.removable
                            ? AnyHTML(form(.method("post"), .action(base + "/assignments/\(item.id)/delete"), .data("data-confirm", "确定移除该角色？")) {
                                CSRFField(model.csrfToken)
                                Button("移除", kind: .link)
                            })
                            : AnyHTML(Text("—"))]
                    },
                    emptyMessage: "尚未分配角色：该账号登录后将看到空白页面。")
            }
            Card(title: "添加角色") {
                form(.method("get"), .action(base), .class("form-grid step-form")) {
                    p(.class("muted")) { "第一步：选择角色\(model.reach.schoolID == nil ? "和学校" : "")，点击“下一步”后设置管理范围。" }
                    SelectField("角色", name: "role", options: model.reach.grantable.map { SelectOption($0.rawValue, $0.label) }, selected: model.scope.role?.rawValue, required: true, id: "step-role")
                    if model.reach.schoolID == nil {
                        SelectField("学校", name: "school", options: model.options.schools, selected: model.scope.schoolID.map(String.init), prompt: "不限", id: "step-school")
                    }
                    FormActions { Button("下一步", kind: .secondary) }
                }
                if model.scope.role != nil {
                    form(.method("post"), .action(base + "/assignments"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        ScopeFields(form: model.scope, reach: model.reach, options: model.options, cohorts: model.cohorts, error: model.error)
                        FormActions { Button("保存角色") }
                    }
                } else if let error = model.error {
                    p(.class("field-error")) { error }
                }
            }
        }.render(into: &buffer)
    }
}

/// Shows a generated password once.
package struct PasswordIssuedPage: HTML {
    package let context: PageContext
    package let title: String
    package let username: String
    package let password: String
    package let userID: Int64

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: title) {
                DescriptionList([("账号", username), ("密码", password)])
                p(.class("alert alert-warning")) { "密码只显示这一次，请通过安全的方式告知本人，并提醒其登录后立即修改。" }
                FormActions { LinkButton("查看账号", href: "/admin/users/\(userID)", kind: .primary) }
            }
        }.render(into: &buffer)
    }
}
