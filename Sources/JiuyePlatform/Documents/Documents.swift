import Crypto
import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Generated documents, issued once per content version. A version has a platform serial
/// (`JY2026-000123`, unique, printed on the page) and a verification token (32 random bytes,
/// looked up by its SHA-256, kept sealed so the same QR code can be shown again). The QR code
/// opens `/verify/<token>`, which shows the document's title, serial, date and a summary with
/// personal data masked — never reachable by the serial, which is enumerable.
///
/// Reading never writes: `current` finds the current version, and the page shows it only when
/// its content hash (a keyed hash of the rendered content fields) matches today's content.
/// `issue` is called from an explicit POST: it issues the first version, or a new version when
/// the content changed (the old one is marked superseded and its page says so), and leaves a
/// current version with the same content untouched.
package enum Documents {
    package struct Version: Sendable {
        package let id: Int64
        package let serial: String
        /// nil for a document issued before tokens were kept: its QR code cannot be shown again.
        package let token: String?
        /// nil for a document issued before versions.
        package let contentHash: String?
        package let createdAt: Int64
    }

    /// A keyed hash (the lookup key: the fields hold personal data) of what the document prints:
    /// its kind, template version, title and content fields, each length-prefixed.
    package static func contentHash(kind: String, template: Int, title: String, fields: [(String, String)], keys: KeyService) -> String {
        let parts = ["document-content", kind, String(template), title] + fields.flatMap { [$0.0, $0.1] }
        return keys.lookupHash(parts.map { "\($0.utf8.count):\($0)" }.joined(separator: "|"))
    }

    /// The subject's current version of `kind`, if any. Reads only.
    package static func current(kind: String, subjectKey: String, keys: KeyService, on db: any Database) async throws -> Version? {
        guard let row = try await db.sql.select()
            .columns("id", "serial", "token_cipher", "content_hash", "created_at").from("document_versions")
            .where("kind", .equal, SQLBind(kind)).where("subject_key", .equal, SQLBind(subjectKey))
            .where("superseded_at", .is, SQLLiteral.null)
            .first() else { return nil }
        return try version(row, keys: keys)
    }

    private static func version(_ row: any SQLRow, keys: KeyService) throws -> Version {
        Version(id: try row.decode(column: "id", as: Int64.self), serial: try row.decode(column: "serial", as: String.self),
                token: try row.decode(column: "token_cipher", as: String?.self).flatMap { try? keys.decrypt($0) },
                contentHash: try row.decode(column: "content_hash", as: String?.self),
                createdAt: try row.decode(column: "created_at", as: Int64.self))
    }

    package enum Outcome: Sendable {
        /// The first version.
        case issued(Version)
        /// A new version replacing `previous` (its serial), which is now superseded.
        case reissued(Version, previous: String)
        /// The current version already has this content and a token to show: nothing written.
        case unchanged(Version)

        package var version: Version {
            switch self {
            case .issued(let version), .reissued(let version, _), .unchanged(let version): version
            }
        }
    }

    /// Issues a version of the subject's document of `kind` for content `contentHash` (from a POST).
    /// The same content with a showable token is left as it is; otherwise a new version with a new
    /// serial and token is issued, the current one superseded, and the issue audited.
    package static func issue(kind: String, title: String, subjectID: Int64, subjectKey: String, summary: [(String, String)], contentHash: String,
                      by user: CurrentUser?, ip: String?, now: Int64, keys: KeyService, on db: any Database) async throws -> Outcome {
        let summaryJSON = try String(decoding: JSONEncoder.sorted.encode(summary.map { [$0.0, $0.1] }), as: UTF8.self)
        do {
            return try await db.writeTransaction { db in
                let currentRow = try await db.sql.select()
                    .columns("id", "serial", "token_cipher", "content_hash", "created_at").from("document_versions")
                    .where("kind", .equal, SQLBind(kind)).where("subject_key", .equal, SQLBind(subjectKey))
                    .where("superseded_at", .is, SQLLiteral.null)
                    .lockedForUpdate().first()
                let current = try currentRow.map { try version($0, keys: keys) }
                if let current, current.contentHash == contentHash, current.token != nil { return .unchanged(current) }
                if let current {
                    // Superseded first: the unique index allows one current version per document.
                    try await db.sql.update("document_versions").set("superseded_at", to: SQLBind(now))
                        .where("id", .equal, SQLBind(current.id)).run()
                }
                let token = SecureRandom.token(bytes: 32)
                let tokenHash = sha256Hex(token)
                // The serial is the year and the row's id: unique by construction, no retry inside the transaction.
                let id = try await db.sql.insert(into: "document_versions")
                    .columns("serial", "kind", "title", "subject_id", "subject_key", "summary_json", "content_hash", "token_hash", "token_cipher",
                             "created_by", "created_at")
                    .values(SQLBind("pending-" + tokenHash), SQLBind(kind), SQLBind(title), SQLBind(subjectID), SQLBind(subjectKey),
                            SQLBind(summaryJSON), SQLBind(contentHash), SQLBind(tokenHash), SQLBind(keys.encrypt(token)),
                            SQLBind(user?.id), SQLBind(now))
                    .returning("id").first()!.decode(column: "id", as: Int64.self)
                let serial = serial(id: id, at: now)
                try await db.sql.update("document_versions").set("serial", to: SQLBind(serial)).where("id", .equal, SQLBind(id)).run()
                let issued = Version(id: id, serial: serial, token: token, contentHash: contentHash, createdAt: now)
                if let current {
                    try await db.sql.update("document_versions").set("superseded_by", to: SQLBind(id))
                        .where("id", .equal, SQLBind(current.id)).run()
                    try await Audit.record(.documentReissue, target: .document, id: serial,
                                           changes: [.init("kind", after: kind), .init("serial", before: current.serial, after: serial)],
                                           actor: user, ip: ip, now: now, keys: keys, on: db)
                    return .reissued(issued, previous: current.serial)
                }
                try await Audit.record(.documentIssue, target: .document, id: serial, changes: [.init("kind", after: kind)],
                                       actor: user, ip: ip, now: now, keys: keys, on: db)
                return .issued(issued)
            }
        } catch {
            // Two first issues at once (PostgreSQL: neither saw a row to lock): the loser meets the
            // unique index; when the winner issued this very content, that is the answer.
            if let current = try? await current(kind: kind, subjectKey: subjectKey, keys: keys, on: db),
               current.contentHash == contentHash, current.token != nil {
                return .unchanged(current)
            }
            throw error
        }
    }

    package static func serial(id: Int64, at now: Int64) -> String {
        let number = String(id)
        return "JY\(ChinaTime.fields(now).year)-" + String(repeating: "0", count: max(0, 6 - number.count)) + number
    }

    package struct Verified: Sendable {
        package let serial: String
        package let title: String
        package let createdAt: Int64
        package let revoked: Bool
        /// When a newer version replaced this one, and the newer version's serial.
        package let supersededAt: Int64?
        package let supersededBy: String?
        package let summary: [(String, String)]
    }

    package static func verify(token: String, on db: any Database) async throws -> Verified? {
        guard token.count >= 32, token.count <= 64 else { return nil }
        guard let row = try await db.sql.raw("""
            SELECT v.serial, v.title, v.created_at, v.revoked_at, v.superseded_at, v.summary_json, n.serial AS new_serial
            FROM document_versions v LEFT JOIN document_versions n ON n.id = v.superseded_by
            WHERE v.token_hash = \(bind: sha256Hex(token))
            """).first() else { return nil }
        let pairs = try JSONDecoder().decode([[String]].self, from: Data(try row.decode(column: "summary_json", as: String.self).utf8))
        return Verified(serial: try row.decode(column: "serial", as: String.self), title: try row.decode(column: "title", as: String.self),
                        createdAt: try row.decode(column: "created_at", as: Int64.self),
                        revoked: try row.decode(column: "revoked_at", as: Int64?.self) != nil,
                        supersededAt: try row.decode(column: "superseded_at", as: Int64?.self),
                        supersededBy: try row.decode(column: "new_serial", as: String?.self),
                        summary: pairs.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil })
    }

    /// The verification link printed as the QR code.
    package static func verificationURL(_ req: Request, token: String) -> String {
        (req.application.settings.publicURL ?? "http://127.0.0.1:\(req.application.settings.port)") + "/verify/" + token
    }
}
