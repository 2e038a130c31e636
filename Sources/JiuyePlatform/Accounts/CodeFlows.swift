import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Shared pieces of the code-based account flows.
package enum CodeFlow {
    /// What the page says after 获取验证码, whether or not the phone has an account.
    package static let sentNotice = "如该手机号已绑定平台账号，验证码已发送，5 分钟内有效。"

    package static func phone(_ raw: String) -> String? {
        try? MobilePhone(validating: raw).value
    }

    /// The active account a phone logs into, if any.
    package static func account(phone: String, req: Request) async throws -> AccountQueries.LoginRow? {
        guard let row = try await AccountQueries.findForLogin(identifier: phone, keys: req.keys, on: req.db), row.is_active else { return nil }
        return row
    }

    package static func rateLimited(_ req: Request) async -> Bool {
        await !req.application.loginLimiter.allow(req.clientAddress, now: req.now)
    }

    package static let tooFast = "操作过于频繁，请一分钟后再试。"
}

/// 短信登录 (seed 002): 手机号 → 发送验证码 → 输入验证码 → 登录.
package struct CodeLoginController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("login", "sms", use: page)
        routes.post("login", "sms", "send", use: send)
        routes.post("login", "sms", use: login)
    }

    package struct Form: Content {
        package var phone: String?
        package var code: String?
        package var remember: String?
        package var next: String?
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.seeOther("/") }
        return render(req, model: .init(step: .phone, next: LoginController().safeNext(req.query[String.self, at: "next"])))
    }

    package func render(_ req: Request, model: SMSLoginPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response()
        var model = model
        model.csrfToken = CSRF.anonymousToken(for: req, response: response)
        return req.render(SMSLoginPage(context: req.pageContext("短信登录"), model: model), status: status, into: response)
    }

    @Sendable
    package func send(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let next = LoginController().safeNext(form.next)
        guard let phone = CodeFlow.phone(form.phone ?? "") else {
            return render(req, model: .init(step: .phone, phone: form.phone ?? "", next: next, error: "请输入正确的 11 位手机号码。"), status: .unprocessableEntity)
        }
        if await CodeFlow.rateLimited(req) {
            return render(req, model: .init(step: .phone, phone: phone, next: next, error: CodeFlow.tooFast), status: .tooManyRequests)
        }
        let account = try await CodeFlow.account(phone: phone, req: req)
        let decision = try await CodeStore.issue(purpose: .login, target: phone, recipient: account?.id, channel: .sms, compose: MessageTexts.login, req: req)
        if let refusal = CodeStore.message(for: decision) {
            // A refused resend keeps the code step when a code is already out.
            return render(req, model: .init(step: decision.isWait ? .code : .phone, phone: phone, next: next, error: refusal), status: .tooManyRequests)
        }
        return render(req, model: .init(step: .code, phone: phone, next: next, notice: CodeFlow.sentNotice))
    }

    @Sendable
    package func login(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let next = LoginController().safeNext(form.next)
        guard let phone = CodeFlow.phone(form.phone ?? "") else {
            return render(req, model: .init(step: .phone, phone: form.phone ?? "", next: next, error: "请输入正确的 11 位手机号码。"), status: .unprocessableEntity)
        }
        if await CodeFlow.rateLimited(req) {
            return render(req, model: .init(step: .code, phone: phone, next: next, error: CodeFlow.tooFast), status: .tooManyRequests)
        }
        let verdict = try await CodeStore.check(purpose: .login, target: phone, typed: form.code ?? "", req: req)
        let accountKey = verdict.userID.map { "u:\($0)" } ?? "h:" + AccountQueries.identifierKey(phone, keys: req.keys)
        let userAgent = req.headers.first(name: .userAgent)
        guard verdict.accepted, let userID = verdict.userID else {
            if verdict.result != .malformed {
                try await LoginAttempts.record(accountKey: accountKey, userID: nil, ip: req.clientAddress, userAgent: userAgent,
                                               success: false, reason: "bad-sms-code", now: req.now, on: req.db)
            }
            return render(req, model: .init(step: .code, phone: phone, next: next, error: verdict.message), status: .unauthorized)
        }
        // The account may have been disabled since the code was sent.
        guard try await CodeFlow.account(phone: phone, req: req)?.id == userID else {
            return render(req, model: .init(step: .phone, phone: phone, next: next, error: "该账号已停用，请联系管理员。"), status: .unauthorized)
        }
        try await LoginAttempts.record(accountKey: accountKey, userID: userID, ip: req.clientAddress, userAgent: userAgent,
                                       success: true, reason: "ok-sms", now: req.now, on: req.db)
        return try await SecondFactor.finishLogin(userID: userID, remember: form.remember != nil, next: next, req: req)
    }
}

extension VerificationCodePolicy.IssueDecision {
    package var isWait: Bool {
        if case .wait = self { return true }
        return false
    }
}

