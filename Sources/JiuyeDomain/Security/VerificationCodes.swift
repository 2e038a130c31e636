/// One-time codes sent by SMS or email (短信登录, 忘记密码, 更换手机号): 6 digits, valid for
/// 5 minutes, a new one at most every 60 seconds and 5 per hour for one phone or address,
/// and a code is dead after 5 wrong tries. The rules are pure; storage hashes the codes.
public struct VerificationCodePolicy: Sendable, Equatable {
    public var digits: Int
    /// Seconds a code stays valid.
    public var lifetime: Int64
    /// Seconds before another code may be sent to the same target.
    public var resendGap: Int64
    /// Codes per target within any rolling hour.
    public var perHour: Int
    /// Wrong tries before a code is dead.
    public var maxTries: Int

    public init(digits: Int = 6, lifetime: Int64 = 300, resendGap: Int64 = 60, perHour: Int = 5, maxTries: Int = 5) {
        self.digits = digits
        self.lifetime = lifetime
        self.resendGap = resendGap
        self.perHour = perHour
        self.maxTries = maxTries
    }

    // MARK: - Issuing

    public enum IssueDecision: Equatable, Sendable {
        case allowed
        /// Inside the resend gap: wait this many seconds.
        case wait(seconds: Int64)
        /// The hourly allowance is used up until `until` (epoch seconds).
        case hourlyLimit(until: Int64)

        public var isAllowed: Bool { self == .allowed }
    }

    /// Whether a new code may be sent, given when earlier codes for the same target were sent.
    /// Codes for unknown phones count too, so the answer never depends on whether an
    /// account exists.
    public func canIssue(previouslySentAt: [Int64], now: Int64) -> IssueDecision {
        let recent = previouslySentAt.filter { $0 > now - 3600 && $0 <= now }.sorted()
        if let last = recent.last, now - last < resendGap {
            return .wait(seconds: resendGap - (now - last))
        }
        if recent.count >= perHour {
            // The oldest of the last `perHour` codes leaves the window first.
            return .hourlyLimit(until: recent[recent.count - perHour] + 3600)
        }
        return .allowed
    }

    // MARK: - Checking

    /// The stored state of the newest code for a target.
    public struct Issued: Sendable, Equatable {
        public var sentAt: Int64
        public var tries: Int
        public var usedAt: Int64?

        public init(sentAt: Int64, tries: Int, usedAt: Int64?) {
            self.sentAt = sentAt
            self.tries = tries
            self.usedAt = usedAt
        }
    }

    public enum CheckResult: Equatable, Sendable {
        case accepted
        case missing
        case malformed
        case expired
        case used
        case exhausted
        /// Wrong; `remaining` tries are left on this code.
        case wrong(remaining: Int)

        /// Whether the try counts against the code.
        public var countsAsTry: Bool {
            if case .wrong = self { return true }
            return false
        }

        public var message: String? {
            switch self {
            case .accepted: nil
            case .missing: "请先获取验证码。"
            case .malformed: "请输入收到的 6 位数字验证码。"
            case .expired: "验证码已过期，请重新获取。"
            case .used: "验证码已使用，请重新获取。"
            case .exhausted: "验证码错误次数过多，已失效，请重新获取。"
            case .wrong(let remaining) where remaining > 0: "验证码不正确，还可尝试 \(remaining) 次。"
            case .wrong: "验证码错误次数过多，已失效，请重新获取。"
            }
        }
    }

    /// Judges a typed code against the newest issued code; `matches` is whether the typed
    /// code's hash equals the stored one (compared by the caller in constant time).
    public func check(_ issued: Issued?, typedIsWellFormed: Bool, matches: Bool, now: Int64) -> CheckResult {
        guard let issued else { return .missing }
        guard typedIsWellFormed else { return .malformed }
        if issued.usedAt != nil { return .used }
        if now - issued.sentAt >= lifetime { return .expired }
        if issued.tries >= maxTries { return .exhausted }
        if matches { return .accepted }
        return .wrong(remaining: max(0, maxTries - issued.tries - 1))
    }

    // MARK: - Codes

    /// A uniformly random code of `digits` digits (leading zeros kept).
    public func generate<R: RandomNumberGenerator>(using generator: inout R) -> String {
        String((0..<digits).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
    }

    public func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// What the user typed as ASCII digits (full-width digits and spaces from an IME are
    /// accepted), or `nil` unless it is exactly `digits` digits.
    public func normalize(_ input: String) -> String? {
        let compact = IdentityInput.compact(input, removing: ["-"])
        guard compact.count == digits, compact.allSatisfy(IdentityInput.isASCIIDigit) else { return nil }
        return compact
    }
}

extension VerificationCodePolicy.IssueDecision {
    /// The Chinese answer for a refused send; `clock` formats an epoch as Beijing HH:mm.
    public func message(clock: (Int64) -> String) -> String? {
        switch self {
        case .allowed: nil
        case .wait(let seconds): "验证码发送过于频繁，请 \(seconds) 秒后再获取。"
        case .hourlyLimit(let until): "该号码一小时内获取验证码已达上限，请于 \(clock(until)) 后再试。"
        }
    }
}
