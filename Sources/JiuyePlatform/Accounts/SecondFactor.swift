import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 两步验证 (TOTP, RFC 6238) for staff and admins: enrolment with a QR code drawn by the page
/// layer, one-time recovery codes, the login step after the password, replay refusal, and the
/// setting that makes it mandatory for administrator roles.
package enum SecondFactor {
    package static let pendingSeconds: Int64 = 300
    package static let issuer = "九业就业服务平台"

    package struct State: Decodable, Sendable {
        package let totp_secret_cipher: String?
        package let totp_enabled_at: Int64?
        package let totp_last_step: Int64?
        package let username: String?
        package let display_name: String
    }

    package static func state(userID: Int64, on db: any Database) async throws -> State? {
        try await db.sql.select().columns("totp_secret_cipher", "totp_enabled_at", "totp_last_step", "username", "display_name")
            .from("users").where("id", .equal, SQLBind(userID)).first(decoding: State.self)
    }

    package static func recoveryHash(_ normalised: String, userID: Int64, keys: KeyService) -> String {
        keys.lookupHash("recovery|\(userID)|\(normalised)")
    }

    /// After the first factor: straight into a session, or — when the account has TOTP — to the
    /// second step with a signed 5-minute cookie that names the user (never a session yet).
    package static func finishLogin(userID: Int64, remember: Bool, next: String, req: Request) async throws -> Response {
        guard try await state(userID: userID, on: req.db)?.totp_enabled_at != nil else {
            return try await Authenticator.startSession(userID: userID, remember: remember, next: next, req: req)
        }
        let token = SignedToken.make(purpose: "2fa", fields: [String(userID), remember ? "1" : "0", next],
                                     expires: req.now + pendingSeconds, keys: req.keys)
        let response = req.seeOther("/login/verify")
        response.cookies[CookieName.secondFactor] = req.cookie(token, maxAge: Int(pendingSeconds))
        return response
    }

    /// Accepts a TOTP code once: the last accepted step moves forward in one conditional
    /// update, so the same code (or an older one) is refused even by two concurrent requests.
    package static func verifyTOTP(_ input: String, userID: Int64, req: Request) async throws -> JiuyeDomain.TOTP.Check {
        guard let state = try await state(userID: userID, on: req.db), let cipher = state.totp_secret_cipher else { return .invalid }
        let totp = try JiuyeDomain.TOTP(base32Secret: try req.keys.decrypt(cipher))
        let check = totp.check(input, at: req.now, lastAcceptedStep: state.totp_last_step)
        guard case .accepted(let step) = check else { return check }
        let moved = try await req.db.sql.raw("""
            UPDATE users SET totp_last_step = \(bind: step)
            WHERE id = \(bind: userID) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
            """).first()
        return moved == nil ? .replayed : check
    }

    /// Spends one recovery code; false when it is unknown or already used.
    package static func useRecoveryCode(_ input: String, userID: Int64, req: Request) async throws -> Bool {
        guard let normalised = RecoveryCodes.normalize(input) else { return false }
        let row = try await req.db.sql.raw("""
            UPDATE recovery_codes SET used_at = \(bind: req.now)
            WHERE user_id = \(bind: userID) AND code_hash = \(bind: recoveryHash(normalised, userID: userID, keys: req.keys)) AND used_at IS NULL
            RETURNING id
            """).first()
        return row != nil
    }

    /// Replaces the account's recovery codes with ten new ones and returns them (shown once).
    package static func newRecoveryCodes(userID: Int64, now: Int64, keys: KeyService, on db: any Database) async throws -> [String] {
        let codes = RecoveryCodes.generate()
        try await db.sql.delete(from: "recovery_codes").where("user_id", .equal, SQLBind(userID)).run()
        for code in codes {
            try await db.sql.insert(into: "recovery_codes").columns("user_id", "code_hash", "created_at", "used_at")
                .values(SQLBind(userID), SQLBind(recoveryHash(code, userID: userID, keys: keys)), SQLBind(now), SQLLiteral.null).run()
        }
        return codes
    }

    package static func unusedRecoveryCodes(userID: Int64, on db: any Database) async throws -> Int {
        try await db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from("recovery_codes")
            .where("user_id", .equal, SQLBind(userID)).where(SQLColumn("used_at"), .is, SQLLiteral.null)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    package static func isRequired(for user: CurrentUser, settings: Settings) -> Bool {
        settings.totpRequiredForAdmins && user.isAdministrator
    }
}

/// With the setting on, an administrator without TOTP can only enrol (or log out).
package struct SecondFactorRequiredMiddleware: AsyncMiddleware {
    package static let allowed = ["/account/totp", "/logout", "/css/", "/js/", "/healthz", "/favicon"]

    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let user = req.currentUser, !user.totpEnabled, SecondFactor.isRequired(for: user, settings: req.application.settings),
              !Self.allowed.contains(where: { req.url.path.hasPrefix($0) }) else {
            return try await next.respond(to: req)
        }
        return req.seeOther("/account/totp", flash: Flash(.warning, "按平台安全设置，管理员账号须先启用两步验证，才能继续使用。"))
    }
}

