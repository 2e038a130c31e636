import JiuyeDomain
import XCTest

/// The graduate's part of 生源信息核对 and 申请修改 (seed 003 §3.2.2, §3.2.5).
final class SourceContactFormTests: XCTestCase {
    let valid = ["hukou_moved": "否", "archive_moved": "是", "qq": "123456789", "home_postcode": "400044", "email": "a@example.com",
                 "phone": "13912345678", "home_phone": "023-65678901", "home_address": "重庆市沙坪坝区沙正街174号"]

    func testEveryFieldIsRequiredAndCheckedAsTheImportChecksIt() {
        XCTAssertEqual(SourceContactForm.problems(valid), [:])
        let empty = SourceContactForm.problems([:])
        XCTAssertEqual(Set(empty.keys), Set(SourceContactForm.keys.map(\.rawValue)))
        XCTAssertEqual(empty["hukou_moved"], "请选择户口是否转入学校。", "a choice says 请选择")
        XCTAssertEqual(empty["qq"], "请填写QQ。")
        var bad = valid
        bad["home_postcode"] = "4000"
        bad["qq"] = "0123"
        bad["phone"] = "1391234567"
        let problems = SourceContactForm.problems(bad)
        XCTAssertEqual(Set(problems.keys), ["home_postcode", "qq", "phone"])
        XCTAssertTrue(problems["home_postcode"]!.contains("邮"), problems["home_postcode"]!)
    }

    func testNormalizedStoresChoicesByLabel() {
        var typed = valid
        typed["hukou_moved"] = "Y"
        XCTAssertEqual(SourceContactForm.normalized(typed)?["hukou_moved"], "是")
        typed["qq"] = "x"
        XCTAssertNil(SourceContactForm.normalized(typed))
    }

    func testAmendmentChecksTheValueAndCarriesTheRequest() {
        let lookup = InMemoryCodeLookup(tables: [.politicalStatus: [CodeEntry(code: "01", label: "中国共产党党员", aliases: ["中共党员"]),
                                                                   CodeEntry(code: "03", label: "中国共产主义青年团团员", aliases: ["共青团员"])]])
        XCTAssertEqual(try SourceAmendment.check(.politicalStatus, "中共党员", lookup: lookup).get(), "01")
        guard case .failure(let problem) = SourceAmendment.check(.politicalStatus, "火星党", lookup: lookup) else { return XCTFail("accepted") }
        XCTAssertTrue(problem.message.contains("政治面貌"), problem.message)
        XCTAssertFalse(SourceAmendment.fields.contains(.studentNo), "学籍 fields are not asked for")
        XCTAssertFalse(SourceAmendment.fields.contains(.name))

        let request = SourceAmendment.apply(.politicalStatus, stored: "01", typed: "中共党员", to: valid)
        XCTAssertEqual(SourceAmendment.requested(in: request)?.key, .politicalStatus)
        XCTAssertEqual(SourceAmendment.requested(in: request)?.value, "01")
        XCTAssertEqual(request["phone"], valid["phone"], "the contact fields stay as they were")
        // A contact field changes in place; the request names it but carries nothing to apply.
        let phone = SourceAmendment.apply(.phone, stored: "13700000000", typed: "13700000000", to: request)
        XCTAssertEqual(phone["phone"], "13700000000")
        XCTAssertEqual(phone["amend_field"], "phone")
        XCTAssertNil(SourceAmendment.requested(in: phone), "an earlier request is not carried over")
    }
}
