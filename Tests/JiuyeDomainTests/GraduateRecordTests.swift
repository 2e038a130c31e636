import Foundation
import XCTest
@testable import JiuyeDomain

/// 生源信息 rows as the school imports them (seed 003 §3.2.1) and as 生源核对 confirms them
/// (seed 004 §2(1)).
final class GraduateRecordTests: XCTestCase {
    // MARK: - Fixtures

    static let lookup: InMemoryCodeLookup = {
        var lookup = InMemoryCodeLookup(tables: [
            .educationLevel: [.init(code: "01", label: "博士生毕业"), .init(code: "11", label: "硕士生毕业"),
                              .init(code: "31", label: "本科生毕业"), .init(code: "41", label: "专科生毕业")],
            .ethnicity: [.init(code: "01", label: "汉族"), .init(code: "02", label: "蒙古族"), .init(code: "05", label: "维吾尔族")],
            .politicalStatus: [.init(code: "01", label: "中共党员"), .init(code: "03", label: "中国共产主义青年团团员"), .init(code: "13", label: "群众")],
            .documentType: [.init(code: "1", label: "居民身份证"), .init(code: "A", label: "护照"), .init(code: "Z", label: "其他")],
            .major: [.init(code: "080901", label: "计算机科学与技术"), .init(code: "010101", label: "哲学"),
                     .init(code: "100201K", label: "临床医学")],
            .region: [.init(code: "500103", label: "重庆市渝中区")],
        ])
        lookup.addRegions(RegionLevel.levels([
            ("500000", .province, nil), ("500100", .city, "500000"), ("500103", .county, "500100"),
            ("440000", .province, nil), ("441900", .city, "440000"),
        ]))
        return lookup
    }()

    /// A fixed "today" so birth dates in the future are predictable.
    static let today = ChineseIDNumber.Day(year: 2025, month: 6, day: 1)
    static let maleID = ChineseIDNumber.completing("50010320030101123")!
    static let femaleID = ChineseIDNumber.completing("50010320030101124")!

    func validator(_ stage: GraduateRecordStage = .schoolImport, form: GraduateRecordForm = .standard) -> GraduateRecordValidator {
        GraduateRecordValidator(form: form, stage: stage, lookup: Self.lookup, today: Self.today)
    }

    /// A complete, valid row (every field, as at confirmation).
    static let goodRow: [String: String] = [
        "cohort": "2025", "education_level": "31", "study_type": "全日制", "normal_student": "非师范生",
        "college": "计算机学院", "class_name": "计科2101", "name": "张三", "gender": "男", "document_type": "1",
        "document_number": maleID, "student_no": "20210001", "examinee_no": "21500103150123",
        "training_mode": "非定向", "major_code": "080901", "major_name": "计算机科学与技术", "years_of_study": "4",
        "ethnicity": "01", "political_status": "03", "region": "500103", "source_region": "500103",
        "enrolment_date": "2021-09", "graduation_date": "2025-06-30", "completion": "毕业", "hardship": "非困难生",
        "phone": "13800138000", "email": "zhangsan@example.com", "home_phone": "023-65678901",
        "home_address": "重庆市渝中区解放碑街道民族路 1 号", "home_postcode": "400010", "qq": "123456789",
        "hukou_moved": "否", "archive_moved": "是",
    ]

    func row(_ changes: [String: String], base: [String: String] = goodRow) -> [String: String] {
        base.merging(changes) { _, new in new }
    }

    /// The problems of a row as (key, message) pairs.
    func problems(_ row: [String: String], _ stage: GraduateRecordStage = .schoolImport) -> [String] {
        validator(stage).validate(row).problems.map { "\($0.key.rawValue): \($0.message)" }
    }

    func value(_ key: GraduateField.Key, _ cell: String, stage: GraduateRecordStage = .schoolImport) -> String? {
        validator(stage).validate(row([key.rawValue: cell])).record?[key]
    }

    // MARK: - A good row

    func testCompleteRowIsNormalised() throws {
        let record = try XCTUnwrap(validator(.confirmation).validate(Self.goodRow).record)
        XCTAssertEqual(record.values, [
            .cohort: "2025", .educationLevel: "31", .studyType: "全日制", .normalStudent: "非师范生",
            .college: "计算机学院", .className: "计科2101", .name: "张三", .gender: "男", .documentType: "1",
            .documentNumber: Self.maleID, .studentNo: "20210001", .examineeNo: "21500103150123",
            .trainingMode: "非定向", .majorCode: "080901", .majorName: "计算机科学与技术", .yearsOfStudy: "4",
            .ethnicity: "01", .politicalStatus: "03", .region: "500103", .sourceRegion: "500103",
            .enrolmentDate: "2021-09", .graduationDate: "2025-06-30", .completion: "毕业", .hardship: "非困难生",
            .phone: "13800138000", .email: "zhangsan@example.com", .homePhone: "023-65678901",
            .homeAddress: "重庆市渝中区解放碑街道民族路 1 号", .homePostcode: "400010", .qq: "123456789",
            .hukouMoved: "否", .archiveMoved: "是",
        ])
        XCTAssertEqual(record.cohort, 2025)
        XCTAssertEqual(record.level, .bachelor)
        XCTAssertEqual(record.documentType, .residentID)
        XCTAssertEqual(record.birthDate?.description, "2003-01-01")
        XCTAssertEqual(record.name, "张三")
        XCTAssertEqual(record.gender, "男")
    }

