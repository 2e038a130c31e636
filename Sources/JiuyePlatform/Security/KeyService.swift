@preconcurrency import Crypto
import Foundation
import NIOConcurrencyHelpers
import Vapor

/// The keys kept outside the database and outside `data/` (`JIUYE_KEY_FILE`, created 0600 on
/// first run). A copy of `data/` alone reveals nothing.
///
/// The file is a key ring, one master key a line (`k1 <base64>`, `k2 <base64>`, …; a legacy file
/// with one bare base64 line is `k1`). Personal data is encrypted with the newest key and every
/// ciphertext names its key (`k2:`…), so `jiuye keys rotate` can add a key and re-encrypt while
/// servers run. The lookup-hash, signing and audit-chain keys come from `k1` forever: hashed
/// identifiers and the audit chain must survive rotation unchanged.
package struct KeyService: Sendable {
    private let ring: KeyRing
    /// HMAC keyed with the lookup key once: each hash copies it (a keyed HMAC's pads are two
    /// hash blocks, half the work of hashing a short identifier from the bare key).
    private let lookup: HMAC<SHA256>
    private let signing: SymmetricKey
    /// Keys the audit hash chain (outside the database, like every other key).
    package let auditKey: SymmetricKey

    /// The id of the key new ciphertexts are written with (the newest in the ring).
    package var keyID: String { ring.current().newest }

    /// Every key id the ring holds, oldest first.
    package var keyIDs: [String] { ring.current().ids }

    /// The key file this service reads (nil for an ephemeral test key).
    package var path: String? { ring.path }

    package init(masterKey: SymmetricKey) {
        self.init(keys: [MasterKey(number: 1, material: masterKey)], path: nil)
    }

    private init(keys: [MasterKey], path: String?) {
        let first = keys.first { $0.number == 1 }!.material
        lookup = HMAC<SHA256>(key: MasterKey.derive(first, "hmac-lookup"))
        signing = MasterKey.derive(first, "hmac-signing")
        auditKey = MasterKey.derive(first, "hmac-audit-chain")
        ring = KeyRing(keys: keys, path: path)
    }

    package static func load(from path: String) throws -> KeyService {
        if FileManager.default.fileExists(atPath: path) {
            return KeyService(keys: try KeyFile.read(path), path: path)
        }
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let first = MasterKey(number: 1, material: SymmetricKey(size: .bits256))
        try KeyFile.write([first], to: path, exclusive: true)
        return KeyService(keys: [first], path: path)
    }

    /// A random key for tests.
    package static func ephemeral() -> KeyService { KeyService(masterKey: SymmetricKey(size: .bits256)) }

    /// Re-reads the key file now (after `jiuye keys rotate` added a key).
    package func reload() throws { try ring.reload() }

    /// AES-GCM with the newest key; the output is `keyID:base64(nonce|ciphertext|tag)`.
    package func encrypt(_ plaintext: String) -> String {
        let (id, key) = ring.newestKey()
        let sealed = try! AES.GCM.seal(Data(plaintext.utf8), using: key)
        return "\(id):\(sealed.combined!.base64EncodedString())"
    }

    /// Opens a ciphertext with the key its prefix names. An id this process has not seen means
    /// another instance rotated: the ring re-reads the key file once and tries again.
    package func decrypt(_ stored: String) throws -> String {
        guard let colon = stored.firstIndex(of: ":"),
              let data = Data(base64Encoded: String(stored[stored.index(after: colon)...])) else {
            throw Abort(.internalServerError, reason: "Ciphertext has no key id prefix")
        }
        let key = try ring.key(String(stored[..<colon]))
        let box = try AES.GCM.SealedBox(combined: data)
        return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
    }

    /// The key id a stored ciphertext names (`k2` for `k2:…`).
    package static func keyID(of stored: String) -> String? {
        stored.firstIndex(of: ":").map { String(stored[..<$0]) }
    }

    /// Keyed hash for exact lookups (login by phone, one account per ID number).
    package func lookupHash(_ normalised: String) -> String {
        var mac = lookup
        var text = normalised
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return mac.finalize().hexString
    }

    package func sign(_ message: String) -> String {
        Data(HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: signing)).base64URLEncoded
    }

    package func verify(signature: String, for message: String) -> Bool {
        guard let data = Data(base64URLEncoded: signature) else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(data, authenticating: Data(message.utf8), using: signing)
    }
}

