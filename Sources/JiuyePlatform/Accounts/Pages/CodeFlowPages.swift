import JiuyeDomain
import JiuyeHTML

/// The notice or error band at the top of a code-flow card.
package struct FlowMessages: HTML {
    package let notice: String?
    package let error: String?

    package func render(into buffer: inout HTMLBuffer) {
        if let notice {
            div(.class("alert alert-success"), .role("status")) { notice }.render(into: &buffer)
        }
        if let error {
            Alert(.error, error).render(into: &buffer)
        }
    }
}

/// The read-only phone of the code step, with a way back to change it.
package struct PhoneSummary: HTML {
    package let phone: String
    package let changeHref: String

    package func render(into buffer: inout HTMLBuffer) {
        p(.class("code-target")) {
            span(.class("muted")) { "手机号 " }
            strong { Masking.phone(phone) }
            " "
            a(.href(changeHref)) { "更换号码" }
        }.render(into: &buffer)
    }
}

/// A small separate form that asks for another code (a separate form, so pressing Enter in
/// the code field never resends).
package struct ResendForm: HTML {
    package let action: String
    package let fields: [(String, String)]
    package let csrfToken: String
    package let label: String

    package func render(into buffer: inout HTMLBuffer) {
        form(.method("post"), .action(action), .class("resend-form")) {
            CSRFField(csrfToken)
            ForEach(fields.indices) { index in
                input(.type("hidden"), .name(fields[index].0), .value(fields[index].1))
            }
            Button(label, kind: .link)
        }.render(into: &buffer)
    }
}

/// 短信登录.
package struct SMSLoginPage: HTML {
    package enum Step: Sendable { case phone, code }

    package struct Model: Sendable {
        package var step: Step
        package var phone = ""
        package var next = "/"
        package var notice: String?
        package var error: String?
        package var csrfToken = ""
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            p(.class("login-tagline muted")) { "毕业生就业手续 · 求职招聘 · 基层就业资助 · 生活补贴" }
            Card(title: "用户登录") {
                nav(.class("login-tabs"), .ariaLabel("登录方式")) {
                    a(.href("/login")) { "密码登录" }
                    a(.href("/login/sms"), .ariaCurrent("page")) { "短信登录" }
                }
                FlowMessages(notice: model.notice, error: model.error)
                switch model.step {
                case .phone:
                    form(.method("post"), .action("/login/sms/send"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("next"), .value(model.next))
                        TextField("手机号", name: "phone", value: model.phone, type: "tel", required: true, hint: "注册时预留的手机号码",
                                  autocomplete: "tel", inputMode: "numeric", maxLength: 20, id: "phone")
                        FormActions { Button("发送验证码") }
                    }
                case .code:
                    PhoneSummary(phone: model.phone, changeHref: "/login/sms")
                    form(.method("post"), .action("/login/sms"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("next"), .value(model.next))
                        input(.type("hidden"), .name("phone"), .value(model.phone))
                        TextField("短信验证码", name: "code", required: true, hint: "6 位数字，5 分钟内有效", autocomplete: "one-time-code",
                                  inputMode: "numeric", maxLength: 8, id: "code")
                        CheckboxField("一周内免登录（仅限学生，请勿在公共设备上勾选）", name: "remember", checked: false, id: "remember")
                        FormActions { Button("登录") }
                    }
                    ResendForm(action: "/login/sms/send", fields: [("phone", model.phone), ("next", model.next)], csrfToken: model.csrfToken,
                               label: "没收到？重新获取验证码（60 秒后可重发）")
                }
                p(.class("login-links")) {
                    a(.href("/password/forgot")) { "忘记密码" }
                    a(.href("/phone/change")) { "更换手机号" }
                }
            }
        }.render(into: &buffer)
    }
}

/// 忘记密码.
package struct ForgotPasswordPage: HTML {
    package enum Step: Sendable { case phone, code }

    package struct Model: Sendable {
        package var step: Step
        package var phone = ""
        package var notice: String?
        package var errors: [String: String] = [:]
        package var csrfToken = ""
        package var policy = ""
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            Card(title: "忘记密码") {
                p(.class("muted")) { "通过账号绑定的手机号接收验证码，设置新密码。重置后，所有已登录的设备都将退出。" }
                FlowMessages(notice: model.notice, error: nil)
                switch model.step {
                case .phone:
                    form(.method("post"), .action("/password/forgot/send"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        TextField("手机号", name: "phone", value: model.phone, type: "tel", required: true, error: model.errors["phone"],
                                  hint: "账号绑定的手机号码", autocomplete: "tel", inputMode: "numeric", maxLength: 20, id: "phone")
                        FormActions {
                            Button("发送验证码")
                            LinkButton("返回登录", href: "/login")
                        }
                    }
                case .code:
                    PhoneSummary(phone: model.phone, changeHref: "/password/forgot")
                    form(.method("post"), .action("/password/forgot"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("phone"), .value(model.phone))
                        TextField("短信验证码", name: "code", required: true, error: model.errors["code"], hint: "6 位数字，5 分钟内有效",
                                  autocomplete: "one-time-code", inputMode: "numeric", maxLength: 8, id: "code")
                        TextField("新密码", name: "password", type: "password", required: true, error: model.errors["password"], hint: model.policy,
                                  autocomplete: "new-password", id: "password")
                        TextField("确认新密码", name: "confirm", type: "password", required: true, error: model.errors["confirm"],
                                  autocomplete: "new-password", id: "confirm")
                        FormActions {
                            Button("重置密码")
                            LinkButton("返回登录", href: "/login")
                        }
                    }
                    ResendForm(action: "/password/forgot/send", fields: [("phone", model.phone)], csrfToken: model.csrfToken,
                               label: "没收到？重新获取验证码（60 秒后可重发）")
                }
            }
        }.render(into: &buffer)
    }
}

