import JiuyeDomain
import XCTest

/// 职位推荐: the 求职意向 form and the transparent score.
final class JobRecommendationTests: XCTestCase {
    let counties: Set<String> = ["500106", "500108", "510107"]
    let industries: Set<String> = ["I", "J"]

    func check(counties c: [String] = [], categories: [String] = [], industries i: [String] = [], salary: String = "") -> Result<JobPreference, JobPosting.Problems> {
        JobPreference.check(counties: c, categories: categories, industries: i, salary: salary, isCounty: counties.contains, isIndustry: industries.contains)
    }

    func testTheFormIsChecked() throws {
        let preference = try check(counties: ["500106", "500106", " "], categories: ["13"], industries: ["I"], salary: "8000").get()
        XCTAssertEqual(preference.counties, ["500106"], "duplicates and blanks dropped")
        XCTAssertEqual(preference.salary, 8_000)
        XCTAssertTrue(try check().get().isEmpty)
        func fields(_ result: Result<JobPreference, JobPosting.Problems>) -> [String] {
            if case .failure(let problems) = result { return problems.list.map(\.field) }
            return []
        }
        XCTAssertEqual(fields(check(counties: ["999999"])), ["counties"])
        XCTAssertEqual(fields(check(categories: ["10", "11", "13", "17", "19", "21"])), ["categories"], "at most five")
        XCTAssertEqual(fields(check(industries: ["Z"])), ["industries"])
        XCTAssertEqual(fields(check(salary: "99999999999999999999")), ["salary"], "refused, not trapped")
        XCTAssertEqual(fields(check(salary: "0")), ["salary"])
    }

    func testTheScoreAndItsReasons() {
        let preference = JobPreference(counties: ["500106"], categories: ["13"], industries: ["I"], salary: 8_000)
        let full = JobRecommendation.score(.init(county: "500106", category: "13", industry: "I", salaryMax: 12_000), for: preference)
        XCTAssertEqual(full.0, 100)
        XCTAssertEqual(full.1, [.county("500106"), .category("13"), .industry("I"), .salary(8_000)])
        let sameCity = JobRecommendation.score(.init(county: "500108", category: "21", industry: nil, salaryMax: 7_000), for: preference)
        XCTAssertEqual(sameCity.0, 20)
        XCTAssertEqual(sameCity.1, [.city("500108")])
        let nothing = JobRecommendation.score(.init(county: "510107", category: "21", industry: "J", salaryMax: 7_999), for: preference)
        XCTAssertEqual(nothing.0, 0)
        XCTAssertTrue(nothing.1.isEmpty)
    }
}
