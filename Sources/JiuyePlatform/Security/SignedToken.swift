import Foundation
import Vapor

/// A short-lived, signed value for a cookie between two steps of a flow (password checked →
/// second factor; account proven → new phone). Tamper-proof and bound to its purpose; it
/// carries ids and flags only, never personal data.
package enum SignedToken {
    package static func make(purpose: String, fields: [String], expires: Int64, keys: KeyService) -> String {
        let payload = ([purpose, String(expires)] + fields).map { Data($0.utf8).base64URLEncoded }.joined(separator: ".")
        return payload + "." + keys.sign("token|" + payload)
    }

    /// The fields, or nil when the token is forged, for another purpose, or expired.
    package static func open(_ token: String?, purpose: String, now: Int64, keys: KeyService) -> [String]? {
        guard let token, let dot = token.lastIndex(of: ".") else { return nil }
        let payload = String(token[..<dot])
        guard keys.verify(signature: String(token[token.index(after: dot)...]), for: "token|" + payload) else { return nil }
        let parts = payload.split(separator: ".", omittingEmptySubsequences: false).map { Data(base64URLEncoded: String($0)).map { String(decoding: $0, as: UTF8.self) } }
        guard parts.count >= 2, let tokenPurpose = parts[0], tokenPurpose == purpose,
              let expires = parts[1].flatMap(Int64.init), now < expires else { return nil }
        let fields = parts.dropFirst(2).compactMap { $0 }
        guard fields.count == parts.count - 2 else { return nil }
        return Array(fields)
    }
}

extension Request {
    /// The CSRF token for a form on a page anyone may open: the session's when logged in,
    /// otherwise the anonymous nonce token (set on `response`).
    package func formToken(response: Response) -> String {
        currentUser?.csrfToken ?? CSRF.anonymousToken(for: self, response: response)
    }
}
