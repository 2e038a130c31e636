import XCTest
@testable import JiuyeDomain

/// 解约办理 (seed 003 §3.4.3; seed 004 §2(4)): rules ①–④, the application form, the uploaded
/// images, and the review processes of signing: 就业协议书 (college → school) and 解约 (签约模式一:
/// college → employer → school; 签约模式二: college → student's proof → school).
final class TerminationRulesTests: XCTestCase {
    let student = CaseActor.applicant
    let college = CaseActor.staff(.collegeAdmin)
    let employer = CaseActor.staff(.employer)
    let school = CaseActor.staff(.schoolAdmin)

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CivilDate { CivilDate(year: year, month: month, day: day)! }

    /// Every window open, every rule of both seeds holding.
    func context() -> GuardContext {
        var context = WorkflowFixtures.openContext()
        for rule in ProcessDefinitions.TerminationRule.all { context.rules[rule.id] = .holds }
        return context
    }

    // MARK: - Rules ①–④

    func testTheFourRulesAreShownInTheManualsWords() {
        XCTAssertEqual(TerminationRules.rules.count, 4)
        XCTAssertTrue(TerminationRules.rules[0].hasPrefix("① 学校倡导诚信签约、诚实履约"))
        XCTAssertEqual(TerminationRules.rules[1], "② 已经办理过解约的学生，不得再次申请解约；")
        XCTAssertTrue(TerminationRules.rules[2].contains("学校一律不予盖章"))
        XCTAssertEqual(TerminationRules.rules[3], "④ 每年 12 月 1 日开始办理解约手续。")
        XCTAssertEqual(TerminationRules.rules(for: .offline)[3], "④ 原则上每年12月开始办理解约手续。")
        XCTAssertTrue(TerminationRules.rules(for: .offline)[0].contains("学生须首先向所在学院提出解约申请"))
    }

    func testASecondTerminationIsRefused() {
        XCTAssertEqual(TerminationRules.once(completedTerminations: 0), .holds)
        guard case .violated(let message) = TerminationRules.once(completedTerminations: 1) else { return XCTFail("second 解约 allowed") }
        XCTAssertTrue(message.contains("已经办理过解约的学生不得再次申请解约"), message)
        XCTAssertNotEqual(TerminationRules.once(completedTerminations: 2), .holds)
    }

    func testTerminationOpensOnDecemberFirstBeforeGraduation() {
        XCTAssertEqual(TerminationOpening.standard.date(forGraduationYear: 2025), Self.date(2024, 12, 1))
        XCTAssertEqual(TerminationRules.opening(graduationYear: 2025, today: Self.date(2024, 12, 1)), .holds)
        XCTAssertEqual(TerminationRules.opening(graduationYear: 2025, today: Self.date(2025, 6, 30)), .holds)
        XCTAssertEqual(TerminationRules.opening(graduationYear: 2025, today: Self.date(2024, 11, 30)),
                       .violated("解约手续每年12月1日开始办理，2025届毕业生可于2024年12月1日起申请解约，请届时再提交申请。"))
        XCTAssertNotEqual(TerminationRules.opening(graduationYear: 2026, today: Self.date(2024, 12, 1)), .holds,
                          "the 2026届 opens a year later")
    }

    func testAConfiguredOpeningDayIsTakenInTheSigningSeason() {
        let march = TerminationOpening(month: 3, day: 1)!
        XCTAssertEqual(march.date(forGraduationYear: 2025), Self.date(2025, 3, 1))
        XCTAssertEqual(TerminationOpening(month: 11, day: 15)?.date(forGraduationYear: 2025), Self.date(2024, 11, 15))
        XCTAssertEqual(TerminationOpening(month: 2, day: 29)?.date(forGraduationYear: 2025), Self.date(2025, 2, 28))
        XCTAssertNil(TerminationOpening(month: 11, day: 31))
        XCTAssertNil(TerminationOpening(month: 13, day: 1))
        XCTAssertEqual(TerminationRules.opening(graduationYear: 2025, today: Self.date(2025, 2, 28), opening: march),
                       .violated("解约手续每年3月1日开始办理，2025届毕业生可于2025年3月1日起申请解约，请届时再提交申请。"))
        guard case .violated = TerminationRules.opening(graduationYear: 1800, today: Self.date(2025, 1, 1)) else {
            return XCTFail("a year outside the calendar passed")
        }
    }