/// 更换手机号.
package struct PhoneChangePage: HTML {
    package enum Step: Sendable { case prove, emailCode, newPhone, newPhoneCode }

    package struct Model: Sendable {
        package var step: Step
        package var account = ""
        package var name = ""
        /// Which proof is open on the first step: "password" or "email".
        package var method = "password"
        package var phone = ""
        package var notice: String?
        package var errors: [String: String] = [:]
        package var csrfToken = ""
        /// The account proven in step one, masked, for the new-phone steps.
        package var provenAccount: String?
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            Card(title: "更换手机号") {
                ol(.class("flow-steps")) {
                    li(.ariaCurrent(model.step == .prove || model.step == .emailCode ? "step" : "false")) { "验证账号身份" }
                    li(.ariaCurrent(model.step == .newPhone || model.step == .newPhoneCode ? "step" : "false")) { "验证新手机号" }
                    li { "完成" }
                }
                FlowMessages(notice: model.notice, error: nil)
                if let account = model.provenAccount {
                    p(.class("proven-account")) { "已验证账号：\(account)。请在 10 分钟内完成更换。" }
                }
                switch model.step {
                case .prove:
                    p(.class("muted")) { "新手机号的短信只能证明您持有该号码，因此请先用以下任一方式证明是账号本人。" }
                    details(.class("proof"), .open(model.method == "password")) {
                        summary { "方式一：账号 + 当前密码" }
                        form(.method("post"), .action("/phone/change/password"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            TextField("账号", name: "account", value: model.account, required: true, hint: "用户名、学号或原手机号",
                                      autocomplete: "username", id: "account")
                            TextField("当前密码", name: "password", type: "password", required: true, error: model.errors["password"],
                                      autocomplete: "current-password", id: "password")
                            FormActions { Button("下一步") }
                        }
                    }
                    details(.class("proof"), .open(model.method == "email")) {
                        summary { "方式二：姓名 + 证件号码 + 注册邮箱验证码（忘记密码时使用）" }
                        form(.method("post"), .action("/phone/change/email/send"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            TextField("账号", name: "account", value: model.account, required: true, error: model.errors["emailAccount"],
                                      hint: "用户名、学号或原手机号", autocomplete: "username", id: "email-account")
                            TextField("姓名", name: "name", value: model.name, required: true, error: model.errors["name"], autocomplete: "name", id: "name")
                            TextField("证件号码", name: "idNumber", required: true, error: model.errors["idNumber"], hint: "居民身份证或港澳台居民居住证号码",
                                      autocomplete: "off", id: "idNumber")
                            FormActions { Button("发送邮箱验证码") }
                        }
                    }
                case .emailCode:
                    form(.method("post"), .action("/phone/change/email"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("account"), .value(model.account))
                        TextField("邮箱验证码", name: "code", required: true, error: model.errors["code"], hint: "6 位数字，5 分钟内有效",
                                  autocomplete: "one-time-code", inputMode: "numeric", maxLength: 8, id: "code")
                        FormActions {
                            Button("下一步")
                            LinkButton("重新填写", href: "/phone/change")
                        }
                    }
                case .newPhone:
                    form(.method("post"), .action("/phone/change/new/send"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        TextField("新手机号", name: "phone", value: model.phone, type: "tel", required: true, error: model.errors["phone"],
                                  autocomplete: "tel", inputMode: "numeric", maxLength: 20, id: "phone")
                        FormActions { Button("发送验证码") }
                    }
                case .newPhoneCode:
                    PhoneSummary(phone: model.phone, changeHref: "/phone/change/new")
                    form(.method("post"), .action("/phone/change/new"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("phone"), .value(model.phone))
                        TextField("短信验证码", name: "code", required: true, error: model.errors["code"], hint: "发送到新手机号的 6 位数字",
                                  autocomplete: "one-time-code", inputMode: "numeric", maxLength: 8, id: "code")
                        FormActions { Button("确认更换") }
                    }
                    ResendForm(action: "/phone/change/new/send", fields: [("phone", model.phone)], csrfToken: model.csrfToken,
                               label: "没收到？重新获取验证码（60 秒后可重发）")
                }
                p(.class("login-links")) { a(.href("/login")) { "返回登录" } }
            }
        }.render(into: &buffer)
    }
}
