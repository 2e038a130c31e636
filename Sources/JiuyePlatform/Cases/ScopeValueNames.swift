import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// Scope values as people read them on case lists and exports: a college's or unit's name for
/// its id, 2026届 for a cohort, 本科 for a level code, a county's name for its code. Colleges
/// and majors come from the kept names (`OrgNames`); the rest are looked up once for a page's values.
package struct ScopeValueNames: Sendable {
    private let snapshot: OrgNames.Snapshot
    private let looked: [ScopeDimension: [String: String]]

    package init(snapshot: OrgNames.Snapshot, looked: [ScopeDimension: [String: String]] = [:]) {
        self.snapshot = snapshot
        self.looked = looked
    }

    /// Names for the values of `shown` dimensions found in `records` (one query per dimension at most).
    package static func load(_ req: Request, shown: [ScopeDimension], records: [[ScopeDimension: String]]) async throws -> ScopeValueNames {
        let snapshot = try await req.application.orgNames.snapshot(req)
        var looked: [ScopeDimension: [String: String]] = [:]
        for dimension in shown {
            guard let (table, key) = lookupTable(dimension) else { continue }
            let values = Set(records.compactMap { $0[dimension] }).sorted()
            guard !values.isEmpty else { continue }
            let binds: [any SQLExpression] = dimension.holdsIntegers ? values.compactMap { Int64($0) }.map { SQLBind($0) } : values.map { SQLBind($0) }
            guard !binds.isEmpty else { continue }
            var names: [String: String] = [:]
            for row in try await req.db.sql.select().column(SQLAlias(SQLColumn(key), as: SQLIdentifier("k"))).column("name").from(table)
                .where(SQLColumn(key), .in, SQLGroupExpression(binds)).all() {
                let value = dimension.holdsIntegers ? String(try row.decode(column: "k", as: Int64.self)) : try row.decode(column: "k", as: String.self)
                names[value] = try row.decode(column: "name", as: String.self)
            }
            looked[dimension] = names
        }
        return ScopeValueNames(snapshot: snapshot, looked: looked)
    }

    private static func lookupTable(_ dimension: ScopeDimension) -> (String, String)? {
        switch dimension {
        case .school: ("schools", "id")
        case .campus: ("campuses", "id")
        case .class: ("classes", "id")
        case .unit: ("units", "id")
        case .county, .city: ("regions", "code")
        case .college, .major, .cohort, .level, .stage: nil
        }
    }

    /// The value as shown ("—" when the case has none).
    package func text(_ dimension: ScopeDimension, _ value: String?) -> String {
        guard let value, !value.isEmpty else { return "—" }
        switch dimension {
        case .college: return Int64(value).flatMap { snapshot.colleges[$0] } ?? "—"
        case .major: return Int64(value).flatMap { snapshot.majors[$0] } ?? "—"
        case .cohort: return "\(value)届"
        case .level: return EducationLevel(rawValue: value)?.label ?? value
        case .stage: return StudyStage(rawValue: value)?.label ?? value
        case .school, .campus, .class, .unit, .county, .city: return looked[dimension]?[value] ?? "—"
        }
    }
}
