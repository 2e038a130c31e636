import Vapor

enum Middlewares {
    /// Order: security headers wrap everything, then error pages, static files, sessions, CSRF.
    static func install(on app: Application) {
        app.middleware = .init()
        app.middleware.use(SecurityHeadersMiddleware(https: app.settings.isHTTPS))
        app.middleware.use(PageErrorMiddleware())
        app.middleware.use(FileMiddleware(publicDirectory: publicDirectory(app), defaultFile: nil))
        app.middleware.use(SessionMiddleware())
        app.middleware.use(CSRFMiddleware())
        app.middleware.use(SecondFactorRequiredMiddleware())
    }

    /// `Public/` of the working directory, or of the package when run from elsewhere (tests).
    static func publicDirectory(_ app: Application) -> String {
        let candidates = [app.directory.publicDirectory,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Public").path + "/"]
        return candidates.first { FileManager.default.fileExists(atPath: $0) } ?? candidates[0]
    }
}
