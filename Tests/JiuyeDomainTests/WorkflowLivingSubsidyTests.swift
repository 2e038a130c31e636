import XCTest
@testable import JiuyeDomain

/// 高校毕业生生活补贴申报 (seed 002 申报流程): the 13-step chain with 公示, batches and 拨付确认.
final class WorkflowLivingSubsidyTests: XCTestCase {
    let person = CaseActor.applicant
    let employer = CaseActor.staff(.employer)
    let countyHR = CaseActor.staff(.countyHR)
    let countyOrganization = CaseActor.staff(.countyOrganization)
    let cityHR = CaseActor.staff(.cityHR)
    let cityOrganization = CaseActor.staff(.cityOrganization)
    let cityFinance = CaseActor.staff(.cityFinance)
    let countyFinance = CaseActor.staff(.countyFinance)

    func testTheThirteenStepsAreTheManualsTable() {
        let steps = ProcessDefinitions.livingSubsidy.steps
        XCTAssertEqual(steps.map { $0.manualText ?? "" }, [
            "个人维护工作经历、补助申请",
            "单位端审核补助",
            "单位端审核完成之后上报至县人社局",
            "县区人社局审核",
            "县区人社局审核完成后进入公示阶段",
            "县区人社局公示后进入评审阶段",
            "县区人社局公示评审无异议后进行上报县区组织部",
            "县人社局公示无异议后上报县组织部确认",
            "县组织部确认后市人社局汇总",
            "市人社局汇总后市组织部确认",
            "市组织部确认后市财政局进行拨付",
            "市财政局拨付后进入县财政局进行拨付至个人",
            "个人拨付确认",
        ])
        XCTAssertEqual(steps.map(\.roles), [
            [], [.employer, .countyHR], [.employer, .countyHR], [.countyHR], [.countyHR], [.countyHR], [.countyHR],
            [.countyOrganization], [.cityHR], [.cityOrganization], [.cityFinance], [.countyFinance], [],
        ])
        XCTAssertEqual(steps.map(\.mode), [
            .single, .single, .single, .single, .single, .singleOrBatch, .single, .single, .batch, .batch, .batch, .batch, .single,
        ])
        XCTAssertEqual(steps.map(\.kind).filter { $0 == .publicity }.count, 1)
        XCTAssertEqual(steps.last?.kind, .receipt)
        XCTAssertEqual(steps[1].level(for: .countyHR)?.onlyForVirtualUnit, true)
        XCTAssertEqual(steps[8].level(for: .cityHR)?.scope, .city)
        XCTAssertEqual(steps[11].level(for: .countyFinance)?.scope, .county)
    }

