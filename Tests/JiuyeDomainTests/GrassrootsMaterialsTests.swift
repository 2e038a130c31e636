import JiuyeDomain
import XCTest

/// The upload list of each 基层就业 case (review D11; seed 000 §6.1, §6.2, §6.4).
final class GrassrootsMaterialsTests: XCTestCase {
    typealias Kind = GrassrootsMaterials.Kind
    typealias Field = GrassrootsForm.Field

    let hospital: [Field: String] = [.industry1: "医院", .aidMode: "学费补偿"]

    func kinds(_ stage: GrassrootsStage, _ form: [Field: String]) -> [Kind] {
        GrassrootsMaterials.required(stage: stage, form: form).map(\.kind)
    }

    func testKindsAndLabels() {
        XCTAssertEqual(Kind.applicationForm.rawValue, "grassroots-form")
        XCTAssertEqual(Kind.contract.label, "就业协议或劳动合同（服务期三年以上）")
        XCTAssertEqual(Kind.hardshipProof.label, "在艰苦行业生产第一线工作证明")
        XCTAssertEqual(Kind.secretPlaceProof.label, "工作地点保密证明")
        XCTAssertEqual(Kind.mobilePlaceProof.label, "工作地点流动证明")
        XCTAssertEqual(Kind.offshoreProof.label, "海上作业证明")
        XCTAssertEqual(Kind.secondAssignment.label, "二次分配就业证明")
        XCTAssertEqual(Kind.applicationForm.label(for: .first), "在职在岗确认表（盖章）")
        XCTAssertEqual(Kind.applicationForm.label(for: .apply), Kind.applicationForm.label)
        XCTAssertEqual(Kind.allCases.filter(\.isTemplate), [.applicationForm])
    }

    func testApplicationList() {
        for stage in [GrassrootsStage.apply, .applyReview] {
            let list = GrassrootsMaterials.required(stage: stage, form: hospital)
            XCTAssertEqual(list.map(\.kind), [.applicationForm, .contract, .employmentProof, .tuitionProof], stage.rawValue)
            XCTAssertEqual(list[0], GrassrootsMaterials.Material(kind: .applicationForm, label: "基层就业申请表（盖章）", isTemplate: true, hint: nil))
            XCTAssertEqual(list.filter(\.isTemplate).count, 1)
            XCTAssertTrue(list.allSatisfy { $0.hint == nil })
        }
    }

    func testConfirmationList() {
        for stage in [GrassrootsStage.first, .firstReview, .second, .secondReview] {
            let list = GrassrootsMaterials.required(stage: stage, form: [.unitName: "某医院"])
            XCTAssertEqual(list.map(\.kind), [.applicationForm, .onDutyProof], stage.rawValue)
            XCTAssertEqual(list[0].label, "在职在岗确认表（盖章）")
            XCTAssertTrue(list[0].isTemplate)
            XCTAssertEqual(list[1].label, "在岗证明")
        }
        // Application-only facts do not add application-only materials to a confirmation.
        let civil: [Field: String] = [.industry1: "公务员", .departmentsSame: "否", .hardshipIndustries: "地质"]
        XCTAssertEqual(kinds(.second, civil), [.applicationForm, .onDutyProof])
    }

    func testPlaceProofs() {
        XCTAssertEqual(kinds(.apply, hospital.merging([.placeSpecial: "系统中未找到对应地址"]) { $1 }),
                       [.applicationForm, .contract, .employmentProof, .tuitionProof], "未找到 needs no proof")
        XCTAssertEqual(kinds(.apply, hospital.merging([.placeSpecial: "工作地点保密"]) { $1 }).last, .secretPlaceProof)
        XCTAssertEqual(kinds(.apply, hospital.merging([.placeSpecial: "工作地点流动"]) { $1 }).last, .mobilePlaceProof)
        XCTAssertEqual(kinds(.apply, hospital.merging([.placeSpecial: "海上作业"]) { $1 }).last, .offshoreProof)
        XCTAssertEqual(kinds(.firstReview, [.placeSpecial: "海上作业"]), [.applicationForm, .onDutyProof, .offshoreProof])
        XCTAssertEqual(kinds(.second, [.placeSpecial: "工作地点保密"]), [.applicationForm, .onDutyProof, .secretPlaceProof])
        XCTAssertEqual(kinds(.first, [.placeSpecial: "工作地点流动"]), [.applicationForm, .onDutyProof, .mobilePlaceProof])
        XCTAssertEqual(kinds(.first, [.placeSpecial: "系统中未找到对应地址"]), [.applicationForm, .onDutyProof])
    }

