@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import JiuyeSheets
import SQLKit
import Vapor
import XCTest
import XCTVapor

/// 全国系统上报与反馈 over HTTP (seed 004 §2(5); C7–C9): the pre-check on the page, the school's
/// audited export to 上报中 and 确认已上报, the feedback file setting a registration 审核不通过
/// (登记信息错误) or unlocking the 生源 record (生源信息错误), the daily job, and scope.
final class NationalReportFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        let now = app.clock.now()
        let school = String(try await schoolID())
        for business in [Business.destination, .studentSource] {
            _ = try await TimeWindows.set(business, owner: .init(kind: .school, id: school), year: 2025,
                                          window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 1, now: now, on: app.db)
        }
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    let zhangExaminee = "21500106150123"

    // MARK: Tests

    func testPrecheckFlagsANonCountySourceRegionWithItsFixAndHoldsTheRecordBack() async throws {
        let user = try await sourceRecord(DemoSeed.demoStudentNo, examinee: zhangExaminee, region: "500100")
        let caseID = try await registration(user)
        let school = try await loggedIn("school")
        let page = try await school.get("/report/national")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("张明") && page.body.contains("新增 1"), page.body)
        XCTAssertTrue(page.body.contains("生源所在地要填报到区/县") && page.body.contains("是地市级代码"), "the seed's wording and the detail")
        XCTAssertTrue(page.body.contains("修改方法：生源所在地要填报到区/县一级"), "the fix beside the record")
        let idNumber = try await app.keys.decrypt(try await app.db.sql.raw("SELECT id_number_cipher FROM users WHERE id = \(bind: user)").first()!
            .decode(column: "id_number_cipher", as: String.self))
        XCTAssertFalse(page.body.contains(idNumber), "证件号码 masked in the list")
        XCTAssertTrue(page.body.contains(Masking.idNumber(idNumber)))
        XCTAssertFalse(page.body.contains("13912345678"), "手机号 masked in the list")

        // The export leaves it out, says so, and writes nothing for it.
        let refused = try await school.submit("/report/national/export", from: "/report/national", form: [])
        XCTAssertEqual(refused.location, "/report/national")
        let after = try await school.get("/report/national")
        XCTAssertTrue(after.body.contains("都未通过上报前检查"), after.body)
        let sync = try await syncRow(caseID)
        XCTAssertNil(sync)
        let stillNew = try await NationalSync.state(caseID: caseID, on: app.db)
        XCTAssertEqual(stillNew, .new)
    }

    func testSchoolExportMovesRecordsToExportingAuditedAndConfirmationToReported() async throws {
        let school = try await loggedIn("school")
        let li = try await sourceRecord(DemoSeed.importedStudentNo, examinee: "21500106150124")
        let liCase = try await registration(li)
        let bad = try await sourceRecord(try await classmate(), examinee: "21500106150125", region: "500000")
        let badCase = try await registration(bad)
        let (zhangCase, batch) = try await exportedZhang(school)
        for id in [zhangCase, liCase] {
            let row = try await syncRow(id)
            XCTAssertEqual(row?.state, "exporting")
        }
        let heldBack = try await syncRow(badCase)
        XCTAssertNil(heldBack, "a record failing the check is not exported")
        let exported = try await auditCount("national.export")
        XCTAssertEqual(exported, 1)
        let batchPage = try await school.get("/report/national/exports/\(batch)")
        XCTAssertTrue(batchPage.body.contains("2 条") && batchPage.body.contains("另有 1 条未通过上报前检查"), batchPage.body)

        // The file: the reporting layout, full personal data, audited; downloading changes no state.
        let file = try await school.get("/report/national/exports/\(batch)/file")
        XCTAssertEqual(file.status, .ok)
        let disposition = file.headers.first(name: .contentDisposition) ?? ""
        XCTAssertTrue(disposition.contains("export-full"), disposition)
        var rows: [[String]] = []
        try XLSXReader(bytes: file.bytes).forEachRow { rows.append($0.cells.map(\.trimmedText)) }
        XCTAssertEqual(rows.first, NationalReportLayout.headers)
        XCTAssertEqual(rows.count, 3)
        XCTAssertTrue(rows.contains { $0.contains(zhangExaminee) && $0.contains("71") })
        let downloads = try await auditCount("national.export.download")
        XCTAssertEqual(downloads, 1)
        let stillExporting = try await NationalSync.state(caseID: zhangCase, on: app.db)
        XCTAssertEqual(stillExporting, .exporting)

        let page = try await school.get("/report/national")
        XCTAssertTrue(page.body.contains("上报中 2") && page.body.contains("新增 1"), page.body)
        let confirmed = try await school.submit("/report/national/exports/\(batch)/confirm", from: "/report/national/exports/\(batch)", form: [])
        XCTAssertEqual(confirmed.status, .seeOther)
        let reported = try await syncRow(zhangCase)
        XCTAssertEqual(reported?.state, "reported")
        let confirmations = try await auditCount("national.export.confirm")
        XCTAssertEqual(confirmations, 1)

        // The school's 审核通过 changes nothing the report holds: still 已上报.
        let row = try await CaseEngine.load(.destination, id: zhangCase, on: app.db)!
        let approved = try await school.submit("/review/destination/\(zhangCase)", from: "/review/destination/\(zhangCase)",
                                               form: [("action", "approve"), ("lock", String(row.lock))])
        XCTAssertEqual(approved.status, .seeOther)
        let approvedRow = try await CaseEngine.load(.destination, id: zhangCase, on: app.db)!
        XCTAssertEqual(approvedRow.status_key, "approved")
        let unchanged = try await NationalSync.state(caseID: zhangCase, on: app.db)
        XCTAssertEqual(unchanged, .reported)

        // A registration changed after it was reported is 有改动 and goes into the next batch.
        try await app.db.sql.raw("UPDATE destination_cases SET data_json = \(bind: #"{"category":"72","subtype":"72L1"}"#) WHERE id = \(bind: zhangCase)").run()
        let changed = try await NationalSync.state(caseID: zhangCase, on: app.db)
        XCTAssertEqual(changed, .changed)
        let second = try await school.submit("/report/national/export", from: "/report/national", form: [])
        XCTAssertTrue(second.location?.hasPrefix("/report/national/exports/") == true)
        let again = try await syncRow(zhangCase)
        XCTAssertEqual(again?.state, "exporting")
    }

    /// An approved registration never exported stays in the sync while its graduate edits a change
    /// (the case back at 未提交 or 待审核): the version in force is what goes out.
    func testARegistrationInForceIsReportedWhileAChangeIsEdited() async throws {
        let school = try await loggedIn("school")
        let user = try await sourceRecord(DemoSeed.demoStudentNo, examinee: zhangExaminee)
        let inForce = #"{"category":"71"}"#, editing = #"{"category":"72","subtype":"72L1"}"#
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .draft, inForceVersion: 1, submissions: 1)), as: UTF8.self)
        let caseID = try await app.db.sql.raw("""
            INSERT INTO destination_cases (applicant_id, period, school_id, campus_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
            status_key, status_label, lock, state_json, data_json, in_force_json, submitted_json, submitted_at, updated_at, created_at)
            SELECT st.user_id, '2025', st.school_id, st.campus_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
            'draft', '未提交', 3, \(bind: state), \(bind: editing), \(bind: inForce), \(bind: inForce), 1, 1, 1
            FROM students st JOIN users u ON u.id = st.user_id WHERE st.user_id = \(bind: user) RETURNING id
            """).first()!.decode(column: "id", as: Int64.self)
        let listed = try await NationalSync.state(caseID: caseID, on: app.db)
        XCTAssertEqual(listed, .new)
        let done = try await school.submit("/report/national/export", from: "/report/national", form: [])
        XCTAssertTrue(done.location?.hasPrefix("/report/national/exports/") == true, done.body)
        let exported = try await app.db.sql.raw("SELECT state, exported_data FROM national_sync WHERE case_id = \(bind: caseID)").first()
        XCTAssertEqual(try exported?.decode(column: "state", as: String.self), "exporting")
        XCTAssertEqual(try exported?.decode(column: "exported_data", as: String.self), inForce, "the version in force, not the draft")
        // Still editing: nothing new to report. Once the change passes 初审, it is 有改动.
        let unchanged = try await NationalSync.state(caseID: caseID, on: app.db)
        XCTAssertEqual(unchanged, .exporting)
        try await app.db.sql.raw("UPDATE destination_cases SET status_key = 'step:final-review', status_label = '初审通过' WHERE id = \(bind: caseID)").run()
        let changed = try await NationalSync.state(caseID: caseID, on: app.db)
        XCTAssertEqual(changed, .changed)
    }

    func testCounselorSeesTheClassReadOnlyAndCannotExportOrImport() async throws {
        let user = try await sourceRecord(DemoSeed.demoStudentNo, examinee: zhangExaminee)
        let caseID = try await registration(user)
        let counselor = try await loggedIn("counselor")
        let page = try await counselor.get("/report/national")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("张明"))
        XCTAssertFalse(page.body.contains("生成上报数据"), "no export button for a counselor")
        let token = page.csrfToken ?? ""
        let refused = try await counselor.request(.POST, "/report/national/export", form: [("_csrf", token)])
        XCTAssertEqual(refused.status, .notFound)
        let feedback = try await counselor.get("/report/national/feedback")
        XCTAssertEqual(feedback.status, .notFound)
        let batches = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM national_exports").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(batches, 0)
        let sync = try await syncRow(caseID)
        XCTAssertNil(sync)
        let student = try await loggedIn(DemoSeed.demoStudentNo)
        let studentPage = try await student.get("/report/national")
        XCTAssertEqual(studentPage.status, .notFound)
    }

    func testFeedbackSetsTheRegistrationRejectedWithTheNationalReasonAndNeedsReview() async throws {
        let school = try await loggedIn("school")
        let (caseID, batch) = try await exportedZhang(school)
        _ = try await school.submit("/report/national/exports/\(batch)/confirm", from: "/report/national/exports/\(batch)", form: [])
        let csv = """
            年度,学历,考生号,姓名,错误类型,错误原因
            2025,本科生毕业,\(zhangExaminee),张明,登记信息错误,单位名称不存在
            2025,31,21500106159999,查无此人,登记信息错误,单位名称不存在
            2025,,21500106150123,张明,登记信息错误,单位名称不存在
            """
        let result = try await uploadFeedback(school, csv: csv)
        XCTAssertEqual(result.status, .ok)
        XCTAssertTrue(result.body.contains("已对应") && result.body.contains("未找到") && result.body.contains("无法读取"), result.body)
        XCTAssertTrue(result.body.contains("第 4 行：缺少学历"), "an unreadable row names its row number")
        XCTAssertTrue(result.body.contains("已设为审核不通过"), result.body)
        XCTAssertFalse(result.body.contains(zhangExaminee), "考生号 masked on the result page")

        let row = try await CaseEngine.load(.destination, id: caseID, on: app.db)!
        XCTAssertEqual(row.status_key, "returned")
        XCTAssertEqual(CaseType.destination.definition.status.label(for: row.state, in: CaseType.destination.definition), "审核不通过")
        let remark = try await app.db.sql.raw("""
            SELECT remark FROM case_history WHERE case_type = 'destination' AND case_id = \(bind: caseID) AND action = 'reject'
            """).first()?.decode(column: "remark", as: String?.self) ?? nil
        XCTAssertTrue(remark?.contains("全国系统反馈（登记信息错误）：单位名称不存在") == true, "\(String(describing: remark))")
        let sync = try await syncRow(caseID)
        XCTAssertEqual(sync?.state, "needs-review")
        XCTAssertEqual(sync?.reason, "单位名称不存在")
        XCTAssertEqual(sync?.type, "destination")
        let sms = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'sms' AND user_id = \(bind: row.applicant_id)").first()!
            .decode(column: "n", as: Int.self)
        XCTAssertEqual(sms, 0, "no SMS to the graduate")
        let counselor = try await Demo.userID(app, username: "counselor")
        let items = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: counselor)").first()!.decode(column: "n", as: Int.self)
        XCTAssertGreaterThan(items, 0, "the counselor gets a work item")
        let imported = try await auditCount("national.feedback")
        XCTAssertEqual(imported, 1)

        let list = try await school.get("/report/national?state=needs-review")
        XCTAssertTrue(list.body.contains("张明") && list.body.contains("单位名称不存在") && list.body.contains("需复查 1"), list.body)
        // The counselor checks and enters it again (代录 lands 初审通过): 有改动, queued for the next batch.
        let counselorBrowser = try await loggedIn("counselor")
        let entered = try await counselorBrowser.submit("/destination/enter", from: "/destination/enter?student=\(DemoSeed.demoStudentNo)",
                                                        form: [("student", DemoSeed.demoStudentNo), ("category", "71")])
        XCTAssertEqual(entered.status, .seeOther, entered.body)
        let queued = try await NationalSync.state(caseID: caseID, on: app.db)
        XCTAssertEqual(queued, .changed)
    }

    func testFeedbackFindsGraduatesNeverExportedAndMarksArchiveErrors() async throws {
        let school = try await loggedIn("school")
        let (zhangCase, _) = try await exportedZhang(school)
        // 李华 registered after the export (新增, never reported); a classmate has no registration at all.
        let li = try await sourceRecord(DemoSeed.importedStudentNo, examinee: "21500106150124")
        let liCase = try await registration(li)
        let mate = try await sourceRecord(try await classmate(), examinee: "21500106150125")
        let csv = """
            年度,学历,考生号,错误类型,错误原因
            2025,31,\(zhangExaminee),档案信息错误,档案转递地址有误
            2025,31,21500106150124,登记信息错误,单位行业不正确
            2025,31,21500106150125,生源信息错误,生源所在地要填报到区/县
            """
        let result = try await uploadFeedback(school, csv: csv)
        XCTAssertTrue(result.body.contains("已对应 3 行，未找到 0 行"), "the two never exported are found by opening the school's records: \(result.body)")

        // 档案信息错误: 需复查 with the reason; the registration stays as it was.
        let archive = try await syncRow(zhangCase)
        XCTAssertEqual(archive?.state, "needs-review")
        XCTAssertEqual(archive?.type, "archive")
        XCTAssertEqual(archive?.reason, "档案转递地址有误")
        let zhang = try await CaseEngine.load(.destination, id: zhangCase, on: app.db)!
        XCTAssertEqual(zhang.status_key, "step:final-review")
        // 李华's registration is sent back with the reason, but never reported it gets no 需复查.
        let liRow = try await CaseEngine.load(.destination, id: liCase, on: app.db)!
        XCTAssertEqual(liRow.status_key, "returned")
        XCTAssertTrue(result.body.contains("该记录尚未上报全国系统"), result.body)
        let liSync = try await syncRow(liCase)
        XCTAssertNil(liSync)
        // The classmate's 生源 is open for correction (a case made for it, 未提交).
        let source = try await CaseEngine.load(.studentSource, applicant: mate, period: "2025", on: app.db)
        XCTAssertEqual(source?.status_key, "draft")
        XCTAssertTrue(result.body.contains("可直接修改"), result.body)
    }

    func testSourceErrorUnlocksTheSourceRecordAndLeavesTheRegistration() async throws {
        let school = try await loggedIn("school")
        let user = try await sourceRecord(DemoSeed.demoStudentNo, examinee: zhangExaminee)
        // The school maintains and locks 张明's 生源 (学校审核通过).
        let contact: [(String, String)] = [("hukou_moved", "否"), ("archive_moved", "是"), ("qq", "123456789"), ("home_postcode", "400044"),
                                           ("email", "zhangming@example.com"), ("phone", "13912345678"), ("home_phone", "023-65678901"),
                                           ("home_address", "重庆市沙坪坝区沙正街174号")]
        let locked = try await school.submit("/source/enter", from: "/source/enter?student=\(DemoSeed.demoStudentNo)",
                                             form: [("student", DemoSeed.demoStudentNo)] + contact)
        XCTAssertEqual(locked.status, .seeOther)
        let caseID = try await registration(user)
        let done = try await school.submit("/report/national/export", from: "/report/national", form: [])
        XCTAssertEqual(done.status, .seeOther)
        let before = try await CaseEngine.load(.destination, id: caseID, on: app.db)!

        let result = try await uploadFeedback(school, csv: "年度,学历,考生号,错误类型,错误原因\n2025,31,\(zhangExaminee),生源信息错误,生源所在地代码不是标准代码\n")
        XCTAssertTrue(result.body.contains("生源信息已解锁"), result.body)
        let source = try await CaseEngine.load(.studentSource, applicant: user, period: "2025", on: app.db)!
        XCTAssertEqual(source.status_key, "draft", "unlocked: a new version the graduate or staff correct")
        XCTAssertEqual(source.state.version, 2)
        XCTAssertNotNil(source.inForce, "the approved version stays in force until the correction is approved")
        let unlocks = try await auditCount("national.source.unlock")
        XCTAssertEqual(unlocks, 1)
        let after = try await CaseEngine.load(.destination, id: caseID, on: app.db)!
        XCTAssertEqual(after.status_key, before.status_key, "the registration is left alone")
        XCTAssertEqual(after.lock, before.lock)
        let sync = try await syncRow(caseID)
        XCTAssertEqual(sync?.state, "needs-review")
        XCTAssertEqual(sync?.type, "source")

        // Corrected and locked again: 有改动, to be reported again.
        let relocked = try await school.submit("/source/enter", from: "/source/enter?student=\(DemoSeed.demoStudentNo)",
                                               form: [("student", DemoSeed.demoStudentNo)] + contact.map { $0.0 == "qq" ? ($0.0, "987654321") : $0 })
        XCTAssertEqual(relocked.status, .seeOther)
        let state = try await NationalSync.state(caseID: caseID, on: app.db)
        XCTAssertEqual(state, .changed)
    }

    func testAnotherCollegesStaffSeeNoneOfIt() async throws {
        let school = try await loggedIn("school")
        let (_, batch) = try await exportedZhang(school)
        let result = try await uploadFeedback(school, csv: "年度,学历,考生号,错误类型,错误原因\n2025,31,\(zhangExaminee),登记信息错误,单位名称不存在\n")
        let feedbackPath = try XCTUnwrap(result.body.range(of: "反馈处理结果") != nil ? "/report/national/feedback" : nil)
        let feedbackID = try await app.db.sql.raw("SELECT id FROM national_feedback ORDER BY id DESC LIMIT 1").first()!.decode(column: "id", as: Int64.self)

        for (username, role) in [("other_college", Role.collegeAdmin), ("other_counselor", Role.counselor)] {
            let outsider = try await otherCollegeStaff(username, role: role)
            let page = try await outsider.get("/report/national")
            XCTAssertEqual(page.status, .ok)
            XCTAssertFalse(page.body.contains("张明"), username)
            XCTAssertFalse(page.body.contains("单位名称不存在"), username)
            XCTAssertTrue(page.body.contains("需复查 0") && page.body.contains("全部 0"), "\(username): no counts of another college")
            let filtered = try await outsider.get("/report/national?state=needs-review")
            XCTAssertFalse(filtered.body.contains("张明"))
            let batchPage = try await outsider.get("/report/national/exports/\(batch)")
            XCTAssertEqual(batchPage.status, .notFound)
            let file = try await outsider.get("/report/national/exports/\(batch)/file")
            XCTAssertEqual(file.status, .notFound)
            let feedback = try await outsider.get("\(feedbackPath)/\(feedbackID)")
            XCTAssertEqual(feedback.status, .notFound)
        }
    }

    func testTheDailyJobMakesABatchOfWhatIsWaiting() async throws {
        XCTAssertNotNil(app.jobs.handler(NationalExport.jobKind))
        XCTAssertTrue(app.jobs.schedules.contains { $0.kind == NationalExport.jobKind && $0.every == 86_400 })
        let user = try await sourceRecord(DemoSeed.demoStudentNo, examinee: zhangExaminee)
        let caseID = try await registration(user)
        try await NationalExport.runScheduled(app)
        let batch = try await app.db.sql.raw("SELECT kind, record_count, created_by FROM national_exports").all()
        XCTAssertEqual(batch.count, 1)
        XCTAssertEqual(try batch.first?.decode(column: "kind", as: String.self), "scheduled")
        XCTAssertEqual(try batch.first?.decode(column: "record_count", as: Int.self), 1)
        let row = try await syncRow(caseID)
        XCTAssertEqual(row?.state, "exporting")
        // Nothing waiting: the next run makes no empty batch.
        try await NationalExport.runScheduled(app)
        let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM national_exports").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(count, 1)
    }
}
