import Fluent
import Foundation
import JiuyeDomain
import SQLKit
import Vapor

/// The one function every admin write and state change calls, inside the write transaction,
/// so the log row and the change commit or roll back together. Rows are chained (AuditChain).
package enum Audit {
    package struct Change: Sendable {
        package let field: String
        package let before: String?
        package let after: String?
        package init(_ field: String, before: String? = nil, after: String? = nil) {
            self.field = field
            self.before = before
            self.after = after
        }
    }

    /// Records `action` on `target` (both typed, so each has its Chinese label; see AuditLabels).
    package static func record(
        _ action: AuditAction, target: AuditTarget, id: CustomStringConvertible?,
        changes: [Change] = [], actor: CurrentUser?, ip: String?, now: Int64, keys: KeyService, on db: any Database
    ) async throws {
        try await write(action.key, target: target.key, id: id, changes: changes, actor: actor, ip: ip, now: now, keys: keys, on: db)
    }

    @available(*, deprecated, message: "pass an AuditAction and an AuditTarget")
    package static func record(
        _ action: String, target: String, id: CustomStringConvertible?,
        changes: [Change] = [], actor: CurrentUser?, ip: String?, now: Int64, keys: KeyService, on db: any Database
    ) async throws {
        try await write(action, target: target, id: id, changes: changes, actor: actor, ip: ip, now: now, keys: keys, on: db)
    }

    private static func write(
        _ action: String, target: String, id: CustomStringConvertible?,
        changes: [Change], actor: CurrentUser?, ip: String?, now: Int64, keys: KeyService, on db: any Database
    ) async throws {
        // Callers pass masked values; anything that still looks like an ID, phone or card number
        // is masked here too, so the log never holds one in clear.
        let changesJSON = try String(decoding: JSONEncoder.sorted.encode(changes.map {
            ["field": $0.field, "before": Masking.redactingPersonalData(in: $0.before ?? ""), "after": Masking.redactingPersonalData(in: $0.after ?? "")]
        }), as: UTF8.self)
        try await AuditChain.append({ seq in
            AuditChain.Fields(seq: seq, at: now, actorID: actor?.id, actorRole: actor?.role?.rawValue, action: action, targetType: target,
                              targetID: id.map { String(describing: $0) }, changes: changesJSON, ip: ip)
        }, on: db, keys: keys)
    }
}

extension Request {
    /// Audit from a request: actor, address and clock taken from it.
    package func audit(_ action: AuditAction, target: AuditTarget, id: CustomStringConvertible?, changes: [Audit.Change] = [], on db: any Database) async throws {
        try await Audit.record(action, target: target, id: id, changes: changes, actor: currentUser, ip: clientAddress, now: now, keys: keys, on: db)
    }

    @available(*, deprecated, message: "pass an AuditAction and an AuditTarget")
    package func audit(_ action: String, target: String, id: CustomStringConvertible?, changes: [Audit.Change] = [], on db: any Database) async throws {
        try await Audit.record(action, target: target, id: id, changes: changes, actor: currentUser, ip: clientAddress, now: now, keys: keys, on: db)
    }
}

extension JSONEncoder {
    package static let sorted: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

