import Fluent
import JiuyeDomain
import SQLKit

/// The one scope filter every staff list and record lookup goes through.
/// `columns` says which column carries each dimension in this query. A dimension the scope
/// constrains but the query has no column for means nothing is visible: unknown never means allowed.
extension SQLSelectBuilder {
    package func scoped(to scope: Scope, columns: [ScopeDimension: SQLColumn]) -> Self {
        if scope.isEmpty { return self.where(SQLRaw("1 = 0")) }
        var builder = self
        for (dimension, values) in scope.values.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard let column = columns[dimension] else { return self.where(SQLRaw("1 = 0")) }
            builder = builder.where(column, .in, ScopeFilter.binds(values, for: dimension))
        }
        return builder
    }
}

package enum ScopeFilter {
    /// Binds of the right type for the column (integer ids, integer cohorts, text codes).
    package static func binds(_ values: Set<String>, for dimension: ScopeDimension) -> SQLGroupExpression {
        if dimension.holdsIntegers {
            let numbers = values.compactMap(Int64.init).sorted()
            return SQLGroupExpression(numbers.isEmpty ? [SQLLiteral.null] : numbers.map { SQLBind($0) as any SQLExpression })
        }
        return SQLGroupExpression(values.sorted().map { SQLBind($0) as any SQLExpression })
    }

    /// One value of a dimension as a bind of the column's type (a non-number for an integer
    /// column matches nothing).
    package static func bind(_ value: String, for dimension: ScopeDimension) -> SQLBind {
        dimension.holdsIntegers ? SQLBind(Int64(value) ?? -1) : SQLBind(value)
    }

    /// Columns of a `students st` query.
    package static let studentColumns: [ScopeDimension: SQLColumn] = [
        .school: SQLColumn("school_id", table: "st"),
        .campus: SQLColumn("campus_id", table: "st"),
        .college: SQLColumn("college_id", table: "st"),
        .major: SQLColumn("major_id", table: "st"),
        .class: SQLColumn("class_id", table: "st"),
        .cohort: SQLColumn("cohort", table: "st"),
        .level: SQLColumn("level", table: "st"),
        .stage: SQLColumn("stage", table: "st"),
    ]
}
