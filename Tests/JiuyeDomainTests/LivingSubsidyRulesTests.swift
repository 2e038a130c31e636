import JiuyeDomain
import XCTest

/// 生活补贴 rules (seed 002 补助申请, review E7, E8 (a)–(e), E9, E10, E12): one edge test each.
final class LivingSubsidyRulesTests: XCTestCase {
    func ym(_ text: String) -> YearMonth { YearMonth(parsing: text)! }

    func testYearMonthParsingIsRangeChecked() {
        XCTAssertEqual(YearMonth(parsing: "2019-6")?.description, "2019-06")
        XCTAssertEqual(YearMonth(parsing: "201906")?.description, "2019-06")
        XCTAssertEqual(YearMonth(parsing: " 2019/06 ")?.description, "2019-06")
        for hostile in ["", "2019-13", "2019-00", "9999999999-01", "-2019-01", "2019-1-1", "二〇一九年六月", "2019-06-01"] {
            XCTAssertNil(YearMonth(parsing: hostile), hostile)
        }
        XCTAssertEqual(YearMonth.months(from: ym("2024-11"), through: ym("2025-02")), 4)
        XCTAssertEqual(YearMonth.months(from: ym("2025-02"), through: ym("2024-11")), 0)
        XCTAssertEqual(ym("2024-12").adding(months: 1)?.description, "2025-01")
        XCTAssertNil(ym("2200-12").adding(months: 1))
        XCTAssertNil(ym("2024-12").adding(months: Int.max))
    }

    // MARK: E12: the insurance thresholds

    func record(from start: String, through end: String, inService: Bool = true, card: Bool = true) -> SubsidyRules.InsuranceRecord {
        SubsidyRules.InsuranceRecord(months: Set(YearMonth.range(from: ym(start), through: ym(end))), inService: inService, cardNormal: card,
                                     bankName: "中国建设银行", account: "6217000000000000001")
    }

    func testInsuranceThresholdBoundaries() {
        let today = ym("2026-12")
        XCTAssertNil(SubsidyRules.insuranceRefusal(record(from: "2019-06", through: "2026-11"), education: .bachelor, today: today))
        let early = SubsidyRules.insuranceRefusal(record(from: "2019-05", through: "2026-11"), education: .bachelor, today: today)
        XCTAssertEqual(early, "你的企业养老保险最早缴费年月为 2019-05，本科生最早缴费年月不得早于 2019-06，不能申报。")
        XCTAssertNotNil(SubsidyRules.insuranceRefusal(record(from: "2019-03", through: "2026-11"), education: .bachelor, today: today))
        XCTAssertNil(SubsidyRules.insuranceRefusal(record(from: "2017-01", through: "2026-11"), education: .master, today: today))
        XCTAssertNotNil(SubsidyRules.insuranceRefusal(record(from: "2016-12", through: "2026-11"), education: .doctor, today: today))
        XCTAssertEqual(SubsidyRules.insuranceRefusal(nil, education: .master, today: today), "系统未查到你参加企业养老保险的记录，不能申报。")
        XCTAssertNotNil(SubsidyRules.insuranceRefusal(record(from: "2020-01", through: "2026-11", inService: false), education: .bachelor, today: today))
        XCTAssertNotNil(SubsidyRules.insuranceRefusal(record(from: "2020-01", through: "2026-11", card: false), education: .bachelor, today: today))
    }

    func testAThresholdChangeTakesEffectOnItsDate() {
        let later = SubsidyRules.defaultThresholds + [InsuranceThreshold(effectiveFrom: ym("2027-01"), education: .bachelor, earliest: ym("2020-01"))]
        let history = record(from: "2019-08", through: "2026-11")
        XCTAssertNil(SubsidyRules.insuranceRefusal(history, education: .bachelor, today: ym("2026-12"), thresholds: later))
        XCTAssertNotNil(SubsidyRules.insuranceRefusal(history, education: .bachelor, today: ym("2027-01"), thresholds: later))
    }

