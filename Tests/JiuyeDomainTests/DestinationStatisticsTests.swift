import XCTest
@testable import JiuyeDomain

private func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }

/// 去向落实率 (modules review C15).
final class DestinationStatisticsTests: XCTestCase {
    let mapping = DestinationStatisticsMapping.v2023

    private func rates(_ graduates: Int, _ counts: [DestinationCount], asOf: String = "2025-08-31") -> Result<DestinationRates, DestinationStatisticsProblem> {
        DestinationRates.compute(asOf: day(asOf), graduates: graduates, counts: counts, mapping: mapping)
    }

    // MARK: The mapping

    func testEveryCodeFallsInItsBucket() {
        let expected: [DestinationGroup: [String]] = [
            .unitEmployment: ["10", "11", "12", "271", "272", "46", "50L1", "502", "503", "51L1", "512", "51L2", "51L3", "51L4", "519"],
            .entrepreneurship: ["75", "751", "752", "753", "754"],
            .freelance: ["76"],
            .furtherStudy: ["801", "802", "80L1", "85"],
            .awaitingEmployment: ["70", "70L1", "70L7"],
            .notSeekingEmployment: ["71", "72", "72L1", "72L2"],
        ]
        for (group, codes) in expected {
            for code in codes { XCTAssertEqual(mapping.group(of: code), group, code) }
        }
        XCTAssertEqual(mapping.version, "2023-1")
        XCTAssertEqual(mapping.effectiveFrom, day("2023-01-01"))
    }

    func testCodesOutsideTheMappingCountNowhere() {
        // 10, 76 and 85 have no sub-codes; a family takes at most two more characters, digits or capitals.
        for code in ["", "1", "8", "99", "101", "7612", "85L1", "27111", "75-1", "80l1", "2", "10-1"] {
            XCTAssertNil(mapping.group(of: code), code)
        }
        XCTAssertEqual(mapping.group(of: "2711"), .unitEmployment)
    }

    func testTheMappingAgreesWithTheCatalogsGroups() {
        for category in DestinationForm.categories + DestinationForm.retiredCategories {
            XCTAssertEqual(mapping.group(of: category.code), category.group, category.code)
        }
        for subtype in DestinationSubtype.all where !subtype.key.contains("-") {
            XCTAssertEqual(mapping.group(of: subtype.key), subtype.heading.group, subtype.key)
        }
    }

    func testTheMappingInEffectIsTheLatestNotAfterTheDate() {
        let later = DestinationStatisticsMapping(version: "2026-1", effectiveFrom: day("2026-01-01"), rules: [.code("10", .unitEmployment)])
        XCTAssertEqual(DestinationStatisticsMapping.inEffect(on: day("2025-08-31")), .v2023)
        XCTAssertNil(DestinationStatisticsMapping.inEffect(on: day("2022-12-31")))
        XCTAssertEqual(DestinationStatisticsMapping.inEffect(on: day("2025-12-31"), among: [.v2023, later])?.version, "2023-1")
        XCTAssertEqual(DestinationStatisticsMapping.inEffect(on: day("2026-01-01"), among: [.v2023, later])?.version, "2026-1")
        XCTAssertEqual(DestinationStatisticsMapping.inEffect(on: day("2026-06-01"), among: [later, .v2023])?.version, "2026-1")
    }

    // MARK: Percentages

    func testBasisPointsRoundHalfUp() {
        XCTAssertEqual(DestinationRate.basisPoints(1, of: 3), 3333)
        XCTAssertEqual(DestinationRate.basisPoints(2, of: 3), 6667)
        XCTAssertEqual(DestinationRate.basisPoints(1, of: 20_000), 1)  // exactly half a basis point
        XCTAssertEqual(DestinationRate.basisPoints(1, of: 20_001), 0)  // just under half
        XCTAssertEqual(DestinationRate.basisPoints(0, of: 5), 0)
        XCTAssertEqual(DestinationRate.basisPoints(5, of: 5), 10_000)
    }

