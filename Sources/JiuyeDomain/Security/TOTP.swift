import Crypto

// 双因素认证（动态口令）: RFC 6238 TOTP over RFC 4226 HOTP, HMAC-SHA1, 30 s steps,
// 6 digits — what every authenticator app (Google/Microsoft Authenticator, 腾讯身份验证器,
// FreeOTP, …) assumes when the `otpauth://` URI leaves out algorithm/digits/period.
//
// The rules here are pure: the caller passes the Unix time and the last accepted
// time step, and persists the step `check` returns. Nothing here reads a clock.

/// One enrolled TOTP secret.
public struct TOTP: Sendable, Equatable {
    /// Seconds per time step (RFC 6238 `X`).
    public static let period: Int64 = 30
    /// Secret length for new enrolments: 160 bits, the RFC 4226 recommendation.
    public static let secretByteCount = 20

    /// The shared secret (the HMAC key).
    public let secret: [UInt8]
    /// Code length, 6…8 (RFC 4226 allows 6 to 8; apps expect 6).
    public let digits: Int

    /// `digits` outside 6…8 is clamped into that range.
    public init(secret: [UInt8], digits: Int = 6) {
        self.secret = secret
        self.digits = min(max(digits, 6), 8)
    }

    /// A secret as stored or shown: RFC 4648 Base32, case-insensitive, spaces and padding optional.
    public init(base32Secret: String, digits: Int = 6) throws(ValidationError) {
        let bytes = try Base32.decode(base32Secret, field: "secret")
        guard !bytes.isEmpty else {
            throw ValidationError(field: "secret", message: "动态口令密钥为空，请重新绑定身份验证器。")
        }
        self.init(secret: bytes, digits: digits)
    }

    /// A fresh secret for enrolment.
    public static func generate<R: RandomNumberGenerator>(using generator: inout R) -> TOTP {
        TOTP(secret: (0..<secretByteCount).map { _ in UInt8.random(in: 0...255, using: &generator) })
    }