    func testMessyCellsAreCleanedAsTyped() throws {
        // Full-width digits and letters, ideographic spaces, labels instead of codes,
        // a lower-case x, a zero-width space from a web copy, Excel's numeric ".0".
        let messy = row([
            "cohort": "２０２５届", "education_level": "本科生毕业", "name": "\u{3000}张　三 ", "gender": "1",
            "document_number": " " + Self.maleID.lowercased() + "\u{200B}", "student_no": "２０２１０００１",
            "ethnicity": "汉族", "political_status": "03 中国共产主义青年团团员", "source_region": "500103 渝中区",
            "region": "500103.0", "years_of_study": "四年", "enrolment_date": "2021/9/1", "graduation_date": "2025年6月",
            "phone": "138 0013 8000", "email": "ZhangSan＠Example.COM", "home_postcode": "４０００１０",
            "major_name": "计算机科学与技术（人工智能方向）", "hukou_moved": "N",
        ])
        let record = try XCTUnwrap(validator(.confirmation).validate(messy).record, "\(problems(messy, .confirmation))")
        XCTAssertEqual(record[.cohort], "2025")
        XCTAssertEqual(record[.educationLevel], "31")
        XCTAssertEqual(record[.name], "张 三")
        XCTAssertEqual(record[.gender], "男")
        XCTAssertEqual(record[.documentNumber], Self.maleID.uppercased())
        XCTAssertEqual(record[.studentNo], "20210001")
        XCTAssertEqual(record[.ethnicity], "01")
        XCTAssertEqual(record[.politicalStatus], "03")
        XCTAssertEqual(record[.sourceRegion], "500103")
        XCTAssertEqual(record[.region], "500103")
        XCTAssertEqual(record[.yearsOfStudy], "4")
        XCTAssertEqual(record[.enrolmentDate], "2021-09-01")
        XCTAssertEqual(record[.graduationDate], "2025-06")
        XCTAssertEqual(record[.phone], "13800138000")
        XCTAssertEqual(record[.email], "ZhangSan@example.com")
        XCTAssertEqual(record[.homePostcode], "400010")
        XCTAssertEqual(record[.majorName], "计算机科学与技术(人工智能方向)")
        XCTAssertEqual(record[.hukouMoved], "否")
    }

    // MARK: - Required fields by stage

    func testImportNeedsTheStudentRegistryFields() {
        // Seed 004 ①: the fields that must agree with the 学籍, plus 院系名称 to place the graduate.
        XCTAssertEqual(problems([:]), [
            "cohort: 请填写年度。", "education_level: 请填写学历。", "college: 请填写院系名称。", "name: 请填写姓名。",
            "gender: 请填写性别。", "document_number: 请填写证件号码。", "student_no: 请填写学号。", "examinee_no: 请填写考生号。",
            "training_mode: 请填写培养方式。", "major_code: 请填写专业代码。", "major_name: 请填写专业名称。",
        ])
        let importOnly = Self.goodRow.filter { key, _ in
            GraduateRecordForm.standard.field(GraduateField.Key(rawValue: key)!)!.requirement == .atImport
        }
        XCTAssertEqual(problems(importOnly), [])
    }

    func testConfirmationNeedsEveryField() {
        // Seed 004 ③: every field is required, 定向或委培单位 only for 定向/委培.
        let missing = problems(row(["source_region": "", "phone": "", "qq": "", "completion": ""]), .confirmation)
        XCTAssertEqual(missing, ["source_region: 请填写生源所在地。", "completion: 请填写毕结业结论。",
                                 "phone: 请填写手机号码。", "qq: 请填写QQ。"])
        let relaxed = GraduateRecordForm.standard.with(.qq, .optional)
        XCTAssertTrue(GraduateRecordValidator(form: relaxed, stage: .confirmation, lookup: Self.lookup, today: Self.today)
            .validate(row(["qq": ""])).record != nil)
    }

    func testCellsBeyondTheImportAreCheckedWhenGiven() {
        XCTAssertEqual(problems(row(["qq": "0123"])), ["qq: QQ号应为 5–11 位数字。"])
    }

    // MARK: - 证件号码

    func testResidentIDChecksumIsChecked() {
        let wrong = String(Self.maleID.dropLast()) + (Self.maleID.last == "1" ? "2" : "1")
        XCTAssertEqual(problems(row(["document_number": wrong])), ["document_number: 证件号码校验位不正确，请核对后重新输入。"])
        XCTAssertEqual(problems(row(["document_number": "5001032003010112"])),
                       ["document_number: 请输入 18 位居民身份证号码，您输入了 16 位。"])
        let future = ChineseIDNumber.completing("50010320300101123")!
        XCTAssertEqual(problems(row(["document_number": future])),
                       ["document_number: 身份证号码中的出生日期晚于今天，请核对后重新输入。"])
    }