    func testBasisPointsWithoutADenominatorOrOutOfRangeAreNil() {
        XCTAssertNil(DestinationRate.basisPoints(1, of: 0))
        XCTAssertNil(DestinationRate.basisPoints(0, of: 0))
        XCTAssertNil(DestinationRate.basisPoints(-1, of: 5))
        XCTAssertNil(DestinationRate.basisPoints(1, of: -5))
        XCTAssertNil(DestinationRate.basisPoints(Int.max, of: Int.max))  // would overflow: no trap
    }

    func testPercentagesAreShownWithTwoDecimals() {
        XCTAssertEqual(DestinationRate.text(9527), "95.27%")
        XCTAssertEqual(DestinationRate.text(10_000), "100.00%")
        XCTAssertEqual(DestinationRate.text(50), "0.50%")
        XCTAssertEqual(DestinationRate.text(5), "0.05%")
        XCTAssertEqual(DestinationRate.text(0), "0.00%")
        XCTAssertEqual(DestinationRate.text(nil), "—")
        XCTAssertEqual(DestinationRate.text(-1), "—")
    }

    // MARK: Rates

    func testRatesCountApprovedRecordsConfirmedOnlyAndIncludingUnconfirmed() throws {
        let counts = [
            DestinationCount(code: "10", confirmed: 300, unconfirmed: 20, disputed: 5),
            DestinationCount(code: "11", confirmed: 100),
            DestinationCount(code: "271", confirmed: 10),
            DestinationCount(code: "751", confirmed: 7, unconfirmed: 1),
            DestinationCount(code: "76", confirmed: 30),
            DestinationCount(code: "801", confirmed: 200, unconfirmed: 3),
            DestinationCount(code: "85", confirmed: 50),
            DestinationCount(code: "70", confirmed: 40),
            DestinationCount(code: "71", confirmed: 10),
        ]
        let result = try rates(1000, counts).get()
        XCTAssertEqual(result.asOf, day("2025-08-31"))
        XCTAssertEqual(result.mappingVersion, "2023-1")
        XCTAssertEqual(result.graduates, 1000)
        XCTAssertEqual(result.disputed, 5)
        XCTAssertEqual(result.unmappedCodes, [])

        let confirmed = result.confirmedOnly
        XCTAssertEqual(confirmed.count(.unitEmployment), 410)
        XCTAssertEqual(confirmed.count(.entrepreneurship), 7)
        XCTAssertEqual(confirmed.count(.freelance), 30)
        XCTAssertEqual(confirmed.count(.furtherStudy), 250)
        XCTAssertEqual(confirmed.count(.awaitingEmployment), 40)
        XCTAssertEqual(confirmed.count(.notSeekingEmployment), 10)
        XCTAssertEqual(confirmed.rate(.unitEmployment), 4100)
        XCTAssertEqual(confirmed.rate(.entrepreneurship), 70)
        XCTAssertEqual(confirmed.rate(.freelance), 300)
        XCTAssertEqual(confirmed.rate(.furtherStudy), 2500)
        XCTAssertEqual(confirmed.placed, 697)
        XCTAssertEqual(confirmed.notPlaced, 303)
        XCTAssertEqual(confirmed.placementRate, 6970)
        XCTAssertEqual(DestinationRate.text(confirmed.placementRate), "69.70%")

        let including = result.includingUnconfirmed
        XCTAssertEqual(including.count(.unitEmployment), 430)
        XCTAssertEqual(including.count(.entrepreneurship), 8)
        XCTAssertEqual(including.count(.furtherStudy), 253)
        XCTAssertEqual(including.placed, 721)
        XCTAssertEqual(including.notPlaced, 279)
        XCTAssertEqual(including.placementRate, 7210)
    }

    func testThePlacementRateIsTheSumOfTheFourRoundedParts() throws {
        let result = try rates(3, [DestinationCount(code: "10", confirmed: 1), DestinationCount(code: "76", confirmed: 1)]).get()
        XCTAssertEqual(result.confirmedOnly.rate(.unitEmployment), 3333)
        XCTAssertEqual(result.confirmedOnly.rate(.freelance), 3333)
        XCTAssertEqual(result.confirmedOnly.rate(.entrepreneurship), 0)
        XCTAssertEqual(result.confirmedOnly.placementRate, 6666)
        XCTAssertEqual(DestinationRate.basisPoints(2, of: 3), 6667)  // the placed count alone would round up
    }

