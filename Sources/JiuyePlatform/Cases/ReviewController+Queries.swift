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
        let columns = type.scope.sqlColumns
        var query = select.from(SQLAlias(SQLIdentifier(type.table), as: SQLIdentifier("c"))).scoped(to: user.scope, columns: columns)
        if let keys = statusKeys { query = query.where(SQLColumn("status_key", table: "c"), .in, SQLGroupExpression(keys.map { SQLBind($0) })) }
        // A filter on a dimension the type does not carry matches nothing.
        for (dimension, value) in filter.dimensions {
            query = columns[dimension].map { query.where($0, .equal, ScopeFilter.bind(value, for: dimension)) }
                ?? query.where(SQLRaw("1 = 0"))
        }
        if let keyword = filter.keyword {
            query = query.where { group in
                let named = group.where(SQLColumn("applicant_name", table: "c"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                return type.applicantNumber == nil ? named : named.orWhere(SQLColumn("student_no", table: "c"), .equal, SQLBind(keyword.lowercased()))
            }
        }
        return query
    }

    package struct ListRow: Sendable {
        package let id: Int64
        package let applicant_name: String
        package let student_no: String?
        package let status_key: String
        package let status_label: String?
        package let summary: String?
        package let submitted_at: Int64?
        package let batch_number: Int?
        /// The values of the dimensions the type shows (names come from `ScopeValueNames`).
        package let scope: [ScopeDimension: String]

        /// By hand: the Codable row decoder cost more than the query it decodes. Names come from
        /// kept or looked-up names, not from joins (planning them cost more than running the query
        /// on PostgreSQL).
        package init(_ row: any SQLRow, type: CaseType) throws {
            id = try row.decode(column: "id", as: Int64.self)
            applicant_name = try row.decode(column: "applicant_name", as: String.self)
            student_no = type.applicantNumber == nil ? nil : try row.decode(column: "student_no", as: String?.self)
            status_key = try row.decode(column: "status_key", as: String.self)
            status_label = try row.decode(column: "status_label", as: String?.self)
            summary = try row.decode(column: "summary", as: String?.self)
            submitted_at = try row.decode(column: "submitted_at", as: Int64?.self)
            batch_number = try row.decode(column: "batch_number", as: Int?.self)
            var scope: [ScopeDimension: String] = [:]
            for dimension in type.scope.shown {
                guard let column = type.scope.columns[dimension] else { continue }
                if let value = try row.scopeValue(column, dimension) { scope[dimension] = value }
            }
            self.scope = scope
        }
    }

    /// The list's rows for the filter, newest first from `filter.after`.
    package func listSelect(_ db: any Database, type: CaseType, user: CurrentUser, filter: Filter, statusKeys keys: [String]?) -> SQLSelectBuilder {
        var names = ["id", "applicant_name", "status_key", "status_label", "summary", "submitted_at", "batch_number"]
        if type.applicantNumber != nil { names.append("student_no") }
        names += type.scope.shown.compactMap { type.scope.columns[$0] }
        var select = db.sql.select().columns(names.map { SQLColumn($0, table: "c") })
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
        for (dimension, value) in filter.dimensions {
            query = source.sqlColumns[dimension].map { query.where($0, .equal, ScopeFilter.bind(value, for: dimension)) }
                ?? query.where(SQLRaw("1 = 0"))
        }
        if let keyword = filter.keyword {
            query = query.where { group in
                let named = group.where(SQLColumn("display_name", table: "u"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                return type.applicantNumber == nil ? named : named.orWhere(SQLColumn("student_no", table: "u"), .equal, SQLBind(keyword.lowercased()))
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
        if user.scope.isEmpty { return [:] }
        var within = user.scope.values
        for (dimension, chosen) in filter.dimensions {
            // A filter outside the scope counts nothing: never another college's numbers.
            within[dimension] = within[dimension].map { $0.contains(chosen) ? [chosen] : [] } ?? [chosen]
        }
        if filter.keyword == nil, CaseCounts.covers(type, within.keys) {
            return try await CaseCounts.counts(type, within: within, on: req.db)
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
        /// The values of the dimensions the type shows, from the applicant source.
        package let scope: [ScopeDimension: String]

        package init(_ row: any SQLRow, type: CaseType) throws {
            name = try row.decode(column: "display_name", as: String.self)
            studentNo = type.applicantNumber == nil ? nil : try row.decode(column: "student_no", as: String?.self)
            var scope: [ScopeDimension: String] = [:]
            for dimension in type.scope.shown where type.applicants?.scopeColumns[dimension] != nil {
                let column = "s_" + dimension.rawValue
                if let value = try row.scopeValue(column, dimension) { scope[dimension] = value }
            }
            self.scope = scope
        }

        /// The columns `init` reads, from the source aliased `a` and users `u`.
        package static func columns(_ type: CaseType, source: ApplicantSource) -> [any SQLExpression] {
            var columns: [any SQLExpression] = [SQLColumn("display_name", table: "u"), SQLColumn("student_no", table: "u")]
            for dimension in type.scope.shown {
                guard let column = source.sqlColumns[dimension] else { continue }
                columns.append(SQLAlias(column, as: SQLIdentifier("s_" + dimension.rawValue)))
            }
            return columns
        }
    }
}
