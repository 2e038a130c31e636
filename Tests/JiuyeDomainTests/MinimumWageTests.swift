import XCTest
@testable import JiuyeDomain

private func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }

private func wage(_ region: String, _ grade: Int, _ amount: Decimal, from: String) -> MinimumWageRow {
    MinimumWageRow(regionCode: region, grade: grade, monthlyAmount: amount, validFrom: day(from))!
}

final class MinimumWageTests: XCTestCase {
    /// 重庆: a province-wide row, then a newer one; 沙坪坝区 (500106) has its own row, 500100 a city row.
    let table = MinimumWageTable(rows: [
        wage("500000", 2, 2000, from: "2022-04-01"),
        wage("500000", 2, 2100, from: "2025-04-01"),
        wage("500106", 1, 2200, from: "2022-04-01"),
        wage("500100", 1, 2150, from: "2022-04-01"),
    ])

    func testTheCountyRowBeatsTheProvinceRow() {
        XCTAssertEqual(table.standard(for: "500106", on: day("2025-07-01"))?.monthlyAmount, 2200)
    }

    func testTheCityRowAppliesToACountyWithoutItsOwnRow() {
        XCTAssertEqual(table.standard(for: "500103", on: day("2025-07-01"))?.monthlyAmount, 2150)
    }

    func testTheProvinceRowAppliesWhenNothingFinerIsInForce() {
        let withoutCity = MinimumWageTable(rows: table.rows.filter { $0.regionCode != "500100" })
        XCTAssertEqual(withoutCity.standard(for: "500103", on: day("2025-07-01"))?.monthlyAmount, 2100)
        XCTAssertEqual(withoutCity.standard(for: "500103", on: day("2025-03-31"))?.monthlyAmount, 2000)
        XCTAssertEqual(withoutCity.standard(for: "500103", on: day("2025-04-01"))?.monthlyAmount, 2100)
        XCTAssertNil(withoutCity.standard(for: "500103", on: day("2022-03-31")))
        XCTAssertNil(withoutCity.standard(for: "110105", on: day("2025-07-01")))
        XCTAssertNil(withoutCity.standard(for: "50010", on: day("2025-07-01")))
    }

    func testARowValidFromTomorrowIsNotUsed() {
        let today = day("2025-06-30")
        let tomorrow = today.adding(days: 1)!
        let rows = [wage("500106", 1, 2200, from: "2022-04-01"), MinimumWageRow(regionCode: "500106", grade: 1, monthlyAmount: 2500, validFrom: tomorrow)!]
        let table = MinimumWageTable(rows: rows)
        XCTAssertEqual(table.standard(for: "500106", on: today)?.monthlyAmount, 2200)
        XCTAssertEqual(table.standard(for: "500106", on: tomorrow)?.monthlyAmount, 2500)
        // A county whose only row starts tomorrow falls back to its province today.
        let onlyFuture = MinimumWageTable(rows: [wage("500000", 2, 2000, from: "2022-04-01"), rows[1]])
        XCTAssertEqual(onlyFuture.standard(for: "500106", on: today)?.monthlyAmount, 2000)
    }

    func testSeveralGradesOfOneRegionUseTheLowestAndSaySo() {
        let graded = MinimumWageTable(rows: [wage("440000", 1, 2300, from: "2025-03-01"), wage("440000", 3, 1720, from: "2025-03-01"), wage("440000", 2, 1900, from: "2025-03-01")])
        let standard = graded.standard(for: "440106", on: day("2025-07-01"))
        XCTAssertEqual(standard?.applied.grade, 3)
        XCTAssertEqual(standard?.otherGrades.map(\.grade), [2, 1])
    }

    func testAWageEqualToTheMinimumMeetsIt() {
        let standard = table.standard(for: "500106", on: day("2025-07-01"))!
        XCTAssertEqual(MinimumWageRule.evaluate(monthlyIncome: 2200, regionCode: "500106", on: day("2025-07-01"), table: table), .meets(standard))
        XCTAssertEqual(MinimumWageRule.evaluate(monthlyIncome: Decimal(string: "2199.99")!, regionCode: "500106", on: day("2025-07-01"), table: table), .below(standard))
        XCTAssertEqual(MinimumWageRule.evaluate(monthlyIncome: 9000, regionCode: "110105", on: day("2025-07-01"), table: table), .noStandard)
    }

