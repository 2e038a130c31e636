import XCTest
@testable import JiuyeDomain

private func entries(_ pairs: [(String, String)]) -> [CodeEntry] { pairs.map { CodeEntry(code: $0.0, label: $0.1) } }

private let codes = InMemoryCodeLookup(tables: [
    .unitNature: entries([("10", "机关"), ("20", "科研设计单位"), ("21", "高等教育单位"), ("22", "中初教育单位"), ("23", "医疗卫生单位"), ("29", "其他事业单位"),
                          ("31", "国有企业"), ("32", "三资企业"), ("39", "其他企业"), ("40", "部队"), ("55", "农村建制村"), ("56", "城镇社区"), ("99", "其他")]),
    .industry: entries([("11", "农、林、牧、渔业"), ("22", "制造业"), ("33", "住宿和餐饮业"), ("34", "信息传输、软件和信息技术服务业"), ("42", "教育"),
                        ("45", "公共管理、社会保障和社会组织"), ("46", "国际组织"), ("80", "军队")]),
    .school: entries([("10611", "重庆大学"), ("10001", "北京大学")]),
    .country: [CodeEntry(code: "840", label: "美国", aliases: ["US", "USA"]), CodeEntry(code: "156", label: "中国", aliases: ["CN", "CHN"]), CodeEntry(code: "826", label: "英国", aliases: ["GB", "GBR"])],
], regions: ["500000": .province, "500100": .city, "500103": .county, "500106": .county, "500154": .county, "441900": .county])

private let majors = NationalReference.majorCatalogue([.bachelor: entries([("080901", "计算机科学与技术"), ("080902", "软件工程")]), .master: entries([("0812", "计算机科学与技术")])])

private func reference(accepted: Set<String>? = nil) -> NationalReference {
    NationalReference(codes: codes, major: majors, regionSuccessors: ["500234": "500154"], acceptedUnitNames: accepted)
}

/// Without school and country tables, with a chosen industry look-up and position list.
private func bareReference(industry: @escaping @Sendable (String) -> CodeEntry? = { codes.entry(in: .industry, matching: $0) },
                           positions: Set<String> = Set(DestinationForm.positions.map(\.code))) -> NationalReference {
    NationalReference(regionLevel: { codes.regionLevel(of: $0) }, major: majors, unitNature: { codes.entry(in: .unitNature, matching: $0) }, industry: industry, positions: positions)
}

private let employed = ["category": "10", "subtype": "10-1", "unit_name": "重庆示范科技有限公司", "unit_location": "500106", "unit_nature": "39", "credit_code": "91110108551385082Q",
                        "industry": "34", "position": "13", "agreement_no": "2025001", "contact_name": "李老师", "contact_phone": "023-12345678", "contact_email": "hr@example.com"]

/// 张明, 2025届本科, every 生源 fact valid, with this registration.
private func record(_ destination: [String: String] = employed, _ change: (inout NationalRecord) -> Void = { _ in }) -> NationalRecord {
    var record = NationalRecord(cohort: 2025, educationCode: "31", educationLevel: .bachelor, examineeNumber: "25500103150001", name: "张明", documentNumber: "110105194912310021",
                                majorCode: "080901", majorName: "计算机科学与技术", sourceRegion: "500103", mobilePhone: "13800001001", destination: destination)
    change(&record)
    return record
}

private func check(_ record: NationalRecord, _ reference: NationalReference = reference()) -> [NationalProblem] { NationalPrecheck.problems(record, reference: reference) }
private func check(_ destination: [String: String], _ reference: NationalReference = reference()) -> [NationalProblem] { check(record(destination), reference) }
/// `base` with some keys changed (nil removes one).
private func with(_ base: [String: String], _ changes: [String: String?]) -> [String: String] { changes.reduce(into: base) { $0[$1.key] = $1.value } }
private func employed(_ changes: [String: String?]) -> [String: String] { with(employed, changes) }
private func one(_ kind: NationalErrorKind, _ field: DestinationField, _ detail: String? = nil) -> [NationalProblem] { [NationalProblem(kind, .destination(field), detail)] }
private func layout(_ record: NationalRecord) -> [String: String] { Dictionary(uniqueKeysWithValues: zip(NationalReportLayout.headers, NationalReportLayout.row(record))) }
private func routed(_ line: NationalFeedback.Line) -> NationalFeedback.Item? { if case .routed(let item) = line { return item } else { return nil } }
private func headerProblem(_ rows: [[String]]) -> String? { do { _ = try NationalFeedback.parse(rows); return nil } catch { return error.message } }

final class NationalReportTests: XCTestCase {
    // MARK: Sync state (C7)

