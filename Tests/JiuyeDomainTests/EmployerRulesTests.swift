import JiuyeDomain
import XCTest

/// 用人单位注册, unit matching and 资质鉴证 (PRODUCT.md §4; seed 003 §3.4.2.1).
final class EmployerRulesTests: XCTestCase {
    let codes = InMemoryCodeLookup(
        tables: [
            .unitNature: [CodeEntry(code: "10", label: "机关"), CodeEntry(code: "21", label: "高等教育单位"),
                          CodeEntry(code: "29", label: "其他事业单位"), CodeEntry(code: "31", label: "国有企业"),
                          CodeEntry(code: "39", label: "其他企业", aliases: ["民营企业"]), CodeEntry(code: "99", label: "其他")],
            .industry: [CodeEntry(code: "11", label: "农、林、牧、渔业"), CodeEntry(code: "35", label: "信息传输、软件和信息技术服务业"),
                        CodeEntry(code: "46", label: "国际组织")],
        ],
        regions: ["500000": .province, "500100": .city, "500106": .county, "441900": .county])

    var reference: EmployerRegistration.Reference { EmployerRegistration.Reference(codes: codes) }

    let valid: [EmployerRegistration.Field: String] = [
        .name: "重庆某某科技有限公司", .creditCode: "91110000600037341L", .nature: "39", .industry: "35", .location: "500106",
        .address: "重庆市沙坪坝区沙正街174号", .contactName: "人力资源部 王老师", .contactPhone: "023-65678901", .email: "hr@example.com",
    ]

    func problems(_ data: [EmployerRegistration.Field: String]) -> [EmployerRegistration.Field: String] {
        switch EmployerRegistration.check(data, reference: reference) {
        case .success: [:]
        case .failure(let problems): problems.messages
        }
    }

    // MARK: - Registration

    func testValidRegistrationIsNormalized() throws {
        var typed = valid
        typed[.name] = "  重庆某某科技(沙坪坝)有限公司 "
        typed[.creditCode] = "91110000600037341l"
        typed[.nature] = "民营企业"
        typed[.contactPhone] = "+86 139-1234-5678"
        typed[.email] = "HR@Example.COM"
        let unit = try EmployerRegistration.check(typed, reference: reference).get()
        XCTAssertEqual(unit.name, "重庆某某科技（沙坪坝）有限公司", "brackets as a 营业执照 writes them")
        XCTAssertEqual(unit.creditCode.value, "91110000600037341L")
        XCTAssertEqual(unit.natureCode, "39", "a label is stored as its code")
        XCTAssertEqual(unit.contactPhone, "13912345678")
        XCTAssertEqual(unit.email, "HR@example.com")
        XCTAssertEqual(unit.locationCode, "500106")
    }

    func testEveryFieldIsRequiredWithItsLabel() {
        let empty = problems([:])
        XCTAssertEqual(Set(empty.keys), Set(EmployerRegistration.Field.allCases))
        XCTAssertEqual(empty[.name], "请填写单位名称。")
        XCTAssertEqual(empty[.nature], "请选择单位性质。")
        XCTAssertEqual(empty[.location], "请选择单位所在地。")
    }

    func testBadCreditCodeIsRefusedWithCreditCodeMessage() {
        var data = valid
        data[.creditCode] = "91110000600037341A"
        XCTAssertEqual(problems(data)[.creditCode], "统一社会信用代码校验位不正确，请核对后重新输入。")
        data[.creditCode] = "9111000060003734"
        XCTAssertTrue(problems(data)[.creditCode]!.contains("18 位"))
    }

    func testNatureMustAgreeWithCreditCodeAuthority() {
        var data = valid
        data[.nature] = "10"
        let message = problems(data)[.nature]
        XCTAssertNotNil(message)
        XCTAssertTrue(message!.contains("91") && message!.contains("其他企业"), message!)
        data[.creditCode] = "12100000400000624D"
        data[.nature] = "29"
        XCTAssertEqual(problems(data), [:], "a 事业单位 code with a 事业单位 nature")
    }