    func testRowsOutOfRangeCannotBeBuilt() {
        XCTAssertNil(MinimumWageRow(regionCode: "5001", grade: 1, monthlyAmount: 2000, validFrom: day("2025-01-01")))
        XCTAssertNil(MinimumWageRow(regionCode: "500106", grade: 10, monthlyAmount: 2000, validFrom: day("2025-01-01")))
        XCTAssertNil(MinimumWageRow(regionCode: "500106", grade: 1, monthlyAmount: 0, validFrom: day("2025-01-01")))
        XCTAssertNil(MinimumWageRow(regionCode: "500106", grade: 1, monthlyAmount: 100_001, validFrom: day("2025-01-01")))
        XCTAssertNil(MinimumWageRow(regionCode: "500106", grade: 1, monthlyAmount: 2000, hourlyAmount: 0, validFrom: day("2025-01-01")))
    }

    // MARK: In the registration check

    func testOtherHiringBelowTheLocalMinimumIsRefused() {
        let data = ["category": "12", "unit_location": "500106", "employment_start": "2025-07-01", "employment_end": "2026-06-30", "monthly_income": "2199.99"]
        let reference = DestinationReference(today: day("2025-09-01"), leavingDate: day("2025-06-30"), minimumWages: table)
        XCTAssertEqual(DestinationForm.check(data, reference: reference).problems["monthly_income"],
                       "月收入 2199.99 元低于单位所在地的最低工资标准 2200.00 元/月（2022-04-01 起执行）。根据审核标准，其他录用形式就业的工资收入不得低于当地最低工资标准。请按证明材料核对税前月收入；如确实低于标准，请改选其他毕业去向。")
        XCTAssertNil(DestinationForm.check(data.merging(["monthly_income": "2200"]) { $1 }, reference: reference).problems["monthly_income"])
    }

    func testTheStandardInForceWhenTheJobBeganIsUsed() {
        let withoutCounty = MinimumWageTable(rows: table.rows.filter { $0.regionCode == "500000" })
        let reference = DestinationReference(today: day("2025-09-01"), leavingDate: day("2025-03-01"), minimumWages: withoutCounty)
        let data = ["category": "12", "unit_location": "500106", "employment_start": "2025-03-15", "employment_end": "2026-06-30", "monthly_income": "2050"]
        XCTAssertNil(DestinationForm.check(data, reference: reference).problems["monthly_income"])
        let later = data.merging(["employment_start": "2025-04-01"]) { $1 }
        XCTAssertNotNil(DestinationForm.check(later, reference: reference).problems["monthly_income"])
    }

    func testFreelanceAndResearchAssistantsAreCheckedToo() {
        let reference = DestinationReference(today: day("2025-09-01"), minimumWages: table)
        XCTAssertEqual(DestinationForm.check(["category": "76", "unit_location": "500106", "position": "90", "monthly_income": "1800"], reference: reference)
            .problems["monthly_income"]?.contains("自由职业的收入需达到当地最低工资标准"), true)
        XCTAssertEqual(DestinationForm.check(["category": "271", "unit_location": "500106", "monthly_income": "1800"], reference: reference)
            .problems["monthly_income"]?.contains("科研助理、管理助理的薪酬需达到当地最低工资标准"), true)
        XCTAssertNil(DestinationForm.check(["category": "11", "unit_location": "500106", "monthly_income": "1800"], reference: reference).problems["monthly_income"])
    }

    func testMissingReferenceDataLeavesANoteAndNeverBlocks() {
        let data = ["category": "76", "unit_location": "500106", "position": "90", "monthly_income": "1800"]
        let noTable = DestinationForm.check(data, reference: DestinationReference(today: day("2025-09-01")))
        XCTAssertEqual(noTable.problems, [:])
        XCTAssertEqual(noTable.notes, ["尚未导入最低工资标准表，无法自动核对月收入是否达到当地最低工资标准，请审核人员人工核对。"])
        let noRow = DestinationForm.check(data.merging(["unit_location": "110105"]) { $1 }, reference: DestinationReference(today: day("2025-09-01"), minimumWages: table))
        XCTAssertEqual(noRow.problems, [:])
        XCTAssertEqual(noRow.notes, ["最低工资标准表中没有 110105 在 2025-09-01 适用的标准，请审核人员人工核对月收入。"])
        XCTAssertEqual(DestinationForm.problems(data.merging(["unit_location": "重庆市沙坪坝区"]) { $1 }), [:])
    }

    // MARK: CSV import

    func testTheSeedFileImports() {
        let csv = """
            region_code,grade,monthly_amount,hourly_amount,effective_from,basis,source
            110000,1,2420,26.4,2023-09-01,seed,"北京市人力资源和社会保障局 2023 adjustment (hand-entered; verify before use)"
            310000,1,2690,24,2023-07-01,seed,上海市人力资源和社会保障局

            """
        let outcome = MinimumWageImport.parse(csv: csv)
        XCTAssertEqual(outcome.errors, [])
        XCTAssertTrue(outcome.isAccepted)
        XCTAssertEqual(outcome.rows.map(\.regionCode), ["110000", "310000"])
        XCTAssertEqual(outcome.rows.first?.hourlyAmount, Decimal(string: "26.4"))
    }

