@preconcurrency import Crypto
import Foundation
import Vapor

/// The keys derived from one master key kept outside the database and outside `data/`
/// (`JIUYE_KEY_FILE`, created 0600 on first run). A copy of `data/` alone reveals nothing.
struct KeyService: Sendable {
    /// Identifies the master key in every ciphertext (`k1:`…), so keys can rotate later.
    let keyID: String
    private let encryption: SymmetricKey
    private let lookup: SymmetricKey
    private let signing: SymmetricKey
    /// Keys the audit hash chain (outside the database, like every other key).
    let auditKey: SymmetricKey

    init(masterKey: SymmetricKey, keyID: String = "k1") {
        self.keyID = keyID
        func derive(_ purpose: String) -> SymmetricKey {
            HKDF<SHA256>.deriveKey(inputKeyMaterial: masterKey, info: Data("jiuye-\(purpose)".utf8), outputByteCount: 32)
        }
        encryption = derive("aes-gcm-personal-data")
        lookup = derive("hmac-lookup")
        signing = derive("hmac-signing")
        auditKey = derive("hmac-audit-chain")
    }

    static func load(from path: String) throws -> KeyService {
        let fileManager = FileManager.default
        if let data = fileManager.contents(atPath: path) {
            guard let decoded = Data(base64Encoded: String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)),
                  decoded.count == 32 else {
                throw Abort(.internalServerError, reason: "Key file \(path) is not a base64 32-byte key")
            }
            return KeyService(masterKey: SymmetricKey(data: decoded))
        }
        let directory = (path as NSString).deletingLastPathComponent
        try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = SymmetricKey(size: .bits256)
        let encoded = key.withUnsafeBytes { Data($0).base64EncodedString() }
        guard fileManager.createFile(atPath: path, contents: Data(encoded.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw Abort(.internalServerError, reason: "Cannot create key file \(path)")
        }
        return KeyService(masterKey: key)
    }

    /// A random key for tests.
    static func ephemeral() -> KeyService { KeyService(masterKey: SymmetricKey(size: .bits256)) }

    /// AES-GCM; the output is `keyID:base64(nonce|ciphertext|tag)`.
    func encrypt(_ plaintext: String) -> String {
        let sealed = try! AES.GCM.seal(Data(plaintext.utf8), using: encryption)
        return "\(keyID):\(sealed.combined!.base64EncodedString())"
    }

    func decrypt(_ stored: String) throws -> String {
        guard let colon = stored.firstIndex(of: ":"), stored[..<colon] == keyID,
              let data = Data(base64Encoded: String(stored[stored.index(after: colon)...])) else {
            throw Abort(.internalServerError, reason: "Unknown key id in ciphertext")
        }
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: encryption), as: UTF8.self)
    }

    /// Keyed hash for exact lookups (login by phone, one account per ID number).
    func lookupHash(_ normalised: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(normalised.utf8), using: lookup).hexString
    }

    func sign(_ message: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: signing)).base64URLEncoded
    }

    func verify(signature: String, for message: String) -> Bool {
        guard let data = Data(base64URLEncoded: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(data, authenticating: Data(message.utf8), using: signing)
    }
}

/// A personal field (证件号码, 手机号, 银行卡号) as stored: ciphertext plus keyed hash.
struct SealedValue: Sendable, Equatable {
    let cipher: String
    let hash: String

    init(_ plaintext: String, keys: KeyService) {
        cipher = keys.encrypt(plaintext)
        hash = keys.lookupHash(plaintext)
    }
}

enum SecureRandom {
    /// URL-safe random token of `bytes` random bytes.
    static func token(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64URLEncoded
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String { map { String(format: "%02x", $0) }.joined() }
}

extension Data {
    var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    init?(base64URLEncoded string: String) {
        var base64 = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

func sha256Hex(_ string: String) -> String {
    SHA256.hash(data: Data(string.utf8)).hexString
}

extension Application {
    private struct KeysKey: StorageKey { typealias Value = KeyService }
    var keys: KeyService {
        get { storage[KeysKey.self]! }
        set { storage[KeysKey.self] = newValue }
    }
}

extension Request {
    var keys: KeyService { application.keys }
}