    func testSyncTransitionsFollowTheExportCycle() {
        let table: [(NationalSyncState?, NationalSyncEvent, NationalSyncState?)] = [
            (nil, .reviewStatusReached("初审通过"), .new), (nil, .reviewStatusReached("审核通过"), .new), (nil, .reviewStatusReached("待审核"), nil),
            (nil, .reviewStatusReached("审核不通过"), nil), (.new, .exportStarted, .exporting), (.exporting, .exportConfirmed, .reported),
            (.reported, .recordChanged, .changed), (.changed, .exportStarted, .exporting), (.exporting, .recordChanged, .changed), (.changed, .exportConfirmed, nil),
            (.reported, .feedbackError, .needsReview), (.exporting, .feedbackError, .needsReview), (.changed, .feedbackError, .needsReview), (.new, .feedbackError, nil),
            (.needsReview, .exportStarted, nil), (.needsReview, .recordChanged, nil), (.needsReview, .fixedAfterFeedback, .changed), (nil, .recordChanged, nil),
            (nil, .exportStarted, nil), (.new, .exportConfirmed, nil), (.new, .recordChanged, nil), (.reported, .reviewStatusReached("审核通过"), nil),
            (.reported, .fixedAfterFeedback, nil), (.exporting, .exportStarted, nil),
        ]
        for (state, event, expected) in table {
            XCTAssertEqual(NationalSyncState.next(after: state, on: event), expected, "\(String(describing: state)) + \(event)")
        }
    }

    func testSyncStartStatusIsConfigurableAndStatesHaveChineseLabels() {
        XCTAssertEqual(NationalSyncPolicy().syncStatuses, ["初审通过", "审核通过"])
        let schoolOnly = NationalSyncPolicy(startStatus: "审核通过")
        XCTAssertNil(NationalSyncState.next(after: nil, on: .reviewStatusReached("初审通过"), policy: schoolOnly))
        XCTAssertEqual(NationalSyncState.next(after: nil, on: .reviewStatusReached("审核通过"), policy: schoolOnly), .new)
        XCTAssertEqual(NationalSyncPolicy(startStatus: "网络签约").syncStatuses, ["网络签约"])
        XCTAssertEqual(NationalSyncState.allCases.map(\.label), ["新增", "有改动", "上报中", "已上报", "需复查"])
        XCTAssertEqual(NationalSyncState.allCases.filter(\.isQueued), [.new, .changed])
    }

    // MARK: Error types and the seed's list

    func testSeedErrorsKeepTheSeedWordingFixAndType() {
        let seed: [(NationalErrorKind, String, String, NationalErrorType)] = [
            (.studentNotFound, "根据考生号未查询到毕业生信息，无法修改", "新增毕业生信息", .source),
            (.sourceRegionNotStandard, "生源所在地代码不是标准代码", "核准毕业生生源所在地（若毕业生所在生源所在地行政区划变更，请向系统管理员反馈，并系统管理员统一上报本省高校毕业生就业主管部门）", .source),
            (.sourceRegionNotCounty, "生源所在地要填报到区/县", "生源所在地要填报到区/县一级", .source), (.majorCodeNotStandard, "专业代码不是标准代码", "与学校学籍部门核对", .source),
            (.examineeNumberMismatch, "考生号与学籍中数据不匹配", "与学校学籍部门核对", .source), (.mobilePhoneMissing, "mobilePhone不得为空", "填写学生本人联系电话", .source),
            (.unitNameNotFound, "单位名称不存在", "请核对单位名称，若单位名称正确无误，请向系统管理员反馈，并系统管理员统一上报本省高校毕业生就业主管部门。", .destination),
            (.organizationCodeInvalid, "组织机构代码不正确", "依据就业证明材料核对组织机构代码", .destination), (.industryInvalid, "单位行业不正确", "依据就业证明材料核对单位行业", .destination),
            (.unitNatureInvalid, "单位性质不正确", "依据就业证明材料核对单位性质", .destination), (.positionInvalid, "工作岗位类别不正确", "依据就业证明材料核对工作岗位", .destination),
            (.contactPhoneMissing, "单位联系电话不能为空", "确认并填写单位联系电话", .destination), (.contactEmailInvalid, "单位联系人电子邮箱格式不正确", "确认并填写单位联系人电子邮箱。", .destination),
        ]
        XCTAssertEqual(NationalErrorKind.allCases.filter(\.isFromSeed), seed.map(\.0))
        for (kind, message, fix, type) in seed {
            XCTAssertEqual([kind.message, kind.fix], [message, fix])
            XCTAssertEqual(kind.errorType, type, message)
        }
    }

    func testErrorTypesAndReasonsAreRecognisedInFeedbackText() {
        XCTAssertEqual(NationalErrorType.allCases.map(\.label), ["生源信息错误", "登记信息错误", "档案信息错误"])
        let texts = ["生源信息错误", "登记信息错误", "　档案 信息错误", "生源", "其他错误", ""]
        XCTAssertEqual(texts.map(NationalErrorType.init(feedbackText:)), [.source, .destination, .archive, .source, nil, nil])
        // Reasons are recognised inside longer text and across full-/half-width forms.
        let reasons = ["mobilephone不得为空", "手机号码不得为空", "校验未通过：生源所在地要填报到区／县", "根据考生号未查询到毕业生信息", "单位 名称不存在", "未知错误", ""]
        XCTAssertEqual(reasons.map(NationalErrorKind.recognise), [.mobilePhoneMissing, .mobilePhoneMissing, .sourceRegionNotCounty, .studentNotFound, .unitNameNotFound, nil, nil])
        for kind in NationalErrorKind.allCases { XCTAssertEqual(NationalErrorKind.recognise(kind.message), kind, kind.message) }
    }

