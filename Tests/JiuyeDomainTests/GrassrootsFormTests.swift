import JiuyeDomain
import XCTest

/// 基层就业 就业单位信息 (seed 000 §6 "关于'就业单位信息'填报有以下说明" 1–4; review D12, D13).
final class GrassrootsFormTests: XCTestCase {
    typealias Field = GrassrootsForm.Field

    let seat = GrassrootsForm.Place(townshipIsCountySeat: true)
    let notSeat = GrassrootsForm.Place(townshipIsCountySeat: false)
    let unknown = GrassrootsForm.Place(townshipIsCountySeat: nil)

    /// A complete application: a 县 in 重庆, a township that is not the county seat, a hospital.
    let valid: [Field: String] = [
        .aidMode: "学费补偿", .unitName: " 酉阳县人民医院 ", .unitCreditCode: "9144 0300 7152 6726 xg", .position: "护士",
        .workCounty: "500242", .workTownship: "500242100", .workAddress: "钟多街道桃花源大道 1 号",
        .industry1: "医院", .serviceStart: "2024/7/1", .serviceEnd: "2027年6月30日", .phone: "139 1234 5678",
    ]

    let confirmation: [Field: String] = [
        .unitName: "酉阳县人民医院", .position: "护士", .workCounty: "500242", .workTownship: "500242100",
        .workAddress: "桃花源大道 1 号", .serviceStart: "2024-07-01", .serviceEnd: "2027-06-30", .phone: "13912345678",
    ]

    func check(_ values: [Field: String], stage: GrassrootsStage = .apply, place: GrassrootsForm.Place? = nil,
               mode: GrassrootsForm.Stage = .submission) -> Result<[Field: String], GrassrootsForm.Problems> {
        GrassrootsForm.check(values, stage: stage, place: place ?? notSeat, mode: mode)
    }

    func problems(_ values: [Field: String], stage: GrassrootsStage = .apply, place: GrassrootsForm.Place? = nil,
                  mode: GrassrootsForm.Stage = .submission) -> [Field: String] {
        switch check(values, stage: stage, place: place, mode: mode) {
        case .success: [:]
        case .failure(let problems): problems.messages
        }
    }

    func stored(_ values: [Field: String], stage: GrassrootsStage = .apply, place: GrassrootsForm.Place? = nil,
                mode: GrassrootsForm.Stage = .submission, file: StaticString = #filePath, line: UInt = #line) -> [Field: String] {
        switch check(values, stage: stage, place: place, mode: mode) {
        case .success(let values): return values
        case .failure(let problems):
            XCTFail("refused: \(problems.messages)", file: file, line: line)
            return [:]
        }
    }

    func with(_ base: [Field: String], _ changes: [Field: String?]) -> [Field: String] {
        var values = base
        for (field, value) in changes { values[field] = value }
        return values
    }

    // MARK: - Fields and labels

    func testKeysAndLabels() {
        XCTAssertEqual(Field.aidMode.rawValue, "aid_mode")
        XCTAssertEqual(Field.industry1.rawValue, "industry_1")
        XCTAssertEqual(Field.position.rawValue, "position")
        XCTAssertEqual(Field.allCases.count, 25)
        XCTAssertEqual(Field.workCounty.label, "区县")
        XCTAssertEqual(Field.workTownship.label, "街道/乡镇")
        XCTAssertEqual(Field.specialUnitTypes.label, "特定类型单位")
        XCTAssertEqual(Field.hardshipIndustries.label, "艰苦行业生产第一线")
        XCTAssertEqual(Field.departmentsSame.label, "录用部门和实际工作部门是否一致")
        XCTAssertEqual(Field.hiringDepartment.label, "录用部门")
        XCTAssertEqual(Field.actualDepartment.label, "实际工作部门")
        XCTAssertEqual(Field.statement.label(for: .applyReview), "复核说明")
        XCTAssertEqual(Field.statement.label(for: .secondReview), "复核说明")
        XCTAssertEqual(Field.statement.label(for: .first), "在职在岗说明")
        XCTAssertEqual(Field.statement.label(for: .apply), "情况说明")
        XCTAssertEqual(Field.unitName.label(for: .first), "就业单位名称")
        XCTAssertEqual(GrassrootsForm.PlaceSpecial.allCases.map(\.rawValue), ["系统中未找到对应地址", "工作地点保密", "工作地点流动", "海上作业"])
    }

