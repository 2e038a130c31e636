import XCTest
@testable import JiuyeDomain

/// 毕业去向登记 (seed 004 §2(2)(3)): 学生登记 → 初审 (辅导员 or 院系管理员) → 审核 (学校).
final class WorkflowDestinationTests: XCTestCase {
    let counselor = CaseActor.staff(.counselor)
    let collegeAdmin = CaseActor.staff(.collegeAdmin)
    let school = CaseActor.staff(.schoolAdmin)
    let student = CaseActor.applicant

    func submitted() -> CaseRun {
        var run = CaseRun(ProcessDefinitions.destination)
        run.act(.saveDraft, by: student)
        run.act(.submit, by: student)
        return run
    }

    func testStatusesFollowTheManualFromUnsubmittedToApproved() {
        var run = CaseRun(ProcessDefinitions.destination)
        XCTAssertEqual(run.status, "未提交")
        run.act(.submit, by: student)
        XCTAssertEqual(run.status, "待审核")
        run.act(.approve(remark: nil), by: counselor)
        XCTAssertEqual(run.status, "初审通过")
        let done = run.act(.approve(remark: "材料齐全"), by: school)
        XCTAssertEqual(run.status, "审核通过")
        XCTAssertEqual(run.state.inForceVersion, 1)
        XCTAssertEqual(run.actionLabels, ["提交", "初审通过", "审核通过"])
        XCTAssertEqual(run.history.map(\.stepLabel), ["学生登记", "初审", "审核"])
        XCTAssertEqual(run.history.last?.remark, "材料齐全")
        XCTAssertEqual(done?.notifications, [.systemMessage("您的毕业去向登记已审核通过。")])
    }

    func testCollegeAdminMayDoTheFirstReviewInsteadOfTheCounselor() {
        var run = submitted()
        run.act(.approve(remark: nil), by: collegeAdmin)
        XCTAssertEqual(run.status, "初审通过")
    }

