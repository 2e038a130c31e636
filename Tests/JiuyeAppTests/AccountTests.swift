@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

final class AccountTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    // MARK: 首次登录

    func testIdentifierFastPathAgreesWithTheTypedRule() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcXYZ019 8-+中０")
        var samples = ["I2026000001", "zhangSAN", "13800138000", " 13800138000 ", "+86 138 0013 8000", "8613800138000", "Admin", "a", "",
                       "ABC def", "学号Ａ1", "１３８００１３８０００", "2026001"]
        for _ in 0..<2_000 {
            samples.append(String((0..<Int.random(in: 1...14, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for sample in samples {
            XCTAssertEqual(AccountQueries.normalise(sample), AccountQueries.normaliseTyped(sample), sample)
        }
    }

    func testImportedGraduateSetsPasswordAtFirstLogin() async throws {
        let browser = Browser(app)
        // No password yet: a password login fails like any wrong password.
        let before = try await browser.login(DemoSeed.importedStudentNo, "Anything-1234")
        XCTAssertEqual(before.status, .unauthorized)
        let wrongID = try await browser.submit("/activate", from: "/activate", form: [
            ("studentNo", DemoSeed.importedStudentNo), ("idNumber", "11010519491231002X"), ("password", "New-Pass-2026"), ("confirm", "New-Pass-2026")])
        XCTAssertEqual(wrongID.status, .unauthorized)
        XCTAssertTrue(wrongID.body.contains("学号或证件号码不正确"))
        let activated = try await browser.submit("/activate", from: "/activate", form: [
            ("studentNo", DemoSeed.importedStudentNo), ("idNumber", DemoSeed.importedStudentID.lowercased()), ("password", "New-Pass-2026"), ("confirm", "New-Pass-2026")])
        XCTAssertEqual(activated.status, .seeOther)
        let home = try await browser.get("/")
        XCTAssertTrue(home.body.contains("李华"))
        XCTAssertTrue(home.body.contains("学生"))
        // Activation works once; afterwards the password logs in.
        let again = Browser(app)
        let second = try await again.submit("/activate", from: "/activate", form: [
            ("studentNo", DemoSeed.importedStudentNo), ("idNumber", DemoSeed.importedStudentID), ("password", "Other-Pass-2026"), ("confirm", "Other-Pass-2026")])
        XCTAssertEqual(second.status, .unauthorized)
        let awaited1 = try await again.login(DemoSeed.importedStudentNo, "New-Pass-2026").status
        XCTAssertEqual(awaited1, .seeOther)
    }

    func testActivationEnforcesPasswordPolicy() async throws {
        let browser = Browser(app)
        let weak = try await browser.submit("/activate", from: "/activate", form: [
            ("studentNo", DemoSeed.importedStudentNo), ("idNumber", DemoSeed.importedStudentID), ("password", "12345678"), ("confirm", "12345678")])
        XCTAssertEqual(weak.status, .unprocessableEntity)
        XCTAssertTrue(weak.body.contains("field-error"))
    }

    func testLoginByStudentNumberAndByPhone() async throws {
        let awaited2 = try await Browser(app).login(DemoSeed.demoStudentNo, Demo.password).status
        XCTAssertEqual(awaited2, .seeOther)
        let userID = try await Demo.userID(app, username: "school")
        let keys = app.keys
        try await app.db.writeTransaction { db in
            try await AccountQueries.claim("13800138000", kind: .phone, userID: userID, keys: keys, on: db)
        }
        let awaited3 = try await Browser(app).login("138 0013 8000", Demo.password).status
        XCTAssertEqual(awaited3, .seeOther)
    }

    func testOnePersonOneAccountByIDNumber() async throws {
        let normalised = try DocumentNumber.normalise(DemoSeed.importedStudentID.lowercased(), type: .residentID)
        let found = try await AccountQueries.findUserID(idNumber: normalised, keys: app.keys, on: app.db)
        let expected = try await app.db.sql.select().column("id").from("users").where("student_no", .equal, SQLBind(DemoSeed.importedStudentNo))
            .first()!.decode(column: "id", as: Int64.self)
        XCTAssertEqual(found, expected)
        // A second account for the same person is refused.
        do {
            _ = try await AccountQueries.create(.init(displayName: "李华", idType: .residentID, idNumber: normalised), keys: app.keys, now: 0, on: app.db)
            XCTFail("a second account for one ID number was created")
        } catch let error as any AbortError {
            XCTAssertEqual(error.status, .conflict)
            XCTAssertTrue(error.reason.contains("同一人只能有一个账号"))
        }
    }

    // MARK: remember-me and password change

    func testRememberMeRecreatesSessionAndIsRevokedByPasswordChange() async throws {
        let phone = Browser(app)
        try await phone.login(DemoSeed.demoStudentNo, Demo.password, remember: true)
        XCTAssertNotNil(phone.cookies["jiuye_remember"])
        phone.cookies["jiuye_session"] = nil
        let restored = try await phone.get("/")
        XCTAssertEqual(restored.status, .ok, "the remember token logs the student back in")
        XCTAssertTrue(restored.body.contains("张明"))

        let laptop = Browser(app)
        laptop.clientAddress = "198.51.100.50"
        try await laptop.login(DemoSeed.demoStudentNo, Demo.password)
        let changed = try await laptop.submit("/account/password", from: "/account", form: [
            ("current", Demo.password), ("password", "Changed-Pass-2026"), ("confirm", "Changed-Pass-2026")])
        XCTAssertEqual(changed.status, .seeOther)
        let value1 = try await laptop.get("/").status
        XCTAssertEqual(value1, .ok, "the session that changed the password stays")
        phone.cookies["jiuye_session"] = nil
        let value2 = try await phone.get("/").status
        XCTAssertEqual(value2, .seeOther, "remember-me revoked")
        let tokens = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM remember_tokens").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(tokens, 0)
    }

    /// A remember-me cookie presented twice at once (a stolen copy racing the owner, or two tabs)
    /// yields one session, never two: the token is consumed by one conditional delete.
    func testRememberCookieUsedTwiceAtOnceYieldsOneSession() async throws {
        let phone = Browser(app)
        try await phone.login(DemoSeed.demoStudentNo, Demo.password, remember: true)
        let remember = try XCTUnwrap(phone.cookies["jiuye_remember"])
        let before = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM sessions").first()!.decode(column: "n", as: Int.self)
        let app = self.app!
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<10 {
                group.addTask {
                    let copy = Browser(app)
                    copy.cookies = ["jiuye_remember": remember]
                    return try await copy.get("/account").status
                }
            }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses.filter { $0 == .ok }.count, 1, "exactly one of the ten copies is let in")
        // Let the pool finish any connection it opened for the burst before the app shuts down.
        try await Task.sleep(for: .milliseconds(300))
        let after = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM sessions").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(after - before, 1, "one new session")
    }

    func testPasswordChangeEndsOtherSessionsAndNeedsOldPassword() async throws {
        let first = Browser(app)
        try await first.login("college", Demo.password)
        let second = Browser(app)
        try await second.login("college", Demo.password)
        let wrong = try await first.submit("/account/password", from: "/account", form: [
            ("current", "not-it"), ("password", "Changed-Pass-2026"), ("confirm", "Changed-Pass-2026")])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        XCTAssertTrue(wrong.body.contains("原密码不正确"))
        try await first.submit("/account/password", from: "/account", form: [
            ("current", Demo.password), ("password", "Changed-Pass-2026"), ("confirm", "Changed-Pass-2026")])
        let value3 = try await second.get("/").status
        XCTAssertEqual(value3, .seeOther)
        let value4 = try await first.get("/").status
        XCTAssertEqual(value4, .ok)
        let awaited4 = try await Browser(app).login("college", "Changed-Pass-2026").status
        XCTAssertEqual(awaited4, .seeOther)
    }

    func testRememberMeIsForStudentsOnly() async throws {
        let browser = Browser(app)
        try await browser.login("college", Demo.password, remember: true)
        XCTAssertNil(browser.cookies["jiuye_remember"])
    }

    /// A graduate's 姓名 is the school's record, printed on documents and shown to staff: the
    /// account page shows it without a field, and a crafted post cannot change it.
    func testStudentCannotChangeTheNamePrintedOnDocuments() async throws {
        let browser = Browser(app)
        try await browser.login(DemoSeed.demoStudentNo, Demo.password)
        let account = try await browser.get("/account")
        XCTAssertFalse(account.body.contains("name=\"displayName\""), "no name field for a graduate")
        XCTAssertTrue(account.body.contains("张明"))
        let refused = try await browser.submit("/account/profile", from: "/account", form: [("displayName", "王大锤"), ("email", "")])
        XCTAssertEqual(refused.status, .forbidden)
        XCTAssertTrue(refused.body.contains("生源信息为准"), refused.body)
        let email = try await browser.submit("/account/profile", from: "/account", form: [("email", "zm@example.edu.cn")])
        XCTAssertEqual(email.status, .seeOther, "the email is still the graduate's to change")
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let name = try await app.db.sql.raw("SELECT display_name FROM users WHERE id = \(bind: id)").first()!.decode(column: "display_name", as: String.self)
        XCTAssertEqual(name, "张明")
    }

    /// A NUL or a bidi override in any form value is refused with a Chinese message before the
    /// handler runs, and nothing is stored.
    func testControlCharactersInAFormAreRefused() async throws {
        let browser = Browser(app)
        try await browser.login("college", Demo.password)
        let nameQuery: SQLQueryString = "SELECT display_name FROM users WHERE username = 'college'"
        let before = try await app.db.sql.raw(nameQuery).first()!.decode(column: "display_name", as: String.self)
        for bad in ["李\u{0}老师", "李老师\u{202E}", "\u{1B}[2J李"] {
            let refused = try await browser.submit("/account/profile", from: "/account", form: [("displayName", bad), ("email", "")])
            XCTAssertEqual(refused.status, .badRequest)
            XCTAssertTrue(refused.body.contains("控制字符"), refused.body)
        }
        let after = try await app.db.sql.raw(nameQuery).first()!.decode(column: "display_name", as: String.self)
        XCTAssertEqual(after, before, "nothing was stored")
        let multiLine = try await browser.submit("/account/profile", from: "/account", form: [("displayName", "李老师"), ("email", "")])
        XCTAssertEqual(multiLine.status, .seeOther, "clean text still saves")
    }

    func testProfileSaveIsAudited() async throws {
        let browser = Browser(app)
        try await browser.login("college", Demo.password)
        let saved = try await browser.submit("/account/profile", from: "/account", form: [("displayName", "李老师"), ("email", "li@example.edu.cn")])
        XCTAssertEqual(saved.status, .seeOther)
        let row = try await app.db.sql.raw("SELECT action, changes FROM audit_log WHERE action = 'account.profile'").first()
        XCTAssertNotNil(row)
        XCTAssertTrue(try row!.decode(column: "changes", as: String.self).contains("李老师"))
    }

    // MARK: databases

    func testEverySQLiteConnectionHasItsPragmas() async throws {
        try XCTSkipIf(TestApp.postgresURL != nil, "SQLite only")
        var loops = 0
        for eventLoop in app.eventLoopGroup.makeIterator() {
            loops += 1
            let sql = app.db(on: eventLoop).sql
            let awaited5 = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            XCTAssertEqual(awaited5, "wal")
            let awaited6 = try await sql.raw("PRAGMA busy_timeout").first()?.decode(column: "timeout", as: Int.self)
            XCTAssertEqual(awaited6, 5000)
            let awaited7 = try await sql.raw("PRAGMA foreign_keys").first()?.decode(column: "foreign_keys", as: Int.self)
            XCTAssertEqual(awaited7, 1)
            let awaited8 = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            XCTAssertEqual(awaited8, 2, "FULL")
        }
        XCTAssertGreaterThan(loops, 0)
    }

    /// 50 concurrent requests that each read the row and write what they read plus one.
    func testFiftyConcurrentReadThenUpdateRequestsLoseNothing() async throws {
        let browser = Browser(app)
        try await browser.login("college", Demo.password)
        let token = try await browser.get("/account").csrfToken!
        let userID = try await Demo.userID(app, username: "college")
        let before = try await app.db.sql.select().column("revision").from("users").where("id", .equal, SQLBind(userID)).first()!.decode(column: "revision", as: Int64.self)
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for index in 0..<50 {
                group.addTask {
                    try await browser.request(.POST, "/account/profile", form: [("_csrf", token), ("displayName", "李老师\(index)"), ("email", "")]).status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        XCTAssertEqual(statuses.count, 50)
        XCTAssertTrue(statuses.allSatisfy { $0 == .seeOther }, "\(Set(statuses.map(\.code)))")
        let after = try await app.db.sql.select().column("revision").from("users").where("id", .equal, SQLBind(userID)).first()!.decode(column: "revision", as: Int64.self)
        XCTAssertEqual(after - before, 50, "no lost update")
        let audits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'account.profile'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 50)
    }

    func testDatabaseFileHoldsNoPlainIDOrPhone() async throws {
        try XCTSkipIf(TestApp.postgresURL != nil, "the SQLite file; the PostgreSQL dump check is in the accountability issue")
        let path = app.settings.sqlitePath
        try await app.db.sql.raw("PRAGMA wal_checkpoint(PASSIVE)").run()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        if let wal = try? Data(contentsOf: URL(fileURLWithPath: path + "-wal")) { bytes.append(wal) }
        let text = String(decoding: bytes, as: UTF8.self)
        XCTAssertFalse(text.contains(DemoSeed.importedStudentID), "ID number in clear")
        XCTAssertFalse(text.contains(DemoSeed.importedStudentID.dropLast(1)), "ID number prefix in clear")
        // The demo student's phone, decrypted through the key service, must not be in the file.
        let cipher = try await app.db.sql.select().column("phone_cipher").from("users").where("student_no", .equal, SQLBind(DemoSeed.demoStudentNo))
            .first()!.decode(column: "phone_cipher", as: String.self)
        let phone = try app.keys.decrypt(cipher)
        XCTAssertEqual(phone.count, 11)
        XCTAssertFalse(text.contains(phone), "phone in clear")
    }

    func testLoginRateLimitPerClientAddress() async throws {
        app.settings.loginRateLimitPerMinute = 3
        let browser = Browser(app)
        for _ in 0..<3 {
            let page = try await browser.login("college", "Wrong-pass-1")
            XCTAssertEqual(page.status, .unauthorized)
        }
        let limited = try await browser.login("college", Demo.password)
        XCTAssertEqual(limited.status, .tooManyRequests)
        XCTAssertTrue(limited.body.contains("登录尝试过于频繁"))
        let other = Browser(app)
        other.clientAddress = "198.51.100.77"
        let allowed = try await other.login("college", Demo.password)
        XCTAssertEqual(allowed.status, .seeOther, "another address is not limited")
    }

}
