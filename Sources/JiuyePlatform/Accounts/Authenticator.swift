import Fluent
import JiuyeDomain
import JiuyeHTML
import Vapor

/// The one place that checks a secret for an account identifier, with lockout, the decoy hash
/// for unknown accounts, and the login log.
package enum Authenticator {
    package enum Secret {
        case password(String)
        /// 首次登录: 证件号码 proves an imported graduate who has no password yet.
        case firstLogin(idNumber: String)
    }

    package enum Outcome {
        case success(userID: Int64)
        case failure(String)
    }

    package static let genericFailure = "账号或密码错误。"

    /// `successReason` names a check that is not a login (e.g. proving the account for 更换手机号)
    /// in the login log.
    package static func authenticate(identifier: String, secret: Secret, successReason: String? = nil, req: Request) async -> Outcome {
        do {
            return try await authenticateThrowing(identifier: identifier, secret: secret, successReason: successReason, req: req)
        } catch {
            req.logger.report(error: error)
            return .failure("系统繁忙，请稍后再试。")
        }
    }

    private static func authenticateThrowing(identifier: String, secret: Secret, successReason: String?, req: Request) async throws -> Outcome {
        let now = req.now
        let ip = req.clientAddress
        let policy = req.application.settings.lockoutPolicy
        let account = try await AccountQueries.findForLogin(identifier: identifier, keys: req.keys, on: req.db)
        // Unknown accounts are counted under the keyed hash of what was typed, so they lock
        // and answer exactly like known ones.
        let accountKey = account.map { "u:\($0.id)" } ?? "h:" + AccountQueries.identifierKey(identifier, keys: req.keys)
        let userAgent = req.headers.first(name: .userAgent)

        let state = try await LoginAttempts.state(accountKey: accountKey, ip: ip, unlockedAt: account?.unlocked_at, now: now, policy: policy, on: req.db)
        let verified: Bool
        switch secret {
        case .password(let password):
            // Always one Bcrypt verification, against the decoy when there is no hash.
            verified = await req.application.passwords.verify(password, against: account?.password_hash)
        case .firstLogin(let idNumber):
            _ = await req.application.passwords.verify("decoy", against: nil)
            let normalised = (try? DocumentNumber.normalise(idNumber, type: .residentID))
                ?? idNumber.trimmingCharacters(in: .whitespaces).uppercased()
            verified = account.map { $0.password_hash == nil && $0.id_number_hash.map { constantTimeEqual($0, req.keys.lookupHash(normalised)) } == true } ?? false
        }

        if state.isLocked {
            try await LoginAttempts.record(accountKey: accountKey, userID: account?.id, ip: ip, userAgent: userAgent, success: false, reason: "locked", now: now, on: req.db)
            return .failure(lockedMessage(state))
        }
        guard verified, let account else {
            // A failed 首次登录 (学号 + 证件号码) is logged as what it was, not as a wrong password.
            let failure: String
            if case .firstLogin = secret { failure = "bad-first-login" } else { failure = "bad-credentials" }
            try await LoginAttempts.record(accountKey: accountKey, userID: account?.id, ip: ip, userAgent: userAgent, success: false, reason: failure, now: now, on: req.db)
            let after = try await LoginAttempts.state(accountKey: accountKey, ip: ip, unlockedAt: account?.unlocked_at, now: now, policy: policy, on: req.db)
            if after.isLocked { return .failure(lockedMessage(after)) }
            let base: String
            switch secret {
            case .password: base = genericFailure + "已导入的毕业生首次登录请先点击“首次登录”设置密码。"
            case .firstLogin: base = "学号或证件号码不正确，或该账号已设置过密码（请直接登录）。"
            }
            if case .open(let remaining) = after, remaining <= 3 {
                return .failure(base + "再错误 \(remaining) 次，账号将被临时锁定。")
            }
            return .failure(base)
        }
        guard account.is_active else {
            try await LoginAttempts.record(accountKey: accountKey, userID: account.id, ip: ip, userAgent: userAgent, success: false, reason: "disabled", now: now, on: req.db)
            return .failure("该账号已停用，请联系管理员。")
        }
        // With a second factor, the password alone is only the first step of the login.
        var reason = successReason ?? (account.totp_enabled_at == nil ? "ok" : "first-factor")
        if case .firstLogin = secret, successReason == nil { reason = "ok-first-login" }
        try await LoginAttempts.record(accountKey: accountKey, userID: account.id, ip: ip, userAgent: userAgent, success: true, reason: reason, now: now, on: req.db)
        return .success(userID: account.id)
    }

    package static func lockedMessage(_ state: LockState) -> String {
        switch state {
        case .lockedForClient(let until):
            return "密码错误次数过多，账号在本设备上已被锁定，请于 \(ChinaTime.clock(until)) 后再试。"
        case .lockedEverywhere(let until):
            return "账号因多次登录失败已被锁定，将于 \(ChinaTime.dateTime(until)) 自动解锁，或联系管理员解锁。"
        case .open:
            return genericFailure
        }
    }

    /// Creates a new session (a fresh id: the id is rotated at login), ends the one the
    /// browser had, and for students optionally issues the remember-me token.
    package static func startSession(userID: Int64, remember: Bool, next: String, req: Request) async throws -> Response {
        let now = req.now
        if let old = req.cookies[CookieName.session]?.string {
            try await SessionStore.delete(tokenHash: sha256Hex(old), on: req.db)
        }
        let token = try await SessionStore.create(userID: userID, ip: req.clientAddress, userAgent: req.headers.first(name: .userAgent) ?? "", now: now, on: req.db)
        let response = req.seeOther(next)
        response.cookies[CookieName.session] = req.cookie(token)
        response.cookies[CookieName.popup] = req.cookie("1", maxAge: 300)
        if remember, try await AccountQueries.isActiveStudent(userID: userID, on: req.db) == true {
            let value = try await RememberTokens.issue(userID: userID, now: now, days: req.application.settings.rememberDays, on: req.db)
            response.cookies[CookieName.remember] = req.cookie(value, maxAge: req.application.settings.rememberDays * 86_400)
        }
        return response
    }
}

