import JiuyeDomain
import XCTest

/// 系统判断结果 (review D4 (a)–(g)): one outcome per rule, with a reason naming its data.
final class GrassrootsJudgementTests: XCTestCase {
    typealias J = GrassrootsJudgement
    typealias Field = GrassrootsForm.Field

    let goodStudent = J.Student(isFreshGraduate: true, fullTime: true, directed: false, tuitionExempt: false,
                                stageAtGraduation: .undergraduate, appliedStage: .undergraduate)

    /// Everything meets: a hospital in a township of 酉阳 that is not the county seat.
    var good: J.Facts {
        J.Facts(form: [.workCounty: "500242", .workTownship: "500242100", .industry1: "医院",
                       .serviceStart: "2024-07-01", .serviceEnd: "2027-06-30"],
                countyName: "酉阳土家族苗族自治县", townshipIsCountySeat: false, countyOnHardshipList: false, student: goodStudent)
    }

    func outcome(_ rule: String, _ facts: J.Facts) -> J.Outcome {
        J.evaluate(facts).first { $0.rule == rule }!
    }

    func facts(_ change: (inout J.Facts) -> Void) -> J.Facts {
        var f = good
        change(&f)
        return f
    }

    func testEveryRuleInOrder() {
        let outcomes = J.evaluate(good)
        XCTAssertEqual(outcomes.map(\.rule), ["地区", "层级", "行业", "公务员部门", "服务期", "学生身份", "学段"])
        XCTAssertEqual(outcomes.map(\.rule), J.ruleNames)
        XCTAssertEqual(outcomes.map(\.verdict), Array(repeating: .meets, count: 7), "\(outcomes)")
        XCTAssertEqual(J.Verdict.check.rawValue, "需人工核实")
        let empty = J.evaluate(J.Facts())
        XCTAssertEqual(empty.map(\.verdict), Array(repeating: .check, count: 7), "no facts: nothing silently passes \(empty)")
    }

    // MARK: - CountyKind

    func testCountyKindFromName() {
        XCTAssertEqual(J.CountyKind.from(name: "渝中区"), .district)
        XCTAssertEqual(J.CountyKind.from(name: "浦东新区"), .district)
        XCTAssertEqual(J.CountyKind.from(name: "都江堰市"), .countyCity)
        XCTAssertEqual(J.CountyKind.from(name: "酉阳土家族苗族自治县"), .county)
        XCTAssertEqual(J.CountyKind.from(name: "城口县"), .county)
        XCTAssertEqual(J.CountyKind.from(name: "鄂温克族自治旗"), .county)
        XCTAssertEqual(J.CountyKind.from(name: "正蓝旗"), .county)
        XCTAssertEqual(J.CountyKind.from(name: "六枝特区"), .county)
        XCTAssertEqual(J.CountyKind.from(name: "神农架林区"), .county)
        XCTAssertEqual(J.CountyKind.from(name: " 巫山县 "), .county)
        XCTAssertNil(J.CountyKind.from(name: "某某镇"))
        XCTAssertNil(J.CountyKind.from(name: ""))
    }

    // MARK: - (a) 地区

    func testRegion() {
        XCTAssertEqual(J.westernProvinces.count, 12)
        XCTAssertEqual(J.centralProvinces.count, 10)
        XCTAssertEqual(J.centralProvinces["13"], "河北")
        XCTAssertEqual(J.centralProvinces["46"], "海南")
        let west = outcome("地区", good)
        XCTAssertEqual(west.verdict, .meets)
        XCTAssertEqual(west.reason, "工作地酉阳土家族苗族自治县（500242）位于西部地区（重庆）。")
        let central = outcome("地区", facts { $0.form[.workCounty] = "130123"; $0.countyName = "正定县" })
        XCTAssertEqual(central.verdict, .meets)
        XCTAssertTrue(central.reason.contains("中部地区（河北）"), central.reason)
        XCTAssertEqual(outcome("地区", facts { $0.form[.workCounty] = "460105"; $0.countyName = nil }).reason, "工作地460105位于中部地区（海南）。")

        let east = outcome("地区", facts { $0.form[.workCounty] = "330127"; $0.countyName = "淳安县" })
        XCTAssertEqual(east.verdict, .fails)
        XCTAssertEqual(east.reason, "工作地淳安县（330127）位于浙江，不属中西部地区，且不在艰苦边远地区名单中。")
        let listed = outcome("地区", facts { $0.form[.workCounty] = "211224"; $0.countyName = "昌图县"; $0.countyOnHardshipList = true })
        XCTAssertEqual(listed.verdict, .meets)
        XCTAssertTrue(listed.reason.contains("辽宁") && listed.reason.contains("艰苦边远地区名单"), listed.reason)
    }