    func testApplicationStagesHaveEveryFieldConfirmationsTheShortForm() {
        XCTAssertEqual(GrassrootsForm.fields(for: .apply), Field.allCases)
        XCTAssertEqual(GrassrootsForm.fields(for: .applyReview), Field.allCases)
        let short: [Field] = [.unitName, .position, .workCounty, .workTownship, .workAddress, .placeSpecial, .manualAddress,
                              .serviceStart, .serviceEnd, .phone, .statement]
        for stage in [GrassrootsStage.first, .firstReview, .second, .secondReview] {
            XCTAssertEqual(GrassrootsForm.fields(for: stage), short, stage.rawValue)
        }
        XCTAssertTrue(GrassrootsForm.isAlwaysRequired(.statement, stage: .firstReview))
        XCTAssertFalse(GrassrootsForm.isAlwaysRequired(.statement, stage: .first))
        XCTAssertTrue(GrassrootsForm.isAlwaysRequired(.aidMode, stage: .apply))
        XCTAssertFalse(GrassrootsForm.isAlwaysRequired(.aidMode, stage: .second))
    }

    // MARK: - The seed's lists

    func testListsAreTheSeedsInTheSeedsOrder() {
        XCTAssertEqual(GrassrootsForm.specialUnitTypes, ["乡镇政府", "街道办事处", "村居委会", "派出所", "农村中小学", "国有农（牧、林）场",
                                                         "农业技术推广站", "畜牧兽医站", "乡镇卫生院", "计划生育服务站", "乡镇文化站", "其他"])
        XCTAssertEqual(GrassrootsForm.hardshipIndustries, ["气象", "地震", "地质", "水电施工", "煤炭", "石油", "航海", "核工业", "其他"])
        XCTAssertEqual(GrassrootsForm.industryTree.map(\.name), [
            "普通企业", "涉密企业", "科研院所（涉密）", "科研院所（非涉密）", "医院", "中小学校（非农村中小学）", "其他事业单位", "公务员",
            "农村中小学", "国有农(牧、林)场", "农业技术推广站", "畜牧兽医站", "乡镇卫生院", "计划生育服务站", "乡镇文化站", "高等学校", "其他",
        ])
        XCTAssertEqual(GrassrootsForm.industryChildren(of: "普通企业"), ["金融", "通讯", "烟酒（原材料种植除外）", "飞机及列车乘务", "房地产及相关行业",
                                                                   "水电施工", "邮政", "煤炭", "石油", "核工业", "航海", "互联网", "其他"])
        XCTAssertEqual(GrassrootsForm.industryChildren(of: "涉密企业"), ["煤炭", "石油", "军工", "核工业", "其他"])
        XCTAssertEqual(GrassrootsForm.industryChildren(of: "公务员"), [])
        XCTAssertEqual(GrassrootsForm.industryChildren(of: "医院"), [])
        XCTAssertNil(GrassrootsForm.industryChildren(of: "制造业"))
        XCTAssertEqual(GrassrootsForm.civilServantKinds, ["公务员（非选调生）", "公务员（选调生）"])
        XCTAssertEqual(GrassrootsForm.sameDepartments.count, 8)
        XCTAssertEqual(GrassrootsForm.hiringDepartments.count, 11)
        XCTAssertEqual(GrassrootsForm.actualDepartments.count, 8)
        XCTAssertEqual(GrassrootsForm.sameDepartments[5], "中央垂直管理部门（税务、海关、人民银行等）", "a 、 inside brackets does not cut")
        XCTAssertEqual(GrassrootsForm.hiringDepartments.first, "乡镇以上级别（不含乡镇）政府")
        XCTAssertTrue(GrassrootsForm.higherHiringDepartments.isSubset(of: Set(GrassrootsForm.hiringDepartments)))
        XCTAssertEqual(GrassrootsForm.higherHiringDepartments.count, 3)
        for list in [GrassrootsForm.specialUnitTypes, GrassrootsForm.hardshipIndustries, GrassrootsForm.sameDepartments,
                     GrassrootsForm.hiringDepartments, GrassrootsForm.actualDepartments] {
            XCTAssertEqual(list.last, "其他")
        }
    }

