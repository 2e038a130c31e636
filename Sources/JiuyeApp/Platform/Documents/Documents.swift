import Crypto
import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Generated documents: each gets a platform serial number (`JY2026-000123`, unique, printed on
/// the page) and a verification token (32 random bytes; only its SHA-256 is stored). The QR code
/// on the page opens `/verify/<token>`, which shows the document's title, serial, date and a
/// summary with personal data masked — never reachable by the serial, which is enumerable.
/// One document per kind and subject: printing again shows the same serial.
enum Documents {
    struct Issued: Sendable {
        let serial: String
        let token: String
        let createdAt: Int64
    }

    /// The subject's document of `kind`, issued now if there is none. The token is kept only as a
    /// hash and cannot be shown again, so printing an existing document keeps its serial and gives
    /// it a new token: the QR code of the latest print verifies, older prints no longer do.
    static func issue(kind: String, title: String, subjectID: Int64, subjectKey: String, summary: [(String, String)], by user: CurrentUser?,
                      now: Int64, keys: KeyService, on db: any Database) async throws -> Issued {
        let token = SecureRandom.token(bytes: 32)
        let tokenHash = sha256Hex(token)
        let summaryJSON = try String(decoding: JSONEncoder.sorted.encode(summary.map { [$0.0, $0.1] }), as: UTF8.self)
        return try await db.writeTransaction { db in
            if let row = try await db.sql.raw("""
                SELECT serial, created_at FROM documents WHERE kind = \(bind: kind) AND subject_key = \(bind: subjectKey)
                """).first() {
                // Same serial; a new token replaces the old (the page in hand carries the new QR code).
                try await db.sql.raw("""
                    UPDATE documents SET token_hash = \(bind: tokenHash), summary_json = \(bind: summaryJSON), title = \(bind: title)
                    WHERE kind = \(bind: kind) AND subject_key = \(bind: subjectKey)
                    """).run()
                let serial = try row.decode(column: "serial", as: String.self)
                try await Audit.record("document.reissue", target: "document", id: serial, changes: [.init("kind", after: kind)],
                                       actor: user, ip: nil, now: now, keys: keys, on: db)
                return Issued(serial: serial, token: token, createdAt: try row.decode(column: "created_at", as: Int64.self))
            }
            // The serial is the year and the row's id: unique by construction, no retry inside the transaction.
            let id = try await db.sql.raw("""
                INSERT INTO documents (serial, token_hash, kind, title, subject_id, subject_key, summary_json, created_by, created_at)
                VALUES (\(bind: "pending-" + tokenHash), \(bind: tokenHash), \(bind: kind), \(bind: title), \(bind: subjectID), \(bind: subjectKey),
                \(bind: summaryJSON), \(bind: user?.id), \(bind: now)) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            let number = String(id)
            let serial = "JY\(ChinaTime.fields(now).year)-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
            try await db.sql.raw("UPDATE documents SET serial = \(bind: serial) WHERE id = \(bind: id)").run()
            try await Audit.record("document.issue", target: "document", id: serial, changes: [.init("kind", after: kind)],
                                   actor: user, ip: nil, now: now, keys: keys, on: db)
            return Issued(serial: serial, token: token, createdAt: now)
        }
    }

    struct Verified: Sendable {
        let serial: String
        let title: String
        let createdAt: Int64
        let revoked: Bool
        let summary: [(String, String)]
    }

    static func verify(token: String, on db: any Database) async throws -> Verified? {
        guard token.count >= 32, token.count <= 64 else { return nil }
        guard let row = try await db.sql.raw("""
            SELECT serial, title, created_at, revoked_at, summary_json FROM documents WHERE token_hash = \(bind: sha256Hex(token))
            """).first() else { return nil }
        let pairs = try JSONDecoder().decode([[String]].self, from: Data(try row.decode(column: "summary_json", as: String.self).utf8))
        return Verified(serial: try row.decode(column: "serial", as: String.self), title: try row.decode(column: "title", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Int64.self), revoked: try row.decode(column: "revoked_at", as: Int64?.self) != nil,
                        summary: pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil })
    }

    /// The verification link printed as the QR code.
    static func verificationURL(_ req: Request, token: String) -> String {
        (req.application.settings.publicURL ?? "http://127.0.0.1:\(req.application.settings.port)") + "/verify/" + token
    }
}
