import Foundation
import XCTest
@testable import JiuyeDomain

/// The engine's general rules: definitions as data, guards, history replay, 变更明细.
final class WorkflowEngineTests: XCTestCase {
    func testEveryDefinitionIsWellFormed() {
        for definition in ProcessDefinitions.all {
            XCTAssertEqual(definition.problems, [], definition.id)
            XCTAssertTrue(ProcessDefinitions.named(definition.id) != nil)
        }
        XCTAssertEqual(ProcessDefinitions.all.map(\.id), ["student-source", "destination", "grassroots", "living-subsidy"])
    }

    func testStepsActedByARole() {
        let destination = ProcessDefinitions.destination
        XCTAssertEqual(destination.steps(actedBy: .counselor).map(\.id), ["first-review"])
        XCTAssertEqual(destination.steps(actedBy: .schoolAdmin).map(\.id), ["final-review"])
        XCTAssertTrue(destination.steps(actedBy: .student).isEmpty, "the applicant's own step is not a staff step")
        XCTAssertEqual(ProcessDefinitions.livingSubsidy.steps(actedBy: .countyHR).map(\.id).contains("publicity"), true)
    }

    func testMalformedDefinitionsAreCaught() {
        let broken = ProcessDefinition(
            id: "broken",
            name: "坏流程",
            steps: [
                StepDefinition(id: "a", label: "审核", actor: .staff([RoleLevel(.schoolAdmin, by: .school)]), onReject: .returnTo("z")),
                StepDefinition(id: "p", label: "公示", kind: .publicity, actor: .staff([RoleLevel(.countyHR, by: .county)])),
            ],
            status: StatusView(name: "状态", draft: "未提交", atStep: ["q": "?"], returned: "退回", rejected: "不通过", approved: "通过"),
            personalConfirmation: true
        )
        let problems = broken.problems
        XCTAssertTrue(problems.contains("broken: step 0 must be the applicant's submission"), "\(problems)")
        XCTAssertTrue(problems.contains("broken.a: a return must re-enter at this or an earlier review step"))
        XCTAssertTrue(problems.contains("broken.p: a publicity needs its minimum days"))
        XCTAssertTrue(problems.contains("broken.p: a publicity is followed by the review that deals with objections"))
        XCTAssertTrue(problems.contains("broken: 本人确认 and its dispute queue go together"))
        XCTAssertTrue(problems.contains("broken: view 状态 names unknown step q"))
    }

    /// 第一次在职在岗确认 needs the approved application: a guard of the submission step.
    func testPrerequisiteGuard() {
        let definition = ProcessDefinition(
            id: "on-duty-1",
            name: "第一次在职在岗确认",
            steps: [
                StepDefinition(
                    id: "submit", label: "学生填报", kind: .submission, actor: .applicant,
                    guards: [.prerequisiteApproved(process: "grassroots", label: "基层就业学费补偿申请")]
                ),
                StepDefinition(id: "review", label: "培养单位审核", actor: .staff([RoleLevel(.grassrootsReviewer, by: .college)])),
            ],
            status: StatusView(name: "状态", draft: "未提交", atStep: ["review": "待审核"], returned: "已退回", rejected: "审核不通过", approved: "审核通过")
        )
        XCTAssertEqual(definition.problems, [])
        var run = CaseRun(definition)
        XCTAssertEqual(run.refusal(.submit, by: .applicant), Refusal(.guardClosed, "请先完成基层就业学费补偿申请并通过审核。"))
        run.context.approvedPrerequisites = ["grassroots"]
        run.act(.submit, by: .applicant)
    }