/// Times shown to users are Beijing time.
package enum ChinaTime {
    package static let zone = TimeZone(identifier: "Asia/Shanghai")!

    package static func components(_ epoch: Int64) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }

    /// Beijing time has been UTC+8 all year since daylight saving ended in 1991: from then on the
    /// fields are plain arithmetic (civil-from-days), which every list page calls per row.
    package static let fixedOffsetSince: Int64 = 700_000_000   // 1992-03-07

    package struct Fields: Equatable {
        package let year: Int, month: Int, day: Int, hour: Int, minute: Int
    }

    package static func fields(_ epoch: Int64) -> Fields {
        guard epoch >= fixedOffsetSince else {
            let c = components(epoch)
            return Fields(year: c.year!, month: c.month!, day: c.day!, hour: c.hour!, minute: c.minute!)
        }
        let local = epoch + 8 * 3600
        let days = local / 86_400, seconds = Int(local % 86_400)
        // Howard Hinnant's days → civil date.
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        return Fields(year: year, month: month, day: day, hour: seconds / 3600, minute: seconds % 3600 / 60)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    package static func clock(_ epoch: Int64) -> String {
        let f = fields(epoch)
        return pad(f.hour, 2) + ":" + pad(f.minute, 2)
    }

    package static func date(_ epoch: Int64) -> String {
        let f = fields(epoch)
        return pad(f.year, 4) + "-" + pad(f.month, 2) + "-" + pad(f.day, 2)
    }

    /// "2026-11-23" as the first second of that day in Beijing time.
    package static func parseDate(_ text: String) -> Int64? {
        // Range-checked before Foundation sees them: a year of 10^15 makes a date whose epoch
        // seconds do not fit in Int64, and the conversion would trap.
        let fields = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, let year = RequestNumber.parse(fields[0], in: 1900...2200),
              let month = RequestNumber.parse(fields[1], in: 1...12),
              let day = RequestNumber.parse(fields[2], in: 1...31) else { return nil }
        let parts = [year, month, day]
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])) else { return nil }
        return date.epochSeconds
    }

    package static func dateTime(_ epoch: Int64) -> String {
        let f = fields(epoch)
        return pad(f.year, 4) + "-" + pad(f.month, 2) + "-" + pad(f.day, 2) + " " + pad(f.hour, 2) + ":" + pad(f.minute, 2)
    }
}
