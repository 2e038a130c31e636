import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// On an empty database: the first system administrator (`admin`), with the password from
/// `JIUYE_ADMIN_PASSWORD` or a random one printed once.
package enum Bootstrap {
    /// The three platform accounts of 三权分立, each holding exactly one of the roles.
    package static func initialAccounts(_ settings: Settings) -> [(username: String, name: String, role: Role, password: String?, variable: String)] {
        [("admin", "系统管理员", .systemAdmin, settings.adminPassword, "JIUYE_ADMIN_PASSWORD"),
         ("security", "安全管理员", .securityAdmin, settings.securityPassword, "JIUYE_SECURITY_PASSWORD"),
         ("auditor", "审计员", .auditor, settings.auditorPassword, "JIUYE_AUDITOR_PASSWORD")]
    }

    package static func ensureFirstAdmin(_ app: Application) async throws {
        let existing = try await app.db.sql.select().column("id").from("users").limit(1).first()
        guard existing == nil else { return }
        let now = app.clock.now()
        var printed: [String] = []
        for account in initialAccounts(app.settings) {
            let password = account.password ?? generatedPassword()
            let hash = try await app.passwords.hash(password)
            try await app.db.writeTransaction { db in
                let id = try await AccountQueries.create(.init(username: account.username, displayName: account.name, passwordHash: hash), keys: app.keys, now: now, on: db)
                _ = try await AccountQueries.addAssignment(userID: id, role: account.role, scope: [:], createdBy: nil, now: now, on: db)
                try await Audit.record(.bootstrapAccount, target: .user, id: id, changes: [.init("role", after: account.role.rawValue)],
                                       actor: nil, ip: nil, now: now, keys: app.keys, on: db)
            }
            if account.password == nil {
                printed.append("   \(account.name) \(account.username): \(password)   (set \(account.variable) to choose it)")
            }
        }
        if !printed.isEmpty {
            print("""
            ============================================================
             初始账号已创建（三权分立）/ Initial accounts created
            \(printed.joined(separator: "\n"))
             These passwords are shown once.
            ============================================================
            """)
        }
    }

    /// 16 characters from four classes, satisfying the password policy.
    package static func generatedPassword() -> String {
        let sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.!@#"].map { Array($0) }
        var generator = SystemRandomNumberGenerator()
        var characters = sets.map { $0.randomElement(using: &generator)! }
        let all = sets.flatMap { $0 }
        while characters.count < 16 { characters.append(all.randomElement(using: &generator)!) }
        return String(characters.shuffled(using: &generator))
    }
}
