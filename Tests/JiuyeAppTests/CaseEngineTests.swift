@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// The case machinery over HTTP with 毕业去向登记: student 暂存/提交/撤回, counselor 初审 and
/// school 审核, 审核记录 and 变更明细, versions, scope, time windows, "下一个", and exactly one
/// winner among parallel reviewers.
final class CaseEngineTests: XCTestCase {
    var app: Application!
    let type = CaseType.destination

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await openWindow()
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func schoolID() async throws -> Int64 {
        try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()!.decode(column: "id", as: Int64.self)
    }

    /// 毕业去向登记 open for the demo school's 2025届 from yesterday for a month.
    func openWindow() async throws {
        let now = app.clock.now()
        let school = try await schoolID()
        _ = try await TimeWindows.set(.destination, owner: .init(kind: .school, id: String(school)), year: 2025,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 1, now: now, on: app.db)
    }

    /// A complete 签劳动合同形式就业 as the matrix asks for it (单位 and 联系人 fields required).
    static let unitFields: [(String, String)] = [("unit_nature", "39"), ("credit_code", "91500106MA5U37210Y"), ("industry", "34"),
                                                 ("contact_name", "王经理"), ("contact_phone", "023-65678901")]
    let employed: [(String, String)] = [("category", "11"), ("unit_name", "重庆示范科技有限公司"), ("unit_location", "重庆市沙坪坝区"), ("position", "13")]
        + CaseEngineTests.unitFields

    func studentSubmits(_ browser: Browser, _ form: [(String, String)]? = nil) async throws -> Browser.Page {
        try await browser.submit("/destination", from: "/destination", form: [("action", "submit")] + (form ?? employed))
    }

