import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Every SMS and email the platform sends, with the recipient and text encrypted like any
/// other personal field; only the masked recipient is stored in clear.
package enum Outbox {
    package enum Channel: String, Sendable, CaseIterable {
        case sms, email
        package var label: String { self == .sms ? "短信" : "邮件" }
    }

    package enum Status: String, Sendable, CaseIterable {
        /// Kept in the outbox (the default gateway delivers nowhere else).
        case stored
        case queued
        case retrying
        case sent
        case failed

        package var label: String {
            switch self {
            case .stored: "已存入发件箱"
            case .queued: "待发送"
            case .retrying: "重试中"
            case .sent: "已发送"
            case .failed: "发送失败"
            }
        }

        package var tone: StatusBadge.Tone {
            switch self {
            case .stored, .sent: .success
            case .queued: .info
            case .retrying: .warning
            case .failed: .danger
            }
        }
    }

    /// Names of the flows that send messages.
    package static let purposeLabels: [String: String] = [
        CodePurpose.login.rawValue: "短信登录验证码",
        CodePurpose.reset.rawValue: "找回密码验证码",
        CodePurpose.phoneNew.rawValue: "新手机号验证码",
        CodePurpose.emailProof.rawValue: "邮箱身份验证码",
        "phone-changed": "手机号变更提醒",
        "notice": "业务通知",
        CodePurpose.caseConfirm.rawValue: "本人确认验证码",
        CodePurpose.signingPhone.rawValue: "网上签约手机认证验证码",
    ]

    package static func recipientHash(_ recipient: String, keys: KeyService) -> String {
        keys.lookupHash("outbox|" + recipient.lowercased())
    }

    package static func masked(_ recipient: String, channel: Channel) -> String {
        channel == .sms ? Masking.phone(recipient) : Masking.email(recipient)
    }

    @discardableResult
    package static func store(_ message: OutgoingMessage, channel: Channel, gateway: String, status: Status, now: Int64, keys: KeyService, on db: any Database) async throws -> Int64 {
        let row = try await db.sql.insert(into: "outbox")
            .columns("channel", "purpose", "gateway", "user_id", "recipient_cipher", "recipient_hash", "recipient_masked", "subject", "body_cipher",
                     "status", "attempts", "last_error", "created_at", "sent_at")
            .values(SQLBind(channel.rawValue), SQLBind(message.purpose), SQLBind(gateway), SQLBind(message.userID),
                    SQLBind(keys.encrypt(message.to)), SQLBind(recipientHash(message.to, keys: keys)), SQLBind(masked(message.to, channel: channel)),
                    SQLBind(message.subject), SQLBind(keys.encrypt(message.text)),
                    SQLBind(status.rawValue), SQLBind(0), SQLLiteral.null, SQLBind(now), SQLBind(status == .stored ? now : nil))
            .returning("id").first()
        return try row!.decode(column: "id", as: Int64.self)
    }

    package struct Row: Decodable, Sendable {
        package let id: Int64
        package let channel: String
        package let purpose: String
        package let gateway: String
        package let user_id: Int64?
        package let recipient_cipher: String
        package let recipient_masked: String
        package let subject: String
        package let body_cipher: String
        package let status: String
        package let attempts: Int
        package let last_error: String?
        package let created_at: Int64
        package let sent_at: Int64?
    }

    package static let columns = ["id", "channel", "purpose", "gateway", "user_id", "recipient_cipher", "recipient_masked", "subject", "body_cipher",
                          "status", "attempts", "last_error", "created_at", "sent_at"]

    package static func row(id: Int64, on db: any Database) async throws -> Row? {
        try await db.sql.select().columns(columns).from("outbox").where("id", .equal, SQLBind(id)).first(decoding: Row.self)
    }

    package static func markSent(id: Int64, now: Int64, on db: any Database) async throws {
        try await db.sql.update("outbox").set("status", to: SQLBind(Status.sent.rawValue)).set("sent_at", to: SQLBind(now))
            .set("attempts", to: SQLRaw("attempts + 1")).set("last_error", to: SQLLiteral.null)
            .where("id", .equal, SQLBind(id)).run()
    }

    package static func markAttempt(id: Int64, error: String, final: Bool, now: Int64, on db: any Database) async throws {
        try await db.sql.update("outbox").set("status", to: SQLBind((final ? Status.failed : Status.retrying).rawValue))
            .set("attempts", to: SQLRaw("attempts + 1")).set("last_error", to: SQLBind(error))
            .where("id", .equal, SQLBind(id)).run()
    }

    package struct Filter: Sendable {
        package var channel: Channel?
        package var status: Status?
        /// Exact recipient (phone or email), found by its keyed hash, never by a scan of plain text.
        package var recipient: String?
        package var page = 1
    }

    package static func list(_ filter: Filter, keys: KeyService, pageSize: Int, on db: any Database) async throws -> (rows: [Row], total: Int) {
        let total = try await filtered(filter, keys: keys, db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from("outbox"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await filtered(filter, keys: keys, db.sql.select().columns(columns).from("outbox"))
            .orderBy("id", .descending).limit(pageSize).offset(PageNumber.offset(page: filter.page, pageSize: pageSize))
            .all(decoding: Row.self)
        return (rows, total)
    }

    /// The next `limit` messages under the filter with ids below `before` (newest first): the
    /// export's keyset paging.
    package static func rows(_ filter: Filter, keys: KeyService, before: Int64?, limit: Int, on db: any Database) async throws -> [Row] {
        var query = filtered(filter, keys: keys, db.sql.select().columns(columns).from("outbox"))
        if let before { query = query.where("id", .lessThan, SQLBind(before)) }
        return try await query.orderBy("id", .descending).limit(limit).all(decoding: Row.self)
    }

    private static func filtered(_ filter: Filter, keys: KeyService, _ query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if let channel = filter.channel { query = query.where("channel", .equal, SQLBind(channel.rawValue)) }
        if let status = filter.status { query = query.where("status", .equal, SQLBind(status.rawValue)) }
        if let recipient = filter.recipient { query = query.where("recipient_hash", .equal, SQLBind(recipientHash(recipient, keys: keys))) }
        return query
    }
}
