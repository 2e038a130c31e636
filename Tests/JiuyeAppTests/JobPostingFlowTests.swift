@testable import JiuyeApp
@testable import JiuyeJobCentre
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 招聘信息 over HTTP: a verified unit posts a position; it is not public until its school
/// approves it; another school's admin and another unit see nothing of it; a return needs a
/// reason; the public list searches and filters; a student favourites it; the unit takes it
/// down and it leaves the public list.
final class JobPostingFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await DemoSeed.seedCases(app)   // the demo employer, verified by the demo school
    }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser { try await Browser.loggedIn(app, user) }

    func account(_ username: String, role: Role, scope: [ScopeDimension: Set<String>]) async throws -> Browser {
        let now = app.clock.now()
        let id = try await AccountQueries.create(.init(username: username, displayName: username, passwordHash: try await app.passwords.hash(DemoSeed.password)),
                                                 keys: app.keys, now: now, on: app.db)
        _ = try await AccountQueries.addAssignment(userID: id, role: role, scope: scope, createdBy: nil, now: now, on: app.db)
        return try await loggedIn(username)
    }

    var today: String { ChinaTime.date(app.clock.now()) }
    var inAMonth: String { ChinaTime.date(app.clock.now() + 30 * 86_400) }

    func posting(_ title: String, salary: (String, String) = ("8000", "12000"), county: String = "重庆市沙坪坝区") -> [(String, String)] {
        [("title", title), ("category", "13"), ("county", county), ("salary_min", salary.0), ("salary_max", salary.1), ("education", "本科"),
         ("majors", "计算机科学与技术"), ("headcount", "3"), ("deadline", inAMonth), ("description", "负责后端服务开发。\n<script>alert(1)</script>熟悉数据库。")]
    }

    func testAVerifiedUnitPostsTheSchoolReviewsAndStudentsFindAndKeepIt() async throws {
        let employer = try await loggedIn("employer")
        let school = try await app.db.sql.raw("SELECT id FROM schools ORDER BY id LIMIT 1").first()!.decode(column: "id", as: Int64.self)
        let form = try await employer.get("/jobcentre/postings/new")
        XCTAssertTrue(form.body.contains("发布职位") && form.body.contains("工作职位类别"), form.body)

        // Bad input: every problem in Chinese, nothing written.
        var bad = posting("软件开发工程师", salary: ("12000", "8000"), county: "火星")
        bad.append(("school", String(school)))
        let refused = try await employer.submit("/jobcentre/postings", from: "/jobcentre/postings/new", form: bad)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        XCTAssertTrue(refused.body.contains("请填写月薪范围") && refused.body.contains("请填写工作地点"), refused.body)
        let none = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_postings").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(none, 0)
        let elsewhere = try await employer.submit("/jobcentre/postings", from: "/jobcentre/postings/new", form: posting("软件开发工程师") + [("school", "999999")])
        XCTAssertEqual(elsewhere.status, .unprocessableEntity, "only a school that verified the unit")

        // Two postings; both wait for the school.
        for title in ["软件开发工程师", "数据分析师"] {
            let created = try await employer.submit("/jobcentre/postings", from: "/jobcentre/postings/new",
                                                    form: posting(title, salary: title == "数据分析师" ? ("5000", "7000") : ("8000", "12000")) + [("school", String(school))])
            XCTAssertEqual(created.status, .seeOther, created.body)
        }
        let ids = try await app.db.sql.raw("SELECT id FROM job_postings ORDER BY id").all().map { try $0.decode(column: "id", as: Int64.self) }
        let (developer, analyst) = (ids[0], ids[1])
        let anonymous = Browser(app)
        var list = try await anonymous.get("/jobs")
        XCTAssertEqual(list.status, .ok)
        XCTAssertFalse(list.body.contains("软件开发工程师"), "not public before the school approves")
        let early = try await anonymous.get("/jobs/\(developer)")
        XCTAssertEqual(early.status, .notFound)
        let ownView = try await employer.get("/jobs/\(developer)")
        XCTAssertTrue(ownView.status == .ok && ownView.body.contains("待审核"), "the unit sees its own posting")

        // Another school's admin and another unit see nothing.
        let otherSchool = try await account("school_b", role: .schoolAdmin, scope: [.school: ["999999"]])
        let otherReview = try await otherSchool.get("/jobcentre/review/\(developer)")
        XCTAssertEqual(otherReview.status, .notFound)
        let otherDecision = try await otherSchool.submit("/jobcentre/review/\(developer)", from: "/jobcentre/review", form: [("action", "approve")])
        XCTAssertEqual(otherDecision.status, .notFound)
        let otherUnitID = try await app.db.sql.raw("SELECT id FROM units WHERE name <> '重庆示范科技有限公司' ORDER BY id LIMIT 1").first()!.decode(column: "id", as: Int64.self)
        let otherUnit = try await account("unit_b", role: .employer, scope: [.unit: [String(otherUnitID)]])
        let otherWithdraw = try await otherUnit.submit("/jobcentre/postings/\(developer)/withdraw", from: "/jobcentre/postings", form: [])
        XCTAssertEqual(otherWithdraw.status, .notFound)
        let unverified = try await otherUnit.get("/jobcentre/postings")
        XCTAssertTrue(unverified.body.contains("还没有通过学校的资质鉴证") && !unverified.body.contains("软件开发工程师"), unverified.body)

        // The school: a return needs a reason; then approve one, return the other.
        let admin = try await loggedIn("school")
        let queue = try await admin.get("/jobcentre/review")
        XCTAssertTrue(queue.body.contains("软件开发工程师") && queue.body.contains("数据分析师"), queue.body)
        let messages = try await admin.get("/messages")
        XCTAssertTrue(messages.body.contains("待审核职位"), "the school admin is told")
        let noReason = try await admin.submit("/jobcentre/review/\(analyst)", from: "/jobcentre/review/\(analyst)", form: [("action", "return"), ("reason", " ")])
        XCTAssertEqual(noReason.status, .unprocessableEntity)
        XCTAssertTrue(noReason.body.contains("请填写退回原因"), noReason.body)
        let detail = try await admin.get("/jobcentre/review/\(developer)")
        XCTAssertFalse(detail.body.contains("<script>alert(1)</script>"), "the description is escaped")
        XCTAssertTrue(detail.body.contains("&lt;script&gt;"), detail.body)
        let r1 = try await admin.submit("/jobcentre/review/\(developer)", from: "/jobcentre/review/\(developer)", form: [("action", "approve")])
        XCTAssertEqual(r1.status, .seeOther)
        let r2 = try await admin.submit("/jobcentre/review/\(analyst)", from: "/jobcentre/review/\(analyst)", form: [("action", "return"), ("reason", "请写明薪资结构")])
        XCTAssertEqual(r2.status, .seeOther)
        let twice = try await admin.submit("/jobcentre/review/\(developer)", from: "/jobcentre/review/\(developer)", form: [("action", "return"), ("reason", "再退回")])
        XCTAssertEqual(twice.status, .unprocessableEntity, "reviewed once")
        let mine = try await employer.get("/jobcentre/postings")
        XCTAssertTrue(mine.body.contains("已发布") && mine.body.contains("退回原因：请写明薪资结构"), mine.body)

        // Public: listed, searchable, filtered; a GET writes nothing.
        let auditBefore = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log").first()!.decode(column: "n", as: Int.self)
        list = try await anonymous.get("/jobs")
        XCTAssertTrue(list.body.contains("软件开发工程师") && list.body.contains("重庆示范科技有限公司") && !list.body.contains("数据分析师"), list.body)
        let r3 = try await anonymous.get("/jobs?q=%E8%BD%AF%E4%BB%B6")
        XCTAssertTrue(r3.body.contains("软件开发工程师"), "keyword 软件")
        let r4 = try await anonymous.get("/jobs?q=%E4%BC%9A%E8%AE%A1")
        XCTAssertFalse(r4.body.contains("软件开发工程师"), "keyword 会计")
        let r5 = try await anonymous.get("/jobs?q=%25")
        XCTAssertFalse(r5.body.contains("软件开发工程师"), "a % is a character, not a wildcard")
        let r6 = try await anonymous.get("/jobs?county=500106&category=13&education=%E6%9C%AC%E7%A7%91&salary=10000")
        XCTAssertTrue(r6.body.contains("软件开发工程师"))
        let r7 = try await anonymous.get("/jobs?salary=15000")
        XCTAssertFalse(r7.body.contains("软件开发工程师"), "pay up to 12000")
        let r8 = try await anonymous.get("/jobs?county=500108")
        XCTAssertFalse(r8.body.contains("软件开发工程师"))
        let r9 = try await anonymous.get("/jobs?salary=99999999999999999999999&page=99999999999999999999")
        XCTAssertEqual(r9.status, .ok, "out-of-range numbers are ignored")
        let page = try await anonymous.get("/jobs/\(developer)")
        XCTAssertTrue(page.body.contains("8000–12000 元/月") && page.body.contains("工程技术人员") && page.body.contains("重庆市沙坪坝区"), page.body)
        let auditAfter = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(auditAfter, auditBefore, "reading writes no audit row")
        let r10 = try await anonymous.get("/jobs/\(analyst)")
        XCTAssertEqual(r10.status, .notFound, "a returned posting is not public")

        // A student keeps it in 职位收藏, and takes it out.
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let r11 = try await student.get("/jobs/\(developer)")
        XCTAssertTrue(r11.body.contains("收藏职位"))
        let r12 = try await student.submit("/jobs/\(developer)/favourite", from: "/jobs/\(developer)", form: [])
        XCTAssertEqual(r12.status, .seeOther)
        var kept = try await student.get("/jobcentre/favourites")
        XCTAssertTrue(kept.body.contains("软件开发工程师"), kept.body)
        let hidden = try await student.submit("/jobs/\(analyst)/favourite", from: "/jobs/\(developer)", form: [])
        XCTAssertEqual(hidden.status, .notFound, "a posting not public cannot be favourited")
        let r13 = try await employer.submit("/jobs/\(developer)/favourite", from: "/jobs/\(developer)", form: [])
        XCTAssertEqual(r13.status, .notFound, "students only")

        // The unit takes it down: gone from the list; the favourite says so.
        let r14 = try await employer.submit("/jobcentre/postings/\(developer)/withdraw", from: "/jobcentre/postings", form: [])
        XCTAssertEqual(r14.status, .seeOther)
        let r15 = try await anonymous.get("/jobs")
        XCTAssertFalse(r15.body.contains("软件开发工程师"))
        kept = try await student.get("/jobcentre/favourites")
        XCTAssertTrue(kept.body.contains("已截止或下线"), kept.body)
        let r16 = try await student.submit("/jobs/\(developer)/favourite", from: "/jobcentre/favourites", form: [("back", "favourites")])
        XCTAssertEqual(r16.status, .seeOther,
                       "a favourite no longer public can still be removed")
        let left = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_favourites").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(left, 0)
        let actions = try await app.db.sql.raw("SELECT action FROM audit_log WHERE action LIKE 'jobcentre.%' ORDER BY id").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertEqual(actions, ["jobcentre.post", "jobcentre.post", "jobcentre.approve", "jobcentre.return", "jobcentre.favourite", "jobcentre.withdraw", "jobcentre.unfavourite"])
    }

    func testAPostingPastItsDeadlineLeavesThePublicList() async throws {
        let employer = try await loggedIn("employer")
        let school = try await app.db.sql.raw("SELECT id FROM schools ORDER BY id LIMIT 1").first()!.decode(column: "id", as: Int64.self)
        let created = try await employer.submit("/jobcentre/postings", from: "/jobcentre/postings/new", form: posting("测试工程师") + [("school", String(school))])
        XCTAssertEqual(created.status, .seeOther, String(created.body.prefix(4000)))
        let id = try await app.db.sql.raw("SELECT id FROM job_postings").first()!.decode(column: "id", as: Int64.self)
        _ = try await (try await loggedIn("school")).submit("/jobcentre/review/\(id)", from: "/jobcentre/review/\(id)", form: [("action", "approve")])
        let r17 = try await Browser(app).get("/jobs")
        XCTAssertTrue(r17.body.contains("测试工程师"))
        app.clock.advance(seconds: 31 * 86_400)
        let r18 = try await Browser(app).get("/jobs")
        XCTAssertFalse(r18.body.contains("测试工程师"))
        let r19 = try await Browser(app).get("/jobs/\(id)")
        XCTAssertEqual(r19.status, .notFound)
    }

    /// A posting by the demo employer, approved by the demo school; its id.
    func published(_ title: String) async throws -> Int64 {
        let employer = try await loggedIn("employer")
        let school = try await app.db.sql.raw("SELECT id FROM schools ORDER BY id LIMIT 1").first()!.decode(column: "id", as: Int64.self)
        let created = try await employer.submit("/jobcentre/postings", from: "/jobcentre/postings/new", form: posting(title) + [("school", String(school))])
        XCTAssertEqual(created.status, .seeOther)
        let id = try await app.db.sql.raw("SELECT id FROM job_postings WHERE title = \(bind: title)").first()!.decode(column: "id", as: Int64.self)
        let approved = try await (try await loggedIn("school")).submit("/jobcentre/review/\(id)", from: "/jobcentre/review/\(id)", form: [("action", "approve")])
        XCTAssertEqual(approved.status, .seeOther)
        return id
    }

    func resume(_ changes: [String: String]) -> [(String, String)] {
        let full = ["gender": "女", "birth_month": "2003-05", "phone": "13911112222", "email": "zhang@example.com", "objective": "后端开发",
                    "education": "2021–2025 九业示范大学 计算机科学与技术 本科", "experience": "2024 年暑期在重庆某科技公司实习", "projects": "校园二手交易平台",
                    "skills": "英语六级", "awards": "校级奖学金", "summary": "踏实肯干"].merging(changes) { $1 }
        return full.map { ($0.key, $0.value) } + [("email_public", "1"), ("resume_public", "1")]
    }

    func testAStudentAppliesFromEightyPercentAndTheUnitInvitesToInterview() async throws {
        let id = try await published("后端开发工程师")
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        var page = try await student.get("/jobs/\(id)")
        XCTAssertTrue(page.body.contains("简历完善度为 0%") && !page.body.contains(">一键求职<"), page.body)
        let early = try await student.submit("/jobs/\(id)/apply", from: "/jobs/\(id)", form: [])
        XCTAssertEqual(early.status, .seeOther)
        var count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_applications").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 0, "no application below 80 %")

        // 79 %: 电话, 技能, 获奖 empty; the button explains why not.
        let at79 = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume(["phone": "", "skills": "", "awards": ""]))
        XCTAssertEqual(at79.status, .seeOther, at79.body)
        page = try await student.get("/jobs/\(id)")
        XCTAssertTrue(page.body.contains("简历完善度为 79%，达到 80% 才能一键求职。请先完善：联系电话、技能与证书、获奖情况。"), page.body)
        let bad = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume(["email": "zhang@", "phone": "139"]))
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("请填写正确的电子邮箱") && bad.body.contains("请填写 11 位手机号码"), bad.body)
        let stored = try await app.db.sql.raw("SELECT completeness, values_cipher FROM resumes WHERE user_id = \(bind: studentID)").first()!
        XCTAssertEqual(try stored.decode(column: "completeness", as: Int.self), 79, "a refused form changes nothing")

        // 100 %, phone not public, e-mail public; one click applies, a second does not.
        let r101 = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume([:]))
        XCTAssertEqual(r101.status, .seeOther)
        let cipher = try await app.db.sql.raw("SELECT values_cipher FROM resumes WHERE user_id = \(bind: studentID)").first()!.decode(column: "values_cipher", as: String.self)
        XCTAssertFalse(cipher.contains("13911112222"), "the résumé is stored encrypted")
        let audit = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'jobcentre.resume'").all()
            .map { try $0.decode(column: "changes", as: String.self) }.joined()
        XCTAssertTrue(audit.contains("100%") && !audit.contains("13911112222"), audit)
        page = try await student.get("/jobs/\(id)")
        XCTAssertTrue(page.body.contains("一键求职"), page.body)
        let r102 = try await student.submit("/jobs/\(id)/apply", from: "/jobs/\(id)", form: [])
        XCTAssertEqual(r102.status, .seeOther)
        _ = try await student.submit("/jobs/\(id)/apply", from: "/jobs/\(id)", form: [])
        count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_applications").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 1, "one application per student and posting")
        var mine = try await student.get("/jobcentre/applications")
        XCTAssertTrue(mine.body.contains("后端开发工程师") && mine.body.contains("已投递"), mine.body)

        // The unit: 应聘人员, the résumé without the private phone; another unit sees nothing.
        let applicationID = try await app.db.sql.raw("SELECT id FROM job_applications").first()!.decode(column: "id", as: Int64.self)
        let employer = try await loggedIn("employer")
        let list = try await employer.get("/jobcentre/postings/\(id)/applicants")
        XCTAssertTrue(list.body.contains("张明") && list.body.contains("已投递"), list.body)
        let detail = try await employer.get("/jobcentre/applicants/\(applicationID)")
        XCTAssertTrue(detail.body.contains("zhang@example.com") && detail.body.contains("不公开") && !detail.body.contains("13911112222"), detail.body)
        XCTAssertTrue(detail.body.contains("校园二手交易平台"), detail.body)
        let otherUnitID = try await app.db.sql.raw("SELECT id FROM units WHERE name <> '重庆示范科技有限公司' ORDER BY id LIMIT 1").first()!.decode(column: "id", as: Int64.self)
        let otherUnit = try await account("unit_c", role: .employer, scope: [.unit: [String(otherUnitID)]])
        let r103 = try await otherUnit.get("/jobcentre/applicants/\(applicationID)")
        XCTAssertEqual(r103.status, .notFound)
        let r104 = try await otherUnit.get("/jobcentre/postings/\(id)/applicants")
        XCTAssertEqual(r104.status, .notFound)
        let r105 = try await otherUnit.submit("/jobcentre/applicants/\(applicationID)", from: "/jobcentre/postings", form: [("status", "邀请面试")])
        XCTAssertEqual(r105.status, .notFound)
        let r106 = try await student.get("/jobcentre/applicants/\(applicationID)")
        XCTAssertEqual(r106.status, .notFound)

        // 邀请面试: the student sees it, with a message; back to 已投递 is refused.
        let r107 = try await employer.submit("/jobcentre/applicants/\(applicationID)", from: "/jobcentre/applicants/\(applicationID)", form: [("status", "邀请面试")])
        XCTAssertEqual(r107.status, .seeOther)
        _ = try await employer.submit("/jobcentre/applicants/\(applicationID)", from: "/jobcentre/applicants/\(applicationID)", form: [("status", "已投递")])
        let status = try await app.db.sql.raw("SELECT status FROM job_applications").first()!.decode(column: "status", as: String.self)
        XCTAssertEqual(status, "邀请面试")
        mine = try await student.get("/jobcentre/applications")
        XCTAssertTrue(mine.body.contains("邀请面试"), mine.body)
        let told = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: studentID) AND body LIKE '%邀请面试%'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(told, 1)
        page = try await student.get("/jobs/\(id)")
        XCTAssertTrue(page.body.contains("已申请，处理状态"), page.body)
    }

    /// 毕业生简历维护情况: the counselor sees their class only, with each graduate's 完善度.
    func testResumeCoverageIsScopedToTheViewersGraduates() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let saved = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume([:]))
        XCTAssertEqual(saved.status, .seeOther)
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let outsider = try await Demo.student(app, inClass: "计科2101", equal: false)
        let outsiderNo = try await app.db.sql.raw("SELECT student_no FROM users WHERE id = \(bind: outsider)").first()!.decode(column: "student_no", as: String.self)
        let inClass = try await app.db.sql.raw("""
            SELECT COUNT(*) AS n FROM students st JOIN classes cl ON cl.id = st.class_id WHERE cl.name = '计科2101' AND st.cohort = 2025 AND st.level = '本科'
            """).first()!.decode(column: "n", as: Int.self)
        let classOfStudent = try await app.db.sql.raw("SELECT cl.name FROM students st JOIN classes cl ON cl.id = st.class_id WHERE st.user_id = \(bind: studentID)").first()!
            .decode(column: "name", as: String.self)
        XCTAssertEqual(classOfStudent, "计科2101", "the demo student is in the counselor's class")

        let counselor = try await loggedIn("counselor")
        let page = try await counselor.get("/jobcentre/resume-coverage")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("共 \(inClass) 名毕业生") && page.body.contains("已达 80%（可一键求职）1 人"), "in class: \(inClass)")
        let found = try await counselor.get("/jobcentre/resume-coverage?q=\(DemoSeed.demoStudentNo)")
        XCTAssertTrue(found.body.contains(">\(DemoSeed.demoStudentNo)<") && found.body.contains("100%"), found.body)
        let hidden = try await counselor.get("/jobcentre/resume-coverage?q=\(outsiderNo)")
        XCTAssertFalse(hidden.body.contains(">\(outsiderNo)<"), "a graduate outside the class is not listed")
        let ready = try await counselor.get("/jobcentre/resume-coverage?band=ready")
        XCTAssertTrue(ready.body.contains(">\(DemoSeed.demoStudentNo)<") && ready.body.contains("共 1 条"), ready.body)
        let none = try await counselor.get("/jobcentre/resume-coverage?band=none")
        XCTAssertFalse(none.body.contains(">\(DemoSeed.demoStudentNo)<"), none.body)
        let outOfRange = try await counselor.get("/jobcentre/resume-coverage?cohort=99999999999999999999&page=99999999999999999999")
        XCTAssertEqual(outOfRange.status, .ok)

        let school = try await loggedIn("school")
        let wider = try await school.get("/jobcentre/resume-coverage?q=\(outsiderNo)")
        XCTAssertTrue(wider.body.contains(outsiderNo), "the school sees every graduate")
        let r201 = try await student.get("/jobcentre/resume-coverage")
        XCTAssertEqual(r201.status, .notFound)
        let r202 = try await (try await loggedIn("employer")).get("/jobcentre/resume-coverage")
        XCTAssertEqual(r202.status, .notFound)

        let csv = try await counselor.get("/jobcentre/resume-coverage/export?format=csv")
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.body.contains(DemoSeed.demoStudentNo) && csv.body.contains("100") && !csv.body.contains(outsiderNo), csv.body)
        let audited = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'jobcentre.resume-coverage-export'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audited, 1)
    }

    /// 职位推荐: the first visit asks for 求职意向; postings ranked with their reasons, at once.
    func testRecommendationsRankPostingsByTheStudentsPreferences() async throws {
        let near = try await published("后端开发工程师")   // 沙坪坝区, 13 工程技术人员, up to 12000
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let first = try await student.get("/jobcentre/recommendations")
        XCTAssertEqual(first.status, .seeOther)
        XCTAssertEqual(first.location, "/jobcentre/preferences", "the first visit sets 求职意向")
        let bad = try await student.submit("/jobcentre/preferences", from: "/jobcentre/preferences", form: [("counties", "重庆市沙坪坝区、火星"), ("salary", "")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("“火星”不是一个区县"), bad.body)
        let tooMany = try await student.submit("/jobcentre/preferences", from: "/jobcentre/preferences",
                                               form: [("counties", ""), ("salary", "99999999999999999999")] + ["10", "11", "13", "17", "19", "21"].map { ("categories", $0) })
        XCTAssertEqual(tooMany.status, .unprocessableEntity)
        let saved = try await student.submit("/jobcentre/preferences", from: "/jobcentre/preferences",
                                             form: [("counties", "重庆市沙坪坝区"), ("categories", "13"), ("industries", "34"), ("salary", "8000")])
        XCTAssertEqual(saved.status, .seeOther)
        var list = try await student.get("/jobcentre/recommendations")
        XCTAssertTrue(list.body.contains("后端开发工程师") && list.body.contains("工作地点符合（重庆市沙坪坝区）+40") && list.body.contains("职位类别符合（工程技术人员）+30")
                      && list.body.contains(">100<"), list.body)
        // 学生中心: the masked contacts, 快速通道 into the procedures, the top of the recommendations.
        let centre = try await student.get("/jobcentre")
        XCTAssertTrue(centre.body.contains("欢迎您，张明") && centre.body.contains("快速通道") && centre.body.contains("生源信息核对")
                      && centre.body.contains("href=\"/signing\"") && centre.body.contains("后端开发工程师"), centre.body)
        let phone = try await app.db.sql.raw("SELECT phone_cipher FROM users WHERE student_no = \(bind: DemoSeed.demoStudentNo)").first()!
            .decode(column: "phone_cipher", as: String?.self).flatMap { try? app.keys.decrypt($0) }
        if let phone { XCTAssertTrue(!centre.body.contains(phone) && centre.body.contains(Masking.phone(phone)), "the phone is masked") }
        let notStudent = try await (try await loggedIn("employer")).get("/jobcentre")
        XCTAssertEqual(notStudent.status, .notFound)
        // A posting elsewhere in another category scores only its industry and pay: below, with those reasons.
        let far = try await published("成都会计")
        try await app.db.sql.raw("UPDATE job_postings SET county_code = '510107', category_code = '21' WHERE id = \(bind: far)").run()
        list = try await student.get("/jobcentre/recommendations")
        let top = list.body.range(of: "后端开发工程师")!.lowerBound, next = list.body.range(of: "成都会计")!.lowerBound
        XCTAssertLessThan(top, next, "ranked by score")
        XCTAssertTrue(list.body.contains(">30<") && list.body.contains("行业符合（信息传输、软件和信息技术服务业）+15；月薪可达期望（8000 元）+15</td>"), list.body)
        // Withdrawn: gone from the recommendations at once.
        let employer = try await loggedIn("employer")
        let withdrawn = try await employer.submit("/jobcentre/postings/\(near)/withdraw", from: "/jobcentre/postings", form: [])
        XCTAssertEqual(withdrawn.status, .seeOther)
        list = try await student.get("/jobcentre/recommendations")
        XCTAssertFalse(list.body.contains("后端开发工程师"), "refreshed as postings change")
        // Nothing matches a preference for another place and category without industry or pay.
        _ = try await student.submit("/jobcentre/preferences", from: "/jobcentre/preferences", form: [("counties", "北京市海淀区"), ("categories", "24")])
        list = try await student.get("/jobcentre/recommendations")
        XCTAssertTrue(list.body.contains("暂时没有符合求职意向的职位"), list.body)
    }

    /// 人才库 and 头像: a verified unit finds a graduate whose résumé is public and at 80 % (name
    /// masked in the list), reads it with 电话/邮箱/头像 as the student allows; a private or thin
    /// résumé is not listed and its page is 404; the photo opens for the unit only when 头像公开.
    func testTheTalentPoolShowsPublicResumesAsTheStudentAllows() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jiuye-talent-\(UUID().uuidString)")
        app.setUploadStore(DirectoryFileStore(root: root.path))
        defer { try? FileManager.default.removeItem(at: root) }
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let photo = try await student.upload(UploadsTests.jpeg(3_000, marker: "portrait"), name: "照片.jpg", contentType: "image/jpeg", kind: "photo",
                                             caseRef: "resume:\(studentID)")
        XCTAssertLessThan(photo.status.code, 400, photo.body)
        let photoID = try await ResumePhoto.current(of: studentID, on: app.db)
        XCTAssertNotNil(photoID)
        let mine = try await student.get("/jobcentre/resume")
        XCTAssertTrue(mine.body.contains("/uploads/\(photoID!)") && mine.body.contains("更换头像") && mine.body.contains("头像公开"), mine.body)
        let r801 = try await (try await loggedIn("counselor")).upload(UploadsTests.jpeg(1_000), name: "x.jpg", contentType: "image/jpeg", kind: "photo",
                                                                      caseRef: "resume:\(studentID)")
        XCTAssertEqual(r801.status, .notFound, "only the student adds their photo")

        // Public but thin (79 %): not listed.
        _ = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume(["phone": "", "skills": "", "awards": ""]))
        let employer = try await loggedIn("employer")
        var list = try await employer.get("/jobcentre/talent")
        XCTAssertTrue(list.body.contains("共 0 人"), list.body)
        let r802 = try await employer.get("/jobcentre/talent/\(studentID)")
        XCTAssertEqual(r802.status, .notFound)

        // Complete and public, e-mail public, phone and photo not.
        _ = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume([:]))
        list = try await employer.get("/jobcentre/talent?level=%E6%9C%AC%E7%A7%91")
        XCTAssertTrue(list.body.contains("共 1 人") && list.body.contains("张*") && !list.body.contains("张明"), list.body)
        var detail = try await employer.get("/jobcentre/talent/\(studentID)")
        XCTAssertTrue(detail.body.contains("zhang@example.com") && detail.body.contains("不公开") && !detail.body.contains("13911112222")
                      && !detail.body.contains("/uploads/\(photoID!)"), detail.body)
        let hidden = try await employer.get("/uploads/\(photoID!)")
        XCTAssertEqual(hidden.status, .notFound, "头像 not public")

        // 头像公开: the unit sees it.
        _ = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume([:]) + [("photo_public", "1")])
        detail = try await employer.get("/jobcentre/talent/\(studentID)")
        XCTAssertTrue(detail.body.contains("/uploads/\(photoID!)"), detail.body)
        let shown = try await employer.get("/uploads/\(photoID!)")
        XCTAssertEqual(shown.status, .ok)
        XCTAssertTrue(shown.body.contains("portrait"))

        // A unit no school verified sees nothing; 简历不公开 leaves the pool.
        let otherUnitID = try await app.db.sql.raw("SELECT id FROM units WHERE name <> '重庆示范科技有限公司' ORDER BY id LIMIT 1").first()!.decode(column: "id", as: Int64.self)
        let otherUnit = try await account("unit_t", role: .employer, scope: [.unit: [String(otherUnitID)]])
        let unverified = try await otherUnit.get("/jobcentre/talent")
        XCTAssertTrue(unverified.body.contains("通过学校的资质鉴证后"), unverified.body)
        let r803 = try await otherUnit.get("/jobcentre/talent/\(studentID)")
        XCTAssertEqual(r803.status, .notFound)
        let r804 = try await otherUnit.get("/uploads/\(photoID!)")
        XCTAssertEqual(r804.status, .notFound)
        _ = try await student.submit("/jobcentre/resume", from: "/jobcentre/resume", form: resume([:]).filter { $0.0 != "resume_public" } + [("photo_public", "1")])
        list = try await employer.get("/jobcentre/talent")
        XCTAssertTrue(list.body.contains("共 0 人"), list.body)
        let r805 = try await employer.get("/uploads/\(photoID!)")
        XCTAssertEqual(r805.status, .notFound, "out of the pool and no application: no photo")
    }

    /// 修改职位: a published posting edited goes back to 待审核 and leaves the public list until
    /// approved again (the audit names what changed); a refused edit changes nothing; another unit
    /// and a taken-down posting cannot be edited.
    func testAnEditedPostingIsReviewedAgain() async throws {
        let id = try await published("数据分析师")
        let employer = try await loggedIn("employer")
        let form = try await employer.get("/jobcentre/postings/\(id)/edit")
        XCTAssertTrue(form.body.contains("修改后需学校重新审核") && form.body.contains("value=\"数据分析师\"") && form.body.contains("重庆市沙坪坝区"), form.body)
        let bad = try await employer.submit("/jobcentre/postings/\(id)", from: "/jobcentre/postings/\(id)/edit", form: posting("数据分析师", salary: ("12000", "8000")))
        XCTAssertEqual(bad.status, .unprocessableEntity)
        var state = try await app.db.sql.raw("SELECT state, salary_min FROM job_postings WHERE id = \(bind: id)").first()!
        XCTAssertEqual(try state.decode(column: "state", as: String.self), JobPosting.State.published.rawValue, "a refused edit changes nothing")
        let saved = try await employer.submit("/jobcentre/postings/\(id)", from: "/jobcentre/postings/\(id)/edit", form: posting("高级数据分析师", salary: ("10000", "15000")))
        XCTAssertEqual(saved.status, .seeOther)
        state = try await app.db.sql.raw("SELECT state, title, salary_min FROM job_postings WHERE id = \(bind: id)").first()!
        XCTAssertEqual(try state.decode(column: "state", as: String.self), JobPosting.State.pending.rawValue)
        XCTAssertEqual(try state.decode(column: "title", as: String.self), "高级数据分析师")
        XCTAssertEqual(try state.decode(column: "salary_min", as: Int.self), 10_000)
        let list = try await Browser(app).get("/jobs")
        XCTAssertFalse(list.body.contains("数据分析师"), "not public until approved again")
        let audit = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'jobcentre.edit'").first()!.decode(column: "changes", as: String.self)
        XCTAssertTrue(audit.contains("职位名称") && audit.contains("月薪") && !audit.contains("职位描述"), audit)
        let approved = try await (try await loggedIn("school")).submit("/jobcentre/review/\(id)", from: "/jobcentre/review/\(id)", form: [("action", "approve")])
        XCTAssertEqual(approved.status, .seeOther)
        let again = try await Browser(app).get("/jobs")
        XCTAssertTrue(again.body.contains("高级数据分析师"), again.body)

        let otherUnitID = try await app.db.sql.raw("SELECT id FROM units WHERE name <> '重庆示范科技有限公司' ORDER BY id LIMIT 1").first()!.decode(column: "id", as: Int64.self)
        let otherUnit = try await account("unit_e", role: .employer, scope: [.unit: [String(otherUnitID)]])
        let r901 = try await otherUnit.get("/jobcentre/postings/\(id)/edit")
        XCTAssertEqual(r901.status, .notFound)
        let r902 = try await otherUnit.submit("/jobcentre/postings/\(id)", from: "/jobcentre/postings", form: posting("冒名修改"))
        XCTAssertEqual(r902.status, .notFound)
        _ = try await employer.submit("/jobcentre/postings/\(id)/withdraw", from: "/jobcentre/postings", form: [])
        let r903 = try await employer.get("/jobcentre/postings/\(id)/edit")
        XCTAssertEqual(r903.status, .notFound, "a posting taken down is not edited")
    }
}