    func testProblemTextShowsChineseWordingAndTheFix() {
        let phone = NationalProblem(.mobilePhoneMissing, .source(.phone))
        XCTAssertEqual([phone.message, phone.text, phone.field.label, phone.errorType.label], ["mobilePhone不得为空", "手机号码不得为空。修改方法：填写学生本人联系电话。", "手机号码", "生源信息错误"])
        let email = NationalProblem(.contactEmailInvalid, .destination(.contactEmail), "“x”不是有效的电子邮箱地址。")
        XCTAssertEqual(email.text, "单位联系人电子邮箱格式不正确。“x”不是有效的电子邮箱地址。修改方法：确认并填写单位联系人电子邮箱。")
        XCTAssertEqual([NationalField.source(.sourceRegion).label, NationalField.destination(.unitNature).label], ["生源所在地", "单位性质"])
    }

    // MARK: Precheck — 生源信息

    func testCompleteRecordsPassThePrecheckAndCarryTheirMatchKey() {
        XCTAssertEqual(check(record()), [])
        XCTAssertEqual(record().key, NationalRecordKey(cohort: 2025, education: "31", examineeNumber: "25500103150001"))
        var graduate = GraduateRecord(keys: GraduateField.Key.allCases)
        let values: [GraduateField.Key: String] = [.educationLevel: "11", .examineeNo: "255001031500012", .name: "李华", .documentNumber: "110105194912310021",
                                                   .majorCode: "0812", .majorName: "计算机科学与技术", .sourceRegion: "500103", .phone: "13800001002"]
        for (key, value) in values { graduate[key] = value }
        graduate.cohort = 2025
        graduate.level = .master
        let master = NationalRecord(graduate: graduate, destination: ["category": "801", "unit_name": "重庆大学", "school_code": "10611"], enrolledExamineeNumber: "255001031500012")
        XCTAssertEqual(master.key, NationalRecordKey(cohort: 2025, education: "11", examineeNumber: "255001031500012"))
        XCTAssertEqual(check(master), [])
    }

    func testMissingSourceFactsAndTheMobilePhoneAreReported() {
        let incomplete = record { $0.cohort = nil; $0.educationCode = ""; $0.examineeNumber = ""; $0.name = " "; $0.documentNumber = "" }
        XCTAssertNil(incomplete.key)
        let problems = check(incomplete)
        XCTAssertTrue(problems.allSatisfy { $0.kind == .sourceFieldMissing && $0.errorType == .source })
        XCTAssertEqual(problems.map(\.field), [.source(.cohort), .source(.educationLevel), .source(.examineeNo), .source(.name), .source(.documentNumber)])
        XCTAssertEqual(problems.map(\.detail), ["未填写年度。", "未填写学历。", "未填写考生号，全国系统按考生号查询毕业生信息。", "未填写姓名。", "未填写证件号码。"])
        XCTAssertEqual(check(record { $0.mobilePhone = "" }), [NationalProblem(.mobilePhoneMissing, .source(.phone))])
        XCTAssertEqual(check(record { $0.mobilePhone = "12345" }), [NationalProblem(.mobilePhoneInvalid, .source(.phone), "手机号码“12345”不是 11 位手机号码。")])
        XCTAssertEqual(check(record { $0.mobilePhone = "+86 138 0000 1001" }), [])
    }

    func testExamineeNumberMustMatchTheEnrolmentRecord() {
        let mismatch = check(record { $0.enrolledExamineeNumber = "25500103150002" })
        XCTAssertEqual(mismatch, [NationalProblem(.examineeNumberMismatch, .source(.examineeNo), "考生号 25500103150001 与学籍中的 25500103150002 不一致。")])
        XCTAssertEqual(mismatch.first?.fix, "与学校学籍部门核对")
        XCTAssertEqual(check(record { $0.enrolledExamineeNumber = "２５５００１０３１５０００１" }), [])
        XCTAssertEqual(check(record { $0.examineeNumber = "2550010315" }), [NationalProblem(.examineeNumberMismatch, .source(.examineeNo), "考生号“2550010315”应为 14 位数字（研究生考生编号为 15 位）。")])
    }

    func testSourceRegionMustBeACurrentCountyCode() {
        let cases: [(String, NationalErrorKind, String)] = [
            ("500234", .sourceRegionNotStandard, "生源所在地代码 500234 已因行政区划调整停用，现行代码为 500154，请核准后改用现行代码。"),
            ("500999", .sourceRegionNotStandard, "生源所在地代码 500999 不在现行行政区划代码表中。"), ("渝中区", .sourceRegionNotStandard, "生源所在地“渝中区”不是 6 位行政区划代码。"),
            ("", .sourceRegionNotStandard, "未填写生源所在地。"), ("500100", .sourceRegionNotCounty, "生源所在地代码 500100 是地市级代码。"),
            ("500000", .sourceRegionNotCounty, "生源所在地代码 500000 是省级代码。"),
        ]
        for (code, kind, detail) in cases { XCTAssertEqual(check(record { $0.sourceRegion = code }), [NationalProblem(kind, .source(.sourceRegion), detail)], code) }
        XCTAssertEqual(check(record { $0.sourceRegion = "441900" }), [])
        let chained = NationalReference(regionLevel: { codes.regionLevel(of: $0) }, regionSuccessors: ["500001": "500002", "500002": "500103", "500009": "500008", "500008": "500009"],
                                        major: majors, unitNature: { _ in nil }, industry: { _ in nil })
        XCTAssertEqual(["500001", "500009", "500103"].map(chained.currentRegion(replacing:)), ["500103", nil, nil])
    }