    func testOnlyABindingAgreementCanBeTerminated() {
        XCTAssertEqual(TerminationRules.agreementInForce(nil, now: 0), .violated("您目前没有已生效的就业协议，无需办理解约。"))
        let considering = HeldAgreement(mode: .online, unitName: "某某公司", acceptedAt: 1_000)
        guard case .violated(let message) = TerminationRules.agreementInForce(considering, now: 1_000 + 86_399) else {
            return XCTFail("解约 during the 签约考虑期")
        }
        XCTAssertTrue(message.contains("可直接撤销签约，无需办理解约"), message)
        XCTAssertEqual(TerminationRules.agreementInForce(considering, now: 1_000 + 86_400), .holds)
        XCTAssertEqual(TerminationRules.agreementInForce(HeldAgreement(mode: .offline, unitName: "某某公司"), now: 0), .holds)
    }

    // MARK: - 填写解约申请

    func testTheApplicationNeedsATypeAndAReason() {
        XCTAssertEqual(TerminationType.allCases.map(\.label), ["学生解约", "单位解约"])
        XCTAssertEqual(try TerminationForm.check(type: "学生解约", reason: " 已考取公务员 ").get(),
                       TerminationRequest(type: .byStudent, reason: "已考取公务员"))
        XCTAssertEqual(try TerminationForm.check(type: "employer", reason: "单位撤销录用").get().type, .byEmployer)
        guard case .failure(let problems) = TerminationForm.check(type: "", reason: " \u{3000}") else { return XCTFail("accepted") }
        XCTAssertEqual(problems.errors, [
            ValidationError(field: "type", message: "请选择解约类型。"),
            ValidationError(field: "reason", message: "请填写解约原因。"),
        ])
    }

    func testTheReasonIsLengthLimited() {
        XCTAssertNoThrow(try TerminationForm.check(type: "学生解约", reason: String(repeating: "因", count: 200)).get())
        guard case .failure(let problems) = TerminationForm.check(type: "学生解约", reason: String(repeating: "因", count: 201)) else {
            return XCTFail("accepted 201 characters")
        }
        XCTAssertEqual(problems.message(for: "reason"), "解约原因不能超过 200 字（现为 201 字），请精简后重新填写。")
        guard case .failure(let hidden) = TerminationForm.check(type: "学生解约", reason: "个人\u{0}原因") else { return XCTFail("accepted NUL") }
        XCTAssertNotNil(hidden.message(for: "reason"))
    }

    func testTheProofRequirementsAreTheManuals() {
        XCTAssertTrue(TerminationProof.requirements[0].contains("《高等学校毕业生就业协议解除证明》"))
        XCTAssertEqual(TerminationProof.requirements[1], "2、图片要求jpg或png格式，大小不超过2M。")
        XCTAssertTrue(TerminationProof.collegeUploadRequirement.contains("加盖单位公章或人力资源部门公章"))
        XCTAssertEqual(TerminationOutcome.allCases.map(\.label), ["原就业协议书作废", "毕业去向恢复至待就业状态", "记为已办理解约，不得再次申请解约"])
    }

