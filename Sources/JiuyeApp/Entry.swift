import JiuyeEmployment
import JiuyePlatform
import Logging
import Vapor

/// The executable's entry: `serve` (default), `migrate`, `seed-demo`, `audit`, `keys`.
public enum JiuyeMain {
    public static func run() async throws {
        var env = try Environment.detect()
        // Every log line passes through the masking handler: no ID, phone or card number in clear.
        try LoggingSystem.bootstrap(from: &env) { level in
            let console = Terminal()
            return { label in MaskingLogHandler(wrapped: ConsoleLogger(label: label, console: console, level: level)) }
        }
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

package enum Commands {
    package static func register(on app: Application) {
        app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
        app.asyncCommands.use(SeedBenchCommand(), as: "seed-bench")
        app.asyncCommands.use(SeedBenchCasesCommand(), as: "seed-bench-cases")
        app.asyncCommands.use(SeedBenchNationalCommand(), as: "seed-bench-national")
        app.asyncCommands.use(SeedBenchSigningCommand(), as: "seed-bench-signing")
        app.asyncCommands.use(BenchImportCommand(), as: "bench-import")
        app.asyncCommands.use(BenchBatchCommand(), as: "bench-batch")
        app.asyncCommands.use(BenchSubsidyCommand(), as: "bench-subsidy")
        app.asyncCommands.use(SeedBenchJobCentreCommand(), as: "seed-bench-jobcentre")
        app.asyncCommands.use(AuditCommand(), as: "audit")
        app.asyncCommands.use(KeysCommand(), as: "keys")
    }
}
