import Vapor

/// Security headers, once, for every response.
package struct SecurityHeadersMiddleware: AsyncMiddleware {
    package let https: Bool

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers = [
            ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            // no-referrer would make browsers send `Origin: null` on form posts.
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if https {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        // A public page kept for visitors says so itself (PublicPageCache); every other page is private.
        if response.headers.contentType == .html, !response.headers.contains(name: .cacheControl) {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

/// A fixed-window counter per client address, per instance. Several instances each allow the
/// limit; the account lockout (stored in the database) is the cross-instance defence.
package actor RateLimiter {
    private var windows: [String: (start: Int64, count: Int)] = [:]
    package let limit: Int
    package let windowSeconds: Int64

    package init(limit: Int, windowSeconds: Int64 = 60) {
        self.limit = limit
        self.windowSeconds = windowSeconds
    }

    package func allow(_ key: String, now: Int64) -> Bool {
        if windows.count > 50_000 { windows = windows.filter { now - $0.value.start < windowSeconds } }
        var window = windows[key] ?? (now, 0)
        if now - window.start >= windowSeconds { window = (now, 0) }
        window.count += 1
        windows[key] = window
        return window.count <= limit
    }
}
