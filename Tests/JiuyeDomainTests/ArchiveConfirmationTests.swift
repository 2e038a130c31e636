import JiuyeDomain
import XCTest

/// 派遣信息核对 under the current rules (seed 003 §3.6; modules review C12): 档案转递, 户口迁移,
/// 报到证 fields only before 2023, change requests, default routing and the 就业方案 columns.
final class ArchiveConfirmationTests: XCTestCase {
    let context2024 = ArchiveConfirmation.Context(cohort: 2024, category: "10")

    let valid: [ArchiveField: String] = [
        .receiver: "重庆市渝中区就业和人才服务局", .address: "重庆市渝中区中山三路131号", .phone: "023-63891234",
        .postcode: "400015", .contact: "李老师",
        .hukouToSourceRegion: "否", .hukouAddress: "重庆市渝中区中山三路131号", .policeStation: "重庆市公安局渝中区分局上清寺派出所",
    ]

    func problems(_ data: [ArchiveField: String], _ context: ArchiveConfirmation.Context) -> [ArchiveField: String] {
        switch ArchiveConfirmation.check(data, context: context) {
        case .success: [:]
        case .failure(let problems): problems.messages
        }
    }

    func testReportCardFieldsApplyOnlyBefore2023() {
        XCTAssertTrue(ArchiveConfirmation.reportCardFieldsApply(cohort: 2022))
        XCTAssertFalse(ArchiveConfirmation.reportCardFieldsApply(cohort: 2023))
        XCTAssertFalse(ArchiveConfirmation.reportCardFieldsApply(cohort: 2024))
        let old = ArchiveConfirmation.visibleFields(.init(cohort: 2022, category: "10"))
        XCTAssertTrue(old.contains(.reportCardIssuer))
        XCTAssertFalse(old.contains(.transferNumber))
        let current = ArchiveConfirmation.visibleFields(context2024)
        XCTAssertFalse(current.contains { $0.group == .reportCard })
        XCTAssertEqual(current.suffix(2), [.transferNumber, .verificationNumber])
    }

    func testLabelsAreTheManuals() {
        XCTAssertEqual(ArchiveConfirmation.graduateFields(context2024).map(\.label), [
            "档案转寄单位名称", "档案转寄单位地址", "档案转寄联系电话", "档案转寄邮编", "档案转寄联系人",
            "是否迁回生源地", "户口迁往地址", "接收派出所",
        ])
        XCTAssertEqual(ArchiveField.reportCardCategory.label, "报到证签发类别")
    }

    func testConfirmationNeedsEveryArchiveAndHukouField() throws {
        XCTAssertEqual(problems(valid, context2024), [:])
        let empty = problems([:], context2024)
        XCTAssertEqual(Set(empty.keys), Set(ArchiveConfirmation.graduateFields(context2024)))
        XCTAssertEqual(empty[.hukouToSourceRegion], "请选择是否迁回生源地。")
        XCTAssertEqual(empty[.receiver], "请填写档案转寄单位名称。")
    }

    func testValuesAreCheckedAndNormalized() throws {
        var data = valid
        data[.hukouToSourceRegion] = "Y"
        data[.phone] = "139 1234 5678"
        data[.postcode] = "４０００１５"
        let confirmed = try ArchiveConfirmation.check(data, context: context2024).get()
        XCTAssertEqual(confirmed[.hukouToSourceRegion], "是")
        XCTAssertEqual(confirmed[.phone], "13912345678")
        XCTAssertEqual(confirmed[.postcode], "400015")
        data[.postcode] = "40001"
        data[.phone] = "63891234"
        data[.receiver] = "人才"
        let found = problems(data, context2024)
        XCTAssertEqual(found[.postcode], "档案转寄邮编应为 6 位数字，请核对。")
        XCTAssertTrue(found[.phone]!.contains("带区号"))
        XCTAssertTrue(found[.receiver]!.contains("全称"))
    }

    func testFieldsOutsideTheSchoolAreNotAsked() throws {
        let noHukou = ArchiveConfirmation.Context(cohort: 2024, category: "10", hukouInSchool: false)
        var data = valid
        data[.hukouAddress] = ""
        let confirmed = try ArchiveConfirmation.check(data, context: noHukou).get()
        XCTAssertNil(confirmed.values[.hukouToSourceRegion], "values of fields that do not apply are dropped")
        let nothing = ArchiveConfirmation.Context(cohort: 2024, category: "70", archiveInSchool: false, hukouInSchool: false)
        XCTAssertEqual(try ArchiveConfirmation.check([:], context: nothing).get().values, [:])
    }