    func testTheSeedsTypoDoesNotMakeAnEmptyOption() {
        let children = GrassrootsForm.industryChildren(of: "科研院所（非涉密）")!
        XCTAssertEqual(children, ["气象", "地震", "地质", "煤炭", "石油", "军工", "核工业", "其他"])
        XCTAssertFalse(GrassrootsForm.industryTree.contains { $0.name.isEmpty || $0.children.contains("") })
        // …and an empty 二级 is not accepted as that option.
        let values = with(valid, [.industry1: "科研院所（非涉密）", .industry2: ""])
        XCTAssertEqual(problems(values)[.industry2], "请选择“科研院所（非涉密）”下的二级行业。")
    }

    func testItemsAndJoin() {
        XCTAssertEqual(GrassrootsForm.items("乡镇政府、国有农（牧、林）场、 其他 、、乡镇政府"), ["乡镇政府", "国有农（牧、林）场", "其他"])
        XCTAssertEqual(GrassrootsForm.items(nil), [])
        XCTAssertEqual(GrassrootsForm.items("  "), [])
        XCTAssertEqual(GrassrootsForm.join(["气象", " ", "煤炭"]), "气象、煤炭")
        XCTAssertEqual(GrassrootsForm.items(GrassrootsForm.join(GrassrootsForm.specialUnitTypes)), GrassrootsForm.specialUnitTypes)
    }

    // MARK: - Draft and submission

    func testAValidApplicationIsStoredNormalised() {
        let values = stored(valid)
        XCTAssertEqual(values[.unitName], "酉阳县人民医院")
        XCTAssertEqual(values[.unitCreditCode], "9144030071526726XG")
        XCTAssertEqual(values[.serviceStart], "2024-07-01")
        XCTAssertEqual(values[.serviceEnd], "2027-06-30")
        XCTAssertEqual(values[.phone], "13912345678")
        XCTAssertEqual(values[.workTownship], "500242100")
        XCTAssertNil(values[.industry2])
        XCTAssertNil(values[.statement])
    }

    func testSubmissionDemandsTheRequiredFieldsDraftDoesNot() {
        XCTAssertEqual(problems([:]), [
            .aidMode: "请选择资助方式。", .unitName: "请填写就业单位名称。", .position: "请填写工作岗位。",
            .workCounty: "请选择实际工作地址的区县。", .workAddress: "请填写实际工作地址的详细地址。", .industry1: "请选择一级行业。",
            .serviceStart: "请填写协议/合同服务期（起）日期。", .serviceEnd: "请填写协议/合同服务期（止）日期。", .phone: "请填写联系电话。",
        ])
        XCTAssertEqual(stored([:], mode: .draft), [:], "a draft may be empty")
        XCTAssertEqual(stored([.unitName: "酉阳县人民医院"], mode: .draft), [.unitName: "酉阳县人民医院"])
    }

    func testDraftStillChecksFormatsLimitsAndChoices() {
        let draft: [Field: String] = [
            .unitName: String(repeating: "单", count: 61), .position: String(repeating: "岗", count: 31), .unitCreditCode: "91110000600037342L",
            .aidMode: "助学金", .phone: "023-65678901", .serviceStart: "2024-13-01", .workCounty: "5002", .industry1: "制造业",
            .placeSpecial: "地址不详", .workAddress: String(repeating: "路", count: 101),
        ]
        let found = problems(draft, mode: .draft)
        XCTAssertEqual(Set(found.keys), [.unitName, .position, .unitCreditCode, .aidMode, .phone, .serviceStart, .workCounty, .industry1,
                                         .placeSpecial, .workAddress])
        XCTAssertEqual(found[.unitName], "就业单位名称不能超过 60 个字，您填写了 61 个字，请精简后再保存。")
        XCTAssertEqual(found[.unitCreditCode], "统一社会信用代码校验位不正确，请核对后重新输入。")
        XCTAssertEqual(found[.aidMode], "资助方式“助学金”不在可选范围内，请从列表中选择。")
        XCTAssertEqual(found[.phone], "联系电话请填写本人 11 位手机号码。")
        XCTAssertEqual(found[.serviceStart], "协议/合同服务期（起）请按“2024-07-01”的格式填写年、月、日。")
        XCTAssertEqual(found[.industry1], "一级行业“制造业”不在可选范围内，请从列表中选择。")
        XCTAssertNotNil(problems([.unitName: "单位\u{202E}名"], mode: .draft)[.unitName], "hidden control characters are refused")
    }

