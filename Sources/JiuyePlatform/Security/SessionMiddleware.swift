import JiuyeDomain
import NIOConcurrencyHelpers
import Vapor

/// The platform clock; tests move it.
package final class PlatformClock: Sendable {
    private let offset = NIOLockedValueBox<Int64>(0)
    /// When set, time stands still there (plus the offset): tests that compare exact seconds.
    private let frozen = NIOLockedValueBox<Int64?>(nil)
    package func now() -> Int64 { (frozen.withLockedValue { $0 } ?? Date().epochSeconds) + offset.withLockedValue { $0 } }
    package func advance(seconds: Int64) { offset.withLockedValue { $0 += seconds } }
    /// Stops the clock at the present second; `advance` still moves it.
    package func freeze() { frozen.withLockedValue { $0 = Date().epochSeconds } }
}

extension Application {
    private struct ClockKey: StorageKey { typealias Value = PlatformClock }
    package var clock: PlatformClock {
        if let clock = storage[ClockKey.self] { return clock }
        let clock = PlatformClock()
        storage[ClockKey.self] = clock
        return clock
    }
}

extension Request {
    package var now: Int64 { application.clock.now() }
}

/// Our own sessions instead of Vapor's: HttpOnly/SameSite/Secure cookie, hashed id in the
/// database, idle and absolute timeouts on the server, last-seen written at most once a minute,
/// and students' remember-me token.
package struct SessionMiddleware: AsyncMiddleware {
    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let settings = req.application.settings
        let now = req.now
        var newSessionToken: String?
        var newRememberCookie: String?
        var clearSession = false
        var clearRemember = false

        if let token = req.cookies[CookieName.session]?.string, !token.isEmpty {
            let hash = sha256Hex(token)
            if let resolved = try await SessionStore.resolve(tokenHash: hash, on: req.db, keys: req.keys) {
                let idle = now - resolved.lastSeenAt > Int64(settings.sessionIdleMinutes * 60)
                let expired = now - resolved.createdAt > Int64(settings.sessionAbsoluteHours * 3600)
                if idle || expired || !resolved.isActive {
                    try await SessionStore.delete(tokenHash: hash, on: req.db)
                    clearSession = true
                    req.storage[SessionExpiredKey.self] = true
                } else {
                    req.currentUser = resolved.user
                    if now - resolved.lastSeenAt >= 60 {
                        try await SessionStore.touch(tokenHash: hash, now: now, on: req.db)
                    }
                }
            } else {
                clearSession = true
                req.storage[SessionExpiredKey.self] = true
            }
        }

        if req.currentUser == nil, let remember = req.cookies[CookieName.remember]?.string, !remember.isEmpty {
            if let userID = try await RememberTokens.consume(remember, now: now, on: req.db),
               let isStudent = try await AccountQueries.isActiveStudent(userID: userID, on: req.db), isStudent {
                let token = try await SessionStore.create(userID: userID, ip: req.clientAddress, userAgent: req.headers.first(name: .userAgent) ?? "", now: now, on: req.db)
                newRememberCookie = try await RememberTokens.issue(userID: userID, now: now, days: settings.rememberDays, on: req.db)
                if let resolved = try await SessionStore.resolve(tokenHash: sha256Hex(token), on: req.db, keys: req.keys) {
                    req.currentUser = resolved.user
                    newSessionToken = token
                    clearSession = false
                    req.storage[SessionExpiredKey.self] = nil
                }
            } else {
                clearRemember = true
            }
        }

        let response = try await next.respond(to: req)
        // Login and logout set their own cookies; do not overwrite them.
        if response.cookies[CookieName.session] == nil {
            if let newSessionToken {
                response.cookies[CookieName.session] = req.cookie(newSessionToken)
            } else if clearSession {
                response.cookies[CookieName.session] = req.expiredCookie()
            }
        }
        if response.cookies[CookieName.remember] == nil {
            if let newRememberCookie {
                response.cookies[CookieName.remember] = req.cookie(newRememberCookie, maxAge: settings.rememberDays * 86_400)
            } else if clearRemember {
                response.cookies[CookieName.remember] = req.expiredCookie()
            }
        }
        return response
    }
}

package struct SessionExpiredKey: StorageKey { package typealias Value = Bool }

