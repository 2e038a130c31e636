@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// The reviewer screen's batch work over HTTP, on a process with a step taken one case or a
/// batch at a time (院系评审, 批量通过) and a batch-only step (学校汇总, 组成批次 → 整批办理,
/// 移出批次, 汇总表), kept on the destination table so the demo school's staff act in scope.
final class BatchControllerTests: XCTestCase {
    var app: Application!

    static let definition = ProcessDefinition(
        id: "batch-test", name: "补贴测试",
        steps: [
            StepDefinition(id: "submit", label: "学生申请", kind: .submission, actor: .applicant),
            StepDefinition(id: "assessment", label: "院系评审", actor: .staff([RoleLevel(.collegeAdmin, by: .college)]), mode: .singleOrBatch,
                           onReject: .final),
            StepDefinition(id: "summary", label: "学校汇总", actor: .staff([RoleLevel(.schoolAdmin, by: .school)]), mode: .batch,
                           onReject: .returnTo("assessment"), approveLabel: "汇总上报"),
        ],
        status: StatusView(name: "审核状态", draft: "未提交", atStep: ["assessment": "待评审", "summary": "待汇总"],
                           returned: "已退回", rejected: "评审不通过", approved: "已上报"))

    let type = CaseType(key: "batch-test", table: "destination_cases", definition: BatchControllerTests.definition,
                        fields: [.init("category", "毕业去向"), .init("amount", "补贴金额")], business: nil,
                        display: { $0 }, batchTotals: ["amount"], scope: CaseType.destination.scope, applicantNumber: "学号")

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        app.caseTypes.register(type)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    /// `count` cases of the demo school's 计科2101 waiting at `step`, amount 1000.50 each.
    func seed(_ count: Int, at step: String) async throws -> [Int64] {
        let index = try XCTUnwrap(Self.definition.index(of: step))
        let json = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .inReview(step: index), submissions: 1, reviewedSinceSubmit: index > 1)), as: UTF8.self)
        return try await app.db.sql.raw("""
            INSERT INTO destination_cases (applicant_id, period, school_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
            status_key, lock, state_json, data_json, updated_at, created_at)
            SELECT st.user_id, '2025', st.school_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
            \(bind: "step:" + step), 0, \(bind: json), '{"category":"11","amount":"1000.50"}', 1, 1
            FROM students st JOIN users u ON u.id = st.user_id JOIN classes cl ON cl.id = st.class_id
            WHERE cl.name = '计科2101' ORDER BY st.user_id LIMIT \(unsafeRaw: String(count)) RETURNING id
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
    }

    func loggedIn(_ user: String) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, DemoSeed.password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    func statusKeys(_ ids: [Int64]) async throws -> [String] {
        try await app.db.sql.select().column("status_key").from("destination_cases").where("id", .in, SQLGroupExpression(ids.map { SQLBind($0) }))
            .orderBy("id").all().map { try $0.decode(column: "status_key", as: String.self) }
    }

    func testCollegeApprovesTickedCasesAtOnce() async throws {
        let ids = try await seed(3, at: "assessment")
        let college = try await loggedIn("college")
        let list = try await college.get("/review/batch-test")
        XCTAssertEqual(list.status, .ok)
        XCTAssertTrue(list.body.contains("批量通过所选"), "a singleOrBatch step offers 批量通过")
        XCTAssertFalse(list.body.contains("所选组成批次"), "only batch steps form batches")
        for id in ids { XCTAssertTrue(list.body.contains(#"name="ids" value="\#(id)""#), "a checkbox for \(id)") }
        // Nothing ticked: a message, nothing moved.
        let none = try await college.submit("/review/batch-test/selection", from: "/review/batch-test", form: [("action", "approve")])
        XCTAssertEqual(none.status, .seeOther)
        let approved = try await college.submit("/review/batch-test/selection", from: "/review/batch-test",
                                                form: [("action", "approve")] + ids.prefix(2).map { ("ids", String($0)) })
        XCTAssertEqual(approved.status, .seeOther)
        let keys = try await statusKeys(ids)
        XCTAssertEqual(keys, ["step:summary", "step:summary", "step:assessment"])
        let history = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM case_history WHERE case_type = 'batch-test'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(history, 2, "one 审核记录 per case")
    }

    func testASelectionWithACaseOutsideTheScopeIsNotFound() async throws {
        let ids = try await seed(2, at: "assessment")
        // Move one case to another college: the college admin may not act on it, nor learn it exists.
        try await app.db.sql.raw("UPDATE destination_cases SET college_id = college_id + 1000 WHERE id = \(bind: ids[1])").run()
        let college = try await loggedIn("college")
        let page = try await college.submit("/review/batch-test/selection", from: "/review/batch-test", form: [("action", "approve")] + ids.map { ("ids", String($0)) })
        XCTAssertEqual(page.status, .notFound)
        let keys = try await statusKeys(ids)
        XCTAssertEqual(keys, ["step:assessment", "step:assessment"], "nothing moved")
    }

    func testSchoolFormsABatchActsOnItTakesOneOutAndPrints() async throws {
        let ids = try await seed(4, at: "summary")
        let school = try await loggedIn("school")
        let list = try await school.get("/review/batch-test?status=" + Browser.encode("待汇总"))
        XCTAssertTrue(list.body.contains("所选组成批次"), list.body)
        let formed = try await school.submit("/review/batch-test/selection", from: "/review/batch-test", form: [("action", "batch")] + ids.map { ("ids", String($0)) })
        XCTAssertEqual(formed.location, "/review/batch-test/batches/1")
        var batch = try await school.get("/review/batch-test/batches/1")
        XCTAssertEqual(batch.status, .ok)
        XCTAssertTrue(batch.body.contains("4002.00"), "补贴金额合计 adds the four amounts exactly")
        XCTAssertTrue(batch.body.contains("汇总上报（4 件）"))
        // The list now shows the batch number instead of a checkbox.
        let after = try await school.get("/review/batch-test?status=" + Browser.encode("待汇总"))
        XCTAssertTrue(after.body.contains("第 1 批次"))
        XCTAssertFalse(after.body.contains(#"name="ids" value="\#(ids[0])""#))

        // One case out, with a reason: it goes back to 院系评审, and the batch keeps three.
        let removed = try await school.submit("/review/batch-test/batches/1/remove", from: "/review/batch-test/batches/1",
                                              form: [("id", String(ids[0])), ("reason", "材料不全")])
        XCTAssertEqual(removed.status, .seeOther)
        let remaining = try await CaseBatches.rows(type, number: 1, on: app.db)
        XCTAssertEqual(remaining.map { $0.id }, Array(ids.dropFirst()))

        // The page is stale (it showed four cases): acting with its fingerprint is refused, nothing moves.
        let staleFingerprint = ids.map { "\($0):0" }.joined(separator: ",")
        let token = try await school.get("/review/batch-test/batches/1").csrfToken ?? ""
        let stale = try await school.request(.POST, "/review/batch-test/batches/1", form: [("_csrf", token), ("fingerprint", staleFingerprint), ("action", "approve")])
        XCTAssertEqual(stale.status, .seeOther)
        var keys = try await statusKeys(Array(ids.dropFirst()))
        XCTAssertEqual(keys, ["step:summary", "step:summary", "step:summary"])

        // The 汇总表 prints on its own page, and printing is audited.
        let sheet = try await school.get("/review/batch-test/batches/1/print")
        XCTAssertEqual(sheet.status, .ok)
        XCTAssertTrue(sheet.body.contains("补贴测试第 1 批次汇总表"))
        XCTAssertTrue(sheet.body.contains("/css/print.css"))
        XCTAssertTrue(sheet.body.contains("经办人（签字）"))
        let audited = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'case.batch.print'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audited, 1)
        // And as a spreadsheet: a header, the three cases, then 件数 and 补贴金额合计.
        let exported = try await school.get("/review/batch-test/batches/1/export?format=csv")
        let lines = exported.body.dropFirst().split(separator: "\r\n").map(String.init)
        XCTAssertEqual(lines.count, 1 + 3 + 2, exported.body)
        XCTAssertTrue(lines[0].hasPrefix("序号,姓名,学号"))
        XCTAssertEqual(lines.last, "补贴金额合计,3001.50")

        // With the current page: the whole batch moves on in one go.
        batch = try await school.get("/review/batch-test/batches/1")
        let fingerprint = try XCTUnwrap(batch.body.range(of: #"name="fingerprint" value=""#).map { range in
            String(batch.body[range.upperBound...].prefix { $0 != "\"" })
        })
        XCTAssertEqual(fingerprint.split(separator: ",").count, 3)
        let acted = try await school.request(.POST, "/review/batch-test/batches/1", form: [("_csrf", token), ("fingerprint", fingerprint), ("action", "approve")])
        XCTAssertEqual(acted.status, .seeOther)
        XCTAssertEqual(acted.location, "/review/batch-test/batches", "the batch ended with its last step")
        keys = try await statusKeys(Array(ids.dropFirst()))
        XCTAssertEqual(keys, ["approved", "approved", "approved"])

    }

    func testAnotherSchoolsStaffCannotSeeTheBatch() async throws {
        let ids = try await seed(2, at: "summary")
        let school = try await loggedIn("school")
        _ = try await school.submit("/review/batch-test/selection", from: "/review/batch-test", form: [("action", "batch")] + ids.map { ("ids", String($0)) })
        try await app.db.sql.raw("UPDATE destination_cases SET school_id = school_id + 1000 WHERE id = \(bind: ids[0])").run()
        let partly = try await school.get("/review/batch-test/batches/1")
        XCTAssertEqual(partly.status, .notFound, "a batch partly outside the scope is not shown")
        let printed = try await school.get("/review/batch-test/batches/1/print")
        XCTAssertEqual(printed.status, .notFound)
        // A student has no batch pages at all.
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let batches = try await student.get("/review/batch-test/batches")
        XCTAssertEqual(batches.status, .notFound)
    }
}
