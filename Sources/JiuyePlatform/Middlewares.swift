import Vapor

package enum Middlewares {
    /// Order: security headers wrap everything, then error pages, static files, sessions, CSRF.
    package static func install(on app: Application) {
        app.middleware = .init()
        app.middleware.use(SecurityHeadersMiddleware(https: app.settings.isHTTPS))
        app.middleware.use(PageErrorMiddleware())
        app.middleware.use(StaticFilesMiddleware(publicDirectory: publicDirectory(app)))
        app.middleware.use(SessionMiddleware())
        app.middleware.use(CSRFMiddleware())
        app.middleware.use(FormTextMiddleware())
        app.middleware.use(SecondFactorRequiredMiddleware())
        app.middleware.use(PublicPageCacheMiddleware())
    }

    /// `Public/` of the working directory, or of the package when run from elsewhere (tests).
    package static func publicDirectory(_ app: Application) -> String {
        let candidates = [app.directory.publicDirectory,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                            .deletingLastPathComponent().appendingPathComponent("Public").path + "/"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }
}

/// Serves `Public/` through Vapor's `FileMiddleware`, but only for paths under its top-level
/// entries (`/css/…`, `/js/…`). `FileMiddleware` asks the file system about every request path
/// (an `lstat` on NIOFileSystem's thread pool, a thread hop per page view); pages and `/healthz`
/// never name a file, so they skip it. The entries are read at start-up: a new top-level file or
/// directory in `Public/` needs a restart, files added inside `css/` or `js/` do not.
package struct StaticFilesMiddleware: AsyncMiddleware {
    package let files: FileMiddleware
    package let entries: Set<String>

    package init(publicDirectory: String) {
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
        entries = Set((try? FileManager.default.contentsOfDirectory(atPath: publicDirectory)) ?? [])
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard entries.contains(Self.firstSegment(of: request.url.path)) else { return try await next.respond(to: request) }
        return try await files.respond(to: request, chainingTo: next)
    }

    /// `/css/app.css` → `css`; `/favicon.ico` → `favicon.ico`; the raw (still percent-encoded)
    /// segment, so an encoded name is handed to `FileMiddleware`, which decodes and checks it.
    package static func firstSegment(of path: String) -> String {
        let trimmed = path.drop { $0 == "/" }
        return String(trimmed.prefix { $0 != "/" })
    }
}