    func testGenderMustAgreeWithTheIDSexDigit() {
        XCTAssertEqual(problems(row(["gender": "女"])), ["gender: 性别与证件号码不符：证件号码显示为男。"])
        XCTAssertEqual(problems(row(["gender": "男", "document_number": Self.femaleID])),
                       ["gender: 性别与证件号码不符：证件号码显示为女。"])
        XCTAssertEqual(problems(row(["gender": "2", "document_number": Self.femaleID])), [])
    }

    func testExcelScientificNotationIsExplained() {
        XCTAssertEqual(problems(row(["document_number": "5.00103E+17"])),
                       ["document_number: 证件号码被 Excel 存成了数字（科学计数法），请把该列设为文本格式后重新填写。"])
        XCTAssertEqual(problems(row(["student_no": "2.0210001E+11"])),
                       ["student_no: 学号被 Excel 存成了数字（科学计数法），请把该列设为文本格式后重新填写。"])
    }

    func testDocumentTypeDecidesHowTheNumberIsRead() throws {
        let permit = ChineseIDNumber.completing("81000020030101123")!
        // No 证件类型: a residence-permit number says so itself.
        let inferred = try XCTUnwrap(validator().validate(row(["document_type": "", "document_number": permit])).record)
        XCTAssertEqual(inferred[.documentType], "B")
        XCTAssertEqual(inferred.documentType, .hkmoTwResidencePermit)
        // 居民身份证 given with a permit number.
        XCTAssertEqual(problems(row(["document_number": permit])),
                       ["document_number: 这是港澳台居民居住证号码，请将证件类型填写为“港澳台居民居住证”。"])
        // A passport, by label; its number is checked by DocumentNumber.
        let passport = try XCTUnwrap(validator().validate(row(["document_type": "护照", "document_number": "e1234 5678"])).record)
        XCTAssertEqual(passport[.documentType], "A")
        XCTAssertEqual(passport[.documentNumber], "E12345678")
        XCTAssertEqual(problems(row(["document_type": "A", "document_number": "E1"])),
                       ["document_number: 护照号码应为 5–17 位英文字母或数字，请核对后重新输入。"])
        // A table code the identity rules do not know: the number is checked loosely.
        XCTAssertEqual(validator().validate(row(["document_type": "Z", "document_number": "ab-123"])).record?[.documentNumber], "AB-123")
        // An unknown type is reported once, on 证件类型.
        XCTAssertEqual(problems(row(["document_type": "军官证", "document_number": "123"])),
                       ["document_type: 证件类型“军官证”不在代码表中，请填写代码表中的代码、名称或常用简称（见导入模板的“代码表”）。"])
    }

    // MARK: - 生源所在地

    func testSourceRegionMustBeCountyLevel() {
        XCTAssertEqual(problems(row(["source_region": "500000"])), ["source_region: 生源所在地须填写到区县一级，“500000”是省级代码。"])
        XCTAssertEqual(problems(row(["source_region": "500100"])), ["source_region: 生源所在地须填写到区县一级，“500100”是市级代码。"])
        XCTAssertEqual(problems(row(["source_region": "500199"])), ["source_region: 生源所在地“500199”不是标准行政区划代码，请核对后填写区县代码。"])
        XCTAssertEqual(problems(row(["source_region": "渝中"])), ["source_region: 生源所在地请填写 6 位行政区划代码，例如 500103。"])
        // 东莞市 has no districts: its own code is the finest there is.
        XCTAssertEqual(value(.sourceRegion, "441900"), "441900")
        // A full name the region table knows.
        XCTAssertEqual(value(.sourceRegion, "重庆市渝中区"), "500103")
        // 行政区划 takes any level.
        XCTAssertEqual(value(.region, "500000"), "500000")
    }

    func testRegionLevelsPromoteCitiesWithoutCounties() {
        XCTAssertEqual(Self.lookup.regionLevel(of: "441900"), .county)
        XCTAssertEqual(Self.lookup.regionLevel(of: "500100"), .city)
        XCTAssertTrue(Self.lookup.isCountyLevel(regionCode: "500103"))
        XCTAssertFalse(Self.lookup.isCountyLevel(regionCode: "500000"))
    }

    // MARK: - 专业

    func testMajorCodeMustBeInTheCatalogue() {
        XCTAssertEqual(problems(row(["major_code": "080999"])), ["major_code: 专业代码“080999”不是标准代码，请与学籍部门核对。"])
        // A name in the code column is not a code.
        XCTAssertEqual(problems(row(["major_code": "计算机科学与技术"])),
                       ["major_code: 专业代码“计算机科学与技术”不是标准代码，请与学籍部门核对。"])
        // Excel dropped the leading 0; the suffix letter is upper-cased.
        XCTAssertEqual(validator().validate(row(["major_code": "10101", "major_name": "哲学"])).record?[.majorCode], "010101")
        XCTAssertEqual(validator().validate(row(["major_code": "100201k", "major_name": "临床医学"])).record?[.majorCode], "100201K")
    }

