import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import PostgresKit
import SQLKit
import Vapor
import XCTVapor

/// Test applications over a database migrated once into a template: a file copy per test on
/// SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL (when `DATABASE_URL` is set).
enum TestApp {
    static let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jiuye-tests-\(ProcessInfo.processInfo.processIdentifier)")
    static let keyFile = directory.appendingPathComponent("master.key").path
    static let origin = "http://127.0.0.1:8080"

    static var postgresURL: String? { ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    static func settings(database: String) -> Settings {
        var settings = Settings.fromEnvironment()
        if postgresURL != nil {
            settings.databaseURL = database
        } else {
            settings.databaseURL = nil
            settings.sqlitePath = database
        }
        settings.keyFile = keyFile
        settings.bcryptCost = 4
        settings.publicURL = origin
        settings.adminPassword = "Admin-Pass-2026"
        settings.securityPassword = DemoSeed.password
        settings.auditorPassword = DemoSeed.password
        settings.auditExportFile = directory.appendingPathComponent("audit-heads-\(UUID().uuidString).log").path
        settings.runJobs = false
        settings.loginRateLimitPerMinute = 1_000
        // In-memory requests have no peer; let tests name the client through X-Forwarded-For.
        settings.trustedProxies = ["unknown"]
        return settings
    }

    private static let template = TemplateOnce(seeded: false)
    private static let seededTemplate = TemplateOnce(seeded: true)

    /// A fresh application on its own copy of the migrated template; `seeded` adds the demo
    /// data (`jiuye seed-demo`) to the template once instead of to every test database.
    static func make(seeded: Bool = false) async throws -> Application {
        let database = try await (seeded ? seededTemplate : template).newDatabase()
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: settings(database: database))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        // JIUYE_TEST_CLOCK_AT (seconds since 1970): every test's clock starts there, to run the suite
        // at a given hour (e.g. just after midnight in Beijing).
        if let at = ProcessInfo.processInfo.environment["JIUYE_TEST_CLOCK_AT"].flatMap(Int64.init) {
            app.clock.advance(seconds: at - app.clock.now())
        }
        return app
    }

    actor TemplateOnce {
        private var ready: String?
        let seeded: Bool
        init(seeded: Bool) { self.seeded = seeded }

        func newDatabase() async throws -> String {
            let template = try await prepare()
            await TestDatabases.shared.dropPrevious()
            if let url = postgresURL {
                let name = "jiuye_t_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
                try await TestApp.postgresAdmin(url) { sql in
                    try await sql.raw("CREATE DATABASE \(unsafeRaw: name) TEMPLATE \(unsafeRaw: template)").run()
                }
                await TestDatabases.shared.created(.postgres(url: url, name: name))
                return TestApp.replaceDatabase(in: url, with: name)
            }
            let path = directory.appendingPathComponent("\(UUID().uuidString).sqlite").path
            try FileManager.default.copyItem(atPath: template, toPath: path)
            await TestDatabases.shared.created(.sqlite(path))
            return path
        }

        private func prepare() async throws -> String {
            if let ready { return ready }
            await TestDatabases.shared.sweepEarlierRuns()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let target: String
            if let url = postgresURL {
                let name = "jiuye_template_\(seeded ? "demo_" : "")\(ProcessInfo.processInfo.processIdentifier)"
                try await TestApp.postgresAdmin(url) { sql in
                    try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
                    try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
                }
                target = TestApp.replaceDatabase(in: url, with: name)
                ready = name
            } else {
                target = directory.appendingPathComponent(seeded ? "template-demo.sqlite" : "template.sqlite").path
                ready = target
            }
            let app = try await Application.make(.testing)
            try await configure(app, settings: TestApp.settings(database: target))
            if seeded { try await DemoSeed.run(app) }
            if postgresURL == nil {
                // Fold the WAL into the main file so a plain copy carries everything.
                try await app.db.sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
            try await app.asyncShutdown()
            return ready!
        }
    }

    static func replaceDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }

    /// Runs statements on the server's maintenance database (CREATE/DROP DATABASE).
    static func postgresAdmin(_ url: String, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let config = try SQLPostgresConfiguration(url: replaceDatabase(in: url, with: "postgres"))
        let connection = try await PostgresConnection.connect(configuration: .init(
            host: config.coreConfiguration.host ?? "127.0.0.1", port: config.coreConfiguration.port ?? 5432,
            username: config.coreConfiguration.username, password: config.coreConfiguration.password,
            database: "postgres", tls: .disable), id: 1, logger: Logger(label: "test-admin"))
        do {
            try await body(connection.sql())
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }
}

/// Test databases are removed once their test has ended. XCTest runs one test at a time and
/// every test shuts its application down in tearDown, so when the next test asks for a database
/// the previous one is free to drop. Leftovers of earlier runs (a run killed midway, or runs
/// before this existed: 1.4 GB of SQLite copies per run, ~600 PostgreSQL databases) are swept
/// at the first call of a run.
actor TestDatabases {
    enum Database: Sendable {
        case sqlite(String)
        case postgres(url: String, name: String)
    }

    static let shared = TestDatabases()
    private var previous: Database?
    private var swept = false

    func created(_ database: Database) { previous = database }

    func dropPrevious() async {
        guard let database = previous else { return }
        previous = nil
        await drop(database)
    }

    private func drop(_ database: Database) async {
        switch database {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let url, let name):
            try? await TestApp.postgresAdmin(url) { sql in
                // A connection the previous test's pool was still opening when the test ended
                // (concurrency tests open them on demand) would be terminated by FORCE in the
                // middle of its set-up, and PostgresNIO's debug assertion then takes the whole
                // test process down. Give such connections up to 3 s to finish and be closed.
                for _ in 0..<60 {
                    let sessions = try await sql.raw("SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = \(bind: name)").first()?
                        .decode(column: "n", as: Int.self) ?? 0
                    if sessions == 0 { break }
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name) WITH (FORCE)").run()
            }
        }
    }

    /// Directories of test processes that are no longer running, and on PostgreSQL the per-test
    /// databases no session is using (a concurrent run keeps its own: in use, not dropped).
    func sweepEarlierRuns() async {
        guard !swept else { return }
        swept = true
        let temporary = FileManager.default.temporaryDirectory
        for name in (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix("jiuye-tests-") {
            guard let pid = Int32(name.dropFirst("jiuye-tests-".count)), pid != ProcessInfo.processInfo.processIdentifier,
                  kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
        guard let url = TestApp.postgresURL else { return }
        try? await TestApp.postgresAdmin(url) { sql in
            let names = try await sql.raw("""
                SELECT datname FROM pg_database d WHERE (datname LIKE 'jiuye\\_t\\_%' OR datname LIKE 'jiuye\\_template\\_%')
                AND NOT EXISTS (SELECT 1 FROM pg_stat_activity a WHERE a.datname = d.datname)
                """).all().map { try $0.decode(column: "datname", as: String.self) }
            for name in names {
                // A template belongs to a process (its name ends in the pid): kept while that runs.
                if name.hasPrefix("jiuye_template_"), let pid = Int32(name.split(separator: "_").last ?? ""),
                   pid == ProcessInfo.processInfo.processIdentifier || kill(pid, 0) == 0 { continue }
                try? await sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: name)").run()
            }
        }
    }
}