    func testRegionWithoutCounty() {
        for special in ["工作地点保密", "海上作业"] {
            let o = outcome("地区", facts { $0.form = [.placeSpecial: special] })
            XCTAssertEqual(o.verdict, .check)
            XCTAssertTrue(o.reason.contains(special) && o.reason.contains("未填写区县"), o.reason)
        }
        XCTAssertEqual(outcome("地区", facts { $0.form[.workCounty] = nil }).reason, "未填写实际工作地址的区县，无法判断所在地区，需人工核实。")
        XCTAssertEqual(outcome("地区", facts { $0.form[.workCounty] = "990101" }).verdict, .check)
        XCTAssertEqual(outcome("地区", facts { $0.form[.workCounty] = "620102"; $0.form[.placeSpecial] = "工作地点保密" }).verdict, .meets,
                       "保密 with a county is judged by the county")
    }

    // MARK: - (b) 层级

    func testLevelInACounty() {
        let below = outcome("层级", good)
        XCTAssertEqual(below.verdict, .meets)
        XCTAssertEqual(below.reason, "工作地酉阳土家族苗族自治县为县，所选街道/乡镇不是县政府驻地，属县以下基层。")
        XCTAssertEqual(outcome("层级", facts { $0.countyName = "都江堰市" }).verdict, .meets, "县级市 like 县")

        let seat = facts { $0.townshipIsCountySeat = true }
        let bare = outcome("层级", seat)
        XCTAssertEqual(bare.verdict, .fails)
        XCTAssertEqual(bare.reason, "工作地为酉阳土家族苗族自治县县政府驻地的街道/乡镇，且未填报特定类型单位或艰苦行业生产第一线。")
        var special = seat
        special.form[.specialUnitTypes] = "乡镇卫生院"
        let withSpecial = outcome("层级", special)
        XCTAssertEqual(withSpecial.verdict, .meets)
        XCTAssertEqual(withSpecial.reason, "工作地为酉阳土家族苗族自治县县政府驻地的街道/乡镇，单位属特定类型单位（乡镇卫生院）。")
        var hardship = seat
        hardship.form[.hardshipIndustries] = "地质、其他"
        hardship.form[.hardshipOther] = "勘探"
        let withHardship = outcome("层级", hardship)
        XCTAssertEqual(withHardship.verdict, .meets)
        XCTAssertTrue(withHardship.reason.contains("艰苦行业生产第一线（地质、其他：勘探）"), withHardship.reason)
    }

    func testLevelInADistrict() {
        let district = facts { $0.form[.workCounty] = "500103"; $0.countyName = "渝中区" }
        let o = outcome("层级", district)
        XCTAssertEqual(o.verdict, .fails)
        XCTAssertEqual(o.reason, "工作地渝中区为市辖区，不属县以下基层。")
        var special = district
        special.form[.specialUnitTypes] = "街道办事处"
        XCTAssertEqual(outcome("层级", special).verdict, .fails, "a 特定类型单位 does not help in a 市辖区")
        var hardship = district
        hardship.form[.hardshipIndustries] = "煤炭"
        let h = outcome("层级", hardship)
        XCTAssertEqual(h.verdict, .check)
        XCTAssertTrue(h.reason.contains("市辖区") && h.reason.contains("煤炭"), h.reason)
    }

    func testLevelUnknown() {
        let noName = outcome("层级", facts { $0.countyName = nil })
        XCTAssertEqual(noName.verdict, .check)
        XCTAssertEqual(noName.reason, "区县500242的名称未知，无法判断区县类型（市辖区/县/县级市），需人工核实。")
        XCTAssertEqual(outcome("层级", facts { $0.countyName = "某某镇" }).verdict, .check)
        let seatUnknown = outcome("层级", facts { $0.townshipIsCountySeat = nil; $0.form[.placeSpecial] = "系统中未找到对应地址" })
        XCTAssertEqual(seatUnknown.verdict, .check)
        XCTAssertTrue(seatUnknown.reason.contains("系统中未找到对应地址"), seatUnknown.reason)
        XCTAssertEqual(outcome("层级", facts { $0.townshipIsCountySeat = nil }).verdict, .check)
        XCTAssertTrue(outcome("层级", J.Facts()).reason.contains("未填写区县"))
    }

    // MARK: - (c) 行业