    func testServicePeriodMustEndAfterItStarts() {
        XCTAssertEqual(problems(with(valid, [.serviceEnd: "2024-07-01"]))[.serviceEnd], "服务期止应晚于服务期起，请核对协议或合同上的日期。")
        XCTAssertEqual(problems([.serviceStart: "2025-01-01", .serviceEnd: "2024-01-01"], mode: .draft).keys.sorted { $0.rawValue < $1.rawValue }, [.serviceEnd])
        XCTAssertNotNil(problems(with(valid, [.serviceEnd: "2027-06"]))[.serviceEnd], "a month without its day is not a date")
        XCTAssertNotNil(problems(with(valid, [.serviceEnd: "2027-02-30"]))[.serviceEnd])
    }

    // MARK: - 实际工作地址 and the four special places (§6.2)

    func testAnOrdinaryPlaceNeedsCountyTownshipAndAddress() {
        XCTAssertEqual(problems(with(valid, [.workTownship: nil]))[.workTownship],
                       "请选择实际工作地址的街道/乡镇；列表中找不到时，请选择“系统中未找到对应地址”并手动输入地址。")
        XCTAssertEqual(problems(with(valid, [.workAddress: nil]))[.workAddress], "请填写实际工作地址的详细地址。")
        XCTAssertEqual(problems(with(valid, [.workCounty: nil, .workTownship: nil]))[.workCounty], "请选择实际工作地址的区县。")
        // The manual address is hidden without a special place: cleared.
        XCTAssertNil(stored(with(valid, [.manualAddress: "某地"]))[.manualAddress])
    }

    func testCountyAndTownshipCodes() {
        XCTAssertEqual(problems(with(valid, [.workCounty: "500200"]))[.workCounty], "区县应为 6 位区县代码，请从列表中选择实际工作地址的区县。")
        XCTAssertEqual(stored(with(valid, [.workCounty: "５００２４２", .workTownship: "500242100001"]))[.workTownship], "500242100001")
        XCTAssertEqual(problems(with(valid, [.workTownship: "5002421"]))[.workTownship], "街道/乡镇应为 9 位或 12 位区划代码，请从列表中选择。")
        XCTAssertEqual(problems(with(valid, [.workTownship: "500101001"]))[.workTownship], "所选街道/乡镇不属于所选区县，请重新选择。")
        XCTAssertEqual(problems(with(valid, [.workCounty: nil]), mode: .draft)[.workTownship], "请先选择区县，再选择街道/乡镇。")
    }

    func testNotFoundNeedsAManualAddressAndTheCounty() {
        let base = with(valid, [.placeSpecial: "系统中未找到对应地址", .workTownship: nil, .workAddress: nil])
        XCTAssertEqual(problems(base), [.manualAddress: "选择“系统中未找到对应地址”时，请手动输入工作地址。"])
        XCTAssertEqual(problems(with(base, [.workCounty: nil, .manualAddress: "酉阳县某新村"]))[.workCounty], "请选择实际工作地址的区县。")
        let values = stored(with(base, [.manualAddress: " 酉阳县某新村 "]))
        XCTAssertEqual(values[.manualAddress], "酉阳县某新村")
        XCTAssertEqual(values[.placeSpecial], "系统中未找到对应地址")
    }

