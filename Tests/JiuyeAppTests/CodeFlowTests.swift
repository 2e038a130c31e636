@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 短信登录, 忘记密码 and 更换手机号 over HTTP, reading codes from the outbox like a user reads
/// their phone.
final class CodeFlowTests: XCTestCase {
    var app: Application!
    let phone = DemoSeed.demoStudentPhone
    let unknownPhone = "13999990000"

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        // Messages quote exact seconds ("请 30 秒后再获取"): time moves only when a test moves it.
        app.clock.freeze()
    }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// The newest message to `recipient`, decrypted.
    func lastMessage(to recipient: String, purpose: String? = nil) async throws -> String? {
        var query = app.db.sql.select().column("body_cipher").from("outbox")
            .where("recipient_hash", .equal, SQLBind(Outbox.recipientHash(recipient, keys: app.keys)))
        if let purpose { query = query.where("purpose", .equal, SQLBind(purpose)) }
        guard let cipher = try await query.orderBy("id", .descending).limit(1).first()?.decode(column: "body_cipher", as: String.self) else { return nil }
        return try app.keys.decrypt(cipher)
    }

    func lastCode(to recipient: String, purpose: String? = nil) async throws -> String? {
        guard let text = try await lastMessage(to: recipient, purpose: purpose) else { return nil }
        guard let range = text.range(of: #"\d{6}"#, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    func outboxCount() async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM outbox").first()!.decode(column: "n", as: Int.self)
    }

    func sendLoginCode(_ browser: Browser, phone: String) async throws -> Browser.Page {
        try await browser.submit("/login/sms/send", from: "/login/sms", form: [("phone", phone)])
    }

    func loginByCode(_ browser: Browser, phone: String, code: String) async throws -> Browser.Page {
        try await browser.submit("/login/sms", from: "/login/sms", form: [("phone", phone), ("code", code)])
    }

    // MARK: 短信登录

    func testStudentLogsInByCodeFromTheOutbox() async throws {
        let browser = Browser(app)
        let sent = try await sendLoginCode(browser, phone: phone)
        XCTAssertEqual(sent.status, .ok)
        XCTAssertTrue(sent.body.contains(CodeFlow.sentNotice))
        let code = try await lastCode(to: phone, purpose: "login")
        XCTAssertNotNil(code)
        let login = try await loginByCode(browser, phone: phone, code: code ?? "")
        XCTAssertEqual(login.status, .seeOther)
        XCTAssertEqual(login.location, "/")
        let home = try await browser.get("/")
        XCTAssertTrue(home.body.contains("张明"))
        let reason = try await app.db.sql.raw("SELECT reason FROM login_attempts ORDER BY id DESC LIMIT 1").first()!.decode(column: "reason", as: String.self)
        XCTAssertEqual(reason, "ok-sms")
        // The code is stored hashed only.
        let stored = try await app.db.sql.raw("SELECT code_hash FROM verification_codes ORDER BY id DESC LIMIT 1").first()!.decode(column: "code_hash", as: String.self)
        XCTAssertFalse(stored.contains(code ?? "-"))
        XCTAssertEqual(stored.count, 64)
    }

    func testUnknownPhoneIsAnsweredLikeAKnownOne() async throws {
        let known = try await sendLoginCode(Browser(app), phone: phone)
        let before = try await outboxCount()
        let unknown = try await sendLoginCode(Browser(app), phone: unknownPhone)
        XCTAssertEqual(known.status, unknown.status)
        func normalised(_ page: Browser.Page, _ phone: String) -> String {
            page.body.replacingOccurrences(of: phone, with: "P").replacingOccurrences(of: Masking.phone(phone), with: "M")
                .replacingOccurrences(of: #"value="[A-Za-z0-9_-]{40,}""#, with: "", options: .regularExpression)
        }
        XCTAssertEqual(normalised(known, phone), normalised(unknown, unknownPhone), "the two answers differ only by the phone typed")
        let after = try await outboxCount()
        XCTAssertEqual(after, before, "nothing is sent to a phone without an account")
        // Resend inside 60 s: the same refusal for both.
        let knownAgain = try await sendLoginCode(Browser(app), phone: phone)
        let unknownAgain = try await sendLoginCode(Browser(app), phone: unknownPhone)
        XCTAssertEqual(knownAgain.status, .tooManyRequests)
        XCTAssertEqual(unknownAgain.status, .tooManyRequests)
        XCTAssertEqual(normalised(knownAgain, phone), normalised(unknownAgain, unknownPhone))
        // A guessed code for the unknown phone reads like a wrong one for a known phone.
        let guess = try await loginByCode(Browser(app), phone: unknownPhone, code: "123456")
        let wrong = try await loginByCode(Browser(app), phone: phone, code: "000000")
        XCTAssertEqual(guess.status, .unauthorized)
        XCTAssertEqual(wrong.status, .unauthorized)
        XCTAssertTrue(guess.body.contains("验证码不正确，还可尝试 4 次。"))
        XCTAssertTrue(wrong.body.contains("验证码不正确，还可尝试 4 次。"))
    }

    func testResendInsideSixtySecondsIsRefusedThenAllowed() async throws {
        let browser = Browser(app)
        _ = try await sendLoginCode(browser, phone: phone)
        app.clock.advance(seconds: 30)
        let early = try await sendLoginCode(browser, phone: phone)
        XCTAssertEqual(early.status, .tooManyRequests)
        XCTAssertTrue(early.body.contains("请 30 秒后再获取"), early.body)
        app.clock.advance(seconds: 30)
        let later = try await sendLoginCode(browser, phone: phone)
        XCTAssertEqual(later.status, .ok)
    }

    func testSixthCodeInAnHourIsRefused() async throws {
        let browser = Browser(app)
        for _ in 0..<5 {
            let page = try await sendLoginCode(browser, phone: phone)
            XCTAssertEqual(page.status, .ok)
            app.clock.advance(seconds: 61)
        }
        // Other purposes count against the same phone.
        let sixth = try await browser.submit("/password/forgot/send", from: "/password/forgot", form: [("phone", phone)])
        XCTAssertEqual(sixth.status, .tooManyRequests)
        XCTAssertTrue(sixth.body.contains("一小时内获取验证码已达上限"))
        let messages = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM outbox WHERE purpose IN ('login', 'reset')").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(messages, 5)
        app.clock.advance(seconds: 3600 - 5 * 61 + 1)
        let nextHour = try await sendLoginCode(browser, phone: phone)
        XCTAssertEqual(nextHour.status, .ok)
    }

    func testExpiredCodeIsRefused() async throws {
        let browser = Browser(app)
        _ = try await sendLoginCode(browser, phone: phone)
        let code = try await lastCode(to: phone)
        app.clock.advance(seconds: 300)
        let late = try await loginByCode(browser, phone: phone, code: code ?? "")
        XCTAssertEqual(late.status, .unauthorized)
        XCTAssertTrue(late.body.contains("验证码已过期"))
    }

    func testUsedCodeIsRefused() async throws {
        let browser = Browser(app)
        _ = try await sendLoginCode(browser, phone: phone)
        let code = try await lastCode(to: phone) ?? ""
        let first = try await loginByCode(browser, phone: phone, code: code)
        XCTAssertEqual(first.status, .seeOther)
        let other = Browser(app)
        let second = try await loginByCode(other, phone: phone, code: code)
        XCTAssertEqual(second.status, .unauthorized)
        XCTAssertTrue(second.body.contains("验证码已使用"))
    }

    func testSixthTryKillsTheCode() async throws {
        let browser = Browser(app)
        _ = try await sendLoginCode(browser, phone: phone)
        let code = try await lastCode(to: phone) ?? ""
        let wrong = code == "111111" ? "222222" : "111111"
        for remaining in stride(from: 4, through: 1, by: -1) {
            let page = try await loginByCode(browser, phone: phone, code: wrong)
            XCTAssertTrue(page.body.contains("还可尝试 \(remaining) 次"), "remaining \(remaining)")
        }
        let fifth = try await loginByCode(browser, phone: phone, code: wrong)
        XCTAssertTrue(fifth.body.contains("验证码错误次数过多"))
        let sixth = try await loginByCode(browser, phone: phone, code: code)
        XCTAssertEqual(sixth.status, .unauthorized)
        XCTAssertTrue(sixth.body.contains("验证码错误次数过多"), "the right code no longer works")
    }

    func testCodeForOnePurposeDoesNotWorkForAnother() async throws {
        let browser = Browser(app)
        _ = try await browser.submit("/password/forgot/send", from: "/password/forgot", form: [("phone", phone)])
        let resetCode = try await lastCode(to: phone) ?? ""
        let login = try await loginByCode(browser, phone: phone, code: resetCode)
        XCTAssertEqual(login.status, .unauthorized)
        XCTAssertTrue(login.body.contains("请先获取验证码"))
    }

    // MARK: 忘记密码

    func testForgotPasswordResetsAndEndsEverySession() async throws {
        let signedIn = Browser(app)
        let login = try await signedIn.login(DemoSeed.demoStudentNo, DemoSeed.password)
        XCTAssertEqual(login.status, .seeOther)
        let browser = Browser(app)
        _ = try await browser.submit("/password/forgot/send", from: "/password/forgot", form: [("phone", phone)])
        let code = try await lastCode(to: phone, purpose: "reset") ?? ""
        // The policy is enforced on the server.
        let weak = try await browser.submit("/password/forgot", from: "/password/forgot", form: [("phone", phone), ("code", code), ("password", "12345678"), ("confirm", "12345678")])
        XCTAssertEqual(weak.status, .unprocessableEntity)
        let done = try await browser.submit("/password/forgot", from: "/password/forgot", form: [("phone", phone), ("code", code), ("password", "New-Pass-2026"), ("confirm", "New-Pass-2026")])
        XCTAssertEqual(done.status, .seeOther, done.body)
        XCTAssertEqual(done.location, "/login")
        let ended = try await signedIn.get("/account")
        XCTAssertNotEqual(ended.status, .ok, "the session opened before the reset has ended")
        let old = try await Browser(app).login(DemoSeed.demoStudentNo, DemoSeed.password)
        XCTAssertEqual(old.status, .unauthorized)
        let new = try await Browser(app).login(DemoSeed.demoStudentNo, "New-Pass-2026")
        XCTAssertEqual(new.status, .seeOther)
        let action = try await app.db.sql.raw("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").first()!.decode(column: "action", as: String.self)
        XCTAssertEqual(action, "account.password-reset")
    }

    func testPasswordContainingTheUsernameKeepsTheCode() async throws {
        // Give the school admin a phone so it can reset by SMS.
        let userID = try await Demo.userID(app, username: "school")
        let keys = app.keys
        try await app.db.writeTransaction { db in
            let sealed = SealedValue("13700001111", keys: keys)
            try await AccountQueries.claim("13700001111", kind: .phone, userID: userID, keys: keys, on: db)
            try await db.sql.update("users").set("phone_cipher", to: SQLBind(sealed.cipher)).set("phone_hash", to: SQLBind(sealed.hash)).where("id", .equal, SQLBind(userID)).run()
        }
        let browser = Browser(app)
        _ = try await browser.submit("/password/forgot/send", from: "/password/forgot", form: [("phone", "13700001111")])
        let code = try await lastCode(to: "13700001111") ?? ""
        let refused = try await browser.submit("/password/forgot", from: "/password/forgot", form: [("phone", "13700001111"), ("code", code), ("password", "School-2026!"), ("confirm", "School-2026!")])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        let accepted = try await browser.submit("/password/forgot", from: "/password/forgot", form: [("phone", "13700001111"), ("code", code), ("password", "Centre-Pass-2026"), ("confirm", "Centre-Pass-2026")])
        XCTAssertEqual(accepted.status, .seeOther, "the same code still works after a policy refusal")
    }

    // MARK: 更换手机号

    func testPhoneChangeWithoutAccountProofIsRefused() async throws {
        let browser = Browser(app)
        let page = try await browser.get("/phone/change/new")
        XCTAssertEqual(page.status, .seeOther)
        XCTAssertEqual(page.location, "/phone/change")
        let before = try await outboxCount()
        let send = try await browser.submit("/phone/change/new/send", from: "/phone/change", form: [("phone", "13911112222")])
        XCTAssertEqual(send.status, .seeOther)
        XCTAssertEqual(send.location, "/phone/change")
        // A forged proof cookie does not pass either.
        browser.cookies[CookieName.phoneChange] = SignedToken.make(purpose: "phone-change", fields: ["1", "password"], expires: app.clock.now() + 600, keys: .ephemeral())
        let forged = try await browser.submit("/phone/change/new/send", from: "/phone/change", form: [("phone", "13911112222")])
        XCTAssertEqual(forged.location, "/phone/change")
        let after = try await outboxCount()
        XCTAssertEqual(after, before)
        // A wrong password proves nothing.
        let wrong = try await browser.submit("/phone/change/password", from: "/phone/change", form: [("account", DemoSeed.demoStudentNo), ("password", "wrong-password")])
        XCTAssertEqual(wrong.status, .unauthorized)
        XCTAssertNil(browser.cookies[CookieName.phoneChange].flatMap { SignedToken.open($0, purpose: "phone-change", now: app.clock.now(), keys: app.keys) })
    }

    func changePhone(_ browser: Browser, to newPhone: String) async throws -> Browser.Page {
        let send = try await browser.submit("/phone/change/new/send", from: "/phone/change/new", form: [("phone", newPhone)])
        XCTAssertEqual(send.status, .ok, send.body)
        let code = try await lastCode(to: newPhone, purpose: "phone-new") ?? ""
        return try await browser.submit("/phone/change/new", from: "/phone/change/new", form: [("phone", newPhone), ("code", code)])
    }

    func testPhoneChangeWithPasswordProof() async throws {
        let signedIn = Browser(app)
        _ = try await signedIn.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let browser = Browser(app)
        let proof = try await browser.submit("/phone/change/password", from: "/phone/change", form: [("account", DemoSeed.demoStudentNo), ("password", DemoSeed.password)])
        XCTAssertEqual(proof.status, .seeOther)
        XCTAssertEqual(proof.location, "/phone/change/new")
        let newPhone = "13911112222"
        let done = try await changePhone(browser, to: newPhone)
        XCTAssertEqual(done.status, .seeOther, done.body)
        XCTAssertEqual(done.location, "/login")
        // The old phone is told; every session ended.
        let notice = try await lastMessage(to: phone, purpose: "phone-changed")
        XCTAssertTrue(notice?.contains(Masking.phone(newPhone)) == true)
        let ended = try await signedIn.get("/account")
        XCTAssertNotEqual(ended.status, .ok)
        // The new phone logs in; the old one is no longer an account identifier.
        let byNew = try await Browser(app).login(newPhone, DemoSeed.password)
        XCTAssertEqual(byNew.status, .seeOther)
        let byOld = try await Browser(app).login(phone, DemoSeed.password)
        XCTAssertEqual(byOld.status, .unauthorized)
        // Audited with masked values only.
        let changes = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'account.phone'").first()!.decode(column: "changes", as: String.self)
        XCTAssertTrue(changes.contains(Masking.phone(newPhone)))
        XCTAssertFalse(changes.contains(newPhone))
        XCTAssertFalse(changes.contains(phone))
    }

    func testPhoneChangeWithEmailProof() async throws {
        let userID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let cipher = try await app.db.sql.select().column("id_number_cipher").from("users").where("id", .equal, SQLBind(userID)).first()!
            .decode(column: "id_number_cipher", as: String.self)
        let idNumber = try app.keys.decrypt(cipher)
        let browser = Browser(app)
        // A wrong ID number gets the same answer, and no email.
        let mismatch = try await browser.submit("/phone/change/email/send", from: "/phone/change",
                                                form: [("account", DemoSeed.demoStudentNo), ("name", "张明"), ("idNumber", "11010519491231002X")])
        XCTAssertEqual(mismatch.status, .ok)
        let noEmail = try await lastMessage(to: DemoSeed.demoStudentEmail)
        XCTAssertNil(noEmail)
        app.clock.advance(seconds: 61)
        let sent = try await browser.submit("/phone/change/email/send", from: "/phone/change",
                                            form: [("account", DemoSeed.demoStudentNo), ("name", "张明"), ("idNumber", idNumber.lowercased())])
        XCTAssertEqual(sent.status, .ok)
        XCTAssertEqual(mismatch.body.contains("验证码已发送至该账号登记的邮箱"), sent.body.contains("验证码已发送至该账号登记的邮箱"))
        let code = try await lastCode(to: DemoSeed.demoStudentEmail, purpose: "email-proof") ?? ""
        XCTAssertFalse(code.isEmpty)
        let proof = try await browser.submit("/phone/change/email", from: "/phone/change", form: [("account", DemoSeed.demoStudentNo), ("code", code)])
        XCTAssertEqual(proof.status, .seeOther)
        XCTAssertEqual(proof.location, "/phone/change/new")
        let done = try await changePhone(browser, to: "13922223333")
        XCTAssertEqual(done.status, .seeOther, done.body)
    }

    func testNewPhoneTakenByAnotherAccountIsRefusedAfterTheCode() async throws {
        let browser = Browser(app)
        _ = try await browser.submit("/phone/change/password", from: "/phone/change", form: [("account", DemoSeed.demoStudentNo), ("password", DemoSeed.password)])
        let other = try await app.db.sql.raw("SELECT phone_cipher FROM users WHERE student_no <> \(bind: DemoSeed.demoStudentNo) AND phone_cipher IS NOT NULL LIMIT 1").first()!
            .decode(column: "phone_cipher", as: String.self)
        let taken = try app.keys.decrypt(other)
        let page = try await changePhone(browser, to: taken)
        XCTAssertEqual(page.status, .conflict)
        XCTAssertTrue(page.body.contains("该手机号已绑定其他账号"))
    }
}