    func testIndustry() {
        for excluded in ["金融", "通讯", "烟酒（原材料种植除外）", "飞机及列车乘务", "房地产及相关行业"] {
            let o = outcome("行业", facts { $0.form[.industry1] = "普通企业"; $0.form[.industry2] = excluded })
            XCTAssertEqual(o.verdict, .fails, excluded)
            XCTAssertEqual(o.reason, "行业类型为“普通企业—\(excluded)”，该行业不属基层就业资助范围。")
        }
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "普通企业"; $0.form[.industry2] = "水电施工" }).verdict, .meets)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "普通企业"; $0.form[.industry2] = "其他" }).verdict, .check)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "普通企业" }).verdict, .check, "二级 missing")
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "涉密企业"; $0.form[.industry2] = "军工" }).verdict, .check)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "科研院所（涉密）"; $0.form[.industry2] = "地质" }).verdict, .check)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "科研院所（非涉密）"; $0.form[.industry2] = "气象" }).verdict, .meets)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "科研院所（非涉密）"; $0.form[.industry2] = "其他" }).verdict, .check)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "高等学校" }).verdict, .check)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "其他" }).verdict, .check)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "乡镇卫生院" }).verdict, .meets)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "公务员" }).verdict, .meets)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = "制造业" }).verdict, .check)
        XCTAssertEqual(outcome("行业", facts { $0.form[.industry1] = nil }).reason, "未填写行业类型，需人工核实。")
    }

    // MARK: - (d) 公务员

    func testCivilServant() {
        let none = outcome("公务员部门", good)
        XCTAssertEqual(none.verdict, .meets)
        XCTAssertEqual(none.reason, "非公务员，不适用。")
        let civil = facts { $0.form[.industry1] = "公务员"; $0.form[.civilServantKind] = "公务员（选调生）" }
        XCTAssertEqual(outcome("公务员部门", civil).verdict, .check, "是/否 missing")

        var same = civil
        same.form[.departmentsSame] = "是"
        XCTAssertEqual(outcome("公务员部门", same).verdict, .check, "department missing")
        same.form[.sameDepartment] = "乡镇政府"
        let sameOutcome = outcome("公务员部门", same)
        XCTAssertEqual(sameOutcome.verdict, .meets)
        XCTAssertEqual(sameOutcome.reason, "公务员（公务员（选调生））录用部门和实际工作部门一致（乡镇政府），无需二次分配就业证明。")
        same.form[.sameDepartment] = "其他"
        same.form[.departmentOther] = "某管委会"
        let sameOther = outcome("公务员部门", same)
        XCTAssertEqual(sameOther.verdict, .check)
        XCTAssertTrue(sameOther.reason.contains("某管委会"), sameOther.reason)
        same.form[.sameDepartment] = "县级以上（含县级）局（委员会、办公室）"
        XCTAssertEqual(outcome("公务员部门", same).verdict, .fails)
    }

    func testCivilServantDifferentDepartments() {
        var differ = facts {
            $0.form[.industry1] = "公务员"; $0.form[.departmentsSame] = "否"
            $0.form[.hiringDepartment] = "乡镇政府"; $0.form[.actualDepartment] = "村（居）委会"
        }
        let plain = outcome("公务员部门", differ)
        XCTAssertEqual(plain.verdict, .meets)
        XCTAssertEqual(plain.reason, "公务员录用部门“乡镇政府”，实际工作部门“村（居）委会”，实际工作部门属基层，需核实二次分配就业证明。")
        XCTAssertFalse(plain.reason.contains(GrassrootsForm.countyStampHint))

        differ.form[.hiringDepartment] = "公安机关支队级以上（含支队级）"
        differ.form[.actualDepartment] = "公安机关支队级以下（不含支队级）"
        let higher = outcome("公务员部门", differ)
        XCTAssertEqual(higher.verdict, .meets)
        XCTAssertTrue(higher.reason.hasSuffix("请务必上传含有县级以上（含县级）组织部门盖章的二次分配就业证明。"), higher.reason)

        differ.form[.actualDepartment] = "其他"
        XCTAssertEqual(outcome("公务员部门", differ).verdict, .check)
        differ.form[.actualDepartment] = "县级以上（含县级）局（委员会、办公室）"
        XCTAssertEqual(outcome("公务员部门", differ).verdict, .fails, "the actual department is not a 基层 one")
        differ.form[.actualDepartment] = nil
        XCTAssertEqual(outcome("公务员部门", differ).verdict, .check)
        XCTAssertEqual(outcome("公务员部门", facts { $0.form[.industry1] = nil }).verdict, .check)
    }

    // MARK: - (e) 服务期

    func testServicePeriod() {
        let three = outcome("服务期", good)
        XCTAssertEqual(three.verdict, .meets, "2024-07-01 至 2027-06-30 is three years (the end day included)")
        XCTAssertEqual(three.reason, "协议/合同服务期2024-07-01 至 2027-06-30，满 3 年。")
        let short = outcome("服务期", facts { $0.form[.serviceEnd] = "2027-06-29" })
        XCTAssertEqual(short.verdict, .fails)
        XCTAssertEqual(short.reason, "协议/合同服务期2024-07-01 至 2027-06-29，不满 3 年（满 2 年）。")
        XCTAssertEqual(outcome("服务期", facts { $0.form[.serviceEnd] = "2029-06-30" }).reason, "协议/合同服务期2024-07-01 至 2029-06-30，满 5 年。")
        XCTAssertEqual(outcome("服务期", facts { $0.form[.serviceEnd] = "2025-01-01" }).verdict, .fails)
        XCTAssertEqual(outcome("服务期", facts { $0.form[.serviceEnd] = "2024/07/01" }).reason, "协议/合同服务期2024-07-01 至 2024-07-01，不满 3 年（满 0 年）。")
        // A 29 February start: three years end on 27 February (28 February is the anniversary).
        XCTAssertEqual(outcome("服务期", facts { $0.form[.serviceStart] = "2024-02-29"; $0.form[.serviceEnd] = "2027-02-27" }).verdict, .meets)
        XCTAssertEqual(outcome("服务期", facts { $0.form[.serviceStart] = "2024-02-29"; $0.form[.serviceEnd] = "2027-02-26" }).verdict, .fails)

        let missing = outcome("服务期", facts { $0.form[.serviceEnd] = nil })
        XCTAssertEqual(missing.verdict, .check)
        XCTAssertEqual(missing.reason, "未填写协议/合同服务期（止），需人工核实服务期是否满三年。")
        XCTAssertEqual(outcome("服务期", facts { $0.form[.serviceStart] = "某日" }).verdict, .check)
    }

    func testFullYears() {
        func years(_ a: String, _ b: String) -> Int { J.fullYears(from: GrassrootsForm.date(a)!, through: GrassrootsForm.date(b)!) }
        XCTAssertEqual(years("2024-07-01", "2027-06-30"), 3)
        XCTAssertEqual(years("2024-07-01", "2027-06-29"), 2)
        XCTAssertEqual(years("2024-07-15", "2027-07-14"), 3)
        XCTAssertEqual(years("2024-12-31", "2027-12-30"), 3)
        XCTAssertEqual(years("2024-01-01", "2026-12-31"), 3)
        XCTAssertEqual(years("2024-01-01", "2026-12-30"), 2)
        XCTAssertEqual(years("2025-01-01", "2024-01-01"), 0)
    }

    // MARK: - (f) 学生身份

    func testStudentStatus() {
        XCTAssertEqual(outcome("学生身份", good).verdict, .meets)
        let cases: [(J.Student, String)] = [
            (J.Student(isFreshGraduate: false, fullTime: true, directed: false, tuitionExempt: false), "非应届毕业生"),
            (J.Student(isFreshGraduate: true, fullTime: false, directed: false, tuitionExempt: false), "非全日制"),
            (J.Student(isFreshGraduate: true, fullTime: true, directed: true, tuitionExempt: false), "定向或委培"),
            (J.Student(isFreshGraduate: true, fullTime: true, directed: false, tuitionExempt: true), "在校学习期间已享受免除学费政策"),
        ]
        for (student, why) in cases {
            let o = outcome("学生身份", facts { $0.student = student })
            XCTAssertEqual(o.verdict, .fails, why)
            XCTAssertEqual(o.reason, "学生为\(why)，不属资助范围。")
        }
        let failsDespiteUnknown = outcome("学生身份", facts { $0.student = J.Student(directed: true) })
        XCTAssertEqual(failsDespiteUnknown.verdict, .fails, "a known disqualification is not hidden by unknowns")
        let unknown = outcome("学生身份", facts { $0.student.tuitionExempt = nil })
        XCTAssertEqual(unknown.verdict, .check)
        XCTAssertEqual(unknown.reason, "缺少学生信息：在校期间是否享受免学费，需人工核实。")
        XCTAssertEqual(outcome("学生身份", facts { $0.student = J.Student() }).reason,
                       "缺少学生信息：是否应届毕业生、是否全日制、是否定向/委培、在校期间是否享受免学费，需人工核实。")
    }

    // MARK: - (g) 学段

    func testStudyStage() {
        XCTAssertEqual(outcome("学段", good).reason, "申请学段（本专科）即毕业学段。")
        let differ = outcome("学段", facts { $0.student.stageAtGraduation = .graduate })
        XCTAssertEqual(differ.verdict, .fails)
        XCTAssertEqual(differ.reason, "申请学段（本专科）不是毕业学段（研究生），只能申请毕业学段。")
        let missing = outcome("学段", facts { $0.student.appliedStage = nil })
        XCTAssertEqual(missing.verdict, .check)
        XCTAssertEqual(missing.reason, "缺少申请学段，需人工核实。")
    }
}
