import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// Reads and writes of accounts. Username, 学号 and phone share one identifier namespace.
package enum AccountQueries {
    package enum IdentifierKind: String {
        case username, studentNo = "student_no", phone
        package var label: String {
            switch self {
            case .username: "用户名"
            case .studentNo: "学号"
            case .phone: "手机号"
            }
        }
    }

    /// Normalises what a user typed as an account identifier.
    package static func normalise(_ raw: String) -> String {
        // Fast path for the usual 学号 or username, ASCII letters and digits with at least one
        // letter (never a phone number): lower-cased as it is. A 100,000-row import normalises
        // two identifiers a row, and trimming by character set was most of that.
        var letters = false
        var plain = !raw.isEmpty
        for byte in raw.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): continue
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): letters = true
            default: plain = false
            }
            if !plain { break }
        }
        if plain, letters { return String(decoding: raw.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self) }
        return normaliseTyped(raw)
    }

    /// The general rule: trimmed, a mobile number in its 11-digit form, anything else lower-cased.
    package static func normaliseTyped(_ raw: String) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if let phone = try? MobilePhone(validating: trimmed) { return phone.value }
        return trimmed.lowercased()
    }

    package static func identifierKey(_ raw: String, keys: KeyService) -> String {
        keys.lookupHash("id|" + normalise(raw))
    }

    package struct LoginRow: Decodable, Sendable {
        package let id: Int64
        package let password_hash: String?
        package let is_active: Bool
        package let unlocked_at: Int64?
        package let id_number_hash: String?
        package let display_name: String
        package let totp_enabled_at: Int64?
    }

    package static func findForLogin(identifier: String, keys: KeyService, on db: any Database) async throws -> LoginRow? {
        try await db.sql.select()
            .columns(SQLColumn("id", table: "u"), SQLColumn("password_hash", table: "u"), SQLColumn("is_active", table: "u"),
                     SQLColumn("unlocked_at", table: "u"), SQLColumn("id_number_hash", table: "u"), SQLColumn("display_name", table: "u"),
                     SQLColumn("totp_enabled_at", table: "u"))
            .from(SQLAlias(SQLIdentifier("account_identifiers"), as: SQLIdentifier("i")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "i"))
            .where(SQLColumn("key", table: "i"), .equal, SQLBind(identifierKey(identifier, keys: keys)))
            .first(decoding: LoginRow.self)
    }

    /// One person, one account: the account carrying this ID number (found by its keyed hash),
    /// so a later registration (grassroots aid, living subsidy, job centre) attaches to it
    /// instead of creating a second account. `idNumber` must be normalised (DocumentNumber).
    package static func findUserID(idNumber: String, keys: KeyService, on db: any Database) async throws -> Int64? {
        try await db.sql.select().column("id").from("users")
            .where("id_number_hash", .equal, SQLBind(keys.lookupHash(idNumber)))
            .first()?.decode(column: "id", as: Int64.self)
    }

    package static func isActiveStudent(userID: Int64, on db: any Database) async throws -> Bool? {
        let row = try await db.sql.select().column(SQLColumn("is_active", table: "u"))
            .from(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")))
            .join(SQLAlias(SQLIdentifier("role_assignments"), as: SQLIdentifier("ra")), on: SQLColumn("user_id", table: "ra"), .equal, SQLColumn("id", table: "u"))
            .where(SQLColumn("id", table: "u"), .equal, SQLBind(userID))
            .where(SQLColumn("role", table: "ra"), .equal, SQLBind(Role.student.rawValue))
            .first()
        guard let row else { return false }
        return try row.decode(column: "is_active", as: Bool.self)
    }

    /// A new account. Identifiers are claimed in the same transaction; a clash is a Chinese error.
    package struct NewUser: Sendable {
        package var username: String?
        package var displayName: String
        package var email: String?
        package var passwordHash: String?
        package var idType: IdentityDocumentType?
        package var idNumber: String?
        package var phone: String?
        package var studentNo: String?

        package init(username: String? = nil, displayName: String, email: String? = nil, passwordHash: String? = nil, idType: IdentityDocumentType? = nil, idNumber: String? = nil, phone: String? = nil, studentNo: String? = nil) {
            self.username = username
            self.displayName = displayName
            self.email = email
            self.passwordHash = passwordHash
            self.idType = idType
            self.idNumber = idNumber
            self.phone = phone
            self.studentNo = studentNo
        }
    }

    package static func create(_ user: NewUser, keys: KeyService, now: Int64, on db: any Database) async throws -> Int64 {
        let idNumber = user.idNumber.map { SealedValue($0, keys: keys) }
        let phone = user.phone.map { SealedValue($0, keys: keys) }
        if let idNumber, try await db.sql.select().column("id").from("users").where("id_number_hash", .equal, SQLBind(idNumber.hash)).first() != nil {
            throw Abort(.conflict, reason: "该证件号码已有账号，同一人只能有一个账号。")
        }
        // Check every identifier first, so a clash is a Chinese message and never a constraint error.
        for (identifier, kind) in [(user.username, IdentifierKind.username), (user.studentNo, .studentNo), (user.phone, .phone)] {
            guard let identifier else { continue }
            if try await db.sql.select().column("user_id").from("account_identifiers")
                .where("key", .equal, SQLBind(identifierKey(identifier, keys: keys))).first() != nil {
                throw Abort(.conflict, reason: "该\(kind.label)已被其他账号使用（用户名、学号、手机号不能重复）。")
            }
        }
        let row = try await db.sql.insert(into: "users")
            .columns("username", "display_name", "email", "password_hash", "is_active", "id_type", "id_number_cipher", "id_number_hash",
                     "phone_cipher", "phone_hash", "student_no", "unlocked_at", "password_changed_at", "revision", "created_at")
            .values(SQLBind(user.username?.lowercased()), SQLBind(user.displayName), SQLBind(user.email), SQLBind(user.passwordHash), SQLBind(true),
                    SQLBind(user.idType?.rawValue), SQLBind(idNumber?.cipher), SQLBind(idNumber?.hash),
                    SQLBind(phone?.cipher), SQLBind(phone?.hash), SQLBind(user.studentNo?.lowercased()), SQLLiteral.null,
                    SQLBind(user.passwordHash == nil ? nil : now), SQLBind(Int64(0)), SQLBind(now))
            .returning("id")
            .first()
        let userID = try row!.decode(column: "id", as: Int64.self)
        if let username = user.username { try await claim(username, kind: .username, userID: userID, keys: keys, on: db) }
        if let studentNo = user.studentNo { try await claim(studentNo, kind: .studentNo, userID: userID, keys: keys, on: db) }
        if let phone = user.phone { try await claim(phone, kind: .phone, userID: userID, keys: keys, on: db) }
        return userID
    }

    package static func claim(_ identifier: String, kind: IdentifierKind, userID: Int64, keys: KeyService, on db: any Database) async throws {
        let key = identifierKey(identifier, keys: keys)
        if let existing = try await db.sql.select().column("user_id").from("account_identifiers").where("key", .equal, SQLBind(key)).first(),
           try existing.decode(column: "user_id", as: Int64.self) != userID {
            throw Abort(.conflict, reason: "该\(kind.label)已被其他账号使用（用户名、学号、手机号不能重复）。")
        }
        try await db.sql.delete(from: "account_identifiers").where("user_id", .equal, SQLBind(userID)).where("kind", .equal, SQLBind(kind.rawValue)).run()
        try await db.sql.insert(into: "account_identifiers").columns("key", "kind", "user_id")
            .values(SQLBind(key), SQLBind(kind.rawValue), SQLBind(userID)).run()
    }

    package static func addAssignment(userID: Int64, role: Role, scope: [ScopeDimension: Set<String>], createdBy: Int64?, now: Int64, on db: any Database) async throws -> Int64 {
        let row = try await db.sql.insert(into: "role_assignments").columns("user_id", "role", "created_at", "created_by")
            .values(SQLBind(userID), SQLBind(role.rawValue), SQLBind(now), SQLBind(createdBy))
            .returning("id").first()
        let assignmentID = try row!.decode(column: "id", as: Int64.self)
        for (dimension, values) in scope {
            for value in values.sorted() {
                try await db.sql.insert(into: "assignment_scopes").columns("assignment_id", "dimension", "value")
                    .values(SQLBind(assignmentID), SQLBind(dimension.rawValue), SQLBind(value)).run()
            }
        }
        return assignmentID
    }

    package static func roles(userID: Int64, on db: any Database) async throws -> [Role] {
        try await db.sql.select().column("role").from("role_assignments").where("user_id", .equal, SQLBind(userID))
            .all().compactMap { Role(rawValue: try $0.decode(column: "role", as: String.self)) }
    }

    package static func setPassword(userID: Int64, hash: String, now: Int64, on db: any Database) async throws {
        try await db.sql.update("users")
            .set("password_hash", to: SQLBind(hash))
            .set("password_changed_at", to: SQLBind(now))
            .set("revision", to: SQLRaw("revision + 1"))
            .where("id", .equal, SQLBind(userID)).run()
    }

    /// The account's phone in clear (decrypted), or nil when none is bound.
    package static func phone(userID: Int64, keys: KeyService, on db: any Database) async throws -> String? {
        let cipher = try await db.sql.select().column("phone_cipher").from("users").where("id", .equal, SQLBind(userID)).first()?
            .decode(column: "phone_cipher", as: String?.self)
        return try cipher.map { try keys.decrypt($0) }
    }

    package static func passwordHash(userID: Int64, on db: any Database) async throws -> String? {
        let row = try await db.sql.select().column("password_hash").from("users").where("id", .equal, SQLBind(userID)).first()
        return try row?.decode(column: "password_hash", as: String?.self)
    }
}