    func testUploadedImagesMustBeJpgOrPngOfAtMostTwoMegabytes() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0, 0]
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        XCTAssertNil(SigningImageRule.problem(fileName: "协议书.JPG", byteCount: 2 * 1024 * 1024, leadingBytes: jpeg))
        XCTAssertNil(SigningImageRule.problem(fileName: "scan.png", byteCount: 100, leadingBytes: png))
        XCTAssertEqual(SigningImageRule.problem(fileName: "scan.png", byteCount: 2 * 1024 * 1024 + 1, leadingBytes: png),
                       "图片大小不超过2M（所选图片约 2.0M），请压缩后重新上传。")
        XCTAssertEqual(SigningImageRule.problem(fileName: "scan.pdf", byteCount: 100, leadingBytes: png), "图片要求jpg或png格式，请重新选择图片。")
        XCTAssertEqual(SigningImageRule.problem(fileName: "png", byteCount: 100, leadingBytes: png), "图片要求jpg或png格式，请重新选择图片。")
        XCTAssertNotNil(SigningImageRule.problem(fileName: "renamed.jpg", byteCount: 100, leadingBytes: Array("%PDF-1.7".utf8)))
    }

    // MARK: - 就业协议书审核 (seed 003 §3.5; 网签 审核标准 of seed 004 §2(3))

    func testTheAgreementReviewValidatesAndWalksToApproval() {
        XCTAssertEqual(ProcessDefinitions.agreement.problems, [])
        var run = CaseRun(ProcessDefinitions.agreement)
        XCTAssertEqual(run.status, "未提交")
        run.act(.submit, by: .applicant)
        XCTAssertEqual(run.status, "待审核")
        run.act(.approve(remark: nil), by: .staff(.counselor))
        XCTAssertEqual(run.status, "初审通过")
        run.act(.approve(remark: nil), by: .staff(.schoolAdmin))
        XCTAssertEqual(run.status, "审核通过")
        XCTAssertEqual(run.history.map(\.stepLabel), ["学生反馈签约资料", "学院审核", "学校复审"])
        XCTAssertEqual(run.actionLabels, ["提交", "初审通过", "审核通过"])
        XCTAssertEqual(run.last?.notifications, [.systemMessage("您的就业协议书已审核通过。")])
    }

    func testASchoolRejectionOfTheScanGoesBackThroughTheCollege() {
        var run = CaseRun(ProcessDefinitions.agreement)
        run.act(.submit, by: .applicant)
        run.act(.approve(remark: nil), by: .staff(.collegeAdmin))
        run.act(.reject(reason: "协议书未加盖单位公章"), by: .staff(.schoolAdmin))
        XCTAssertEqual(run.status, "审核不通过")
        XCTAssertEqual(AgreementProgress.of(.review(run.state.status)).current, .feedback)
        run.act(.submit, by: .applicant)
        XCTAssertEqual(run.status, "待审核")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: .staff(.schoolAdmin)), "您无权处理此环节。")
    }

    func testTheOnlineSigningChecklistIsSeed004sStandard() {
        XCTAssertEqual(OnlineSigningChecklist.items.map(\.text).joined(separator: "\n"),
                       DestinationReviewStandard.onlineSigning.trimmingCharacters(in: .whitespacesAndNewlines))
        XCTAssertEqual(OnlineSigningChecklist.items.map(\.evidence), [.employerLicenseStamped, .recruiterIdentity, .recruiterSignature])
        XCTAssertNil(OnlineSigningChecklist.refusalToApprove(checked: [.employerLicenseStamped, .recruiterIdentity, .recruiterSignature]))
        XCTAssertEqual(OnlineSigningChecklist.refusalToApprove(checked: [.employerLicenseStamped, .recruiterIdentity]),
                       "请逐项核对网签审核标准后再审核通过，尚未核对：（3）用人单位招聘人员的手写签名，签名与身份证明信息一致。")
    }

    func testEverySigningProcessValidates() {
        for definition in ProcessDefinitions.signing {
            XCTAssertEqual(definition.problems, [], definition.id)
        }
        XCTAssertEqual(Set(ProcessDefinitions.signing.map(\.id)).count, 3)
        XCTAssertTrue(Set(ProcessDefinitions.signing.map(\.id)).isDisjoint(with: ProcessDefinitions.all.map(\.id)))
    }

    // MARK: - 签约模式一解约

    func testMode1WalksCollegeEmployerSchoolToApproval() {
        var run = CaseRun(ProcessDefinitions.terminationOnline, context: context())
        XCTAssertEqual(run.status, "未提交")
        run.act(.submit, by: student)
        XCTAssertEqual(run.status, "待学院审核")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: .staff(.counselor)), "您无权处理此环节。")
        run.act(.approve(remark: "经学院毕业生就业领导小组讨论同意"), by: college)
        XCTAssertEqual(run.status, "待单位确认")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: school), "您无权处理此环节。")
        run.act(.approve(remark: nil), by: employer)
        XCTAssertEqual(run.status, "待学校审核")
        let done = run.act(.approve(remark: nil), by: school)
        XCTAssertEqual(run.status, "审核通过")
        XCTAssertEqual(run.history.map(\.stepLabel), ["学生申请解约", "学院审核", "单位查看解约", "学校审核"])
        XCTAssertEqual(run.actionLabels, ["提交", "同意解约", "同意解约", "审核通过"])
        XCTAssertEqual(done?.notifications, [.systemMessage("您的解约申请已审核通过。")])
        XCTAssertEqual(TerminationProgress.items(for: .online, state: run.state).map(\.state), [.done, .done, .done, .done, .done])
    }

    func testTheCollegeMayPassTheEmployerStepWithTheUnitsProof() {
        var run = CaseRun(ProcessDefinitions.terminationOnline, context: context())
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: college)
        run.act(.approve(remark: "已上传用人单位出具的解约证明材料"), by: college)
        XCTAssertEqual(run.status, "待学校审核")
    }

    func testTheEmployersRefusalReturnsToTheStudentAndComesBackToTheEmployer() {
        var run = CaseRun(ProcessDefinitions.terminationOnline, context: context())
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: college)
        let refused = run.act(.reject(reason: "违约金尚未结清"), by: employer)
        XCTAssertEqual(run.status, "已退回")
        XCTAssertEqual(refused?.notifications.first, .sms("您的解约申请在“单位查看解约”环节审核不通过，原因：违约金尚未结清。请修改后重新提交。"))
        run.act(.submit, by: student)
        XCTAssertEqual(run.status, "待单位确认", "the college does not have to agree again")
    }

    func testApplyingNeedsTheWindowAndEveryRule() {
        var repeated = self.context()
        repeated.rules[ProcessDefinitions.TerminationRule.once.id] = TerminationRules.once(completedTerminations: 1)
        let second = CaseRun(ProcessDefinitions.terminationOnline, context: repeated)
        XCTAssertEqual(second.refusal(.submit, by: student)?.kind, .guardClosed)
        XCTAssertTrue(second.refusalMessage(.submit, by: student)?.contains("不得再次申请解约") ?? false)

        var early = self.context()
        early.rules[ProcessDefinitions.TerminationRule.opening.id] =
            TerminationRules.opening(graduationYear: 2025, today: Self.date(2024, 11, 30))
        XCTAssertEqual(CaseRun(ProcessDefinitions.terminationOffline, context: early).refusalMessage(.submit, by: student),
                       "解约手续每年12月1日开始办理，2025届毕业生可于2024年12月1日起申请解约，请届时再提交申请。")

        var unevaluated = self.context()
        unevaluated.rules[ProcessDefinitions.TerminationRule.agreementInForce.id] = nil
        XCTAssertEqual(CaseRun(ProcessDefinitions.terminationOnline, context: unevaluated).refusalMessage(.submit, by: student),
                       "系统未能完成“已生效协议校验”校验，请稍后再试。")

        var closed = self.context()
        closed.windows[.termination] = .notSet
        XCTAssertEqual(CaseRun(ProcessDefinitions.terminationOnline, context: closed).refusalMessage(.submit, by: student),
                       "解约申请尚未开放，开放时间由学校（或区县）另行通知。")
    }

    // MARK: - 签约模式二解约

    func testMode2WalksCollegeProofSchoolToApproval() {
        var run = CaseRun(ProcessDefinitions.terminationOffline, context: context())
        run.act(.submit, by: student)
        XCTAssertEqual(run.status, "待学院审核")
        run.act(.approve(remark: nil), by: college)
        XCTAssertEqual(run.status, "待提交解约证明")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: school), "“学生提交解约证明材料”须由申请人本人办理。")
        XCTAssertEqual(run.refusalMessage(.withdraw, by: student), "该申请已被审核，不能撤回。")
        run.act(.approve(remark: nil), by: student)
        XCTAssertEqual(run.status, "待学校审核")
        run.act(.approve(remark: nil), by: school)
        XCTAssertEqual(run.status, "审核通过")
        XCTAssertEqual(run.history.map(\.stepLabel), ["学生申请解约", "学院审核", "学生提交解约证明材料", "学校审核"])
        XCTAssertEqual(run.actionLabels, ["提交", "同意解约", "提交解约证明", "审核通过"])
        XCTAssertEqual(CaseState.replaying(run.history, in: run.definition), run.state)
    }

    func testASchoolRejectionOfTheProofGoesStraightBackToTheSchool() {
        var run = CaseRun(ProcessDefinitions.terminationOffline, context: context())
        run.act(.submit, by: student)
        run.act(.approve(remark: nil), by: college)
        run.act(.approve(remark: nil), by: student)
        run.act(.reject(reason: "解约证明未加盖单位公章"), by: school)
        XCTAssertEqual(run.status, "已退回")
        run.act(.submit, by: student)
        XCTAssertEqual(run.status, "待学校审核")
        XCTAssertEqual(run.state.problems(in: run.definition), [])
    }

    func testTheProgressListShowsTheManualsStepsAndTheOutcome() {
        let online = TerminationProgress.items(for: .online, state: nil)
        XCTAssertEqual(online.map(\.label), ["学生申请解约", "学院审核", "单位查看解约", "学校审核", "恢复至待就业状态"])
        XCTAssertEqual(online.map(\.state), [.current, .upcoming, .upcoming, .upcoming, .upcoming])
        XCTAssertEqual(online[2].detail, "单位在系统中同意解约或上传用人单位出具的解约证明材料")
        let offline = TerminationProgress.items(for: .offline, state: CaseState(status: .inReview(step: 2), submissions: 1, reviewedSinceSubmit: true))
        XCTAssertEqual(offline.map(\.label), ["学生申请解约", "学院审核", "学生提交解约证明材料", "学校审核", "恢复至待就业状态"])
        XCTAssertEqual(offline.map(\.state), [.done, .done, .current, .upcoming, .upcoming])
    }
}
