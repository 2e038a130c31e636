import JiuyeHTML

/// 用户登录: username, 学号 or phone + password; 一周内免登录 for students.
package struct LoginPage: HTML {
    package struct Model: Sendable {
        package var identifier: String
        package var remember: Bool
        package var next: String
        package var error: String?
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            // Each item stays whole on a narrow screen; lines break only between items.
            p(.class("login-tagline muted")) {
                span { "毕业生就业手续" }; " · "; span { a(.href("/portal")) { "就业网首页" } }; " · "; span { a(.href("/jobs")) { "求职招聘" } }; " · "; span { "基层就业资助" }; " · "; span { "生活补贴" }
            }
            Card(title: "用户登录") {
                nav(.class("login-tabs"), .ariaLabel("登录方式")) {
                    a(.href("/login"), .ariaCurrent("page")) { "密码登录" }
                    a(.href("/login/sms")) { "短信登录" }
                }
                if let error = model.error {
                    Alert(.error, error)
                }
                form(.method("post"), .action("/login"), .class("form-stack")) {
                    CSRFField(model.csrfToken)
                    input(.type("hidden"), .name("next"), .value(model.next))
                    TextField("账号", name: "identifier", value: model.identifier, required: true,
                              hint: "用户名、学号或手机号", autocomplete: "username", id: "identifier")
                    TextField("密码", name: "password", type: "password", required: true, autocomplete: "current-password", id: "password")
                    CheckboxField("一周内免登录（仅限学生，请勿在公共设备上勾选）", name: "remember", checked: model.remember, id: "remember")
                    FormActions {
                        Button("登录")
                    }
                }
                p(.class("login-links")) {
                    a(.href("/password/forgot")) { "忘记密码" }
                    a(.href("/phone/change")) { "更换手机号" }
                    a(.href("/activate")) { "首次登录（已导入的毕业生设置密码）" }
                    a(.href("/employer/register")) { "用人单位注册" }
                    a(.href("/grassroots/register")) { "基层就业资助学生注册" }
                }
            }
        }.render(into: &buffer)
    }
}

/// 首次登录: an imported graduate proves 学号 + 证件号码 and sets a password.
package struct ActivatePage: HTML {
    package struct Model: Sendable {
        package var studentNo: String
        /// What was typed, kept after an error so a typo is fixed, not retyped (the page is
        /// answered to the same browser, never cached).
        package var idNumber: String = ""
        package var errors: [String: String]
        package var csrfToken: String
        package var policy: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            Card(title: "首次登录 · 设置密码") {
                p(.class("muted")) { "学校已为您导入毕业生信息。请输入学号和证件号码核验身份，并设置登录密码。" }
                form(.method("post"), .action("/activate"), .class("form-stack")) {
                    CSRFField(model.csrfToken)
                    TextField("学号", name: "studentNo", value: model.studentNo, required: true, error: model.errors["studentNo"], autocomplete: "username", id: "studentNo")
                    TextField("证件号码", name: "idNumber", value: model.idNumber, required: true, error: model.errors["idNumber"], hint: "居民身份证或港澳台居民居住证号码", autocomplete: "off", id: "idNumber")
                    TextField("新密码", name: "password", type: "password", required: true, error: model.errors["password"], hint: model.policy, autocomplete: "new-password", id: "password")
                    TextField("确认新密码", name: "confirm", type: "password", required: true, error: model.errors["confirm"], autocomplete: "new-password", id: "confirm")
                    FormActions {
                        Button("设置密码并登录")
                        LinkButton("返回登录", href: "/login")
                    }
                }
            }
        }.render(into: &buffer)
    }
}