/// Failures and successes of login, for lockout and the login log.
package enum LoginAttempts {
    package static func record(accountKey: String, userID: Int64? = nil, ip: String, userAgent: String? = nil, success: Bool, reason: String, now: Int64, on db: any Database) async throws {
        try await db.sql.insert(into: "login_attempts").columns("account_key", "user_id", "ip", "user_agent", "at", "success", "reason")
            .values(SQLBind(accountKey), SQLBind(userID), SQLBind(ip), SQLBind(userAgent.map { String($0.prefix(300)) }), SQLBind(now), SQLBind(success), SQLBind(reason)).run()
    }

    package static func state(accountKey: String, ip: String, unlockedAt: Int64?, now: Int64, policy: LockoutPolicy, on db: any Database) async throws -> LockState {
        let rows = try await db.sql.select().columns("ip", "at").from("login_attempts")
            .where("account_key", .equal, SQLBind(accountKey))
            .where("success", .equal, SQLBind(false))
            .where("at", .greaterThan, SQLBind(now - policy.lookbackSeconds))
            .all()
        var client: [Int64] = []
        var all: [Int64] = []
        for row in rows {
            let at = try row.decode(column: "at", as: Int64.self)
            all.append(at)
            if try row.decode(column: "ip", as: String.self) == ip { client.append(at) }
        }
        return LoginLockout.state(clientFailures: client, allFailures: all, unlockedAt: unlockedAt, now: now, policy: policy)
    }
}

extension Settings {
    package var lockoutPolicy: LockoutPolicy {
        LockoutPolicy(perClientFailures: lockoutPerClientFailures, perClientSeconds: Int64(lockoutMinutes * 60),
                      globalFailures: lockoutGlobalFailures, globalLockSeconds: Int64(globalLockoutMinutes * 60))
    }
}
