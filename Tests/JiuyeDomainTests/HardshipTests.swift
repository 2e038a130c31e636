import JiuyeDomain
import XCTest

/// 困难群体帮扶 (seed 004 §3): imported categories and the counselor's assistance records.
final class HardshipTests: XCTestCase {
    func testCategoriesAreReadByCodeLabelOrShortName() {
        XCTAssertEqual(HardshipCategory.parse("02"), .minimumLiving)
        XCTAssertEqual(HardshipCategory.parse("城乡低保家庭毕业生"), .minimumLiving)
        XCTAssertEqual(HardshipCategory.parse("低保家庭"), .minimumLiving)
        XCTAssertEqual(HardshipCategory.parse(" 残疾 "), .disabled)
        XCTAssertNil(HardshipCategory.parse("富裕家庭"))
        XCTAssertEqual(HardshipCategory.parseList("残疾毕业生、02,02"), [.minimumLiving, .disabled])
        XCTAssertNil(HardshipCategory.parseList("残疾、富裕家庭"), "one unknown category refuses the cell")
        XCTAssertNil(HardshipCategory.parseList("  "))
    }

    func testAssistanceEntriesAreChecked() {
        let today = CivilDate(year: 2025, month: 6, day: 30)!
        guard case .success(let entry) = AssistanceEntry.check(date: "2025-06-18", kind: "job", content: "推荐重庆示范科技有限公司软件测试岗位", result: "已投递简历", today: today) else {
            return XCTFail("a good entry is refused")
        }
        XCTAssertEqual(entry.kind.label, "岗位推荐")
        guard case .failure(let problems) = AssistanceEntry.check(date: "2025-07-01", kind: "x", content: " ", result: String(repeating: "好", count: 201), today: today) else {
            return XCTFail("a bad entry is accepted")
        }
        XCTAssertEqual(problems.byField["date"], "帮扶日期不能晚于今天。")
        XCTAssertEqual(problems.byField["kind"], "请选择帮扶方式。")
        XCTAssertEqual(problems.byField["content"], "请填写帮扶内容。")
        XCTAssertNotNil(problems.byField["result"])
        guard case .failure(let old) = AssistanceEntry.check(date: "2021-06-18", kind: "job", content: "x", result: "", today: today) else { return XCTFail() }
        XCTAssertEqual(old.byField["date"], "帮扶日期早于两年前，请核对年份。")
    }
}
