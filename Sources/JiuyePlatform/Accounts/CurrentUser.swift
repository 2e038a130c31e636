import Fluent
import JiuyeDomain
import Vapor

/// One role assignment with its scope.
package struct Assignment: Sendable, Equatable {
    package let id: Int64
    package let role: Role
    package let scope: Scope
    /// The raw dimension values, for display.
    package let values: [ScopeDimension: Set<String>]
}

/// The logged-in user of this request, resolved by the session middleware in one query.
package struct CurrentUser: Sendable {
    package let id: Int64
    package let username: String?
    package let displayName: String
    package let assignments: [Assignment]
    /// The assignment this session acts in (a user with several roles switches between them).
    package let active: Assignment?
    package let sessionHash: String
    /// Whether the account has enrolled the second factor (TOTP).
    package let totpEnabled: Bool
    package let unreadMessages: Int
    package let csrfToken: String

    package var role: Role? { active?.role }
    package var isStudent: Bool { role == .student }
    package func has(_ role: Role) -> Bool { assignments.contains { $0.role == role } }
    /// Holds any administrator role (whichever assignment is active).
    package var isAdministrator: Bool { assignments.contains { $0.role.isAdministrator } }

    /// The scope this user's staff queries are limited to. Non-staff and unassigned: nothing.
    package var scope: Scope {
        guard let active, active.role.isStaff else { return .nothing }
        return active.scope
    }
}

extension Request {
    private struct CurrentUserKey: StorageKey { typealias Value = CurrentUser }

    package var currentUser: CurrentUser? {
        get { storage[CurrentUserKey.self] }
        set { storage[CurrentUserKey.self] = newValue }
    }

    /// The logged-in user, or 401 (which the error middleware turns into a redirect to /login).
    package func requireUser() throws -> CurrentUser {
        guard let user = currentUser else { throw Abort(.unauthorized) }
        return user
    }

    /// The logged-in user acting in one of `roles`; anyone else gets 404, never a hint.
    package func requireRole(_ roles: Role...) throws -> CurrentUser {
        let user = try requireUser()
        guard let role = user.role, roles.contains(role) else { throw Abort(.notFound) }
        return user
    }
}
