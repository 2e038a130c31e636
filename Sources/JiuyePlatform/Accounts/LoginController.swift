import Fluent
import JiuyeDomain
import JiuyeHTML
import Vapor

/// 登录, 首次登录 (imported graduates set a password with 学号 + 证件号码), 注销登录.
package struct LoginController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("login", use: loginPage)
        routes.post("login", use: login)
        routes.get("activate", use: activatePage)
        routes.post("activate", use: activate)
        routes.post("logout", use: logout)
    }

    package struct LoginForm: Content {
        package var identifier: String?
        package var password: String?
        package var remember: String?
        package var next: String?
    }

    @Sendable
    package func loginPage(req: Request) async throws -> Response {
        if req.currentUser != nil { return req.seeOther("/") }
        return renderLogin(req, form: LoginForm(next: req.query[String.self, at: "next"]), error: nil)
    }

    package func renderLogin(_ req: Request, form: LoginForm, error: String?, status: HTTPResponseStatus = .ok) -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        let model = LoginPage.Model(identifier: form.identifier ?? "", remember: form.remember != nil, next: safeNext(form.next),
                                    error: error, csrfToken: token)
        return req.render(LoginPage(context: req.pageContext("登录"), model: model), status: status, into: response)
    }

    @Sendable
    package func login(req: Request) async throws -> Response {
        let form = try req.content.decode(LoginForm.self)
        let identifier = (form.identifier ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.password ?? ""
        guard !identifier.isEmpty, !password.isEmpty else {
            return renderLogin(req, form: form, error: "请输入账号和密码。", status: .unprocessableEntity)
        }
        guard await req.application.loginLimiter.allow(req.clientAddress, now: req.now) else {
            return renderLogin(req, form: form, error: "登录尝试过于频繁，请一分钟后再试。", status: .tooManyRequests)
        }
        switch await Authenticator.authenticate(identifier: identifier, secret: .password(password), req: req) {
        case .failure(let message):
            return renderLogin(req, form: form, error: message, status: .unauthorized)
        case .success(let userID):
            let remember = form.remember != nil
            return try await SecondFactor.finishLogin(userID: userID, remember: remember, next: safeNext(form.next), req: req)
        }
    }

    package struct ActivateForm: Content {
        package var studentNo: String?
        package var idNumber: String?
        package var password: String?
        package var confirm: String?
    }

    @Sendable
    package func activatePage(req: Request) async throws -> Response {
        renderActivate(req, form: ActivateForm(), errors: [:])
    }

    package func renderActivate(_ req: Request, form: ActivateForm, errors: [String: String], status: HTTPResponseStatus = .ok) -> Response {
        let response = Response()
        let token = CSRF.anonymousToken(for: req, response: response)
        let model = ActivatePage.Model(studentNo: form.studentNo ?? "", idNumber: String((form.idNumber ?? "").prefix(40)), errors: errors,
                                       csrfToken: token, policy: PasswordPolicy().description)
        return req.render(ActivatePage(context: req.pageContext("首次登录"), model: model), status: status, into: response)
    }

    @Sendable
    package func activate(req: Request) async throws -> Response {
        let form = try req.content.decode(ActivateForm.self)
        let studentNo = (form.studentNo ?? "").trimmingCharacters(in: .whitespaces)
        let password = form.password ?? ""
        var errors: [String: String] = [:]
        if studentNo.isEmpty { errors["studentNo"] = "请输入学号。" }
        if (form.idNumber ?? "").trimmingCharacters(in: .whitespaces).isEmpty { errors["idNumber"] = "请输入证件号码。" }
        if let problem = PasswordPolicy().problems(password: password, username: studentNo, phone: nil).first { errors["password"] = problem.message }
        if password != (form.confirm ?? "") { errors["confirm"] = "两次输入的密码不一致。" }
        guard errors.isEmpty else { return renderActivate(req, form: form, errors: errors, status: .unprocessableEntity) }
        guard await req.application.loginLimiter.allow(req.clientAddress, now: req.now) else {
            return renderActivate(req, form: form, errors: ["studentNo": "尝试过于频繁，请一分钟后再试。"], status: .tooManyRequests)
        }
        switch await Authenticator.authenticate(identifier: studentNo, secret: .firstLogin(idNumber: form.idNumber ?? ""), req: req) {
        case .failure(let message):
            return renderActivate(req, form: form, errors: ["studentNo": message], status: .unauthorized)
        case .success(let userID):
            let hash = try await req.application.passwords.hash(password)
            let now = req.now
            try await req.db.writeTransaction { db in
                try await AccountQueries.setPassword(userID: userID, hash: hash, now: now, on: db)
                try await Audit.record(.accountActivate, target: .user, id: userID, changes: [.init("password", after: "已设置")],
                                       actor: nil, ip: req.clientAddress, now: now, keys: req.keys, on: db)
            }
            let response = try await Authenticator.startSession(userID: userID, remember: false, next: "/", req: req)
            response.cookies[CookieName.flash] = req.cookie(FlashCookie.encode(Flash(.success, "密码已设置，欢迎使用。"), keys: req.keys), maxAge: 120)
            return response
        }
    }

    @Sendable
    package func logout(req: Request) async throws -> Response {
        if let user = req.currentUser {
            try await SessionStore.delete(tokenHash: user.sessionHash, on: req.db)
        }
        if let remember = req.cookies[CookieName.remember]?.string {
            try await RememberTokens.revoke(cookie: remember, on: req.db)
        }
        let response = req.seeOther("/login", flash: Flash(.success, "您已安全退出。"))
        response.cookies[CookieName.session] = req.expiredCookie()
        response.cookies[CookieName.remember] = req.expiredCookie()
        return response
    }

    /// Only local paths are followed after login.
    package func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\") else { return "/" }
        return next
    }
}

extension Application {
    private struct LoginLimiterKey: StorageKey { typealias Value = RateLimiter }
    package var loginLimiter: RateLimiter {
        if let limiter = storage[LoginLimiterKey.self] { return limiter }
        let limiter = RateLimiter(limit: settings.loginRateLimitPerMinute)
        storage[LoginLimiterKey.self] = limiter
        return limiter
    }
}