/// One master key of the ring: `k<number>` and 32 random bytes.
package struct MasterKey: Sendable {
    package let number: Int
    package let material: SymmetricKey

    package var id: String { "k\(number)" }
    package var base64: String { material.withUnsafeBytes { Data($0).base64EncodedString() } }

    package static func derive(_ master: SymmetricKey, _ purpose: String) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: master, info: Data("jiuye-\(purpose)".utf8), outputByteCount: 32)
    }

    package var encryptionKey: SymmetricKey { Self.derive(material, "aes-gcm-personal-data") }

    package func sameMaterial(as other: MasterKey) -> Bool {
        material.withUnsafeBytes { Data($0) } == other.material.withUnsafeBytes { Data($0) }
    }
}

/// The encryption keys of the ring, shared by every copy of a `KeyService`. Servers pick up a
/// key added by another process without a restart: on an unknown id in `decrypt`, and by
/// noticing the file changed (checked at most every few seconds) before `encrypt`.
package final class KeyRing: Sendable {
    package struct State {
        package var keys: [Int: MasterKey]
        package var encryption: [String: SymmetricKey]
        package var stamp: KeyFile.Stamp?
        package var checkedAt: Date

        package var newest: String { "k\(keys.keys.max()!)" }
        package var ids: [String] { keys.keys.sorted().map { "k\($0)" } }
    }

    package static let freshnessInterval: TimeInterval = 5
    package let path: String?
    private let state: NIOLockedValueBox<State>

    package init(keys: [MasterKey], path: String?) {
        self.path = path
        let stamp = path.flatMap(KeyFile.stamp)
        state = NIOLockedValueBox(State(keys: [:], encryption: [:], stamp: stamp, checkedAt: Date()))
        state.withLockedValue { state in
            for key in keys { Self.add(key, to: &state) }
        }
    }

    private static func add(_ key: MasterKey, to state: inout State) {
        state.keys[key.number] = key
        state.encryption[key.id] = key.encryptionKey
    }

    package func current() -> State { state.withLockedValue { $0 } }

    /// The newest key, after re-reading the file if it changed since the last look.
    package func newestKey() -> (String, SymmetricKey) {
        state.withLockedValue { state in
            if let path, Date().timeIntervalSince(state.checkedAt) >= Self.freshnessInterval {
                state.checkedAt = Date()
                if KeyFile.stamp(path) != state.stamp { try? Self.merge(path, into: &state) }
            }
            return (state.newest, state.encryption[state.newest]!)
        }
    }

    package func key(_ id: String) throws -> SymmetricKey {
        try state.withLockedValue { state in
            if let key = state.encryption[id] { return key }
            if let path {
                try Self.merge(path, into: &state)
                if let key = state.encryption[id] { return key }
            }
            throw Abort(.internalServerError, reason: "Unknown key id \(id) in ciphertext; the key ring \(path ?? "(ephemeral)") holds \(state.ids.joined(separator: ", "))")
        }
    }

    package func reload() throws {
        guard let path else { return }
        try state.withLockedValue { try Self.merge(path, into: &$0) }
    }

    /// Adds the file's keys. A key already known must not have changed (k1 least of all: the
    /// lookup hashes and the audit chain hang on it); a key missing from the file stays known.
    private static func merge(_ path: String, into state: inout State) throws {
        let stamp = KeyFile.stamp(path)
        let keys = try KeyFile.read(path)
        for key in keys {
            if let known = state.keys[key.number], !known.sameMaterial(as: key) {
                throw Abort(.internalServerError, reason: "Key \(key.id) in \(path) differs from the one this process loaded; refusing to use the file")
            }
        }
        for key in keys where state.keys[key.number] == nil { add(key, to: &state) }
        state.stamp = stamp
        state.checkedAt = Date()
    }
}

