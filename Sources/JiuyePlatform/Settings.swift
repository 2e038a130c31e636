import Foundation
import Vapor

/// Everything configurable, read once from the environment with laptop-safe defaults.
public struct Settings: Sendable {
    /// `DATABASE_URL` (postgres://…) selects PostgreSQL; otherwise embedded SQLite at `sqlitePath`.
    public var databaseURL: String?
    public var sqlitePath: String
    public var host: String
    public var port: Int
    /// The public origin (`PUBLIC_URL`), used for the Origin check and the Secure cookie flag.
    public var publicURL: String?
    public var keyFile: String
    public var bcryptCost: Int
    public var adminPassword: String?
    /// Passwords of the initial 安全管理员 and 审计员 (三权分立); random and printed once when unset.
    public var securityPassword: String?
    public var auditorPassword: String?
    /// Where the job runner appends the audit-chain head (default: beside the key file).
    public var auditExportFile: String?
    /// Client addresses of reverse proxies whose X-Forwarded-For may be believed (`TRUSTED_PROXIES`, comma-separated).
    public var trustedProxies: Set<String>
    public var sessionIdleMinutes: Int
    public var sessionAbsoluteHours: Int
    public var rememberDays: Int
    /// 5 failures for one account from one address lock it for that address for `lockoutMinutes`.
    public var lockoutPerClientFailures: Int
    public var lockoutMinutes: Int
    /// 20 failures for one account from any address within an hour lock it everywhere for `globalLockoutMinutes`.
    public var lockoutGlobalFailures: Int
    public var globalLockoutMinutes: Int
    /// Login POSTs per client address per minute.
    public var loginRateLimitPerMinute: Int
    public var runJobs: Bool
    /// `outbox` (default: messages stay in the outbox table for the system admin) or `webhook`.
    public var smsGateway: String
    public var smsWebhookURL: String?
    public var emailGateway: String
    public var emailWebhookURL: String?
    /// When set, webhook posts carry `X-Jiuye-Signature: sha256=<HMAC of the body>`.
    public var webhookSecret: String?
    public var webhookTimeoutSeconds: Int
    /// Admin roles must enrol the second factor (TOTP) before doing anything else.
    public var totpRequiredForAdmins: Bool
    /// `JIUYE_MIGRATE_ON_START` (default 1): run pending migrations when the app starts. With 0,
    /// `serve` refuses to start on a database with pending migrations and names the command
    /// (`jiuye migrate`, the deploy step) instead. Either way one instance migrates at a time.
    public var migrateOnStart: Bool = true

    public static func fromEnvironment() -> Settings {
        func env(_ name: String) -> String? {
            guard let value = Environment.get(name), !value.isEmpty else { return nil }
            return value
        }
        func int(_ name: String, _ fallback: Int) -> Int { env(name).flatMap(Int.init) ?? fallback }
        let home = env("HOME") ?? FileManager.default.currentDirectoryPath
        return Settings(
            databaseURL: env("DATABASE_URL"),
            sqlitePath: env("SQLITE_PATH") ?? "data/jiuye.sqlite",
            host: env("HOST") ?? "127.0.0.1",
            port: int("PORT", 8080),
            publicURL: env("PUBLIC_URL"),
            keyFile: env("JIUYE_KEY_FILE") ?? "\(home)/.config/jiuye/master.key",
            bcryptCost: int("JIUYE_BCRYPT_COST", 12),
            adminPassword: env("JIUYE_ADMIN_PASSWORD"),
            securityPassword: env("JIUYE_SECURITY_PASSWORD"),
            auditorPassword: env("JIUYE_AUDITOR_PASSWORD"),
            auditExportFile: env("JIUYE_AUDIT_EXPORT_FILE"),
            trustedProxies: Set((env("TRUSTED_PROXIES") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }),
            sessionIdleMinutes: int("JIUYE_SESSION_IDLE_MINUTES", 30),
            sessionAbsoluteHours: int("JIUYE_SESSION_ABSOLUTE_HOURS", 12),
            rememberDays: int("JIUYE_REMEMBER_DAYS", 7),
            lockoutPerClientFailures: int("JIUYE_LOCKOUT_FAILURES", 5),
            lockoutMinutes: int("JIUYE_LOCKOUT_MINUTES", 15),
            lockoutGlobalFailures: int("JIUYE_LOCKOUT_GLOBAL_FAILURES", 20),
            globalLockoutMinutes: int("JIUYE_LOCKOUT_GLOBAL_MINUTES", 60),
            loginRateLimitPerMinute: int("JIUYE_LOGIN_RATE_PER_MINUTE", 30),
            runJobs: env("JIUYE_RUN_JOBS").map { $0 != "0" } ?? true,
            smsGateway: env("JIUYE_SMS_GATEWAY") ?? "outbox",
            smsWebhookURL: env("JIUYE_SMS_WEBHOOK_URL"),
            emailGateway: env("JIUYE_EMAIL_GATEWAY") ?? "outbox",
            emailWebhookURL: env("JIUYE_EMAIL_WEBHOOK_URL"),
            webhookSecret: env("JIUYE_WEBHOOK_SECRET"),
            webhookTimeoutSeconds: int("JIUYE_WEBHOOK_TIMEOUT_SECONDS", 10),
            totpRequiredForAdmins: env("JIUYE_TOTP_REQUIRED_FOR_ADMINS").map { $0 != "0" } ?? false,
            migrateOnStart: env("JIUYE_MIGRATE_ON_START").map { $0 != "0" } ?? true
        )
    }

    /// Origins accepted on state-changing requests.
    public var allowedOrigins: Set<String> {
        if let publicURL, let origin = Settings.origin(of: publicURL) { return [origin] }
        return ["http://127.0.0.1:\(port)", "http://localhost:\(port)"]
    }

    public var isHTTPS: Bool { publicURL?.lowercased().hasPrefix("https://") ?? false }

    package static func origin(of url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return nil }
        if let port = components.port { return "\(scheme)://\(host):\(port)" }
        return "\(scheme)://\(host)"
    }
}

extension Application {
    private struct SettingsKey: StorageKey { typealias Value = Settings }
    public var settings: Settings {
        get { storage[SettingsKey.self] ?? .fromEnvironment() }
        set { storage[SettingsKey.self] = newValue }
    }
}