    func testChangeRequestNeedsAFieldANewValueAndAReason() throws {
        let request = try ArchiveChangeRequest.check(field: .receiver, newValue: "重庆市沙坪坝区就业和人才服务局", reason: "单位委托的人才服务机构有变",
                                                     current: valid, context: context2024).get()
        XCTAssertEqual(request.field, .receiver)
        XCTAssertEqual(request.newValue, "重庆市沙坪坝区就业和人才服务局")

        func parts(_ field: ArchiveField?, _ value: String, _ reason: String, _ context: ArchiveConfirmation.Context? = nil) -> [ArchiveChangeRequest.Part: String] {
            switch ArchiveChangeRequest.check(field: field, newValue: value, reason: reason, current: valid, context: context ?? context2024) {
            case .success: [:]
            case .failure(let problems): problems.messages
            }
        }
        XCTAssertEqual(parts(nil, "x", ""), [.field: "请选择要修改的字段。", .reason: "请填写修改原因，以便学校核实。"])
        XCTAssertEqual(parts(.postcode, "4000", "邮编写错")[.value], "档案转寄邮编应为 6 位数字，请核对。")
        XCTAssertEqual(parts(.postcode, " 400015 ", "邮编写错")[.value], "修改后的档案转寄邮编与原内容相同，请填写新的内容。")
        XCTAssertTrue(parts(.transferNumber, "ABC123", "编号不对")[.field]!.contains("全国高校毕业生毕业去向登记系统"))
        XCTAssertTrue(parts(.reportCardIssuer, "某单位", "改派", .init(cohort: 2022, category: "10"))[.field]!.contains("改派"))
        XCTAssertTrue(parts(.hukouAddress, "某地", "搬家", .init(cohort: 2024, category: "10", hukouInSchool: false))[.field]!.contains("户口迁移"))
        XCTAssertTrue(parts(.contact, "王老师", String(repeating: "因", count: 201))[.reason]!.contains("200"))
    }

    func testDefaultArchiveRoutePerDestination() {
        XCTAssertEqual(ArchiveRoute.defaultRoute(category: "10"), .employer)
        XCTAssertEqual(ArchiveRoute.defaultRoute(category: "11"), .employer)
        XCTAssertEqual(ArchiveRoute.defaultRoute(category: "801"), .admittingSchool)
        XCTAssertEqual(ArchiveRoute.defaultRoute(category: "46"), .enlistment)
        XCTAssertEqual(ArchiveRoute.defaultRoute(category: "502"), .projectArea)
        for code in ["70", "71", "72", "76", "751", "85", "未知"] {
            XCTAssertEqual(ArchiveRoute.defaultRoute(category: code), .sourceRegion, code)
        }
        XCTAssertEqual(ArchiveRoute.employer.suggestedReceiver(unitName: " 重庆某某科技有限公司 "), "重庆某某科技有限公司")
        XCTAssertNil(ArchiveRoute.sourceRegion.suggestedReceiver(unitName: "重庆某某科技有限公司"))
        XCTAssertEqual(ArchiveRoute.sourceRegion.label, "生源地公共就业人才服务机构")
    }

    func testNationalNumbersAreImportedAsTheyCome() {
        XCTAssertEqual(ArchiveConfirmation.nationalNumber(" zd2024-000123 ", field: .transferNumber), "ZD2024-000123")
        XCTAssertNil(ArchiveConfirmation.nationalNumber("", field: .verificationNumber))
        XCTAssertNil(ArchiveConfirmation.nationalNumber("编号", field: .verificationNumber))
        XCTAssertNil(ArchiveConfirmation.nationalNumber("123", field: .receiver), "only the two national fields")
    }

    func testEmploymentPlanColumnsFollowTheCohort() {
        let current = EmploymentPlanLayout.headers(cohort: 2024)
        XCTAssertEqual(current.prefix(3), ["毕业年度", "学历", "考生号"])
        XCTAssertTrue(current.contains("档案转寄单位名称") && current.contains("接收派出所"))
        XCTAssertEqual(current.suffix(2), ["转递编号", "核验编号"])
        XCTAssertFalse(current.contains("报到证签发类别"))
        let old = EmploymentPlanLayout.headers(cohort: 2022)
        XCTAssertTrue(old.contains("报到证签发类别") && old.contains("单位隶属"))
        XCTAssertFalse(old.contains("转递编号"))
        XCTAssertEqual(Set(current).count, current.count, "no header twice")
    }
}
