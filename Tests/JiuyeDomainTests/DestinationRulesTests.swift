import XCTest
@testable import JiuyeDomain

private func day(_ text: String) -> CivilDate { CivilDate.parse(text)! }

final class DestinationRulesTests: XCTestCase {
    // MARK: 离校后聘用期限不低于6个月

    func testExactlySixMonthsAfterLeavingIsAccepted() {
        XCTAssertNil(EmploymentPeriodRule.problem(start: day("2025-07-01"), end: day("2025-12-31"), leaving: day("2025-06-30")))
        XCTAssertEqual(EmploymentPeriodRule.problem(start: day("2025-07-01"), end: day("2025-12-30"), leaving: day("2025-06-30")),
                       .tooShort(countedFrom: day("2025-07-01"), earliestEnd: day("2025-12-31")))
    }

    func testAJobStartedBeforeLeavingCountsFromTheLeavingDay() {
        XCTAssertEqual(EmploymentPeriodRule.problem(start: day("2025-03-01"), end: day("2025-12-28"), leaving: day("2025-06-30")),
                       .tooShort(countedFrom: day("2025-06-30"), earliestEnd: day("2025-12-29")))
        XCTAssertNil(EmploymentPeriodRule.problem(start: day("2025-03-01"), end: day("2025-12-29"), leaving: day("2025-06-30")))
    }

    func testMonthEndsAndEndBeforeStart() {
        XCTAssertEqual(EmploymentPeriodRule.earliestEnd(start: day("2025-08-31"), leaving: nil)?.end, day("2026-02-27"))
        XCTAssertEqual(EmploymentPeriodRule.earliestEnd(start: day("2027-08-31"), leaving: nil)?.end, day("2028-02-28"))
        XCTAssertEqual(EmploymentPeriodRule.problem(start: day("2025-07-01"), end: day("2025-06-30"), leaving: nil), .endsBeforeStart)
    }

    func testOtherHiringRefusesAShortPeriodOnTheEndDate() {
        let data = ["category": "12", "employment_start": "2025年7月1日", "employment_end": "2025/12/30"]
        let check = DestinationForm.check(data, reference: DestinationReference(leavingDate: day("2025-06-30")))
        XCTAssertEqual(check.problems["employment_end"],
                       "离校后聘用期限不足 6 个月：从 2025-07-01 起算，聘用截止日期应不早于 2025-12-31。根据审核标准，其他录用形式就业的聘用证明须写明离校后聘用期限不低于6个月，请按聘用证明核对起止日期；如聘用期限确实不足6个月，请改选其他毕业去向。")
        XCTAssertEqual(check.normalized["employment_start"], "2025-07-01")
        // A labour contract has no six-month rule, but its dates must still be in order.
        let contract = DestinationForm.check(["category": "11", "employment_start": "2025-07-01", "employment_end": "2025-08-01"],
                                             reference: DestinationReference(leavingDate: day("2025-06-30")))
        XCTAssertNil(contract.problems["employment_end"])
        XCTAssertEqual(DestinationForm.check(["category": "11", "employment_start": "2025-07-01", "employment_end": "2025-06-01"]).problems["employment_end"],
                       "聘用截止日期早于起始日期，请按聘用证明核对起止日期。")
        XCTAssertTrue(DestinationForm.check(data).notes.contains { $0.hasPrefix("未提供离校日期") })
    }

    func testDatesAreParsedAndRangeChecked() {
        XCTAssertEqual(CivilDate.parse("20250701"), day("2025-07-01"))
        XCTAssertEqual(CivilDate.parse(" ２０２５－０７－０１ "), day("2025-07-01"))
        for text in ["2025-02-29", "2025-07", "99999-01-01", "1899-12-31", "2101-01-01", "", String(repeating: "9", count: 10_000)] {
            XCTAssertNil(CivilDate.parse(text), String(text.prefix(20)))
        }
        XCTAssertEqual(DestinationForm.check(["category": "12", "employment_start": "2025-13-01"]).problems["employment_start"],
                       "聘用起始日期请填写有效日期，例如 2025-07-01。")
        XCTAssertEqual(day("1970-01-01").daysSince1970, 0)
        XCTAssertEqual(CivilDate(daysSince1970: day("2100-12-31").daysSince1970), day("2100-12-31"))
        XCTAssertNil(day("2100-12-31").adding(days: 1))
        XCTAssertNil(day("2100-07-01").adding(months: 6))
        XCTAssertNil(day("2025-01-01").adding(months: Int.max))
        XCTAssertNil(day("2025-01-01").adding(days: Int.min))
    }

    // MARK: Amounts

