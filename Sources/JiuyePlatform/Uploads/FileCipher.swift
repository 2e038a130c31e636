@preconcurrency import Crypto
import Foundation
import Vapor

/// Envelope encryption of upload blobs. Each blob has its own random AES-256 data key; the blob
/// is `JYF1` + AES-GCM(nonce | ciphertext | tag) with the content key (SHA-256 of the
/// plaintext) as authenticated data; the data key is stored wrapped by the key service
/// (`upload_blobs.data_key_cipher`, a sealed column), so `jiuye keys rotate` re-wraps a short
/// string per blob and never rewrites the files.
package enum FileCipher {
    package static let magic = Data("JYF1".utf8)

    package struct DataKey: Sendable {
        package let key: SymmetricKey

        package static func random() -> DataKey { DataKey(key: SymmetricKey(size: .bits256)) }

        /// The data key wrapped by the key service (`k<n>:…`).
        package func wrapped(by keys: KeyService) -> String {
            keys.encrypt(key.withUnsafeBytes { Data($0) }.base64EncodedString())
        }

        package static func unwrap(_ wrapped: String, keys: KeyService) throws -> DataKey {
            guard let raw = Data(base64Encoded: try keys.decrypt(wrapped)), raw.count == 32 else {
                throw Abort(.internalServerError, reason: "Upload data key is not 32 bytes of base64")
            }
            return DataKey(key: SymmetricKey(data: raw))
        }
    }

    package static func contentKey(of plaintext: Data) -> String {
        SHA256.hash(data: plaintext).hexString
    }

    package static func seal(_ plaintext: Data, contentKey: String, with dataKey: DataKey) throws -> Data {
        let box = try AES.GCM.seal(plaintext, using: dataKey.key, authenticating: Data(contentKey.utf8))
        guard let combined = box.combined else { throw Abort(.internalServerError, reason: "AES-GCM produced no combined box") }
        return magic + combined
    }

    /// Opens a blob and checks it is the content its key names.
    package static func open(_ sealed: Data, contentKey: String, with dataKey: DataKey) throws -> Data {
        guard sealed.starts(with: magic) else { throw Abort(.internalServerError, reason: "Upload blob \(contentKey.prefix(12))… has no JYF1 header") }
        let box = try AES.GCM.SealedBox(combined: sealed.dropFirst(magic.count))
        let plaintext = try AES.GCM.open(box, using: dataKey.key, authenticating: Data(contentKey.utf8))
        guard Self.contentKey(of: plaintext) == contentKey else {
            throw Abort(.internalServerError, reason: "Upload blob \(contentKey.prefix(12))… does not hash to its key")
        }
        return plaintext
    }
}