    func testMajorCodeMustBeInTheCatalogueOfTheLevel() {
        XCTAssertEqual(check(record { $0.educationLevel = .master }), [NationalProblem(.majorCodeNotStandard, .source(.majorCode), "专业代码 080901 不在研究生学科专业目录中。")])
        XCTAssertEqual(check(record { $0.majorCode = "0812" }), [NationalProblem(.majorCodeNotStandard, .source(.majorCode), "专业代码 0812 不在本科专业目录中。")])
        XCTAssertEqual(check(record { $0.majorCode = "" }), [NationalProblem(.majorCodeNotStandard, .source(.majorCode), "未填写专业代码。")])
        XCTAssertEqual(check(record { $0.majorName = "软件工程" }), [NationalProblem(.majorCodeNotStandard, .source(.majorName), "专业名称“软件工程”与专业代码 080901 在目录中的名称“计算机科学与技术”不符；同一专业名称可能对应多个专业代码，请按学籍选用。")])
        XCTAssertEqual(check(record { $0.majorName = "计算机科学与技术（人工智能方向）" }), [])
        XCTAssertEqual(majors(nil, "0812")?.label, "计算机科学与技术")
    }

    // MARK: Precheck — 去向登记

    func testCategoriesWithoutAUnitSkipUnitChecks() {
        let stray: [String: String?] = ["unit_nature": "xx", "credit_code": "bad", "contact_phone": "", "unit_name": "某公司"]
        for base in [["category": "70", "subtype": "70L2"], ["category": "71"], ["category": "72", "subtype": "72L1"]] {
            XCTAssertEqual(check(with(base, stray), reference(accepted: ["别的公司"])), [], base["category"]!)
        }
    }

    func testCategoriesWithoutACreditCodeAreNotFlagged() {
        let strict = reference(accepted: ["别的单位"])
        for data in [["category": "10", "subtype": "10-4", "unit_name": "某部队", "unit_nature": "40", "industry": "80", "position": "80"], ["category": "46"],
                     ["category": "10", "subtype": "10-7", "unit_name": "Apple Inc.", "country": "US"], ["category": "85", "unit_name": "University of Oxford", "country": "GBR"],
                     ["category": "801", "unit_name": "重庆大学", "school_code": "10611"]] {
            XCTAssertEqual(check(data, strict), [], data.description)
        }
    }

    func testLocalAndRetiredCategoriesAreHeldBack() {
        let specialPost = ["category": "50L1", "unit_name": "某县第一中学", "unit_location": "500106", "unit_nature": "22", "industry": "42", "position": "24", "contact_phone": "023-1234567"]
        XCTAssertEqual(check(specialPost), one(.categoryInvalid, .category, "“国家特岗教师”（50L1）是本平台代码，全国系统没有这个代码，请系统管理员映射为全国代码后再上报。"))
        XCTAssertEqual(check(["category": "75"]), one(.categoryInvalid, .category, "“75 自主创业”已细分为751 创立公司、752 在孵化机构创业、753 个体工商户创业、754 电子商务创业，请按证明材料改选。"))
        XCTAssertEqual(check(["category": "99"]), one(.categoryInvalid, .category, "毕业去向代码“99”不在毕业去向代码表中。"))
        XCTAssertEqual(check([:]), one(.categoryInvalid, .category, "未登记毕业去向。"))
    }

    func testMissingUnitFieldsUseTheSeedWording() {
        let problems = check(["category": "10", "subtype": "10-1", "unit_location": "500106", "unit_name": " "])
        XCTAssertEqual(problems.map(\.message), ["单位名称不存在", "组织机构代码不正确", "单位性质不正确", "单位行业不正确", "工作岗位类别不正确", "单位联系电话不能为空"])
        XCTAssertEqual(problems.map(\.detail), ["未填写单位名称。", "未填写统一社会信用代码。", "未填写单位性质。", "未填写单位行业。", "未填写工作职位类别。", nil])
        XCTAssertTrue(problems.allSatisfy { $0.errorType == .destination })
    }

    func testUnitNameIsCheckedAgainstAcceptedNamesAfterNormalising() {
        let accepted = reference(accepted: ["重庆示范科技（北京）有限公司"])
        XCTAssertEqual(check(employed(["unit_name": "重庆示范科技 (北京) 有限公司"]), accepted), [])
        XCTAssertEqual(check(employed(["unit_name": "重庆示范科技有限公司"]), accepted), one(.unitNameNotFound, .unitName, "“重庆示范科技有限公司”不在全国系统已接受的单位名称中（已忽略全角/半角括号和空格的差异）。"))
        XCTAssertNil(reference().acceptsUnitName("重庆示范科技有限公司"))
    }