    // MARK: E8(c): the period

    func testThePeriodStartsAfterGraduationWorkAndInsuranceAndEndsByThisMonth() {
        let today = ym("2026-12")
        func problem(_ start: String, _ end: String, max: Int = 36) -> String? {
            SubsidyRules.rangeProblem(start: ym(start), end: ym(end), graduation: ym("2024-06"), firstWork: ym("2024-07"), firstInsured: ym("2024-08"),
                                      today: today, maxMonths: max)
        }
        XCTAssertNil(problem("2024-08", "2025-07"))
        XCTAssertEqual(problem("2024-07", "2025-07"), "补贴起始年月不能早于 2024-08（毕业时间、参加工作时间和首次参保年月中最晚的一个）。")
        XCTAssertNotNil(problem("2026-01", "2027-01"), "the end is after this month")
        XCTAssertNil(problem("2026-01", "2026-12"))
        XCTAssertNotNil(problem("2025-01", "2024-12"))
        XCTAssertNotNil(problem("2024-08", "2026-12", max: 12))
    }

    // MARK: E8(b), (e): months, deductions and the amount

    func testOneUnpaidMonthIsDeducted() {
        var insured = Set(YearMonth.range(from: ym("2025-01"), through: ym("2025-12")))
        insured.remove(ym("2025-05"))
        let result = SubsidyRules.compute(start: ym("2025-01"), end: ym("2025-12"), insured: insured, education: .bachelor)!
        XCTAssertEqual(result.months, 12)
        XCTAssertEqual(result.unpaidMonths, [ym("2025-05")])
        XCTAssertEqual(result.paidMonths, 11)
        XCTAssertEqual(result.amountFen, 11 * 50_000)
    }

    func testAStandardChangeInsideTheRangeIsPaidMonthByMonth() {
        let standards = [SubsidyStandard(effectiveFrom: ym("2019-06"), education: .master, monthlyFen: 100_000),
                         SubsidyStandard(effectiveFrom: ym("2025-07"), education: .master, monthlyFen: 120_000)]
        let insured = Set(YearMonth.range(from: ym("2025-01"), through: ym("2025-12")))
        let result = SubsidyRules.compute(start: ym("2025-01"), end: ym("2025-12"), insured: insured, education: .master, standards: standards)!
        XCTAssertEqual(result.amountFen, 6 * 100_000 + 6 * 120_000)
        XCTAssertNil(SubsidyRules.compute(start: ym("2018-01"), end: ym("2018-03"), insured: Set(YearMonth.range(from: ym("2018-01"), through: ym("2018-03"))),
                                          education: .master, standards: standards), "no standard in force then")
    }

    // MARK: E8(a): the contract

    func testTheContractRunsThreeYearsWithTheEndDayIncluded() {
        XCTAssertNil(SubsidyRules.contractProblem(start: "2024-07-01", end: "2027-06-30", withFilingUnit: true))
        XCTAssertNotNil(SubsidyRules.contractProblem(start: "2024-07-01", end: "2027-06-29", withFilingUnit: true))
        XCTAssertNil(SubsidyRules.contractProblem(start: "2024-03-01", end: "2027-02-28", withFilingUnit: true))
        XCTAssertNil(SubsidyRules.contractProblem(start: "2024-07-01", end: nil, withFilingUnit: true), "无固定期限 passes")
        XCTAssertNotNil(SubsidyRules.contractProblem(start: "2024-07-01", end: "2030-06-30", withFilingUnit: false), "a contract with another unit does not count")
        XCTAssertNotNil(SubsidyRules.contractProblem(start: "2024-02-30", end: "2030-06-30", withFilingUnit: true))
    }

    // MARK: E8(d): overlap

