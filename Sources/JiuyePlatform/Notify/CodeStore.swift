import Fluent
import Foundation
import JiuyeDomain
import SQLKit
import Vapor

/// What a one-time code is for. A code for one purpose never works for another.
package enum CodePurpose: String, Sendable {
    case login
    case reset
    case phoneNew = "phone-new"
    case emailProof = "email-proof"
    /// 本人确认 of a record entered on the person's behalf (seed 004 代录).
    case caseConfirm = "case-confirm"
    /// 手机认证 of online signing: the 生源 phone proved before the graduate sees invitations.
    case signingPhone = "signing-phone"
}

/// Issues and checks one-time codes (VerificationCodePolicy). Only a keyed hash of each code is
/// stored. A code is recorded for unknown phones too (and never sent), so the resend gap, the
/// hourly limit and every answer are the same whether or not an account exists.
package enum CodeStore {
    package static let policy = VerificationCodePolicy()

    package static func targetHash(_ target: String, keys: KeyService) -> String {
        keys.lookupHash("code|" + target.lowercased())
    }

    package static func codeHash(_ code: String, purpose: CodePurpose, targetHash: String, keys: KeyService) -> String {
        keys.lookupHash("code|\(purpose.rawValue)|\(targetHash)|\(code)")
    }

    /// Sends a code to `target` when `recipient` is known, or records an unsent one when not.
    /// The message text is built from the code by `compose`.
    package static func issue(
        purpose: CodePurpose, target: String, recipient userID: Int64?, channel: Outbox.Channel,
        compose: @escaping @Sendable (String) -> (subject: String, text: String), deliverTo: String? = nil, req: Request
    ) async throws -> VerificationCodePolicy.IssueDecision {
        let keys = req.keys
        let now = req.now
        let hash = targetHash(target, keys: keys)
        let app = req.application
        return try await req.db.writeTransaction { db in
            // Every purpose counts: at most five codes per phone or address per hour.
            let sent = try await db.sql.select().column("sent_at").from("verification_codes")
                .where("target_hash", .equal, SQLBind(hash)).where("sent_at", .greaterThan, SQLBind(now - 3600))
                .lockedForUpdate().all().map { try $0.decode(column: "sent_at", as: Int64.self) }
            let decision = policy.canIssue(previouslySentAt: sent, now: now)
            guard decision.isAllowed else { return decision }
            let code = policy.generate()
            try await db.sql.insert(into: "verification_codes")
                .columns("purpose", "target_hash", "user_id", "code_hash", "sent_at", "tries", "used_at", "ip")
                .values(SQLBind(purpose.rawValue), SQLBind(hash), SQLBind(userID), SQLBind(codeHash(code, purpose: purpose, targetHash: hash, keys: keys)),
                        SQLBind(now), SQLBind(0), SQLLiteral.null, SQLBind(req.clientAddress))
                .run()
            if let userID {
                let content = compose(code)
                let message = OutgoingMessage(to: deliverTo ?? target, subject: content.subject, text: content.text, purpose: purpose.rawValue, userID: userID)
                switch channel {
                case .sms: try await app.sms.send(message, now: now, keys: keys, on: db)
                case .email: try await app.email.send(message, now: now, keys: keys, on: db)
                }
            }
            return decision
        }
    }

    package struct Verdict: Sendable {
        package let result: VerificationCodePolicy.CheckResult
        /// The account the code was sent for, when accepted.
        package let userID: Int64?
        package let codeID: Int64?

        package var accepted: Bool { result == .accepted && userID != nil }

        /// The answer shown: an accepted code for nobody reads exactly like a wrong one.
        package var message: String? {
            if result == .accepted && userID == nil { return VerificationCodePolicy.CheckResult.wrong(remaining: 4).message }
            return result.message
        }
    }

    /// Checks a typed code against the newest code for the target, counting a wrong try and
    /// spending a right one, in one write transaction.
    package static func check(purpose: CodePurpose, target: String, typed: String, req: Request) async throws -> Verdict {
        let keys = req.keys
        let now = req.now
        let hash = targetHash(target, keys: keys)
        let normalised = policy.normalize(typed)
        return try await req.db.writeTransaction { db in
            let row = try await db.sql.select().columns("id", "user_id", "code_hash", "sent_at", "tries", "used_at").from("verification_codes")
                .where("purpose", .equal, SQLBind(purpose.rawValue)).where("target_hash", .equal, SQLBind(hash))
                .orderBy("sent_at", .descending).orderBy("id", .descending).limit(1)
                .lockedForUpdate().first(decoding: CodeRow.self)
            let issued = row.map { VerificationCodePolicy.Issued(sentAt: $0.sent_at, tries: $0.tries, usedAt: $0.used_at) }
            let matches = row.map { row in normalised.map { constantTimeEqual(row.code_hash, codeHash($0, purpose: purpose, targetHash: hash, keys: keys)) } ?? false } ?? false
            let result = policy.check(issued, typedIsWellFormed: normalised != nil, matches: matches, now: now)
            if let row {
                if result.countsAsTry {
                    try await db.sql.update("verification_codes").set("tries", to: SQLRaw("tries + 1")).where("id", .equal, SQLBind(row.id)).run()
                } else if result == .accepted {
                    try await db.sql.update("verification_codes").set("used_at", to: SQLBind(now)).where("id", .equal, SQLBind(row.id)).run()
                }
            }
            return Verdict(result: result, userID: result == .accepted ? row?.user_id : nil, codeID: row?.id)
        }
    }

    /// Gives back an accepted code whose form failed a later check (the password policy with
    /// the account's username), so the user need not wait for a new one.
    package static func release(_ verdict: Verdict, req: Request) async throws {
        guard verdict.result == .accepted, let id = verdict.codeID else { return }
        try await req.db.sql.update("verification_codes").set("used_at", to: SQLLiteral.null).where("id", .equal, SQLBind(id)).run()
    }

    private struct CodeRow: Decodable {
        package let id: Int64
        package let user_id: Int64?
        package let code_hash: String
        package let sent_at: Int64
        package let tries: Int
        package let used_at: Int64?
    }

    /// Beijing HH:mm for refusal messages.
    package static func message(for decision: VerificationCodePolicy.IssueDecision) -> String? {
        decision.message(clock: ChinaTime.clock)
    }
}

