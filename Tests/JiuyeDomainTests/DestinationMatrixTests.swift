import XCTest
@testable import JiuyeDomain

/// A valid value for every field, so a test fills exactly what a category requires.
let sampleDestinationValues: [DestinationField: String] = [
    .unitName: "重庆示范科技有限公司", .unitLocation: "500106", .position: "13", .remark: "",
    .unitNature: "39", .creditCode: "91110000600037341L", .industry: "34", .agreementNumber: "2025500001",
    .unitAddress: "重庆市沙坪坝区大学城中路 1 号", .unitPostcode: "401331", .contactName: "王老师",
    .contactPhone: "023-65432100", .contactFax: "023-65432101", .contactEmail: "hr@example.com", .contactMobile: "13800138000",
    .employmentStart: "2025-07-01", .employmentEnd: "2026-06-30", .monthlyIncome: "4500", .schoolCode: "10611", .country: "840",
]

/// Every matrix row: the category code and, for 签就业协议形式就业, each 情形.
let destinationRowCases: [(category: String, subtype: String?)] = DestinationForm.categories.flatMap { category in
    let subtypes = category.heading.subtypes.map(\.key)
    return subtypes.isEmpty ? [(category.code, nil)] : subtypes.map { (category.code, $0) }
}

final class DestinationMatrixTests: XCTestCase {
    func testEveryCategoryAndEveryAgreementCaseHasARow() {
        for category in DestinationForm.categories {
            XCTAssertNotNil(DestinationMatrix.row(category: category.code), category.code)
        }
        for subtype in DestinationHeading.employmentAgreement.subtypes {
            XCTAssertEqual(DestinationMatrix.row(category: "10", subtype: subtype.key)?.key, subtype.key)
        }
        XCTAssertEqual(DestinationMatrix.row(category: "10", subtype: "70L1")?.key, "10")
        XCTAssertEqual(DestinationMatrix.row(category: "70", subtype: "70L2")?.key, "70")
        XCTAssertNil(DestinationMatrix.row(category: "75"))
        XCTAssertEqual(Set(DestinationMatrix.rows.map(\.key)).count, DestinationMatrix.rows.count)
    }

    func testEveryRowIsAnAssumptionWithItsBasis() {
        for row in DestinationMatrix.rows {
            XCTAssertTrue(row.isAssumption, row.key)
            XCTAssertFalse(row.basis.isEmpty, row.key)
            XCTAssertEqual(row.presence(of: .category), .required, row.key)
            XCTAssertNotEqual(row.presence(of: .remark), .absent, row.key)
            XCTAssertTrue(row.required.isDisjoint(with: row.optional), row.key)
        }
    }

    func testRequiredFieldsAreEnforcedForEveryRow() {
        for (code, subtype) in destinationRowCases {
            let row = DestinationMatrix.row(category: code, subtype: subtype)!
            var data = ["category": code]
            if let subtype { data["subtype"] = subtype }
            let problems = DestinationForm.check(data).problems
            let expected = Set(row.required.map(\.key)).subtracting(["category", "subtype"])
                .union(subtype == nil && !DestinationForm.category(code)!.heading.subtypes.isEmpty ? ["subtype"] : [])
            XCTAssertEqual(Set(problems.keys), expected, "\(code) \(subtype ?? "")")
        }
    }

    func testAnyRowFilledWithItsRequiredFieldsMaySubmit() {
        for (code, subtype) in destinationRowCases {
            let row = DestinationMatrix.row(category: code, subtype: subtype)!
            var data = ["category": code]
            if let subtype { data["subtype"] = subtype }
            for field in row.required where field != .category && field != .subtype { data[field.key] = sampleDestinationValues[field] }
            let check = DestinationForm.check(data)
            XCTAssertEqual(check.problems, [:], "\(code) \(subtype ?? "")")
            XCTAssertEqual(Set(check.normalized.keys), Set(data.keys), "\(code) \(subtype ?? "")")
        }
    }

    func testAbsentFieldsAreNeitherDemandedNorCheckedNorKept() {
        let data = ["category": "70", "subtype": "70L2", "unit_name": "某公司", "credit_code": "not a code", "monthly_income": "abc"]
        let check = DestinationForm.check(data)
        XCTAssertEqual(check.problems, [:])
        XCTAssertEqual(check.normalized, ["category": "70", "subtype": "70L2"])
        XCTAssertEqual(DestinationForm.check(["category": "71"]).problems, [:])
        XCTAssertEqual(DestinationForm.check(["category": "46"]).problems, [:])
    }

