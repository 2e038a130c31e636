@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import NIOConcurrencyHelpers
import NIOCore
import SQLKit
import XCTest
import XCTVapor

/// The outbox gateway (default), the webhook gateway through the job runner, and the admin page.
final class OutboxTests: XCTestCase {
    var app: Application!
    let phone = DemoSeed.demoStudentPhone

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// Records posts; fails the first `failures` of them.
    final class Recorder: WebhookTransport, @unchecked Sendable {
        let posts = NIOLockedValueBox<[(url: String, body: Data, secret: String?)]>([])
        let failures: Int
        init(failures: Int) { self.failures = failures }

        func post(url: String, body: Data, secret: String?, timeout: TimeAmount, app: Application) async throws -> UInt {
            let count = posts.withLockedValue { posts in
                posts.append((url, body, secret))
                return posts.count
            }
            return count <= failures ? 503 : 200
        }
    }

    func outboxRow() async throws -> Outbox.Row {
        try await app.db.sql.select().columns(Outbox.columns).from("outbox").orderBy("id", .descending).limit(1).first(decoding: Outbox.Row.self)!
    }

    func testAdminReadsTheCodeWithTheRecipientMasked() async throws {
        _ = try await Browser(app).submit("/login/sms/send", from: "/login/sms", form: [("phone", phone)])
        let admin = Browser(app)
        _ = try await admin.login("admin", "Admin-Pass-2026")
        let page = try await admin.get("/admin/outbox")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains(Masking.phone(phone)))
        XCTAssertFalse(page.body.contains(phone), "the full number is never listed")
        XCTAssertTrue(page.body.contains("您的登录验证码为"))
        XCTAssertTrue(page.body.contains("已存入发件箱"))
        // Search by the exact number (keyed hash), never by a fragment.
        let exact = try await admin.get("/admin/outbox?to=\(phone)")
        XCTAssertTrue(exact.body.contains("您的登录验证码为"))
        let other = try await admin.get("/admin/outbox?to=13999990000")
        XCTAssertFalse(other.body.contains("您的登录验证码为"))
        let fragment = try await admin.get("/admin/outbox?to=1380")
        XCTAssertTrue(fragment.body.contains("请输入完整的手机号或邮箱地址"))
        // Other roles do not see the outbox.
        let school = Browser(app)
        _ = try await school.login("school", DemoSeed.password)
        let hidden = try await school.get("/admin/outbox")
        XCTAssertEqual(hidden.status, .notFound)
    }

    /// The list hides every code; reading one message's full text is a POST with a reason, is
    /// audited, and tells the recipient's account that their code was read.
    func testReadingACodeIsAnAuditedPostThatTheStudentSees() async throws {
        _ = try await Browser(app).submit("/login/sms/send", from: "/login/sms", form: [("phone", phone)])
        let row = try await outboxRow()
        let text = try app.keys.decrypt(row.body_cipher)
        let code = try XCTUnwrap(text.firstMatch(of: /\d{6}/).map { String($0.output) })
        let admin = Browser(app)
        _ = try await admin.login("admin", "Admin-Pass-2026")
        let list = try await admin.get("/admin/outbox")
        XCTAssertTrue(list.body.contains("您的登录验证码为"))
        XCTAssertFalse(list.body.contains(code), "the list never shows the code")
        XCTAssertTrue(list.body.contains("******"))

        let noReason = try await admin.submit("/admin/outbox/\(row.id)/reveal", from: "/admin/outbox", form: [("reason", " ")])
        XCTAssertEqual(noReason.status, .seeOther, "no reason, no text")
        let listAgain = try await admin.get("/admin/outbox")
        XCTAssertFalse(listAgain.body.contains(code))

        let shown = try await admin.submit("/admin/outbox/\(row.id)/reveal", from: "/admin/outbox", form: [("reason", "学生来电称未收到验证码")])
        XCTAssertEqual(shown.status, .ok)
        XCTAssertTrue(shown.body.contains(code), "the full text, once asked for with a reason")
        XCTAssertEqual(shown.headers.first(name: .cacheControl), "no-store")
        let audit = try await app.db.sql.raw("SELECT target_id, changes FROM audit_log WHERE action = 'outbox.reveal'").all()
        XCTAssertEqual(audit.count, 1)
        XCTAssertTrue(try audit[0].decode(column: "changes", as: String.self).contains("学生来电称未收到验证码"))

        let student = Browser(app)
        _ = try await student.login(DemoSeed.demoStudentNo, Demo.password)
        let messages = try await student.get("/messages")
        XCTAssertTrue(messages.body.contains("已被系统管理员查看"), "the student is told their code was read")

        // Only the system admin may ask, and only by POST.
        let school = Browser(app)
        _ = try await school.login("school", DemoSeed.password)
        let refused = try await school.submit("/admin/outbox/\(row.id)/reveal", from: "/", form: [("reason", "想看看")])
        XCTAssertEqual(refused.status, .notFound)
        let get = try await admin.get("/admin/outbox/\(row.id)/reveal")
        XCTAssertEqual(get.status, .notFound)
    }

    func testOutboxHoldsNoPlainRecipientOrCode() async throws {
        _ = try await Browser(app).submit("/login/sms/send", from: "/login/sms", form: [("phone", phone)])
        let row = try await outboxRow()
        let text = try app.keys.decrypt(row.body_cipher)
        let code = try XCTUnwrap(text.range(of: #"\d{6}"#, options: .regularExpression).map { String(text[$0]) })
        let raw = try await app.db.sql.raw("SELECT * FROM outbox").all()
        XCTAssertEqual(raw.count, 1)
        for column in ["recipient_cipher", "recipient_hash", "recipient_masked", "subject", "body_cipher"] {
            let value = try raw[0].decode(column: column, as: String.self)
            XCTAssertFalse(value.contains(phone), column)
            XCTAssertFalse(value.contains(code), column)
        }
        XCTAssertEqual(try app.keys.decrypt(row.recipient_cipher), phone)
    }

    func testWebhookRetriesWithBackoffThenSends() async throws {
        app.sms = WebhookGateway(channel: .sms, url: "https://sms.example.cn/send")
        let recorder = Recorder(failures: 1)
        app.webhookTransport = recorder
        var settings = app.settings
        settings.smsWebhookURL = "https://sms.example.cn/send"
        settings.webhookSecret = "shared-secret"
        app.settings = settings
        _ = try await Browser(app).submit("/login/sms/send", from: "/login/sms", form: [("phone", phone)])
        let queued = try await outboxRow()
        XCTAssertEqual(queued.status, "queued")
        XCTAssertEqual(queued.gateway, "webhook")

        try await Jobs.runDue(app)
        let retrying = try await outboxRow()
        XCTAssertEqual(retrying.status, "retrying")
        XCTAssertEqual(retrying.attempts, 1)
        XCTAssertEqual(retrying.last_error, "HTTP 503")
        // Not again before the 30-second backoff.
        try await Jobs.runDue(app)
        XCTAssertEqual(recorder.posts.withLockedValue { $0.count }, 1)
        app.clock.advance(seconds: 31)
        try await Jobs.runDue(app)
        let sent = try await outboxRow()
        XCTAssertEqual(sent.status, "sent")
        let posts = recorder.posts.withLockedValue { $0 }
        XCTAssertEqual(posts.count, 2)
        let payload = try JSONDecoder().decode(WebhookGateway.Payload.self, from: posts[1].body)
        XCTAssertEqual(payload.to, phone)
        XCTAssertEqual(payload.channel, "sms")
        XCTAssertTrue(payload.text.contains("登录验证码"))
        XCTAssertEqual(posts[1].secret, "shared-secret")
    }

    func testUnreachableWebhookFailsVisiblyOnTheAdminPage() async throws {
        // A real HTTP client against a closed port: the failure is recorded, not lost.
        app.sms = WebhookGateway(channel: .sms, url: "http://127.0.0.1:9/send")
        var settings = app.settings
        settings.smsWebhookURL = "http://127.0.0.1:9/send"
        settings.webhookTimeoutSeconds = 1
        app.settings = settings
        _ = try await Browser(app).submit("/login/sms/send", from: "/login/sms", form: [("phone", phone)])
        for _ in 0..<WebhookGateway.maxAttempts {
            try await Jobs.runDue(app)
            app.clock.advance(seconds: 3601)
        }
        let failed = try await outboxRow()
        XCTAssertEqual(failed.status, "failed")
        XCTAssertEqual(failed.attempts, WebhookGateway.maxAttempts)
        XCTAssertNotNil(failed.last_error)
        let admin = Browser(app)
        _ = try await admin.login("admin", "Admin-Pass-2026")
        let page = try await admin.get("/admin/outbox?status=failed")
        XCTAssertTrue(page.body.contains("发送失败"))
        let jobs = try await admin.get("/admin/jobs?status=failed")
        XCTAssertTrue(jobs.body.contains("短信/邮件接口推送"), "the job's Chinese name")
        XCTAssertFalse(jobs.body.contains(WebhookGateway.jobKind), "never its internal id")
    }
}
