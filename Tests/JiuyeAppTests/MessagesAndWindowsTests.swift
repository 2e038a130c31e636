@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 消息中心 (badge, popup after login, own messages only, SMS through the outbox, nothing sent
/// when the change rolls back) and 业务时间设置 (per school or county and year, guards).
final class MessagesAndWindowsTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func post(to userID: Int64, _ title: String, sms: Bool = false) async throws {
        let app = app!
        let now = app.clock.now()
        try await app.db.writeTransaction { db in
            try await MessageCenter.post(to: userID, title: title, body: "\(title)的正文。", link: "/account", sms: sms, now: now, keys: app.keys, app: app, on: db)
        }
    }

    func testUnreadBadgePopupAndReading() async throws {
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        try await post(to: student, "去向登记审核不通过", sms: true)
        try await post(to: student, "生源信息已审核通过")
        let browser = Browser(app)
        _ = try await browser.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let home = try await browser.get("/")
        XCTAssertTrue(home.body.contains("消息，2 条未读"))
        XCTAssertTrue(home.body.contains("message-popup"))
        XCTAssertTrue(home.body.contains("去向登记审核不通过"))
        let again = try await browser.get("/")
        XCTAssertFalse(again.body.contains("message-popup"), "the popup shows once after login")
        // The SMS went through the gateway (outbox) with the text.
        let sms = try await app.db.sql.raw("SELECT body_cipher FROM outbox WHERE purpose = 'notice'").first()!.decode(column: "body_cipher", as: String.self)
        XCTAssertTrue(try app.keys.decrypt(sms).contains("去向登记审核不通过"))
        // Opening marks read.
        let id = try await app.db.sql.raw("SELECT id FROM messages WHERE title = '去向登记审核不通过'").first()!.decode(column: "id", as: Int64.self)
        let message = try await browser.get("/messages/\(id)")
        XCTAssertEqual(message.status, .ok)
        XCTAssertTrue(message.body.contains("消息，1 条未读"))
        let list = try await browser.get("/messages?unread=1")
        XCTAssertTrue(list.body.contains("生源信息已审核通过"))
        XCTAssertFalse(list.body.contains("去向登记审核不通过"))
        let readAll = try await browser.submit("/messages/read-all", from: "/messages", form: [])
        XCTAssertEqual(readAll.status, .seeOther)
        let after = try await browser.get("/messages")
        XCTAssertFalse(after.body.contains("条未读"))
        // Another user's message is 404.
        let other = Browser(app)
        _ = try await other.login("school", DemoSeed.password)
        let hidden = try await other.get("/messages/\(id)")
        XCTAssertEqual(hidden.status, .notFound)
    }

    func testARolledBackChangeSendsNothing() async throws {
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let app = app!
        let now = app.clock.now()
        struct Boom: Error {}
        do {
            try await app.db.writeTransaction { db in
                try await MessageCenter.post(to: student, title: "不会送达", body: "回滚", sms: true, now: now, keys: app.keys, app: app, on: db)
                throw Boom()
            }
            XCTFail("the transaction should fail")
        } catch is Boom {}
        let messages = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages").first()!.decode(column: "n", as: Int.self)
        let outbox = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM outbox").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(messages, 0)
        XCTAssertEqual(outbox, 0)
    }

    func testSchoolAdminSetsAWindowThatGuardsReadWithTheInjectedClock() async throws {
        let browser = Browser(app)
        _ = try await browser.login("school", DemoSeed.password)
        let page = try await browser.get("/admin/windows")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("毕业去向登记"))
        XCTAssertFalse(page.body.contains("生活补贴申报"), "the county sets that one")
        let year = Int(ChinaTime.date(app.clock.now()).prefix(4))!
        let bad = try await browser.submit("/admin/windows", from: "/admin/windows", form: [
            ("year", String(year)), ("business", "destination"), ("opens", "2026-09-01T00:00"), ("closes", "2026-03-01T00:00")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("截止时间必须晚于开放时间"))
        let opens = app.clock.now() + 86_400
        let closes = opens + 30 * 86_400
        let saved = try await browser.submit("/admin/windows", from: "/admin/windows", form: [
            ("year", String(year)), ("business", "destination"), ("opens", ChinaTime.inputValue(opens)), ("closes", ChinaTime.inputValue(closes))])
        XCTAssertEqual(saved.status, .seeOther)
        let school = try await app.db.sql.raw("SELECT id FROM schools WHERE code = '19999'").first()!.decode(column: "id", as: Int64.self)
        let owner = TimeWindows.Owner(kind: .school, id: String(school))
        let before = try await TimeWindows.refusal(.destination, owner: owner, year: year, now: app.clock.now(), on: app.db)
        XCTAssertTrue(before?.contains("尚未开始") == true, before ?? "")
        app.clock.advance(seconds: 2 * 86_400)
        let during = try await TimeWindows.refusal(.destination, owner: owner, year: year, now: app.clock.now(), on: app.db)
        XCTAssertNil(during)
        app.clock.advance(seconds: 40 * 86_400)
        let after = try await TimeWindows.refusal(.destination, owner: owner, year: year, now: app.clock.now(), on: app.db)
        XCTAssertTrue(after?.contains("已于") == true)
        let unset = try await TimeWindows.refusal(.termination, owner: owner, year: year, now: app.clock.now(), on: app.db)
        XCTAssertTrue(unset?.contains("尚未开放") == true)
        let action = try await app.db.sql.raw("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").first()!.decode(column: "action", as: String.self)
        XCTAssertEqual(action, "window.set")
        // Another school's window cannot be reached: the owner comes from the scope, never the form.
        let student = Browser(app)
        _ = try await student.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let refused = try await student.get("/admin/windows")
        XCTAssertEqual(refused.status, .notFound)
    }

    func testCountyHRSetsTheLivingSubsidyWindow() async throws {
        let browser = Browser(app)
        _ = try await browser.login("county_hr", DemoSeed.password)
        let page = try await browser.get("/admin/windows")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("生活补贴申报"))
        XCTAssertFalse(page.body.contains("毕业去向登记"))
        let year = Int(ChinaTime.date(app.clock.now()).prefix(4))!
        let school = try await browser.submit("/admin/windows", from: "/admin/windows", form: [
            ("year", String(year)), ("business", "destination"), ("opens", "2026-03-01T00:00"), ("closes", "2026-09-01T00:00")])
        XCTAssertEqual(school.status, .badRequest, "a county cannot set a school business")
    }
}