    func testRepeatedCodesAddUpAndUnknownCodesAreReported() throws {
        let result = try rates(10, [
            DestinationCount(code: "10", confirmed: 2),
            DestinationCount(code: "10", confirmed: 3),
            DestinationCount(code: "99", confirmed: 2, unconfirmed: 1),
        ]).get()
        XCTAssertEqual(result.confirmedOnly.count(.unitEmployment), 5)
        XCTAssertEqual(result.unmappedCodes, ["99"])
        XCTAssertEqual(result.confirmedOnly.unmapped, 2)
        XCTAssertEqual(result.includingUnconfirmed.unmapped, 3)
        XCTAssertEqual(result.includingUnconfirmed.placed, 5)
        XCTAssertEqual(result.includingUnconfirmed.notPlaced, 5)
    }

    func testNoGraduatesInScopeGivesNoRates() throws {
        let result = try rates(0, []).get()
        XCTAssertNil(result.confirmedOnly.rate(.unitEmployment))
        XCTAssertNil(result.confirmedOnly.placementRate)
        XCTAssertEqual(result.confirmedOnly.placed, 0)
        XCTAssertEqual(DestinationRate.text(result.includingUnconfirmed.placementRate), "—")
        XCTAssertEqual(rates(0, [DestinationCount(code: "10", confirmed: 1)]), .failure(.countedExceedsGraduates(counted: 1, graduates: 0)))
    }

    func testMoreRecordsThanGraduatesIsRefusedDisputedOnesIncluded() {
        XCTAssertEqual(rates(100, [DestinationCount(code: "10", confirmed: 101)]), .failure(.countedExceedsGraduates(counted: 101, graduates: 100)))
        XCTAssertEqual(rates(10, [DestinationCount(code: "10", confirmed: 5, disputed: 6)]), .failure(.countedExceedsGraduates(counted: 11, graduates: 10)))
        XCTAssertEqual(DestinationStatisticsProblem.countedExceedsGraduates(counted: 101, graduates: 100).message,
                       "审核通过的去向登记（101 条）多于毕业生总数（100 人）。分母应为同一届别、同一学历层次的全部毕业生（含结业生），每名毕业生只计一条生效的去向登记，请检查统计范围。")
    }

    func testNegativeAndHugeCountsAreRefusedWithoutTrapping() throws {
        XCTAssertEqual(rates(-1, []), .failure(.negativeCount(code: nil)))
        XCTAssertEqual(rates(10, [DestinationCount(code: "10", confirmed: -1)]), .failure(.negativeCount(code: "10")))
        XCTAssertEqual(rates(10, [DestinationCount(code: "46", disputed: -3)]), .failure(.negativeCount(code: "46")))
        XCTAssertEqual(rates(DestinationRates.maximumGraduates + 1, []), .failure(.tooLarge))
        XCTAssertEqual(rates(100, [DestinationCount(code: "10", confirmed: Int.max), DestinationCount(code: "11", confirmed: 1)]), .failure(.tooLarge))
        XCTAssertEqual(rates(100, [DestinationCount(code: "10", confirmed: Int.max, unconfirmed: Int.max)]), .failure(.tooLarge))
        XCTAssertEqual(rates(Int.max, []), .failure(.tooLarge))
        let largest = try rates(DestinationRates.maximumGraduates, [DestinationCount(code: "10", confirmed: DestinationRates.maximumGraduates)]).get()
        XCTAssertEqual(largest.confirmedOnly.placementRate, 10_000)
        XCTAssertEqual(DestinationStatisticsProblem.tooLarge.message, "统计人数超出可计算的范围（毕业生总数最多 100000000 人），请检查统计范围。")
        XCTAssertEqual(DestinationStatisticsProblem.negativeCount(code: nil).message, "毕业生人数不能为负数，请检查统计范围。")
        XCTAssertEqual(DestinationStatisticsProblem.negativeCount(code: "10").message, "去向代码 10 的记录数为负数，请检查统计数据。")
    }