    func testIncomeIsParsedWithEveryBoundChecked() {
        let max = DestinationForm.maximumMonthlyIncome
        XCTAssertEqual(try DestinationAmount.parse("4500", max: max).get(), 4500)
        XCTAssertEqual(try DestinationAmount.parse("4500.5元", max: max).get(), Decimal(string: "4500.5"))
        XCTAssertEqual(try DestinationAmount.parse("４５００", max: max).get(), 4500)
        XCTAssertEqual(try DestinationAmount.parse("1000000", max: max).get(), 1_000_000)
        XCTAssertEqual(try DestinationAmount.parse("4500.100", max: max).get(), Decimal(string: "4500.1"))
        XCTAssertEqual(DestinationAmount.parse("1000000.01", max: max), .failure(.tooLarge(max: max)))
        XCTAssertEqual(DestinationAmount.parse("99999999999999999999999999999999999999999999", max: max), .failure(.tooLarge(max: max)))
        XCTAssertEqual(DestinationAmount.parse("-99999999999999999999999999999999", max: max), .failure(.notPositive))
        XCTAssertEqual(DestinationAmount.parse("4500.123", max: max), .failure(.tooManyDecimals))
        XCTAssertEqual(DestinationAmount.parse("0", max: max), .failure(.notPositive))
        XCTAssertEqual(DestinationAmount.parse("-1", max: max), .failure(.notPositive))
        for text in ["4,500", "1e5", "4500.", "", "五千", "45 00x", "0x10", ".", "1.2.3"] {
            XCTAssertEqual(DestinationAmount.parse(text, max: max), .failure(.notANumber), text)
        }
        XCTAssertEqual(DestinationForm.check(["category": "12", "monthly_income": "99999999999999999999"]).problems["monthly_income"],
                       "月收入不能超过 1000000.00 元，请核对是否多填了位数。")
        XCTAssertEqual(DestinationForm.check(["category": "12", "monthly_income": "4500.5"]).normalized["monthly_income"], "4500.50")
    }

    // MARK: 组织机构代码 (C10)

    func testAValidCreditCodeIsNeverRefusedAndGivesTheOrganizationCode() throws {
        let code = try DestinationUnitCode(validating: " 9111 0000-6000 3734 1l ")
        XCTAssertEqual(code, .creditCode("91110000600037341L"))
        XCTAssertEqual(code.organizationCode, "600037341")
        XCTAssertNil(code.reviewNote)
        XCTAssertEqual(try DestinationUnitCode(validating: "9144030071526726XG").organizationCode, "71526726X")
    }

    func testOlderCodesAreAcceptedForTheReviewer() throws {
        let organization = try DestinationUnitCode(validating: "60003734-1")
        XCTAssertEqual(organization, .organizationCode("600037341"))
        XCTAssertNotNil(organization.reviewNote)
        XCTAssertEqual(try DestinationUnitCode(validating: "71526726-x"), .organizationCode("71526726X"))
        XCTAssertEqual(try DestinationUnitCode(validating: "110108000000016"), .registrationNumber("110108000000016"))
        let check = DestinationForm.check(["category": "751", "credit_code": "600037341"])
        XCTAssertNil(check.problems["credit_code"])
        XCTAssertEqual(check.notes.count, 1)
    }

    func testWrongCodesAreRefusedWithWhatToDo() {
        XCTAssertThrowsError(try DestinationUnitCode(validating: "60003734-2")) { error in
            XCTAssertEqual((error as? ValidationError)?.message, "组织机构代码校验位不正确，请核对后重新输入；建议填写营业执照或登记证书上的 18 位统一社会信用代码。")
        }
        XCTAssertThrowsError(try DestinationUnitCode(validating: "9111000060003734")) { error in
            XCTAssertEqual((error as? ValidationError)?.message.hasPrefix("统一社会信用代码应为 18 位（见营业执照或登记证书），您输入了 16 位"), true)
        }
        XCTAssertThrowsError(try DestinationUnitCode(validating: String(repeating: "9", count: 100_000)))
    }

    // MARK: 协议书号 (C20)