    func testMajorNameMustMatchItsCode() {
        XCTAssertEqual(problems(row(["major_name": "软件工程"])), ["major_name: 专业名称与专业代码不符：代码 080901 对应“计算机科学与技术”。"])
        XCTAssertEqual(value(.majorName, "计算机科学与技术(卓越工程师班)"), "计算机科学与技术(卓越工程师班)")
        XCTAssertEqual(problems(row(["major_name": "计算机科学与技术专业"])),
                       ["major_name: 专业名称与专业代码不符：代码 080901 对应“计算机科学与技术”。"])
    }

    // MARK: - Code tables and choices

    func testCodesAreReadFromCodesLabelsAndDropDownPairs() {
        XCTAssertEqual(value(.ethnicity, "01"), "01")
        XCTAssertEqual(value(.ethnicity, "1"), "01")  // Excel dropped the leading 0
        XCTAssertEqual(value(.ethnicity, "1.0"), "01")
        XCTAssertEqual(value(.ethnicity, "蒙古族"), "02")
        XCTAssertEqual(value(.ethnicity, "05-维吾尔族"), "05")
        XCTAssertEqual(value(.ethnicity, "汉族（01）"), "01")
        XCTAssertEqual(value(.politicalStatus, "13|群众"), "13")
        // Without aliases in the table, a short name is refused, and the message says what is accepted.
        XCTAssertEqual(problems(row(["ethnicity": "汉"])), ["ethnicity: 民族“汉”不在代码表中，请填写代码表中的代码、名称或常用简称（见导入模板的“代码表”）。"])
        XCTAssertEqual(problems(row(["education_level": "本科"])), ["education_level: 学历“本科”不在代码表中，请填写代码表中的代码、名称或常用简称（见导入模板的“代码表”）。"])
    }

    /// The names people type: a table's aliases resolve to its code, as a code or label does.
    static let aliasLookup: InMemoryCodeLookup = {
        var lookup = GraduateRecordTests.lookup
        lookup.add([.init(code: "31", label: "本科生毕业", aliases: ["本科", "大学本科"]), .init(code: "11", label: "硕士生毕业", aliases: ["硕士", "研究生"]),
                    .init(code: "01", label: "博士生毕业", aliases: ["博士"]), .init(code: "L1", label: "专科生毕业", aliases: ["专科", "大专"])],
                   to: .educationLevel)
        lookup.add([.init(code: "01", label: "汉族", aliases: ["汉"]), .init(code: "02", label: "蒙古族", aliases: ["蒙古"])], to: .ethnicity)
        lookup.add([.init(code: "01", label: "中国共产党党员", aliases: ["中共党员", "党员"]),
                    .init(code: "03", label: "中国共产主义青年团团员", aliases: ["共青团员", "团员"]),
                    .init(code: "13", label: "群众", aliases: ["团员"]),  // an alias two codes share matches neither
                    .init(code: "02", label: "中国共产党预备党员", aliases: ["预备党员", "群众"])],  // never overrides a label
                   to: .politicalStatus)
        lookup.add([.init(code: "1", label: "居民身份证", aliases: ["身份证", "sfz"])], to: .documentType)
        return lookup
    }()

    func testAliasesResolveToTheirCode() {
        let validator = GraduateRecordValidator(form: .standard, stage: .schoolImport, lookup: Self.aliasLookup, today: Self.today)
        func value(_ key: GraduateField.Key, _ cell: String) -> String? { validator.validate(row([key.rawValue: cell])).record?[key] }
        XCTAssertEqual(value(.educationLevel, "本科"), "31")
        XCTAssertEqual(validator.validate(row(["education_level": "本科"])).record?.level, .bachelor)
        XCTAssertEqual(value(.educationLevel, "硕士"), "11")
        XCTAssertEqual(validator.validate(row(["education_level": "研究生"])).record?.level, .master)
        XCTAssertEqual(value(.educationLevel, "大专"), "L1")
        XCTAssertEqual(value(.educationLevel, "本科生毕业"), "31")   // the name still works
        XCTAssertEqual(value(.educationLevel, "31"), "31")           // and the code
        XCTAssertEqual(value(.ethnicity, "汉"), "01")
        XCTAssertEqual(value(.ethnicity, " 蒙古 "), "02")
        XCTAssertEqual(value(.politicalStatus, "共青团员"), "03")
        XCTAssertEqual(value(.politicalStatus, "共青 团员"), "03")      // a space typed inside
        XCTAssertEqual(value(.politicalStatus, "党员"), "01")
        XCTAssertEqual(value(.politicalStatus, "预备党员"), "02")
        XCTAssertEqual(value(.politicalStatus, "03 共青团员"), "03")   // a drop-down pair with an alias
        XCTAssertEqual(value(.documentType, "身份证"), "1")
        XCTAssertEqual(value(.documentType, "SFZ"), "1")              // ASCII aliases ignore case
        // "群众" is the label of 13 and an alias of 02: the label wins.
        XCTAssertEqual(value(.politicalStatus, "群众"), "13")
        // "团员" is an alias of both 03 and 13: ambiguous, so refused rather than guessed.
        XCTAssertEqual(validator.validate(row(["political_status": "团员"])).problems.map(\.key), [.politicalStatus])
        XCTAssertNil(Self.aliasLookup.entry(in: .politicalStatus, matching: "团员"))
        XCTAssertEqual(Self.aliasLookup.entry(in: .educationLevel, matching: "本科")?.code, "31")
        // A cell no code, name or alias knows is still refused.
        XCTAssertEqual(validator.validate(row(["education_level": "本科生"])).problems.map(\.message),
                       ["学历“本科生”不在代码表中，请填写代码表中的代码、名称或常用简称（见导入模板的“代码表”）。"])
    }