    func testSecretTakesNoAddressAndNoCounty() {
        let base = with(valid, [.placeSpecial: "工作地点保密", .workCounty: nil, .workTownship: nil, .workAddress: nil])
        let values = stored(base)
        XCTAssertNil(values[.workCounty])
        XCTAssertNil(values[.manualAddress])
        XCTAssertEqual(problems(with(base, [.manualAddress: "某基地"]), mode: .draft),
                       [.manualAddress: "选择“工作地点保密”时不填写地址，请删除手动输入的地址。"])
        XCTAssertEqual(problems(with(base, [.workAddress: "某基地"])), [.workAddress: "选择“工作地点保密”时不填写详细地址，请删除。"])
        XCTAssertEqual(stored(with(base, [.workCounty: "620102"]))[.workCounty], "620102", "the county may still be given")
    }

    func testMobileNeedsAManualAddressAndTheCounty() {
        let base = with(valid, [.placeSpecial: "工作地点流动", .workTownship: nil, .workAddress: nil])
        XCTAssertEqual(problems(base), [.manualAddress: "选择“工作地点流动”时，请手动输入工作地址。"])
        XCTAssertEqual(problems(with(base, [.workCounty: nil, .manualAddress: "川藏线"])), [.workCounty: "请选择实际工作地址的区县。"])
        XCTAssertEqual(stored(with(base, [.manualAddress: "川藏线"]))[.manualAddress], "川藏线")
    }

    func testOffshoreNeedsNeitherCountyNorAddress() {
        let base = with(valid, [.placeSpecial: "海上作业", .workCounty: nil, .workTownship: nil, .workAddress: nil])
        XCTAssertNil(stored(base)[.manualAddress])
        XCTAssertEqual(stored(with(base, [.manualAddress: "南海某平台"]))[.manualAddress], "南海某平台", "optional, kept when given")
    }

    func testAnUnknownSpecialPlaceIsRefused() {
        XCTAssertEqual(problems(with(valid, [.placeSpecial: "在外地"]))[.placeSpecial],
                       "请从“系统中未找到对应地址”“工作地点保密”“工作地点流动”“海上作业”中选择一项，或不选。")
    }

    // MARK: - 特定类型单位 and 艰苦行业 (§6.1)

    func testSpecialUnitsAndHardshipOnlyAtACountySeat() {
        let ticked = with(valid, [.specialUnitTypes: "乡镇卫生院", .hardshipIndustries: "地质"])
        for place in [notSeat, unknown] {
            let found = problems(ticked, place: place, mode: .draft)
            XCTAssertEqual(found[.specialUnitTypes], "所选街道/乡镇不是县政府驻地，无需填写特定类型单位或艰苦行业")
            XCTAssertEqual(found[.hardshipIndustries], GrassrootsForm.countySeatRefusal)
        }
        let values = stored(ticked, place: seat)
        XCTAssertEqual(values[.specialUnitTypes], "乡镇卫生院")
        XCTAssertEqual(values[.hardshipIndustries], "地质")
        // Not ticked: nothing to refuse anywhere.
        XCTAssertEqual(problems(valid, place: unknown), [:])
    }

    func testTickedItemsAreCheckedAndStoredInListOrder() {
        let values = stored(with(valid, [.specialUnitTypes: "乡镇文化站、国有农（牧、林）场、乡镇政府"]), place: seat)
        XCTAssertEqual(values[.specialUnitTypes], "乡镇政府、国有农（牧、林）场、乡镇文化站")
        XCTAssertEqual(problems(with(valid, [.hardshipIndustries: "地质、金融"]), place: seat)[.hardshipIndustries],
                       "艰苦行业生产第一线中的“金融”不在可选范围内，请从列表中勾选；列表中没有的请勾选“其他”并填写。")
    }