    func testAnApprovalStepCanCarryItsOwnGuard() {
        var definition = ProcessDefinitions.grassroots
        definition.steps[1].guards = [.rule(DomainRule(id: "paid-amount", label: "实际缴纳金额核验"))]
        var run = CaseRun(definition)
        run.act(.submit, by: .applicant)
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: .staff(.grassrootsReviewer)), "系统未能完成“实际缴纳金额核验”校验，请稍后再试。")
        run.context.rules["paid-amount"] = .violated("实际缴纳金额与申请金额不一致，请核实。")
        XCTAssertEqual(run.refusalMessage(.approve(remark: nil), by: .staff(.grassrootsReviewer)), "实际缴纳金额与申请金额不一致，请核实。")
        // A rejection is not held up by the rule.
        run.act(.reject(reason: "金额不一致"), by: .staff(.grassrootsReviewer))
    }

    func testACorruptStateIsRefusedNotTrusted() {
        let definition = ProcessDefinitions.destination
        let corrupt = CaseState(status: .inReview(step: 9), submissions: 1, reviewedSinceSubmit: true)
        XCTAssertFalse(corrupt.problems(in: definition).isEmpty)
        let result = transition(corrupt, .approve(remark: nil), by: .staff(.schoolAdmin), in: definition, context: WorkflowFixtures.openContext())
        XCTAssertEqual(result.failureMessage, "该申请的状态数据有误，请联系系统管理员。")
    }

    func testTheHistoryReplaysToTheStoredStateAndSurvivesJSON() throws {
        var run = CaseRun(ProcessDefinitions.destination)
        run.act(.enterOnBehalf(remark: nil), by: .staff(.counselor))
        run.act(.reject(reason: "证明材料不清晰"), by: .staff(.schoolAdmin))
        run.act(.submit, by: .applicant)
        run.act(.approve(remark: nil), by: .staff(.counselor))
        run.act(.approve(remark: nil), by: .staff(.schoolAdmin))
        run.act(.reopen(reason: "解约后重新登记"), by: .applicant)
        run.context.smsCodeVerified = true
        run.act(.submit, by: .applicant)
        run.act(.confirm, by: .applicant)
        XCTAssertEqual(CaseState.replaying(run.history, in: run.definition), run.state)

        let stored = try JSONEncoder().encode(run.history)
        let loaded = try JSONDecoder().decode([HistoryEntry].self, from: stored)
        XCTAssertEqual(loaded, run.history)
        XCTAssertEqual(CaseState.replaying(loaded, in: run.definition), run.state)
        let state = try JSONDecoder().decode(CaseState.self, from: JSONEncoder().encode(run.state))
        XCTAssertEqual(state, run.state)
    }

    func testActionLabelsAreChinese() {
        for kind in ActionKind.allCases {
            XCTAssertTrue(kind.label.unicodeScalars.contains { $0.value >= 0x4E00 }, kind.rawValue)
        }
        XCTAssertEqual(ActorKind.jobRunner.label, "系统")
        XCTAssertEqual(ActorKind.staff(.countyHR).label, "县区人社局")
        XCTAssertEqual(PersonalConfirmation.allCases.map(\.label), ["未确认", "已确认", "有异议"])
    }

    func testRemarksAreTrimmed() {
        XCTAssertEqual(Action.reject(reason: "\u{3000} 材料不全 \n").remark, "材料不全")
        XCTAssertNil(Action.approve(remark: "  ").remark)
        XCTAssertNil(Action.submit.remark)
        XCTAssertEqual(WorkflowText.trimmed(""), "")
    }

    func testBeijingTimeForMessages() {
        XCTAssertEqual(WorkflowText.beijingMinute(0), "1970-01-01 08:00")
        XCTAssertEqual(WorkflowText.beijingMinute(1_700_000_000), "2023-11-15 06:13")
        XCTAssertEqual(WorkflowText.beijingMinute(951_782_400), "2000-02-29 08:00")
        XCTAssertEqual(WorkflowText.beijingMinute(-28_800), "1970-01-01 00:00")
        XCTAssertEqual(WorkflowText.beijingMinute(-28_801), "1969-12-31 23:59")
    }

    // MARK: 变更明细

    func testFieldDiffNeverListsDerivedKeys() {
        let changes = FieldDiff.changes(from: [:], to: ["county": "500242", "_county_name": "酉阳县", "extra": "1"], fields: [FieldDiff.Field("county", "区县")])
        XCTAssertEqual(changes.map(\.label), ["区县", "extra"])
    }

    func testFieldDiffListsChangedFieldsInFormOrder() {
        let fields = [
            FieldDiff.Field("destination", "毕业去向"),
            FieldDiff.Field("unit", "单位名称"),
            FieldDiff.Field("phone", "联系人手机", isPersonal: true),
            FieldDiff.Field("postcode", "单位邮编"),
        ]
        let before = ["destination": "签就业协议形式就业", "unit": "甲公司", "phone": "13800000000", "extra": "1"]
        let after = ["destination": "签就业协议形式就业 ", "unit": "乙公司", "phone": "13900000000", "postcode": "230000", "extra": "2"]
        XCTAssertEqual(FieldDiff.changes(from: before, to: after, fields: fields), [
            FieldDiff.Change(key: "unit", label: "单位名称", before: "甲公司", after: "乙公司"),
            FieldDiff.Change(key: "phone", label: "联系人手机", before: "13800000000", after: "13900000000", isPersonal: true),
            FieldDiff.Change(key: "postcode", label: "单位邮编", before: "", after: "230000"),
            FieldDiff.Change(key: "extra", label: "extra", before: "1", after: "2"),
        ])
    }

    func testFieldDiffTreatsBlankAndAbsentAlike() {
        let fields = [FieldDiff.Field("fax", "单位传真")]
        XCTAssertEqual(FieldDiff.changes(from: ["fax": " "], to: [:], fields: fields), [])
        XCTAssertEqual(FieldDiff.changes(from: [:], to: [:], fields: fields), [])
        XCTAssertEqual(FieldDiff.changes(from: ["fax": "1"], to: [:], fields: fields).map(\.after), [""])
    }
}

extension Result where Failure == Refusal {
    var failureMessage: String? {
        if case .failure(let refusal) = self { return refusal.message }
        return nil
    }
}
