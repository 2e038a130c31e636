import Logging
import Vapor

/// The executable's entry: `serve` (default), `migrate`, `seed-demo`.
public enum JiuyeMain {
    public static func run() async throws {
        var env = try Environment.detect()
        try LoggingSystem.bootstrap(from: &env)
        let app = try await Application.make(env)
        do {
            try await configure(app)
            Commands.register(on: app)
            try await app.execute()
        } catch {
            app.logger.report(error: error)
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }
}

enum Commands {
    static func register(on app: Application) {
        app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
        app.asyncCommands.use(SeedBenchCommand(), as: "seed-bench")
        app.asyncCommands.use(AuditCommand(), as: "audit")
    }
}