/// 忘记密码 (seed 000 §3): 手机号 → 验证码 + 新密码 (policy shown live and enforced here) →
/// every session and remember-me token of the account ends.
package struct RecoveryController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("password", "forgot", use: page)
        routes.post("password", "forgot", "send", use: send)
        routes.post("password", "forgot", use: reset)
    }

    package struct Form: Content {
        package var phone: String?
        package var code: String?
        package var password: String?
        package var confirm: String?
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        render(req, model: .init(step: .phone))
    }

    package func render(_ req: Request, model: ForgotPasswordPage.Model, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response()
        var model = model
        model.csrfToken = req.formToken(response: response)
        model.policy = PasswordPolicy().description
        return req.render(ForgotPasswordPage(context: req.pageContext("忘记密码"), model: model), status: status, into: response)
    }

    @Sendable
    package func send(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        guard let phone = CodeFlow.phone(form.phone ?? "") else {
            return render(req, model: .init(step: .phone, phone: form.phone ?? "", errors: ["phone": "请输入正确的 11 位手机号码。"]), status: .unprocessableEntity)
        }
        if await CodeFlow.rateLimited(req) {
            return render(req, model: .init(step: .phone, phone: phone, errors: ["phone": CodeFlow.tooFast]), status: .tooManyRequests)
        }
        let account = try await CodeFlow.account(phone: phone, req: req)
        let decision = try await CodeStore.issue(purpose: .reset, target: phone, recipient: account?.id, channel: .sms, compose: MessageTexts.reset, req: req)
        if let refusal = CodeStore.message(for: decision) {
            return render(req, model: .init(step: decision.isWait ? .code : .phone, phone: phone, errors: [decision.isWait ? "code" : "phone": refusal]), status: .tooManyRequests)
        }
        return render(req, model: .init(step: .code, phone: phone, notice: CodeFlow.sentNotice))
    }

    @Sendable
    package func reset(req: Request) async throws -> Response {
        let form = try req.content.decode(Form.self)
        guard let phone = CodeFlow.phone(form.phone ?? "") else {
            return render(req, model: .init(step: .phone, phone: form.phone ?? "", errors: ["phone": "请输入正确的 11 位手机号码。"]), status: .unprocessableEntity)
        }
        let password = form.password ?? ""
        var errors: [String: String] = [:]
        if (form.code ?? "").trimmingCharacters(in: .whitespaces).isEmpty { errors["code"] = "请输入短信验证码。" }
        if let problem = PasswordPolicy().problems(password: password, username: nil, phone: phone).first { errors["password"] = problem.message }
        if password != (form.confirm ?? "") { errors["confirm"] = "两次输入的密码不一致。" }
        guard errors.isEmpty else { return render(req, model: .init(step: .code, phone: phone, errors: errors), status: .unprocessableEntity) }
        if await CodeFlow.rateLimited(req) {
            return render(req, model: .init(step: .code, phone: phone, errors: ["code": CodeFlow.tooFast]), status: .tooManyRequests)
        }
        let verdict = try await CodeStore.check(purpose: .reset, target: phone, typed: form.code ?? "", req: req)
        guard verdict.accepted, let userID = verdict.userID else {
            return render(req, model: .init(step: .code, phone: phone, errors: ["code": verdict.message ?? "验证码不正确。"]), status: .unauthorized)
        }
        // Only now is the account known: the password must not contain its username either.
        let username = try await req.db.sql.select().column("username").from("users").where("id", .equal, SQLBind(userID)).first()?
            .decode(column: "username", as: String?.self)
        if let problem = PasswordPolicy().problems(password: password, username: username, phone: phone).first {
            try await CodeStore.release(verdict, req: req)
            return render(req, model: .init(step: .code, phone: phone, errors: ["password": problem.message]), status: .unprocessableEntity)
        }
        let hash = try await req.application.passwords.hash(password)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await AccountQueries.setPassword(userID: userID, hash: hash, now: now, on: db)
            // A reset also lifts a lockout: the owner has just proven the phone.
            try await db.sql.update("users").set("unlocked_at", to: SQLBind(now)).where("id", .equal, SQLBind(userID)).run()
            try await SessionStore.deleteAll(userID: userID, on: db)
            try await RememberTokens.revokeAll(userID: userID, on: db)
            try await Audit.record(.accountPasswordReset, target: .user, id: userID, changes: [.init("password", after: "已通过短信验证重置")],
                                   actor: nil, ip: req.clientAddress, now: now, keys: req.keys, on: db)
        }
        let response = req.seeOther("/login", flash: Flash(.success, "密码已重置，所有已登录的设备均已退出，请使用新密码登录。"))
        response.cookies[CookieName.session] = req.expiredCookie()
        response.cookies[CookieName.remember] = req.expiredCookie()
        return response
    }
}

