import JiuyeDomain
import XCTest

/// 招聘信息 as an employer types it: every field's edge, numbers range-checked before use.
final class JobPostingTests: XCTestCase {
    let valid: [String: String] = [
        "title": "  软件  开发工程师 ", "category": "13", "salary_min": "8000", "salary_max": "12000", "education": "本科",
        "majors": "计算机科学与技术、软件工程", "headcount": "5", "deadline": "2027-01-31", "description": "负责后端服务开发。\n要求熟悉数据库。",
    ]

    func check(_ changes: [String: String], county: String? = "500106") -> Result<JobPosting, JobPosting.Problems> {
        JobPosting.check(valid.merging(changes) { $1 }, countyCode: county, today: "2026-12-05")
    }

    func fields(_ result: Result<JobPosting, JobPosting.Problems>) -> [String] {
        if case .failure(let problems) = result { return problems.list.map(\.field) }
        return []
    }

    func testAValidPostingIsStoredTidied() throws {
        let posting = try check([:]).get()
        XCTAssertEqual(posting.title, "软件 开发工程师")
        XCTAssertEqual(posting.salaryMin, 8_000)
        XCTAssertEqual(posting.headcount, 5)
        XCTAssertEqual(JobPosting.salary(posting.salaryMin, posting.salaryMax), "8000–12000 元/月")
        XCTAssertEqual(JobPosting.categoryLabel(posting.categoryCode), "工程技术人员")
        let crlf = try check(["description": "第一行\r\n第二行"]).get()
        XCTAssertEqual(crlf.description, "第一行\n第二行", "a browser's line breaks are stored as \\n")
    }

    func testEachFieldHasItsEdge() {
        XCTAssertEqual(fields(check(["title": "A"])), ["title"])
        XCTAssertEqual(fields(check(["title": String(repeating: "职", count: 41)])), ["title"])
        XCTAssertEqual(fields(check(["title": String(repeating: "职", count: 40)])), [])
        XCTAssertEqual(fields(check(["category": "99"])), ["category"])
        XCTAssertEqual(fields(check([:], county: nil)), ["county"])
        XCTAssertEqual(fields(check(["education": "小学"])), ["education"])
        XCTAssertEqual(fields(check(["majors": String(repeating: "专", count: 201)])), ["majors"])
        XCTAssertEqual(fields(check(["description": ""])), ["description"])
        XCTAssertEqual(fields(check(["description": "含\u{0}控制字符"])), ["description"])
    }

    func testSalaryAndHeadcountAreRangeCheckedBeforeArithmetic() {
        XCTAssertEqual(fields(check(["salary_min": "12001"])), ["salary_min"], "minimum above maximum")
        XCTAssertEqual(fields(check(["salary_max": "1000001"])), ["salary_min"])
        XCTAssertEqual(fields(check(["salary_max": "1000000"])), [])
        XCTAssertEqual(fields(check(["salary_min": "99999999999999999999999"])), ["salary_min"], "an overlong number is refused, not trapped")
        XCTAssertEqual(fields(check(["salary_min": "-1"])), ["salary_min"])
        XCTAssertEqual(fields(check(["salary_min": "0"])), ["salary_min"])
        XCTAssertEqual(fields(check(["headcount": "0"])), ["headcount"])
        XCTAssertEqual(fields(check(["headcount": "10000"])), ["headcount"])
        XCTAssertEqual(fields(check(["headcount": "9999"])), [])
        XCTAssertEqual(fields(check(["headcount": "1e3"])), ["headcount"])
    }

    func testTheDeadlineIsTodayToAYearAhead() {
        XCTAssertEqual(fields(check(["deadline": "2026-12-05"])), [])
        XCTAssertEqual(fields(check(["deadline": "2026-12-04"])), ["deadline"])
        XCTAssertEqual(fields(check(["deadline": "2027-12-05"])), [])
        XCTAssertEqual(fields(check(["deadline": "2027-12-06"])), ["deadline"])
        XCTAssertEqual(fields(check(["deadline": "2027-02-30"])), ["deadline"])
    }

    func testTheSchoolApprovesOrReturnsWithAReasonOnce() {
        XCTAssertEqual(try JobPosting.review(.pending, approve: true, reason: "").get(), .published)
        XCTAssertEqual(try JobPosting.review(.pending, approve: false, reason: "请补充工作地点").get(), .returned)
        if case .failure(let problem) = JobPosting.review(.pending, approve: false, reason: "  ") { XCTAssertEqual(problem.field, "reason") } else { XCTFail() }
        if case .success = JobPosting.review(.published, approve: true, reason: "") { XCTFail("reviewed twice") }
    }
}
