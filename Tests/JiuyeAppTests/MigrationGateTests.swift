@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import FluentKit
import SQLKit
import Vapor
import XCTest

/// `jiuye migrate` is the deploy step: instances starting together never race their migrations
/// (PostgreSQL: an advisory lock), and with JIUYE_MIGRATE_ON_START=0 `serve` refuses an
/// unmigrated database and names the command to run.
final class MigrationGateTests: XCTestCase {
    /// A new, empty database of the suite's kind.
    func emptyDatabase() async throws -> String {
        if let url = TestApp.postgresURL {
            let name = "jiuye_mig_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16))"
            try await TestApp.postgresAdmin(url) { sql in try await sql.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
            await TestDatabases.shared.created(.postgres(url: url, name: name))
            return TestApp.replaceDatabase(in: url, with: name)
        }
        try FileManager.default.createDirectory(at: TestApp.directory, withIntermediateDirectories: true)
        let path = TestApp.directory.appendingPathComponent("mig-\(UUID().uuidString).sqlite").path
        await TestDatabases.shared.created(.sqlite(path))
        return path
    }

    func testServeRefusesAnUnmigratedDatabaseWhenAskedNotToMigrate() async throws {
        let database = try await emptyDatabase()
        var settings = TestApp.settings(database: database)
        settings.migrateOnStart = false
        let app = try await Application.make(.testing)
        do {
            try await configure(app, settings: settings)
            XCTFail("serve started on an unmigrated database")
        } catch let error as MigrationGate.Unmigrated {
            XCTAssertFalse(error.pending.isEmpty)
            XCTAssertTrue(error.description.contains("jiuye migrate"), error.description)
        } catch {
            XCTFail("unexpected error: \(String(reflecting: error))")
        }
        try await app.asyncShutdown()

        // After the deploy step, the same settings start.
        let migrating = try await Application.make(.testing)
        try await configure(migrating, settings: TestApp.settings(database: database))
        try await migrating.asyncShutdown()
        let serving = try await Application.make(.testing)
        try await configure(serving, settings: settings)
        let health = try await Browser(serving).get("/healthz")
        XCTAssertEqual(health.status, .ok)
        try await serving.asyncShutdown()
    }

    /// Three instances start on one empty PostgreSQL database at the same moment: all start, and
    /// every migration ran exactly once.
    func testInstancesStartingTogetherMigrateOnce() async throws {
        try XCTSkipIf(TestApp.postgresURL == nil, "PostgreSQL only: an embedded SQLite file belongs to one process")
        let database = try await emptyDatabase()
        let settings = TestApp.settings(database: database)
        let started = await withTaskGroup(of: (Application?, String?).self) { group in
            for _ in 0..<3 {
                group.addTask {
                    do {
                        let app = try await Application.make(.testing)
                        do {
                            try await configure(app, settings: settings)
                            return (app, nil)
                        } catch {
                            try? await app.asyncShutdown()
                            return (nil, String(reflecting: error))
                        }
                    } catch {
                        return (nil, String(reflecting: error))
                    }
                }
            }
            return await group.reduce(into: [(Application?, String?)]()) { $0.append($1) }
        }
        let apps = started.compactMap(\.0)
        XCTAssertEqual(started.compactMap(\.1), [], "every instance started")
        XCTAssertEqual(apps.count, 3)
        guard let first = apps.first else { return }
        let rows = try await first.db.sql.raw("SELECT name, COUNT(*) AS n FROM _fluent_migrations GROUP BY name").all()
        XCTAssertGreaterThanOrEqual(rows.count, 13, "every migration recorded")
        for row in rows { XCTAssertEqual(try row.decode(column: "n", as: Int.self), 1, "each migration ran once") }
        for app in apps { try await app.asyncShutdown() }
    }
}
