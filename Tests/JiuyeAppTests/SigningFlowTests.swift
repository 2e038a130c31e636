@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// Issue 18: a unit registers and is verified (资质鉴证); 签约模式一 from the employer's search to
/// the graduate's 应约, 撤销 within the 签约考虑期, the stamped scan, and the review that makes
/// the agreement the graduate's destination (网络签约 → 审核通过).
final class SigningFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        // The demo walk-through's data: 张明's 生源 record (phone, 培养方式) and the verified demo employer.
        try await DemoSeed.seedCases(app)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String, _ password: String = DemoSeed.password) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func count(_ sql: String) async throws -> Int {
        try await app.db.sql.raw(SQLQueryString(sql)).first()!.decode(column: "n", as: Int.self)
    }

    static let registration: [(String, String)] = [
        ("unit_name", "重庆山城网络科技有限公司"), ("credit_code", CreditCode.completing("91500106MA5U88001")!), ("unit_nature", "39"), ("industry", "34"),
        ("unit_location", "重庆市沙坪坝区"), ("unit_address", "重庆市沙坪坝区大学城中路 8 号"), ("contact_name", "周经理"), ("contact_phone", "023-65102233"),
        ("contact_email", "hr@shancheng.example.com"), ("username", "shancheng"), ("password", "Shan@Cheng2026"), ("confirm", "Shan@Cheng2026"),
    ]

    /// A unit registers itself; returns the logged-in browser and the unit's id.
    func register(_ fields: [(String, String)] = registration) async throws -> (Browser, Int64) {
        let school = try await Demo.schoolID(app)
        let browser = Browser(app)
        let page = try await browser.submit("/employer/register", from: "/employer/register", form: fields + [("school", String(school))])
        XCTAssertEqual(page.status, .seeOther, page.body)
        let credit = fields.first { $0.0 == "credit_code" }!.1
        let unit = try await app.db.sql.raw("SELECT id FROM units WHERE credit_code = \(bind: credit)").first()!.decode(column: "id", as: Int64.self)
        return (browser, unit)
    }

    func testAUnitRegistersUploadsItsLicenceAndTheSchoolVerifiesIt() async throws {
        let school = try await Demo.schoolID(app)
        // A wrong check digit is refused in Chinese, nothing is written.
        var bad = Self.registration
        bad[1] = ("credit_code", "91500106MA5U880010")
        let refused = try await Browser(app).submit("/employer/register", from: "/employer/register", form: bad + [("school", String(school))])
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("统一社会信用代码"), refused.body)
        let none = try await count("SELECT COUNT(*) AS n FROM employer_profiles")
        XCTAssertEqual(none, 1, "only the demo employer")

        let (employer, unit) = try await register()
        let home = try await employer.get("/employer")
        XCTAssertTrue(home.body.contains("待鉴证") && home.body.contains("重庆山城网络科技有限公司"), home.body)
        // Not verified yet: no search.
        let search = try await employer.submit("/employer/signing/search", from: "/employer/signing", form: [("name", "张明"), ("cohort", "2025"), ("phone", DemoSeed.demoStudentPhone)])
        XCTAssertEqual(search.status, .forbidden)
        XCTAssertTrue(search.body.contains("尚未通过资质鉴证"))
        // The same credit code cannot register twice.
        var again = Self.registration
        again[again.count - 3] = ("username", "shancheng2")
        let twice = try await Browser(app).submit("/employer/register", from: "/employer/register", form: again + [("school", String(school))])
        XCTAssertEqual(twice.status, .conflict)
        XCTAssertTrue(twice.body.contains("已在平台注册"))

        let admin = try await loggedIn("school")
        let list = try await admin.get("/employers/qualification")
        XCTAssertTrue(list.body.contains("重庆山城网络科技有限公司") && list.body.contains("待鉴证"), list.body)
        let noLicence = try await admin.submit("/employers/qualification/\(unit)", from: "/employers/qualification/\(unit)", form: [("decision", "verify")])
        XCTAssertEqual(noLicence.status, .unprocessableEntity)
        XCTAssertTrue(noLicence.body.contains("尚未上传营业执照"))
        let blankReturn = try await admin.submit("/employers/qualification/\(unit)", from: "/employers/qualification/\(unit)", form: [("decision", "return"), ("reason", " ")])
        XCTAssertEqual(blankReturn.status, .unprocessableEntity)

        let uploaded = try await employer.upload(UploadsTests.png(4_000), name: "营业执照.png", contentType: "image/png", kind: "business-licence", caseRef: "employer:\(unit)")
        XCTAssertEqual(uploaded.status, .created, uploaded.body)
        let detail = try await admin.get("/employers/qualification/\(unit)")
        XCTAssertTrue(detail.body.contains("营业执照.png"), detail.body)
        let licenceID = try await app.db.sql.raw("SELECT id FROM uploads WHERE case_type = 'employer' AND case_id = \(bind: unit)").first()!.decode(column: "id", as: Int64.self)
        let file = try await admin.get("/employers/qualification/\(unit)/licence/\(licenceID)")
        XCTAssertEqual(file.status, .ok)
        let verified = try await admin.submit("/employers/qualification/\(unit)", from: "/employers/qualification/\(unit)", form: [("decision", "verify")])
        XCTAssertEqual(verified.status, .seeOther)
        let state = try await SigningStore.qualification(unit: unit, school: school, on: app.db)
        XCTAssertEqual(state?.state, .verified)
        let message = try await count("SELECT COUNT(*) AS n FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = 'shancheng' AND m.title = '资质鉴证已通过'")
        XCTAssertEqual(message, 1)
        let audited = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('employer.register', 'employer.verify')")
        XCTAssertEqual(audited, 2)

        // Others see nothing of it.
        let counselor = try await loggedIn("counselor")
        let hidden = try await counselor.get("/employers/qualification/\(unit)")
        XCTAssertEqual(hidden.status, .notFound)
        let otherUnit = try await employer.get("/employer/signing")
        XCTAssertFalse(otherUnit.body.contains("重庆示范科技有限公司"))
    }

    /// The employer's search result's signed reference, as the page carries it.
    func token(_ page: Browser.Page) -> (String, String)? {
        guard let student = page.body.range(of: #"name="student" value="(\d+)""#, options: .regularExpression),
              let token = page.body.range(of: #"name="token" value="([^"]+)""#, options: .regularExpression) else { return nil }
        func value(_ range: Range<String.Index>) -> String {
            let text = String(page.body[range])
            return String(text.split(separator: "\"")[3])
        }
        return (value(student), value(token))
    }

    func invite(_ employer: Browser, expires: String? = nil) async throws -> Browser.Page {
        let found = try await employer.submit("/employer/signing/search", from: "/employer/signing", form: [("name", "张明"), ("cohort", "2025"), ("phone", DemoSeed.demoStudentPhone)])
        XCTAssertEqual(found.status, .ok)
        guard let (student, token) = token(found) else {
            XCTFail("no search hit: \(found.body)")
            return found
        }
        let added = try await employer.submit("/employer/signing/list", from: "/employer/signing", form: [("student", student), ("token", token)])
        XCTAssertEqual(added.status, .seeOther)
        let today = ChinaTime.date(app.clock.now())
        return try await employer.submit("/employer/signing/send", from: "/employer/signing", form: [
            ("position", "软件工程师"), ("position_category", "13"), ("expires_on", expires ?? CivilDate.parse(today)!.adding(days: 7)!.description),
            ("other_terms", "试用期三个月"), ("hukou_reception", "不接收"), ("archive_reception", "接收"), ("archive_unit", "重庆市人才交流服务中心"),
            ("archive_address", "重庆市渝中区人民路 123 号"), ("archive_postcode", "400015"),
        ])
    }

    func verifiedPhone(_ student: Browser) async throws {
        let first = try await student.get("/signing")
        XCTAssertTrue(first.body.contains("手机认证"), first.body)
        let wrong = try await student.submit("/signing/phone/send", from: "/signing", form: [("phone", "13900009999")])
        XCTAssertEqual(wrong.status, .unprocessableEntity)
        XCTAssertTrue(wrong.body.contains("手机号码已变更，请及时联系学校就业部门负责老师进行修改。"))
        let sent = try await student.submit("/signing/phone/send", from: "/signing", form: [("phone", DemoSeed.demoStudentPhone)])
        XCTAssertEqual(sent.status, .ok, sent.body)
        let cipher = try await app.db.sql.raw("SELECT body_cipher FROM outbox WHERE purpose = 'signing-phone' ORDER BY id DESC LIMIT 1").first()!.decode(column: "body_cipher", as: String.self)
        let text = try app.keys.decrypt(cipher)
        let code = String(text[text.range(of: #"\d{6}"#, options: .regularExpression)!])
        let done = try await student.submit("/signing/phone", from: "/signing", form: [("phone", DemoSeed.demoStudentPhone), ("code", code)])
        XCTAssertEqual(done.status, .seeOther, done.body)
    }

    func latestInvitation() async throws -> Int64 {
        try await app.db.sql.raw("SELECT MAX(id) AS id FROM invitations").first()!.decode(column: "id", as: Int64.self)
    }

    func accept(_ student: Browser, _ invitation: Int64) async throws -> Browser.Page {
        try await student.submit("/signing/invitations/\(invitation)/accept", from: "/signing/invitations/\(invitation)", form: [("pledge", "1"), ("confirmed", "1")])
    }

    func testOnlineSigningFromSearchToAnApprovedDestination() async throws {
        let employer = try await loggedIn("employer")
        // A wrong phone and a wrong name get the same answer.
        let wrongPhone = try await employer.submit("/employer/signing/search", from: "/employer/signing", form: [("name", "张明"), ("cohort", "2025"), ("phone", "13900009999")])
        let wrongName = try await employer.submit("/employer/signing/search", from: "/employer/signing", form: [("name", "张不存在"), ("cohort", "2025"), ("phone", "13900009999")])
        XCTAssertTrue(wrongPhone.body.contains(EmployerSigningController.notFound) && wrongName.body.contains(EmployerSigningController.notFound))
        XCTAssertNil(token(wrongPhone))
        XCTAssertFalse(wrongPhone.body.contains("计算机学院"))
        // A forged list entry (another student's id without the signature) is refused.
        let forged = try await employer.submit("/employer/signing/list", from: "/employer/signing", form: [("student", "1"), ("token", "x")])
        XCTAssertEqual(forged.status, .notFound)

        let sent = try await invite(employer)
        XCTAssertEqual(sent.status, .seeOther, sent.body)
        let first = try await latestInvitation()

        var student = try await loggedIn(DemoSeed.demoStudentNo)
        try await verifiedPhone(student)
        let list = try await student.get("/signing")
        XCTAssertTrue(list.body.contains("重庆示范科技有限公司") && list.body.contains("单位发起邀约") && list.body.contains("已鉴证"), list.body)
        let letter = try await student.get("/signing/invitations/\(first)")
        XCTAssertTrue(letter.body.contains("软件工程师") && letter.body.contains("签约前必读") && letter.body.contains("24 小时签约考虑期"), letter.body)
        // Nobody but the graduate opens it.
        let hidden = try await employer.get("/signing/invitations/\(first)")
        XCTAssertEqual(hidden.status, .notFound)

        // 同意: the pledge first, then 您确定同意签约吗？
        let noPledge = try await student.submit("/signing/invitations/\(first)/accept", from: "/signing/invitations/\(first)", form: [])
        XCTAssertEqual(noPledge.status, .unprocessableEntity)
        let confirm = try await student.submit("/signing/invitations/\(first)/accept", from: "/signing/invitations/\(first)", form: [("pledge", "1")])
        XCTAssertTrue(confirm.body.contains("您确定同意签约吗？"))
        let held = try await SigningStore.heldAgreement(student: try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo), on: app.db)
        XCTAssertNil(held, "nothing signed before the second confirmation")
        let accepted = try await accept(student, first)
        XCTAssertEqual(accepted.status, .seeOther, accepted.body)
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let agreement = try await SigningStore.heldAgreement(student: studentID, on: app.db)
        XCTAssertEqual(agreement?.number.hasPrefix("199992025" + DemoSeed.demoStudentNo + "01"), true, agreement?.number ?? "none")

        // A second invitation to a signed graduate is refused.
        let second = try await invite(employer)
        XCTAssertEqual(second.status, .seeOther)
        let refusedCount = try await count("SELECT COUNT(*) AS n FROM invitations")
        XCTAssertEqual(refusedCount, 1, "not sent")

        // Within the 签约考虑期 the graduate withdraws; the number is not given again.
        let withdrawn = try await student.submit("/signing/agreement/withdraw", from: "/signing/agreement", form: [])
        XCTAssertEqual(withdrawn.status, .seeOther)
        let none = try await SigningStore.heldAgreement(student: studentID, on: app.db)
        XCTAssertNil(none)
        let firstState = try await SigningStore.invitation(id: first, on: app.db)?.state.status
        XCTAssertEqual(firstState, .withdrawn)

        // A new invitation, accepted: agreement 02.
        let third = try await invite(employer)
        XCTAssertEqual(third.status, .seeOther)
        let again = try await accept(student, try await latestInvitation())
        XCTAssertEqual(again.status, .seeOther, again.body)
        let signed = try await SigningStore.heldAgreement(student: studentID, on: app.db)!
        XCTAssertTrue(signed.number.hasPrefix("199992025" + DemoSeed.demoStudentNo + "02"), signed.number)
        let page = try await student.get("/signing/agreement")
        XCTAssertTrue(page.body.contains(signed.number) && page.body.contains("签约考虑期内"), page.body)
        let print = try await student.get("/signing/agreement/print")
        XCTAssertTrue(print.body.contains("全国普通高等学校毕业生就业协议书") && print.body.contains(signed.number) && print.body.contains("软件工程师"))

        // Not before the period ends; and not without the scan.
        let early = try await student.submit("/signing/agreement/submit", from: "/signing/agreement", form: [])
        XCTAssertEqual(early.status, .conflict)
        app.clock.advance(seconds: SigningConsideration.standardPeriod + 60)
        student = try await loggedIn(DemoSeed.demoStudentNo)
        let noScan = try await student.submit("/signing/agreement/submit", from: "/signing/agreement", form: [])
        XCTAssertEqual(noScan.status, .unprocessableEntity)
        XCTAssertTrue(noScan.body.contains("请先上传"))
        let pdf = try await student.upload(UploadsTests.pdf(4_000), name: "协议书.pdf", contentType: "application/pdf", kind: "signed-agreement", caseRef: "agreement:\(signed.id)")
        XCTAssertEqual(pdf.status, .unsupportedMediaType, "jpg or png only")
        let scan = try await student.upload(UploadsTests.png(6_000), name: "协议书.png", contentType: "image/png", kind: "signed-agreement", caseRef: "agreement:\(signed.id)")
        XCTAssertEqual(scan.status, .created, scan.body)
        let submitted = try await student.submit("/signing/agreement/submit", from: "/signing/agreement", form: [])
        XCTAssertEqual(submitted.status, .seeOther, submitted.body)

        // The destination: 签就业协议形式就业, entered as the employer's 网络签约, waiting for 初审.
        var row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        XCTAssertEqual(CaseType.destination.definition.status.label(for: row.state, in: CaseType.destination.definition), "网络签约")
        XCTAssertEqual(row.data["category"], "10")
        XCTAssertEqual(row.data["agreement_no"], signed.number)
        XCTAssertEqual(row.data["unit_name"], "重庆示范科技有限公司")
        let evidence = try await count("SELECT COUNT(*) AS n FROM uploads WHERE case_type = 'destination' AND case_id = \(row.id)")
        XCTAssertEqual(evidence, 1, "the scan is the registration's evidence")

        let counselor = try await loggedIn("counselor")
        let review = try await counselor.get("/review/destination/\(row.id)")
        XCTAssertTrue(review.body.contains("网络签约") && review.body.contains(signed.number), review.body)
        let firstReview = try await counselor.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve"), ("lock", String(row.lock))])
        XCTAssertEqual(firstReview.status, .seeOther)
        row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        let school = try await loggedIn("school")
        let finalReview = try await school.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve"), ("lock", String(row.lock))])
        XCTAssertEqual(finalReview.status, .seeOther)
        row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        XCTAssertEqual(row.status_key, "approved")
        let done = try await student.get("/signing/agreement")
        XCTAssertTrue(done.body.contains("审核通过") && done.body.contains("已生效"), done.body)
        let messages = try await count("SELECT COUNT(*) AS n FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = 'employer' AND m.title = '毕业生已同意签约'")
        XCTAssertEqual(messages, 2)
    }

    func testInvitationsPastTheirDateCloseAndCannotBeAccepted() async throws {
        let employer = try await loggedIn("employer")
        let today = ChinaTime.date(app.clock.now())
        let refused = try await invite(employer, expires: today)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("应约过期日期须晚于今天"))
        let tomorrow = CivilDate.parse(today)!.adding(days: 1)!.description
        let sent = try await invite(employer, expires: tomorrow)
        XCTAssertEqual(sent.status, .seeOther)
        let invitation = try await latestInvitation()
        app.clock.advance(seconds: 86_400)
        let early = try await SigningSetup.expire(app)
        XCTAssertEqual(early, 0, "the day itself still counts")
        app.clock.advance(seconds: 86_400)
        let closed = try await SigningSetup.expire(app)
        XCTAssertEqual(closed, 1)
        let state = try await SigningStore.invitation(id: invitation, on: app.db)?.state.status
        XCTAssertEqual(state, .expired)
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        try await verifiedPhone(student)
        let late = try await accept(student, invitation)
        XCTAssertEqual(late.status, .conflict)
        XCTAssertTrue(late.body.contains("过期"), late.body)
    }

    /// 张明 signs with the demo employer and the agreement binds; returns his browser (logged in
    /// again after the clock moved) and the agreement.
    func bindingAgreement() async throws -> (Browser, SigningStore.Agreement) {
        let employer = try await loggedIn("employer")
        let sent = try await invite(employer)
        XCTAssertEqual(sent.status, .seeOther)
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        try await verifiedPhone(student)
        let accepted = try await accept(student, try await latestInvitation())
        XCTAssertEqual(accepted.status, .seeOther, accepted.body)
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        // Inside the 签约考虑期 there is nothing to terminate: the graduate withdraws instead.
        let early = try await student.submit("/signing/termination", from: "/signing/termination", form: [("termination_type", "student"), ("reason", "个人原因")])
        XCTAssertEqual(early.status, .unprocessableEntity, early.body)
        XCTAssertTrue(early.body.contains("签约考虑期内") && early.body.contains("无需办理解约"), early.body)
        app.clock.advance(seconds: SigningConsideration.standardPeriod + 60)
        return (try await loggedIn(DemoSeed.demoStudentNo), try await SigningStore.heldAgreement(student: studentID, on: app.db)!)
    }

    func testTerminationOnceThroughCollegeEmployerAndSchoolRestoresAwaitingEmployment() async throws {
        let (student, agreement) = try await bindingAgreement()
        let studentID = agreement.studentID
        let page = try await student.get("/signing/termination")
        XCTAssertTrue(page.body.contains("已经办理过解约的学生，不得再次申请解约") && page.body.contains(agreement.number), page.body)
        let blank = try await student.submit("/signing/termination", from: "/signing/termination", form: [("termination_type", "student"), ("reason", " ")])
        XCTAssertEqual(blank.status, .unprocessableEntity)
        let applied = try await student.submit("/signing/termination", from: "/signing/termination", form: [("termination_type", "student"), ("reason", "已考取公务员，需与原单位解约")])
        XCTAssertEqual(applied.status, .seeOther, applied.body)
        let type = CaseType.terminationOnline
        var row = try await CaseEngine.load(type, applicant: studentID, period: "2025", on: app.db)!
        XCTAssertEqual(row.status_key, "step:college-review")

        // The employer cannot act before the college; the college agrees on the review page.
        let employer = try await loggedIn("employer")
        let tooEarly = try await employer.submit("/employer/terminations/\(row.id)", from: "/employer/terminations", form: [("decision", "agree")])
        XCTAssertEqual(tooEarly.status, .seeOther)
        row = try await CaseEngine.load(type, id: row.id, on: app.db)!
        XCTAssertEqual(row.status_key, "step:college-review")
        let college = try await loggedIn("college")
        let list = try await college.get("/review/termination-online")
        XCTAssertTrue(list.body.contains("张明"), list.body)
        let agreed = try await college.submit("/review/termination-online/\(row.id)", from: "/review/termination-online/\(row.id)",
                                              form: [("action", "approve"), ("lock", String(row.lock))])
        XCTAssertEqual(agreed.status, .seeOther, agreed.body)
        let told = try await count("SELECT COUNT(*) AS n FROM messages m JOIN users u ON u.id = m.user_id WHERE u.username = 'employer' AND m.title = '毕业生解约申请待贵单位确认'")
        XCTAssertEqual(told, 1, "the unit hears when the application reaches it")
        let heard = try await count("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(studentID) AND body LIKE '%单位查看解约%'")
        XCTAssertEqual(heard, 1, "and the graduate of the step")
        let waiting = try await employer.get("/employer/terminations")
        XCTAssertTrue(waiting.body.contains("同意解约") && waiting.body.contains(agreement.number), waiting.body)
        let unitAgrees = try await employer.submit("/employer/terminations/\(row.id)", from: "/employer/terminations", form: [("decision", "agree")])
        XCTAssertEqual(unitAgrees.status, .seeOther)
        row = try await CaseEngine.load(type, id: row.id, on: app.db)!
        XCTAssertEqual(row.status_key, "step:school-review")
        let school = try await loggedIn("school")
        let approved = try await school.submit("/review/termination-online/\(row.id)", from: "/review/termination-online/\(row.id)",
                                               form: [("action", "approve"), ("lock", String(row.lock))])
        XCTAssertEqual(approved.status, .seeOther, approved.body)

        // The agreement is void at once; the destination is 待就业 once the queued job ran.
        let void = try await SigningStore.agreement(id: agreement.id, on: app.db)
        XCTAssertEqual(void?.status, .terminated)
        _ = try await Jobs.runDue(app)
        let destination = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        XCTAssertEqual(destination.status_key, "approved")
        XCTAssertEqual(destination.data["category"], "70")

        // A new agreement later cannot be terminated again (rule ②).
        let employer2 = try await loggedIn("employer")
        let sent = try await invite(employer2)
        XCTAssertEqual(sent.status, .seeOther)
        let again = try await accept(try await loggedIn(DemoSeed.demoStudentNo), try await latestInvitation())
        XCTAssertEqual(again.status, .seeOther, again.body)
        app.clock.advance(seconds: SigningConsideration.standardPeriod + 60)
        let second = try await loggedIn(DemoSeed.demoStudentNo).submit("/signing/termination", from: "/signing/termination",
                                                                        form: [("termination_type", "student"), ("reason", "再次解约")])
        XCTAssertEqual(second.status, .conflict)
        XCTAssertTrue(second.body.contains("已经办理过解约的学生不得再次申请解约"), second.body)
    }

    static let offline: [(String, String)] = [
        ("unit_name", "重庆两江数据服务有限公司"), ("credit_code", CreditCode.completing("91500106MA5U99002")!), ("industry", "34"), ("unit_nature", "39"),
        ("unit_location", "重庆市沙坪坝区"), ("contact_email", "hr@liangjiang.example.com"), ("unit_postcode", "400030"), ("unit_address", "重庆市沙坪坝区学城大道 9 号"),
        ("contact_name", "刘女士"), ("contact_phone", "13912345678"), ("position_category", "13"), ("position", "数据分析师"), ("hukou_reception", "不接收"),
    ]

    func testPaperSigningGeneratePrintUploadReviewAndTerminateWithProof() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let before = try await student.get("/signing/offline")
        XCTAssertEqual(before.status, .seeOther, "手机认证 first")
        try await verifiedPhone(student)
        var bad = Self.offline
        bad[6] = ("unit_postcode", "4000")
        let refused = try await student.submit("/signing/offline", from: "/signing/offline", form: bad)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("单位邮编应为 6 位数字"), refused.body)
        let generated = try await student.submit("/signing/offline", from: "/signing/offline", form: Self.offline)
        XCTAssertEqual(generated.status, .seeOther, generated.body)
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let agreement = try await SigningStore.heldAgreement(student: studentID, on: app.db)!
        XCTAssertEqual(agreement.mode, .offline)
        // One of the two modes: an invitation can no longer be sent or accepted.
        let twice = try await student.submit("/signing/offline", from: "/signing/offline", form: Self.offline)
        XCTAssertEqual(twice.status, .conflict)
        let page = try await student.get("/signing/agreement")
        XCTAssertTrue(page.body.contains("协议就业（纸质签约）") && page.body.contains(agreement.number), page.body)
        let print = try await student.get("/signing/agreement/print")
        XCTAssertTrue(print.body.contains("重庆两江数据服务有限公司") && print.body.contains("数据分析师"))

        let scan = try await student.upload(UploadsTests.png(5_000), name: "协议书.png", contentType: "image/png", kind: "signed-agreement", caseRef: "agreement:\(agreement.id)")
        XCTAssertEqual(scan.status, .created, scan.body)
        let submitted = try await student.submit("/signing/agreement/submit", from: "/signing/agreement", form: [])
        XCTAssertEqual(submitted.status, .seeOther, submitted.body)
        var row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        XCTAssertEqual(CaseType.destination.definition.status.label(for: row.state, in: CaseType.destination.definition), "待审核")
        XCTAssertEqual(row.data["agreement_no"], agreement.number)
        let counselor = try await loggedIn("counselor")
        _ = try await counselor.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve"), ("lock", String(row.lock))])
        row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        let school = try await loggedIn("school")
        _ = try await school.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve"), ("lock", String(row.lock))])
        row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        XCTAssertEqual(row.status_key, "approved")

        // 解约 of a 签约模式二 agreement: the college agrees, the student uploads the stamped proof, the school approves.
        let applied = try await student.submit("/signing/termination", from: "/signing/termination", form: [("termination_type", "employer"), ("reason", "单位业务调整取消岗位")])
        XCTAssertEqual(applied.status, .seeOther, applied.body)
        let type = CaseType.terminationOffline
        var termination = try await CaseEngine.load(type, applicant: studentID, period: "2025", on: app.db)!
        let college = try await loggedIn("college")
        _ = try await college.submit("/review/termination-offline/\(termination.id)", from: "/review/termination-offline/\(termination.id)",
                                     form: [("action", "approve"), ("lock", String(termination.lock))])
        termination = try await CaseEngine.load(type, id: termination.id, on: app.db)!
        XCTAssertEqual(termination.status_key, "step:proof-upload")
        let proofPage = try await student.get("/signing/termination")
        XCTAssertTrue(proofPage.body.contains("高等学校毕业生就业协议解除证明"), proofPage.body)
        let noProof = try await student.submit("/signing/termination/proof", from: "/signing/termination", form: [])
        XCTAssertEqual(noProof.status, .unprocessableEntity)
        let template = try await student.get("/signing/termination/template")
        XCTAssertTrue(template.body.contains(agreement.number))
        let proof = try await student.upload(UploadsTests.png(5_000), name: "解除证明.png", contentType: "image/png", kind: "termination", caseRef: "termination-offline:\(termination.id)")
        XCTAssertEqual(proof.status, .created, proof.body)
        let sentProof = try await student.submit("/signing/termination/proof", from: "/signing/termination", form: [])
        XCTAssertEqual(sentProof.status, .seeOther, sentProof.body)
        termination = try await CaseEngine.load(type, id: termination.id, on: app.db)!
        XCTAssertEqual(termination.status_key, "step:school-review")
        _ = try await school.submit("/review/termination-offline/\(termination.id)", from: "/review/termination-offline/\(termination.id)",
                                    form: [("action", "approve"), ("lock", String(termination.lock))])
        _ = try await Jobs.runDue(app)
        let void = try await SigningStore.agreement(id: agreement.id, on: app.db)
        XCTAssertEqual(void?.status, .terminated)
        row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        XCTAssertEqual(row.data["category"], "70")
        XCTAssertEqual(row.state.version, 2)
    }

    /// 派遣信息核对: after the agreement's registration is approved and the school opens it, 张明
    /// confirms the 档案 and 户口 data; a change is a request the school admin decides; the
    /// school exports the 就业方案.
    func testArchiveConfirmationChangeRequestAndEmploymentPlan() async throws {
        let (student, agreement) = try await bindingAgreement()
        let closed = try await student.get("/archive")
        XCTAssertTrue(closed.body.contains("审核通过") && !closed.body.contains("确认无误"), closed.body)
        _ = try await student.upload(UploadsTests.png(5_000), name: "协议书.png", contentType: "image/png", kind: "signed-agreement", caseRef: "agreement:\(agreement.id)")
        let submitted = try await student.submit("/signing/agreement/submit", from: "/signing/agreement", form: [])
        XCTAssertEqual(submitted.status, .seeOther)
        var row = try await CaseEngine.load(.destination, applicant: agreement.studentID, period: "2025", on: app.db)!
        let counselor = try await loggedIn("counselor")
        _ = try await counselor.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve"), ("lock", String(row.lock))])
        row = try await CaseEngine.load(.destination, applicant: agreement.studentID, period: "2025", on: app.db)!
        let school = try await loggedIn("school")
        let review = try await school.get("/review/destination/\(row.id)")
        XCTAssertTrue(review.body.contains(OnlineSigningChecklist.heading) && review.body.contains(agreement.number), "the 网签 审核标准 beside the record")
        _ = try await school.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve"), ("lock", String(row.lock))])

        let notOpen = try await student.get("/archive")
        XCTAssertTrue(notOpen.body.contains("派遣信息核对") && !notOpen.body.contains("确认无误"), notOpen.body)
        try await Demo.openWindow(app, .archiveConfirmation)
        let page = try await student.get("/archive")
        XCTAssertTrue(page.body.contains("确认无误") && page.body.contains("value=\"重庆示范科技有限公司\""), "the receiver prefilled with the unit")
        XCTAssertFalse(page.body.contains("报到证签发类别"), "no 报到证 fields for the 2025届")
        let incomplete = try await student.submit("/archive", from: "/archive", form: [("archive_receiver", "重庆示范科技有限公司")])
        XCTAssertEqual(incomplete.status, .unprocessableEntity)
        let form: [(String, String)] = [("archive_receiver", "重庆示范科技有限公司"), ("archive_address", "重庆市沙坪坝区学城大道 62 号"), ("archive_phone", "023-65100001"),
                                        ("archive_postcode", "401331"), ("archive_contact", "王经理"), ("hukou_to_source", "是"),
                                        ("hukou_address", "重庆市沙坪坝区小龙坎街道"), ("hukou_police_station", "小龙坎派出所")]
        let confirmed = try await student.submit("/archive", from: "/archive", form: form)
        XCTAssertEqual(confirmed.status, .seeOther, confirmed.body)
        let sealed = try await app.db.sql.raw("SELECT values_cipher FROM archive_confirmations").first()!.decode(column: "values_cipher", as: String.self)
        XCTAssertFalse(sealed.contains("小龙坎"), "addresses are sealed")
        let again = try await student.submit("/archive", from: "/archive", form: form)
        XCTAssertEqual(again.status, .conflict)

        let change = try await student.submit("/archive/change", from: "/archive", form: [("field", "archive_address"), ("value", "重庆市沙坪坝区大学城中路 1 号"), ("reason", "单位搬迁")])
        XCTAssertEqual(change.status, .seeOther, change.body)
        let schoolPage = try await school.get("/archive/requests")
        XCTAssertTrue(schoolPage.body.contains("单位搬迁") && schoolPage.body.contains("确认修改"), schoolPage.body)
        let id = try await app.db.sql.raw("SELECT id FROM archive_change_requests").first()!.decode(column: "id", as: Int64.self)
        let decided = try await school.submit("/archive/requests/\(id)", from: "/archive/requests", form: [("decision", "agree")])
        XCTAssertEqual(decided.status, .seeOther)
        let after = try await student.get("/archive")
        XCTAssertTrue(after.body.contains("大学城中路 1 号") && after.body.contains("已修改"), after.body)
        // Others: a counselor cannot decide; the plan is the school's, audited.
        let hidden = try await counselor.get("/archive/requests")
        XCTAssertEqual(hidden.status, .notFound)
        let plan = try await school.submit("/archive/plan", from: "/archive/requests", form: [("cohort", "2025")])
        XCTAssertEqual(plan.status, .ok)
        XCTAssertEqual(plan.headers.contentType?.subType, "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let audited = try await count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'archive.plan-export'")
        XCTAssertEqual(audited, 1)
    }
}
