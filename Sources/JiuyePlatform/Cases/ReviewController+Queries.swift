import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The reviewer screen's queries: the scoped, filtered case list, the counts, and those with no case yet.
extension ReviewController {
    package func filtered(_ select: SQLSelectBuilder, type: CaseType, user: CurrentUser, filter: Filter, statusKeys: [String]?) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier(type.table), as: SQLIdentifier("c"))).scoped(to: user.scope, columns: Self.columns)
        if let keys = statusKeys { query = query.where(SQLColumn("status_key", table: "c"), .in, SQLGroupExpression(keys.map { SQLBind($0) })) }
        if let level = filter.level { query = query.where(SQLColumn("level", table: "c"), .equal, SQLBind(level)) }
        if let college = filter.college { query = query.where(SQLColumn("college_id", table: "c"), .equal, SQLBind(college)) }
        if let major = filter.major { query = query.where(SQLColumn("major_id", table: "c"), .equal, SQLBind(major)) }
        if let keyword = filter.keyword {
            query = query.where { group in
                group.where(SQLColumn("applicant_name", table: "c"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                    .orWhere(SQLColumn("student_no", table: "c"), .equal, SQLBind(keyword.lowercased()))
            }
        }
        return query
    }

    package struct ListRow: Sendable {
        package let id: Int64
        package let applicant_name: String
        package let student_no: String?
        package let level: String
        package let cohort: Int
        package let status_key: String
        package let status_label: String?
        package let summary: String?
        package let submitted_at: Int64?
        package let batch_number: Int?
        package let college_name: String
        package let major_name: String

        /// By hand: the Codable row decoder cost more than the query it decodes. College and
        /// major names come from the cached org names, not from joins (planning them cost more
        /// than running the query on PostgreSQL).
        package init(_ row: any SQLRow, names: OrgNames.Snapshot) throws {
            id = try row.decode(column: "id", as: Int64.self)
            applicant_name = try row.decode(column: "applicant_name", as: String.self)
            student_no = try row.decode(column: "student_no", as: String?.self)
            level = try row.decode(column: "level", as: String.self)
            cohort = try row.decode(column: "cohort", as: Int.self)
            status_key = try row.decode(column: "status_key", as: String.self)
            status_label = try row.decode(column: "status_label", as: String?.self)
            summary = try row.decode(column: "summary", as: String?.self)
            submitted_at = try row.decode(column: "submitted_at", as: Int64?.self)
            batch_number = try row.decode(column: "batch_number", as: Int?.self)
            college_name = names.colleges[try row.decode(column: "college_id", as: Int64.self)] ?? "—"
            major_name = names.majors[try row.decode(column: "major_id", as: Int64.self)] ?? "—"
        }
    }

    /// The list's rows (with college and major names) for the filter, newest first from `filter.after`.
    package func listSelect(_ db: any Database, type: CaseType, user: CurrentUser, filter: Filter, statusKeys keys: [String]?) -> SQLSelectBuilder {
        var select = db.sql.select()
            .columns(SQLColumn("id", table: "c"), SQLColumn("applicant_name", table: "c"), SQLColumn("student_no", table: "c"), SQLColumn("level", table: "c"),
                     SQLColumn("cohort", table: "c"), SQLColumn("status_key", table: "c"), SQLColumn("status_label", table: "c"), SQLColumn("summary", table: "c"),
                     SQLColumn("submitted_at", table: "c"), SQLColumn("batch_number", table: "c"), SQLColumn("college_id", table: "c"), SQLColumn("major_id", table: "c"))
        select = filtered(select, type: type, user: user, filter: filter, statusKeys: keys)
        if let after = filter.after { select = select.where(SQLColumn("id", table: "c"), .lessThan, SQLBind(after)) }
        return select
    }

    /// Expected applicants in scope under the list's filters who have no case yet (no row for
    /// their period in the case table): `select` gets the columns, the caller the order and limit.
    package func notStarted(_ select: SQLSelectBuilder, type: CaseType, source: ApplicantSource, user: CurrentUser, filter: Filter) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier(source.table), as: SQLIdentifier("a")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "u"), .equal, SQLColumn(source.userColumn, table: "a"))
            .scoped(to: user.scope, columns: source.sqlColumns)
        func column(_ dimension: ScopeDimension) -> SQLColumn? { source.sqlColumns[dimension] }
        if let level = filter.level { query = column(.level).map { query.where($0, .equal, SQLBind(level)) } ?? query.where(SQLRaw("1 = 0")) }
        if let college = filter.college { query = column(.college).map { query.where($0, .equal, SQLBind(college)) } ?? query.where(SQLRaw("1 = 0")) }
        if let major = filter.major { query = column(.major).map { query.where($0, .equal, SQLBind(major)) } ?? query.where(SQLRaw("1 = 0")) }
        if let keyword = filter.keyword {
            query = query.where { group in
                group.where(SQLColumn("display_name", table: "u"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                    .orWhere(SQLColumn("student_no", table: "u"), .equal, SQLBind(keyword.lowercased()))
            }
        }
        // Table and column names come from the case type's declaration, never from a request.
        return query.where(SQLRaw("""
            NOT EXISTS (SELECT 1 FROM \(type.table) c WHERE c.applicant_id = a.\(source.userColumn) \
            AND c.period = CAST(a.\(source.periodColumn) AS VARCHAR(20)))
            """))
    }

    /// Status counts: from the kept counters when the scope and filters are school, college,
    /// cohort and level (an admin's usual view); otherwise one grouped count over the filtered rows.
    /// With an applicant source, `ApplicantSource.notStartedKey` counts those with no case yet.
    package func counts(_ req: Request, type: CaseType, user: CurrentUser, filter: Filter) async throws -> [String: Int] {
        var result = try await caseCounts(req, type: type, user: user, filter: filter)
        if let source = type.applicants {
            result[ApplicantSource.notStartedKey] = try await notStarted(
                req.db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))),
                type: type, source: source, user: user, filter: filter).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return result
    }

    private func caseCounts(_ req: Request, type: CaseType, user: CurrentUser, filter: Filter) async throws -> [String: Int] {
        let scope = user.scope.values
        if filter.major == nil, filter.keyword == nil, Set(scope.keys).isSubset(of: [.school, .college, .cohort, .level]) {
            func narrowed(_ allowed: Set<String>?, _ chosen: String?) -> Set<String>? {
                guard let chosen else { return allowed }
                // A filter outside the scope counts nothing: never another college's numbers.
                return allowed.map { $0.contains(chosen) ? [chosen] : [] } ?? [chosen]
            }
            return try await CaseCounts.counts(type, schools: scope[.school], colleges: narrowed(scope[.college], filter.college.map(String.init)),
                                               cohorts: scope[.cohort], levels: narrowed(scope[.level], filter.level), on: req.db)
        }
        var result: [String: Int] = [:]
        for row in try await filtered(req.db.sql.select().column(SQLColumn("status_key", table: "c"))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))), type: type, user: user, filter: filter, statusKeys: nil)
            .groupBy(SQLColumn("status_key", table: "c")).all() {
            result[try row.decode(column: "status_key", as: String.self)] = try row.decode(column: "n", as: Int.self)
        }
        return result
    }

    /// How many of those with no case yet the 未提交 view names (the count says how many in all).
    package static let notStartedShown = 50

    /// The status groups of the list: with an applicant source, 未提交 (the group of drafts) also
    /// counts those who have not started.
    package static func statusGroups(_ type: CaseType) -> [(label: String, keys: [String])] {
        var groups = CaseEngine.statusGroups(type.definition)
        if type.applicants != nil, let index = groups.firstIndex(where: { $0.keys.contains("draft") }) {
            groups[index].keys.append(ApplicantSource.notStartedKey)
        }
        return groups
    }

    /// One expected applicant with no case yet.
    package struct NotStartedRow: Sendable {
        package let name: String
        package let studentNo: String?
        package let college: String
        package let major: String
        package let level: String?
        package let cohort: Int?

        package init(_ row: any SQLRow, names: OrgNames.Snapshot) throws {
            name = try row.decode(column: "display_name", as: String.self)
            studentNo = try row.decode(column: "student_no", as: String?.self)
            college = try row.decode(column: "college_id", as: Int64?.self).flatMap { names.colleges[$0] } ?? "—"
            major = try row.decode(column: "major_id", as: Int64?.self).flatMap { names.majors[$0] } ?? "—"
            level = try row.decode(column: "level", as: String?.self)
            cohort = try row.decode(column: "cohort", as: Int?.self)
        }
    }
}