    func caseRow() async throws -> CaseRow {
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        return try await CaseEngine.load(type, applicant: student, period: "2025", on: app.db)!
    }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    /// Inserts `count` submitted cases (waiting for 初审) for students of the counselor's class.
    func seedPending(_ count: Int) async throws -> [Int64] {
        let students = try await app.db.sql.raw("""
            SELECT st.user_id FROM students st JOIN classes cl ON cl.id = st.class_id
            WHERE cl.name = '计科2101' AND st.user_id NOT IN (SELECT applicant_id FROM destination_cases) ORDER BY st.user_id LIMIT \(unsafeRaw: String(count))
            """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .inReview(step: 1), submissions: 1)), as: UTF8.self)
        var ids: [Int64] = []
        for student in students {
            let row = try await app.db.sql.raw("""
                INSERT INTO destination_cases (applicant_id, period, school_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
                status_key, lock, state_json, data_json, submitted_json, submitted_at, updated_at, created_at)
                SELECT st.user_id, '2025', st.school_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
                'step:first-review', 0, \(bind: state), '{"category":"70"}', '{"category":"70"}', 1, 1, 1
                FROM students st JOIN users u ON u.id = st.user_id WHERE st.user_id = \(bind: student) RETURNING id
                """).first()!
            ids.append(try row.decode(column: "id", as: Int64.self))
        }
        return ids
    }

    func testReviewListExportsItsFilteredRowsAudited() async throws {
        let ids = try await seedPending(4)
        let counselor = try await loggedIn("counselor")
        let list = try await counselor.get("/review/destination")
        XCTAssertTrue(list.body.contains("/review/destination/export?"), "the list offers 导出")
        let csv = try await counselor.get("/review/destination/export?format=csv&status=" + Browser.encode("待审核"))
        XCTAssertEqual(csv.status, .ok)
        XCTAssertTrue(csv.body.hasPrefix("\u{FEFF}姓名,学号,院系"))
        let lines = csv.body.split(separator: "\r\n")
        XCTAssertEqual(lines.count, ids.count + 1, csv.body)
        // Another status: nothing of these.
        let approved = try await counselor.get("/review/destination/export?format=csv&status=" + Browser.encode("审核通过"))
        XCTAssertEqual(approved.body.split(separator: "\r\n").count, 1)
        let audits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'export.cases'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 2)
        // A student cannot export the reviewers' list.
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let refused = try await student.get("/review/destination/export")
        XCTAssertEqual(refused.status, .notFound)
    }

    // MARK: The main path

    func testStudentSubmitsCounselorAndSchoolApprove() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let saved = try await student.submit("/destination", from: "/destination", form: [("action", "save"), ("category", "11")])
        XCTAssertEqual(saved.status, .seeOther)
        // Submitting an incomplete form is refused with the field messages.
        let incomplete = try await studentSubmits(student, [("category", "11")])
        XCTAssertEqual(incomplete.status, .unprocessableEntity)
        XCTAssertTrue(incomplete.body.contains("请填写单位名称。"))
        let submitted = try await studentSubmits(student)
        XCTAssertEqual(submitted.status, .seeOther)
        let page = try await student.get("/destination")
        XCTAssertTrue(page.body.contains("待审核"))
        XCTAssertTrue(page.body.contains("撤回"), "withdrawal is offered before the first review")

        let counselor = try await loggedIn("counselor")
        let row = try await caseRow()
        let list = try await counselor.get("/review/destination")
        XCTAssertTrue(list.body.contains("张明"))
        let first = try await counselor.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)",
                                               form: [("action", "approve"), ("lock", String(row.lock))])
        XCTAssertEqual(first.status, .seeOther)
        let afterFirst = try await caseRow()
        XCTAssertEqual(afterFirst.status_key, "step:final-review")
        // The student can no longer withdraw.
        let withdraw = try await student.submit("/destination", from: "/destination", form: [("action", "withdraw"), ("lock", String(afterFirst.lock))])
        XCTAssertEqual(withdraw.status, .conflict, "not possible in this state: 409, as the refusal kind says")
        let studentView = try await student.get("/destination")
        XCTAssertTrue(studentView.body.contains("初审通过"))

        let school = try await loggedIn("school")
        let final = try await school.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)",
                                            form: [("action", "approve"), ("lock", String(afterFirst.lock))])
        XCTAssertEqual(final.status, .seeOther)
        let approved = try await caseRow()
        XCTAssertEqual(approved.status_key, "approved")
        XCTAssertNotNil(approved.in_force_json)
        let history = try await CaseEngine.history(type, id: row.id, on: app.db)
        XCTAssertEqual(history.map(\.status_label), ["未提交", "待审核", "初审通过", "审核通过"])
        let detail = try await school.get("/review/destination/\(row.id)")
        XCTAssertTrue(detail.body.contains("审核记录"))
        XCTAssertTrue(detail.body.contains("辅导员赵老师"))
        // Counts follow every move.
        let school_ = try await schoolID()
        let counts = try await CaseCounts.counts(type, within: [.school: [String(school_)]], on: app.db)
        XCTAssertEqual(counts["approved"], 1)
        XCTAssertEqual(counts["step:first-review"] ?? 0, 0)
        XCTAssertEqual(counts["draft"] ?? 0, 0)
    }

    func testRejectionNeedsAReasonAndTextsIt() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        _ = try await studentSubmits(student)
        let row = try await caseRow()
        let counselor = try await loggedIn("counselor")
        let blank = try await counselor.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)",
                                               form: [("action", "reject"), ("reason", " "), ("lock", String(row.lock))])
        XCTAssertEqual(blank.status, .unprocessableEntity)
        let rejected = try await counselor.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)",
                                                  form: [("action", "reject"), ("reason", "劳动合同缺少盖章页"), ("lock", String(row.lock))])
        XCTAssertEqual(rejected.status, .seeOther)
        let sms = try await app.db.sql.raw("SELECT body_cipher FROM outbox WHERE purpose = 'notice' ORDER BY id DESC LIMIT 1").first()
        XCTAssertNotNil(sms)
        XCTAssertTrue(try app.keys.decrypt(sms!.decode(column: "body_cipher", as: String.self)).contains("劳动合同缺少盖章页"))
        let messages = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: row.applicant_id)").first()!.decode(column: "n", as: Int.self)
        XCTAssertGreaterThanOrEqual(messages, 1)
        // The student fixes and resubmits the same case; the change is recorded.
        let page = try await student.get("/destination")
        XCTAssertTrue(page.body.contains("审核不通过"))
        let again = try await studentSubmits(student, [("category", "11"), ("unit_name", "重庆示范科技股份有限公司"), ("unit_location", "重庆市沙坪坝区"), ("position", "13")] + CaseEngineTests.unitFields)
        XCTAssertEqual(again.status, .seeOther)
        let after = try await caseRow()
        XCTAssertEqual(after.id, row.id, "a resubmission continues the same case")
        let changes = try await CaseEngine.changes(type, id: row.id, on: app.db)
        XCTAssertEqual(changes.first?.changes.first?["label"], "单位名称")
        XCTAssertEqual(changes.first?.changes.first?["after"], "重庆示范科技股份有限公司")
    }

    func testChangeAfterApprovalIsANewVersionAndTheOldStaysInForce() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        _ = try await studentSubmits(student)
        var row = try await caseRow()
        let counselor = try await loggedIn("counselor")
        _ = try await counselor.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve")])
        let school = try await loggedIn("school")
        _ = try await school.submit("/review/destination/\(row.id)", from: "/review/destination/\(row.id)", form: [("action", "approve")])
        row = try await caseRow()
        let reopen = try await student.submit("/destination", from: "/destination", form: [("action", "reopen"), ("reason", "解约后重新就业"), ("lock", String(row.lock))])
        XCTAssertEqual(reopen.status, .seeOther)
        let reopened = try await caseRow()
        XCTAssertEqual(reopened.state.version, 2)
        XCTAssertEqual(reopened.state.inForceVersion, 1)
        XCTAssertTrue(reopened.in_force_json?.contains("重庆示范科技有限公司") == true, "version 1 stays in force")
        let page = try await student.get("/destination")
        XCTAssertTrue(page.body.contains("当前有效的登记（第 1 版）"))
    }

    // MARK: Guards and scope

    func testClosedWindowRefusesTheSubmissionWithItsDates() async throws {
        app.clock.advance(seconds: 31 * 86_400)
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let page = try await studentSubmits(student)
        XCTAssertEqual(page.status, .unprocessableEntity)
        XCTAssertTrue(page.body.contains("毕业去向登记已于"), page.body)
        let row = try await caseRow()
        XCTAssertEqual(row.status_key, "draft")
    }

    func testOutOfScopeStaffAndOtherStudentsGet404() async throws {
        let ids = try await seedPending(1)
        // The college admin of the demo scope sees it; an unassigned teacher and a student do not.
        let outsider = try await loggedIn("unassigned")
        let hidden = try await outsider.get("/review/destination/\(ids[0])")
        XCTAssertEqual(hidden.status, .notFound)
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let notMine = try await student.get("/review/destination/\(ids[0])")
        XCTAssertEqual(notMine.status, .notFound)
        let reviewer = try await loggedIn("reviewer")
        let wrongProcess = try await reviewer.get("/review/destination")
        XCTAssertEqual(wrongProcess.status, .notFound)
    }

    // MARK: Concurrency

    func testFiftyParallelApprovalsMoveTheCaseOnce() async throws {
        let id = try await seedPending(1)[0]
        let counselor = try await loggedIn("counselor")
        let token = try await counselor.get("/review/destination/\(id)").csrfToken ?? ""
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    try await counselor.request(.POST, "/review/destination/\(id)", form: [("_csrf", token), ("action", "approve")]).status
                }
            }
            var all: [HTTPStatus] = []
            for try await status in group { all.append(status) }
            return all
        }
        XCTAssertEqual(statuses.filter { $0 == .seeOther }.count, 1, "\(statuses)")
        XCTAssertTrue(statuses.allSatisfy { $0.code < 500 }, "\(statuses)")
        let history = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM case_history WHERE case_id = \(bind: id)").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(history, 1)
        let row = try await CaseEngine.load(type, id: id, on: app.db)!
        XCTAssertEqual(row.status_key, "step:final-review")
        XCTAssertEqual(row.lock, 1)
    }

    func testDoubleClickedSubmitMakesOneCase() async throws {
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let token = try await student.get("/destination").csrfToken ?? ""
        let form = [("_csrf", token), ("action", "submit")] + employed
        _ = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for _ in 0..<5 {
                group.addTask { try await student.request(.POST, "/destination", form: form).status }
            }
            var all: [HTTPStatus] = []
            for try await status in group { all.append(status) }
            XCTAssertTrue(all.allSatisfy { $0.code < 500 }, "\(all)")
            return all
        }
        let cases = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM destination_cases").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(cases, 1)
        let submits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM case_history WHERE action = 'submit'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(submits, 1)
    }

    // MARK: The reviewer screen

    func testNextWalksThroughThePendingCases() async throws {
        let ids = try await seedPending(3).sorted(by: >)
        let counselor = try await loggedIn("counselor")
        let start = try await counselor.get("/review/destination/next")
        XCTAssertEqual(start.location, "/review/destination/\(ids[0])")
        var current = ids[0]
        for expected in ids.dropFirst() {
            let done = try await counselor.submit("/review/destination/\(current)", from: "/review/destination/\(current)", form: [("action", "approve")])
            XCTAssertEqual(done.location, "/review/destination/\(expected)")
            current = expected
        }
        let last = try await counselor.submit("/review/destination/\(current)", from: "/review/destination/\(current)", form: [("action", "approve")])
        XCTAssertEqual(last.location, "/review/destination")
        let list = try await counselor.get("/review/destination")
        XCTAssertTrue(list.body.contains("待审核 0"))
        XCTAssertTrue(list.body.contains("初审通过 3"))
    }

    func testCountsNeverShowAnotherCollege() async throws {
        let school = try await schoolID()
        let other = try await app.db.sql.raw("SELECT id FROM colleges WHERE school_id = \(bind: school) AND name <> '计算机学院' LIMIT 1").first()!
            .decode(column: "id", as: Int64.self)
        // Three registrations waiting in another college, in the kept counters.
        for _ in 0..<3 {
            try await CaseCounts.move(type, scope: [.school: String(school), .college: String(other), .cohort: "2025", .level: "本科"], from: nil, to: "step:first-review", on: app.db)
        }
        let college = try await loggedIn("college")
        let mine = try await college.get("/review/destination")
        XCTAssertTrue(mine.body.contains("待审核 0"), "the 计算机学院 admin counts only its college")
        let probing = try await college.get("/review/destination?college=\(other)")
        XCTAssertTrue(probing.body.contains("待审核 0"), "a college filter outside the scope counts nothing")
        let schoolAdmin = try await loggedIn("school")
        let all = try await schoolAdmin.get("/review/destination?college=\(other)")
        XCTAssertTrue(all.body.contains("待审核 3"), "the school sees that college's counters")
    }

    func testListFiltersAndKeysetPaging() async throws {
        _ = try await seedPending(25)
        let college = try await loggedIn("college")
        let first = try await college.get("/review/destination")
        XCTAssertEqual(first.status, .ok)
        XCTAssertTrue(first.body.contains("下一页"))
        let rows = first.body.components(separatedBy: "/review/destination/").count
        XCTAssertGreaterThan(rows, 20)
        guard let range = first.body.range(of: #"after=(\d+)"#, options: .regularExpression) else { return XCTFail("no keyset link") }
        let after = String(first.body[range]).replacingOccurrences(of: "after=", with: "")
        let second = try await college.get("/review/destination?status=%E5%BE%85%E5%AE%A1%E6%A0%B8&after=\(after)")
        XCTAssertEqual(second.status, .ok)
        XCTAssertFalse(second.body.contains("下一页"))
        let byKeyword = try await college.get("/review/destination?q=20259999")
        XCTAssertTrue(byKeyword.body.contains("没有符合条件的申请"))
    }
}

