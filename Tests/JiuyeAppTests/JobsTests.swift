@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import NIOConcurrencyHelpers
import SQLKit
import XCTest
import XCTVapor

final class JobsTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make() }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func status(_ id: Int64) async throws -> (String, Int, Int64) {
        let row = try await app.db.sql.select().columns("status", "attempts", "run_at").from("jobs").where("id", .equal, SQLBind(id)).first()!
        return (try row.decode(column: "status", as: String.self), try row.decode(column: "attempts", as: Int.self), try row.decode(column: "run_at", as: Int64.self))
    }

    func lastJobID() async throws -> Int64 {
        try await app.db.sql.raw("SELECT MAX(id) AS id FROM jobs").first()!.decode(column: "id", as: Int64.self)
    }

    func testFailingJobIsRetriedWithBackoffThenSucceeds() async throws {
        let calls = NIOLockedValueBox(0)
        app.jobs.register("test.flaky", label: "测试任务") { _, payload in
            XCTAssertEqual(payload, "hello")
            let count = calls.withLockedValue { $0 += 1; return $0 }
            if count < 3 { throw Abort(.serviceUnavailable, reason: "gateway down") }
        }
        // Exact seconds are compared below: a slow machine must not cross a second boundary.
        app.clock.freeze()
        let now = app.clock.now()
        try await Jobs.enqueue("test.flaky", payload: "hello", runAt: now, on: app.db)
        let id = try await lastJobID()
        let awaited1 = try await Jobs.runDue(app)
        XCTAssertEqual(awaited1, 1)
        var state = try await status(id)
        XCTAssertEqual(state.0, "queued")
        XCTAssertEqual(state.2, now + 30, "first retry after 30 s")
        let awaited2 = try await Jobs.runDue(app)
        XCTAssertEqual(awaited2, 0, "not due yet")
        app.clock.advance(seconds: 31)
        try await Jobs.runDue(app)
        state = try await status(id)
        XCTAssertEqual(state.0, "queued")
        XCTAssertEqual(state.2, now + 31 + 60, "backoff doubles")
        app.clock.advance(seconds: 61)
        try await Jobs.runDue(app)
        state = try await status(id)
        XCTAssertEqual(state.0, "done")
        XCTAssertEqual(state.1, 3)
    }

    func testJobFailsAfterMaxAttemptsAndAdminRequeuesIt() async throws {
        app.jobs.register("test.broken", label: "总是失败的测试任务") { _, _ in throw Abort(.internalServerError, reason: "always") }
        try await Jobs.enqueue("test.broken", runAt: app.clock.now(), maxAttempts: 2, on: app.db)
        let id = try await lastJobID()
        try await Jobs.runDue(app)
        app.clock.advance(seconds: 31)
        try await Jobs.runDue(app)
        let awaited3 = try await status(id).0
        XCTAssertEqual(awaited3, "failed")
        let admin = Browser(app)
        try await admin.login("admin", "Admin-Pass-2026")
        let page = try await admin.get("/admin/jobs?status=failed")
        XCTAssertTrue(page.body.contains("总是失败的测试任务"), "the job's Chinese name")
        XCTAssertFalse(page.body.contains("test.broken"), "no internal job id reaches the page")
        XCTAssertTrue(page.body.contains("always"))
        try await admin.submit("/admin/jobs/\(id)/retry", from: "/admin/jobs", form: [])
        let awaited4 = try await status(id).0
        XCTAssertEqual(awaited4, "queued")
    }

    func testSessionPurgeRemovesExpiredSessions() async throws {
        let browser = Browser(app)
        try await browser.login("admin", "Admin-Pass-2026")
        app.clock.advance(seconds: 31 * 60)
        let fresh = Browser(app)
        try await fresh.login("admin", "Admin-Pass-2026")
        try await Jobs.runDue(app)   // schedules the recurring purge
        app.clock.advance(seconds: 601)
        try await Jobs.runDue(app)
        // The first session has been idle 41 minutes, the second 10: only the first goes.
        let sessions = try await app.db.sql.raw("SELECT token_hash FROM sessions").all().map { try $0.decode(column: "token_hash", as: String.self) }
        XCTAssertEqual(sessions, [sha256Hex(fresh.cookies["jiuye_session"]!)])
        let purges = try await app.db.sql.raw("SELECT status FROM jobs WHERE kind = 'session.purge' ORDER BY id").all().map { try $0.decode(column: "status", as: String.self) }
        XCTAssertEqual(purges, ["done", "queued"], "one run done, the next one queued once")
    }

    func testTwoWorkersClaimDisjointJobs() async throws {
        let now = app.clock.now()
        for index in 0..<20 { try await Jobs.enqueue("test.noop", payload: String(index), runAt: now, on: app.db) }
        let loops = Array(app.eventLoopGroup.makeIterator())
        let dbA = app.db(on: loops[0]), dbB = app.db(on: loops[loops.count - 1])
        async let first = Jobs.claim(worker: "a", now: now, limit: 15, on: dbA)
        async let second = Jobs.claim(worker: "b", now: now, limit: 15, on: dbB)
        let (a, b) = try await (first, second)
        XCTAssertEqual(a.count + b.count, 20)
        XCTAssertTrue(Set(a.map(\.id)).isDisjoint(with: b.map(\.id)))
    }

    func testRecurringJobQueuedOnceAcrossInstances() async throws {
        try await Jobs.scheduleRecurring(app)
        try await Jobs.scheduleRecurring(app)
        let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM jobs WHERE kind = 'session.purge'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 1)
    }
}