    func testAgreementNumbersAreNormalisedForTheUniquenessCheck() {
        XCTAssertEqual(AgreementNumber.normalized(" ｎｏ ２０２５-001 "), "NO2025-001")
        XCTAssertNil(AgreementNumber.problem("皖就协2025第001号"))
        XCTAssertEqual(AgreementNumber.uniquenessKey("2025-0001", province: "500000", year: 2025), "500000|2025|20250001")
        XCTAssertEqual(AgreementNumber.uniquenessKey("2025 0001", province: "500000", year: 2025), AgreementNumber.uniquenessKey("２０２５（0001）", province: "500000", year: 2025))
        XCTAssertNil(AgreementNumber.uniquenessKey("2025-0001", province: "500000", year: 20_250))
        XCTAssertNil(AgreementNumber.uniquenessKey("12", province: "500000", year: 2025))
        XCTAssertEqual(AgreementNumber.problem("ABCDE"), "协议书号应包含数字编号，请按就业协议书上印制的编号填写。")
        XCTAssertEqual(AgreementNumber.problem("2025;DROP"), "协议书号只能包含字母、数字、汉字和连接符，请按就业协议书上印制的编号填写。")
        XCTAssertTrue(AgreementNumber.reuseMessage("2025-0001").contains("已被其他毕业生登记"))
        XCTAssertEqual(DestinationForm.check(["category": "11", "agreement_no": "abc"]).problems["agreement_no"],
                       "劳动合同编号应为 4 至 40 个字符，请按就业协议书上印制的编号填写。")
    }

    // MARK: 院校代码, 国家（地区）, 单位所在地

    private let lookups = DestinationLookups(
        school: { ["10611": CodeEntry(code: "10611", label: "重庆大学"), "4150010611": CodeEntry(code: "4150010611", label: "重庆大学")][$0] },
        country: { value in
            let rows = [CodeEntry(code: "840", label: "美国", aliases: ["US", "USA"]), CodeEntry(code: "156", label: "中国", aliases: ["CN", "CHN"]),
                        CodeEntry(code: "344", label: "中国香港", aliases: ["HK", "HKG"])]
            return rows.first { $0.code == value || $0.label == value || $0.aliases.contains(value) }
        },
        regionLevel: { ["500000": .province, "500100": .city, "500106": .county, "110105": .county][$0] },
        unitNature: { value in [CodeEntry(code: "39", label: "其他企业")].first { $0.code == value || $0.label == value } },
        industry: { ["34": CodeEntry(code: "34", label: "信息传输、软件和信息技术服务业")][$0] })

    func testSchoolCodesAreCheckedAgainstTheTable() {
        let reference = DestinationReference(lookups: lookups)
        XCTAssertEqual(DestinationForm.check(["category": "801", "unit_name": "重庆大学", "school_code": "10611"], reference: reference).problems, [:])
        XCTAssertEqual(DestinationForm.check(["category": "801", "unit_name": "重庆大学", "school_code": "4150010611"], reference: reference).problems, [:])
        XCTAssertEqual(DestinationForm.check(["category": "802", "school_code": "1061"], reference: reference).problems["school_code"],
                       "院校代码应为 5 位数字（如 10001），或 10 位学校标识码，请按录取通知书或调档函核对。")
        XCTAssertNotNil(DestinationForm.check(["category": "802", "school_code": "19999"], reference: reference).problems["school_code"])
        let institute = DestinationForm.check(["category": "801", "unit_name": "中国科学院某研究所", "school_code": "80002"], reference: reference)
        XCTAssertNil(institute.problems["school_code"])
        XCTAssertTrue(institute.notes.contains { $0.contains("科研院所") })
        let renamed = DestinationForm.check(["category": "801", "unit_name": "重庆建筑大学", "school_code": "10611"], reference: reference)
        XCTAssertEqual(renamed.problems, [:])
        XCTAssertTrue(renamed.notes.contains { $0.contains("对应「重庆大学」") })
    }

    func testCountriesAreCheckedAndChinaIsNotAbroad() {
        let reference = DestinationReference(lookups: lookups)
        XCTAssertEqual(DestinationForm.check(["category": "85", "country": "美国"], reference: reference).normalized["country"], "840")
        XCTAssertEqual(DestinationForm.check(["category": "85", "country": "usa"], reference: reference).normalized["country"], "840")
        XCTAssertEqual(DestinationForm.check(["category": "85", "country": "HK"], reference: reference).normalized["country"], "344")
        XCTAssertEqual(DestinationForm.check(["category": "85", "country": "中国"], reference: reference).problems["country"],
                       "留学国家（地区）应为中国大陆以外的国家或地区（港澳台地区请选择中国香港、中国澳门或中国台湾）。")
        XCTAssertEqual(DestinationForm.check(["category": "85", "country": "火星"], reference: reference).problems["country"], "请从列表中选择留学国家（地区）。")
        XCTAssertEqual(DestinationForm.check(["category": "85", "country": "CN"]).problems["country"]?.hasPrefix("留学国家（地区）应为中国大陆以外"), true)
        XCTAssertEqual(DestinationForm.check(["category": "85", "country": "us"]).normalized["country"], "US")
    }