    func testEducationLevelGivesThePlatformLevel() {
        let levels = ["01": EducationLevel.doctor, "11": .master, "31": .bachelor, "41": .junior]
        for (code, level) in levels {
            XCTAssertEqual(validator().validate(row(["education_level": code])).record?.level, level, code)
        }
    }

    func testChoicesAcceptTheirSpellingsOnly() {
        XCTAssertEqual(value(.gender, "男性"), "男")
        XCTAssertEqual(value(.studyType, "普通全日制"), "全日制")
        XCTAssertEqual(value(.normalStudent, "免费师范生"), "公费师范生")
        XCTAssertEqual(value(.hardship, "就业及家庭困难"), "就业困难和家庭困难")
        XCTAssertEqual(value(.archiveMoved, "y"), "是")
        XCTAssertEqual(problems(row(["gender": "未知"])), ["gender: 性别只能填写：男、女。"])
        XCTAssertEqual(problems(row(["training_mode": "自筹"])), ["training_mode: 培养方式只能填写：非定向、定向、委培。"])
        XCTAssertEqual(problems(row(["completion": "肄业"])), ["completion: 毕结业结论只能填写：毕业、结业。"])
    }

    func testSponsorUnitFollowsTrainingMode() {
        XCTAssertEqual(problems(row(["sponsor_unit": "重庆市教委"])), ["sponsor_unit: 培养方式为非定向时，定向或委培单位应为空。"])
        XCTAssertEqual(problems(row(["training_mode": "定向"]), .confirmation), ["sponsor_unit: 培养方式为定向或委培时，请填写定向或委培单位。"])
        // The import does not insist; the record is completed before confirmation.
        XCTAssertEqual(problems(row(["training_mode": "定向"])), [])
        XCTAssertEqual(validator(.confirmation).validate(row(["training_mode": "委托培养", "sponsor_unit": "重庆市教委"])).record?[.sponsorUnit], "重庆市教委")
    }

    // MARK: - Dates

    func testDateVariants() {
        let cases: [String: String?] = [
            "2022-09": "2022-09", "2022-9": "2022-09", "2022/9/1": "2022-09-01", "2022.09": "2022-09",
            "2022.9.1": "2022-09-01", "202209": "2022-09", "20220901": "2022-09-01", "2022年9月": "2022-09",
            "2022年9月1日": "2022-09-01", "2022-09-01 00:00:00": "2022-09-01", "2022-09-01T08:30": "2022-09-01",
            "44805": "2022-09-01", "44805.0": "2022-09-01", "２０２２－０９": "2022-09",
            "2022": nil, "2022-13": nil, "2022-02-30": nil, "22-09": nil, "九月": nil, "2022-09-01abc": nil, "12345": nil,
        ]
        for (cell, expected) in cases {
            XCTAssertEqual(GraduateDate.parse(CellText.clean(cell))?.description, expected, cell)
        }
        XCTAssertEqual(problems(row(["enrolment_date": "2021秋"])),
                       ["enrolment_date: 入学日期格式不正确，请填写如 2022-09 或 2022-09-01 的日期。"])
    }

    func testGraduationMustFollowEnrolment() {
        XCTAssertEqual(problems(row(["enrolment_date": "2021-09", "graduation_date": "2021-07"])), ["graduation_date: 毕业日期应晚于入学日期。"])
        XCTAssertEqual(problems(row(["enrolment_date": "2021-09", "graduation_date": "2021-09"])), ["graduation_date: 毕业日期应晚于入学日期。"])
        XCTAssertEqual(problems(row(["enrolment_date": "2021-09-01", "graduation_date": "2021-09-30"])), [])
    }

    // MARK: - Other cells

    func testYearsOfStudy() {
        for (cell, expected) in ["4": "4", "4年": "4", "4.0": "4", "2.5": "2.5", "2.5年": "2.5", "三年半": "3.5", "八年": "8"] {
            XCTAssertEqual(value(.yearsOfStudy, cell), expected, cell)
        }
        for cell in ["0", "9", "4.3", "四年多", "abc"] {
            XCTAssertEqual(problems(row(["years_of_study": cell])), ["years_of_study: 修业年限应为 1 至 8 年，整年或半年，例如 4 或 2.5。"], cell)
        }
    }

    func testCohortIsAYear() {
        XCTAssertEqual(value(.cohort, "2025年"), "2025")
        XCTAssertEqual(value(.cohort, "2025.0"), "2025")
        XCTAssertEqual(problems(row(["cohort": "25届"])), ["cohort: 年度应为 4 位年份，例如 2025。"])
    }