    func testUnitsWithoutAChineseCodeAreNotAskedForOne() {
        for (code, subtype) in [("10", "10-4"), ("10", "10-6"), ("10", "10-7"), ("46", nil), ("76", nil), ("801", nil), ("802", nil), ("80L1", nil), ("85", nil)] {
            XCTAssertEqual(DestinationMatrix.row(category: code, subtype: subtype)?.presence(of: .creditCode), .absent, code + (subtype ?? ""))
        }
        for code in ["752", "753", "754", "502", "512", "50L1"] {
            XCTAssertEqual(DestinationMatrix.row(category: code)?.presence(of: .creditCode), .optional, code)
        }
        for code in ["10", "11", "12", "271", "272", "751"] {
            XCTAssertEqual(DestinationMatrix.row(category: code)?.presence(of: .creditCode), .required, code)
        }
        XCTAssertEqual(DestinationMatrix.row(category: "801")?.presence(of: .schoolCode), .required)
        XCTAssertEqual(DestinationMatrix.row(category: "85")?.presence(of: .country), .required)
        XCTAssertEqual(DestinationMatrix.row(category: "10", subtype: "10-7")?.presence(of: .country), .required)
        XCTAssertEqual(DestinationMatrix.row(category: "10", subtype: "10-7")?.presence(of: .unitLocation), .absent)
    }

    func testRulesNeedingDataHaveTheirFields() {
        let other = DestinationMatrix.row(category: "12")!
        XCTAssertEqual(other.rules, [.minimumWage, .employmentPeriod, .twoLevelSignOff])
        for field in [DestinationField.employmentStart, .employmentEnd, .monthlyIncome, .unitLocation] {
            XCTAssertEqual(other.presence(of: field), .required, field.key)
        }
        XCTAssertEqual(DestinationMatrix.row(category: "271")?.rules, [.minimumWage])
        XCTAssertEqual(DestinationMatrix.row(category: "76")?.rules, [.minimumWage, .twoLevelSignOff])
        for row in DestinationMatrix.rows where row.rules.contains(.minimumWage) {
            XCTAssertEqual(row.presence(of: .monthlyIncome), .required, row.key)
            XCTAssertEqual(row.presence(of: .unitLocation), .required, row.key)
        }
        XCTAssertEqual(DestinationMatrix.rows.filter { $0.rules.contains(.twoLevelSignOff) }.map(\.key), ["12", "76"])
        XCTAssertTrue(DestinationForm.check(["category": "12"]).requiresTwoLevelSignOff)
        XCTAssertFalse(DestinationForm.check(["category": "11"]).requiresTwoLevelSignOff)
    }

    func testAgreementCaseOneNeedsTheAgreementNumber() {
        XCTAssertEqual(DestinationMatrix.row(category: "10", subtype: "10-1")?.presence(of: .agreementNumber), .required)
        XCTAssertEqual(DestinationMatrix.row(category: "10", subtype: "10-2")?.presence(of: .agreementNumber), .optional)
        XCTAssertEqual(DestinationMatrix.row(category: "12")?.presence(of: .agreementNumber), .absent)
    }

    func testLabelsFollowTheCategory() {
        XCTAssertEqual(DestinationMatrix.row(category: "754")?.label(of: .unitAddress), "网店网址")
        XCTAssertEqual(DestinationMatrix.row(category: "85")?.label(of: .country), "留学国家（地区）")
        XCTAssertEqual(DestinationMatrix.row(category: "11")?.label(of: .unitName), "单位名称")
        XCTAssertEqual(DestinationForm.check(["category": "76"]).problems["unit_location"], "请选择工作所在地（选到区县一级）。")
        XCTAssertEqual(DestinationForm.check(["category": "10"]).problems["subtype"], "请选择签约情形。")
        XCTAssertEqual(DestinationForm.check(["category": "70", "subtype": "10-1"]).problems["subtype"], "请从列表中选择待就业状态。")
        XCTAssertEqual(DestinationMatrix.row(category: "70")?.shownFields, [.category, .remark, .subtype])
    }

    func testEvidenceFollowsTheReviewStandard() {
        XCTAssertEqual(DestinationMatrix.row(category: "12")?.evidence, [DestinationEvidence(.employmentCertificate, .otherProof)])
        XCTAssertEqual(DestinationMatrix.row(category: "46")?.evidence.first?.label, "预定兵通知书或入伍通知书")
        XCTAssertEqual(DestinationMatrix.row(category: "10", subtype: "10-3")?.evidence, [DestinationEvidence(.directedTrainingAgreement)])
        for code in ["70", "71", "72"] { XCTAssertEqual(DestinationMatrix.row(category: code)?.evidence, [], code) }
        for row in DestinationMatrix.rows where !["70", "71", "72"].contains(row.key) { XCTAssertFalse(row.evidence.isEmpty, row.key) }

        let shop = DestinationForm.check(["category": "754"]).evidence
        XCTAssertEqual(DestinationEvidence.missing(shop, uploaded: [.onlineShopScreenshot]).map(\.missingMessage), ["请上传证明材料：交易流水。"])
        XCTAssertEqual(DestinationEvidence.missing(shop, uploaded: [.onlineShopScreenshot, .transactionRecords]), [])
        XCTAssertEqual(DestinationReviewStandard.onlineSigningEvidence.count, 3)
    }
}