    func testOtherNeedsItsText() {
        let ticked = with(valid, [.specialUnitTypes: "乡镇政府、其他", .hardshipIndustries: "其他"])
        XCTAssertEqual(problems(ticked, place: seat), [
            .specialUnitOther: "已勾选特定类型单位的“其他”，请填写具体内容。",
            .hardshipOther: "已勾选艰苦行业生产第一线的“其他”，请填写具体内容。",
        ])
        XCTAssertEqual(problems(ticked, place: seat, mode: .draft), [:])
        let values = stored(with(ticked, [.specialUnitOther: "林业站", .hardshipOther: "勘探"]), place: seat)
        XCTAssertEqual(values[.specialUnitOther], "林业站")
        XCTAssertEqual(values[.hardshipOther], "勘探")
        // 其他 not ticked: its text is hidden and cleared.
        XCTAssertNil(stored(with(valid, [.specialUnitTypes: "乡镇政府", .specialUnitOther: "林业站"]), place: seat)[.specialUnitOther])
        XCTAssertNil(stored(with(valid, [.hardshipOther: "勘探"]))[.hardshipOther])
        XCTAssertNotNil(problems(with(ticked, [.specialUnitOther: String(repeating: "站", count: 31), .hardshipOther: "勘探"]), place: seat)[.specialUnitOther])
    }

    // MARK: - 行业类型 (§6.3)

    func testSecondLevelIsRequiredAndMustBelong() {
        XCTAssertEqual(problems(with(valid, [.industry1: "普通企业"]))[.industry2], "请选择“普通企业”下的二级行业。")
        XCTAssertEqual(problems(with(valid, [.industry1: "普通企业", .industry2: "军工"]))[.industry2],
                       "二级行业“军工”不属于一级行业“普通企业”，请重新选择。")
        XCTAssertEqual(stored(with(valid, [.industry1: "涉密企业", .industry2: "军工"]))[.industry2], "军工")
        XCTAssertNil(stored(with(valid, [.industry2: "金融"]))[.industry2], "医院 has no 二级: cleared")
        XCTAssertEqual(problems(with(valid, [.industry1: "普通企业"]), mode: .draft), [:])
    }

    // MARK: - 公务员 (§6.4)

    func testCivilServantQuestions() {
        let base = with(valid, [.industry1: "公务员"])
        XCTAssertEqual(problems(base), [.civilServantKind: "请选择公务员细分。", .departmentsSame: "请选择录用部门和实际工作部门是否一致。"])
        XCTAssertEqual(problems(with(base, [.civilServantKind: "公务员（选调生）", .departmentsSame: "是"])),
                       [.sameDepartment: "请选择录用及实际工作部门。"])
        XCTAssertEqual(problems(with(base, [.civilServantKind: "公务员（选调生）", .departmentsSame: "否"])),
                       [.hiringDepartment: "请选择录用部门。", .actualDepartment: "请选择实际工作部门。"])
        XCTAssertEqual(problems(with(base, [.civilServantKind: "公务员", .departmentsSame: "不确定"])).keys.count, 2)
    }

    func testSameDepartmentsKeepOneDepartment() {
        let values = stored(with(valid, [.industry1: "公务员", .civilServantKind: "公务员（非选调生）", .departmentsSame: "是",
                                         .sameDepartment: "乡镇政府", .hiringDepartment: "监狱", .actualDepartment: "监狱", .departmentOther: "x"]))
        XCTAssertEqual(values[.sameDepartment], "乡镇政府")
        XCTAssertNil(values[.hiringDepartment], "hidden when 是")
        XCTAssertNil(values[.actualDepartment])
        XCTAssertNil(values[.departmentOther], "no 其他 chosen")
        XCTAssertEqual(problems(with(valid, [.industry1: "公务员", .civilServantKind: "公务员（非选调生）", .departmentsSame: "是",
                                             .sameDepartment: "乡镇以上级别（不含乡镇）政府"]))[.sameDepartment],
                       "录用及实际工作部门“乡镇以上级别（不含乡镇）政府”不在可选范围内，请从列表中选择。", "only the 8 departments")
    }