    func testIndustryIsTheNumericCodeNotTheLetter() {
        var data = valid
        data[.industry] = "I"
        XCTAssertTrue(problems(data)[.industry]!.contains("门类字母"))
        data[.industry] = "99"
        XCTAssertEqual(problems(data)[.industry], "请从列表中选择单位行业。")
    }

    func testLocationMustBeCountyLevel() {
        var data = valid
        data[.location] = "500100"
        XCTAssertEqual(problems(data)[.location], "单位所在地请选择到区县一级。")
        data[.location] = "999999"
        XCTAssertTrue(problems(data)[.location]!.contains("选到区县一级"))
        data[.location] = "441900"
        XCTAssertEqual(problems(data), [:], "东莞市 has no districts: it is county level")
    }

    func testLimitsAndHiddenCharacters() {
        var data = valid
        data[.name] = String(repeating: "某", count: 101)
        data[.contactName] = "王\u{202E}老师"
        data[.email] = "hr@@example.com"
        let found = problems(data)
        XCTAssertTrue(found[.name]!.contains("100"))
        XCTAssertTrue(found[.contactName]!.contains("控制字符"))
        XCTAssertNotNil(found[.email])
        data = valid
        data[.name] = "１２３"
        XCTAssertEqual(problems(data)[.name], "单位名称请按营业执照或登记证书上的全称填写。")
    }

    func testContactPhoneIsMobileOrLandlineWithAreaCode() {
        let accepted = [
            "13912345678": "13912345678", "023-65678901": "023-65678901", "(010)62345678": "010-62345678",
            "0830 2234567": "0830-2234567", "023-65678901-123": "023-65678901转123", "02365678901转8": "023-65678901转8",
            "+86 23 6567 8901": "023-65678901", "400-810-8888": "400-810-8888", "０２３－６５６７８９０１": "023-65678901",
        ]
        for (typed, stored) in accepted {
            XCTAssertEqual(LandlineOrMobile.normalized(typed), stored, typed)
        }
        for typed in ["65678901", "023-0567890", "12345", "023-65678901转abc", "010-1234567", "电话"] {
            XCTAssertNil(LandlineOrMobile.normalized(typed), typed)
        }
        var data = valid
        data[.contactPhone] = "65678901"
        XCTAssertTrue(problems(data)[.contactPhone]!.contains("带区号"))
    }

    // MARK: - Matching

    func testNormalizedNameIgnoresWidthBracketsSpacesAndCase() {
        XCTAssertEqual(EmployerMatch.normalizedName("腾讯科技（深圳）有限公司"), EmployerMatch.normalizedName("腾讯科技(深圳)有限公司"))
        XCTAssertEqual(EmployerMatch.normalizedName("ＡＢＣ 软件 【重庆】 有限公司"), EmployerMatch.normalizedName("abc软件(重庆)有限公司"))
        XCTAssertNotEqual(EmployerMatch.normalizedName("重庆某某有限公司"), EmployerMatch.normalizedName("重庆某某有限责任公司"),
                          "the legal form is part of the name")
        XCTAssertNotEqual(EmployerMatch.normalizedName("重庆某某有限公司"), EmployerMatch.normalizedName("重庆某某"))
    }

    func testSameCreditCodeIsTheSameUnit() {
        let units = [EmployerMatch.Known(id: 7, name: "旧名称有限公司", creditCode: "91110000600037341L")]
        XCTAssertEqual(EmployerMatch.match(name: "新名称有限公司", creditCode: "91110000600037341l", in: units), .sameUnit(7))
    }

    func testSameNameWithoutCodeOnFileIsACandidate() {
        let units = [
            EmployerMatch.Known(id: 1, name: "腾讯科技（深圳）有限公司", creditCode: nil),
            EmployerMatch.Known(id: 2, name: "腾讯科技(深圳)有限公司", creditCode: ""),
            EmployerMatch.Known(id: 3, name: "腾讯科技（上海）有限公司", creditCode: nil),
        ]
        XCTAssertEqual(EmployerMatch.match(name: "腾讯科技 (深圳) 有限公司", creditCode: "9144030071526726XG", in: units), .candidates([1, 2]))
        XCTAssertEqual(EmployerMatch.match(name: "某某研究所", creditCode: "9144030071526726XG", in: units), .newUnit)
    }

