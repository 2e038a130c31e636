@testable import JiuyeApp
@testable import JiuyeLivingSubsidy
@testable import JiuyePlatform
import Fluent
import Foundation
import JiuyeDomain
import NIOConcurrencyHelpers
import SQLKit
import XCTest
import XCTVapor

/// 生活补贴 (seed 002) over HTTP: a unit registers and the county approves; a bachelor registers
/// under it, is returned once, resubmits, is approved; keeps two work experiences in two
/// counties; an application with insurance from 2019-03 is refused; a valid one deducts one
/// unpaid month and goes through the 13 steps (公示 on the public page, masked, with an
/// objection the county HR bureau alone reads; the city's batch through both finance steps), is
/// reported 未到账 and paid again, and is confirmed; the other county's bureau sees nothing.
final class LivingSubsidyFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String, _ password: String = DemoSeed.password) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    static let personID = ChineseIDNumber.completing("50010619990101003")!
    static let diploma = "106111202405001234"

    func multipart(_ browser: Browser, path: String, token: String, fields: [(String, String)], csv: String) async throws -> Browser.Page {
        let boundary = "----jiuye\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.csv\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeString(csv)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Origin": TestApp.origin]
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: .POST, url: URI(path: "\(path)?_csrf=\(token)"), headers: headers, body: body))
        return Browser.Page(status: response.status, headers: response.headers, body: response.body.string)
    }

    func registerUnit(_ name: String, credit: String, county: String, username: String, licence: Bool = true) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.submit("/subsidy/unit/register", from: "/subsidy/unit/register", form: [
            ("name", name), ("credit_code", CreditCode.completing(credit)!), ("county", county), ("address", "\(county)科技路 1 号"),
            ("contact_name", "人事部刘老师"), ("contact_phone", "13900000\(username.count)11"), ("username", username),
            ("password", "Unit-Pass-2026"), ("confirm", "Unit-Pass-2026"),
        ])
        XCTAssertEqual(page.status, .seeOther, page.body)
        if licence {
            let id = try await unitID(name)
            let uploaded = try await browser.upload(UploadsTests.png(2_000, marker: "licence-\(username)"), name: "营业执照.png", contentType: "image/png",
                                                    kind: "business-licence", caseRef: "\(SubsidySetup.unitFiles):\(id)")
            XCTAssertEqual(uploaded.status, .created, uploaded.body)
        }
        return browser
    }

    func unitID(_ name: String) async throws -> Int64 {
        try await app.db.sql.raw("SELECT id FROM units WHERE name = \(bind: name)").first()!.decode(column: "id", as: Int64.self)
    }

    func seeOther(_ page: Browser.Page, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(page.status, .seeOther, String(page.body.prefix(3000)), file: file, line: line)
    }

    func caseRow(_ id: Int64) async throws -> CaseRow { try await CaseEngine.load(SubsidyCase.type, id: id, on: app.db)! }

    func review(_ browser: Browser, _ id: Int64, _ form: [(String, String)]) async throws -> Browser.Page {
        let row = try await caseRow(id)
        return try await browser.submit("/review/living-subsidy/\(id)", from: "/review/living-subsidy/\(id)", form: form + [("lock", String(row.lock))])
    }

    func fingerprint(_ page: Browser.Page) -> String {
        guard let range = page.body.range(of: #"name="fingerprint" value="([^"]+)""#, options: .regularExpression) else { return "" }
        return String(page.body[range].split(separator: "\"")[3])
    }

    func actOnBatch(_ browser: Browser, _ number: String) async throws -> Browser.Page {
        let page = try await browser.get("/review/living-subsidy/batches/\(number)")
        XCTAssertEqual(page.status, .ok, page.body)
        return try await browser.submit("/review/living-subsidy/batches/\(number)", from: "/review/living-subsidy/batches/\(number)",
                                        form: [("fingerprint", fingerprint(page)), ("action", "approve")])
    }

    /// 自主创业 (review E6): the county HR bureau reviews the registration and takes the unit steps
    /// (the county's virtual unit); the business must be a year old instead of the 3-year contract.
    func testSelfEmployedApplicantsGoToTheCountyBureau() async throws {
        let unitA = try await registerUnit("重庆沙坪坝小禾创意工作室", credit: "91500106MA5UA0003", county: "重庆市沙坪坝区", username: "unit_xh")
        let a = try await unitID("重庆沙坪坝小禾创意工作室")
        let countyHR = try await loggedIn("county_hr")
        seeOther(try await countyHR.submit("/subsidy/units/\(a)", from: "/subsidy/units", form: [("action", "approve")]))
        let person = Browser(app)
        let id = ChineseIDNumber.completing("50010619980202004")!
        seeOther(try await person.submit("/subsidy/register", from: "/subsidy/register?agreed=1", form: [
            ("username", "qian_he"), ("password", "Aid-Pass-2026"), ("confirm", "Aid-Pass-2026"), ("name", "钱禾"), ("phone", "13800003004"),
            ("id_type", "1"), ("id_number", id), ("birth_date", "1998-02-02"), ("gender", "女"), ("school", "四川美术学院"), ("major", "视觉传达设计"),
            ("education", "本科"), ("self_employed", "是"), ("unit", String(a)),
        ]))
        let personID = try await app.db.sql.raw("SELECT id FROM users WHERE username = 'qian_he'").first()!.decode(column: "id", as: Int64.self)
        let unitPage = try await unitA.get("/subsidy/unit")
        XCTAssertFalse(unitPage.body.contains("钱禾"), "the unit does not review its own founder")
        let refused = try await unitA.submit("/subsidy/unit/people/\(personID)", from: "/subsidy/unit", form: [("action", "approve")])
        XCTAssertEqual(refused.status, .notFound)
        let list = try await countyHR.get("/subsidy/units")
        XCTAssertTrue(list.body.contains("自主创业人员注册审核") && list.body.contains("钱禾"), list.body)
        seeOther(try await countyHR.submit("/subsidy/units/people/\(personID)", from: "/subsidy/units", form: [("action", "approve")]))
        seeOther(try await person.submit("/subsidy/work", from: "/subsidy/work", form: [("unit", String(a)), ("is_current", "1"), ("contract_start", "2024-07-01"), ("open_ended", "1")]))
        let cityHR = try await loggedIn("city_hr")
        let token = try await cityHR.get("/subsidy/data").csrfToken ?? ""
        _ = try await multipart(cityHR, path: "/subsidy/data", token: token, fields: [("kind", "insurance")],
                                csv: "证件号码,缴费年月,参保状态,社保卡状态,发放银行,金融账号\n\(id),2024-07至2026-11,正常,正常,中国银行,6216000000000004004\n")
        let now = app.clock.now()
        _ = try await TimeWindows.set(.livingSubsidy, owner: .init(kind: .county, id: "500106"), year: 2025,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 0, now: now, on: app.db)
        let work = try await SubsidyStore.work(personID, on: app.db)
        let base: [(String, String)] = [("kind", "生活补贴"), ("work_id", String(work[0].id)), ("start", "2025-08"), ("end", "2025-10"), ("graduation", "2024-06"),
                                        ("first_work", "2024-07"), ("foreign_degree", ""), ("diploma_no", "106111202405004321"), ("action", "submit")]
        let young = try await person.submit("/subsidy/apply", from: "/subsidy/apply", form: base + [("business_registered", "2025-01-10")])
        XCTAssertEqual(young.status, .unprocessableEntity)
        XCTAssertTrue(young.body.contains("登记满一年"), young.body)
        seeOther(try await person.submit("/subsidy/apply", from: "/subsidy/apply", form: base + [("business_registered", "2024-07-15")]))
        let caseID = try await app.db.sql.raw("SELECT id FROM subsidy_cases WHERE applicant_id = \(bind: personID)").first()!.decode(column: "id", as: Int64.self)
        let row = try await caseRow(caseID)
        XCTAssertEqual(row.status_key, "step:unit-review")
        let virtual = try await SubsidyStore.unit(row.id(.unit)!, on: app.db)
        XCTAssertEqual(virtual?.isVirtual, true)
        let employer = try await unitA.get("/review/living-subsidy/\(caseID)")
        XCTAssertEqual(employer.status, .notFound)
        seeOther(try await review(countyHR, caseID, [("action", "approve")]))
        let moved = try await caseRow(caseID)
        XCTAssertEqual(moved.status_key, "step:unit-report", "the county HR bureau takes the virtual unit's step")
    }

    /// One person, one account (review E13): a platform graduate opens the subsidy role on their own account.
    func testAGraduateWithAnAccountOpensTheRoleOnIt() async throws {
        _ = try await registerUnit("重庆沙坪坝青禾软件有限公司", credit: "91500106MA5UA0005", county: "重庆市沙坪坝区", username: "unit_qh")
        let a = try await unitID("重庆沙坪坝青禾软件有限公司")
        seeOther(try await loggedIn("county_hr").submit("/subsidy/units/\(a)", from: "/subsidy/units", form: [("action", "approve")]))
        let zhang = try await loggedIn(DemoSeed.demoStudentNo)
        let page = try await zhang.get("/subsidy/join")
        XCTAssertTrue(page.body.contains("开通生活补贴"), page.body)
        seeOther(try await zhang.submit("/subsidy/join", from: "/subsidy/join", form: [
            ("birth_date", "2003-03-15"), ("gender", "男"), ("school", "九业示范大学"), ("major", "计算机科学与技术"), ("education", "本科"),
            ("self_employed", "否"), ("unit", String(a)),
        ]))
        let home = try await zhang.get("/subsidy")
        XCTAssertTrue(home.body.contains("待审核") && home.body.contains("张明"), home.body)
        let userID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let roles = try await AccountQueries.roles(userID: userID, on: app.db)
        XCTAssertEqual(Set(roles), [.student, .subsidyApplicant])
    }

    func testUnitPersonWorkApplicationAndTheThirteenSteps() async throws {
        // 单位注册 → 县区人社局审核.
        let unitA = try await registerUnit("重庆沙坪坝数智科技有限公司", credit: "91500106MA5UA0001", county: "重庆市沙坪坝区", username: "unit_spb")
        let unitB = try await registerUnit("重庆南岸云端服务有限公司", credit: "91500108MA5UB0002", county: "重庆市南岸区", username: "unit_na", licence: false)
        let pending = try await unitA.get("/subsidy/unit")
        XCTAssertTrue(pending.body.contains("待审核"), pending.body)
        let countyHR = try await loggedIn("county_hr")
        let units = try await countyHR.get("/subsidy/units")
        XCTAssertTrue(units.body.contains("重庆沙坪坝数智科技有限公司") && !units.body.contains("重庆南岸云端服务有限公司"), "each county sees its own units")
        let a = try await unitID("重庆沙坪坝数智科技有限公司"), b = try await unitID("重庆南岸云端服务有限公司")
        let approvedA = try await countyHR.submit("/subsidy/units/\(a)", from: "/subsidy/units", form: [("action", "approve")])
        XCTAssertEqual(approvedA.status, .seeOther)
        let foreignUnit = try await countyHR.submit("/subsidy/units/\(b)", from: "/subsidy/units", form: [("action", "approve")])
        XCTAssertEqual(foreignUnit.status, .notFound)
        // 南岸区's bureau approves its own unit.
        let now = app.clock.now()
        let otherHR = try await loggedIn("nanan_hr")
        let noLicence = try await otherHR.submit("/subsidy/units/\(b)", from: "/subsidy/units", form: [("action", "approve")])
        XCTAssertEqual(noLicence.status, .seeOther)
        let stillPending = try await SubsidyStore.unit(b, on: app.db)
        XCTAssertEqual(stillPending?.state, .pending, "no approval without the 营业执照")
        let licence = try await unitB.upload(UploadsTests.png(2_000, marker: "licence-b"), name: "营业执照.png", contentType: "image/png",
                                             kind: "business-licence", caseRef: "\(SubsidySetup.unitFiles):\(b)")
        XCTAssertEqual(licence.status, .created)
        let licenceID = try await app.db.sql.raw("SELECT id FROM uploads WHERE case_type = \(bind: SubsidySetup.unitFiles) AND case_id = \(bind: b)").first()!.decode(column: "id", as: Int64.self)
        let seenByItsCounty = try await otherHR.get("/uploads/\(licenceID)")
        XCTAssertEqual(seenByItsCounty.status, .ok)
        let notByAnother = try await countyHR.get("/uploads/\(licenceID)")
        XCTAssertEqual(notByAnother.status, .notFound)
        seeOther(try await otherHR.submit("/subsidy/units/\(b)", from: "/subsidy/units", form: [("action", "approve")]))

        // 经办人员账号: unit A adds a second account (checked like any other), which sees unit A only.
        let mismatch = try await unitA.submit("/subsidy/unit/accounts", from: "/subsidy/unit", form: [
            ("username", "unit_spb_li"), ("display_name", "李经办"), ("password", "Unit-Pass-2027"), ("confirm", "Unit-Pass-2028")])
        XCTAssertEqual(mismatch.status, .unprocessableEntity)
        XCTAssertTrue(mismatch.body.contains("两次输入的密码不一致"), mismatch.body)
        let taken = try await unitA.submit("/subsidy/unit/accounts", from: "/subsidy/unit", form: [
            ("username", "unit_na"), ("display_name", "李经办"), ("password", "Unit-Pass-2027"), ("confirm", "Unit-Pass-2027")])
        XCTAssertEqual(taken.status, .conflict)
        seeOther(try await unitA.submit("/subsidy/unit/accounts", from: "/subsidy/unit", form: [
            ("username", "unit_spb_li"), ("display_name", "李经办"), ("password", "Unit-Pass-2027"), ("confirm", "Unit-Pass-2027")]))
        let unitA2 = try await loggedIn("unit_spb_li", "Unit-Pass-2027")
        let secondHome = try await unitA2.get("/subsidy/unit")
        XCTAssertTrue(secondHome.body.contains("重庆沙坪坝数智科技有限公司") && secondHome.body.contains("李经办") && secondHome.body.contains("unit_spb"), secondHome.body)
        let addedByUnitB = try await unitB.submit("/subsidy/unit/accounts", from: "/subsidy/unit", form: [
            ("username", "unit_na_2"), ("display_name", "王经办"), ("password", "Unit-Pass-2027"), ("confirm", "Unit-Pass-2027")])
        XCTAssertEqual(addedByUnitB.status, .seeOther)
        let unitBAccounts = try await UnitController.accounts(b, on: app.db).map(\.0)
        XCTAssertEqual(unitBAccounts, ["unit_na", "unit_na_2"], "unit B's account joins unit B, not A")

        // 个人注册 under unit A: returned once with the unit's opinion, resubmitted, approved.
        let visitor = Browser(app)
        let notice = try await visitor.get("/subsidy/register")
        XCTAssertTrue(notice.body.contains("用户须知") && notice.body.contains("同意"), notice.body)
        let person = Browser(app)
        let registered = try await person.submit("/subsidy/register", from: "/subsidy/register?agreed=1", form: [
            ("username", "zhao_li"), ("password", "Aid-Pass-2026"), ("confirm", "Aid-Pass-2026"), ("name", "赵丽"), ("phone", "13800003003"),
            ("email", "zhaoli@example.com"), ("id_type", "1"), ("id_number", Self.personID), ("birth_date", "1999-01-01"), ("gender", "女"),
            ("school", "重庆大学"), ("major", "软件工程"), ("education", "本科"), ("degree", "工学学士"), ("ethnicity", "汉族"), ("self_employed", "否"),
            ("unit", String(a)),
        ])
        XCTAssertEqual(registered.status, .seeOther, registered.body)
        let personID = try await app.db.sql.raw("SELECT id FROM users WHERE username = 'zhao_li'").first()!.decode(column: "id", as: Int64.self)
        let waiting = try await person.get("/subsidy")
        XCTAssertTrue(waiting.body.contains("待审核"), waiting.body)
        let returned = try await unitA.submit("/subsidy/unit/people/\(personID)", from: "/subsidy/unit", form: [("action", "return"), ("opinion", "请上传劳动合同")])
        XCTAssertEqual(returned.status, .seeOther)
        let seen = try await person.get("/subsidy")
        XCTAssertTrue(seen.body.contains("已退回") && seen.body.contains("请上传劳动合同"), seen.body)
        let contract = try await person.upload(UploadsTests.png(2_000, marker: "contract"), name: "劳动合同.png", contentType: "image/png",
                                               kind: "labour-contract", caseRef: "\(SubsidySetup.personFiles):\(personID)")
        XCTAssertEqual(contract.status, .created, contract.body)
        _ = try await person.submit("/subsidy/resubmit", from: "/subsidy", form: [])
        // The unit opens the person's file; the other county's bureau cannot.
        let fileID = try await app.db.sql.raw("SELECT id FROM uploads WHERE case_type = \(bind: SubsidySetup.personFiles) AND case_id = \(bind: personID)").first()!
            .decode(column: "id", as: Int64.self)
        let opened = try await unitA.get("/uploads/\(fileID)")
        XCTAssertEqual(opened.status, .ok)
        let hidden = try await otherHR.get("/uploads/\(fileID)")
        XCTAssertEqual(hidden.status, .notFound)
        let approved = try await unitA.submit("/subsidy/unit/people/\(personID)", from: "/subsidy/unit", form: [("action", "approve")])
        XCTAssertEqual(approved.status, .seeOther)

        // Two work experiences in two counties: the current one (A, 沙坪坝), an earlier one (B, 南岸).
        let current = try await person.submit("/subsidy/work", from: "/subsidy/work", form: [
            ("unit", String(a)), ("is_current", "1"), ("contract_start", "2024-07-01"), ("contract_end", "2027-06-30"),
        ])
        XCTAssertEqual(current.status, .seeOther, current.body)
        let earlier = try await person.submit("/subsidy/work", from: "/subsidy/work", form: [
            ("unit", String(b)), ("contract_start", "2023-07-01"), ("contract_end", "2024-06-30"),
        ])
        XCTAssertEqual(earlier.status, .seeOther, earlier.body)
        let work = try await SubsidyStore.work(personID, on: app.db)
        XCTAssertEqual(Set(work.map(\.county)), ["500106", "500108"])

        // The city's data: insurance from 2019-03 first (a bachelor may not apply), then corrected.
        let cityHR = try await loggedIn("city_hr")
        let token = try await cityHR.get("/subsidy/data").csrfToken ?? ""
        let early = try await multipart(cityHR, path: "/subsidy/data", token: token, fields: [("kind", "insurance")],
                                        csv: "证件号码,缴费年月,参保状态,社保卡状态,发放银行,金融账号\n\(Self.personID),2019-03至2026-11,正常,正常,中国建设银行,6217000000000003003\n")
        XCTAssertEqual(early.status, .seeOther, early.body)
        let refused = try await person.get("/subsidy/apply")
        XCTAssertTrue(refused.body.contains("最早缴费年月为 2019-03") && refused.body.contains("不能申报"), refused.body)
        _ = try await multipart(cityHR, path: "/subsidy/data", token: token, fields: [("kind", "insurance")],
                                csv: "证件号码,缴费年月,参保状态,社保卡状态,发放银行,金融账号\n\(Self.personID),2024-07至2024-09、2024-11至2026-11,正常,正常,中国建设银行,6217000000000003003\n")
        _ = try await multipart(cityHR, path: "/subsidy/data", token: token, fields: [("kind", "degrees")],
                                csv: "证件号码,学历,学历证书编号,学位证书编号\n\(Self.personID),本科,\(Self.diploma),1061142024001234\n")
        let form = try await person.get("/subsidy/apply")
        XCTAssertTrue(form.body.contains("中国建设银行") && form.body.contains("新申领") && !form.body.contains("6217000000000003003"), form.body)

        // 县区 window for 2024 (the start month's year), then 暂存: 12 months, 2024-10 unpaid, 11 × 500.
        _ = try await TimeWindows.set(.livingSubsidy, owner: .init(kind: .county, id: "500106"), year: 2024,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 0, now: now, on: app.db)
        let currentWork = work.first { $0.isCurrent }!
        let application: [(String, String)] = [("kind", "生活补贴"), ("work_id", String(currentWork.id)), ("start", "2024-08"), ("end", "2025-07"),
                                               ("graduation", "2024-06"), ("first_work", "2024-07"), ("diploma_no", Self.diploma), ("degree_no", "1061142024001234")]
        // The degree registry fails once and answers the retry (review E9).
        app.subsidyDegrees = DegreeRegistryClient(registry: FailingOnce(), timeout: .seconds(5), attempts: 2)
        let draft = try await person.submit("/subsidy/apply", from: "/subsidy/apply", form: application + [("action", "save")])
        XCTAssertEqual(draft.status, .seeOther, draft.body)
        let caseID = try await app.db.sql.raw("SELECT id FROM subsidy_cases WHERE applicant_id = \(bind: personID)").first()!.decode(column: "id", as: Int64.self)
        var row = try await caseRow(caseID)
        XCTAssertEqual(row.data["months"], "12")
        XCTAssertEqual(row.data["unpaid_months"], "1")
        XCTAssertEqual(row.data["amount"], "5500.00")
        XCTAssertEqual(row.data["degree_check"], "已核验")
        XCTAssertEqual(row.data["claim_type"], "新申领")
        // At 提交 the registry does not answer within its timeout: 待核验, and the application goes on.
        app.subsidyDegrees = DegreeRegistryClient(registry: Hanging(), timeout: .milliseconds(200), attempts: 2)
        let submitted = try await person.submit("/subsidy/apply", from: "/subsidy/apply?id=\(caseID)", form: application + [("id", String(caseID)), ("action", "submit")])
        XCTAssertEqual(submitted.status, .seeOther, submitted.body)
        let afterSubmit = try await person.get("/subsidy/applications")
        XCTAssertTrue(afterSubmit.body.contains("教育部学历学位接口暂时无法访问"), afterSubmit.body)
        row = try await caseRow(caseID)
        XCTAssertEqual(row.status_key, "step:unit-review")
        XCTAssertEqual(row.data["degree_check"], "待核验")
        // The daily job asks again once the registry is back and records the answer.
        app.subsidyDegrees = DegreeRegistryClient()
        let rechecked = try await SubsidyDegreeRecheck.run(app)
        XCTAssertEqual(rechecked, 1)
        row = try await caseRow(caseID)
        XCTAssertEqual(row.data["degree_check"], "已核验")
        let recheckAudit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'subsidy.degree-recheck'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(recheckAudit, 1)
        // 《大学生生活补贴申请表》: a GET offers 生成 and writes nothing; the POST issues it once per version.
        let offer = try await person.get("/subsidy/applications/\(caseID)/print")
        XCTAssertTrue(offer.body.contains("生成并打印"), offer.body)
        seeOther(try await person.submit("/subsidy/applications/\(caseID)/print", from: "/subsidy/applications/\(caseID)/print", form: []))
        let sheet = try await person.get("/subsidy/applications/\(caseID)/print")
        XCTAssertTrue(sheet.body.contains("大学生生活补贴申请表") && sheet.body.contains("5500.00") && sheet.body.contains("赵丽"), sheet.body)
        _ = try await person.submit("/subsidy/applications/\(caseID)/print", from: "/subsidy/applications/\(caseID)/print", form: [])
        let versions = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM document_versions WHERE kind = 'living-subsidy-form'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(versions, 1)
        let strangerSheet = try await unitA.get("/subsidy/applications/\(caseID)/print")
        XCTAssertEqual(strangerSheet.status, .notFound)
        // A second application overlapping one month is refused at 提交.
        let overlapping = try await person.submit("/subsidy/apply", from: "/subsidy/apply", form: [("kind", "生活补贴"), ("work_id", String(currentWork.id)),
            ("start", "2025-07"), ("end", "2025-09"), ("graduation", "2024-06"), ("first_work", "2024-07"), ("diploma_no", Self.diploma), ("action", "submit")])
        XCTAssertTrue(overlapping.status == .unprocessableEntity || overlapping.body.contains("已申报过补贴"), overlapping.body)

        // The 13 steps. The other county's bureau sees nothing of the case.
        let foreign = try await otherHR.get("/review/living-subsidy/\(caseID)")
        XCTAssertEqual(foreign.status, .notFound)
        // Each step by its own account; the other county's account of the same role is refused first.
        let hr2 = try await loggedIn("county_hr2")
        func refusedTo(_ browser: Browser, _ form: [(String, String)] = [("action", "approve")], line: UInt = #line) async throws {
            let before = try await caseRow(caseID)
            let page = try await review(browser, caseID, form)
            XCTAssertEqual(page.status, .notFound, line: line)
            let after = try await caseRow(caseID)
            XCTAssertEqual(after.lock, before.lock, "nothing moved", line: line)
        }
        try await refusedTo(unitB)
        seeOther(try await review(unitA, caseID, [("action", "approve")]))   // 2 单位审核
        try await refusedTo(unitB)
        seeOther(try await review(unitA2, caseID, [("action", "approve")]))  // 3 单位上报 (the unit's second account)
        try await refusedTo(otherHR)
        seeOther(try await review(countyHR, caseID, [("action", "approve")])) // 4 县区人社局审核
        try await refusedTo(otherHR, [("action", "publicize"), ("days", "7")])
        let publicize = try await review(hr2, caseID, [("action", "publicize"), ("days", "7")]) // 5 公示
        XCTAssertEqual(publicize.status, .seeOther, publicize.body)
        row = try await caseRow(caseID)
        XCTAssertEqual(row.status_key, "publicity:publicity")
        let board = try await Browser(app).get("/publicity/subsidy")
        XCTAssertTrue(board.body.contains("赵*") && board.body.contains("5500.00") && !board.body.contains("赵丽") && !board.body.contains(Self.personID), board.body)
        let objection = try await visitor.submit("/publicity/subsidy/\(caseID)/objection", from: "/publicity/subsidy",
                                                 form: [("content", "该同学 2024 年 10 月不在单位工作"), ("contact", "13800009999")])
        XCTAssertEqual(objection.status, .seeOther)
        let hrDetail = try await countyHR.get("/review/living-subsidy/\(caseID)")
        XCTAssertTrue(hrDetail.body.contains("该同学 2024 年 10 月不在单位工作"), "the county HR bureau reads the objection")
        let unitDetail = try await unitA.get("/review/living-subsidy/\(caseID)")
        XCTAssertFalse(unitDetail.body.contains("该同学 2024 年 10 月不在单位工作"), "nobody else does")
        seeOther(try await review(countyHR, caseID, [("action", "object"), ("reason", "群众反映 2024 年 10 月不在岗")]))
        app.clock.advance(seconds: 8 * 86_400)
        let closed = try await PublicityCloser.run(app, types: [SubsidyCase.type])
        XCTAssertEqual(closed, 1)
        let countyHR3 = try await loggedIn("county_hr3")
        let notYet = try await review(countyHR3, caseID, [("action", "approve")])
        let held = try await caseRow(caseID)
        XCTAssertEqual(held.status_key, "step:assessment", "an open objection keeps the case in 评审: \(notYet.status)")
        seeOther(try await review(countyHR3, caseID, [("action", "resolve"), ("reason", "经核实该月为单位派驻外地，已扣发当月补贴")]))
        try await refusedTo(try await loggedIn("nanan_hr"))
        seeOther(try await review(countyHR3, caseID, [("action", "approve")]))   // 6 评审
        try await refusedTo(try await loggedIn("nanan_hr"))
        seeOther(try await review(try await loggedIn("county_hr4"), caseID, [("action", "approve")]))   // 7 上报县区组织部
        // 生活补贴参数 (E10): the city takes 60 % of 沙坪坝区's 本科 subsidies from this month.
        let month = ChinaTime.fields(app.clock.now())
        let thisMonth = YearMonth(year: month.year, month: month.month)!.description
        let cityHRParameters = try await loggedIn("city_hr")
        seeOther(try await cityHRParameters.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "share"), ("education", "本科"), ("county", "重庆市沙坪坝区"), ("effective_from", thisMonth), ("value", "60")]))
        try await refusedTo(try await loggedIn("nanan_org"))
        let countyOrg = try await loggedIn("county_org")
        seeOther(try await review(countyOrg, caseID, [("action", "approve")]))   // 8 县区组织部确认
        row = try await caseRow(caseID)
        XCTAssertEqual(row.status_key, "step:city-summary")
        let shares = try await app.db.sql.raw("SELECT city_share_fen, county_share_fen FROM subsidy_cases WHERE id = \(bind: caseID)").first()!
        XCTAssertEqual(try shares.decode(column: "city_share_fen", as: Int64?.self), 330_000)
        XCTAssertEqual(try shares.decode(column: "county_share_fen", as: Int64?.self), 220_000)
        // 9 市人社局汇总: a numbered batch; 10 市组织部; 11 市财政局; 12 县财政局.
        let cityHR2 = try await loggedIn("city_hr")
        let formed = try await cityHR2.submit("/review/living-subsidy/selection", from: "/review/living-subsidy", form: [("action", "batch"), ("ids", String(caseID))])
        let batch = formed.location?.split(separator: "/").last.map(String.init) ?? ""
        XCTAssertFalse(batch.isEmpty, formed.body)
        seeOther(try await actOnBatch(cityHR2, batch))
        seeOther(try await actOnBatch(try await loggedIn("city_org"), batch))
        seeOther(try await actOnBatch(try await loggedIn("city_finance"), batch))
        let notTheirs = try await loggedIn("nanan_finance").get("/review/living-subsidy/batches/\(batch)")
        XCTAssertEqual(notTheirs.status, .notFound, "the other county's finance bureau does not see the batch")
        let countyFinance = try await loggedIn("county_finance")
        seeOther(try await actOnBatch(countyFinance, batch))
        row = try await caseRow(caseID)
        XCTAssertEqual(row.status_key, "step:receipt")
        // A week at 个人拨付待确认: one reminder by SMS, not two in the same week.
        app.clock.advance(seconds: 8 * 86_400)
        let reminded = try await SubsidyReminders.run(app)
        XCTAssertEqual(reminded, 1)
        let remindedAgain = try await SubsidyReminders.run(app)
        XCTAssertEqual(remindedAgain, 0)
        // 13 个人拨付确认: first 未到账, back to county finance, paid again in a batch, then confirmed.
        let person2 = try await loggedIn("zhao_li", "Aid-Pass-2026")
        let countyFinanceAgain = try await loggedIn("county_finance")
        let detail = try await person2.get("/subsidy/applications/\(caseID)")
        XCTAssertTrue(detail.body.contains("个人拨付待确认") && detail.body.contains("拨付确认"), detail.body)
        let missing = try await person2.submit("/subsidy/applications/\(caseID)/not-received", from: "/subsidy/applications/\(caseID)",
                                               form: [("reason", "社保卡金融账户未激活")])
        XCTAssertEqual(missing.status, .seeOther)
        row = try await caseRow(caseID)
        XCTAssertEqual(row.status_key, "step:county-finance")
        let again = try await countyFinanceAgain.submit("/review/living-subsidy/selection", from: "/review/living-subsidy", form: [("action", "batch"), ("ids", String(caseID))])
        let repay = again.location?.split(separator: "/").last.map(String.init) ?? ""
        seeOther(try await actOnBatch(countyFinanceAgain, repay))
        let confirmed = try await person2.submit("/subsidy/applications/\(caseID)/confirm", from: "/subsidy/applications/\(caseID)", form: [])
        XCTAssertEqual(confirmed.status, .seeOther)
        row = try await caseRow(caseID)
        XCTAssertEqual(row.status_key, "approved")
        // The city's dashboard: the case counted under 沙坪坝区, 本科 and 2024-08, paid.
        let cityHR3 = try await loggedIn("city_hr")
        let dashboard = try await cityHR3.get("/subsidy/dashboard")
        XCTAssertTrue(dashboard.body.contains("重庆市沙坪坝区") && dashboard.body.contains("5500.00") && dashboard.body.contains("2024-08") && dashboard.body.contains("<svg"), dashboard.body)
        let csv = try await cityHR3.get("/subsidy/dashboard/export?format=csv")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.body.contains("沙坪坝区") && csv.body.contains("5500.00"), csv.body)
        let noDashboard = try await loggedIn("county_hr").get("/subsidy/dashboard")
        XCTAssertEqual(noDashboard.status, .notFound)
        let history = try await CaseEngine.history(SubsidyCase.type, id: caseID, on: app.db)
        let actors = Set(history.compactMap(\.actor_role))
        XCTAssertTrue(actors.isSuperset(of: ["employer", "countyHR", "countyOrganization", "cityHR", "cityOrganization", "cityFinance", "countyFinance"]), "\(actors)")
        let messages = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: personID)").first()!.decode(column: "n", as: Int.self)
        XCTAssertGreaterThanOrEqual(messages, 10, "a message at every step")
    }
}

/// A registry that fails its first call and then reads the imported table.
final class FailingOnce: DegreeRegistry, @unchecked Sendable {
    private let calls = NIOLockedValueBox(0)

    func status(diploma: String, idHash: String, on db: any Database) async throws -> SubsidyChecks.DegreeStatus {
        let call = calls.withLockedValue { count in
            count += 1
            return count
        }
        if call == 1 { throw Abort(.serviceUnavailable) }
        return try await ImportedDegreeRegistry().status(diploma: diploma, idHash: idHash, on: db)
    }
}

/// A registry that never answers (and ignores cancellation, as a stuck connection would).
struct Hanging: DegreeRegistry {
    func status(diploma: String, idHash: String, on db: any Database) async throws -> SubsidyChecks.DegreeStatus {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + 3) { continuation.resume() }
        }
        return .verified
    }
}
