@testable import JiuyeApp
@testable import JiuyeGrassrootsAid
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 基层就业资助 (seeds 000, 001) over HTTP: registration against the registry, one account per
/// person, the application wizard with a 公务员 form whose departments differ, withdraw and
/// resubmit, the reviewer's 系统判断结果 and rejection by SMS, the 复核 a year later passing both
/// reviews, the first 在职在岗确认 opening the same year with its amount, and scope.
final class GrassrootsFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await DemoSeed.seedCases(app)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func register(_ browser: Browser, id: String, name: String, phone: String) async throws -> Browser.Page {
        let school = try await Demo.schoolID(app)
        return try await browser.submit("/grassroots/register", from: "/grassroots/register", form: [
            ("school", String(school)), ("id_type", "1"), ("id_number", id), ("name", name), ("phone", phone),
            ("password", "Aid-Pass-2026"), ("confirm", "Aid-Pass-2026"),
        ])
    }

    func count(_ sql: SQLQueryString) async throws -> Int {
        try await app.db.sql.raw(sql).first()!.decode(column: "n", as: Int.self)
    }

    func row(_ stage: GrassrootsStage, user: Int64) async throws -> CaseRow? {
        let type = GrassrootsCaseTypes.type(stage)
        let id = try await app.db.sql.raw("SELECT id FROM \(ident: type.table) WHERE applicant_id = \(bind: user) ORDER BY id DESC LIMIT 1").first()?
            .decode(column: "id", as: Int64.self)
        return try await id.asyncMap { try await CaseEngine.load(type, id: $0, on: app.db) } ?? nil
    }

    func testRegistrationFollowsTheRegistryAndKeepsOneAccountPerPerson() async throws {
        let visitor = Browser(app)
        let form = try await visitor.get("/grassroots/register")
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.contains("基层就业资助学生注册") && form.body.contains("港澳居民来往内地通行证"), form.body)
        // Not in any list: the seed's failure text, and no account.
        let refused = try await register(visitor, id: DemoSeed.unlistedID, name: "赵六", phone: "13800002099")
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("注册失败") && refused.body.contains("补录库"), refused.body)
        let unlisted = try await count("SELECT COUNT(*) AS n FROM users WHERE id_number_hash = \(bind: app.keys.lookupHash(DemoSeed.unlistedID))")
        XCTAssertEqual(unlisted, 0)
        // In the 高校学生信息库 as this year's graduate, but a different name: refused the same way.
        let wrongName = try await register(Browser(app), id: DemoSeed.aidStudentID, name: "王方", phone: "13800002002")
        XCTAssertEqual(wrongName.status, .unprocessableEntity)
        // The right name: an account with the aid role, logged in.
        let wang = Browser(app)
        let registered = try await register(wang, id: DemoSeed.aidStudentID, name: DemoSeed.aidStudentName, phone: DemoSeed.aidStudentPhone)
        XCTAssertEqual(registered.status, .seeOther, registered.body)
        let home = try await wang.get("/grassroots")
        XCTAssertTrue(home.body.contains("基层就业申请") && home.body.contains("立即申请") && home.body.contains("第二次在职在岗确认复核"), home.body)
        // 张明 has a platform account: registration sends him to log in; he opens the role there.
        let again = try await register(Browser(app), id: try await zhangID(), name: "张明", phone: "13800002077")
        XCTAssertEqual(again.status, .conflict)
        XCTAssertTrue(again.body.contains("已有平台账号"), again.body)
        let zhang = try await loggedIn(DemoSeed.demoStudentNo)
        let join = try await zhang.get("/grassroots/join")
        XCTAssertTrue(join.body.contains("开通基层就业资助"), join.body)
        let opened = try await zhang.submit("/grassroots/join", from: "/grassroots/join", form: [("school", String(try await Demo.schoolID(app)))])
        XCTAssertEqual(opened.status, .seeOther, opened.body)
        let zhangHome = try await zhang.get("/grassroots")
        XCTAssertTrue(zhangHome.body.contains("张明") && zhangHome.body.contains("立即申请"), zhangHome.body)
        let accounts = try await count("SELECT COUNT(*) AS n FROM users WHERE id_number_hash = \(bind: app.keys.lookupHash(try await zhangID()))")
        XCTAssertEqual(accounts, 1)
        let zhangUser = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let roles = try await AccountQueries.roles(userID: zhangUser, on: app.db)
        XCTAssertEqual(Set(roles), [.student, .grassrootsApplicant])
        let basis = try await app.db.sql.raw("SELECT basis FROM aid_people WHERE user_id = \(bind: zhangUser)").first()!.decode(column: "basis", as: String.self)
        XCTAssertEqual(basis, "supplement")
    }

    func zhangID() async throws -> String {
        let cipher = try await app.db.sql.raw("SELECT id_number_cipher FROM users WHERE student_no = \(bind: DemoSeed.demoStudentNo)").first()!
            .decode(column: "id_number_cipher", as: String.self)
        return try app.keys.decrypt(cipher)
    }

    static let civilServantForm: [(String, String)] = [
        ("aid_mode", "学费补偿"), ("unit_name", "酉阳县龙潭镇人民政府"), ("unit_credit_code", ""), ("position", "综合办公室科员"),
        ("phone", "13800002002"), ("service_start", "2026-07-01"), ("service_end", "2031-06-30"),
        ("work_county", "重庆市酉阳土家族苗族自治县"), ("work_township", "500242102"), ("work_address", "龙潭镇中心街 1 号"),
        ("place_special", ""), ("manual_address", ""), ("industry", "公务员|"),
        ("civil_servant_kind", "公务员（选调生）"), ("departments_same", "否"), ("same_department", ""),
        ("hiring_department", "县级以上（含县级）局（委员会、办公室）"), ("actual_department", "乡镇政府"), ("department_other", ""),
        ("action", "next"),
    ]

    func uploadAll(_ browser: Browser, stage: GrassrootsStage, row: CaseRow) async throws {
        let materials = GrassrootsMaterials.required(stage: stage, form: CaseController.form(row.data))
        for material in materials {
            let uploaded = try await browser.upload(UploadsTests.png(2_000, marker: material.kind.rawValue), name: "\(material.label).png", contentType: "image/png",
                                                    kind: material.kind.rawValue, caseRef: "\(GrassrootsCaseTypes.key(stage)):\(row.id)")
            XCTAssertEqual(uploaded.status, .created, uploaded.body)
        }
    }

    func testApplicationReviewRejectionReviewAYearLaterAndTheFirstConfirmation() async throws {
        let wang = Browser(app)
        _ = try await register(wang, id: DemoSeed.aidStudentID, name: DemoSeed.aidStudentName, phone: DemoSeed.aidStudentPhone)
        let wangID = try await app.db.sql.raw("SELECT id FROM users WHERE id_number_hash = \(bind: app.keys.lookupHash(DemoSeed.aidStudentID))").first()!
            .decode(column: "id", as: Int64.self)
        // 承诺书 must be agreed.
        let notAgreed = try await wang.submit("/grassroots/case/apply/pledge", from: "/grassroots/case/apply", form: [("supplement", "0")])
        XCTAssertEqual(notAgreed.status, .unprocessableEntity)
        let pledged = try await wang.submit("/grassroots/case/apply/pledge", from: "/grassroots/case/apply", form: [("supplement", "0"), ("agree", "1")])
        XCTAssertEqual(pledged.status, .seeOther, pledged.body)
        // The form: a county seat's lists refused at a township that is not one; then the 公务员 form.
        var wrong = Self.civilServantForm
        wrong.append(("special_unit_types", "乡镇政府"))
        let refused = try await wang.submit("/grassroots/case/apply/form", from: "/grassroots/case/apply?step=form", form: wrong)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("县政府驻地"), refused.body)
        let saved = try await wang.submit("/grassroots/case/apply/form", from: "/grassroots/case/apply?step=form", form: Self.civilServantForm)
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        var apply = try await row(.apply, user: wangID)!
        XCTAssertEqual(apply.data["work_county"], "500242")
        XCTAssertEqual(apply.data["county_seat"], "0")
        XCTAssertEqual(apply.data["supplement"], "0")
        // The generated 申请表: a GET offers 生成 (writes nothing); the POST issues it once per version.
        let offer = try await wang.get("/grassroots/case/apply/template")
        XCTAssertTrue(offer.body.contains("生成并打印模版"), offer.body)
        let issued = try await wang.submit("/grassroots/case/apply/template/issue", from: "/grassroots/case/apply/template", form: [])
        XCTAssertEqual(issued.status, .seeOther)
        let printed = try await wang.get("/grassroots/case/apply/template")
        XCTAssertTrue(printed.body.contains("中央高校毕业生基层就业学费补偿国家助学贷款代偿申请表") && printed.body.contains("酉阳") && printed.body.contains("龙潭镇"), printed.body)
        _ = try await wang.submit("/grassroots/case/apply/template/issue", from: "/grassroots/case/apply/template", form: [])
        let versions = try await count("SELECT COUNT(*) AS n FROM document_versions WHERE kind = 'grassroots-apply-form'")
        XCTAssertEqual(versions, 1)
        // Materials: the differing departments ask for the 二次分配就业证明 with the county-stamp hint.
        let materials = try await wang.get("/grassroots/case/apply?step=materials")
        XCTAssertTrue(materials.body.contains("二次分配就业证明") && materials.body.contains(GrassrootsForm.countyStampHint), materials.body)
        let early = try await wang.submit("/grassroots/case/apply/submit", from: "/grassroots/case/apply?step=preview", form: [])
        XCTAssertEqual(early.status, .unprocessableEntity)
        XCTAssertTrue(early.body.contains("请先上传"), early.body)
        try await uploadAll(wang, stage: .apply, row: apply)
        let preview = try await wang.get("/grassroots/case/apply?step=preview")
        XCTAssertTrue(preview.body.contains("预览提交") && preview.body.contains("龙潭镇") && preview.body.contains("二次分配就业证明.png"), preview.body)
        let submitted = try await wang.submit("/grassroots/case/apply/submit", from: "/grassroots/case/apply?step=preview", form: [])
        XCTAssertEqual(submitted.status, .seeOther, submitted.body)
        let home = try await wang.get("/grassroots")
        XCTAssertTrue(home.body.contains("待审核") && home.body.contains("已申请"), home.body)
        // 撤回 before the college acts: the same case back to draft; then submitted again.
        let withdrawn = try await wang.submit("/grassroots/case/apply/withdraw", from: "/grassroots/records", form: [])
        XCTAssertEqual(withdrawn.status, .seeOther)
        apply = try await row(.apply, user: wangID)!
        XCTAssertEqual(apply.status_key, "draft")
        let again = try await wang.submit("/grassroots/case/apply/submit", from: "/grassroots/case/apply?step=preview", form: [])
        XCTAssertEqual(again.status, .seeOther, again.body)
        let cases = try await count("SELECT COUNT(*) AS n FROM grassroots_apply_cases WHERE applicant_id = \(bind: wangID)")
        XCTAssertEqual(cases, 1)
        apply = try await row(.apply, user: wangID)!
        XCTAssertEqual(apply.status_key, "step:college-review")

        // A reviewer of another college sees nothing; the college's reviewer sees the judgement.
        let other = try await loggedIn("reviewer2")
        let hidden = try await other.get("/review/grassroots-apply/\(apply.id)")
        XCTAssertEqual(hidden.status, .notFound)
        let otherList = try await other.get("/review/grassroots-apply")
        XCTAssertFalse(otherList.body.contains(DemoSeed.aidStudentName))
        let reviewer = try await loggedIn("reviewer")
        let index = try await reviewer.get("/grassroots/review")
        XCTAssertTrue(index.body.contains("申请名单审核") && index.body.contains("基层就业申请"), index.body)
        let detail = try await reviewer.get("/review/grassroots-apply/\(apply.id)")
        XCTAssertEqual(detail.status, .ok)
        for text in ["系统判断结果（仅供参考）", "地区", "服务期", "公务员", "实际缴纳金额", "5000.00", "是否补录名单", "是否县政府驻地", "龙潭镇"] {
            XCTAssertTrue(detail.body.contains(text), text)
        }
        // 变更明细 names every row in Chinese: no bookkeeping key reaches the page.
        for key in ["pledged", "supplement", "county_seat", "county_name", "township_name"] {
            XCTAssertFalse(detail.body.contains(">\(key)<") || detail.body.contains("_county_name"), key)
        }
        // The materials open for the reviewer (王芳 is no graduate of the school's student list).
        let fileID = try await app.db.sql.raw("SELECT id FROM uploads WHERE case_type = 'grassroots-apply' AND case_id = \(bind: apply.id) ORDER BY id LIMIT 1").first()!
            .decode(column: "id", as: Int64.self)
        let opened = try await reviewer.get("/uploads/\(fileID)")
        XCTAssertEqual(opened.status, .ok)
        let foreign = try await other.get("/uploads/\(fileID)")
        XCTAssertEqual(foreign.status, .notFound)
        // 不通过 needs a reason; with one, the student gets it by SMS.
        let noReason = try await reviewer.submit("/review/grassroots-apply/\(apply.id)", from: "/review/grassroots-apply/\(apply.id)",
                                                 form: [("action", "reject"), ("reason", ""), ("lock", String(apply.lock))])
        XCTAssertEqual(noReason.status, .unprocessableEntity)
        let smsBefore = try await count("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND user_id = \(bind: wangID)")
        let rejected = try await reviewer.submit("/review/grassroots-apply/\(apply.id)", from: "/review/grassroots-apply/\(apply.id)",
                                                 form: [("action", "reject"), ("reason", "缺少县级组织部门盖章的二次分配就业证明"), ("lock", String(apply.lock))])
        XCTAssertEqual(rejected.status, .seeOther, rejected.body)
        let smsAfter = try await count("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND user_id = \(bind: wangID)")
        XCTAssertEqual(smsAfter, smsBefore + 1)
        apply = try await row(.apply, user: wangID)!
        XCTAssertEqual(apply.status_key, "rejected")
        // This year the 复核 is not open yet.
        let notYet = try await wang.get("/grassroots")
        XCTAssertTrue(notYet.body.contains("基层就业复核在\(ChinaTime.fields(app.clock.now()).year + 1)年填报"), notYet.body)

        // A year later: the 复核, filled from the application, passes the college and the school.
        app.clock.advance(seconds: 365 * 86_400)
        let wang2 = Browser(app)
        let login = try await wang2.login(DemoSeed.aidStudentPhone, "Aid-Pass-2026")
        XCTAssertEqual(login.status, .seeOther)
        let later = try await wang2.get("/grassroots")
        XCTAssertTrue(later.body.contains("基层就业复核"), later.body)
        _ = try await wang2.submit("/grassroots/case/apply-review/pledge", from: "/grassroots/case/apply-review", form: [("agree", "1")])
        let prefilled = try await wang2.get("/grassroots/case/apply-review?step=form")
        XCTAssertTrue(prefilled.body.contains("酉阳县龙潭镇人民政府"), "the 复核 starts from the application's content")
        var reviewForm = Self.civilServantForm
        let noStatement = try await wang2.submit("/grassroots/case/apply-review/form", from: "/grassroots/case/apply-review?step=form", form: reviewForm)
        XCTAssertEqual(noStatement.status, .unprocessableEntity, "a 复核 needs its 复核说明")
        reviewForm.append(("statement", "已补充县委组织部盖章的二次分配就业证明。"))
        let reviewSaved = try await wang2.submit("/grassroots/case/apply-review/form", from: "/grassroots/case/apply-review?step=form", form: reviewForm)
        XCTAssertEqual(reviewSaved.status, .seeOther, reviewSaved.body)
        var review = try await row(.applyReview, user: wangID)!
        try await uploadAll(wang2, stage: .applyReview, row: review)
        let reviewSubmitted = try await wang2.submit("/grassroots/case/apply-review/submit", from: "/grassroots/case/apply-review?step=preview", form: [])
        XCTAssertEqual(reviewSubmitted.status, .seeOther, reviewSubmitted.body)
        review = try await row(.applyReview, user: wangID)!
        let reviewer2027 = try await loggedIn("reviewer")   // a year on, the old sessions have long expired
        let collegePass = try await reviewer2027.submit("/review/grassroots-apply-review/\(review.id)", from: "/review/grassroots-apply-review/\(review.id)",
                                                    form: [("action", "approve"), ("lock", String(review.lock))])
        XCTAssertEqual(collegePass.status, .seeOther, collegePass.body)
        review = try await row(.applyReview, user: wangID)!
        XCTAssertEqual(review.status_key, "step:school-review")
        let school = try await loggedIn("school")
        let schoolPass = try await school.submit("/review/grassroots-apply-review/\(review.id)", from: "/review/grassroots-apply-review/\(review.id)",
                                                 form: [("action", "approve"), ("lock", String(review.lock))])
        XCTAssertEqual(schoolPass.status, .seeOther, schoolPass.body)
        review = try await row(.applyReview, user: wangID)!
        XCTAssertEqual(review.status_key, "approved")
        // The amount is fixed at the school's approval: 4 years × 5,000 yuan, in three parts.
        let award = try await GrassrootsStore.award(wangID, on: app.db)
        XCTAssertEqual(award?.total, 2_000_000)
        XCTAssertEqual(award?.installments.map(\.amount), [666_666, 666_666, 666_668])
        XCTAssertNotNil(award?.installments.first?.dueSince)
        XCTAssertNil(award?.installments.last?.dueSince)
        // The first 在职在岗确认 opens this same year, and the student sees the amount.
        let after = try await wang2.get("/grassroots")
        XCTAssertTrue(after.body.contains("立即填报") && after.body.contains("20000.00") && after.body.contains("6666.68"), after.body)
        // The school pays the first installment; the list shows it.
        let paid = try await school.submit("/grassroots/admin/installments", from: "/grassroots/admin/cases", form: [("user", String(wangID)), ("number", "1")])
        XCTAssertEqual(paid.status, .seeOther)
        let list = try await school.get("/grassroots/admin/cases")
        XCTAssertTrue(list.body.contains("已拨付"), list.body)
        let twice = try await school.submit("/grassroots/admin/installments", from: "/grassroots/admin/cases", form: [("user", String(wangID)), ("number", "2")])
        XCTAssertEqual(twice.status, .seeOther)
        let second = try await GrassrootsStore.award(wangID, on: app.db)?.installments[1]
        XCTAssertNil(second?.paidAt, "the second installment waits for the first confirmation")
    }

    func testSchoolImportsTheRegistryAndBankCardsAreMasked() async throws {
        let school = try await loggedIn("school")
        let page = try await school.get("/grassroots/admin")
        XCTAssertTrue(page.body.contains("资助信息库") && page.body.contains("高校学生信息库"), page.body)
        let token = page.csrfToken ?? ""
        let newcomer = ChineseIDNumber.completing("50024220030901003")!
        let csv = "证件号码,姓名,院系,学历,毕业年份,学制\n\(newcomer),钱七,计算机学院,本科,\(ChinaTime.fields(app.clock.now()).year),4\nbad,孙八,不存在学院,本科,2026,4\n"
        let refused = try await multipart(school, path: "/grassroots/admin/import", token: token, fields: [("kind", "students")], csv: csv)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("第 3 行"), refused.body)
        let good = try await multipart(school, path: "/grassroots/admin/import", token: token, fields: [("kind", "students")], csv: String(csv.split(separator: "\n").prefix(2).joined(separator: "\n")) + "\n")
        XCTAssertEqual(good.status, .seeOther, good.body)
        let newbie = Browser(app)
        let registered = try await register(newbie, id: newcomer, name: "钱七", phone: "13800002003")
        XCTAssertEqual(registered.status, .seeOther, registered.body)
        // 银行卡: length refused; a card failing Luhn is kept with a warning; shown masked.
        let short = try await newbie.submit("/grassroots/bank", from: "/grassroots/bank", form: [("bank", "中国建设银行"), ("card", "62220202")])
        XCTAssertEqual(short.status, .unprocessableEntity)
        let saved = try await newbie.submit("/grassroots/bank", from: "/grassroots/bank", form: [("bank", "中国建设银行重庆酉阳支行"), ("card", "6222020200001234567")])
        XCTAssertEqual(saved.status, .seeOther)
        let bank = try await newbie.get("/grassroots/bank")
        XCTAssertTrue(bank.body.contains("尾号4567") && !bank.body.contains("6222020200001234567"), bank.body)
    }

    func testHongKongDocumentsStageScopeTheWindowAndTheRegistrySync() async throws {
        // A 港澳 graduate: the registry row carries the document type; registration uses it.
        let school = try await loggedIn("school")
        let token = try await school.get("/grassroots/admin").csrfToken ?? ""
        let year = ChinaTime.fields(app.clock.now()).year
        let csv = "证件类型,证件号码,姓名,院系,学历,毕业年份,学号,专业\n港澳居民来往内地通行证,H12345678,陈嘉欣,01,本科,\(year),\(year)018801,计算机科学与技术\n"
        let imported = try await multipart(school, path: "/grassroots/admin/import", token: token, fields: [("kind", "students")], csv: csv)
        XCTAssertEqual(imported.status, .seeOther, imported.body)
        let chan = Browser(app)
        let schoolID = try await Demo.schoolID(app)
        let registered = try await chan.submit("/grassroots/register", from: "/grassroots/register", form: [
            ("school", String(schoolID)), ("id_type", IdentityDocumentType.hkMacaoPass.rawValue), ("id_number", "h1234-5678"), ("name", "陈嘉欣"),
            ("phone", "13800002005"), ("password", "Aid-Pass-2026"), ("confirm", "Aid-Pass-2026"),
        ])
        XCTAssertEqual(registered.status, .seeOther, registered.body)
        let chanID = try await app.db.sql.raw("SELECT id FROM users WHERE id_number_hash = \(bind: app.keys.lookupHash("H12345678"))").first()!
            .decode(column: "id", as: Int64.self)
        // 同步资助信息库信息: the school corrects the 专业; the sync brings it to the student's data.
        let corrected = csv.replacingOccurrences(of: ",计算机科学与技术", with: ",软件工程")
        _ = try await multipart(school, path: "/grassroots/admin/import", token: token, fields: [("kind", "students")], csv: corrected)
        let synced = try await chan.submit("/grassroots/sync", from: "/grassroots/case/apply?step=form", form: [("next", "/grassroots/case/apply?step=form")])
        XCTAssertEqual(synced.status, .seeOther)
        let major = try await app.db.sql.raw("SELECT major FROM aid_people WHERE user_id = \(bind: chanID)").first()!.decode(column: "major", as: String?.self)
        XCTAssertEqual(major, "软件工程")
        // Her application, submitted; a reviewer of the same college but the 研究生 学段 sees nothing.
        _ = try await chan.submit("/grassroots/case/apply/pledge", from: "/grassroots/case/apply", form: [("agree", "1"), ("supplement", "0")])
        var form = Self.civilServantForm
        form[4] = ("phone", "13800002005")
        let saved = try await chan.submit("/grassroots/case/apply/form", from: "/grassroots/case/apply?step=form", form: form)
        XCTAssertEqual(saved.status, .seeOther, saved.body)
        var apply = try await row(.apply, user: chanID)!
        try await uploadAll(chan, stage: .apply, row: apply)
        // With the window closed the submission is refused with the dates; reopened, it goes through.
        let owner = TimeWindows.Owner(kind: .school, id: String(schoolID))
        let now = app.clock.now()
        _ = try await TimeWindows.set(.grassrootsApply, owner: owner, year: year, window: TimeWindow(opensAt: now - 10 * 86_400, closesAt: now - 86_400), by: 0, now: now, on: app.db)
        let closed = try await chan.submit("/grassroots/case/apply/submit", from: "/grassroots/case/apply?step=preview", form: [])
        XCTAssertEqual(closed.status, .unprocessableEntity, closed.body)
        XCTAssertTrue(closed.body.contains("基层就业学费补偿申请"), closed.body)
        _ = try await TimeWindows.set(.grassrootsApply, owner: owner, year: year, window: TimeWindow(opensAt: now - 86_400, closesAt: now + 86_400), by: 0, now: now, on: app.db)
        let open = try await chan.submit("/grassroots/case/apply/submit", from: "/grassroots/case/apply?step=preview", form: [])
        XCTAssertEqual(open.status, .seeOther, open.body)
        apply = try await row(.apply, user: chanID)!
        let graduateReviewer = try await AccountQueries.create(.init(username: "reviewer_grad", displayName: "研究生审核员", passwordHash: try await app.passwords.hash(DemoSeed.password)),
                                                               keys: app.keys, now: now, on: app.db)
        let college = try await app.db.sql.raw("SELECT college_id FROM aid_people WHERE user_id = \(bind: chanID)").first()!.decode(column: "college_id", as: Int64.self)
        _ = try await AccountQueries.addAssignment(userID: graduateReviewer, role: .grassrootsReviewer,
                                                   scope: [.school: [String(schoolID)], .college: [String(college)], .stage: [StudyStage.graduate.rawValue]],
                                                   createdBy: nil, now: now, on: app.db)
        let grad = try await loggedIn("reviewer_grad")
        let hidden = try await grad.get("/review/grassroots-apply/\(apply.id)")
        XCTAssertEqual(hidden.status, .notFound)
        let list = try await grad.get("/review/grassroots-apply")
        XCTAssertFalse(list.body.contains("陈嘉欣"), list.body)
        let index = try await grad.get("/grassroots/review")
        XCTAssertTrue(index.body.contains("基层就业申请"), index.body)
        let seen = try await loggedIn("reviewer").get("/review/grassroots-apply")
        XCTAssertTrue(seen.body.contains("陈"), seen.body)
    }

    func multipart(_ browser: Browser, path: String, token: String, fields: [(String, String)], csv: String) async throws -> Browser.Page {
        let boundary = "----jiuye\(UUID().uuidString)"
        var body = ByteBuffer()
        for (name, value) in fields { body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n") }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeString(csv)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Origin": TestApp.origin]
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: .POST, url: URI(path: "\(path)?_csrf=\(token)"), headers: headers, body: body))
        return Browser.Page(status: response.status, headers: response.headers, body: response.body.string)
    }
}