    func testNoMonthIsAppliedForTwice() {
        let earlier = [SubsidyRules.Period(start: ym("2024-07"), end: ym("2025-06"))]
        XCTAssertEqual(SubsidyRules.overlap(.init(start: ym("2025-06"), end: ym("2026-05")), with: earlier), [ym("2025-06")])
        XCTAssertEqual(SubsidyRules.overlapProblem(.init(start: ym("2025-06"), end: ym("2026-05")), with: earlier), "2025-06 已申报过补贴，不能重复申报。")
        XCTAssertNil(SubsidyRules.overlapProblem(.init(start: ym("2025-07"), end: ym("2026-06")), with: earlier), "adjacent is fine")
        XCTAssertEqual(SubsidyRules.overlap(.init(start: ym("2024-01"), end: ym("2026-01")), with: earlier).count, 12)
    }

    // MARK: E7, E9, E10, E6

    func testClaimTypeDerivation() {
        XCTAssertEqual(ClaimType.derived(previousApprovedApplications: 0), .new)
        XCTAssertEqual(ClaimType.derived(previousApprovedApplications: 2), .renewal)
    }

    func testCertificateNumbers() {
        XCTAssertNil(SubsidyRules.certificateFormatProblem(diploma: "106111202405001234", degree: "1061142024001234", foreign: false))
        XCTAssertEqual(SubsidyRules.certificateFormatProblem(diploma: "10611120240500123", degree: nil, foreign: false), "学历证书编号应为 18 位数字。")
        XCTAssertEqual(SubsidyRules.certificateFormatProblem(diploma: "106111202405001234", degree: "12345", foreign: false), "学位证书编号应为 16 位数字。")
        XCTAssertNil(SubsidyRules.certificateFormatProblem(diploma: "", degree: nil, foreign: true))
    }

    func testTheCityAndCountySharesAddUpToTheFen() {
        let bachelor = SubsidyRules.split(amountFen: 550_001, education: .bachelor, county: "500106")
        XCTAssertEqual(bachelor.city, 275_000)
        XCTAssertEqual(bachelor.city + bachelor.county, 550_001)
        XCTAssertEqual(SubsidyRules.split(amountFen: 1_200_000, education: .master, county: "500106").county, 0)
        let local = SubsidyRules.defaultShares + [FundingShare(education: .bachelor, county: "500242", cityPerMille: 800)]
        XCTAssertEqual(SubsidyRules.split(amountFen: 100_000, education: .bachelor, county: "500242", shares: local).city, 80_000)
        XCTAssertEqual(SubsidyRules.split(amountFen: Int64.max, education: .bachelor, county: "500106").city, 500_000_000, "bounded, never traps")
    }

    func testWhereAnApplicationIsFiled() {
        func target(_ education: SubsidyEducation, self selfEmployed: Bool = false, current: Bool, chosen: String, currentCounty: String?) -> SubsidyRules.FilingTarget {
            SubsidyRules.filingTarget(education: education, selfEmployed: selfEmployed, ownCounty: "500106", chosenIsCurrent: current,
                                      chosenCounty: chosen, currentCounty: currentCounty)
        }
        XCTAssertEqual(target(.master, current: true, chosen: "500106", currentCounty: "500106"), .chosenUnit)
        XCTAssertEqual(target(.bachelor, current: true, chosen: "500106", currentCounty: "500106"), .chosenUnit)
        XCTAssertEqual(target(.bachelor, current: false, chosen: "500106", currentCounty: "500106"), .currentUnit, "same county: the current unit")
        XCTAssertEqual(target(.bachelor, current: false, chosen: "500108", currentCounty: "500106"), .virtualUnit(county: "500108"))
        XCTAssertEqual(target(.bachelor, self: true, current: true, chosen: "500108", currentCounty: "500108"), .virtualUnit(county: "500106"))
    }

    func testSelfEmployedBusinessAYearOld() {
        XCTAssertNil(SubsidyRules.selfEmployedProblem(registeredOn: "2024-03-15", start: ym("2025-03")))
        XCTAssertNotNil(SubsidyRules.selfEmployedProblem(registeredOn: "2024-03-15", start: ym("2025-02")))
    }
}