    /// Submitted and through the unit, the county review and 公示 to 评审.
    func atAssessment() -> CaseRun {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.saveDraft, by: person)
        run.act(.submit, by: person)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: countyHR)
        run.act(.publicize(days: nil), by: countyHR)
        run.advanceClock(days: 7)
        run.act(.closePublicity, by: .jobRunner)
        return run
    }

    func testTheWholeChainWithItsStatusesAndMessages() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        var seen: [[String?]] = []
        func note() { seen.append([run.status, run.view("拨付状态")]) }
        note()
        run.act(.submit, by: person); note()
        run.act(.approve(remark: nil), by: employer); note()
        run.act(.approve(remark: nil), by: employer); note()
        run.act(.approve(remark: nil), by: countyHR); note()
        let publicized = run.act(.publicize(days: nil), by: countyHR); note()
        XCTAssertEqual(publicized?.notifications, [.systemMessage("您的生活补贴申报已进入公示，公示期至 T\(WorkflowFixtures.now + 7 * 86_400)。")])
        XCTAssertEqual(run.history.last?.remark, "公示 7 天，至 T\(WorkflowFixtures.now + 7 * 86_400)")
        run.advanceClock(days: 7)
        run.act(.closePublicity, by: .jobRunner); note()
        run.act(.approve(remark: "无异议"), by: countyHR); note()
        run.act(.approve(remark: nil), by: countyHR); note()
        run.act(.approve(remark: nil), by: countyOrganization); note()
        run.act(.addToBatch(number: 3), by: cityHR); note()
        run.act(.approve(remark: nil), by: cityHR); note()
        run.act(.approve(remark: nil), by: cityOrganization); note()
        run.act(.approve(remark: nil), by: cityFinance); note()
        XCTAssertEqual(run.state.batch?.number, 3, "the batch travels through the batch steps")
        let paid = run.act(.approve(remark: nil), by: countyFinance); note()
        XCTAssertEqual(paid?.notifications, [.systemMessage("您的生活补贴申报资金已拨付，请核实到账后进行“个人拨付确认”。")])
        XCTAssertNil(run.state.batch)
        let confirmed = run.act(.confirmReceipt, by: person); note()
        XCTAssertEqual(confirmed?.notifications, [])
        XCTAssertEqual(seen, [
            ["暂存", "未拨付"],
            ["待单位审核", "未拨付"],
            ["待单位上报", "未拨付"],
            ["待县区人社局审核", "未拨付"],
            ["待公示", "未拨付"],
            ["公示中", "未拨付"],
            ["评审中", "未拨付"],
            ["待上报县区组织部", "未拨付"],
            ["待县区组织部确认", "未拨付"],
            ["待市人社局汇总", "未拨付"],
            ["待市人社局汇总", "未拨付"],
            ["待市组织部确认", "未拨付"],
            ["审核通过", "市财政局待拨付"],
            ["审核通过", "县财政局待拨付"],
            ["审核通过", "个人拨付待确认"],
            ["审核通过", "个人已确认拨付"],
        ])
        XCTAssertEqual(run.actionLabels, [
            "提交", "审核通过", "上报", "审核通过", "公示", "公示结束", "评审通过", "上报", "确认",
            "加入批次", "汇总上报", "确认", "确认拨付", "确认拨付", "拨付确认",
        ])
        XCTAssertEqual(run.history.filter { $0.batch == 3 }.count, 5)
        XCTAssertEqual(run.state.status, .approved)
    }

    func testEveryStepIsAnnouncedToThePerson() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.submit, by: person)
        let moved = run.act(.approve(remark: nil), by: employer)
        XCTAssertEqual(moved?.notifications, [.systemMessage("您的生活补贴申报已进入“单位上报”环节。")])
    }

    func testSubmissionRunsTheManualsChecks() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.context.rules[ProcessDefinitions.LivingSubsidyRule.contract.id] = .violated("劳动合同不满 3 年，不能申报。")
        XCTAssertEqual(run.refusal(.submit, by: person), Refusal(.guardClosed, "劳动合同不满 3 年，不能申报。"))
        run.context.rules[ProcessDefinitions.LivingSubsidyRule.contract.id] = nil
        XCTAssertEqual(run.refusalMessage(.submit, by: person), "系统未能完成“劳动合同期限校验”校验，请稍后再试。")
        run.context.rules[ProcessDefinitions.LivingSubsidyRule.contract.id] = .holds
        run.context.windows[.livingSubsidy] = .closed(closedAt: 9)
        XCTAssertEqual(run.refusalMessage(.submit, by: person), "生活补贴申报已于 T9 截止。")
    }

    func testWithdrawalUntilTheUnitActs() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.submit, by: person)
        run.act(.withdraw, by: person)
        XCTAssertEqual(run.status, "暂存")
        run.act(.submit, by: person)
        run.act(.approve(remark: nil), by: employer)
        XCTAssertEqual(run.refusalMessage(.withdraw, by: person), "该申请已被审核，不能撤回。")
    }

    func testTheCountyHRBureauActsForItsVirtualUnitOnly() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.submit, by: person)
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: countyHR), "该申请的单位不是虚拟单位，须由单位自行办理。")
        run.context.unitIsVirtual = true
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: employer), "虚拟单位的申请由县区人社局代为办理。")
        run.act(.approve(remark: nil), by: countyHR)
        run.act(.approve(remark: nil), by: countyHR)
        XCTAssertEqual(run.status, "待县区人社局审核")
    }

    func testAUnitRejectionReturnsToThePersonAndComesBackToTheUnit() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.submit, by: person)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: employer)
        run.act(.reject(reason: "补贴起始年月有误"), by: countyHR)
        XCTAssertEqual(run.status, "已退回")
        XCTAssertEqual(run.last?.notifications.first, .sms("您的生活补贴申报在“县区人社局审核”环节审核不通过，原因：补贴起始年月有误。请修改后重新提交。"))
        run.act(.submit, by: person)
        XCTAssertEqual(run.status, "待单位审核")
    }

    // MARK: 公示 and 评审

    func testPublicityHasAMinimumAndOnlyTheJobRunnerEndsIt() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.submit, by: person)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: countyHR)
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: countyHR), "请先发布公示，公示期满后自动进入下一环节。")
        XCTAssertEqual(run.refusal(.publicize(days: 3), by: countyHR), Refusal(.invalid, "公示期不得少于 7 天。"))
        XCTAssertEqual(run.refusalMessage(.publicize(days: 31), by: countyHR), "公示期不得超过 30 天。")
        XCTAssertEqual(run.refusalMessage(.publicize(days: nil), by: countyOrganization), "您无权处理此环节。")
        run.act(.publicize(days: 10), by: countyHR)
        XCTAssertEqual(run.refusalMessage(.closePublicity, by: countyHR), "公示期满后由系统自动结束公示。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: countyHR), "该申请正在公示，公示期满后进入下一环节。")
        XCTAssertEqual(run.refusalMessage(.reject(reason: "x"), by: countyHR), "该申请正在公示，公示期满后进入下一环节。")
        run.advanceClock(days: 9)
        XCTAssertTrue(run.state.publicityIsDue(now: run.context.now + 86_400))
        XCTAssertFalse(run.state.publicityIsDue(now: run.context.now))
        XCTAssertEqual(
            run.refusalMessage(.closePublicity, by: .jobRunner),
            "公示期尚未结束，将于 T\(WorkflowFixtures.now + 10 * 86_400) 结束。"
        )
        run.advanceClock(days: 1)
        run.act(.closePublicity, by: .jobRunner)
        XCTAssertEqual(run.status, "评审中")
        XCTAssertEqual(run.refusalMessage(.closePublicity, by: .jobRunner), "该申请不在公示中。")
    }

    func testObjectionsDuringPublicityKeepTheCaseInAssessment() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.submit, by: person)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: countyHR)
        XCTAssertEqual(run.refusalMessage(.object(reason: "有人反映"), by: countyHR), "只有公示期间才能登记异议。")
        run.act(.publicize(days: nil), by: countyHR)
        XCTAssertEqual(run.refusalMessage(.object(reason: " "), by: countyHR), "请填写异议内容。")
        XCTAssertEqual(run.refusalMessage(.object(reason: "有人反映"), by: person), "您无权处理此环节。")
        run.act(.object(reason: "群众反映其未在该单位实际工作"), by: countyHR)
        XCTAssertEqual(run.state.openObjections, 1)
        run.advanceClock(days: 7)
        run.act(.closePublicity, by: .jobRunner)
        XCTAssertEqual(run.status, "评审中")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: countyHR), "该申请公示期间收到异议，请先处理异议。")
        XCTAssertEqual(run.refusalMessage(.resolveObjections(remark: ""), by: countyHR), "请填写异议处理意见。")
        run.act(.resolveObjections(remark: "经核实，社保缴纳记录完整，异议不成立"), by: countyHR)
        XCTAssertEqual(run.refusalMessage(.resolveObjections(remark: "再次"), by: countyHR), "该申请没有待处理的异议。")
        run.act(.approve(remark: nil), by: countyHR)
        XCTAssertEqual(run.status, "待上报县区组织部")
    }

    func testAnUpheldObjectionEndsTheCaseAtAssessment() {
        var run = CaseRun(ProcessDefinitions.livingSubsidy)
        run.act(.submit, by: person)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: employer)
        run.act(.approve(remark: nil), by: countyHR)
        run.act(.publicize(days: nil), by: countyHR)
        run.act(.object(reason: "未实际到岗"), by: countyHR)
        run.advanceClock(days: 7)
        run.act(.closePublicity, by: .jobRunner)
        run.act(.reject(reason: "异议成立：未实际到岗"), by: countyHR)
        XCTAssertEqual(run.status, "审核不通过")
        XCTAssertEqual(run.state.openObjections, 0)
    }

    func testAssessmentTakesOneCaseOrABatch() {
        var single = atAssessment()
        single.act(.approve(remark: nil), by: countyHR)
        var batched = atAssessment()
        batched.act(.addToBatch(number: 1), by: countyHR)
        let moved = batched.act(.approve(remark: nil), by: countyHR)
        XCTAssertEqual(moved?.entry.batch, 1)
        XCTAssertNil(batched.state.batch, "the 评审 batch ends when the cases move on")
        XCTAssertEqual(single.state.status, batched.state.status)
    }

    // MARK: Batches

    func atCitySummary() -> CaseRun {
        var run = atAssessment()
        run.act(.approve(remark: nil), by: countyHR)
        run.act(.approve(remark: nil), by: countyHR)
        run.act(.approve(remark: nil), by: countyOrganization)
        return run
    }

    func testSummaryStepsActOnANumberedBatch() {
        var run = atCitySummary()
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: cityHR), "“市人社局汇总”按批次办理，请先将该申请加入批次。")
        XCTAssertEqual(run.refusalMessage(.addToBatch(number: 0), by: cityHR), "批次号无效。")
        XCTAssertEqual(run.refusalMessage(.addToBatch(number: 2), by: countyHR), "您无权处理此环节。")
        run.act(.addToBatch(number: 2), by: cityHR)
        XCTAssertEqual(run.refusalMessage(.addToBatch(number: 5), by: cityHR), "该申请已在第 2 批次中。")
        XCTAssertEqual(run.history.last?.remark, "第 2 批次")
        // Taken out where the batch is formed, the case only leaves the selection.
        run.act(.removeFromBatch(reason: nil), by: cityHR)
        XCTAssertEqual(run.history.last?.actionLabel, "移出批次")
        XCTAssertEqual(run.state.status, .inReview(step: 8))
        XCTAssertNil(run.state.batch)
        XCTAssertEqual(run.refusalMessage(.removeFromBatch(reason: nil), by: cityHR), "该申请不在批次中。")
        let single = CaseRun(ProcessDefinitions.livingSubsidy)
        XCTAssertEqual(single.refusalMessage(.addToBatch(number: 1), by: person), "该申请尚未提交。")
    }

    func testACaseTakenOutOfALaterBatchIsSentBackToTheCountyReview() {
        var run = atCitySummary()
        run.act(.addToBatch(number: 4), by: cityHR)
        run.act(.approve(remark: nil), by: cityHR)
        XCTAssertEqual(run.refusalMessage(.removeFromBatch(reason: nil), by: cityOrganization), "请填写退回原因。")
        let removed = run.act(.removeFromBatch(reason: "学历证书编号核验不一致"), by: cityOrganization)
        XCTAssertEqual(run.history.last?.actionLabel, "移出批次并退回")
        XCTAssertEqual(run.history.last?.batch, 4)
        XCTAssertEqual(run.state.status, .returned(reentry: 3))
        XCTAssertNil(run.state.batch)
        XCTAssertEqual(
            removed?.notifications.first,
            .sms("您的生活补贴申报在“市组织部确认”环节被退回修改，原因：学历证书编号核验不一致。请修改后重新提交。")
        )
        // The corrected application is reviewed by the county again and publicized again.
        run.act(.submit, by: person)
        XCTAssertEqual(run.status, "待县区人社局审核")
        run.act(.approve(remark: nil), by: countyHR)
        XCTAssertEqual(run.status, "待公示")
    }

    func testABatchMovesAllOrNothing() {
        let ready = atCitySummary()
        var inBatch = ready
        inBatch.act(.addToBatch(number: 7), by: cityHR)
        let moved = transition(all: [inBatch.state, inBatch.state], .approve(remark: nil), by: cityHR, in: ready.definition, context: ready.context)
        XCTAssertEqual((try? moved.get())?.count, 2)
        let refused = transition(all: [inBatch.state, ready.state], .approve(remark: nil), by: cityHR, in: ready.definition, context: ready.context)
        guard case .failure(let failure) = refused else { return XCTFail("the case outside the batch must stop the batch") }
        XCTAssertEqual(failure.index, 1)
        XCTAssertEqual(failure.refusal.message, "“市人社局汇总”按批次办理，请先将该申请加入批次。")
    }

    // MARK: 拨付确认

    func testReceiptOnlyAtPersonalConfirmationPending() {
        var run = atCitySummary()
        XCTAssertEqual(run.refusalMessage(.confirmReceipt, by: person), "只有拨付状态为“个人拨付待确认”时才能确认拨付。")
        run.act(.addToBatch(number: 1), by: cityHR)
        run.act(.approve(remark: nil), by: cityHR)
        run.act(.approve(remark: nil), by: cityOrganization)
        run.act(.approve(remark: nil), by: cityFinance)
        XCTAssertEqual(run.view("拨付状态"), "县财政局待拨付")
        XCTAssertNotNil(run.refusal(.confirmReceipt, by: person))
        run.act(.approve(remark: nil), by: countyFinance)
        XCTAssertEqual(run.view("拨付状态"), "个人拨付待确认")
        XCTAssertEqual(run.refusalMessage(.confirmReceipt, by: countyFinance), "拨付确认只能由申请人本人办理。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: countyFinance), "“个人拨付确认”须由申请人本人办理。")
        XCTAssertEqual(run.refusalMessage(.withdraw, by: person), "该申请已被审核，不能撤回。")
        run.act(.confirmReceipt, by: person)
        XCTAssertEqual(run.view("拨付状态"), "个人已确认拨付")
        XCTAssertEqual(run.refusalMessage(.reopen(reason: "x"), by: person), "生活补贴申报审核通过后不能修改。")
    }

    /// 未到账 (review E11): back to 县财政局拨付, where county finance pays it again in a new batch; then confirmed.
    func testNotReceivedGoesBackToCountyFinance() {
        var run = atCitySummary()
        XCTAssertEqual(run.refusalMessage(.notReceived(reason: "未到账"), by: person), "只有拨付状态为“个人拨付待确认”时才能反馈未到账。")
        run.act(.addToBatch(number: 2), by: cityHR)
        run.act(.approve(remark: nil), by: cityHR)
        run.act(.approve(remark: nil), by: cityOrganization)
        run.act(.approve(remark: nil), by: cityFinance)
        run.act(.approve(remark: nil), by: countyFinance)
        XCTAssertEqual(run.view("拨付状态"), "个人拨付待确认")
        XCTAssertEqual(run.refusalMessage(.notReceived(reason: " "), by: person), "请说明未到账的情况（如：银行卡未激活、账户无此笔入账）。")
        XCTAssertEqual(run.refusalMessage(.notReceived(reason: "x"), by: countyFinance), "未到账只能由申请人本人反馈。")
        let back = run.act(.notReceived(reason: "社保卡金融账户未激活"), by: person)
        XCTAssertEqual(run.view("拨付状态"), "县财政局待拨付")
        XCTAssertEqual(back?.notifications, [.workItem(.countyFinance, "申请人反馈生活补贴申报资金未到账：社保卡金融账户未激活。请核实后重新拨付。")])
        XCTAssertNil(run.state.batch, "the receipt step holds no batch: county finance pays it again in a batch of its own")
        XCTAssertNotNil(run.refusal(.approve(remark: nil), by: countyFinance))
        run.act(.addToBatch(number: 7), by: countyFinance)
        run.act(.approve(remark: nil), by: countyFinance)
        run.act(.confirmReceipt, by: person)
        XCTAssertEqual(run.view("拨付状态"), "个人已确认拨付")
    }
}
