import Fluent
import JiuyeDomain
import Vapor

/// One role assignment with its scope.
struct Assignment: Sendable, Equatable {
    let id: Int64
    let role: Role
    let scope: Scope
    /// The raw dimension values, for display.
    let values: [ScopeDimension: Set<String>]
}

/// The logged-in user of this request, resolved by the session middleware in one query.
struct CurrentUser: Sendable {
    let id: Int64
    let username: String?
    let displayName: String
    let assignments: [Assignment]
    /// The assignment this session acts in (a user with several roles switches between them).
    let active: Assignment?
    let sessionHash: String
    /// Whether the account has enrolled the second factor (TOTP).
    let totpEnabled: Bool
    let unreadMessages: Int
    let csrfToken: String

    var role: Role? { active?.role }
    var isStudent: Bool { role == .student }
    func has(_ role: Role) -> Bool { assignments.contains { $0.role == role } }
    /// Holds any administrator role (whichever assignment is active).
    var isAdministrator: Bool { assignments.contains { $0.role.isAdministrator } }

    /// The scope this user's staff queries are limited to. Non-staff and unassigned: nothing.
    var scope: Scope {
        guard let active, active.role.isStaff else { return .nothing }
        return active.scope
    }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The logged-in user, or 401 (which the error middleware turns into a redirect to /login).
    func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw Abort(.unauthorized) }
        return user
    }

    /// The logged-in user acting in one of `roles`; anyone else gets 404, never a hint.
    func requireRole(_ roles: Role...) throws -> CurrentUser {
        let user = try requireUser()
        guard let role = user.role, roles.contains(role) else { throw Abort(.notFound) }
        return user
    }
}