/// 代录 by staff and 本人确认 by the graduate with an SMS code (seed 004 §2(2)).
final class EntryOnBehalfTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        let now = app.clock.now()
        let school = try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()!.decode(column: "id", as: Int64.self)
        _ = try await TimeWindows.set(.destination, owner: .init(kind: .school, id: String(school)), year: 2025,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 1, now: now, on: app.db)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    let form: [(String, String)] = [("student", DemoSeed.demoStudentNo), ("category", "801"), ("unit_name", "重庆大学"), ("school_code", "10611"),
                                     ("remark_staff", "根据录取通知书录入")]

    func testCounselorEntryLandsAtFirstReviewPassedAndTheGraduateConfirmsWithACode() async throws {
        let counselor = Browser(app)
        _ = try await counselor.login("counselor", DemoSeed.password)
        let lookup = try await counselor.get("/destination/enter?student=\(DemoSeed.demoStudentNo)")
        XCTAssertTrue(lookup.body.contains("张明"))
        let entered = try await counselor.submit("/destination/enter", from: "/destination/enter?student=\(DemoSeed.demoStudentNo)", form: form)
        XCTAssertEqual(entered.status, .seeOther, entered.body)
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let row = try await CaseEngine.load(.destination, applicant: student, period: "2025", on: app.db)!
        XCTAssertEqual(row.status_key, "step:final-review", "a counselor's entry stands as 初审通过")
        XCTAssertEqual(row.state.confirmation, .unconfirmed)

        let graduate = Browser(app)
        _ = try await graduate.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let page = try await graduate.get("/destination")
        XCTAssertTrue(page.body.contains("本人确认"))
        // Without a code, nothing is confirmed.
        let noCode = try await graduate.submit("/destination/confirm", from: "/destination", form: [("code", "000000"), ("decision", "confirm")])
        XCTAssertEqual(noCode.status, .unauthorized)
        let sent = try await graduate.submit("/destination/confirm/send", from: "/destination", form: [])
        XCTAssertEqual(sent.status, .ok)
        let cipher = try await app.db.sql.raw("SELECT body_cipher FROM outbox WHERE purpose = 'case-confirm' ORDER BY id DESC LIMIT 1").first()!.decode(column: "body_cipher", as: String.self)
        let text = try app.keys.decrypt(cipher)
        let code = String(text[text.range(of: #"\d{6}"#, options: .regularExpression)!])
        let done = try await graduate.submit("/destination/confirm", from: "/destination", form: [("code", code), ("decision", "confirm")])
        XCTAssertEqual(done.status, .seeOther, done.body)
        let confirmed = try await CaseEngine.load(.destination, applicant: student, period: "2025", on: app.db)!
        XCTAssertEqual(confirmed.state.confirmation, .confirmed)
    }

    func testSchoolEntryIsApprovedAndADisputeReachesTheSchool() async throws {
        let school = Browser(app)
        _ = try await school.login("school", DemoSeed.password)
        let entered = try await school.submit("/destination/enter", from: "/destination/enter?student=\(DemoSeed.demoStudentNo)", form: form)
        XCTAssertEqual(entered.status, .seeOther, entered.body)
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let row = try await CaseEngine.load(.destination, applicant: student, period: "2025", on: app.db)!
        XCTAssertEqual(row.status_key, "approved")
        let graduate = Browser(app)
        _ = try await graduate.login(DemoSeed.demoStudentNo, DemoSeed.password)
        _ = try await graduate.submit("/destination/confirm/send", from: "/destination", form: [])
        let cipher = try await app.db.sql.raw("SELECT body_cipher FROM outbox WHERE purpose = 'case-confirm' ORDER BY id DESC LIMIT 1").first()!.decode(column: "body_cipher", as: String.self)
        let text = try app.keys.decrypt(cipher)
        let code = String(text[text.range(of: #"\d{6}"#, options: .regularExpression)!])
        let disputed = try await graduate.submit("/destination/confirm", from: "/destination",
                                                 form: [("code", code), ("decision", "dispute"), ("reason", "我已签约重庆示范科技有限公司，并未升学")])
        XCTAssertEqual(disputed.status, .seeOther, disputed.body)
        let after = try await CaseEngine.load(.destination, applicant: student, period: "2025", on: app.db)!
        XCTAssertEqual(after.state.confirmation, .disputed)
        // The school's work queue: a message to the school admin.
        let schoolAdmin = try await Demo.userID(app, username: "school")
        let queued = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: schoolAdmin)").first()!.decode(column: "n", as: Int.self)
        XCTAssertGreaterThanOrEqual(queued, 1)
    }

    func testOutOfScopeStudentCannotBeEntered() async throws {
        let counselor = Browser(app)
        _ = try await counselor.login("counselor", DemoSeed.password)
        // 李华 (20251002) is in 计科2101 too; take a graduate of another class.
        let other = try await app.db.sql.raw("""
            SELECT u.student_no FROM students st JOIN users u ON u.id = st.user_id JOIN classes cl ON cl.id = st.class_id WHERE cl.name <> '计科2101' LIMIT 1
            """).first()!.decode(column: "student_no", as: String.self)
        let lookup = try await counselor.get("/destination/enter?student=\(other)")
        XCTAssertTrue(lookup.body.contains("不在您的管理范围内"))
        let refused = try await counselor.submit("/destination/enter", from: "/destination/enter", form: [("student", other), ("category", "70")])
        XCTAssertEqual(refused.status, .notFound)
        let student = Browser(app)
        _ = try await student.login(DemoSeed.demoStudentNo, DemoSeed.password)
        let notStaff = try await student.get("/destination/enter")
        XCTAssertEqual(notStaff.status, .notFound)
    }
}

/// Files attached to a 毕业去向登记: the graduate adds them while the case is a draft, the counselor
/// in scope sees them on the review page, and nothing is added once it is submitted.
final class CaseFilesTests: XCTestCase {
    var app: Application!
    var root: URL!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("jiuye-case-files-\(UUID().uuidString)")
        app.setUploadStore(DirectoryFileStore(root: root.path))
        let now = app.clock.now()
        let school = try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()!.decode(column: "id", as: Int64.self)
        _ = try await TimeWindows.set(.destination, owner: .init(kind: .school, id: String(school)), year: 2025,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 1, now: now, on: app.db)
    }

    override func tearDown() async throws {
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: root)
    }

    func testFilesGoWithTheDraftAndReviewersSeeThem() async throws {
        let student = Browser(app)
        _ = try await student.login(DemoSeed.demoStudentNo, DemoSeed.password)
        _ = try await student.submit("/destination", from: "/destination", form: [("action", "save"), ("category", "11")])
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let row = try await CaseEngine.load(.destination, applicant: studentID, period: "2025", on: app.db)!
        let uploaded = try await student.upload(UploadsTests.png(2_000, marker: "contract"), name: "劳动合同.png", contentType: "image/png",
                                                kind: "labour-contract", caseRef: "destination:\(row.id)")
        XCTAssertEqual(uploaded.status, .created, uploaded.body)
        let page = try await student.get("/destination")
        XCTAssertTrue(page.body.contains("劳动合同.png"))
        XCTAssertTrue(page.body.contains("上传证明材料"))
        _ = try await student.submit("/destination", from: "/destination", form: [
            ("action", "submit"), ("category", "11"), ("unit_name", "重庆示范科技有限公司"), ("unit_location", "重庆市沙坪坝区"), ("position", "13")]
            + CaseEngineTests.unitFields)
        // Submitted: no more files on this case.
        let late = try await student.upload(UploadsTests.png(2_000, marker: "late"), name: "补充.png", contentType: "image/png",
                                            kind: "other", caseRef: "destination:\(row.id)")
        XCTAssertEqual(late.status, .conflict)
        let counselor = Browser(app)
        _ = try await counselor.login("counselor", DemoSeed.password)
        let review = try await counselor.get("/review/destination/\(row.id)")
        XCTAssertTrue(review.body.contains("劳动合同.png"))
        let id = try await app.db.sql.raw("SELECT id FROM uploads WHERE case_id = \(bind: row.id)").first()!.decode(column: "id", as: Int64.self)
        let preview = try await counselor.get("/uploads/\(id)")
        XCTAssertEqual(preview.status, .ok)
        // Someone else's case cannot take a file.
        let other = Browser(app)
        _ = try await other.login("counselor", DemoSeed.password)
        let foreign = try await other.upload(UploadsTests.png(2_000, marker: "foreign"), name: "x.png", contentType: "image/png",
                                             kind: "other", caseRef: "destination:\(row.id)")
        XCTAssertEqual(foreign.status, .notFound)
    }
}

/// The job runner closes 公示 at its deadline and not before (the 生活补贴 chain, stored here in
/// a table with the core case columns).
final class PublicityCloserTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testDuePublicityMovesOnToReviewOnlyAfterItsDeadline() async throws {
        let subsidy = CaseType(key: "living-subsidy-test", table: "destination_cases", definition: ProcessDefinitions.livingSubsidy,
                               fields: [], business: nil, display: { $0 }, scope: CaseType.destination.scope, applicantNumber: "学号")
        let publicity = try XCTUnwrap(subsidy.definition.index(of: "publicity"))
        let until = app.clock.now() + 7 * 86_400
        let state = CaseState(status: .publicizing(step: publicity, until: until), submissions: 1, reviewedSinceSubmit: true)
        let json = try String(decoding: JSONEncoder.sorted.encode(state), as: UTF8.self)
        let student = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let id = try await app.db.sql.raw("""
            INSERT INTO destination_cases (applicant_id, period, school_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
            status_key, lock, state_json, data_json, updated_at, created_at)
            SELECT st.user_id, '2025-06', st.school_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
            'publicity:publicity', 0, \(bind: json), '{}', 1, 1 FROM students st JOIN users u ON u.id = st.user_id WHERE st.user_id = \(bind: student) RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)

        let early = try await PublicityCloser.run(app, types: [subsidy])
        XCTAssertEqual(early, 0, "not before the deadline")
        app.clock.advance(seconds: 7 * 86_400)
        let closed = try await PublicityCloser.run(app, types: [subsidy])
        XCTAssertEqual(closed, 1)
        let row = try await CaseEngine.load(subsidy, id: id, on: app.db)!
        XCTAssertEqual(row.status_key, "step:assessment")
        let history = try await CaseEngine.history(subsidy, id: id, on: app.db)
        XCTAssertEqual(history.count, 1)
        XCTAssertNil(history[0].actor_name, "the job runner acts as 系统")
        let again = try await PublicityCloser.run(app, types: [subsidy])
        XCTAssertEqual(again, 0)
    }
}

/// 批次 (seed 002's 汇总 and 拨付 steps): a numbered batch formed from selected cases, acted on as
/// one, all or nothing, and one case taken out with a reason.
final class CaseBatchTests: XCTestCase {
    var app: Application!
    let subsidy = CaseType(key: "living-subsidy-test", table: "destination_cases", definition: ProcessDefinitions.livingSubsidy,
                           fields: [], business: nil, display: { $0 }, scope: CaseType.destination.scope, applicantNumber: "学号")

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    /// Cases waiting at 市人社局汇总 for three graduates.
    func seedAtCitySummary(_ count: Int) async throws -> [CaseRow] {
        let step = try XCTUnwrap(subsidy.definition.index(of: "city-summary"))
        let json = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .inReview(step: step), submissions: 1, reviewedSinceSubmit: true)), as: UTF8.self)
        let ids = try await app.db.sql.raw("""
            INSERT INTO destination_cases (applicant_id, period, school_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
            status_key, lock, state_json, data_json, updated_at, created_at)
            SELECT st.user_id, '2025-06', st.school_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
            'step:city-summary', 0, \(bind: json), '{}', 1, 1 FROM students st JOIN users u ON u.id = st.user_id
            ORDER BY st.user_id LIMIT \(unsafeRaw: String(count)) RETURNING id
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
        var rows: [CaseRow] = []
        for id in ids { rows.append(try await CaseEngine.load(subsidy, id: id, on: app.db)!) }
        return rows
    }

    func cityHR() async throws -> CurrentUser {
        let id = try await Demo.userID(app, username: "city_hr")
        let assignment = try await app.db.sql.raw("SELECT id FROM role_assignments WHERE user_id = \(bind: id)").first()!.decode(column: "id", as: Int64.self)
        return CurrentUser(id: id, username: "city_hr", displayName: "重庆市人社局", assignments: [], active: Assignment(id: assignment, role: .cityHR, scope: .everything, values: [:]),
                           sessionHash: "test", totpEnabled: false, unreadMessages: 0, csrfToken: "")
    }

    func testFormActRemoveAndRefuse() async throws {
        let rows = try await seedAtCitySummary(3)
        let user = try await cityHR()
        let acting = CaseEngine.Acting(user: user, actor: .staff(.cityHR), ip: "127.0.0.1", now: app.clock.now(), keys: app.keys, app: app, db: app.db)
        let formed = try await CaseBatches.form(subsidy, rows: rows, acting: acting)
        guard case .success(let number) = formed else { return XCTFail("\(formed)") }
        XCTAssertEqual(number, 1)
        var members = try await CaseBatches.rows(subsidy, number: number, on: app.db)
        XCTAssertEqual(members.count, 3)
        // A second batch over the same cases is refused as a whole, and leaves no batch number.
        let again = try await CaseBatches.form(subsidy, rows: members, acting: acting)
        guard case .failure(let failure) = again, case .refused(_, let refusal) = failure.outcome else { return XCTFail("\(again)") }
        XCTAssertTrue(refusal.message.contains("已在第 1 批次中"), refusal.message)
        let batches = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM case_batches").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(batches, 1)
        // Take one out, then approve the batch as one.
        let out = try await CaseEngine.act(subsidy, row: members[0], action: .removeFromBatch(reason: "材料不全"), acting: acting)
        guard case .done = out else { return XCTFail("\(out)") }
        members = try await CaseBatches.rows(subsidy, number: number, on: app.db)
        XCTAssertEqual(members.count, 2)
        let approved = try await CaseEngine.actAll(subsidy, rows: members, action: .approve(remark: "汇总上报"), acting: acting)
        guard case .done(2) = approved else { return XCTFail("\(approved)") }
        let moved = try await CaseBatches.rows(subsidy, number: number, on: app.db)
        XCTAssertTrue(moved.allSatisfy { $0.status_key == "step:city-organization" }, "\(moved.map(\.status_key))")
        XCTAssertTrue(moved.allSatisfy { $0.state.batch?.number == number }, "the batch number goes with the cases")
    }

    func testABatchActionRollsBackWhenOneCaseMovedMeanwhile() async throws {
        let rows = try await seedAtCitySummary(3)
        let user = try await cityHR()
        let acting = CaseEngine.Acting(user: user, actor: .staff(.cityHR), ip: "127.0.0.1", now: app.clock.now(), keys: app.keys, app: app, db: app.db)
        guard case .success(let number) = try await CaseBatches.form(subsidy, rows: rows, acting: acting) else { return XCTFail() }
        let members = try await CaseBatches.rows(subsidy, number: number, on: app.db)
        // Someone else moves one case (its lock changes) after the batch was read.
        try await app.db.sql.raw("UPDATE destination_cases SET lock = lock + 1 WHERE id = \(bind: members[1].id)").run()
        let outcome = try await CaseEngine.actAll(subsidy, rows: members, action: .approve(remark: nil), acting: acting)
        guard case .conflict = outcome else { return XCTFail("\(outcome)") }
        let after = try await CaseBatches.rows(subsidy, number: number, on: app.db)
        XCTAssertTrue(after.allSatisfy { $0.status_key == "step:city-summary" }, "nothing moved")
        let history = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM case_history WHERE action = 'approve'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(history, 0)
    }
}
