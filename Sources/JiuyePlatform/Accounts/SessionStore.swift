import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// Sessions live in the database (any instance serves any user); the table stores only the
/// SHA-256 of the session id.
package enum SessionStore {
    package struct Row {
        package let user_id: Int64
        package let assignment_id: Int64?
        package let created_at: Int64
        package let last_seen_at: Int64
        package let username: String?
        package let display_name: String
        package let is_active: Bool
        package let totp_enabled_at: Int64?
        package let unread: Int
        package let ra_id: Int64?
        package let role: String?
        package let dimension: String?
        package let value: String?

        package init(_ row: any SQLRow) throws {
            user_id = try row.decode(column: "user_id", as: Int64.self)
            assignment_id = try row.decode(column: "assignment_id", as: Int64?.self)
            created_at = try row.decode(column: "created_at", as: Int64.self)
            last_seen_at = try row.decode(column: "last_seen_at", as: Int64.self)
            username = try row.decode(column: "username", as: String?.self)
            display_name = try row.decode(column: "display_name", as: String.self)
            is_active = try row.decode(column: "is_active", as: Bool.self)
            totp_enabled_at = try row.decode(column: "totp_enabled_at", as: Int64?.self)
            unread = try row.decode(column: "unread", as: Int.self)
            ra_id = try row.decode(column: "ra_id", as: Int64?.self)
            role = try row.decode(column: "role", as: String?.self)
            dimension = try row.decode(column: "dimension", as: String?.self)
            value = try row.decode(column: "value", as: String?.self)
        }
    }

    package struct Resolved: Sendable {
        package let user: CurrentUser
        package let createdAt: Int64
        package let lastSeenAt: Int64
        package let isActive: Bool
    }

    /// Session, user, role assignments and scopes in one query.
    package static func resolve(tokenHash: String, on db: any Database, keys: KeyService) async throws -> Resolved? {
        // Written out once: building this through the query builder on every request cost more than running it.
        let rows = try await db.sql.raw("""
            SELECT s.user_id, s.assignment_id, s.created_at, s.last_seen_at, u.username, u.display_name, u.is_active, u.totp_enabled_at,
            (SELECT COUNT(*) FROM messages m WHERE m.user_id = u.id AND m.read_at IS NULL) AS unread,
            ra.id AS ra_id, ra.role, sc.dimension, sc.value
            FROM sessions s JOIN users u ON u.id = s.user_id
            LEFT JOIN role_assignments ra ON ra.user_id = u.id
            LEFT JOIN assignment_scopes sc ON sc.assignment_id = ra.id
            WHERE s.token_hash = \(bind: tokenHash) ORDER BY ra.id
            """).all().map(Row.init)
        guard let first = rows.first else { return nil }

        var order: [Int64] = []
        var roles: [Int64: Role] = [:]
        var values: [Int64: [ScopeDimension: Set<String>]] = [:]
        for row in rows {
            guard let assignmentID = row.ra_id, let role = row.role.flatMap(Role.init(rawValue:)) else { continue }
            if roles[assignmentID] == nil { order.append(assignmentID); roles[assignmentID] = role }
            if let dimension = row.dimension.flatMap(ScopeDimension.init(rawValue:)), let value = row.value {
                values[assignmentID, default: [:]][dimension, default: []].insert(value)
            }
        }
        let assignments = order.map { id in
            Assignment(id: id, role: roles[id]!, scope: Scope(values[id] ?? [:]), values: values[id] ?? [:])
        }
        let active = assignments.first { $0.id == first.assignment_id } ?? assignments.first
        let user = CurrentUser(
            id: first.user_id, username: first.username, displayName: first.display_name,
            assignments: assignments, active: active, sessionHash: tokenHash, totpEnabled: first.totp_enabled_at != nil, unreadMessages: first.unread,
            csrfToken: keys.sign("csrf|" + tokenHash))
        return Resolved(user: user, createdAt: first.created_at, lastSeenAt: first.last_seen_at, isActive: first.is_active)
    }

    /// Creates a session and returns the raw id for the cookie (only its hash is stored).
    package static func create(userID: Int64, ip: String, userAgent: String, now: Int64, on db: any Database) async throws -> String {
        let token = SecureRandom.token()
        try await db.sql.insert(into: "sessions")
            .columns("token_hash", "user_id", "assignment_id", "created_at", "last_seen_at", "ip", "user_agent")
            .values(SQLBind(sha256Hex(token)), SQLBind(userID), SQLLiteral.null, SQLBind(now), SQLBind(now), SQLBind(ip), SQLBind(String(userAgent.prefix(300))))
            .run()
        return token
    }

    package static func touch(tokenHash: String, now: Int64, on db: any Database) async throws {
        try await db.sql.update("sessions").set("last_seen_at", to: SQLBind(now))
            .where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    package static func delete(tokenHash: String, on db: any Database) async throws {
        try await db.sql.delete(from: "sessions").where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    /// Ends every session of a user except `keeping` (password change ends the others).
    package static func deleteAll(userID: Int64, keeping: String? = nil, on db: any Database) async throws {
        var query = db.sql.delete(from: "sessions").where("user_id", .equal, SQLBind(userID))
        if let keeping { query = query.where("token_hash", .notEqual, SQLBind(keeping)) }
        try await query.run()
    }

    package static func setActiveAssignment(_ assignmentID: Int64, tokenHash: String, on db: any Database) async throws {
        try await db.sql.update("sessions").set("assignment_id", to: SQLBind(assignmentID))
            .where("token_hash", .equal, SQLBind(tokenHash)).run()
    }

    /// Removes sessions idle or older than the limits (run by the job runner).
    package static func purgeExpired(now: Int64, settings: Settings, on db: any Database) async throws -> Int {
        let idleCutoff = now - Int64(settings.sessionIdleMinutes * 60)
        let absoluteCutoff = now - Int64(settings.sessionAbsoluteHours * 3600)
        let stale = try await db.sql.select().column("token_hash").from("sessions")
            .where("last_seen_at", .lessThan, SQLBind(idleCutoff))
            .orWhere("created_at", .lessThan, SQLBind(absoluteCutoff))
            .all()
        try await db.sql.delete(from: "sessions")
            .where("last_seen_at", .lessThan, SQLBind(idleCutoff))
            .orWhere("created_at", .lessThan, SQLBind(absoluteCutoff))
            .run()
        try await db.sql.delete(from: "remember_tokens").where("expires_at", .lessThan, SQLBind(now)).run()
        return stale.count
    }
}

/// 一周内免登录: a separate rotating token, students only, revoked by logout or password change.
package enum RememberTokens {
    package static func issue(userID: Int64, now: Int64, days: Int, on db: any Database) async throws -> String {
        let selector = SecureRandom.token(bytes: 12)
        let validator = SecureRandom.token()
        try await db.sql.insert(into: "remember_tokens")
            .columns("selector", "validator_hash", "user_id", "expires_at", "created_at")
            .values(SQLBind(selector), SQLBind(sha256Hex(validator)), SQLBind(userID), SQLBind(now + Int64(days * 86_400)), SQLBind(now))
            .run()
        return "\(selector):\(validator)"
    }

    package struct Row: Decodable { let validator_hash: String; let user_id: Int64; let expires_at: Int64 }

    /// Consumes a token: on success the row is deleted and the user id returned (the caller
    /// issues a fresh one). A wrong validator for a known selector revokes that selector.
    package static func consume(_ cookie: String, now: Int64, on db: any Database) async throws -> Int64? {
        let parts = cookie.split(separator: ":", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { return nil }
        // One conditional delete that hands the row back: of two requests presenting the same
        // cookie at once, exactly one gets the row (a read then a delete let both through).
        guard let row = try await db.sql.delete(from: "remember_tokens").where("selector", .equal, SQLBind(parts[0]))
            .returning("validator_hash", "user_id", "expires_at").first(decoding: Row.self) else { return nil }
        guard row.expires_at > now, constantTimeEqual(row.validator_hash, sha256Hex(parts[1])) else { return nil }
        return row.user_id
    }

    package static func revoke(cookie: String, on db: any Database) async throws {
        guard let selector = cookie.split(separator: ":").first else { return }
        try await db.sql.delete(from: "remember_tokens").where("selector", .equal, SQLBind(String(selector))).run()
    }

    package static func revokeAll(userID: Int64, on db: any Database) async throws {
        try await db.sql.delete(from: "remember_tokens").where("user_id", .equal, SQLBind(userID)).run()
    }
}

package func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var difference: UInt8 = 0
    for index in x.indices { difference |= x[index] ^ y[index] }
    return difference == 0
}
