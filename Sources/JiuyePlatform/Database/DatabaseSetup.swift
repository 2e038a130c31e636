import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

package enum DatabaseSetup {
    /// SQLite: the pragmas every connection must carry. `journal_mode` is stored in the file;
    /// the others are per connection.
    package static let sqliteBusyTimeoutMilliseconds = 5_000

    package static func configure(_ app: Application, settings: Settings) throws {
        if let url = settings.databaseURL {
            var config = try SQLPostgresConfiguration(url: url)
            config.searchPath = ["public"]
            app.databases.use(.postgres(configuration: config, maxConnectionsPerEventLoop: 8, connectionPoolTimeout: .seconds(10)), as: .psql)
        } else {
            let path = settings.sqlitePath
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(30)), as: .sqlite)
        }
    }

    /// fluent-sqlite-driver keeps exactly one long-lived connection per event loop and offers
    /// no hook when it opens one. Open each loop's connection now and set its pragmas; the
    /// pool never replaces a connection that is not closed, so every connection has them.
    package static func prepareConnections(_ app: Application) async throws {
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.db(on: eventLoop)
            guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
            try await sql.raw("PRAGMA journal_mode = WAL").run()
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(sqliteBusyTimeoutMilliseconds))").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await sql.raw("PRAGMA synchronous = FULL").run()
            // 64 MB of page cache (the default 8 MB spilled a 100,000-graduate import to disk
            // page by page in the middle of its transaction: random index keys touch every page).
            try await sql.raw("PRAGMA cache_size = -65536").run()
        }
    }
}

/// Migrations at start-up and in `jiuye migrate` (the deploy step). On PostgreSQL several
/// instances may start together: each takes one session-level advisory lock on a pooled
/// connection (the migrations run on the pool's others), so one migrates and the rest find
/// nothing left to do. With `JIUYE_MIGRATE_ON_START=0`, `serve` does not migrate and refuses to
/// start on a database with pending migrations, naming the command to run.
package enum MigrationGate {
    /// An arbitrary constant: the advisory lock's key for Jiuye's migrations.
    package static let lockKey: Int64 = 0x6A69_7579_656D_6967

    package struct Unmigrated: Error, CustomStringConvertible {
        package let pending: [String]
        package var description: String {
            "The database has \(pending.count) pending migration(s) (\(pending.joined(separator: ", "))). Run `jiuye migrate` first "
                + "(or start with JIUYE_MIGRATE_ON_START=1)."
        }
    }

    package static func prepare(_ app: Application, settings: Settings) async throws {
        let command = app.environment.arguments.dropFirst().first ?? "serve"
        if settings.migrateOnStart || command == "migrate" {
            try await migrate(app)
        } else {
            // `serve`, and every other command (seed-demo, audit, keys …): all need the schema.
            // Reads only: an empty database has no migration log yet, and nothing is created here.
            guard try await migrationLogExists(app.db) else { throw Unmigrated(pending: ["all (an empty database)"]) }
            let pending = try await app.migrator.previewPrepareBatch().get().map { "\(type(of: $0.0))" }
            if !pending.isEmpty { throw Unmigrated(pending: pending) }
        }
    }

    package static func migrationLogExists(_ db: any Database) async throws -> Bool {
        let query: SQLQueryString = db.isSQLite
            ? "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = '_fluent_migrations'"
            : "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_fluent_migrations'"
        return try await db.sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0 > 0
    }

    package static func migrate(_ app: Application) async throws {
        try await exclusively(app) { try await app.autoMigrate() }
    }

    /// Runs `body` while no other instance runs a start-up step: on PostgreSQL under the
    /// advisory lock, held on one pooled connection while `body` uses the pool's others. One
    /// process owns an embedded SQLite file; its own write lock serialises the rest.
    package static func exclusively(_ app: Application, _ body: @escaping @Sendable () async throws -> Void) async throws {
        guard !app.db.isSQLite else { return try await body() }
        try await app.db.withConnection { connection in
            try await connection.sql.raw("SELECT pg_advisory_lock(\(bind: lockKey))").run()
            do {
                try await body()
            } catch {
                try? await connection.sql.raw("SELECT pg_advisory_unlock(\(bind: lockKey))").run()
                throw error
            }
            try await connection.sql.raw("SELECT pg_advisory_unlock(\(bind: lockKey))").run()
        }
    }
}

extension Application {
    package func db(on eventLoop: any EventLoop) -> any Database {
        databases.database(logger: logger, on: eventLoop)!
    }
}

extension Database {
    /// The SQLKit view of this database (both drivers provide one).
    package var sql: any SQLDatabase { self as! any SQLDatabase }

    package var isSQLite: Bool { sql.dialect.name == "sqlite" }

    /// Every write transaction goes through here. On SQLite it begins with `BEGIN IMMEDIATE`:
    /// a deferred transaction that reads and then writes fails with SQLITE_BUSY_SNAPSHOT,
    /// which no busy timeout retries. Use the handle passed to `body`; `req.db` inside would
    /// wait for the connection this transaction holds.
    package func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard isSQLite else {
            return try await transaction { try await body($0) }
        }
        return try await withConnection { connection in
            try await connection.sql.raw("BEGIN IMMEDIATE").run()
            do {
                let result = try await body(connection)
                try await connection.sql.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }
}

extension SQLSelectBuilder {
    /// Locks the selected rows for the rest of the write transaction on PostgreSQL
    /// (READ COMMITTED would otherwise let two writers read the same value). SQLite's
    /// `BEGIN IMMEDIATE` already serialises writers, and its dialect omits the clause.
    package func lockedForUpdate() -> Self { self.for(.update) }
}

/// Unix time in seconds: one integer representation of instants on both databases.
package typealias EpochSeconds = Int64

extension Date {
    package var epochSeconds: EpochSeconds { EpochSeconds(timeIntervalSince1970.rounded(.down)) }
}
