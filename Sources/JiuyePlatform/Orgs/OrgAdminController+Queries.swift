import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Reads and inserts of the org tree (school → campus → college → major → class), 行政区划 and
/// employer units. Every school-side read takes the actor's scope and goes through the one scope
/// filter, so a school admin's query for another school's row finds nothing (→ 404).
package enum OrgQueries {
    package static let pageSize = 20

    // MARK: - Helpers

    package static func table(_ name: String, _ alias: String) -> SQLAlias {
        SQLAlias(SQLIdentifier(name), as: SQLIdentifier(alias))
    }

    package static func column(_ name: String, _ table: String, as alias: String) -> SQLAlias {
        SQLAlias(SQLColumn(name, table: table), as: SQLIdentifier(alias))
    }

    /// `(SELECT COUNT(*) FROM <table> WHERE <table>.<column> = <outer>) AS <alias>`.
    package static func count(_ table: String, where column: String, equals outer: SQLColumn, as alias: String) -> SQLAlias {
        SQLAlias(SQLSubquery.select { $0
            .column(SQLFunction("COUNT", args: SQLLiteral.all))
            .from(table)
            .where(SQLColumn(column, table: table), .equal, outer)
        }, as: SQLIdentifier(alias))
    }

    package static func total(_ query: SQLSelectBuilder) async throws -> Int {
        try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    package static var countAll: SQLAlias { SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")) }

    package static func offset(_ page: Int) -> Int { PageNumber.offset(page: page, pageSize: pageSize) }

    /// A LIKE pattern for "contains"; wildcards typed by the user are dropped, not interpreted.
    package static func contains(_ keyword: String) -> SQLBind {
        SQLBind("%" + keyword.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%")
    }

    package static func insertReturningID(_ db: any Database, into table: String, _ values: [(String, any Encodable & Sendable)]) async throws -> Int64 {
        let row = try await db.sql.insert(into: table).columns(values.map(\.0))
            .values(values.map { SQLBind($0.1) as any SQLExpression })
            .returning("id").first()
        guard let row else { throw Abort(.internalServerError, reason: "insert into \(table) returned no id") }
        return try row.decode(column: "id", as: Int64.self)
    }

    /// The school dimension of a scope (a school admin's); the system admin's scope is everything.
    package static func schoolScope(_ scope: Scope) -> Scope { scope.restrictedTo([.school]) }

    /// School and campus: a school admin limited to campuses sees only their colleges.
    package static func collegeScope(_ scope: Scope) -> Scope { scope.restrictedTo([.school, .campus]) }

    // MARK: - Regions (行政区划)

    package struct Region: Decodable, Sendable {
        package let code: String
        package let name: String
        package let level: String
        package let parent_code: String?
    }

    package struct RegionRow: Decodable, Sendable {
        package let code: String
        package let name: String
        package let level: String
        package let parent_name: String?
        package let children: Int
    }

    package static func region(_ code: String, on db: any Database) async throws -> Region? {
        try await db.sql.select().columns("code", "name", "level", "parent_code").from("regions")
            .where("code", .equal, SQLBind(code)).first(decoding: Region.self)
    }

    /// Regions of one level, or the children of one parent, ordered by code (for selects).
    package static func regions(level: String? = nil, parent: String? = nil, on db: any Database) async throws -> [Region] {
        var query = db.sql.select().columns("code", "name", "level", "parent_code").from("regions")
        if let level { query = query.where("level", .equal, SQLBind(level)) }
        if let parent { query = query.where("parent_code", .equal, SQLBind(parent)) }
        return try await query.orderBy("code").all(decoding: Region.self)
    }

    package enum RegionListing: Sendable {
        case provinces
        case children(of: String)
        case search(String)
    }

    /// One page of the region browser, with the number of children of each row.
    package static func regionPage(_ listing: RegionListing, page: Int, on db: any Database) async throws -> (rows: [RegionRow], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            switch listing {
            case .provinces: query.where(SQLColumn("level", table: "r"), .equal, SQLBind("province"))
            case .children(let parent): query.where(SQLColumn("parent_code", table: "r"), .equal, SQLBind(parent))
            case .search(let keyword): query.where(SQLColumn("name", table: "r"), .like, contains(keyword))
            }
        }
        let rows = try await filtered(db.sql.select()
            .column(SQLColumn("code", table: "r")).column(SQLColumn("name", table: "r")).column(SQLColumn("level", table: "r"))
            .column(column("name", "p", as: "parent_name"))
            .column(count("regions", where: "parent_code", equals: SQLColumn("code", table: "r"), as: "children"))
            .from(table("regions", "r"))
            .join(table("regions", "p"), method: SQLJoinMethod.left, on: SQLColumn("code", table: "p"), .equal, SQLColumn("parent_code", table: "r")))
            .orderBy(SQLColumn("code", table: "r"))
            .limit(pageSize).offset(offset(page))
            .all(decoding: RegionRow.self)
        let total = try await total(filtered(db.sql.select().column(countAll).from(table("regions", "r"))))
        return (rows, total)
    }

    /// The counties a unit may be registered in under `parent` (a city, or a province for its
    /// province-direct counties). A city without county rows (东莞市, 中山市 …) is itself the county-level unit.
    package static func counties(under parent: Region, on db: any Database) async throws -> [Region] {
        let counties = try await regions(level: "county", parent: parent.code, on: db)
        if counties.isEmpty && parent.level == "city" { return [parent] }
        return counties
    }

    /// Whether `code` is a place a unit can be registered in: a county, or a city with no counties.
    package static func isUnitLocation(_ code: String, on db: any Database) async throws -> Bool {
        guard let region = try await region(code, on: db) else { return false }
        if region.level == "county" { return true }
        guard region.level == "city" else { return false }
        return try await regions(level: "county", parent: code, on: db).isEmpty
    }

    // MARK: - Schools

    package struct SchoolRow: Decodable, Sendable {
        package let id: Int64
        package let code: String
        package let name: String
        package let region_name: String?
        package let colleges: Int
    }

    package static func schools(keyword: String?, page: Int, pageSize: Int = pageSize, on db: any Database) async throws -> (rows: [SchoolRow], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            guard let keyword, !keyword.isEmpty else { return query }
            return query.where { $0
                .where(SQLColumn("name", table: "s"), .like, contains(keyword))
                .orWhere(SQLColumn("code", table: "s"), .equal, SQLBind(keyword))
            }
        }
        let rows = try await filtered(db.sql.select()
            .column(SQLColumn("id", table: "s")).column(SQLColumn("code", table: "s")).column(SQLColumn("name", table: "s"))
            .column(column("name", "r", as: "region_name"))
            .column(count("colleges", where: "school_id", equals: SQLColumn("id", table: "s"), as: "colleges"))
            .from(table("schools", "s"))
            .join(table("regions", "r"), method: SQLJoinMethod.left, on: SQLColumn("code", table: "r"), .equal, SQLColumn("region_code", table: "s")))
            .orderBy(SQLColumn("code", table: "s"))
            .limit(pageSize).offset(PageNumber.offset(page: page, pageSize: pageSize))
            .all(decoding: SchoolRow.self)
        let total = try await total(filtered(db.sql.select().column(countAll).from(table("schools", "s"))))
        return (rows, total)
    }

    package struct School: Decodable, Sendable {
        package let id: Int64
        package let code: String
        package let name: String
        package let region_name: String?
    }

    /// One school, only if inside `scope` (else nil → 404).
    package static func school(_ id: Int64, scope: Scope, on db: any Database) async throws -> School? {
        try await db.sql.select()
            .column(SQLColumn("id", table: "s")).column(SQLColumn("code", table: "s")).column(SQLColumn("name", table: "s"))
            .column(column("name", "r", as: "region_name"))
            .from(table("schools", "s"))
            .join(table("regions", "r"), method: SQLJoinMethod.left, on: SQLColumn("code", table: "r"), .equal, SQLColumn("region_code", table: "s"))
            .where(SQLColumn("id", table: "s"), .equal, SQLBind(id))
            .scoped(to: schoolScope(scope), columns: [.school: SQLColumn("id", table: "s")])
            .first(decoding: School.self)
    }

    package static func schoolCodeTaken(_ code: String, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("schools").where("code", .equal, SQLBind(code)).first() != nil
    }

    package static func schoolNameTaken(_ name: String, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("schools").where("name", .equal, SQLBind(name)).first() != nil
    }

    // MARK: - Campuses

    package struct CampusRow: Decodable, Sendable {
        package let id: Int64
        package let name: String
        package let colleges: Int
    }

    /// The campuses of a school a user may see (all of them, or the campuses of a campus-limited admin).
    package static func campuses(schoolID: Int64, scope: Scope, on db: any Database) async throws -> [CampusRow] {
        try await db.sql.select()
            .column(SQLColumn("id", table: "cp")).column(SQLColumn("name", table: "cp"))
            .column(count("colleges", where: "campus_id", equals: SQLColumn("id", table: "cp"), as: "colleges"))
            .from(table("campuses", "cp"))
            .where(SQLColumn("school_id", table: "cp"), .equal, SQLBind(schoolID))
            .scoped(to: collegeScope(scope), columns: [.school: SQLColumn("school_id", table: "cp"), .campus: SQLColumn("id", table: "cp")])
            .orderBy(SQLColumn("id", table: "cp"))
            .all(decoding: CampusRow.self)
    }

    package static func campusNameTaken(_ name: String, schoolID: Int64, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("campuses")
            .where("school_id", .equal, SQLBind(schoolID)).where("name", .equal, SQLBind(name)).first() != nil
    }

    // MARK: - Colleges

    package struct CollegeRow: Decodable, Sendable {
        package let id: Int64
        package let code: String
        package let name: String
        package let campus_name: String?
        package let majors: Int
        package let classes: Int
    }

    /// Columns of a `colleges c` query for the school and campus dimensions.
    package static let collegeColumns: [ScopeDimension: SQLColumn] = [
        .school: SQLColumn("school_id", table: "c"), .campus: SQLColumn("campus_id", table: "c"),
    ]

    package static func colleges(schoolID: Int64, scope: Scope, keyword: String?, page: Int, on db: any Database) async throws -> (rows: [CollegeRow], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.where(SQLColumn("school_id", table: "c"), .equal, SQLBind(schoolID))
                .scoped(to: collegeScope(scope), columns: collegeColumns)
            if let keyword, !keyword.isEmpty {
                query = query.where { $0
                    .where(SQLColumn("name", table: "c"), .like, contains(keyword))
                    .orWhere(SQLColumn("code", table: "c"), .equal, SQLBind(keyword))
                }
            }
            return query
        }
        let rows = try await filtered(db.sql.select()
            .column(SQLColumn("id", table: "c")).column(SQLColumn("code", table: "c")).column(SQLColumn("name", table: "c"))
            .column(column("name", "cp", as: "campus_name"))
            .column(count("majors", where: "college_id", equals: SQLColumn("id", table: "c"), as: "majors"))
            .column(count("classes", where: "college_id", equals: SQLColumn("id", table: "c"), as: "classes"))
            .from(table("colleges", "c"))
            .join(table("campuses", "cp"), method: SQLJoinMethod.left, on: SQLColumn("id", table: "cp"), .equal, SQLColumn("campus_id", table: "c")))
            .orderBy(SQLColumn("code", table: "c"))
            .limit(pageSize).offset(offset(page))
            .all(decoding: CollegeRow.self)
        let total = try await total(filtered(db.sql.select().column(countAll).from(table("colleges", "c"))))
        return (rows, total)
    }

    package struct College: Decodable, Sendable {
        package let id: Int64
        package let code: String
        package let name: String
        package let school_id: Int64
        package let school_name: String
        package let campus_name: String?
    }

    /// One college, only if inside `scope` (else nil → 404).
    package static func college(_ id: Int64, scope: Scope, on db: any Database) async throws -> College? {
        try await db.sql.select()
            .column(SQLColumn("id", table: "c")).column(SQLColumn("code", table: "c")).column(SQLColumn("name", table: "c"))
            .column(SQLColumn("school_id", table: "c"))
            .column(column("name", "s", as: "school_name"))
            .column(column("name", "cp", as: "campus_name"))
            .from(table("colleges", "c"))
            .join(table("schools", "s"), on: SQLColumn("id", table: "s"), .equal, SQLColumn("school_id", table: "c"))
            .join(table("campuses", "cp"), method: SQLJoinMethod.left, on: SQLColumn("id", table: "cp"), .equal, SQLColumn("campus_id", table: "c"))
            .where(SQLColumn("id", table: "c"), .equal, SQLBind(id))
            .scoped(to: collegeScope(scope), columns: collegeColumns)
            .first(decoding: College.self)
    }

    package static func collegeCodeTaken(_ code: String, schoolID: Int64, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("colleges")
            .where("school_id", .equal, SQLBind(schoolID)).where("code", .equal, SQLBind(code)).first() != nil
    }

    package static func collegeNameTaken(_ name: String, schoolID: Int64, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("colleges")
            .where("school_id", .equal, SQLBind(schoolID)).where("name", .equal, SQLBind(name)).first() != nil
    }

    // MARK: - Majors

    package struct MajorRow: Decodable, Sendable {
        package let id: Int64
        package let code: String
        package let name: String
        package let level: String
        package let classes: Int
    }

    /// Every major of a college (a bounded list; the class form offers them all).
    package static func majors(collegeID: Int64, on db: any Database) async throws -> [MajorRow] {
        try await db.sql.select()
            .column(SQLColumn("id", table: "m")).column(SQLColumn("code", table: "m")).column(SQLColumn("name", table: "m"))
            .column(SQLColumn("level", table: "m"))
            .column(count("classes", where: "major_id", equals: SQLColumn("id", table: "m"), as: "classes"))
            .from(table("majors", "m"))
            .where(SQLColumn("college_id", table: "m"), .equal, SQLBind(collegeID))
            .orderBy(SQLColumn("code", table: "m")).orderBy(SQLColumn("id", table: "m"))
            .all(decoding: MajorRow.self)
    }

    package static func majorTaken(code: String, level: String, collegeID: Int64, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("majors")
            .where("college_id", .equal, SQLBind(collegeID)).where("code", .equal, SQLBind(code))
            .where("level", .equal, SQLBind(level)).first() != nil
    }

    // MARK: - Classes

    package struct ClassRow: Decodable, Sendable {
        package let id: Int64
        package let name: String
        package let cohort: Int
        package let major_name: String
        package let major_level: String
    }

    package struct ClassFilter: Sendable {
        package var majorID: Int64?
        package var cohort: Int?
        package var page = 1
    }

    package static func classes(collegeID: Int64, filter: ClassFilter, on db: any Database) async throws -> (rows: [ClassRow], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.where(SQLColumn("college_id", table: "cl"), .equal, SQLBind(collegeID))
            if let major = filter.majorID { query = query.where(SQLColumn("major_id", table: "cl"), .equal, SQLBind(major)) }
            if let cohort = filter.cohort { query = query.where(SQLColumn("cohort", table: "cl"), .equal, SQLBind(cohort)) }
            return query
        }
        let rows = try await filtered(db.sql.select()
            .column(SQLColumn("id", table: "cl")).column(SQLColumn("name", table: "cl")).column(SQLColumn("cohort", table: "cl"))
            .column(column("name", "m", as: "major_name")).column(column("level", "m", as: "major_level"))
            .from(table("classes", "cl"))
            .join(table("majors", "m"), on: SQLColumn("id", table: "m"), .equal, SQLColumn("major_id", table: "cl")))
            .orderBy(SQLOrderBy(expression: SQLColumn("cohort", table: "cl"), direction: SQLDirection.descending))
            .orderBy(SQLColumn("name", table: "cl"))
            .limit(pageSize).offset(offset(filter.page))
            .all(decoding: ClassRow.self)
        let total = try await total(filtered(db.sql.select().column(countAll).from(table("classes", "cl"))))
        return (rows, total)
    }

    package static func classNameTaken(_ name: String, majorID: Int64, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("classes")
            .where("major_id", .equal, SQLBind(majorID)).where("name", .equal, SQLBind(name)).first() != nil
    }
}