    func testCreditCodeProblemsUseTheOrganizationCodeWording() {
        XCTAssertEqual(check(employed(["credit_code": "91110108551385082X"])), one(.organizationCodeInvalid, .creditCode, "统一社会信用代码校验位不正确，请核对后重新输入。"))
        XCTAssertEqual(check(employed(["credit_code": "110108012345678"])), one(.organizationCodeInvalid, .creditCode, "“110108012345678”是 15 位工商注册号，无法得出组织机构代码，请填写营业执照上的 18 位统一社会信用代码。"))
        // A valid 9-character 组织机构代码 is exported as it is; its registrar is unknown, so any 单位性质 passes.
        XCTAssertEqual(check(employed(["credit_code": "55138508-2", "unit_nature": "10"])), [])
    }

    func testUnitNatureMustMatchTheCreditCodeRegistrar() {
        XCTAssertEqual(check(employed(["unit_nature": "10"])), one(.unitNatureInvalid, .unitNature, "统一社会信用代码以 91 开头（工商部门登记的企业），单位性质应为国有企业、三资企业、其他企业之一。"))
        XCTAssertEqual(check(employed(["credit_code": "12500000MB12345677", "unit_nature": "39"])), one(.unitNatureInvalid, .unitNature, "统一社会信用代码以 12 开头（机构编制部门登记的事业单位），单位性质应为科研设计单位、高等教育单位、中初教育单位、医疗卫生单位、其他事业单位之一。"))
        for (code, nature) in [("12500000MB12345677", "21"), ("11500000MB0012345D", "10"), ("52500000MA12345671", "22")] {
            XCTAssertEqual(check(employed(["credit_code": code, "unit_nature": nature])), [], code)
        }
        XCTAssertEqual(check(employed(["credit_code": "52500000MA12345671", "unit_nature": "31"])).map(\.kind), [.unitNatureInvalid])
        XCTAssertEqual(check(employed(["unit_nature": "88"])), one(.unitNatureInvalid, .unitNature, "单位性质“88”不是单位性质代码表中的代码。"))
        XCTAssertNil(NationalPrecheck.expectedNatures(creditCode: "A1000000MA0000000X"))
    }

    func testIndividualBusinessCodeGoesWithCategory753() {
        let stall = ["category": "753", "unit_name": "张明烧烤店", "unit_location": "500106", "industry": "33", "contact_phone": "13800001002", "credit_code": "91110108551385082Q"]
        XCTAssertEqual(check(stall), one(.organizationCodeInvalid, .creditCode, "个体工商户创业的统一社会信用代码应以 92 开头（个体工商户），91110108551385082Q 不是；如创立的是企业，请改选创立公司。"))
        XCTAssertEqual(check(with(stall, ["credit_code": "92500103MA1234567D"])), [])
        XCTAssertEqual(check(with(stall, ["credit_code": "92500103MA1234567D", "unit_nature": "31"])), one(.unitNatureInvalid, .unitNature, "统一社会信用代码以 92 开头（个体工商户），单位性质应为其他企业、其他之一。"))
        let company = ["category": "751", "unit_name": "重庆张明科技有限公司", "unit_location": "500106", "unit_nature": "39", "credit_code": "92500103MA1234567D", "industry": "34", "contact_phone": "023-12345678"]
        XCTAssertEqual(check(company), one(.organizationCodeInvalid, .creditCode, "以 92 开头的统一社会信用代码属于个体工商户，创立公司应填写企业的代码；如登记的是个体工商户，请改选个体工商户创业。"))
    }

    func testMilitaryCodesGoTogether() {
        let contract = employed(["category": "11", "subtype": nil, "unit_nature": "31"])
        XCTAssertEqual(check(contract), [])
        XCTAssertEqual(check(with(contract, ["unit_nature": "40"])), one(.unitNatureInvalid, .unitNature, "单位性质为部队（40）时，毕业去向应为应征义务兵，或签就业协议形式就业中的部队招收军士或文职人员。"))
        XCTAssertEqual(check(with(contract, ["position": "80"])), one(.positionInvalid, .position, "工作职位类别为军人（80）只适用于应征义务兵或部队招收的军士。"))
        XCTAssertEqual(check(with(contract, ["industry": "80"])), one(.industryInvalid, .industry, "单位行业为军队（80）只适用于应征义务兵或部队招收军士、文职人员。"))
        let sergeant = ["category": "10", "subtype": "10-4", "unit_name": "某部队", "unit_nature": "31", "industry": "80", "position": "80"]
        XCTAssertEqual(check(sergeant), one(.unitNatureInvalid, .unitNature, "部队招收军士或文职人员的单位性质应为部队（40）。"))
        XCTAssertEqual(check(with(sergeant, ["unit_nature": "40", "industry": "34"])), one(.industryInvalid, .industry, "单位性质为部队（40）时，单位行业应为军队（80）。"))
        XCTAssertEqual(check(employed(["subtype": nil, "position": "80"])), one(.positionInvalid, .position, "工作职位类别为军人（80）时，单位性质应为部队（40）。"))
        XCTAssertEqual(check(employed(["subtype": "10-2", "unit_nature": "40"])).map(\.kind), [.unitNatureInvalid])
    }