    func testUnitLocationMustBeACountyCode() {
        let reference = DestinationReference(lookups: lookups)
        XCTAssertEqual(DestinationForm.check(["category": "11", "unit_location": "重庆市沙坪坝区"], reference: reference).problems["unit_location"],
                       "请从列表中选择单位所在地（选到区县一级）。")
        XCTAssertEqual(DestinationForm.check(["category": "11", "unit_location": "500100"], reference: reference).problems["unit_location"], "单位所在地请选择到区县一级。")
        XCTAssertEqual(DestinationForm.check(["category": "11", "unit_location": "500199"], reference: reference).problems["unit_location"],
                       "单位所在地代码 500199 不在行政区划代码表中，请从列表中重新选择。")
        XCTAssertNil(DestinationForm.check(["category": "11", "unit_location": "500106"], reference: reference).problems["unit_location"])
        XCTAssertEqual(DestinationForm.check(["category": "11", "unit_nature": "其他企业", "industry": "99"], reference: reference).problems["industry"], "请从列表中选择单位行业。")
        XCTAssertEqual(DestinationForm.check(["category": "11", "unit_nature": "其他企业"], reference: reference).normalized["unit_nature"], "39")
    }

    func testContactFieldsAreChecked() {
        let check = DestinationForm.check(["category": "11", "contact_phone": "023-6543210O", "contact_mobile": "12345", "contact_email": "hr@", "unit_postcode": "40133"])
        XCTAssertEqual(check.problems["contact_phone"], "单位联系电话格式不正确，请填写固定电话（如 023-12345678）或手机号码。")
        XCTAssertEqual(check.problems["contact_mobile"], "请输入正确的 11 位手机号码。")
        XCTAssertNotNil(check.problems["contact_email"])
        XCTAssertEqual(check.problems["unit_postcode"], "单位邮编应为 6 位数字，请核对。")
        XCTAssertEqual(DestinationForm.check(["category": "11", "unit_name": "公司\u{202E}名"]).problems["unit_name"]?.contains("控制字符"), true)
    }

    // MARK: 定向/委培 and 推免 (C13)

    func testDirectedGraduatesReturnToTheirUnit() {
        let student = DestinationStudent(directedTraining: DirectedTraining(kind: .directed, unitName: "重庆市某某医院（集团）", regionCode: "500000"))
        let reference = DestinationReference(student: student)
        XCTAssertEqual(DestinationForm.check(["category": "11"], reference: reference).problems["category"],
                       "您是定向培养毕业生，须按定向培养协议回原定向培养单位（地区）就业：毕业去向请选择「签就业协议形式就业」，签约情形选择「定向、委培回原单位就业」。如协议已依规解除，请联系学院就业工作负责人更新培养方式后再登记。")
        XCTAssertEqual(DestinationForm.check(["category": "10", "subtype": "10-1"], reference: reference).problems["subtype"],
                       "您是定向培养毕业生，签约情形请选择「定向、委培回原单位就业」。")
        let wrongUnit = DestinationForm.check(["category": "10", "subtype": "10-3", "unit_name": "重庆某公司", "unit_location": "110105"], reference: reference)
        XCTAssertEqual(wrongUnit.problems["unit_name"], "定向培养毕业生的单位名称应与定向培养协议中的单位一致：「重庆市某某医院（集团）」。如单位已更名，请联系学院就业工作负责人核对协议信息。")
        XCTAssertEqual(wrongUnit.problems["unit_location"], "定向培养毕业生须回原定向培养地区就业，单位所在地应在协议约定的地区（代码 500000）内，请核对。")
        let right = DestinationForm.check(["category": "10", "subtype": "10-3", "unit_name": "重庆市某某医院(集团)", "unit_location": "500106"], reference: reference)
        XCTAssertNil(right.problems["unit_name"])
        XCTAssertNil(right.problems["unit_location"])
    }

    func testRecommendedStudentsRegisterPostgraduateStudy() {
        let admission = RecommendedAdmission(schoolCode: "10611", schoolName: "重庆大学")
        let reference = DestinationReference(student: DestinationStudent(recommendedAdmission: admission))
        XCTAssertEqual(admission.presetData, ["category": "801", "unit_name": "重庆大学", "school_code": "10611"])
        XCTAssertEqual(DestinationForm.check(admission.presetData, reference: reference).problems, [:])
        XCTAssertEqual(DestinationForm.check(["category": "11"], reference: reference).problems["category"],
                       "您在学校推荐免试攻读研究生（推免）名单中，毕业去向应登记为「境内升学—研究生」。如已放弃推免资格，请联系学院就业工作负责人更新推免名单后再登记。")
        let other = DestinationForm.check(["category": "801", "unit_name": "四川大学", "school_code": "10610"], reference: reference)
        XCTAssertEqual(other.problems, [:])
        XCTAssertTrue(other.notes.contains("推免名单中的录取院校代码为 10611，登记的是 10610，请审核人员核对。"))
    }
}
