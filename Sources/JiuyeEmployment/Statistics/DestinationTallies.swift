import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit

/// 去向落实 counters: one row per place (school … class, cohort, level), 毕业去向 code (the statistics map codes to groups, a mapping that has versions) and 本人确认,
/// counting the registrations whose approved version is in force. Moved in the transaction of
/// every case move (`CaseType.afterMove`), so the statistics page reads a few rows, never the cases.
package enum DestinationTallies {
    /// What one case contributes: nothing until a version is approved; then the group of the
    /// version in force and whether the graduate confirmed it (a graduate's own registration is
    /// confirmed; a staff 代录 counts as confirmed only after 本人确认).
    package struct Key: Hashable, Sendable {
        package var place: [String: Int64]
        package var cohort: Int
        package var level: String
        package var category: String
        package var confirmation: String
    }

    package static let placeColumns = ["school_id", "campus_id", "college_id", "major_id", "class_id"]

    package static func key(scope: [ScopeDimension: String], state: CaseState, inForce: [String: String]?) -> Key? {
        guard let inForce, let code = inForce[DestinationField.category.key], !code.isEmpty else { return nil }
        // An objection counts as such whoever entered the record.
        let confirmation = state.confirmation == .disputed ? .disputed : state.enteredBy == nil ? PersonalConfirmation.confirmed : state.confirmation
        var place: [String: Int64] = [:]
        for (dimension, column) in [(ScopeDimension.school, "school_id"), (.campus, "campus_id"), (.college, "college_id"), (.major, "major_id"), (.class, "class_id")] {
            place[column] = scope[dimension].flatMap(Int64.init) ?? 0
        }
        guard let cohort = scope[.cohort].flatMap(Int.init), let level = scope[.level] else { return nil }
        return Key(place: place, cohort: cohort, level: level, category: code, confirmation: confirmation.rawValue)
    }

    /// The move of one case: its old contribution out, its new one in.
    package static func move(before: CaseRow, after: CaseState, inForce: [String: String]?, on db: any Database) async throws {
        let old = key(scope: before.scope, state: before.state, inForce: before.inForce)
        let new = key(scope: before.scope, state: after, inForce: inForce)
        guard old != new else { return }
        if let old { try await add(old, -1, on: db) }
        if let new { try await add(new, 1, on: db) }
    }

    static func add(_ key: Key, _ delta: Int64, on db: any Database) async throws {
        let places = placeColumns.map { key.place[$0] ?? 0 }
        try await db.sql.raw("""
            INSERT INTO destination_tallies (school_id, campus_id, college_id, major_id, class_id, cohort, level, category, confirmation, n)
            VALUES (\(bind: places[0]), \(bind: places[1]), \(bind: places[2]), \(bind: places[3]), \(bind: places[4]), \(bind: key.cohort),
                    \(bind: key.level), \(bind: key.category), \(bind: key.confirmation), \(bind: delta))
            ON CONFLICT (school_id, campus_id, college_id, major_id, class_id, cohort, level, category, confirmation)
            DO UPDATE SET n = destination_tallies.n + \(bind: delta)
            """).run()
    }

    /// Counts every registration in force again (the migration; a bench that inserts cases directly).
    package static func rebuild(on db: any Database) async throws {
        try await db.sql.raw("DELETE FROM destination_tallies").run()
        var counts: [Key: Int64] = [:]
        var after: Int64 = 0
        while true {
            let rows = try await db.sql.raw("""
                SELECT id, school_id, campus_id, college_id, major_id, class_id, cohort, level, state_json, in_force_json FROM destination_cases
                WHERE in_force_json IS NOT NULL AND id > \(bind: after) ORDER BY id LIMIT 5000
                """).all()
            guard let last = rows.last else { break }
            after = try last.decode(column: "id", as: Int64.self)
            for row in rows {
                var scope: [ScopeDimension: String] = [:]
                for (dimension, column) in [(ScopeDimension.school, "school_id"), (.campus, "campus_id"), (.college, "college_id"), (.major, "major_id"), (.class, "class_id")] {
                    if let value = try row.decode(column: column, as: Int64?.self) { scope[dimension] = String(value) }
                }
                scope[.cohort] = String(try row.decode(column: "cohort", as: Int.self))
                scope[.level] = try row.decode(column: "level", as: String.self)
                let state = (try? JSONDecoder().decode(CaseState.self, from: Data(try row.decode(column: "state_json", as: String.self).utf8))) ?? CaseState()
                let inForce = try row.decode(column: "in_force_json", as: String?.self)
                    .flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
                if let key = key(scope: scope, state: state, inForce: inForce) { counts[key, default: 0] += 1 }
            }
        }
        for (key, n) in counts { try await add(key, n, on: db) }
    }
}