    func testHardshipProofWhenAHardshipIndustryIsTicked() {
        XCTAssertEqual(kinds(.apply, hospital.merging([.hardshipIndustries: "地质、煤炭"]) { $1 }),
                       [.applicationForm, .contract, .employmentProof, .tuitionProof, .hardshipProof])
        XCTAssertFalse(kinds(.apply, hospital.merging([.specialUnitTypes: "乡镇卫生院"]) { $1 }).contains(.hardshipProof),
                       "a 特定类型单位 needs no hardship proof")
    }

    func testSecondAssignmentOnlyWhenDepartmentsDiffer() {
        let same: [Field: String] = [.industry1: "公务员", .departmentsSame: "是", .sameDepartment: "乡镇政府"]
        XCTAssertFalse(kinds(.apply, same).contains(.secondAssignment), "是: 无需上传二次分配就业证明")
        let differ: [Field: String] = [.industry1: "公务员", .departmentsSame: "否", .hiringDepartment: "乡镇政府", .actualDepartment: "村（居）委会"]
        let list = GrassrootsMaterials.required(stage: .apply, form: differ)
        XCTAssertEqual(list.map(\.kind), [.applicationForm, .contract, .employmentProof, .tuitionProof, .secondAssignment])
        XCTAssertNil(list.last?.hint)
        for higher in GrassrootsForm.higherHiringDepartments {
            let hinted = GrassrootsMaterials.required(stage: .applyReview, form: differ.merging([.hiringDepartment: higher]) { $1 })
            XCTAssertEqual(hinted.last?.kind, .secondAssignment)
            XCTAssertEqual(hinted.last?.hint, "请务必上传含有县级以上（含县级）组织部门盖章的二次分配就业证明", higher)
        }
        XCTAssertFalse(kinds(.apply, [.industry1: "医院", .departmentsSame: "否"]).contains(.secondAssignment), "not a 公务员")
    }

    func testEveryConditionalTogetherInListOrder() {
        let form: [Field: String] = [.industry1: "公务员", .departmentsSame: "否", .hiringDepartment: "乡镇政府", .actualDepartment: "乡镇政府",
                                     .hardshipIndustries: "其他", .placeSpecial: "海上作业"]
        XCTAssertEqual(kinds(.apply, form), [.applicationForm, .contract, .employmentProof, .tuitionProof, .secondAssignment, .hardshipProof, .offshoreProof])
    }

    func testMissing() {
        let form = hospital.merging([.placeSpecial: "工作地点保密"]) { $1 }
        XCTAssertEqual(GrassrootsMaterials.missing(stage: .apply, form: form, uploaded: []).map(\.kind),
                       [.applicationForm, .contract, .employmentProof, .tuitionProof, .secretPlaceProof])
        XCTAssertEqual(GrassrootsMaterials.missing(stage: .apply, form: form, uploaded: ["grassroots-contract", "tuition-proof", "on-duty-proof"]).map(\.kind),
                       [.applicationForm, .employmentProof, .secretPlaceProof], "an upload the list does not ask for counts for nothing")
        let all = Set(GrassrootsMaterials.required(stage: .apply, form: form).map(\.kind.rawValue))
        XCTAssertEqual(GrassrootsMaterials.missing(stage: .apply, form: form, uploaded: all), [])
        XCTAssertEqual(GrassrootsMaterials.missing(stage: .first, form: [:], uploaded: ["grassroots-form"]).map(\.label), ["在岗证明"])
    }
}
