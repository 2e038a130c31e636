import XCTest
@testable import JiuyeDomain

/// `DestinationForm.problems(_:)`, the check the app runs today: the original five keys, plus any
/// field the data carries.
final class DestinationFormTests: XCTestCase {
    func testEmploymentNeedsUnitLocationAndPosition() {
        XCTAssertEqual(DestinationForm.problems(["category": "11"]),
                       ["unit_name": "请填写单位名称。", "unit_location": "请填写单位所在地。", "position": "请选择工作职位类别。"])
        XCTAssertEqual(DestinationForm.problems(["category": "11", "unit_name": "重庆示范科技有限公司", "unit_location": "重庆市沙坪坝区", "position": "13"]), [:])
    }

    func testFurtherStudyNeedsOnlyTheSchool() {
        XCTAssertEqual(DestinationForm.problems(["category": "801"]), ["unit_name": "请填写录取院校。"])
        XCTAssertEqual(DestinationForm.problems(["category": "801", "unit_name": "重庆大学"]), [:])
    }

    func testNotYetEmployedNeedsNothingElse() {
        XCTAssertEqual(DestinationForm.problems(["category": "70"]), [:])
    }

    func testUnknownCategoryAndOverlongTextAreRefused() {
        XCTAssertEqual(DestinationForm.problems([:]), ["category": "请选择毕业去向。"])
        XCTAssertEqual(DestinationForm.problems(["category": "999"]), ["category": "请选择毕业去向。"])
        XCTAssertEqual(DestinationForm.problems(["category": "70", "remark": String(repeating: "字", count: 501)]), ["remark": "备注不能超过 500 个字。"])
    }

    func testCodesAreUnique() {
        XCTAssertEqual(Set(DestinationForm.categories.map(\.code)).count, DestinationForm.categories.count)
        XCTAssertEqual(Set(DestinationForm.positions.map(\.code)).count, DestinationForm.positions.count)
    }

    func testAFieldTheFormSendsIsDemandedWhenTheCategoryRequiresIt() {
        let base = ["category": "11", "unit_name": "重庆示范科技有限公司", "unit_location": "重庆市沙坪坝区", "position": "13"]
        XCTAssertEqual(DestinationForm.problems(base.merging(["credit_code": "", "contact_name": ""]) { $1 }),
                       ["credit_code": "请填写统一社会信用代码。", "contact_name": "请填写单位联系人。"])
        XCTAssertEqual(DestinationForm.problems(base.merging(["credit_code": "91110000600037341X"]) { $1 }),
                       ["credit_code": "统一社会信用代码校验位不正确，请核对后重新输入。"])
    }

    func testOldSelfEmploymentCodeIsShownButMustBeRefined() {
        XCTAssertEqual(DestinationForm.category("75")?.label, "自主创业")
        XCTAssertFalse(DestinationForm.categories.contains { $0.code == "75" })
        XCTAssertEqual(DestinationForm.problems(["category": "75", "unit_name": "重庆青禾创意工作室"]),
                       ["category": "「自主创业」现分为创立公司、在孵化机构创业、个体工商户创业、电子商务创业，请重新选择毕业去向。"])
    }

    func testCategoriesFollowSeed004WithTheirCodesAndGroups() {
        XCTAssertEqual(DestinationForm.categories.map(\.code), [
            "10", "11", "12", "271", "272", "46", "50L1", "502", "503", "51L1", "512", "51L2", "51L3", "51L4", "519",
            "751", "752", "753", "754", "76", "801", "802", "80L1", "85", "70", "71", "72",
        ])
        XCTAssertEqual(DestinationForm.categories.filter { !$0.isNationalCode }.map(\.code), ["50L1", "51L1", "51L2", "51L3", "51L4", "80L1"])
        XCTAssertEqual(DestinationForm.category("801")?.displayLabel, "境内升学—研究生")
        XCTAssertEqual(DestinationForm.category("502")?.displayLabel, "国家基层项目—三支一扶")
        XCTAssertEqual(DestinationForm.category("271")?.displayLabel, "科研助理、管理助理")
        XCTAssertEqual(DestinationForm.category("11")?.displayLabel, "签劳动合同形式就业")
        XCTAssertEqual(DestinationForm.category("85")?.group, .furtherStudy)
        XCTAssertEqual(DestinationForm.category("46")?.group, .unitEmployment)
        XCTAssertEqual(DestinationForm.category("753")?.group, .entrepreneurship)
        XCTAssertEqual(DestinationForm.category("71")?.group, .notSeekingEmployment)
        XCTAssertFalse(DestinationGroup.awaitingEmployment.countsAsPlaced)
        XCTAssertTrue(DestinationGroup.freelance.countsAsPlaced)
    }

    func testEveryHeadingHasItsCategoriesDefinitionAndReviewStandard() {
        XCTAssertEqual(DestinationHeading.allCases.count, 14)
        for heading in DestinationHeading.allCases {
            XCTAssertFalse(heading.categories.isEmpty, heading.label)
            XCTAssertFalse(heading.definition.isEmpty, heading.label)
            let needsProof = heading.group.countsAsPlaced
            XCTAssertEqual(heading.reviewStandard != nil, needsProof, heading.label)
        }
        XCTAssertEqual(DestinationHeading.employmentAgreement.subtypes.count, 7)
        XCTAssertEqual(DestinationHeading.awaitingEmployment.subtypes.map(\.label),
                       ["暂未登记或上报", "求职中", "签约中", "拟参加公招考试", "拟创业", "拟应征入伍", "就业见习"])
        XCTAssertEqual(DestinationHeading.notSeekingEmployment.subtypes.map(\.key), ["72L1", "72L2"])
    }

    func testReviewStandardIsTheCategorysOwnSentenceWhereTheManualGivesOne() {
        XCTAssertEqual(DestinationForm.category("271")?.reviewStandard, "（1）科研助理、管理助理（编码271），依据高校、科研机构或企业出具的证明，薪酬需达到当地最低工资标准")
        XCTAssertEqual(DestinationForm.category("754")?.reviewStandard?.hasPrefix("（4）电子商务创业（编码754）"), true)
        XCTAssertEqual(DestinationForm.category("12")?.reviewStandard, DestinationHeading.otherHiring.reviewStandard)
        XCTAssertNil(DestinationForm.category("70")?.reviewStandard)
        XCTAssertEqual(DestinationSubtype.find("10-7", in: .employmentAgreement)?.reviewStandard, "依据国（境）外用人单位出具的接收证明或出国签证文件。")
    }

    func testPlaceLabelAndLocationFollowTheMatrix() {
        XCTAssertEqual(DestinationForm.category("801")?.placeLabel, "录取院校")
        XCTAssertEqual(DestinationForm.category("512")?.placeLabel, "录用单位")
        XCTAssertNil(DestinationForm.category("76")?.placeLabel)
        XCTAssertNil(DestinationForm.category("70")?.placeLabel)
        XCTAssertEqual(DestinationForm.category("11")?.needsLocation, true)
        XCTAssertEqual(DestinationForm.category("85")?.needsLocation, false)
    }
}
