import Fluent
import Foundation
import JiuyeDomain
import SQLKit
import Vapor

/// Creating a case, and what the engine sends when it moves one.
extension CaseEngine {
    /// The engine's messages: to the applicant in-app and by SMS; work items to staff in scope.
    package static func notify(_ notifications: [CaseNotification], type: CaseType, row: CaseRow, now: Int64, keys: KeyService, app: Application, on db: any Database) async throws {
        let link = "/\(type.key)"
        for notification in notifications {
            switch notification {
            case .systemMessage(let text):
                try await MessageCenter.post(to: row.applicant_id, title: type.definition.name, body: text, link: link, now: now, keys: keys, app: app, on: db)
            case .sms(let text):
                try await MessageCenter.post(to: row.applicant_id, title: type.definition.name, body: text, link: link, sms: true, now: now, keys: keys, app: app, on: db)
            case .workItem(let role, let text):
                let applicant = row.student_no.map { "\(row.applicant_name)（\($0)）" } ?? row.applicant_name
                for id in try await recipients(role: role, scope: row.scope, on: db) {
                    try await MessageCenter.post(to: id, title: "\(type.definition.name)待处理", body: "\(applicant)：\(text)",
                                                 link: "/review/\(type.key)/\(row.id)", now: now, keys: keys, app: app, on: db)
                }
            }
        }
    }

    /// Staff holding `role` whose assignment's scope covers a case standing at `scope`: every
    /// dimension the assignment constrains holds the case's value (a dimension the case lacks is
    /// outside, as on the lists). One query, whatever the scope's dimensions.
    package static func recipients(role: Role, scope: [ScopeDimension: String], on db: any Database) async throws -> [Int64] {
        let value: SQLQueryString = scope.isEmpty ? "NULL" : "CASE sc.dimension " + scope.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "WHEN \(bind: $0.key.rawValue) THEN \(bind: $0.value) " as SQLQueryString }.joined() + "ELSE NULL END"
        return try await db.sql.raw("""
            SELECT DISTINCT ra.user_id AS id FROM role_assignments ra JOIN users u ON u.id = ra.user_id
            WHERE ra.role = \(bind: role.rawValue) AND u.is_active = \(bind: true)
            AND NOT EXISTS (SELECT 1 FROM assignment_scopes sc WHERE sc.assignment_id = ra.id AND NOT EXISTS (
                SELECT 1 FROM assignment_scopes s2 WHERE s2.assignment_id = ra.id AND s2.dimension = sc.dimension AND s2.value = \(value)))
            ORDER BY ra.user_id
            """).all().map { try $0.decode(column: "id", as: Int64.self) }
    }

    /// Creates the applicant's case for the period (one per applicant, type and period: a
    /// double-clicked submit finds the row the first click made). The case's scope is `scope`
    /// when the caller knows it (a unit chosen on the form), else the applicant's row in the
    /// type's applicant source (a graduate's school, college, major …).
    package static func create(_ type: CaseType, applicant userID: Int64, period: String, scope given: [ScopeDimension: String]? = nil,
                               req: Request) async throws -> CaseRow {
        try await create(type, applicant: userID, period: period, scope: given, now: req.now, on: req.db)
    }

    package static func create(_ type: CaseType, applicant userID: Int64, period: String, scope given: [ScopeDimension: String]? = nil,
                               now: Int64, on database: any Database) async throws -> CaseRow {
        if let existing = try await load(type, applicant: userID, period: period, on: database) { return existing }
        guard let person = try await database.sql.select().columns("display_name", "student_no").from("users")
            .where("id", .equal, SQLBind(userID)).first() else { throw Abort(.notFound) }
        var scope: [ScopeDimension: String] = [:]
        if let given {
            scope = given
        } else {
            guard let source = type.applicants else { throw Abort(.notFound) }
            let dimensions = type.scope.columns.keys.filter { source.scopeColumns[$0] != nil }.sorted { $0.rawValue < $1.rawValue }
            var select = database.sql.select().from(SQLAlias(SQLIdentifier(source.table), as: SQLIdentifier("a")))
                .where(SQLColumn(source.userColumn, table: "a"), .equal, SQLBind(userID))
            for dimension in dimensions { select = select.column(SQLAlias(SQLColumn(source.scopeColumns[dimension]!, table: "a"), as: SQLIdentifier(dimension.rawValue))) }
            guard let found = try await select.first() else { throw Abort(.notFound) }
            for dimension in dimensions {
                if let value = try found.scopeValue(dimension.rawValue, dimension) { scope[dimension] = value }
            }
        }
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState()), as: UTF8.self)
        var columns = ["applicant_id", "period", "applicant_name", "status_key", "status_label", "lock", "state_json", "data_json", "in_force_json",
                       "submitted_json", "submitted_at", "updated_at", "created_at"]
        var values: [any SQLExpression] = [SQLBind(userID), SQLBind(period), SQLBind(try person.decode(column: "display_name", as: String.self)),
                                           SQLBind("draft"), SQLBind(type.definition.status.draft), SQLBind(Int64(0)), SQLBind(state), SQLBind("{}"),
                                           SQLLiteral.null, SQLLiteral.null, SQLLiteral.null, SQLBind(now), SQLBind(now)]
        if type.applicantNumber != nil {
            columns.append("student_no")
            values.append(SQLBind(try person.decode(column: "student_no", as: String?.self)))
        }
        for (dimension, column) in type.scope.columns.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            columns.append(column)
            let value = scope[dimension]
            values.append(dimension.holdsIntegers ? SQLBind(value.flatMap { Int64($0) }) : SQLBind(value))
        }
        let stored = scope
        let (names, row) = (columns, values)
        do {
            try await database.writeTransaction { db in
                try await db.sql.insert(into: type.table).columns(names).values(row).run()
                try await CaseCounts.move(type, scope: stored, from: nil, to: "draft", on: db)
            }
        } catch {
            // The unique key (applicant, period) refused a second row: another request made it.
            guard let existing = try await load(type, applicant: userID, period: period, on: database) else { throw error }
            return existing
        }
        guard let row = try await load(type, applicant: userID, period: period, on: database) else { throw Abort(.internalServerError) }
        return row
    }
}
