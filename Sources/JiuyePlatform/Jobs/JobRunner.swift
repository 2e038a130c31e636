import Fluent
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// One background job runner for scheduled and deferred work. Jobs live in the database, so
/// several app instances share them: each claims due jobs with `FOR UPDATE SKIP LOCKED` on
/// PostgreSQL (SQLite has one writer at a time), failures are retried with exponential backoff,
/// and the system admin sees every job at /admin/jobs.
package enum Jobs {
    package typealias Handler = @Sendable (Application, String) async throws -> Void

    /// Kinds, their Chinese names (what 后台任务 shows) and their handlers. Modules add theirs
    /// at configuration time.
    package final class Registry: Sendable {
        private let handlers = NIOLockedValueBox<[String: Handler]>([:])
        private let labels = NIOLockedValueBox<[String: String]>([:])
        private let recurring = NIOLockedValueBox<[(kind: String, every: Int64)]>([])

        package func register(_ kind: String, label: String, _ handler: @escaping Handler) {
            handlers.withLockedValue { $0[kind] = handler }
            labels.withLockedValue { $0[kind] = label }
        }
        /// The kind's Chinese name; a kind no longer registered (an old row) is "其他任务".
        package func label(_ kind: String) -> String { labels.withLockedValue { $0[kind] } ?? "其他任务" }
        package var kinds: [String] { handlers.withLockedValue { Array($0.keys) } }
        package func handler(_ kind: String) -> Handler? { handlers.withLockedValue { $0[kind] } }
        package func every(_ seconds: Int64, _ kind: String) { recurring.withLockedValue { $0.append((kind, seconds)) } }
        package var schedules: [(kind: String, every: Int64)] { recurring.withLockedValue { $0 } }
    }

    package static let sessionPurge = "session.purge"
    package static let auditHeadExport = "audit.export-head"

    package static func register(on app: Application) {
        app.jobs.register(sessionPurge, label: "过期会话清理") { app, _ in
            let removed = try await SessionStore.purgeExpired(now: app.clock.now(), settings: app.settings, on: app.db)
            app.logger.info("jobs: purged \(removed) expired sessions")
        }
        app.jobs.every(600, sessionPurge)
        app.jobs.register(auditHeadExport, label: "审计日志链头导出") { app, _ in try await AuditChain.exportHead(app) }
        app.jobs.every(300, auditHeadExport)
        if app.settings.runJobs {
            app.lifecycle.use(JobRunnerLifecycle())
        }
    }

    /// Queues a job (inside the caller's transaction when `db` is one).
    package static func enqueue(_ kind: String, payload: String = "", runAt: Int64, maxAttempts: Int = 5, uniqueKey: String? = nil, on db: any Database) async throws {
        try await db.sql.insert(into: "jobs")
            .columns("kind", "payload", "status", "run_at", "attempts", "max_attempts", "created_at", "unique_key")
            .values(SQLBind(kind), SQLBind(payload), SQLBind("queued"), SQLBind(runAt), SQLBind(0), SQLBind(maxAttempts), SQLBind(runAt), SQLBind(uniqueKey))
            .run()
    }

    /// Makes sure each recurring job has one queued run.
    package static func scheduleRecurring(_ app: Application) async throws {
        let now = app.clock.now()
        for schedule in app.jobs.schedules {
            let existing = try await app.db.sql.select().column("id").from("jobs").where("unique_key", .equal, SQLBind("every:" + schedule.kind)).first()
            guard existing == nil else { continue }
            do {
                try await enqueue(schedule.kind, runAt: now + schedule.every, maxAttempts: 3, uniqueKey: "every:" + schedule.kind, on: app.db)
            } catch {
                // Another instance queued it first: the unique key refused the second row.
            }
        }
    }

    package struct Claimed: Decodable, Sendable {
        package let id: Int64
        package let kind: String
        package let payload: String
        package let attempts: Int
        package let max_attempts: Int
    }

    /// Claims up to `limit` due jobs for `worker`.
    package static func claim(worker: String, now: Int64, limit: Int = 10, on db: any Database) async throws -> [Claimed] {
        // Jobs left running by a crashed instance go back to the queue after 10 minutes.
        try await db.sql.update("jobs").set("status", to: SQLBind("queued")).set("locked_by", to: SQLLiteral.null)
            .where("status", .equal, SQLBind("running")).where("locked_at", .lessThan, SQLBind(now - 600)).run()
        let lock = db.isSQLite ? "" : " FOR UPDATE SKIP LOCKED"
        return try await db.sql.raw("""
            UPDATE jobs SET status = 'running', locked_by = \(bind: worker), locked_at = \(bind: now), attempts = attempts + 1
            WHERE id IN (SELECT id FROM jobs WHERE status = 'queued' AND run_at <= \(bind: now) ORDER BY run_at, id LIMIT \(unsafeRaw: String(limit))\(unsafeRaw: lock))
            RETURNING id, kind, payload, attempts, max_attempts
            """).all(decoding: Claimed.self)
    }

    /// Runs every due job once; returns how many ran. The runner calls this on a timer; tests call it directly.
    @discardableResult
    package static func runDue(_ app: Application, worker: String = "instance-\(ProcessInfo.processInfo.processIdentifier)") async throws -> Int {
        try await scheduleRecurring(app)
        let claimed = try await claim(worker: worker, now: app.clock.now(), on: app.db)
        for job in claimed {
            let now = app.clock.now()
            do {
                guard let handler = app.jobs.handler(job.kind) else { throw Abort(.internalServerError, reason: "no handler for job kind \(job.kind)") }
                try await handler(app, job.payload)
                try await app.db.sql.update("jobs").set("status", to: SQLBind("done")).set("finished_at", to: SQLBind(now))
                    .set("unique_key", to: SQLLiteral.null).set("last_error", to: SQLLiteral.null)
                    .where("id", .equal, SQLBind(job.id)).run()
            } catch {
                let message = String(String(reflecting: error).prefix(500))
                app.logger.warning("jobs: \(job.kind) #\(job.id) attempt \(job.attempts) failed: \(message)")
                let final = job.attempts >= job.max_attempts
                var update = app.db.sql.update("jobs").set("last_error", to: SQLBind(message)).set("locked_by", to: SQLLiteral.null)
                if final {
                    update = update.set("status", to: SQLBind("failed")).set("finished_at", to: SQLBind(now)).set("unique_key", to: SQLLiteral.null)
                } else {
                    update = update.set("status", to: SQLBind("queued")).set("run_at", to: SQLBind(now + backoff(attempt: job.attempts)))
                }
                try await update.where("id", .equal, SQLBind(job.id)).run()
            }
        }
        if !claimed.isEmpty { try await scheduleRecurring(app) }
        return claimed.count
    }

    /// 30 s, 1 min, 2 min, … capped at an hour.
    package static func backoff(attempt: Int) -> Int64 {
        min(3600, 30 << Int64(max(0, min(attempt - 1, 10))))
    }
}

extension Application {
    private struct JobsKey: StorageKey { typealias Value = Jobs.Registry }
    package var jobs: Jobs.Registry {
        if let registry = storage[JobsKey.self] { return registry }
        let registry = Jobs.Registry()
        storage[JobsKey.self] = registry
        return registry
    }
}

/// Polls for due jobs every few seconds while the application runs.
private final class JobRunnerLifecycle: LifecycleHandler, Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)

    package func didBootAsync(_ application: Application) async throws {
        task.withLockedValue {
            $0 = Task {
                while !Task.isCancelled {
                    do {
                        try await Jobs.runDue(application)
                    } catch {
                        application.logger.error("jobs: runner tick failed: \(String(reflecting: error))")
                    }
                    try? await Task.sleep(for: .seconds(5))
                }
            }
        }
    }

    package func shutdownAsync(_ application: Application) async {
        let running = task.withLockedValue { $0 }
        running?.cancel()
        await running?.value
    }
}
