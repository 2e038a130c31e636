import JiuyeDomain
import XCTest

/// 我的简历: 完善度 from the sections filled, 一键求职 from 80 %, each field's check.
final class ResumeTests: XCTestCase {
    let full: [String: String] = [
        "gender": "女", "birth_month": "2003-05", "phone": "13800001234", "email": "li@example.com", "objective": "后端开发",
        "education": "2021–2025 九业示范大学 软件工程 本科", "experience": "2024 年在重庆某公司实习", "projects": "校园二手交易平台",
        "skills": "英语六级", "awards": "校级奖学金", "summary": "踏实肯干",
    ]

    func testTheWeightsAddUpToAHundred() {
        XCTAssertEqual(Resume.Field.allCases.map(\.weight).reduce(0, +), 100)
        XCTAssertEqual(Resume(values: try! Resume.check(full, thisYear: 2026).get()).completeness, 100)
        XCTAssertEqual(Resume().completeness, 0)
        XCTAssertEqual(Resume().missing.count, Resume.Field.allCases.count)
    }

    func testEightyAppliesSeventyNineIsToldWhy() throws {
        // 100 − 电话 8 − 技能 8 − 获奖 5 = 79.
        var form = full
        form["phone"] = ""; form["skills"] = ""; form["awards"] = ""
        let at79 = Resume(values: try Resume.check(form, thisYear: 2026).get())
        XCTAssertEqual(at79.completeness, 79)
        XCTAssertEqual(at79.applyRefusal, "简历完善度为 79%，达到 80% 才能一键求职。请先完善：联系电话、技能与证书、获奖情况。")
        form["awards"] = "校级奖学金"; form["skills"] = ""; form["phone"] = "13800001234"; form["summary"] = ""; form["gender"] = ""
        let at80 = Resume(values: try Resume.check(form, thisYear: 2026).get())
        XCTAssertEqual(at80.completeness, 80)
        XCTAssertNil(at80.applyRefusal)
    }

    func testEachFieldIsChecked() {
        func fields(_ changes: [String: String]) -> [String] {
            if case .failure(let problems) = Resume.check(full.merging(changes) { $1 }, thisYear: 2026) { return problems.list.map(\.field) }
            return []
        }
        XCTAssertEqual(fields(["gender": "男女"]), ["gender"])
        XCTAssertEqual(fields(["birth_month": "2003-13"]), ["birth_month"])
        XCTAssertEqual(fields(["birth_month": "1949-12"]), ["birth_month"])
        XCTAssertEqual(fields(["birth_month": "2027-01"]), ["birth_month"])
        XCTAssertEqual(fields(["phone": "23800001234"]), ["phone"])
        XCTAssertEqual(fields(["phone": "1380000123"]), ["phone"])
        XCTAssertEqual(fields(["email": "li@example"]), ["email"])
        XCTAssertEqual(fields(["email": "li@@example.com"]), ["email"])
        XCTAssertEqual(fields(["objective": String(repeating: "岗", count: 101)]), ["objective"])
        XCTAssertEqual(fields(["summary": "含\u{202E}方向控制符"]), ["summary"])
        XCTAssertEqual(fields(["experience": "第一段\r\n第二段"]), [])
        XCTAssertEqual(try Resume.check(full.merging(["experience": "第一段\r\n第二段"]) { $1 }, thisYear: 2026).get()[.experience], "第一段\n第二段")
    }

    func testAnEmployerMovesAnApplicationForwardOnly() {
        XCTAssertTrue(JobApplicationStatus.mark(.sent, to: .interview))
        XCTAssertTrue(JobApplicationStatus.mark(.viewed, to: .unsuitable))
        XCTAssertFalse(JobApplicationStatus.mark(.viewed, to: .sent))
        XCTAssertFalse(JobApplicationStatus.mark(.interview, to: .interview))
    }
}