/// /login/verify (the second step) and /account/totp (enrolment and management).
package struct SecondFactorController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("login", "verify", use: verifyPage)
        routes.post("login", "verify", use: verify)
        let totp = routes.grouped("account", "totp")
        totp.get(use: enrolPage)
        totp.post("enable", use: enable)
        totp.post("new-secret", use: newSecret)
        totp.post("recovery-codes", use: regenerateRecoveryCodes)
        totp.post("disable", use: disable)
    }

    // MARK: Login step

    package struct Pending {
        package let userID: Int64
        package let remember: Bool
        package let next: String
    }

    package func pending(_ req: Request) -> Pending? {
        guard let fields = SignedToken.open(req.cookies[CookieName.secondFactor]?.string, purpose: "2fa", now: req.now, keys: req.keys),
              fields.count == 3, let userID = Int64(fields[0]) else { return nil }
        return Pending(userID: userID, remember: fields[1] == "1", next: fields[2])
    }

    @Sendable
    package func verifyPage(req: Request) async throws -> Response {
        guard pending(req) != nil else { return req.seeOther("/login", flash: Flash(.warning, "验证已超时，请重新登录。")) }
        return renderVerify(req, error: nil)
    }

    package func renderVerify(_ req: Request, error: String?, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        return req.render(VerifyPage(context: req.pageContext("两步验证"), error: error, csrfToken: token), status: status, into: response)
    }

    package struct VerifyForm: Content {
        package var code: String?
        package var recovery: String?
    }

    @Sendable
    package func verify(req: Request) async throws -> Response {
        guard let pending = pending(req) else { return req.seeOther("/login", flash: Flash(.warning, "验证已超时，请重新登录。")) }
        let form = try req.content.decode(VerifyForm.self)
        let now = req.now
        let accountKey = "u:\(pending.userID)"
        let userAgent = req.headers.first(name: .userAgent)
        let policy = req.application.settings.lockoutPolicy
        let lock = try await LoginAttempts.state(accountKey: accountKey, ip: req.clientAddress, unlockedAt: nil, now: now, policy: policy, on: req.db)
        if lock.isLocked {
            return renderVerify(req, error: Authenticator.lockedMessage(lock), status: .tooManyRequests)
        }
        let code = (form.code ?? "").trimmingCharacters(in: .whitespaces)
        let recovery = (form.recovery ?? "").trimmingCharacters(in: .whitespaces)
        var failure: String?
        var reason = "ok-totp"
        if !recovery.isEmpty {
            reason = "ok-recovery"
            if try await !SecondFactor.useRecoveryCode(recovery, userID: pending.userID, req: req) {
                failure = "恢复码不正确或已使用过。"
            }
        } else if code.isEmpty {
            return renderVerify(req, error: "请输入身份验证器上的 6 位动态口令。", status: .unprocessableEntity)
        } else {
            let check = try await SecondFactor.verifyTOTP(code, userID: pending.userID, req: req)
            failure = check.message
        }
        if let failure {
            let failReason = reason == "ok-recovery" ? "bad-recovery" : "bad-totp"
            try await LoginAttempts.record(accountKey: accountKey, userID: pending.userID, ip: req.clientAddress, userAgent: userAgent,
                                           success: false, reason: failReason, now: now, on: req.db)
            let after = try await LoginAttempts.state(accountKey: accountKey, ip: req.clientAddress, unlockedAt: nil, now: now, policy: policy, on: req.db)
            return renderVerify(req, error: after.isLocked ? Authenticator.lockedMessage(after) : failure, status: .unauthorized)
        }
        try await LoginAttempts.record(accountKey: accountKey, userID: pending.userID, ip: req.clientAddress, userAgent: userAgent,
                                       success: true, reason: reason, now: now, on: req.db)
        let response = try await Authenticator.startSession(userID: pending.userID, remember: pending.remember, next: pending.next, req: req)
        response.cookies[CookieName.secondFactor] = req.expiredCookie()
        if reason == "ok-recovery" {
            let left = try await SecondFactor.unusedRecoveryCodes(userID: pending.userID, on: req.db)
            response.cookies[CookieName.flash] = req.cookie(FlashCookie.encode(
                Flash(.warning, "您使用了一个恢复码登录，还剩 \(left) 个。如手机丢失，请在“两步验证”页重新绑定身份验证器。"), keys: req.keys), maxAge: 120)
        }
        return response
    }

    // MARK: Enrolment

    @Sendable
    package func enrolPage(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let state = try await SecondFactor.state(userID: user.id, on: req.db) else { throw Abort(.notFound) }
        if state.totp_enabled_at != nil {
            return try await renderEnrolled(req, user: user, state: state, codes: nil, error: nil)
        }
        let secret: String
        if let cipher = state.totp_secret_cipher, let existing = try? req.keys.decrypt(cipher) {
            secret = existing
        } else {
            secret = try await storeNewSecret(req, userID: user.id)
        }
        return renderEnrol(req, user: user, state: state, secret: secret, error: nil)
    }

    package func storeNewSecret(_ req: Request, userID: Int64) async throws -> String {
        let secret = JiuyeDomain.TOTP.generate().base32Secret
        try await req.db.sql.update("users").set("totp_secret_cipher", to: SQLBind(req.keys.encrypt(secret)))
            .set("totp_enabled_at", to: SQLLiteral.null).set("totp_last_step", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(userID)).run()
        return secret
    }

    package func renderEnrol(_ req: Request, user: CurrentUser, state: SecondFactor.State, secret: String, error: String?, status: HTTPResponseStatus = .ok) -> Response {
        let totp = try? JiuyeDomain.TOTP(base32Secret: secret)
        let uri = totp?.provisioningURI(issuer: SecondFactor.issuer, account: state.username ?? state.display_name) ?? ""
        let qr = try? QRCode(encoding: uri)
        let model = TOTPEnrolPage.Model(secretGrouped: totp?.groupedBase32Secret ?? secret, qr: qr, uri: uri, error: error,
                                        required: SecondFactor.isRequired(for: user, settings: req.application.settings), csrfToken: user.csrfToken)
        return req.render(TOTPEnrolPage(context: req.pageContext("两步验证", breadcrumb: [Crumb("账号管理", href: "/account"), Crumb("两步验证")]), model: model), status: status)
    }

    package func renderEnrolled(_ req: Request, user: CurrentUser, state: SecondFactor.State, codes: [String]?, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = TOTPStatusPage.Model(enabledAt: state.totp_enabled_at ?? req.now,
                                         unusedRecoveryCodes: try await SecondFactor.unusedRecoveryCodes(userID: user.id, on: req.db),
                                         newCodes: codes, error: error,
                                         canDisable: !SecondFactor.isRequired(for: user, settings: req.application.settings), csrfToken: user.csrfToken)
        return req.render(TOTPStatusPage(context: req.pageContext("两步验证", breadcrumb: [Crumb("账号管理", href: "/account"), Crumb("两步验证")]), model: model), status: status)
    }

    package struct CodeForm: Content {
        package var code: String?
        package var password: String?
    }

    @Sendable
    package func enable(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(CodeForm.self)
        guard let state = try await SecondFactor.state(userID: user.id, on: req.db) else { throw Abort(.notFound) }
        guard state.totp_enabled_at == nil, let cipher = state.totp_secret_cipher else { return req.seeOther("/account/totp") }
        let secret = try req.keys.decrypt(cipher)
        let check = try JiuyeDomain.TOTP(base32Secret: secret).check(form.code ?? "", at: req.now, lastAcceptedStep: nil)
        guard case .accepted(let step) = check else {
            return renderEnrol(req, user: user, state: state, secret: secret, error: check.message, status: .unprocessableEntity)
        }
        let now = req.now
        let codes = try await req.db.writeTransaction { db in
            try await db.sql.update("users").set("totp_enabled_at", to: SQLBind(now)).set("totp_last_step", to: SQLBind(step))
                .set("revision", to: SQLRaw("revision + 1")).where("id", .equal, SQLBind(user.id)).run()
            let codes = try await SecondFactor.newRecoveryCodes(userID: user.id, now: now, keys: req.keys, on: db)
            // A stolen session elsewhere does not survive enrolment.
            try await SessionStore.deleteAll(userID: user.id, keeping: user.sessionHash, on: db)
            try await req.audit(.accountTOTPEnable, target: .user, id: user.id, changes: [.init("totp", before: "未启用", after: "已启用")], on: db)
            return codes
        }
        guard let updated = try await SecondFactor.state(userID: user.id, on: req.db) else { throw Abort(.notFound) }
        return try await renderEnrolled(req, user: user, state: updated, codes: codes, error: nil)
    }

    @Sendable
    package func newSecret(req: Request) async throws -> Response {
        let user = try req.requireUser()
        guard let state = try await SecondFactor.state(userID: user.id, on: req.db), state.totp_enabled_at == nil else { return req.seeOther("/account/totp") }
        _ = try await storeNewSecret(req, userID: user.id)
        return req.seeOther("/account/totp", flash: Flash(.success, "已生成新的密钥，请重新扫描二维码。"))
    }

    @Sendable
    package func regenerateRecoveryCodes(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(CodeForm.self)
        guard let state = try await SecondFactor.state(userID: user.id, on: req.db), state.totp_enabled_at != nil else { return req.seeOther("/account/totp") }
        let check = try await SecondFactor.verifyTOTP(form.code ?? "", userID: user.id, req: req)
        guard check.isAccepted else { return try await renderEnrolled(req, user: user, state: state, codes: nil, error: check.message, status: .unprocessableEntity) }
        let now = req.now
        let codes = try await req.db.writeTransaction { db in
            let codes = try await SecondFactor.newRecoveryCodes(userID: user.id, now: now, keys: req.keys, on: db)
            try await req.audit(.accountRecoveryCodes, target: .user, id: user.id, changes: [.init("recovery_codes", after: "重新生成 \(codes.count) 个")], on: db)
            return codes
        }
        return try await renderEnrolled(req, user: user, state: state, codes: codes, error: nil)
    }

    @Sendable
    package func disable(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(CodeForm.self)
        guard let state = try await SecondFactor.state(userID: user.id, on: req.db), state.totp_enabled_at != nil else { return req.seeOther("/account/totp") }
        if SecondFactor.isRequired(for: user, settings: req.application.settings) {
            return try await renderEnrolled(req, user: user, state: state, codes: nil, error: "平台要求管理员账号必须启用两步验证，不能停用。", status: .forbidden)
        }
        let passwordOK = await req.application.passwords.verify(form.password ?? "", against: try await AccountQueries.passwordHash(userID: user.id, on: req.db))
        guard passwordOK else { return try await renderEnrolled(req, user: user, state: state, codes: nil, error: "当前密码不正确。", status: .unprocessableEntity) }
        let check = try await SecondFactor.verifyTOTP(form.code ?? "", userID: user.id, req: req)
        guard check.isAccepted else { return try await renderEnrolled(req, user: user, state: state, codes: nil, error: check.message, status: .unprocessableEntity) }
        try await req.db.writeTransaction { db in
            try await db.sql.update("users").set("totp_secret_cipher", to: SQLLiteral.null).set("totp_enabled_at", to: SQLLiteral.null)
                .set("totp_last_step", to: SQLLiteral.null).set("revision", to: SQLRaw("revision + 1")).where("id", .equal, SQLBind(user.id)).run()
            try await db.sql.delete(from: "recovery_codes").where("user_id", .equal, SQLBind(user.id)).run()
            try await req.audit(.accountTOTPDisable, target: .user, id: user.id, changes: [.init("totp", before: "已启用", after: "未启用")], on: db)
        }
        return req.seeOther("/account", flash: Flash(.success, "两步验证已停用。"))
    }
}

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
