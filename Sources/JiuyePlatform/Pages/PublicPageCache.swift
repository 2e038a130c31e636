import NIOConcurrencyHelpers
import NIOCore
import Vapor

/// Public pages as a visitor sees them (no session, no flash), kept for up to a minute per path
/// and query: the portal and the job list answer from memory instead of reading the database on
/// every request, and say so to browsers and proxies (`Cache-Control: public, max-age=60`). A
/// logged-in user always gets a fresh page. Only complete 200 answers that set no cookie are
/// kept; at most `capacity` pages (a flood of distinct queries is served fresh, not stored).
package final class PublicPageCache: Sendable {
    package static let seconds: Int64 = 60
    package static let capacity = 512

    private struct Entry: Sendable {
        let body: ByteBuffer
        let expires: Int64
    }

    private let entries = NIOLockedValueBox([String: Entry]())

    package init() {}

    func get(_ key: String, now: Int64) -> ByteBuffer? {
        entries.withLockedValue { entries in
            guard let entry = entries[key], entry.expires > now else { return nil }
            return entry.body
        }
    }

    func put(_ key: String, body: ByteBuffer, now: Int64) {
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity, entries[key] == nil {
                entries = entries.filter { $0.value.expires > now }
                guard entries.count < Self.capacity else { return }
            }
            entries[key] = Entry(body: body, expires: now + Self.seconds)
        }
    }

    /// Forgets every page (after the office publishes, tests).
    package func clear() { entries.withLockedValue { $0.removeAll() } }
}

extension Application {
    private struct PublicPageCacheKey: StorageKey { typealias Value = PublicPageCache }

    /// Set once at start-up (see `PlatformSetup`), read from every event loop after.
    package var publicPageCache: PublicPageCache {
        if let cache = storage[PublicPageCacheKey.self] { return cache }
        let cache = PublicPageCache()
        storage[PublicPageCacheKey.self] = cache
        return cache
    }
}

extension Request {
    /// A visitor's copy of the page from the last minute, or `make()`'s, kept for the next.
    package func publicPage(_ make: () async throws -> Response) async throws -> Response {
        guard currentUser == nil, cookies[CookieName.flash] == nil, url.string.utf8.count <= 512 else { return try await make() }
        let cache = application.publicPageCache
        let key = url.string
        if let body = cache.get(key, now: now) {
            let response = Response(status: .ok)
            response.headers.contentType = .html
            response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(PublicPageCache.seconds)")
            response.body = .init(buffer: body)
            return response
        }
        let response = try await make()
        guard response.status == .ok, response.headers[.setCookie].isEmpty, response.cookies.all.isEmpty, let body = response.body.buffer else { return response }
        cache.put(key, body: body, now: now)
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=\(PublicPageCache.seconds)")
        return response
    }
}

extension PublicPageCache {
    /// `handler` answered through the cache for visitors: `routes.get("portal", use: PublicPageCache.cached(portal))`.
    package static func cached(_ handler: @escaping @Sendable (Request) async throws -> Response) -> @Sendable (Request) async throws -> Response {
        { req in try await req.publicPage { try await handler(req) } }
    }
}

/// After staff change anything (a POST answered without error by a user who is not a student:
/// the office publishing a notice, approving a job, publishing an event, answering a question),
/// visitors' kept pages are forgotten, so what staff publish shows at once; students' own writes
/// (a booking, an application) leave them, and the pages catch up within the minute.
package struct PublicPageCacheMiddleware: AsyncMiddleware {
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        if request.method == .POST, response.status.code < 400, let user = request.currentUser, user.role != .student {
            request.application.publicPageCache.clear()
        }
        return response
    }
}