    func testNames() {
        XCTAssertEqual(value(.name, "阿依古丽.买买提"), "阿依古丽·买买提")
        XCTAssertEqual(value(.name, "阿依古丽•买买提"), "阿依古丽·买买提")
        XCTAssertEqual(value(.name, "John F. Smith"), "John F. Smith")
        XCTAssertEqual(problems(row(["name": "张三1"])), ["name: 姓名不能包含数字。"])
        XCTAssertEqual(problems(row(["name": "张三（班长）"])), ["name: 姓名只能包含文字、空格和间隔号“·”。"])
        XCTAssertEqual(problems(row(["name": "张\u{FFFD}"])),
                       ["name: 姓名含有无法识别的字符“?”，请检查文件的编码（Excel 另存为 CSV 时请选择 UTF-8 或 GBK）。"])
        XCTAssertEqual(problems(row(["name": String(repeating: "张", count: 51)])), ["name: 姓名不能超过 50 个字。"])
    }

    func testIdentifiers() {
        XCTAssertEqual(problems(row(["student_no": "2021/0001"])), ["student_no: 学号只能包含字母、数字、“-”和“_”，最多 30 位。"])
        XCTAssertEqual(value(.examineeNo, "100036000012345"), "100036000012345")
        XCTAssertEqual(problems(row(["examinee_no": "2150010315012"])), ["examinee_no: 考生号应为 14 位数字（研究生考生编号为 15 位）。"])
    }

    func testContactThroughTheIdentityRules() {
        XCTAssertEqual(problems(row(["phone": "1380013800"])), ["phone: 请输入正确的 11 位手机号码。"])
        XCTAssertEqual(problems(row(["email": "zhangsan@"])), ["email: 邮箱地址格式不正确，请检查后重新输入，例如 name@example.com。"])
        XCTAssertEqual(value(.phone, "+86 138-0013-8000"), "13800138000")
        XCTAssertEqual(value(.homePhone, "13800138000"), "13800138000")
        XCTAssertEqual(problems(row(["home_phone": "12345"])), ["home_phone: 家庭电话格式不正确，请填写区号加号码（如 023-65678901）或手机号码。"])
        XCTAssertEqual(value(.homePostcode, "10000"), "010000")
        XCTAssertEqual(problems(row(["home_postcode": "4000"])), ["home_postcode: 家庭邮编应为 6 位数字。"])
        XCTAssertEqual(problems(row(["home_address": String(repeating: "路", count: 201)])), ["home_address: 家庭地址不能超过 200 个字。"])
    }

    func testProblemsCarryLabelRawValueAndFieldOrder() {
        let outcome = validator().validate(row(["name": "张三1", "cohort": "", "gender": "女", "source_region": "500000"]))
        XCTAssertEqual(outcome.record, nil)
        XCTAssertEqual(outcome.problems, [
            GraduateRecordProblem(key: .cohort, label: "年度", value: "", message: "请填写年度。"),
            GraduateRecordProblem(key: .name, label: "姓名", value: "张三1", message: "姓名不能包含数字。"),
            GraduateRecordProblem(key: .gender, label: "性别", value: "女", message: "性别与证件号码不符：证件号码显示为男。"),
            GraduateRecordProblem(key: .sourceRegion, label: "生源所在地", value: "500000", message: "生源所在地须填写到区县一级，“500000”是省级代码。"),
        ])
        XCTAssertEqual(outcome.problems[1].description, "姓名「张三1」：姓名不能包含数字。")
    }

    // MARK: - Header row

    func testHeaderMappingByLabelsAndAliases() {
        let titles = [" 年度* ", "学历层次", "院系", "姓名＊", "性别(必填)", "身份证号", "学号", "考生号", "培养方式",
                      "专业代码", "专业名称", "生源地", "入学日期（格式：2022-09）", "毕业年月", "ＱＱ", "email", "", "备注"]
        let mapping = GraduateRecordForm.standard.mapHeader(titles, stage: .schoolImport)
        XCTAssertEqual(mapping.keys, [.cohort, .educationLevel, .college, .name, .gender, .documentNumber, .studentNo,
                                      .examineeNo, .trainingMode, .majorCode, .majorName, .sourceRegion, .enrolmentDate,
                                      .graduationDate, .qq, .email, nil, nil])
        XCTAssertEqual(mapping.missing, [])
        XCTAssertEqual(mapping.unknown, ["备注"])
        XCTAssertTrue(mapping.isUsable)
        XCTAssertEqual(mapping.messages, ["以下列无法识别，导入时将忽略：备注。"])
        let cells = ["2025", "31", "计算机学院", "张三", "男", Self.maleID, "20210001", "21500103150123", "非定向",
                     "080901", "计算机科学与技术", "500103", "2021-09", "", "", "", "x", "忽略"]
        let row = mapping.row(cells)
        XCTAssertEqual(row["cohort"], "2025")
        XCTAssertEqual(row["graduation_date"], nil)
        XCTAssertEqual(row.count, 13)
        XCTAssertNotNil(validator().validate(row).record)
    }