/// The key file: `k<n> <base64 32 bytes>` a line, `#` comments; one bare base64 line is `k1`.
package enum KeyFile {
    package struct Stamp: Equatable, Sendable {
        package let size: Int
        package let modified: Date
    }

    package static func stamp(_ path: String) -> Stamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? NSNumber, let modified = attributes[.modificationDate] as? Date else { return nil }
        return Stamp(size: size.intValue, modified: modified)
    }

    package static func read(_ path: String) throws -> [MasterKey] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Abort(.internalServerError, reason: "Cannot read key file \(path)")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: path)
    }

    package static func parse(_ text: String, path: String = "key file") throws -> [MasterKey] {
        let lines = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        func material(_ base64: Substring) throws -> SymmetricKey {
            guard let decoded = Data(base64Encoded: String(base64)), decoded.count == 32 else {
                throw Abort(.internalServerError, reason: "Key file \(path) holds a key that is not base64 of 32 bytes")
            }
            return SymmetricKey(data: decoded)
        }
        if lines.count == 1, !lines[0].contains(where: \.isWhitespace) {
            return [MasterKey(number: 1, material: try material(Substring(lines[0])))]
        }
        var keys: [MasterKey] = []
        for line in lines {
            let parts = line.split(whereSeparator: \.isWhitespace)
            guard parts.count == 2, parts[0].hasPrefix("k"), let number = Int(parts[0].dropFirst()), number >= 1,
                  parts[0] == "k\(number)" else {
                throw Abort(.internalServerError, reason: "Key file \(path): expected lines `k<n> <base64>`, found `\(parts.first ?? "")…`")
            }
            guard !keys.contains(where: { $0.number == number }) else {
                throw Abort(.internalServerError, reason: "Key file \(path) lists k\(number) twice")
            }
            keys.append(MasterKey(number: number, material: try material(parts[1])))
        }
        guard keys.contains(where: { $0.number == 1 }) else {
            throw Abort(.internalServerError, reason: "Key file \(path) has no k1 (lookup hashes and the audit chain are keyed by it)")
        }
        return keys
    }

    package static func render(_ keys: [MasterKey]) -> String {
        keys.sorted { $0.number < $1.number }.map { "\($0.id) \($0.base64)\n" }.joined()
    }

    /// Writes the ring through a 0600 temporary file, fsynced, then renamed over `path`, so a
    /// reader sees the old file or the new one, never half of one.
    package static func write(_ keys: [MasterKey], to path: String, exclusive: Bool = false) throws {
        if exclusive, FileManager.default.fileExists(atPath: path) {
            throw Abort(.internalServerError, reason: "Key file \(path) already exists")
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw Abort(.internalServerError, reason: "Cannot create \(temporary) (errno \(errno))") }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let written = Result { try handle.write(contentsOf: Data(render(keys).utf8)); try handle.synchronize(); try handle.close() }
        guard case .success = written, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw Abort(.internalServerError, reason: "Cannot write key file \(path) (errno \(errno))")
        }
        FileSync.directory(of: path)
    }
}

/// fsync of a file's directory, so a rename or a new file survives a power cut.
package enum FileSync {
    package static func directory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

/// A personal field (证件号码, 手机号, 银行卡号) as stored: ciphertext plus keyed hash.
package struct SealedValue: Sendable, Equatable {
    package let cipher: String
    package let hash: String

    package init(_ plaintext: String, keys: KeyService) {
        cipher = keys.encrypt(plaintext)
        hash = keys.lookupHash(plaintext)
    }
}

package enum SecureRandom {
    /// URL-safe random token of `bytes` random bytes.
    package static func token(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let raw = (0..<bytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(raw).base64URLEncoded
    }
}

extension Sequence where Element == UInt8 {
    /// Lower-case hex. By table: `String(format:)` per byte was most of an import's time.
    package var hexString: String {
        let digits = hexDigits
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

private let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

extension Data {
    package var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    package init?(base64URLEncoded string: String) {
        var base64 = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        self.init(base64Encoded: base64)
    }
}

package func sha256Hex(_ string: String) -> String {
    SHA256.hash(data: Data(string.utf8)).hexString
}

extension Application {
    private struct KeysKey: StorageKey { typealias Value = KeyService }
    package var keys: KeyService {
        get { storage[KeysKey.self]! }
        set { storage[KeysKey.self] = newValue }
    }
}

extension Request {
    package var keys: KeyService { application.keys }
}
