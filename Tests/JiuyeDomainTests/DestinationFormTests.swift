import XCTest
@testable import JiuyeDomain

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
}
