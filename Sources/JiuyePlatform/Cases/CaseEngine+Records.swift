import Fluent
import Foundation
import JiuyeDomain
import SQLKit
import Vapor

/// 审核记录 and 变更明细 of a case, as the detail pages show them.
extension CaseEngine {
    package struct HistoryRow: Decodable, Sendable {
        package let version: Int
        package let step_label: String
        package let action_label: String
        package let status_label: String
        package let remark: String?
        package let actor_role: String?
        package let actor_name: String?
        package let at: Int64
    }

    package static func history(_ type: CaseType, id: Int64, on db: any Database) async throws -> [HistoryRow] {
        try await db.sql.raw("""
            SELECT h.version, h.step_label, h.action_label, h.status_label, h.remark, h.actor_role, u.display_name AS actor_name, h.at
            FROM case_history h LEFT JOIN users u ON u.id = h.actor_id
            WHERE h.case_type = \(bind: type.key) AND h.case_id = \(bind: id) ORDER BY h.id
            """).all(decoding: HistoryRow.self)
    }

    package struct ChangeSet: Sendable {
        package let version: Int
        package let submission: Int
        package let at: Int64
        package let changes: [[String: String]]
    }

    package static func changes(_ type: CaseType, id: Int64, on db: any Database) async throws -> [ChangeSet] {
        try await db.sql.raw("""
            SELECT version, submission, at, changes_json FROM case_changes
            WHERE case_type = \(bind: type.key) AND case_id = \(bind: id) ORDER BY id DESC
            """).all().map { row in
            let json = try row.decode(column: "changes_json", as: String.self)
            return ChangeSet(version: try row.decode(column: "version", as: Int.self), submission: try row.decode(column: "submission", as: Int.self),
                             at: try row.decode(column: "at", as: Int64.self),
                             changes: (try? JSONDecoder().decode([[String: String]].self, from: Data(json.utf8))) ?? [])
        }
    }
}
