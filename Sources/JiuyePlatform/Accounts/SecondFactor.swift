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

