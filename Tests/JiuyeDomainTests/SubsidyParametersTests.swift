import JiuyeDomain
import XCTest

/// The city's effective-dated 生活补贴 parameters (review E10, E12, E8(e)).
final class SubsidyParametersTests: XCTestCase {
    func ym(_ text: String) -> YearMonth { YearMonth(parsing: text)! }
    let today = YearMonth(parsing: "2026-12")!

    func entry(_ kind: SubsidyParameters.Kind, _ education: SubsidyEducation = .bachelor, county: String? = nil, from: String, _ value: String)
        -> Result<SubsidyParameters.Entry, SubsidyParameters.ParameterProblem> {
        SubsidyParameters.entry(kind: kind, education: education, county: county, effectiveFrom: from, value: value, today: today)
    }

    func testANewRowTakesEffectFromThisMonthOnAndNoFurtherThanThreeYears() {
        XCTAssertEqual(try entry(.standard, from: "2026-12", "800").get().value, "80000")
        XCTAssertEqual(try entry(.standard, from: "2029-12", "800.5").get().value, "80050")
        guard case .failure(let past) = entry(.standard, from: "2026-11", "800") else { return XCTFail("a past month changes amounts already computed") }
        XCTAssertEqual(past.field, "effective_from")
        XCTAssertTrue(past.message.contains("不能早于本月（2026-12）"), past.message)
        guard case .failure(let far) = entry(.standard, from: "2030-01", "800") else { return XCTFail("more than 36 months ahead") }
        XCTAssertEqual(far.field, "effective_from")
        guard case .failure = entry(.standard, from: "明年", "800") else { return XCTFail("not a month") }
    }

    func testValuesAreRangeCheckedBeforeAnyArithmetic() {
        for hostile in ["0", "-1", "10000.01", "99999999999999999999", "1e3", "1,000", "", "5.555"] {
            guard case .failure(let problem) = entry(.standard, from: "2027-01", hostile) else { return XCTFail(hostile) }
            XCTAssertEqual(problem.field, "value", hostile)
        }
        XCTAssertEqual(try entry(.standard, from: "2027-01", "10000").get().value, "1000000")
        XCTAssertEqual(try entry(.share, from: "2027-01", "62.5").get().value, "625")
        XCTAssertEqual(try entry(.share, from: "2027-01", "0").get().value, "0")
        XCTAssertEqual(try entry(.share, county: "500108", from: "2027-01", "100").get().county, "500108")
        for hostile in ["100.1", "101", "62.55", "-5", "1000", "", "五十", "9223372036854775807"] {
            guard case .failure = entry(.share, from: "2027-01", hostile) else { return XCTFail(hostile) }
        }
        XCTAssertEqual(try entry(.threshold, .bachelor, from: "2027-01", "2020-01").get().value, "2020-01")
        guard case .failure = entry(.threshold, from: "2027-01", "2027-02") else { return XCTFail("a threshold after its effective month") }
        guard case .failure = entry(.threshold, from: "2027-01", "1999-12") else { return XCTFail("before 2000") }
        guard case .failure(let county) = entry(.threshold, county: "500106", from: "2027-01", "2020-01") else { return XCTFail("thresholds are city-wide") }
        XCTAssertEqual(county.field, "county")
        XCTAssertEqual(SubsidyParameters.display(kind: .share, value: "625"), "62.5%")
        XCTAssertEqual(SubsidyParameters.display(kind: .share, value: "500"), "50%")
        XCTAssertEqual(SubsidyParameters.display(kind: .standard, value: "80050"), "800.50")
    }

    /// A raised standard applies to the months from its 生效年月; earlier months keep the old one.
    func testAStandardAppliesFromItsMonthOn() throws {
        let raised = try entry(.standard, from: "2027-01", "800").get()
        let parameters = SubsidyParameters.with([raised])
        let months = Set(YearMonth.range(from: ym("2026-11"), through: ym("2027-02")))
        let computed = SubsidyRules.compute(start: ym("2026-11"), end: ym("2027-02"), insured: months, education: .bachelor, standards: parameters.standards)
        XCTAssertEqual(computed?.amountFen, 2 * 50_000 + 2 * 80_000)
        let master = SubsidyRules.compute(start: ym("2026-11"), end: ym("2027-02"), insured: months, education: .master, standards: parameters.standards)
        XCTAssertEqual(master?.amountFen, 4 * 100_000, "another 学历 keeps its standard")
    }

    /// A later threshold replaces the earlier one from its 生效年月 on.
    func testALaterThresholdRulesFromItsMonth() throws {
        let parameters = SubsidyParameters.with([try entry(.threshold, .bachelor, from: "2027-03", "2021-01").get()])
        let record = SubsidyRules.InsuranceRecord(months: Set(YearMonth.range(from: ym("2020-01"), through: ym("2027-02"))), inService: true, cardNormal: true)
        XCTAssertNil(SubsidyRules.insuranceRefusal(record, education: .bachelor, today: ym("2027-02"), thresholds: parameters.thresholds))
        let refused = SubsidyRules.insuranceRefusal(record, education: .bachelor, today: ym("2027-03"), thresholds: parameters.thresholds)
        XCTAssertEqual(refused, "你的企业养老保险最早缴费年月为 2020-01，本科生最早缴费年月不得早于 2021-01，不能申报。")
    }

    /// The share in force at approval; a county's own row beats the city-wide one; a stored row
    /// that no longer parses is ignored rather than trusted.
    func testTheShareInForceAtApprovalAndACountysOwnRow() throws {
        let parameters = SubsidyParameters.with([
            try entry(.share, .bachelor, from: "2027-01", "60").get(),
            try entry(.share, .bachelor, county: "500108", from: "2027-06", "80").get(),
            SubsidyParameters.Entry(kind: .share, education: .bachelor, county: nil, effectiveFrom: ym("2027-02"), value: "5000"),
        ])
        XCTAssertEqual(SubsidyRules.split(amountFen: 100_000, education: .bachelor, county: "500108", month: ym("2026-12"), shares: parameters.shares).city, 50_000)
        XCTAssertEqual(SubsidyRules.split(amountFen: 100_000, education: .bachelor, county: "500108", month: ym("2027-01"), shares: parameters.shares).city, 60_000)
        XCTAssertEqual(SubsidyRules.split(amountFen: 100_000, education: .bachelor, county: "500108", month: ym("2027-06"), shares: parameters.shares).city, 80_000)
        XCTAssertEqual(SubsidyRules.split(amountFen: 100_000, education: .bachelor, county: "500106", month: ym("2027-06"), shares: parameters.shares).city, 60_000)
        XCTAssertEqual(parameters.shares.count, SubsidyRules.defaultShares.count + 2)
    }
}