/// CSRF and Origin checks on every state-changing request.
/// The token comes from the `_csrf` form field or the `X-CSRF-Token` header. Only a multipart
/// post to a streamed-upload path (`Application.csrfQueryTokenPaths`, whose body is read after
/// middleware runs) may carry it in the query string: elsewhere a token in a URL would leak
/// through history, logs and Referer, so it is not accepted there.
/// Logged in: HMAC of the session hash. Anonymous: HMAC of a random cookie nonce (no session row).
package struct CSRFMiddleware: AsyncMiddleware {
    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard [.POST, .PUT, .PATCH, .DELETE].contains(req.method) else {
            return try await next.respond(to: req)
        }
        let origins = req.application.settings.allowedOrigins
        guard let origin = req.headers.first(name: .origin), origins.contains(origin) else {
            req.logger.warning("CSRF: refused \(req.method) \(req.url.path): origin \(req.headers.first(name: .origin) ?? "missing")")
            throw Abort(.forbidden, reason: "请求来源无效，请刷新页面后重试。")
        }
        var submitted = req.headers.first(name: "X-CSRF-Token")
        if submitted == nil, req.headers.contentType?.type == "multipart",
           req.application.csrfQueryTokenPaths.contains(req.url.path) {
            submitted = req.query[String.self, at: "_csrf"]
        }
        if submitted == nil, req.headers.contentType == .urlEncodedForm {
            _ = try await req.body.collect(max: 64 * 1024).get()
            submitted = try? req.content.get(String.self, at: "_csrf")
        }
        guard let submitted, constantTimeEqual(submitted, CSRF.expectedToken(for: req) ?? "\u{0}") else {
            req.logger.warning("CSRF: refused \(req.method) \(req.url.path): token missing or wrong")
            throw Abort(.forbidden, reason: "页面已过期或请求无效，请刷新页面后重试。")
        }
        return try await next.respond(to: req)
    }
}

package enum CSRF {
    package static func expectedToken(for req: Request) -> String? {
        if let user = req.currentUser { return user.csrfToken }
        guard let nonce = req.cookies[CookieName.anonymous]?.string, !nonce.isEmpty else { return nil }
        return req.keys.sign("anon-csrf|" + nonce)
    }

    /// The token for an anonymous form; sets the nonce cookie on `response` if there is none.
    package static func anonymousToken(for req: Request, response: Response) -> String {
        if let nonce = req.cookies[CookieName.anonymous]?.string, !nonce.isEmpty {
            return req.keys.sign("anon-csrf|" + nonce)
        }
        let nonce = SecureRandom.token(bytes: 16)
        response.cookies[CookieName.anonymous] = req.cookie(nonce)
        return req.keys.sign("anon-csrf|" + nonce)
    }
}

/// The streamed-upload paths that may carry the CSRF token in the query string (their
/// multipart body is read by the route, after the CSRF check). Controllers add theirs at boot.
package final class CSRFQueryTokenPaths: Sendable {
    private let paths = NIOLockedValueBox<Set<String>>([])
    package func insert(_ path: String) { paths.withLockedValue { _ = $0.insert(path) } }
    package func contains(_ path: String) -> Bool { paths.withLockedValue { $0.contains(path) } }
}

extension Application {
    private struct CSRFQueryTokenPathsKey: StorageKey { typealias Value = CSRFQueryTokenPaths }

    package var csrfQueryTokenPaths: CSRFQueryTokenPaths {
        if let paths = storage[CSRFQueryTokenPathsKey.self] { return paths }
        let paths = CSRFQueryTokenPaths()
        storage[CSRFQueryTokenPathsKey.self] = paths
        return paths
    }
}

/// Every url-encoded form is checked for characters no form accepts (`TextInput`: control
/// characters such as NUL, bidirectional overrides) before any handler reads it, so each form
/// gets the same Chinese refusal and nothing of the kind is ever stored.
package struct FormTextMiddleware: AsyncMiddleware {
    package func respond(to req: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard req.method == .POST, req.headers.contentType == .urlEncodedForm else { return try await next.respond(to: req) }
        let body = try await req.body.collect(max: 64 * 1024).get()
        if let body, let text = body.getString(at: body.readerIndex, length: body.readableBytes), Self.holdsForbiddenText(text) {
            req.logger.warning("Form: refused \(req.url.path): a value holds a control or bidi character")
            throw Abort(.badRequest, reason: TextInput.refusal)
        }
        return try await next.respond(to: req)
    }

    /// Whether any key or value of the url-encoded `body` decodes to a forbidden character.
    package static func holdsForbiddenText(_ body: String) -> Bool {
        for part in body.split(separator: "&") {
            for piece in part.split(separator: "=", maxSplits: 1) {
                let decoded = String(piece).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(piece)
                if TextInput.forbiddenCharacter(in: decoded) != nil { return true }
            }
        }
        return false
    }
}
