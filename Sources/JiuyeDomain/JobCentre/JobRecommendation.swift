/// 职位推荐 (seed 003 §2.2 2)): the student's 求职意向 (places, 工作职位类别, industries, pay) and
/// each public posting's score against it, with the reasons shown beside it. Assumption (the
/// manual gives no formula): place 40 (the county itself; 20 for another county of the same
/// city), category 30, industry 15, pay 15; a posting that matches nothing is not recommended.
public struct JobPreference: Sendable, Equatable {
    public static let maximumChoices = 5

    public var counties: [String]
    public var categories: [String]
    public var industries: [String]
    /// Yuan a month; nil: any.
    public var salary: Int?

    public init(counties: [String] = [], categories: [String] = [], industries: [String] = [], salary: Int? = nil) {
        (self.counties, self.categories, self.industries, self.salary) = (counties, categories, industries, salary)
    }

    public var isEmpty: Bool { counties.isEmpty && categories.isEmpty && industries.isEmpty && salary == nil }

    /// The form checked: at most five of each, each known (`isCounty`, `isIndustry`; categories
    /// from the national 工作职位类别), pay 1…1,000,000 yuan or empty.
    public static func check(counties: [String], categories: [String], industries: [String], salary: String,
                             isCounty: (String) -> Bool, isIndustry: (String) -> Bool) -> Result<JobPreference, JobPosting.Problems> {
        var problems: [JobPosting.Problem] = []
        let counties = unique(counties), categories = unique(categories), industries = unique(industries)
        if counties.count > maximumChoices || !counties.allSatisfy(isCounty) {
            problems.append(.init(field: "counties", message: "期望工作地点最多选 \(maximumChoices) 个区县。"))
        }
        if categories.count > maximumChoices || !categories.allSatisfy({ code in DestinationForm.positions.contains { $0.code == code } }) {
            problems.append(.init(field: "categories", message: "期望职位类别最多选 \(maximumChoices) 个。"))
        }
        if industries.count > maximumChoices || !industries.allSatisfy(isIndustry) {
            problems.append(.init(field: "industries", message: "期望行业最多选 \(maximumChoices) 个。"))
        }
        let pay = salary.trimmingCharacters(in: .whitespaces)
        var expected: Int?
        if !pay.isEmpty {
            expected = JobPosting.amount(pay)
            if expected == nil { problems.append(.init(field: "salary", message: "期望月薪请填写 1 至 \(JobPosting.maximumSalary) 元，或留空。")) }
        }
        guard problems.isEmpty else { return .failure(.init(list: problems)) }
        return .success(JobPreference(counties: counties, categories: categories, industries: industries, salary: expected))
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}

public enum JobRecommendation {
    public enum Reason: Sendable, Equatable {
        case county(String)
        case city(String)
        case category(String)
        case industry(String)
        case salary(Int)
    }

    /// What is scored of a posting.
    public struct Posting: Sendable {
        public let county: String
        public let category: String
        public let industry: String?
        public let salaryMax: Int

        public init(county: String, category: String, industry: String?, salaryMax: Int) {
            (self.county, self.category, self.industry, self.salaryMax) = (county, category, industry, salaryMax)
        }
    }

    /// The score (0–100) and its reasons.
    public static func score(_ posting: Posting, for preference: JobPreference) -> (Int, [Reason]) {
        var score = 0
        var reasons: [Reason] = []
        if preference.counties.contains(posting.county) {
            score += 40
            reasons.append(.county(posting.county))
        } else if preference.counties.contains(where: { $0.prefix(4) == posting.county.prefix(4) }) {
            score += 20
            reasons.append(.city(posting.county))
        }
        if preference.categories.contains(posting.category) {
            score += 30
            reasons.append(.category(posting.category))
        }
        if let industry = posting.industry, preference.industries.contains(industry) {
            score += 15
            reasons.append(.industry(industry))
        }
        if let salary = preference.salary, posting.salaryMax >= salary {
            score += 15
            reasons.append(.salary(salary))
        }
        return (score, reasons)
    }
}
