import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// The options of a list's filters (院系, 专业, 学历), taken from the user's scope: a counselor of
/// one class sees that class's college, major and level, never the rest of the school. Colleges
/// are kept a minute per scope (every list view needs them; a renamed college shows within a minute).
package enum ScopeOptions {
    /// The dimensions that narrow the org tables, in the cache key's order.
    package static let orgDimensions: [ScopeDimension] = [.school, .campus, .college, .major, .class, .level]

    package static func cacheKey(_ kind: String, _ scope: Scope, extra: String = "") -> String {
        kind + "|" + extra + "|" + orgDimensions.map { "\($0.rawValue)=\(scope.values[$0]?.sorted().joined(separator: ",") ?? "*")" }.joined(separator: ";")
    }

    /// 院系 in scope. A scope of majors or classes reaches the colleges that hold them.
    package static func colleges(_ req: Request, scope: Scope) async throws -> [SelectOption] {
        guard !scope.isEmpty else { return [] }
        let key = cacheKey("colleges", scope)
        let cache = req.application.optionCache, now = req.now
        if let hit = cache.get(key, now: now) { return hit }
        var query = req.db.sql.select().columns(SQLColumn("id", table: "co"), SQLColumn("name", table: "co"))
            .from(SQLAlias(SQLIdentifier("colleges"), as: SQLIdentifier("co")))
            .scoped(to: scope.restrictedTo([.school, .campus, .college]),
                    columns: [.school: SQLColumn("school_id", table: "co"), .campus: SQLColumn("campus_id", table: "co"), .college: SQLColumn("id", table: "co")])
        query = narrowedByMajorsAndClasses(query, scope: scope, collegeColumn: SQLColumn("id", table: "co"))
        let options = try await query.orderBy(SQLColumn("code", table: "co")).all().map {
            SelectOption(String(try $0.decode(column: "id", as: Int64.self)), try $0.decode(column: "name", as: String.self))
        }
        cache.put(key, options, until: now + 60)
        return options
    }

    /// 专业 of `college` in scope, each named with its 学历 (a major taught at two levels is two
    /// options that read differently). Empty when the college lies outside the scope.
    package static func majors(_ req: Request, scope: Scope, college: Int64) async throws -> [SelectOption] {
        guard !scope.isEmpty, try await colleges(req, scope: scope).contains(where: { $0.value == String(college) }) else { return [] }
        var query = req.db.sql.select().columns("id", "name", "level").from("majors").where("college_id", .equal, SQLBind(college))
        if let majors = scope.values[.major] { query = query.where("id", .in, ScopeFilter.binds(majors, for: .major)) }
        if let classes = scope.values[.class] {
            query = query.where("id", .in, SQLGroupExpression(req.db.sql.select().column("major_id").from("classes")
                .where("id", .in, ScopeFilter.binds(classes, for: .class)).select))
        }
        if let levels = scope.values[.level] { query = query.where("level", .in, ScopeFilter.binds(levels, for: .level)) }
        return try await query.orderBy("code").orderBy("level").all().map { row in
            let level = try row.decode(column: "level", as: String.self)
            return SelectOption(String(try row.decode(column: "id", as: Int64.self)),
                                "\(try row.decode(column: "name", as: String.self))（\(EducationLevel(rawValue: level)?.label ?? level)）")
        }
    }

    /// 学历 in scope.
    package static func levels(scope: Scope) -> [SelectOption] {
        guard !scope.isEmpty else { return [] }
        return EducationLevel.allCases.filter { scope.values[.level]?.contains($0.rawValue) ?? true }.map { SelectOption($0.rawValue, $0.label) }
    }

    /// 届别 in scope, else the years around now.
    package static func cohorts(scope: Scope, around year: Int) -> [SelectOption] {
        let years = scope.values[.cohort].map { $0.compactMap { RequestNumber.parse($0, in: 1990...2200) } } ?? Array((year - 6)...(year + 4))
        return years.sorted(by: >).map { SelectOption(String($0), "\($0)届") }
    }

    private static func narrowedByMajorsAndClasses(_ query: SQLSelectBuilder, scope: Scope, collegeColumn: SQLColumn) -> SQLSelectBuilder {
        var query = query
        if let majors = scope.values[.major] {
            query = query.where(collegeColumn, .in, SQLGroupExpression(SQLSelectBuilder(on: query.database).column("college_id").from("majors")
                .where("id", .in, ScopeFilter.binds(majors, for: .major)).select))
        }
        if let classes = scope.values[.class] {
            query = query.where(collegeColumn, .in, SQLGroupExpression(SQLSelectBuilder(on: query.database).column("college_id").from("classes")
                .where("id", .in, ScopeFilter.binds(classes, for: .class)).select))
        }
        if let levels = scope.values[.level] {
            query = query.where(collegeColumn, .in, SQLGroupExpression(SQLSelectBuilder(on: query.database).column("college_id").from("majors")
                .where("level", .in, ScopeFilter.binds(levels, for: .level)).select))
        }
        return query
    }
}

extension Scope {
    /// Only the given dimensions of this scope (for filtering a related table such as colleges).
    package func restrictedTo(_ dimensions: Set<ScopeDimension>) -> Scope {
        if isEmpty { return .nothing }
        return Scope(values.filter { dimensions.contains($0.key) })
    }
}