    func testDifferentDepartmentsKeepBoth() {
        let base = with(valid, [.industry1: "公务员", .civilServantKind: "公务员（选调生）", .departmentsSame: "否",
                                .hiringDepartment: "县级以上（含县级）局（委员会、办公室）", .actualDepartment: "乡镇政府", .sameDepartment: "监狱"])
        let values = stored(base)
        XCTAssertEqual(values[.hiringDepartment], "县级以上（含县级）局（委员会、办公室）")
        XCTAssertEqual(values[.actualDepartment], "乡镇政府")
        XCTAssertNil(values[.sameDepartment], "hidden when 否")
        XCTAssertEqual(problems(with(base, [.actualDepartment: "县级以上（含县级）局（委员会、办公室）"]))[.actualDepartment],
                       "实际工作部门“县级以上（含县级）局（委员会、办公室）”不在可选范围内，请从列表中选择。")
    }

    func testOtherDepartmentNeedsItsText() {
        let base = with(valid, [.industry1: "公务员", .civilServantKind: "公务员（选调生）", .departmentsSame: "否",
                                .hiringDepartment: "其他", .actualDepartment: "乡镇政府"])
        XCTAssertEqual(problems(base), [.departmentOther: "所选部门为“其他”，请填写具体部门名称。"])
        XCTAssertEqual(stored(with(base, [.departmentOther: "某管委会"]))[.departmentOther], "某管委会")
    }

    func testDepartmentsAreClearedWhenNotACivilServant() {
        let values = stored(with(valid, [.civilServantKind: "公务员（选调生）", .departmentsSame: "否", .hiringDepartment: "其他",
                                         .actualDepartment: "乡镇政府", .departmentOther: "x", .sameDepartment: "监狱"]))
        for field in [Field.civilServantKind, .departmentsSame, .sameDepartment, .hiringDepartment, .actualDepartment, .departmentOther] {
            XCTAssertNil(values[field], field.rawValue)
        }
    }

    // MARK: - 复核 and the confirmation form

    func testStatementIsRequiredOnTheThreeReviews() {
        XCTAssertEqual(problems(valid, stage: .applyReview), [.statement: "请填写复核说明。"])
        XCTAssertEqual(problems(confirmation, stage: .firstReview), [.statement: "请填写复核说明。"])
        XCTAssertEqual(problems(confirmation, stage: .secondReview), [.statement: "请填写复核说明。"])
        XCTAssertEqual(problems(confirmation, stage: .first), [:])
        XCTAssertEqual(problems(confirmation, stage: .second), [:])
        XCTAssertEqual(problems(valid, stage: .apply), [:])
        let values = stored(with(confirmation, [.statement: " 第一行 \r\n\r\n 第二行 "]), stage: .firstReview)
        XCTAssertEqual(values[.statement], "第一行\n第二行")
        XCTAssertEqual(problems(with(confirmation, [.statement: String(repeating: "说", count: 301)]), stage: .first)[.statement],
                       "在职在岗说明不能超过 300 个字，您填写了 301 个字，请精简后再保存。")
        XCTAssertEqual(problems(with(confirmation, [.statement: String(repeating: "说\n", count: 300)]), stage: .first), [:],
                       "line breaks are not counted")
    }

    func testConfirmationFormDropsApplicationFields() {
        let values = stored(with(confirmation, [.aidMode: "学费补偿", .industry1: "医院", .specialUnitTypes: "乡镇政府",
                                                .unitCreditCode: "bad"]), stage: .second, place: unknown)
        XCTAssertEqual(Set(values.keys), [.unitName, .position, .workCounty, .workTownship, .workAddress, .serviceStart, .serviceEnd, .phone])
        XCTAssertEqual(problems([:], stage: .first), [
            .unitName: "请填写就业单位名称。", .position: "请填写工作岗位。", .workCounty: "请选择实际工作地址的区县。",
            .workAddress: "请填写实际工作地址的详细地址。", .serviceStart: "请填写协议/合同服务期（起）日期。",
            .serviceEnd: "请填写协议/合同服务期（止）日期。", .phone: "请填写联系电话。",
        ])
        let secret = stored([.unitName: "某所", .position: "技术员", .placeSpecial: "工作地点保密", .serviceStart: "2024-07-01",
                             .serviceEnd: "2027-06-30", .phone: "13912345678"], stage: .first)
        XCTAssertEqual(secret[.placeSpecial], "工作地点保密")
    }
}