    func testChineseHeadersGradesBomAndLineBreaksAreRead() {
        let csv = "\u{FEFF}地区代码,地区名称,档次,月最低工资标准（元）,生效日期\r\n440100,\"广州市,\"\"一类\"\"\",第一档,2500元,2025年3月1日\r\n440500,汕头市,二档,\"1,900\",2025-03-01\r\n"
        let outcome = MinimumWageImport.parse(csv: csv)
        XCTAssertEqual(outcome.errors.map(\.description), ["第 3 行：月最低工资标准请填写数字（单位：元），例如 4500 或 4500.50，不要加逗号或其他文字。（当前为「1,900」）"])
        XCTAssertEqual(outcome.rows, [])
        let fixed = MinimumWageImport.parse(csv: csv.replacingOccurrences(of: "\"1,900\"", with: "1900"))
        XCTAssertEqual(fixed.rows.map(\.grade), [1, 2])
        XCTAssertEqual(fixed.rows.first?.validFrom, day("2025-03-01"))
    }

    func testEveryBadCellIsReportedWithItsLine() {
        let csv = """
            地区代码,档次,月最低工资标准,生效日期
            5001,1,2100,2025-04-01
            500106,十,2100,2025-04-01
            500106,1,999999999999999999999999999999,2025-04-01
            500106,1,-5,2025-04-01
            500106,1,2100,2025-02-30
            500106,1,2100,1980-01-01
            500106,1,2100,2025-04-01
            500106,1,2200,2025-04-01
            ,,,
            """
        let outcome = MinimumWageImport.parse(csv: csv)
        XCTAssertEqual(outcome.errors.map(\.description), [
            "第 2 行：地区代码「5001」应为 6 位数字的行政区划代码，例如 500103。",
            "第 3 行：档次「十」无法识别，请填写 1 至 9 的数字（1 表示第一档）。",
            "第 4 行：月最低工资标准不能超过 100000.00 元，请核对是否多填了位数。（当前为「99999999999999999999…」）",
            "第 5 行：月最低工资标准应大于 0，请核对。（当前为「-5」）",
            "第 6 行：生效日期「2025-02-30」无法识别，请填写如 2025-07-01 的日期。",
            "第 7 行：生效日期 1980-01-01 应在 1990 年至 2100 年之间，请核对。",
            "第 9 行：与第 8 行重复（同一地区、档次和生效日期），请删除其中一行。",
        ])
        XCTAssertFalse(outcome.isAccepted)
    }

    func testHeaderProblemsAndUnknownRegionsAreReported() {
        XCTAssertEqual(MinimumWageImport.parse(csv: "").errors.map(\.description), ["第 1 行：文件是空的，请使用最低工资标准导入模板填写后再导入。"])
        XCTAssertEqual(MinimumWageImport.parse(csv: "地区代码,月最低工资标准\n500106,2100").errors.map(\.description),
                       ["第 1 行：表头缺少「档次」「生效日期」列。表头应包含：地区代码、档次、月最低工资标准、生效日期，可选：小时最低工资标准。"])
        XCTAssertEqual(MinimumWageImport.parse(csv: "档次,档位,地区代码,月标准,生效日期\n").errors.map(\.description), ["第 1 行：表头有两列「档次」，请删除其中一列。"])
        let known = MinimumWageImport.parse(csv: "地区代码,档次,月最低工资标准,生效日期\n500106,1,2100,2025-04-01\n999999,1,2100,2025-04-01",
                                            regionLevel: { $0 == "500106" ? .county : nil })
        XCTAssertEqual(known.errors.map(\.description), ["第 3 行：地区代码「999999」不在行政区划代码表中，请核对。"])
    }

    func testQuotedLineBreaksKeepLineNumbersRight() {
        let csv = "地区代码,档次,月最低工资标准,生效日期,说明\n500106,1,2100,2025-04-01,\"第一行\n第二行\"\n500107,x,2100,2025-04-01,\n"
        XCTAssertEqual(MinimumWageImport.parse(csv: csv).errors.map(\.line), [4])
        XCTAssertEqual(MinimumWageImport.parseGrade("第1档"), 1)
        XCTAssertEqual(MinimumWageImport.parseGrade("03"), 3)
        XCTAssertNil(MinimumWageImport.parseGrade("99999999999999999999999"))
        XCTAssertNil(MinimumWageImport.parseGrade("0"))
    }
}
