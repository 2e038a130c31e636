import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// The job centre's reads: one posting with its unit, the public list with its filters, an
/// employer's and a school's lists.
package enum JobStore {
    package struct Row: Sendable {
        package let id: Int64
        package let unitID: Int64
        package let unitName: String
        package let schoolID: Int64
        package let schoolName: String
        package let posting: JobPosting
        package let state: JobPosting.State
        package let returnReason: String?
        package let createdAt: Int64
        package let publishedAt: Int64?

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            unitID = try row.decode(column: "unit_id", as: Int64.self)
            unitName = try row.decode(column: "unit_name", as: String.self)
            schoolID = try row.decode(column: "school_id", as: Int64.self)
            schoolName = try row.decode(column: "school_name", as: String.self)
            posting = JobPosting(
                title: try row.decode(column: "title", as: String.self), categoryCode: try row.decode(column: "category_code", as: String.self),
                countyCode: try row.decode(column: "county_code", as: String.self), salaryMin: Int(try row.decode(column: "salary_min", as: Int64.self)),
                salaryMax: Int(try row.decode(column: "salary_max", as: Int64.self)), education: try row.decode(column: "education", as: String.self),
                majors: try row.decode(column: "majors", as: String.self), headcount: Int(try row.decode(column: "headcount", as: Int64.self)),
                deadline: try row.decode(column: "deadline", as: String.self), description: try row.decode(column: "description", as: String.self))
            state = JobPosting.State(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending
            returnReason = try row.decode(column: "return_reason", as: String?.self)
            createdAt = try row.decode(column: "created_at", as: Int64.self)
            publishedAt = try row.decode(column: "published_at", as: Int64?.self)
        }

        /// Public now: published and not past its deadline.
        package func isPublic(today: String) -> Bool { state == .published && posting.deadline >= today }
    }

    static let select: SQLQueryString = """
        SELECT p.*, u.name AS unit_name, s.name AS school_name FROM job_postings p JOIN units u ON u.id = p.unit_id JOIN schools s ON s.id = p.school_id
        """

    package static func posting(_ id: Int64, on db: any Database) async throws -> Row? {
        try await db.sql.raw("\(select) WHERE p.id = \(bind: id)").first().map(Row.init)
    }

    /// The public list's filters, each checked: a keyword of at most 30 characters, a county
    /// code, a category code, an education, a minimum monthly pay.
    package struct Filter: Sendable {
        package var keyword = ""
        package var county: String?
        package var category: String?
        package var education: String?
        package var salary: Int?

        package var query: [(String, String)] {
            var items: [(String, String)] = []
            if !keyword.isEmpty { items.append(("q", keyword)) }
            if let county { items.append(("county", county)) }
            if let category { items.append(("category", category)) }
            if let education { items.append(("education", education)) }
            if let salary { items.append(("salary", String(salary))) }
            return items
        }
    }

    /// The monthly pay a searcher may ask for at least.
    package static let salaryFloors = [3_000, 5_000, 8_000, 10_000, 15_000, 20_000]

    package static func filter(_ req: Request) -> Filter {
        var filter = Filter()
        let keyword = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        if keyword.count <= 30, TextInput.forbiddenCharacter(in: keyword) == nil { filter.keyword = keyword }
        if let county = req.query[String.self, at: "county"], county.utf8.count == 6, county.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { filter.county = county }
        if let category = req.query[String.self, at: "category"], DestinationForm.positions.contains(where: { $0.code == category }) { filter.category = category }
        if let education = req.query[String.self, at: "education"], JobPosting.educations.contains(education) { filter.education = education }
        if let salary = req.query[String.self, at: "salary"].flatMap({ Int($0) }), salaryFloors.contains(salary) { filter.salary = salary }
        return filter
    }

    /// One page of public postings, newest first, and the total.
    /// A LIKE pattern for text containing `keyword` literally (its `\`, `%` and `_` escaped; the
    /// query says `ESCAPE '\'`).
    static func containing(_ keyword: String) -> String {
        "%" + keyword.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    package static func published(_ filter: Filter, today: String, page: Int, pageSize: Int, on db: any Database) async throws -> ([Row], Int) {
        var clause: SQLQueryString = "WHERE p.state = \(bind: JobPosting.State.published.rawValue) AND p.deadline >= \(bind: today)"
        if !filter.keyword.isEmpty {
            let like = JobStore.containing(filter.keyword)
            clause = "\(clause) AND (p.title LIKE \(bind: like) ESCAPE '\\' OR u.name LIKE \(bind: like) ESCAPE '\\' OR p.majors LIKE \(bind: like) ESCAPE '\\')"
        }
        if let county = filter.county { clause = "\(clause) AND p.county_code = \(bind: county)" }
        if let category = filter.category { clause = "\(clause) AND p.category_code = \(bind: category)" }
        if let education = filter.education { clause = "\(clause) AND p.education = \(bind: education)" }
        if let salary = filter.salary { clause = "\(clause) AND p.salary_max >= \(bind: salary)" }
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM job_postings p JOIN units u ON u.id = p.unit_id \(clause)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            \(select) \(clause) ORDER BY p.published_at DESC, p.id DESC LIMIT \(bind: pageSize) OFFSET \(bind: PageNumber.offset(page: page, pageSize: pageSize))
            """).all().map(Row.init)
        return (rows, total)
    }

    /// Postings of a unit, or for a school, newest first (at most 200).
    package static func ofUnit(_ unitID: Int64, on db: any Database) async throws -> [Row] {
        try await db.sql.raw("\(select) WHERE p.unit_id = \(bind: unitID) ORDER BY p.id DESC LIMIT 200").all().map(Row.init)
    }

    package static func forSchool(_ schoolID: Int64, state: JobPosting.State?, page: Int, pageSize: Int, on db: any Database) async throws -> ([Row], Int) {
        let filter: SQLQueryString = state.map { "AND p.state = \(bind: $0.rawValue)" } ?? ""
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM job_postings p WHERE p.school_id = \(bind: schoolID) \(filter)").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            \(select) WHERE p.school_id = \(bind: schoolID) \(filter)
            ORDER BY CASE WHEN p.state = \(bind: JobPosting.State.pending.rawValue) THEN 0 ELSE 1 END, p.id DESC
            LIMIT \(bind: pageSize) OFFSET \(bind: PageNumber.offset(page: page, pageSize: pageSize))
            """).all().map(Row.init)
        return (rows, total)
    }

    /// The schools that verified `unitID` (资质鉴证 已鉴证): where it may post.
    package static func verifiedSchools(_ unitID: Int64, on db: any Database) async throws -> [(Int64, String)] {
        try await db.sql.raw("""
            SELECT s.id, s.name FROM unit_qualifications q JOIN schools s ON s.id = q.school_id
            WHERE q.unit_id = \(bind: unitID) AND q.state = \(bind: verifiedState) ORDER BY s.name
            """).all().map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self)) }
    }

    /// 资质鉴证 (a domain rule shared with the employment module, which writes it).
    static let verifiedState = Qualification.State.verified.rawValue

    package static func favourites(_ userID: Int64, on db: any Database) async throws -> [Row] {
        try await db.sql.raw("""
            \(select) JOIN job_favourites f ON f.posting_id = p.id WHERE f.user_id = \(bind: userID) ORDER BY f.at DESC LIMIT 200
            """).all().map(Row.init)
    }

    package static func isFavourite(_ userID: Int64, posting: Int64, on db: any Database) async throws -> Bool {
        try await db.sql.raw("SELECT posting_id FROM job_favourites WHERE user_id = \(bind: userID) AND posting_id = \(bind: posting)").first() != nil
    }
}
