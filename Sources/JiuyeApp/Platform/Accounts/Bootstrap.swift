import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// On an empty database: the first system administrator (`admin`), with the password from
/// `JIUYE_ADMIN_PASSWORD` or a random one printed once.
enum Bootstrap {
    static func ensureFirstAdmin(_ app: Application) async throws {
        let existing = try await app.db.sql.select().column("id").from("users").limit(1).first()
        guard existing == nil else { return }
        let settings = app.settings
        let password = settings.adminPassword ?? generatedPassword()
        let hash = try await app.passwords.hash(password)
        let now = app.clock.now()
        try await app.db.writeTransaction { db in
            let id = try await AccountQueries.create(.init(username: "admin", displayName: "系统管理员", passwordHash: hash), keys: app.keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: id, role: .systemAdmin, scope: [:], createdBy: nil, now: now, on: db)
            try await Audit.record("bootstrap.admin", target: "user", id: id, actor: nil, ip: nil, now: now, on: db)
        }
        if settings.adminPassword == nil {
            print("""
            ============================================================
             首个系统管理员已创建 / First system administrator created
               用户名 username: admin
               密码   password: \(password)
             This password is shown once. Set JIUYE_ADMIN_PASSWORD to choose it.
            ============================================================
            """)
        }
    }

    /// 16 characters from four classes, satisfying the password policy.
    static func generatedPassword() -> String {
        let sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "-_.!@#"].map { Array($0) }
        var generator = SystemRandomNumberGenerator()
        var characters = sets.map { $0.randomElement(using: &generator)! }
        let all = sets.flatMap { $0 }
        while characters.count < 16 { characters.append(all.randomElement(using: &generator)!) }
        return String(characters.shuffled(using: &generator))
    }
}