    func testIndustryUsesTheMOENumericCodesAndInternationalOrganisationsTheirOwn() {
        XCTAssertEqual(check(employed(["industry": "C"])), one(.industryInvalid, .industry, "单位行业“C”是国民经济行业分类的门类字母，全国系统使用教育部数字代码（11–80），请重新选择。"))
        XCTAssertEqual(check(employed(["industry": "99"])), one(.industryInvalid, .industry, "单位行业“99”不是单位行业代码表中的代码（教育部数字代码 11–80）。"))
        // Even a table that holds the GB/T 4754 letters does not make a letter acceptable.
        let letters = bareReference(industry: { $0 == "C" ? CodeEntry(code: "C", label: "制造业") : nil })
        XCTAssertEqual(check(employed(["industry": "C"]), letters).map(\.kind), [.industryInvalid])
        let post = ["category": "10", "subtype": "10-6", "unit_name": "联合国开发计划署", "industry": "34"]
        XCTAssertEqual(check(post), one(.industryInvalid, .industry, "国际组织任职的单位行业应为国际组织（46）。"))
        XCTAssertEqual(check(with(post, ["industry": "46"])), [])
    }

    func testPositionAndUnitLocationUseTheirTables() {
        XCTAssertEqual(check(employed(["position": "12"])), one(.positionInvalid, .position, "工作职位类别“12”不在工作职位类别代码表中。"))
        XCTAssertEqual(check(employed(["position": "24"]), bareReference(positions: ["13"])).map(\.kind), [.positionInvalid])
        let freelance = ["category": "76", "unit_location": "500106", "position": "90", "monthly_income": "5000"]
        XCTAssertEqual(check(with(freelance, ["position": "99"])), one(.positionInvalid, .position, "从事职业类别“99”不在工作职位类别代码表中。"))
        XCTAssertEqual(check(with(freelance, ["unit_location": "500000"])), one(.unitLocationInvalid, .unitLocation, "工作所在地代码 500000 是省级代码。"))
        XCTAssertEqual(check(employed(["unit_location": "500100"])), one(.unitLocationInvalid, .unitLocation, "单位所在地代码 500100 是地市级代码。"))
        XCTAssertEqual(check(employed(["unit_location": "500234"])), one(.unitLocationInvalid, .unitLocation, "单位所在地代码 500234 已因行政区划调整停用，现行代码为 500154，请核准后改用现行代码。"))
    }

    func testFurtherStudyNeedsAKnownSchool() {
        func study(_ category: String, _ code: String?, name: String = "重庆大学") -> [NationalProblem] { check(with(["category": category, "unit_name": name], ["school_code": code])) }
        XCTAssertEqual(study("801", "99999"), one(.organizationCodeInvalid, .schoolCode, "院校代码 99999 不在全国院校代码表中。"))
        XCTAssertEqual(study("801", "80002"), [])
        XCTAssertEqual(study("802", "80002"), one(.organizationCodeInvalid, .schoolCode, "院校代码 80002 不在全国院校代码表中。"))
        XCTAssertEqual(study("801", "abc"), one(.organizationCodeInvalid, .schoolCode, "院校代码“abc”应为 5 位数字或 10 位学校标识码。"))
        XCTAssertEqual(study("801", nil), one(.organizationCodeInvalid, .schoolCode, "未填写院校代码。"))
        XCTAssertEqual(study("801", "10611", name: "重庆理工大学"), one(.unitNameNotFound, .unitName, "录取院校“重庆理工大学”与院校代码 10611 对应的“重庆大学”不一致，全国系统按院校代码表中的名称核对。"))
    }

    func testStudyAbroadNeedsAForeignCountry() {
        func abroad(_ country: String, _ reference: NationalReference = reference()) -> [NationalProblem] { check(["category": "85", "unit_name": "University of Oxford", "country": country], reference) }
        let china = one(.countryInvalid, .country, "留学国家（地区）应为中国大陆以外的国家或地区。")
        XCTAssertEqual(abroad(""), one(.countryInvalid, .country, "未填写留学国家（地区）。"))
        XCTAssertEqual(abroad("CN"), china)
        XCTAssertEqual(abroad("XYZ"), one(.countryInvalid, .country, "留学国家（地区）“XYZ”不在国家和地区代码表中。"))
        XCTAssertEqual(abroad("CHN", bareReference()), china)
        XCTAssertEqual(abroad("12", bareReference()), one(.countryInvalid, .country, "留学国家（地区）“12”不是国家（地区）代码。"))
        XCTAssertEqual(abroad("840", bareReference()), [])
    }