    func testOnlyTheStepsRolesInScopeMayReview() {
        let run = submitted()
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: school), "您无权处理此环节。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: .staff(.employer)), "您无权处理此环节。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: student), "您无权处理此环节。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: .jobRunner), "您无权处理此环节。")
        let outside = run.refusal(.approve(remark: nil), by: .staff(.counselor, inScope: false))
        XCTAssertEqual(outside, Refusal(.outOfScope, "该申请不在您的管理范围内。"))
    }

    func testWithdrawalBeforeTheFirstReviewReturnsToDraft() {
        var run = submitted()
        run.act(.withdraw, by: student)
        XCTAssertEqual(run.state.status, .draft)
        XCTAssertEqual(run.status, "未提交")
        run.act(.saveDraft, by: student)
        run.act(.submit, by: student)
        XCTAssertEqual(run.actionLabels, ["暂存", "提交", "撤回", "暂存", "重新提交"])
        XCTAssertEqual(run.state.version, 1)
    }

    func testWithdrawalAfterTheFirstReviewIsRefused() {
        var run = submitted()
        run.act(.approve(remark: nil), by: counselor)
        XCTAssertEqual(run.refusal(.withdraw, by: student), Refusal(.wrongState, "该申请已被审核，不能撤回。"))
    }

    func testOnlyTheApplicantWithdrawsAndOnlyWhatWasSubmitted() {
        var run = CaseRun(ProcessDefinitions.destination)
        XCTAssertEqual(run.refusalMessage(.withdraw, by: student), "该申请尚未提交，无需撤回。")
        run.act(.submit, by: student)
        XCTAssertEqual(run.refusalMessage(.withdraw, by: counselor), "只有申请人本人才能撤回。")
    }

    func testASubmittedRegistrationCannotBeEditedUntilWithdrawn() {
        let run = submitted()
        XCTAssertEqual(run.refusalMessage(.saveDraft, by: student), "该申请已提交，如需修改请先撤回。")
        XCTAssertEqual(run.refusalMessage(.submit, by: student), "该申请已提交，如需修改请先撤回。")
        XCTAssertEqual(run.refusalMessage(.saveDraft, by: counselor), "只有申请人本人才能填写和暂存。")
    }

    func testRejectionNeedsAReason() {
        let run = submitted()
        XCTAssertEqual(run.refusal(.reject(reason: ""), by: counselor), Refusal(.invalid, "请填写不通过原因。"))
        XCTAssertEqual(run.refusalMessage(.reject(reason: " \u{3000}\n"), by: counselor), "请填写不通过原因。")
        XCTAssertEqual(run.refusalMessage(.returnForChanges(reason: "  "), by: counselor), "请填写退回原因。")
        let tooLong = String(repeating: "长", count: 501)
        XCTAssertEqual(run.refusalMessage(.reject(reason: tooLong), by: counselor), "填写的内容不能超过 500 字。")
    }

    func testSchoolRejectionSendsTheReasonAndTheResubmissionReentersAtFirstReview() {
        var run = submitted()
        run.act(.approve(remark: nil), by: counselor)
        let rejected = run.act(.reject(reason: " 单位名称与协议书不一致 "), by: school)
        XCTAssertEqual(run.state.status, .returned(reentry: 1))
        XCTAssertEqual(run.status, "审核不通过")
        XCTAssertEqual(run.history.last?.remark, "单位名称与协议书不一致")
        let text = "您的毕业去向登记在“审核”环节审核不通过，原因：单位名称与协议书不一致。请修改后重新提交。"
        XCTAssertEqual(rejected?.notifications, [.sms(text), .systemMessage(text)])

        run.act(.saveDraft, by: student)
        run.act(.submit, by: student)
        XCTAssertEqual(run.state.status, .inReview(step: 1))
        XCTAssertEqual(run.state.version, 1, "a resubmission continues the same case and version")
        XCTAssertEqual(run.state.submissions, 2)
        XCTAssertEqual(run.history.last?.actionLabel, "重新提交")
        // No reviewer has acted on the resubmission yet.
        XCTAssertNil(run.refusal(.withdraw, by: student))
    }

    func testReturnForChangesIsRecordedAsSuch() {
        var run = submitted()
        let returned = run.act(.returnForChanges(reason: "请上传盖章的协议书"), by: counselor)
        XCTAssertEqual(run.history.last?.actionLabel, "退回修改")
        XCTAssertEqual(run.state.status, .returned(reentry: 1))
        XCTAssertEqual(
            returned?.notifications.first,
            .sms("您的毕业去向登记在“初审”环节被退回修改，原因：请上传盖章的协议书。请修改后重新提交。")
        )
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: counselor), "该申请已退回申请人修改，尚未重新提交。")
    }

    func testSubmissionOutsideTheWindowNamesTheDates() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.context.windows[.destination] = .notYetOpen(opensAt: 100, closesAt: 200)
        XCTAssertEqual(run.refusal(.submit, by: student), Refusal(.guardClosed, "毕业去向登记尚未开始，开放时间为 T100 至 T200。"))
        run.context.windows[.destination] = nil
        XCTAssertEqual(run.refusalMessage(.submit, by: student), "毕业去向登记尚未开放，开放时间由学校（或区县）另行通知。")
        // 暂存 is always possible.
        XCTAssertNil(run.refusal(.saveDraft, by: student))
    }

    // MARK: 代录

    func testCounselorEntryLandsAtFirstReviewPassed() {
        var run = CaseRun(ProcessDefinitions.destination)
        let entered = run.act(.enterOnBehalf(remark: "学生在外实习，代为录入"), by: counselor)
        XCTAssertEqual(run.status, "初审通过")
        XCTAssertEqual(run.state.enteredBy, .counselor)
        XCTAssertEqual(run.history.last?.actionLabel, "代为录入")
        let text = "辅导员已代您录入毕业去向登记信息，请登录核对并进行本人确认。"
        XCTAssertEqual(entered?.notifications, [.sms(text), .systemMessage(text)])
        XCTAssertEqual(run.refusalMessage(.withdraw, by: student), "该申请已被审核，不能撤回。")
        run.act(.approve(remark: nil), by: school)
        XCTAssertEqual(run.status, "审核通过")
    }

    func testSchoolEntryIsApprovedAtOnce() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.act(.enterOnBehalf(remark: nil), by: school)
        XCTAssertEqual(run.status, "审核通过")
        XCTAssertEqual(run.state.inForceVersion, 1)
    }

    func testEmployerSigningWaitsForFirstReviewAsNetworkSigning() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.act(.enterOnBehalf(remark: nil), by: .staff(.employer))
        XCTAssertEqual(run.status, "网络签约")
        run.act(.approve(remark: nil), by: counselor)
        XCTAssertEqual(run.status, "初审通过")
    }

    func testEntryOnBehalfNeedsARoleAndScope() {
        let run = CaseRun(ProcessDefinitions.destination)
        XCTAssertEqual(run.refusalMessage(.enterOnBehalf(remark: nil), by: .staff(.countyHR)), "您无权代为录入毕业去向登记。")
        XCTAssertEqual(run.refusalMessage(.enterOnBehalf(remark: nil), by: student), "您无权代为录入毕业去向登记。")
        XCTAssertEqual(run.refusal(.enterOnBehalf(remark: nil), by: .staff(.collegeAdmin, inScope: false))?.kind, .outOfScope)
    }

    func testStaffEntryIgnoresTheStudentsWindow() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.context.windows[.destination] = .closed(closedAt: 1)
        XCTAssertNotNil(run.refusal(.submit, by: student))
        run.act(.enterOnBehalf(remark: nil), by: counselor)
    }

    // MARK: 本人确认

    func testPersonalConfirmationOnlyByTheApplicantWithACode() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.act(.enterOnBehalf(remark: nil), by: counselor)
        XCTAssertEqual(run.state.confirmation, .unconfirmed)
        XCTAssertEqual(run.refusal(.confirm, by: counselor), Refusal(.forbidden, "本人确认只能由申请人本人办理。"))
        XCTAssertEqual(run.refusalMessage(.confirm, by: school), "本人确认只能由申请人本人办理。")
        XCTAssertEqual(run.refusalMessage(.confirm, by: student), "请输入发送到您手机的验证码完成本人确认。")
        run.context.smsCodeVerified = true
        run.act(.confirm, by: student)
        XCTAssertEqual(run.state.confirmation, .confirmed)
        XCTAssertEqual(run.state.confirmation.label, "已确认")
        XCTAssertEqual(run.refusalMessage(.confirm, by: student), "您已确认，无需重复确认。")
        XCTAssertEqual(run.status, "初审通过", "本人确认is a dimension of its own")
    }

    func testADisputeGoesToTheSchoolsWorkQueue() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.act(.enterOnBehalf(remark: nil), by: collegeAdmin)
        run.context.smsCodeVerified = true
        XCTAssertEqual(run.refusalMessage(.dispute(reason: " "), by: student), "请填写异议内容。")
        let disputed = run.act(.dispute(reason: "我已解约，单位不对"), by: student)
        XCTAssertEqual(run.state.confirmation, .disputed)
        XCTAssertEqual(run.state.confirmation.label, "有异议")
        XCTAssertEqual(disputed?.notifications, [.workItem(.schoolAdmin, "申请人对毕业去向登记信息有异议：我已解约，单位不对")])
        // The school corrects it; the new content is unconfirmed again.
        run.act(.enterOnBehalf(remark: "已核实更正"), by: school)
        XCTAssertEqual(run.state.confirmation, .unconfirmed)
        run.act(.confirm, by: student)
        XCTAssertEqual(run.state.confirmation, .confirmed)
    }

    func testNothingToConfirmBeforeAnythingIsRecorded() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.context.smsCodeVerified = true
        XCTAssertEqual(run.refusalMessage(.confirm, by: student), "尚无需要确认的登记信息。")
    }

    // MARK: Versions

    func testANewDestinationAfterApprovalIsANewVersionAndTheOldStaysInForce() {
        var run = submitted()
        run.act(.approve(remark: nil), by: counselor)
        run.act(.approve(remark: nil), by: school)
        XCTAssertEqual(run.refusalMessage(.saveDraft, by: student), "该申请已审核通过，如需修改请使用“申请修改”。")
        XCTAssertEqual(run.refusalMessage(.reopen(reason: ""), by: student), "请填写申请修改原因。")
        XCTAssertEqual(run.refusalMessage(.reopen(reason: "已解约"), by: counselor), "只有申请人本人才能申请修改。")

        run.act(.reopen(reason: "已解约，重新登记去向"), by: student)
        XCTAssertEqual(run.state.version, 2)
        XCTAssertEqual(run.state.inForceVersion, 1)
        XCTAssertEqual(run.state.status, .draft)
        run.act(.submit, by: student)
        XCTAssertEqual(run.state.status, .inReview(step: 1))
        run.act(.reject(reason: "缺少解约证明"), by: counselor)
        XCTAssertEqual(run.state.inForceVersion, 1, "a rejected change leaves the approved version in force")
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: counselor)
        let approved = run.act(.approve(remark: nil), by: school)
        XCTAssertEqual(run.state.inForceVersion, 2)
        XCTAssertEqual(approved?.superseded, 1)
        XCTAssertEqual(run.history.last?.version, 2)
    }

    func testASchoolCorrectionAfterApprovalSupersedesAtOnce() {
        var run = submitted()
        run.act(.approve(remark: nil), by: counselor)
        run.act(.approve(remark: nil), by: school)
        let corrected = run.act(.enterOnBehalf(remark: "全国系统反馈：单位性质更正"), by: school)
        XCTAssertEqual(run.state.version, 2)
        XCTAssertEqual(run.state.status, .approved)
        XCTAssertEqual(corrected?.superseded, 1)
    }

    func testACounselorCorrectionAfterApprovalWaitsForTheSchool() {
        var run = CaseRun(ProcessDefinitions.destination)
        run.act(.enterOnBehalf(remark: nil), by: school)
        let corrected = run.act(.enterOnBehalf(remark: nil), by: counselor)
        XCTAssertEqual(run.state.version, 2)
        XCTAssertEqual(run.state.status, .inReview(step: 2))
        XCTAssertEqual(run.state.inForceVersion, 1)
        XCTAssertNil(corrected?.superseded)
    }

    func testPermittedActionsDriveTheButtons() {
        let run = submitted()
        XCTAssertEqual(
            permittedActions(run.state, by: counselor, in: run.definition, context: run.context),
            [.approve, .reject, .returnForChanges, .enterOnBehalf]
        )
        XCTAssertEqual(permittedActions(run.state, by: student, in: run.definition, context: run.context), [.withdraw, .confirm, .dispute])
        XCTAssertEqual(permittedActions(run.state, by: .staff(.counselor, inScope: false), in: run.definition, context: run.context), [])
    }
}
