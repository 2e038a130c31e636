@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// The full check of 毕业去向登记 over HTTP (issue 17 item 3, seed 004 §2(2)–(3), C1, C2, C10):
/// the category's fields from the matrix, 单位所在地 by name to a county code, and 其他录用形式就业
/// with a wage below the region's 最低工资标准 refused until it is fixed.
final class DestinationCheckFlowTests: XCTestCase {
    var app: Application!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        try await Demo.openWindow(app, .destination)
    }

    override func tearDown() async throws { try await app.asyncShutdown() }

    func student() async throws -> Browser {
        let browser = Browser(app)
        let v1 = try await browser.login(DemoSeed.demoStudentNo, DemoSeed.password)
        XCTAssertEqual(v1.status, .seeOther)
        return browser
    }

    /// 其他录用形式就业 at 重庆市沙坪坝区 with `income` a month.
    func otherHiring(_ income: String) -> [(String, String)] {
        [("action", "submit"), ("category", "12"), ("unit_name", "重庆示范科技有限公司"), ("unit_location", "重庆市沙坪坝区"), ("position", "13"),
         ("employment_start", "2025-07-01"), ("employment_end", "2026-06-30"), ("monthly_income", income)] + CaseEngineTests.unitFields
    }

    func caseRow() async throws -> CaseRow? {
        let id = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        return try await CaseEngine.load(CaseType.destination, applicant: id, period: "2025", on: app.db)
    }

    func testAWageBelowTheRegionsMinimumIsRefusedUntilFixed() async throws {
        let browser = try await student()
        let low = try await browser.submit("/destination", from: "/destination", form: otherHiring("1500"))
        XCTAssertEqual(low.status, .unprocessableEntity)
        XCTAssertTrue(low.body.contains("低于单位所在地的最低工资标准 2000.00 元/月"), "重庆's lowest grade applies")
        XCTAssertTrue(low.body.contains("1500"), "what was typed stays")
        let unsent = try await caseRow()
        XCTAssertNotEqual(unsent?.status_key, "step:first-review")

        // A comma is refused with its own message; the plain amount goes through.
        let comma = try await browser.submit("/destination", from: "/destination", form: otherHiring("4,500"))
        XCTAssertEqual(comma.status, .unprocessableEntity)
        let fixed = try await browser.submit("/destination", from: "/destination", form: otherHiring("4500"))
        XCTAssertEqual(fixed.status, .seeOther)
        let row = try await caseRow()
        XCTAssertEqual(row?.status_key, "step:first-review")
        XCTAssertEqual(row?.data["unit_location"], "500106", "单位所在地 is stored as the county code")
        XCTAssertEqual(row?.data["unit_location_name"], "重庆市沙坪坝区")
        XCTAssertEqual(row?.data["monthly_income"], "4500.00")
        let page = try await browser.get("/destination")
        XCTAssertTrue(page.body.contains("重庆市沙坪坝区") && page.body.contains("聘用起始日期"), "the details show the place by name and the category's fields")
        XCTAssertFalse(page.body.contains("<dt>院校代码</dt>"), "fields the category does not ask for are not listed")
        XCTAssertTrue(page.body.contains("39 其他企业") && page.body.contains("34 信息传输、软件和信息技术服务业"), "codes are shown with their names")
        XCTAssertFalse(page.body.contains("unit_location_name") || page.body.contains("unit_nature_name"), "no internal key reaches the page")
    }

    func testTheCategorysFieldsAreRequiredAndChecked() async throws {
        let browser = try await student()
        // 签劳动合同形式就业 without the unit's details: each required field is named.
        let bare = try await browser.submit("/destination", from: "/destination",
                                            form: [("action", "submit"), ("category", "11"), ("unit_name", "重庆示范科技有限公司"), ("unit_location", "朝阳区")])
        XCTAssertEqual(bare.status, .unprocessableEntity)
        for message in ["请选择单位性质", "请填写统一社会信用代码", "请选择单位行业", "请填写单位联系人", "该单位所在地有多个同名区县"] {
            XCTAssertTrue(bare.body.contains(message), message)
        }
        // A wrong check digit is refused; 境内升学 needs a known 院校代码.
        var badCode = [("action", "submit"), ("category", "11"), ("unit_name", "重庆示范科技有限公司"), ("unit_location", "重庆市沙坪坝区"), ("position", "13")]
            + CaseEngineTests.unitFields
        badCode = badCode.map { $0.0 == "credit_code" ? ($0.0, "91500106MA5U372100") : $0 }
        let refused = try await browser.submit("/destination", from: "/destination", form: badCode)
        XCTAssertEqual(refused.status, .unprocessableEntity)
        let study = try await browser.submit("/destination", from: "/destination",
                                             form: [("action", "submit"), ("category", "801"), ("unit_name", "重庆大学"), ("school_code", "99999")])
        XCTAssertEqual(study.status, .unprocessableEntity)
        let admitted = try await browser.submit("/destination", from: "/destination",
                                                form: [("action", "submit"), ("category", "801"), ("unit_name", "重庆大学"), ("school_code", "10611")])
        XCTAssertEqual(admitted.status, .seeOther)
        // 待就业 needs its 具体情形 and nothing else.
        _ = try await browser.submit("/destination", from: "/destination", form: [("action", "withdraw"), ("lock", String(try await caseRow()!.lock))])
        let waiting = try await browser.submit("/destination", from: "/destination", form: [("action", "submit"), ("category", "70")])
        XCTAssertEqual(waiting.status, .unprocessableEntity)
        XCTAssertTrue(waiting.body.contains("请选择"))
    }
}

/// C14 review flags the content alone shows, beside the 审核标准 on the reviewer's page.
final class DestinationReviewFlagTests: XCTestCase {
    func testAStaffingAgencyUnderAgreementIsFlaggedForTheReviewer() {
        let text = CaseType.destination.guidance?(["category": "10", "unit_name": "重庆某某人才服务有限公司", "remark": "就业见习期间"]) ?? ""
        XCTAssertTrue(text.contains("审核标准") || text.contains("协议"), text)
        XCTAssertTrue(text.contains("【需核实】"), "the flags follow the standard")
        XCTAssertTrue(text.contains("人才服务") && text.contains("见习"), text)
        let clean = CaseType.destination.guidance?(["category": "11", "unit_name": "重庆示范科技有限公司"]) ?? ""
        XCTAssertFalse(clean.contains("【需核实】"))
    }
}