    func testContactPhoneAndEmail() {
        XCTAssertEqual(check(employed(["contact_phone": ""])), one(.contactPhoneMissing, .contactPhone))
        XCTAssertEqual(check(employed(["contact_phone": "abc"])), one(.contactPhoneInvalid, .contactPhone, "“abc”不是电话号码，请填写固定电话（如 023-12345678）或手机号码。"))
        XCTAssertEqual(check(employed(["contact_email": "hr@@example.com"])), one(.contactEmailInvalid, .contactEmail, "“hr@@example.com”不是有效的电子邮箱地址，例如 hr@example.com。"))
        // 单位联系电话 is optional on the form for 基层项目, but the national system wants it for a domestic unit.
        let village = ["category": "502", "unit_name": "某村民委员会", "unit_location": "500106", "unit_nature": "55", "industry": "45", "position": "30"]
        XCTAssertEqual(check(village), one(.contactPhoneMissing, .contactPhone))
    }

    // MARK: Layout (C10)

    func testRowHasChineseHeadersAndDerivesTheOrganizationCodeFromTheCreditCode() {
        let headers = NationalReportLayout.headers
        XCTAssertEqual([headers.count, Set(headers).count, NationalReportLayout.row(record()).count], [27, 27, 27])
        XCTAssertEqual(Array(headers.prefix(12)), ["年度", "学历代码", "考生号", "姓名", "证件号码", "专业代码", "专业名称", "生源所在地代码", "手机号码", "毕业去向代码", "单位名称", "组织机构代码"])
        let row = layout(record())
        let expected = ["年度": "2025", "学历代码": "31", "考生号": "25500103150001", "姓名": "张明", "证件号码": "110105194912310021", "专业代码": "080901", "生源所在地代码": "500103",
                        "手机号码": "13800001001", "毕业去向代码": "10", "单位名称": "重庆示范科技有限公司", "组织机构代码": "551385082", "统一社会信用代码": "91110108551385082Q",
                        "单位性质代码": "39", "单位行业代码": "34", "单位所在地代码": "500106", "工作职位类别代码": "13", "国家（地区）代码": "", "协议书号": "2025001",
                        "单位联系人": "李老师", "单位联系电话": "023-12345678", "联系人电子邮箱": "hr@example.com", "单位备注": ""]
        for (header, value) in expected { XCTAssertEqual(row[header], value, header) }
    }

    func testRowUsesTheSchoolCodeForStudyFixedCodesForConscriptsAndDropsHiddenFields() {
        let study = layout(record(["category": "801", "unit_name": "重庆大学", "school_code": "10611", "unit_nature": "21"]))
        XCTAssertEqual([study["组织机构代码"], study["统一社会信用代码"], study["单位名称"], study["单位性质代码"]], ["10611", "", "重庆大学", ""])
        let conscript = layout(record(["category": "46"]))
        XCTAssertEqual([conscript["单位性质代码"], conscript["单位行业代码"], conscript["工作职位类别代码"], conscript["单位名称"]], ["40", "80", "80", ""])
        let waiting = layout(record(["category": "70", "subtype": "70L2", "unit_name": "某公司", "credit_code": "91110108551385082Q"]))
        XCTAssertEqual([waiting["毕业去向代码"], waiting["单位名称"], waiting["组织机构代码"], waiting["统一社会信用代码"]], ["70", "", "", ""])
    }

    func testRowNormalisesCodesContactsAndUnitNames() {
        let data = employed(["credit_code": "91110108551385082q", "contact_email": "HR@Example.COM", "unit_name": "重庆 示范科技(北京)有限公司"])
        let row = layout(record(data) { $0.mobilePhone = "+86 138-0000-1001"; $0.documentNumber = "11010519491231002x" })
        XCTAssertEqual([row["统一社会信用代码"], row["组织机构代码"], row["联系人电子邮箱"], row["手机号码"], row["证件号码"], row["单位名称"]],
                       ["91110108551385082Q", "551385082", "HR@example.com", "13800001001", "11010519491231002X", "重庆示范科技（北京）有限公司"])
        let oldCodes = ["551385082", "110108012345678"].map { layout(record(with(data, ["credit_code": $0]))) }
        XCTAssertEqual(oldCodes.map { [$0["组织机构代码"], $0["统一社会信用代码"]] }, [["551385082", ""], ["", ""]])
        XCTAssertEqual([NationalUnitName.exported("Apple Inc. "), NationalUnitName.exported("ＡＢＣ科技（重庆） 有限公司")], ["Apple Inc.", "ABC科技（重庆）有限公司"])
    }

    // MARK: Feedback (C8)

    func testFeedbackRowsAreMatchedByYearLevelAndExamineeNumber() throws {
        let items = try NationalFeedback.parse([
            ["序号", "年度", "学历", "考生号", "姓名", "身份证号", "错误类型", "错误原因"],
            ["1", "2025届", "31", "25500103150001", "张明", "11010519491231002x", "生源信息错误", "生源所在地代码不是标准代码"],
            ["2", "2024", "31", "25500103150001", "张明", "", "登记信息错误", "单位名称不存在"],
        ]).compactMap(routed)
        XCTAssertEqual(items.map(\.rowNumber), [2, 3])
        XCTAssertEqual(items.map(\.key), [record().key!, NationalRecordKey(cohort: 2024, education: "31", examineeNumber: "25500103150001")])
        XCTAssertEqual(items.map(\.errorType), [.source, .destination])
        XCTAssertEqual(items.map(\.kind), [.sourceRegionNotStandard, .unitNameNotFound])
        XCTAssertEqual(items.map(\.documentNumber), ["11010519491231002X", nil])
        XCTAssertEqual(items.map(\.name), ["张明", "张明"])
        XCTAssertEqual(items.last?.fix, NationalErrorKind.unitNameNotFound.fix)
    }