    func testAMappingIsNotUsedBeforeItTakesEffect() {
        XCTAssertEqual(rates(10, [], asOf: "2022-08-31"),
                       .failure(.mappingNotInEffect(version: "2023-1", effectiveFrom: day("2023-01-01"), asOf: day("2022-08-31"))))
        XCTAssertEqual(DestinationStatisticsProblem.mappingNotInEffect(version: "2023-1", effectiveFrom: day("2023-01-01"), asOf: day("2022-08-31")).message,
                       "统计口径 2023-1 自 2023-01-01 起执行，不能用于截至 2022-08-31 的统计。")
        XCTAssertNoThrow(try rates(10, [], asOf: "2023-01-01").get())
    }

    // MARK: Definitions for the page

    func testDefinitionsNameTheCodesOfEachBucket() {
        let definitions = mapping.definitions
        XCTAssertEqual(definitions.map(\.title), ["单位就业", "自主创业", "自由职业", "升学", "未落实", "去向落实率"])
        XCTAssertEqual(definitions[0].text,
                       "单位就业：计入毕业去向为以下之一、且去向登记已经学校审核通过的毕业生——10 签就业协议形式就业；11 签劳动合同形式就业；12 其他录用形式就业；27 开头的科研助理、管理助理（271、272）；46 应征义务兵；50 开头的国家基层项目（50L1、502、503）；51 开头的地方基层项目（51L1、512、51L2、51L3、51L4、519）。")
        XCTAssertEqual(definitions[1].text, "自主创业：计入毕业去向为以下之一、且去向登记已经学校审核通过的毕业生——75 开头的自主创业（75、751、752、753、754）。")
        XCTAssertEqual(definitions[2].text, "自由职业：计入毕业去向为以下之一、且去向登记已经学校审核通过的毕业生——76 自由职业。")
        XCTAssertEqual(definitions[3].text, "升学：计入毕业去向为以下之一、且去向登记已经学校审核通过的毕业生——80 开头的境内升学（801、802、80L1）；85 境外留学。")
        XCTAssertEqual(definitions[4].text,
                       "未落实（不计入去向落实率）：毕业去向为以下之一的毕业生——70 开头的待就业（70、70L1、70L2、70L3、70L4、70L5、70L6、70L7）；71 不就业拟升学；72 开头的其他暂不就业（72、72L1、72L2）；没有学校审核通过的去向登记、或去向代码不在本口径中的毕业生同样不计入。")
    }

    func testTheRateDefinitionStatesTheDenominatorAndTheVersion() {
        let text = mapping.definitions[5].text
        XCTAssertTrue(text.hasPrefix("去向落实率 = 单位就业率 + 自主创业率 + 自由职业率 + 升学率。"))
        XCTAssertTrue(text.contains("分母为统计范围内同一届别、同一学历层次的全部毕业生（含结业生）"))
        XCTAssertTrue(text.contains("只计学校审核通过的去向登记"))
        XCTAssertTrue(text.contains("本人有异议的记录两种口径均不计入"))
        XCTAssertTrue(text.hasSuffix("统计口径版本 2023-1，自 2023-01-01 起执行。"))
    }

    func testDefinitionsFollowTheRulesOfTheirVersion() {
        let custom = DestinationStatisticsMapping(version: "t", effectiveFrom: day("2030-01-01"),
                                                  rules: [.code("76", .freelance), .code("99", .freelance)])
        XCTAssertEqual(custom.definitions[2].text, "自由职业：计入毕业去向为以下之一、且去向登记已经学校审核通过的毕业生——76 自由职业；99。")
        XCTAssertEqual(custom.definitions[0].text, "单位就业：计入毕业去向为以下之一、且去向登记已经学校审核通过的毕业生——。")
        XCTAssertTrue(custom.definitions[5].text.hasSuffix("统计口径版本 t，自 2030-01-01 起执行。"))
    }
}