/// The texts of the messages the account flows send.
package enum MessageTexts {
    package static let brand = "【九业】"

    package static func login(_ code: String) -> (subject: String, text: String) {
        ("登录验证码", "\(brand)您的登录验证码为 \(code)，5 分钟内有效。如非本人操作，请忽略本短信。")
    }

    package static func reset(_ code: String) -> (subject: String, text: String) {
        ("找回密码验证码", "\(brand)您正在找回密码，验证码为 \(code)，5 分钟内有效。请勿将验证码告诉他人。")
    }

    package static func phoneNew(_ code: String) -> (subject: String, text: String) {
        ("绑定手机号验证码", "\(brand)您正在将账号绑定到本手机号，验证码为 \(code)，5 分钟内有效。如非本人操作，请忽略。")
    }

    package static func emailProof(_ code: String) -> (subject: String, text: String) {
        ("九业就业服务平台 · 更换手机号身份验证",
         "您好：\n\n您正在更换九业就业服务平台账号绑定的手机号，邮箱验证码为 \(code)，5 分钟内有效。\n如非本人操作，请立即登录修改密码或联系学校就业部门。\n\n九业就业服务平台")
    }

    package static func caseConfirm(_ code: String) -> (subject: String, text: String) {
        ("本人确认验证码", "\(brand)您正在确认学校为您录入的登记信息，验证码为 \(code)，5 分钟内有效。")
    }

    package static func signingPhone(_ code: String) -> (subject: String, text: String) {
        ("网上签约手机认证", "\(brand)您正在进行网上签约手机认证，验证码为 \(code)，5 分钟内有效。")
    }

    package static func phoneChanged(newMasked: String, at: Int64) -> (subject: String, text: String) {
        ("手机号变更提醒", "\(brand)您的账号绑定手机号已于 \(ChinaTime.dateTime(at)) 更换为 \(newMasked)。如非本人操作，请立即联系学校就业部门。")
    }
}