    func testFeedbackRowsAreRoutedByErrorTypeAndUnreadableOnesSayWhy() throws {
        let key = ["2025", "31", "25500103150001"]
        let lines = try NationalFeedback.parse([
            ["年度", "学历", "考生号", "错误类型", "错误原因"], ["", "31", "25500103150001", "生源信息错误", "x"], ["二〇二五", "31", "25500103150001", "生源信息错误", "x"],
            ["2025", "", "25500103150001", "生源信息错误", "x"], ["2025", "31", "", "生源信息错误", "x"], ["2025", "31", "2.55001E+13", "生源信息错误", "x"],
            key + ["其他错误", "x"], ["", " ", "", "", ""], key + ["", "mobilePhone不得为空"], key + ["", "数据异常"], key + ["档案信息错误"], key + ["登记信息错误", "单位性质不正确"],
        ])
        XCTAssertEqual(lines.map(\.rowNumber), [2, 3, 4, 5, 6, 7, 9, 10, 11, 12])
        XCTAssertEqual(Array(lines.prefix(6)) + [lines[7]], [
            .unreadable(rowNumber: 2, problem: "第 2 行：缺少年度，无法对应到毕业生。"),
            .unreadable(rowNumber: 3, problem: "第 3 行：年度“二〇二五”无法识别，应为四位年份（如 2025）。"),
            .unreadable(rowNumber: 4, problem: "第 4 行：缺少学历，无法对应到毕业生（考生号在不同学历中可能重复）。"),
            .unreadable(rowNumber: 5, problem: "第 5 行：缺少考生号，无法对应到毕业生。"),
            .unreadable(rowNumber: 6, problem: "第 6 行：考生号“2.55001E+13”被表格软件改成了科学计数法，请把该列设为文本后重新导出。"),
            .unreadable(rowNumber: 7, problem: "第 7 行：错误类型“其他错误”无法识别，应为生源信息错误、登记信息错误、档案信息错误之一。"),
            .unreadable(rowNumber: 10, problem: "第 10 行：缺少错误类型，且无法从错误原因判断，应为生源信息错误、登记信息错误、档案信息错误之一。"),
        ])
        let items = lines.compactMap(routed)
        XCTAssertEqual(items.map(\.errorType), [.source, .archive, .destination])
        XCTAssertEqual(items.map(\.kind), [.mobilePhoneMissing, nil, .unitNatureInvalid])
        XCTAssertEqual(items.map(\.reason), ["mobilePhone不得为空", "", "单位性质不正确"])
        XCTAssertEqual(["2025.0", "2025年", "1999", "20250"].map(NationalFeedback.year), [2025, 2025, nil, nil])
    }

    func testFeedbackAcceptsHeaderAliasesAndMapsEducationLabels() throws {
        let lines = try NationalFeedback.parse([
            [], ["*年度", "学历层次", "KSH", "证件号码", "错误类别", "错误信息"],
            ["2025", "本科生毕业", "25500103150001", "", "登记信息错误", "单位联系电话不能为空"], ["2025", "大专", "25500103150002", "", "登记信息错误", "x"],
        ], educationCode: { ["本科生毕业": "31", "31": "31"][$0] })
        XCTAssertEqual(lines.first.flatMap(routed)?.key, record().key)
        XCTAssertEqual(lines.first.flatMap(routed)?.kind, .contactPhoneMissing)
        XCTAssertEqual(lines.last, .unreadable(rowNumber: 4, problem: "第 4 行：学历“大专”不在学历代码表中。"))
    }

    func testFeedbackWithoutTheKeyColumnsIsRefused() throws {
        let tail = "列（考生号在不同年度、学历中可能重复，须三项一起核对），请上传全国系统导出的原始反馈文件。"
        XCTAssertEqual(headerProblem([]), "反馈文件是空的，请上传全国系统导出的反馈文件。")
        XCTAssertEqual(headerProblem([["年度", "考生号", "错误类型"]]), "反馈文件缺少“学历”" + tail)
        XCTAssertEqual(headerProblem([["考生号", "错误原因"]]), "反馈文件缺少“年度”“学历”" + tail)
        XCTAssertEqual(headerProblem([["年度", "学历", "考生号", "姓名"]]), "反馈文件缺少“错误类型”" + tail)
        let reasonOnly = try NationalFeedback.parse([["年度", "学历", "考生号", "错误原因"], ["2025", "31", "25500103150001", "专业代码不是标准代码"]])
        XCTAssertEqual(reasonOnly.first.flatMap(routed)?.errorType, .source)
    }
}