    /// A fresh secret from the system's cryptographically secure generator.
    public static func generate() -> TOTP {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// The secret as unpadded Base32, the form the `otpauth://` URI and manual entry use.
    public var base32Secret: String { Base32.encode(secret, padding: false) }

    /// The secret in groups of four for manual entry, e.g. "JBSW Y3DP EHPK 3PXP".
    public var groupedBase32Secret: String {
        var out = ""
        for (index, character) in base32Secret.enumerated() {
            if index > 0 && index % 4 == 0 { out.append(" ") }
            out.append(character)
        }
        return out
    }

    // MARK: - Codes

    /// The time step containing `unixTime` (floor division; times before 1970 give step 0).
    public static func step(at unixTime: Int64) -> Int64 {
        unixTime <= 0 ? 0 : unixTime / period
    }

    /// The code for the step containing `unixTime`.
    public func code(at unixTime: Int64) -> String {
        code(step: Self.step(at: unixTime))
    }

    /// The code for time step `step` (RFC 4226 HOTP with counter = step).
    public func code(step: Int64) -> String {
        Self.hotp(secret: secret, counter: UInt64(max(step, 0)), digits: digits)
    }

    /// RFC 4226 HOTP: HMAC-SHA1 of the big-endian counter, dynamic truncation, modulo 10^digits.
    public static func hotp(secret: [UInt8], counter: UInt64, digits: Int) -> String {
        let digits = min(max(digits, 1), 9)
        var message = [UInt8](repeating: 0, count: 8)
        for index in 0..<8 {
            message[index] = UInt8(truncatingIfNeeded: counter >> (56 - 8 * UInt64(index)))
        }
        let mac = Array(HMAC<Insecure.SHA1>.authenticationCode(for: message, using: SymmetricKey(data: secret)))
        let offset = Int(mac[mac.count - 1] & 0x0F)
        let binary = (UInt32(mac[offset] & 0x7F) << 24)
            | (UInt32(mac[offset + 1]) << 16)
            | (UInt32(mac[offset + 2]) << 8)
            | UInt32(mac[offset + 3])
        var modulus: UInt32 = 1
        for _ in 0..<digits { modulus *= 10 }
        let value = String(binary % modulus)
        return String(repeating: "0", count: digits - value.count) + value
    }

    // MARK: - Verification

    /// The outcome of checking a code someone typed.
    public enum Check: Equatable, Sendable {
        /// The code is right for `step`; persist `step` as the new last accepted step.
        case accepted(step: Int64)
        /// The code is right but for a step at or before the last accepted one (a replay).
        case replayed
        /// Not a code for any step in the drift window (or not six digits at all).
        case invalid

        public var isAccepted: Bool {
            if case .accepted = self { return true }
            return false
        }

        /// What to tell the user; `nil` when accepted.
        public var message: String? {
            switch self {
            case .accepted: nil
            case .replayed: "该动态口令已使用过，请等待身份验证器显示新的口令后再输入。"
            case .invalid: "动态口令不正确，请核对身份验证器上的 6 位数字并确认手机时间准确。"
            }
        }
    }

    /// Checks `input` at `unixTime`, allowing `driftSteps` steps of clock drift either way
    /// (±1 step by default, i.e. ±30 s). A code is accepted only for a step strictly greater
    /// than `lastAcceptedStep`, so each code works once and an older one never works after a
    /// newer one. Input may carry spaces, a hyphen, or full-width digits from an IME.
    /// Comparison is constant-time per candidate step.
    public func check(_ input: String, at unixTime: Int64, lastAcceptedStep: Int64?, driftSteps: Int = 1) -> Check {
        guard let typed = Self.normalizedCode(input, digits: digits) else { return .invalid }
        let current = Self.step(at: unixTime)
        let drift = Int64(min(max(driftSteps, 0), 10))
        var replayed = false
        // Newest first: if one code matched two steps, accepting the later one leaves no replay.
        for step in stride(from: current + drift, through: max(current - drift, 0), by: -1) {
            guard Self.constantTimeEqual(code(step: step), typed) else { continue }
            if let last = lastAcceptedStep, step <= last {
                replayed = true
            } else {
                return .accepted(step: step)
            }
        }
        return replayed ? .replayed : .invalid
    }

    /// ASCII digits of exactly `digits` length, after half-width conversion and removing
    /// spaces and hyphens; `nil` otherwise.
    static func normalizedCode(_ input: String, digits: Int) -> String? {
        let compact = IdentityInput.compact(input, removing: ["-"])
        guard compact.count == digits, compact.allSatisfy(IdentityInput.isASCIIDigit) else { return nil }
        return compact
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8), right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    // MARK: - Provisioning URI

    /// The Key URI Format authenticator apps scan:
    /// `otpauth://totp/<issuer>:<account>?secret=<BASE32>&issuer=<issuer>`.
    /// Issuer and account are percent-encoded as UTF-8 (everything but RFC 3986 unreserved
    /// characters), so "九业" becomes `%E4%B9%9D%E4%B8%9A` and a colon in either cannot split
    /// the label. Non-default digits add `&digits=`.
    public func provisioningURI(issuer: String, account: String) -> String {
        let encodedIssuer = Self.percentEncoded(issuer)
        var uri = "otpauth://totp/\(encodedIssuer):\(Self.percentEncoded(account))"
        uri += "?secret=\(base32Secret)&issuer=\(encodedIssuer)"
        if digits != 6 { uri += "&digits=\(digits)" }
        return uri
    }

    static func percentEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Base32

/// RFC 4648 Base32 (the standard alphabet `A–Z2–7`, `=` padding).
public enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes`; with `padding` the output length is a multiple of 8.
    public static func encode(_ bytes: [UInt8], padding: Bool = true) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 4) / 5 * 8)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 0x1F)])
            }
        }
        if bits > 0 {
            out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 0x1F)])
        }
        if padding {
            while out.count % 8 != 0 { out.append(UInt8(ascii: "=")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes Base32 text: case-insensitive; spaces, hyphens and trailing `=` padding are
    /// ignored. Refuses other characters, impossible lengths and non-zero leftover bits,
    /// so every byte string has exactly one accepted spelling (up to case and spacing).
    /// Errors are on `field`.
    public static func decode(_ text: String, field: String = "secret") throws(ValidationError) -> [UInt8] {
        var symbols: [UInt32] = []
        var sawPadding = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "-"):
                continue
            case UInt8(ascii: "="):
                sawPadding = true
                continue
            default:
                break
            }
            let value: UInt32
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt32(byte - UInt8(ascii: "a"))
            case UInt8(ascii: "2")...UInt8(ascii: "7"): value = UInt32(byte - UInt8(ascii: "2")) + 26
            default:
                throw ValidationError(field: field, message: "密钥只能包含字母 A–Z 和数字 2–7，请核对后重新输入。")
            }
            if sawPadding {
                throw ValidationError(field: field, message: "密钥格式不正确：填充符“=”只能出现在末尾。")
            }
            symbols.append(value)
        }
        // 1, 3 or 6 trailing symbols cannot come from whole bytes.
        guard ![1, 3, 6].contains(symbols.count % 8) else {
            throw ValidationError(field: field, message: "密钥长度不正确，请核对后重新输入。")
        }
        var out: [UInt8] = []
        out.reserveCapacity(symbols.count * 5 / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for symbol in symbols {
            buffer = ((buffer << 5) | symbol) & 0xFFFF
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        if bits > 0 && buffer & ((1 << UInt32(bits)) - 1) != 0 {
            throw ValidationError(field: field, message: "密钥格式不正确（末位多余），请核对后重新输入。")
        }
        return out
    }
}

// MARK: - Recovery codes

/// 备用恢复码: one-time codes like "4F7K-9QXM" for when the phone is lost.
/// Eight symbols from a 32-symbol alphabet without 0/O and 1/I (40 bits each).
/// Store only a hash of each code and strike it out once used.
public enum RecoveryCodes {
    /// Digits 2–9 and letters without I and O.
    public static let alphabet: [Character] = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ")
    public static let defaultCount = 10

    /// `count` distinct codes from `generator`. A duplicate is drawn again; a generator so
    /// broken that it keeps repeating itself yields fewer codes rather than hanging.
    public static func generate<R: RandomNumberGenerator>(count: Int = defaultCount, using generator: inout R) -> [String] {
        let count = min(max(count, 0), 1000)
        var codes: [String] = []
        var seen: Set<String> = []
        var attempts = 0
        while codes.count < count && attempts < count * 100 {
            attempts += 1
            var code = ""
            for index in 0..<8 {
                if index == 4 { code.append("-") }
                code.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
            }
            if seen.insert(code).inserted { codes.append(code) }
        }
        return codes
    }

    /// `count` distinct codes from the system's cryptographically secure generator.
    public static func generate(count: Int = defaultCount) -> [String] {
        var generator = SystemRandomNumberGenerator()
        return generate(count: count, using: &generator)
    }

    /// The canonical form "XXXX-XXXX" of what someone typed (any case, spaces, hyphen or
    /// none, full-width characters), or `nil` if it cannot be a recovery code.
    public static func normalize(_ input: String) -> String? {
        let compact = IdentityInput.asciiUppercased(IdentityInput.compact(input, removing: ["-"]))
        let symbols = Array(compact)
        guard symbols.count == 8, symbols.allSatisfy(alphabet.contains) else { return nil }
        return String(symbols[0..<4]) + "-" + String(symbols[4..<8])
    }
}
