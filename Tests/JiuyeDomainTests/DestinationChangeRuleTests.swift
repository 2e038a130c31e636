import XCTest
@testable import JiuyeDomain

private func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }

/// 去向变更 after approval (modules review C4).
final class DestinationChangeRuleTests: XCTestCase {
    // MARK: The 8-31 rule

    func testChangesUpToAugust31OfTheGraduationYearAreAllowed() {
        for today in ["2024-12-01", "2025-03-01", "2025-08-30", "2025-08-31"] {
            XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day(today), policy: .refused), .allowed, today)
        }
    }

    func testAfterTheDeadlineAChangeNeedsTheSchoolWhenThePolicySaysSo() {
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day("2025-09-01"), policy: .needsSchoolApproval),
                       .needsSchoolApproval)
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day("2027-01-10"), policy: .needsSchoolApproval),
                       .needsSchoolApproval)
        XCTAssertEqual(DestinationChangeRule.lateNotice(graduationYear: 2025),
                       "已过毕业去向变更截止日期（2025年8月31日），本次变更须经学校审核同意后生效；审核通过前，原登记的去向继续有效。")
    }

    func testAfterTheDeadlineAChangeIsRefusedWhenThePolicySaysSo() {
        let refusal = DestinationChangeDecision.refused(
            message: "毕业去向变更截止日期为毕业当年的2025年8月31日，现已截止，不能再变更毕业去向。如去向确有变化，请联系学院就业工作负责人。")
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day("2025-09-01"), policy: .refused), refusal)
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day("2026-01-10"), policy: .refused), refusal)
    }

    func testTheDeadlineIsConfigurable() {
        let yearEnd = DestinationChangeDeadline(month: 12, day: 31)!
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day("2025-09-01"), deadline: yearEnd, policy: .refused), .allowed)
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day("2026-01-01"), deadline: yearEnd, policy: .needsSchoolApproval),
                       .needsSchoolApproval)
        let midYear = DestinationChangeDeadline(month: 6, day: 30)!
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 2025, today: day("2025-07-01"), deadline: midYear, policy: .needsSchoolApproval),
                       .needsSchoolApproval)
        XCTAssertEqual(DestinationChangeRule.lateNotice(graduationYear: 2025, deadline: midYear),
                       "已过毕业去向变更截止日期（2025年6月30日），本次变更须经学校审核同意后生效；审核通过前，原登记的去向继续有效。")
    }

    func testDeadlinesMustBeRealDaysAndFebruary29FollowsTheYear() {
        for (month, day) in [(2, 30), (4, 31), (13, 1), (0, 1), (8, 0), (8, 32)] {
            XCTAssertNil(DestinationChangeDeadline(month: month, day: day), "\(month)-\(day)")
        }
        let leapDay = DestinationChangeDeadline(month: 2, day: 29)!
        XCTAssertEqual(leapDay.date(inGraduationYear: 2025), day("2025-02-28"))
        XCTAssertEqual(leapDay.date(inGraduationYear: 2024), day("2024-02-29"))
        XCTAssertEqual(DestinationChangeDeadline.standard.date(inGraduationYear: 2025), day("2025-08-31"))
        XCTAssertEqual(DestinationChangeDeadline.standard, DestinationChangeDeadline(month: 8, day: 31))
        XCTAssertNil(DestinationChangeDeadline.standard.date(inGraduationYear: 2101))
        XCTAssertNil(DestinationChangeDeadline.standard.date(inGraduationYear: Int.min))
    }

    func testAnImpossibleGraduationYearIsRefused() {
        XCTAssertEqual(DestinationChangeRule.decide(graduationYear: 20250, today: day("2025-07-01"), policy: .needsSchoolApproval),
                       .refused(message: "毕业年份“20250”不正确，无法判断去向变更期限。请联系学院就业工作负责人核对学籍信息。"))
        XCTAssertEqual(DestinationChangeRule.lateNotice(graduationYear: 20250),
                       "已过毕业去向变更截止日期（8月31日），本次变更须经学校审核同意后生效；审核通过前，原登记的去向继续有效。")
    }

    func testPoliciesHaveStoredKeysAndLabels() {
        XCTAssertEqual(DestinationLateChangePolicy(rawValue: "needs-school-approval"), .needsSchoolApproval)
        XCTAssertEqual(DestinationLateChangePolicy(rawValue: "refused"), .refused)
        XCTAssertEqual(DestinationLateChangePolicy.needsSchoolApproval.label, "截止后的变更须经学校审核同意")
        XCTAssertEqual(DestinationLateChangePolicy.refused.label, "截止后不再受理变更")
    }

    // MARK: Versions

    let first = DestinationVersion(number: 1, effectiveFrom: day("2025-06-20"))

    func testTheFirstApprovedVersionStandsAlone() {
        XCTAssertEqual(DestinationVersion.supersede([], with: first), .success([first]))
    }

    func testANewApprovedVersionSupersedesTheOneInForceOnItsEffectiveDate() {
        let second = DestinationVersion(number: 2, effectiveFrom: day("2025-08-01"))
        let closedFirst = DestinationVersion(number: 1, effectiveFrom: day("2025-06-20"), supersededOn: day("2025-08-01"))
        XCTAssertEqual(DestinationVersion.supersede([first], with: second), .success([closedFirst, second]))

        // Numbers may skip (a rejected reopen used 3); the same day is allowed.
        let fourth = DestinationVersion(number: 4, effectiveFrom: day("2025-08-01"))
        let closedSecond = DestinationVersion(number: 2, effectiveFrom: day("2025-08-01"), supersededOn: day("2025-08-01"))
        XCTAssertEqual(DestinationVersion.supersede([second, closedFirst], with: fourth), .success([closedFirst, closedSecond, fourth]))
    }

    func testVersionNumbersStrictlyIncrease() {
        let history = [DestinationVersion(number: 1, effectiveFrom: day("2025-06-20"), supersededOn: day("2025-08-01")),
                       DestinationVersion(number: 2, effectiveFrom: day("2025-08-01"))]
        XCTAssertEqual(DestinationVersion.supersede(history, with: DestinationVersion(number: 2, effectiveFrom: day("2025-09-01"))),
                       .failure(.numberNotIncreasing(highest: 2, new: 2)))
        XCTAssertEqual(DestinationVersion.supersede(history, with: DestinationVersion(number: 1, effectiveFrom: day("2025-09-01"))),
                       .failure(.numberNotIncreasing(highest: 2, new: 1)))
        XCTAssertEqual(DestinationVersion.supersede(history, with: DestinationVersion(number: 0, effectiveFrom: day("2025-09-01"))),
                       .failure(.numberNotPositive(0)))
        XCTAssertEqual(DestinationVersion.supersede([], with: DestinationVersion(number: -1, effectiveFrom: day("2025-09-01"))),
                       .failure(.numberNotPositive(-1)))
        XCTAssertEqual(DestinationVersion.Problem.numberNotIncreasing(highest: 2, new: 1).logMessage,
                       "destination version 1 does not follow version 2")
    }

    func testANewVersionCannotTakeEffectBeforeTheOneItReplaces() {
        let current = DestinationVersion(number: 1, effectiveFrom: day("2025-07-01"))
        XCTAssertEqual(DestinationVersion.supersede([current], with: DestinationVersion(number: 2, effectiveFrom: day("2025-06-30"))),
                       .failure(.effectiveBeforePrevious(previous: day("2025-07-01"), new: day("2025-06-30"))))
    }

    func testInconsistentHistoriesAndSupersededNewVersionsAreRefused() {
        let third = DestinationVersion(number: 3, effectiveFrom: day("2025-10-01"))
        let twoOpen = [first, DestinationVersion(number: 2, effectiveFrom: day("2025-08-01"))]
        XCTAssertEqual(DestinationVersion.supersede(twoOpen, with: third), .failure(.inconsistentHistory(number: 1)))
        let allClosed = [DestinationVersion(number: 1, effectiveFrom: day("2025-06-20"), supersededOn: day("2025-08-01")),
                         DestinationVersion(number: 2, effectiveFrom: day("2025-08-01"), supersededOn: day("2025-09-01"))]
        XCTAssertEqual(DestinationVersion.supersede(allClosed, with: third), .failure(.inconsistentHistory(number: 2)))
        let born = DestinationVersion(number: 2, effectiveFrom: day("2025-08-01"), supersededOn: day("2025-09-01"))
        XCTAssertEqual(DestinationVersion.supersede([first], with: born), .failure(.newVersionSuperseded))
    }

    func testTheVersionInForceOnADate() throws {
        let second = DestinationVersion(number: 2, effectiveFrom: day("2025-08-01"))
        let history = try DestinationVersion.supersede([first], with: second).get()
        XCTAssertNil(DestinationVersion.inForce(on: day("2025-06-19"), among: history))
        XCTAssertEqual(DestinationVersion.inForce(on: day("2025-06-20"), among: history)?.number, 1)
        XCTAssertEqual(DestinationVersion.inForce(on: day("2025-07-31"), among: history)?.number, 1)
        XCTAssertEqual(DestinationVersion.inForce(on: day("2025-08-01"), among: history)?.number, 2)
        XCTAssertEqual(DestinationVersion.inForce(on: day("2026-01-01"), among: history)?.number, 2)
        XCTAssertFalse(history[0].isInForce(on: day("2025-08-01")))
        XCTAssertTrue(history[0].isInForce(on: day("2025-07-31")))

        // Superseded the day it took effect: never in force.
        let sameDay = try DestinationVersion.supersede(history, with: DestinationVersion(number: 3, effectiveFrom: day("2025-08-01"))).get()
        XCTAssertFalse(sameDay[1].isInForce(on: day("2025-08-01")))
        XCTAssertEqual(DestinationVersion.inForce(on: day("2025-08-01"), among: sameDay)?.number, 3)
    }
}
