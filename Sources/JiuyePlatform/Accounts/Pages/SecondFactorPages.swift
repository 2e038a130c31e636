import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

// MARK: - Pages

package struct VerifyPage: HTML {
    package let context: PageContext
    package let error: String?
    package let csrfToken: String

    package func render(into buffer: inout HTMLBuffer) {
        PlainLayout(context) {
            Card(title: "两步验证") {
                p(.class("muted")) { "密码已验证。请打开手机上的身份验证器（如 Microsoft Authenticator、Google 身份验证器），输入“九业就业服务平台”显示的 6 位动态口令。" }
                if let message = self.error {
                    Alert(.error, message)
                }
                form(.method("post"), .action("/login/verify"), .class("form-stack")) {
                    CSRFField(csrfToken)
                    TextField("动态口令", name: "code", required: true, autocomplete: "one-time-code", inputMode: "numeric", maxLength: 7, id: "code")
                    FormActions {
                        Button("验证并登录")
                        LinkButton("重新登录", href: "/login")
                    }
                }
                details(.class("recovery")) {
                    summary { "手机不在身边？使用恢复码" }
                    form(.method("post"), .action("/login/verify"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        TextField("恢复码", name: "recovery", required: true, hint: "启用两步验证时保存的 8 位恢复码，形如 ABCD-2345，每个只能使用一次", autocomplete: "off", id: "recovery")
                        FormActions { Button("使用恢复码登录", kind: .secondary) }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

package struct TOTPEnrolPage: HTML {
    package struct Model: Sendable {
        package var secretGrouped: String
        package var qr: QRCode?
        package var uri: String
        package var error: String?
        package var required: Bool
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "启用两步验证") {
                if model.required {
                    div(.class("alert alert-warning"), .role("status")) { "按平台安全设置，管理员账号必须启用两步验证。启用前不能使用其他功能。" }
                }
                p { "启用后，每次登录除了密码，还需输入手机身份验证器上的动态口令。即使密码泄露，他人也无法登录您的账号。" }
                ol(.class("steps")) {
                    li { "在手机上安装身份验证器（如 Microsoft Authenticator、Google 身份验证器或其他支持 TOTP 的应用）。" }
                    li { "用身份验证器扫描下方二维码；无法扫描时，选择“手动输入密钥”并输入下方密钥。" }
                    li { "输入身份验证器显示的 6 位动态口令，完成启用。" }
                }
                div(.class("totp-enrol")) {
                    if let qr = model.qr {
                        div(.class("totp-qr")) { QRCodeSVG(qr, moduleSize: 5, title: "两步验证二维码") }
                    }
                    div(.class("totp-secret")) {
                        p(.class("muted")) { "密钥（手动输入时使用）" }
                        p { code(.id("totp-secret")) { model.secretGrouped } }
                        p(.class("muted")) { "类型：基于时间（TOTP）· 6 位 · 30 秒" }
                    }
                }
                if let message = model.error {
                    Alert(.error, message)
                }
                form(.method("post"), .action("/account/totp/enable"), .class("form-stack")) {
                    CSRFField(model.csrfToken)
                    TextField("动态口令", name: "code", required: true, hint: "身份验证器上显示的 6 位数字", autocomplete: "one-time-code", inputMode: "numeric", maxLength: 7, id: "code")
                    FormActions { Button("启用两步验证") }
                }
                form(.method("post"), .action("/account/totp/new-secret")) {
                    CSRFField(model.csrfToken)
                    Button("更换密钥", kind: .link)
                }
            }
        }.render(into: &buffer)
    }
}

package struct TOTPStatusPage: HTML {
    package struct Model: Sendable {
        package var enabledAt: Int64
        package var unusedRecoveryCodes: Int
        package var newCodes: [String]?
        package var error: String?
        package var canDisable: Bool
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            if let codes = model.newCodes {
                Card(title: "恢复码（只显示这一次）") {
                    div(.class("alert alert-warning"), .role("status")) { "请立即抄写或打印并妥善保管。手机丢失时，每个恢复码可代替动态口令登录一次。离开本页后无法再次查看。" }
                    ul(.class("recovery-codes"), .id("recovery-codes")) {
                        ForEach(codes) { code in li { code } }
                    }
                }
            }
            Card(title: "两步验证") {
                if let message = model.error {
                    Alert(.error, message)
                }
                div(.class("totp-status")) {
                    DescriptionList([("状态", "已启用"), ("启用时间", ChinaTime.dateTime(model.enabledAt)), ("剩余恢复码", "\(model.unusedRecoveryCodes) 个")])
                }
                h3 { "重新生成恢复码" }
                p(.class("muted")) { "原有恢复码将全部作废。" }
                form(.method("post"), .action("/account/totp/recovery-codes"), .class("form-stack")) {
                    CSRFField(model.csrfToken)
                    TextField("动态口令", name: "code", required: true, autocomplete: "one-time-code", inputMode: "numeric", maxLength: 7, id: "regen-code")
                    FormActions { Button("重新生成", kind: .secondary) }
                }
                if model.canDisable {
                    h3 { "停用两步验证" }
                    form(.method("post"), .action("/account/totp/disable"), .class("form-stack"), .data("data-confirm", "停用后登录只需密码，确定停用两步验证吗？")) {
                        CSRFField(model.csrfToken)
                        TextField("当前密码", name: "password", type: "password", required: true, autocomplete: "current-password", id: "disable-password")
                        TextField("动态口令", name: "code", required: true, autocomplete: "one-time-code", inputMode: "numeric", maxLength: 7, id: "disable-code")
                        FormActions { Button("停用", kind: .danger) }
                    }
                } else {
                    p(.class("muted")) { "平台要求管理员账号必须启用两步验证，不能停用。如手机丢失，可用恢复码登录后重新生成。" }
                }
            }
        }.render(into: &buffer)
    }
}
