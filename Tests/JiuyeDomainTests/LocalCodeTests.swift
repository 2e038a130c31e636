@testable import JiuyeDomain
import XCTest

final class LocalCodeTests: XCTestCase {
    func testLettersAndDigitsUpToTwentyAreAccepted() {
        XCTAssertEqual(LocalCode.problems(code: "12L01", name: "自主创业（校内孵化）"), [:])
        XCTAssertEqual(LocalCode.problems(code: String(repeating: "A", count: 20), name: "名"), [:])
    }

    func testEverythingElseIsRefusedInChinese() {
        XCTAssertEqual(LocalCode.problems(code: "", name: "")["code"], "请填写代码。")
        XCTAssertEqual(LocalCode.problems(code: "", name: "")["name"], "请填写名称。")
        for code in ["=1+1", "12 01", "12-01", "代码", "１２", "ａ1", String(repeating: "9", count: 21), "<b>", "é1"] {
            XCTAssertEqual(LocalCode.problems(code: code, name: "名称")["code"], "代码只能由字母和数字组成，最多 20 位。", code)
        }
        XCTAssertEqual(LocalCode.problems(code: "L1", name: String(repeating: "长", count: 101))["name"], "名称最多 100 个字。")
        XCTAssertNil(LocalCode.problems(code: "L1", name: String(repeating: "长", count: 100))["name"])
    }
}
