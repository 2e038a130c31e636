@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// The operation log is a hash chain keyed outside the database; `verify` names the first
/// edited, deleted or inserted row, and a truncation against the exported head.
final class AuditTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func verify() async throws -> AuditChain.Report {
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        return try await AuditChain.verify(on: app.db, keys: app.keys, exported: exported)
    }

    func lastSeq() async throws -> Int64 {
        try await app.db.sql.raw("SELECT MAX(seq) AS n FROM audit_log").first()!.decode(column: "n", as: Int64.self)
    }

    func testThreeInitialAccountsHoldOneDutyEach() async throws {
        for (username, role) in [("admin", Role.systemAdmin), ("security", .securityAdmin), ("auditor", .auditor)] {
            let id = try await Demo.userID(app, username: username)
            let awaited1 = try await AccountQueries.roles(userID: id, on: app.db)
            XCTAssertEqual(awaited1, [role])
        }
    }

    func testChainOfSeededWritesVerifies() async throws {
        let report = try await verify()
        XCTAssertNil(report.problem)
        XCTAssertGreaterThanOrEqual(report.rows, 4, "3 initial accounts and the demo seed")
    }

    func testEditedRowIsFound() async throws {
        try await app.db.sql.raw("UPDATE audit_log SET changes = '[]' WHERE seq = 2").run()
        let awaited2 = try await verify().problem
        XCTAssertEqual(awaited2, .edited(seq: 2))
    }

    func testDeletedRowIsFound() async throws {
        try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = 2").run()
        let awaited3 = try await verify().problem
        XCTAssertEqual(awaited3, .deleted(afterSeq: 1))
    }

    func testDeletingTheNewestRowsIsFoundThroughTheExportedHead() async throws {
        try await AuditChain.exportHead(app)
        let last = try await lastSeq()
        // Delete the newest row and rewrite the head row to the one before: the database alone looks consistent.
        let previous = try await app.db.sql.raw("SELECT hash FROM audit_log WHERE seq = \(bind: last - 1)").first()!.decode(column: "hash", as: String.self)
        try await app.db.sql.raw("DELETE FROM audit_log WHERE seq = \(bind: last)").run()
        try await app.db.sql.raw("UPDATE audit_chain_head SET seq = \(bind: last - 1), hash = \(bind: previous)").run()
        let withoutExport = try await AuditChain.verify(on: app.db, keys: app.keys)
        XCTAssertNil(withoutExport.problem, "without the export the truncation is invisible")
        let awaited4 = try await verify().problem
        XCTAssertEqual(awaited4, .truncated(lastSeq: last - 1, expectedSeq: last))
    }

    func testForgedRowWithoutTheKeyIsFound() async throws {
        let last = try await lastSeq()
        let head = try await app.db.sql.raw("SELECT hash FROM audit_log WHERE seq = \(bind: last)").first()!.decode(column: "hash", as: String.self)
        let forged = sha256Hex("forged")
        try await app.db.sql.raw("""
            INSERT INTO audit_log (seq, at, action, target_type, changes, prev_hash, hash)
            VALUES (\(bind: last + 1), 0, 'user.create', 'user', '[]', \(bind: head), \(bind: forged))
            """).run()
        try await app.db.sql.raw("UPDATE audit_chain_head SET seq = \(bind: last + 1), hash = \(bind: forged)").run()
        let awaited5 = try await verify().problem
        XCTAssertEqual(awaited5, .edited(seq: last + 1))
    }

    func testFailedWriteLeavesNoLogRow() async throws {
        let before = try await lastSeq()
        let keys = app.keys
        do {
            try await app.db.writeTransaction { db in
                try await Audit.record("user.create", target: "user", id: 1, actor: nil, ip: nil, now: 0, keys: keys, on: db)
                throw Abort(.conflict, reason: "the change failed after its log row")
            }
            XCTFail("expected the transaction to fail")
        } catch {}
        let awaited6 = try await lastSeq()
        XCTAssertEqual(awaited6, before)
        let awaited7 = try await verify().problem
        XCTAssertNil(awaited7)
    }

    func testTwentyConcurrentAuditedWritesKeepOneChain() async throws {
        let browser = Browser(app)
        try await browser.login("college", Demo.password)
        let token = try await browser.get("/account").csrfToken!
        let before = try await lastSeq()
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await browser.request(.POST, "/account/profile", form: [("_csrf", token), ("displayName", "李老师\(index)"), ("email", "")]).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertTrue(statuses.allSatisfy { $0 == .seeOther })
        let awaited8 = try await lastSeq()
        XCTAssertEqual(awaited8, before + 20)
        let report = try await verify()
        XCTAssertNil(report.problem)
        let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(Int64(count), before + 20, "no fork: one row per position")
    }

    func testAuditorFindsTheChangesAndVerifiesInThePage() async throws {
        let security = Browser(app)
        try await security.login("security", Demo.password)
        let college = try await Demo.userID(app, username: "college")
        try await security.submit("/admin/users/\(college)/disable", from: "/admin/users/\(college)", form: [])
        _ = try await Browser(app).login("college", "Wrong-pass-1")

        let auditor = Browser(app)
        try await auditor.login("auditor", Demo.password)
        let log = try await auditor.get("/audit/operations?actor=security")
        XCTAssertEqual(log.status, .ok)
        XCTAssertTrue(log.body.contains("停用账号"))
        XCTAssertTrue(log.body.contains("安全管理员"))
        let logins = try await auditor.get("/audit/logins?account=college")
        XCTAssertTrue(logins.body.contains("失败"))
        XCTAssertTrue(logins.body.contains("账号已停用") || logins.body.contains("账号或密码错误"))
        let verified = try await auditor.submit("/audit/verify", from: "/audit/operations", form: [])
        XCTAssertTrue(verified.body.contains("校验通过"), verified.body)
        let csv = try await auditor.get("/audit/operations.csv?actor=security")
        XCTAssertTrue(csv.body.hasPrefix("\u{FEFF}序号,时间"))
        XCTAssertTrue(csv.body.contains("停用账号"))
        let exported = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'audit.export'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(exported, 1, "the export is itself audited")
    }

    func testOnlyTheAuditorReadsTheLogs() async throws {
        for (username, password) in [("admin", "Admin-Pass-2026"), ("security", Demo.password), ("school", Demo.password)] {
            let browser = Browser(app)
            try await browser.login(username, password)
            let awaited9 = try await browser.get("/audit/operations").status
            XCTAssertEqual(awaited9, .notFound, username)
            let awaited10 = try await browser.get("/audit/logins").status
            XCTAssertEqual(awaited10, .notFound, username)
        }
    }

    func testCSVCellsCannotRunFormulas() {
        XCTAssertEqual(CSVCell.escape("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"")
        XCTAssertEqual(CSVCell.escape("+1"), "'+1")
        XCTAssertEqual(CSVCell.escape("@SUM"), "'@SUM")
        XCTAssertEqual(CSVCell.escape("张三"), "张三")
    }
}

/// 在线用户: the security administrator ends a session; it is refused on its next request.
final class OnlineUsersTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testSecurityAdminEndsAnotherSession() async throws {
        let college = Browser(app)
        college.clientAddress = "198.51.100.23"
        try await college.login("college", Demo.password)
        let security = Browser(app)
        try await security.login("security", Demo.password)
        let page = try await security.get("/admin/sessions")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("计算机学院李老师（college）"))
        XCTAssertTrue(page.body.contains("198.51.100.23"))
        XCTAssertTrue(page.body.contains("当前会话"))
        let hash = sha256Hex(college.cookies["jiuye_session"]!)
        let ended = try await security.submit("/admin/sessions/\(hash)/end", from: "/admin/sessions", form: [])
        XCTAssertEqual(ended.status, .seeOther)
        let next = try await college.get("/")
        XCTAssertEqual(next.status, .seeOther, "the ended session must log in again")
        XCTAssertEqual(next.location, "/login")
        let logged = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'session.end'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(logged, 1)
    }

    func testOnlyTheSecurityAdminSeesSessions() async throws {
        for (username, password) in [("admin", "Admin-Pass-2026"), ("auditor", Demo.password), ("school", Demo.password)] {
            let browser = Browser(app)
            try await browser.login(username, password)
            let page = try await browser.get("/admin/sessions")
            XCTAssertEqual(page.status, .notFound, username)
        }
    }
}