    func testHeaderMappingReportsMissingAndDuplicateColumns() {
        let mapping = GraduateRecordForm.standard.mapHeader(["姓名", "学号", "证件号码", "身份证号码", "专业"], stage: .schoolImport)
        XCTAssertEqual(mapping.missing, [.cohort, .educationLevel, .college, .gender, .examineeNo, .trainingMode, .majorCode])
        XCTAssertEqual(mapping.duplicates, ["身份证号码"])
        XCTAssertEqual(mapping.keys, [.name, .studentNo, .documentNumber, nil, .majorName])
        XCTAssertFalse(mapping.isUsable)
        XCTAssertEqual(mapping.messages, [
            "缺少必填列：年度、学历、院系名称、性别、考生号、培养方式、专业代码。请使用导入模板，或补充这些列后重新上传。",
            "以下列重复出现：身份证号码。请删除重复的列后重新上传。",
        ])
        let confirming = GraduateRecordForm.standard.mapHeader(GraduateRecordForm.standard.templateTitles(for: .schoolImport), stage: .confirmation)
        XCTAssertEqual(confirming.missing, [])
        XCTAssertEqual(confirming.keys.compactMap { $0 }, GraduateRecordForm.standard.fields.map(\.key))
    }

    func testTemplateTitlesMarkRequiredColumns() {
        let titles = GraduateRecordForm.standard.templateTitles(for: .schoolImport)
        XCTAssertEqual(Array(titles.prefix(11)), ["年度*", "学历*", "学历类型", "师范生类别", "院系名称*", "班级名称", "姓名*", "性别*",
                                                  "证件类型", "证件号码*", "学号*"])
        XCTAssertEqual(titles.count, GraduateField.Key.allCases.count)
    }

    func testEveryTitleAndAliasNamesOneField() {
        var owners: [String: GraduateField.Key] = [:]
        for field in GraduateRecordForm.standard.fields {
            for title in [field.label] + field.aliases {
                let normalised = GraduateRecordForm.normalisedTitle(title)
                XCTAssertNil(owners[normalised], "\(title) is claimed twice")
                owners[normalised] = field.key
                XCTAssertEqual(GraduateRecordForm.standard.key(forTitle: title), field.key, title)
            }
        }
    }

    func testSheetCellsReadTheSameAsARowByKey() {
        let titles = ["学号", "备注", "姓名", "性别", "证件号码", "年度", "学历", "院系名称", "考生号", "培养方式", "专业代码", "专业名称"]
        let mapping = GraduateRecordForm.standard.mapHeader(titles, stage: .schoolImport)
        let good = ["20210001", "x", "张三", "男", Self.maleID, "2025", "31", "计算机学院", "21500103150123", "非定向", "080901", "计算机科学与技术"]
        let bad = ["20210001", "", "张三", "女", Self.maleID, "25", "31", "计算机学院", "21500103150123", "非定向", "080901"]  // short row
        for cells in [good, bad] {
            XCTAssertEqual(validator().validate(cells: cells, mapping: mapping), validator().validate(mapping.row(cells)))
        }
        XCTAssertEqual(validator().validate(cells: bad, mapping: mapping).problems.map(\.message),
                       ["年度应为 4 位年份，例如 2025。", "性别与证件号码不符：证件号码显示为男。", "请填写专业名称。"])
    }

