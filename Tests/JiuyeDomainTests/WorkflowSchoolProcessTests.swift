import XCTest
@testable import JiuyeDomain

/// 生源信息核对 (seed 003 §3.2, seed 004 §2(1)) and the grassroots application (seeds 000, 001).
final class WorkflowSchoolProcessTests: XCTestCase {
    let student = CaseActor.applicant
    let college = CaseActor.staff(.collegeAdmin)
    let school = CaseActor.staff(.schoolAdmin)
    let reviewer = CaseActor.staff(.grassrootsReviewer)

    // MARK: 生源信息

    func testSourceRecordGoesFromStudentThroughCollegeToSchool() {
        var run = CaseRun(ProcessDefinitions.studentSource)
        XCTAssertEqual([run.status, run.view("确认情况")], ["未提交", "未提交"])
        run.act(.submit, by: student)
        XCTAssertEqual([run.status, run.view("确认情况")], ["已提交", "学生已确认"])
        run.act(.approve(remark: nil), by: college)
        XCTAssertEqual([run.status, run.view("确认情况")], ["院系审核通过", "已锁定"])
        run.act(.approve(remark: nil), by: school)
        XCTAssertEqual([run.status, run.view("确认情况")], ["学校审核通过", "已锁定"])
        XCTAssertEqual(run.history.map(\.stepLabel), ["学生提交", "院系审核", "学校审核"])
    }

    func testACounselorMayDoTheCollegeReviewButNotTheSchools() {
        var run = CaseRun(ProcessDefinitions.studentSource)
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: .staff(.counselor))
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: .staff(.counselor)), "您无权处理此环节。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: college), "您无权处理此环节。")
    }

    func testASchoolReturnReentersAtTheSchoolStep() {
        var run = CaseRun(ProcessDefinitions.studentSource)
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: college)
        run.act(.returnForChanges(reason: "家庭地址请详细到门牌号"), by: school)
        XCTAssertEqual(run.status, "已退回")
        XCTAssertEqual(run.state.status, .returned(reentry: 2))
        run.act(.submit, by: student)
        XCTAssertEqual(run.status, "院系审核通过")
        // Nobody has looked at the resubmission: the student may still withdraw it, and it comes back
        // to the school step.
        run.act(.withdraw, by: student)
        run.act(.submit, by: student)
        XCTAssertEqual(run.state.status, .inReview(step: 2))
    }

    func testAChangeRequestAfterApprovalGoesToTheSchool() {
        var run = CaseRun(ProcessDefinitions.studentSource)
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: college)
        run.act(.approve(remark: nil), by: school)
        run.act(.reopen(reason: "政治面貌修改为中共党员"), by: student)
        XCTAssertEqual(run.history.last?.actionLabel, "申请修改")
        XCTAssertEqual(run.history.last?.remark, "政治面貌修改为中共党员")
        run.act(.submit, by: student)
        XCTAssertEqual(run.state.status, .inReview(step: 2))
        XCTAssertEqual(run.state.version, 2)
        let approved = run.act(.approve(remark: nil), by: school)
        XCTAssertEqual(approved?.superseded, 1)
    }

    func testStaffMaintenanceLocksTheRecord() {
        var run = CaseRun(ProcessDefinitions.studentSource)
        run.act(.enterOnBehalf(remark: nil), by: .staff(.counselor))
        XCTAssertEqual(run.view("确认情况"), "已锁定")
        XCTAssertEqual(run.status, "院系审核通过")
        XCTAssertEqual(run.last?.notifications, [.systemMessage("辅导员已代您录入生源信息核对信息。")])
        XCTAssertEqual(run.refusalMessage(.confirm, by: student), "生源信息核对无需本人确认。")
    }

    // MARK: 基层就业学费补偿

    func testGrassrootsApplicationIsReviewedByTheCollegeReviewer() {
        var run = CaseRun(ProcessDefinitions.grassroots)
        run.act(.submit, by: student)
        XCTAssertEqual(run.status, "待审核")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: college), "您无权处理此环节。")
        let approved = run.act(.approve(remark: "已核实缴纳金额"), by: reviewer)
        XCTAssertEqual(run.status, "审核通过")
        XCTAssertEqual(approved?.notifications, [.systemMessage("您的基层就业学费补偿申请已审核通过。")])
    }

    func testGrassrootsRejectionIsFinalAndTextsTheReason() {
        var run = CaseRun(ProcessDefinitions.grassroots)
        run.act(.submit, by: student)
        XCTAssertEqual(run.refusalMessage(.reject(reason: ""), by: reviewer), "请填写不通过原因。")
        XCTAssertEqual(
            run.refusalMessage(.returnForChanges(reason: "补材料"), by: reviewer),
            "此环节不能退回修改；如不符合条件，请选择审核不通过。"
        )
        let rejected = run.act(.reject(reason: "就业单位不在基层范围"), by: reviewer)
        XCTAssertEqual(run.status, "审核不通过")
        let text = "您的基层就业学费补偿申请在“培养单位审核”环节审核不通过，原因：就业单位不在基层范围。"
        XCTAssertEqual(rejected?.notifications, [.sms(text), .systemMessage(text)])
        XCTAssertEqual(run.refusalMessage(.submit, by: student), "该申请已审核不通过，不能修改。")
        XCTAssertEqual(run.refusalMessage(.withdraw, by: student), "该申请已审核结束，不能撤回。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: reviewer), "该申请已审核结束。")
    }

    func testGrassrootsWithdrawalOnlyUntilTheCollegeReviews() {
        var run = CaseRun(ProcessDefinitions.grassroots)
        run.act(.submit, by: student)
        run.act(.withdraw, by: student)
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: reviewer)
        XCTAssertEqual(run.refusalMessage(.withdraw, by: student), "该申请已审核通过，不能撤回。")
    }

    func testGrassrootsHasNoEntryOnBehalfNoChangeAfterApprovalNoConfirmation() {
        var run = CaseRun(ProcessDefinitions.grassroots)
        XCTAssertEqual(run.refusalMessage(.enterOnBehalf(remark: nil), by: reviewer), "您无权代为录入基层就业学费补偿申请。")
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: reviewer)
        XCTAssertEqual(run.refusalMessage(.reopen(reason: "更正"), by: student), "基层就业学费补偿申请审核通过后不能修改。")
        XCTAssertEqual(run.refusalMessage(.saveDraft, by: student), "该申请已审核通过，不能修改。")
        run.context.smsCodeVerified = true
        XCTAssertEqual(run.refusalMessage(.confirm, by: student), "基层就业学费补偿申请无需本人确认。")
    }

    func testGrassrootsSubmissionNeedsTheApplicationWindow() {
        var run = CaseRun(ProcessDefinitions.grassroots)
        run.context.windows[.grassrootsApply] = .closed(closedAt: 5)
        XCTAssertEqual(run.refusal(.submit, by: student), Refusal(.guardClosed, "基层就业学费补偿申请已于 T5 截止。"))
    }
}