    func testSameNameUnderAnotherCodeIsReportedNotMerged() {
        let units = [EmployerMatch.Known(id: 4, name: "华为技术有限公司", creditCode: "914403001922038216")]
        XCTAssertEqual(EmployerMatch.match(name: "华为技术有限公司", creditCode: "91110000600037341L", in: units), .nameUnderOtherCode([4]))
        XCTAssertEqual(EmployerMatch.match(name: "华为技术有限公司", creditCode: nil, in: units), .candidates([4]),
                       "without a code, the name is all there is")
    }

    // MARK: - 资质鉴证

    func testOnlyVerifiedUnitsSignOrPost() throws {
        var qualification = Qualification()
        XCTAssertEqual(qualification.state, .pending)
        XCTAssertFalse(qualification.allows(.startOnlineSigning))
        XCTAssertFalse(qualification.allows(.postJob))
        XCTAssertTrue(qualification.allows(.editProfile))
        XCTAssertTrue(qualification.refusal(for: .postJob)!.contains("鉴证通过后才能发布职位"))
        try qualification.verify()
        for action in Qualification.Action.allCases where action != .resubmit {
            XCTAssertTrue(qualification.allows(action), action.label)
        }
        XCTAssertNotNil(qualification.refusal(for: .resubmit))
    }

    func testReturnNeedsReasonAndResubmissionGoesBackToPending() throws {
        var qualification = Qualification()
        XCTAssertThrowsError(try qualification.returnToUnit(reason: "  ")) { error in
            XCTAssertEqual((error as? QualificationRefusal)?.message, "请填写退回原因，单位将按原因修改后重新提交。")
        }
        try qualification.returnToUnit(reason: "营业执照扫描件不清晰")
        XCTAssertEqual(qualification.state, .returned)
        XCTAssertTrue(qualification.refusal(for: .startOnlineSigning)!.contains("营业执照扫描件不清晰"))
        XCTAssertThrowsError(try qualification.verify(), "a returned unit must resubmit first")
        try qualification.resubmit()
        XCTAssertEqual(qualification.state, .pending)
        XCTAssertNil(qualification.returnReason)
        XCTAssertEqual(qualification.submissions, 2)
        XCTAssertThrowsError(try qualification.resubmit(), "already waiting")
    }

    func testVerifiedUnitChangingItsIdentityIsCheckedAgain() throws {
        var qualification = Qualification()
        try qualification.verify()
        XCTAssertFalse(qualification.unitEdited(changing: [.contactPhone, .address]))
        XCTAssertEqual(qualification.state, .verified)
        XCTAssertTrue(qualification.unitEdited(changing: [.name]))
        XCTAssertEqual(qualification.state, .pending)
        XCTAssertFalse(qualification.allows(.postJob))
    }

    func testSchoolCanWithdrawAVerification() throws {
        var qualification = Qualification(state: .verified, returnReason: nil, submissions: 1)
        try qualification.returnToUnit(reason: "发布虚假招聘信息")
        XCTAssertFalse(qualification.allows(.postJob))
        XCTAssertThrowsError(try qualification.returnToUnit(reason: "再次退回"))
        let stored = Qualification(state: .returned, returnReason: nil, submissions: 0)
        XCTAssertNotNil(stored.returnReason, "a returned state always has a sentence")
        XCTAssertEqual(stored.submissions, 1)
    }
}

final class EmployerUsernameTests: XCTestCase {
    func testUsernamesTheLoginBoxCannotConfuse() {
        XCTAssertNil(EmployerUsername.problem("shancheng"))
        XCTAssertNil(EmployerUsername.problem("hr_2026-a"))
        XCTAssertEqual(EmployerUsername.problem(""), "请填写登录用户名。")
        XCTAssertNotNil(EmployerUsername.problem("abc"), "too short")
        XCTAssertNotNil(EmployerUsername.problem(String(repeating: "a", count: 31)), "too long")
        XCTAssertNotNil(EmployerUsername.problem("山城科技"), "ASCII only")
        XCTAssertEqual(EmployerUsername.problem("13800001001"), "用户名不能全为数字（避免与学号、手机号混淆），请加上字母。")
    }
}