    // MARK: - Fast paths agree with the identity rules

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
        mutating func pick(_ text: String) -> Character { Array(text)[next(text.count)] }
    }

    func testResidentIDFastPathAgreesWithChineseIDNumber() {
        var random = Generator(state: 11643)
        var accepted = 0
        for _ in 0..<10_000 {
            var first17 = ["50010", "11010", "81000", "83000", "01010", "90000"][random.next(6)] + String(random.next(10))
            first17 += String(1890 + random.next(140))
            first17 += String(format: "%02d%02d", random.next(14), random.next(33))
            first17 += String(format: "%03d", random.next(1000))
            let correct = ChineseIDNumber.completing(first17)!
            let text: String
            switch random.next(4) {
            case 0: text = first17 + String(random.pick("0123456789X"))
            case 1: text = correct.lowercased()
            default: text = correct
            }
            let fast = FastPath.residentID(text, today: Self.today)
            let slow = try? ChineseIDNumber(validating: text, today: Self.today)
            if let fast {
                accepted += 1
                XCTAssertEqual(fast.value, slow?.value, text)
                XCTAssertEqual(fast.kind, slow?.kind, text)
                XCTAssertEqual(fast.isMale, slow?.isMale, text)
                XCTAssertEqual([fast.birth.year, fast.birth.month, fast.birth.day], slow.map { [$0.birthYear, $0.birthMonth, $0.birthDay] }, text)
            } else if let slow, slow.value == text {
                XCTFail("fast path refused \(text), which ChineseIDNumber accepts")
            }
        }
        XCTAssertGreaterThan(accepted, 500)
    }

    func testMobileFastPathAgreesWithMobilePhone() {
        var random = Generator(state: 86)
        for _ in 0..<10_000 {
            let length = [10, 11, 11, 11, 12][random.next(5)]
            let text = String((0..<length).map { _ in random.pick("0111123456789") })
            let slow = try? MobilePhone(validating: text)
            if let fast = FastPath.mobile(text) {
                XCTAssertEqual(fast, slow?.value, text)
            } else if let slow, slow.value == text {
                XCTFail("fast path refused \(text), which MobilePhone accepts")
            }
        }
    }

    func testEmailFastPathAgreesWithEmailAddress() {
        var random = Generator(state: 254)
        let alphabet = "abcXYZ019.-_+@@..--!#~'"
        let corpus = ["a@b.cn", "zhang.san@example.com", "Z@EXAMPLE.COM", "a..b@x.cn", ".a@x.cn", "a.@x.cn", "a@x", "a@x.c",
                      "a@x.c1", "a@-x.cn", "a@x-.cn", "a@x..cn", "a@xn--fiqs8s", "a@x.xn--fiqs8s", "a@b@c.cn", "@x.cn", "a@.cn",
                      String(repeating: "a", count: 64) + "@x.cn", String(repeating: "a", count: 65) + "@x.cn",
                      "a@" + String(repeating: "b", count: 63) + ".cn", "a@" + String(repeating: "b", count: 64) + ".cn",
                      "a@" + Array(repeating: String(repeating: "b", count: 60), count: 5).joined(separator: ".") + ".cn"]
        var accepted = 0
        let generated = (0..<15_000).map { _ -> String in
            let local = String((0..<(1 + random.next(8))).map { _ in random.pick(alphabet) })
            let domain = String((0..<(1 + random.next(10))).map { _ in random.pick("abcXN09-..") })
            return local + "@" + domain + ["", ".cn", ".com", ".c", ".xn--p1ai", ".12"][random.next(6)]
        }
        for text in corpus + generated {
            let slow = try? EmailAddress(validating: text)
            if let fast = FastPath.email(text) {
                accepted += 1
                XCTAssertEqual(fast, slow?.value, text)
            } else if slow != nil {
                XCTFail("fast path refused \(text), which EmailAddress accepts")
            }
        }
        XCTAssertGreaterThan(accepted, 500)
    }

    // MARK: - Cell text

    func testCellTextCleaning() {
        XCTAssertEqual(CellText.clean("abc"), "abc")
        XCTAssertEqual(CellText.clean("  a \t b  "), "a b")
        XCTAssertEqual(CellText.clean("\u{3000}张\u{00A0}\u{00A0}三\u{FEFF}"), "张 三")
        XCTAssertEqual(CellText.clean("ＡＢ１２"), "AB12")
        XCTAssertEqual(CellText.clean("张三"), "张三")
        XCTAssertEqual(CellText.compact(" 5001 03 "), "500103")
        XCTAssertTrue(CellText.isScientificNotation("4.10101E+17"))
        XCTAssertTrue(CellText.isScientificNotation("2e+11"))
        XCTAssertFalse(CellText.isScientificNotation("E12345678"))  // a passport
        XCTAssertFalse(CellText.isScientificNotation("1E12345"))
        XCTAssertFalse(CellText.isScientificNotation("1.2.3E+4"))
        XCTAssertEqual(CellText.droppingZeroFraction("500103.0"), "500103")
        XCTAssertEqual(CellText.droppingZeroFraction("2.5"), "2.5")
    }

    // MARK: - Throughput (by hand)

    /// Not a timed test: `GRADUATE_THROUGHPUT=1 swift test --filter testThroughput` prints rows/second.
    func testThroughput() throws {
        try XCTSkipUnless(ProcessInfo.processInfo.environment["GRADUATE_THROUGHPUT"] != nil, "set GRADUATE_THROUGHPUT=1 to measure")
        let count = 100_000
        let names = ["张三", "李四", " 王五 ", "欧阳娜娜", "阿依古丽·买买提", "Ｌｉ　Ｍｉｎｇ"]
        var rows: [[String: String]] = []
        rows.reserveCapacity(count)
        for n in 0..<count {
            let id = ChineseIDNumber.completing("500103200\(n % 10)0\(1 + n % 9)1\(n % 10)\(String(format: "%03d", n % 1000))")!
            let male = id.utf8[id.utf8.index(id.utf8.startIndex, offsetBy: 16)] % 2 == 1
            rows.append(row(["name": names[n % names.count], "gender": male ? "男" : "女",
                             "document_number": id, "student_no": "B\(n)", "phone": "139\(String(format: "%08d", n))",
                             "enrolment_date": "2021/9/1", "ethnicity": n % 3 == 0 ? "汉族" : "01"]))
        }
        let validator = self.validator(.confirmation)
        let start = Date()
        var valid = 0
        for row in rows where validator.validate(row).record != nil { valid += 1 }
        let seconds = Date().timeIntervalSince(start)
        print("GraduateRecordValidator: \(count) rows in \(String(format: "%.2f", seconds)) s = \(Int(Double(count) / seconds)) rows/s, \(valid) valid")
        XCTAssertEqual(valid, count)
    }
}
