import Fluent
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// What signing registers at start-up: the files it takes (营业执照, the stamped agreement) and
/// the job that closes invitations past their 应约过期日期 ("过期不反馈视为主动放弃").
package enum SigningSetup {
    package static let expiryJob = "signing.expire-invitations"

    package static func register(on app: Application) {
        _ = app.signingSearchLimiter
        // 营业执照 of a unit: its registering account adds and removes it until every school verified.
        app.registerUploadCase("employer", UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT registered_by FROM employer_profiles WHERE unit_id = \(bind: id)").first()?
                    .decode(column: "registered_by", as: Int64?.self)
            },
            isDraft: { id, db in
                try await db.sql.raw("SELECT unit_id FROM unit_qualifications WHERE unit_id = \(bind: id) AND state <> \(bind: Qualification.State.verified.rawValue)")
                    .first() != nil
            }))
        // The stamped agreement: the graduate's, while the agreement holds and is not under review.
        app.registerUploadCase("agreement", UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT student_id FROM agreements WHERE id = \(bind: id)").first()?.decode(column: "student_id", as: Int64.self)
            },
            isDraft: { id, db in
                guard let row = try await db.sql.raw("""
                    SELECT a.status, a.submitted_at, c.status_key FROM agreements a LEFT JOIN destination_cases c ON c.id = a.destination_case_id WHERE a.id = \(bind: id)
                    """).first(), try row.decode(column: "status", as: String.self) == SigningStore.AgreementStatus.held.rawValue else { return false }
                return try row.decode(column: "submitted_at", as: Int64?.self) == nil || row.decode(column: "status_key", as: String?.self) == "returned"
            }))
        // 签约模式二 解约: the stamped 解除证明 is added at 学生提交解约证明材料 as well as before submitting.
        let offline = CaseType.terminationOffline
        app.registerUploadCase(offline.key, UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT applicant_id FROM \(ident: offline.table) WHERE id = \(bind: id)").first()?.decode(column: "applicant_id", as: Int64.self)
            },
            isDraft: { id, db in
                let key = try await db.sql.raw("SELECT status_key FROM \(ident: offline.table) WHERE id = \(bind: id)").first()?.decode(column: "status_key", as: String.self)
                return key == "draft" || key == "returned" || key == "step:proof-upload"
            }))
        app.jobs.register(expiryJob, label: "签约邀请过期处理") { app, _ in _ = try await expire(app) }
        app.jobs.every(600, expiryJob)
    }

    /// Closes every invitation still awaiting an answer after its 应约过期日期; returns how many.
    package static func expire(_ app: Application) async throws -> Int {
        let now = app.clock.now()
        guard let today = CivilDate.parse(ChinaTime.date(now)) else { return 0 }
        let rows = try await app.db.sql.raw("""
            \(unsafeRaw: SigningStore.invitationSelect) WHERE i.status = \(bind: InvitationStatus.awaitingReply.rawValue) AND i.expires_on < \(bind: today.description)
            ORDER BY i.id LIMIT 1000
            """).all().map(SigningStore.invitation)
        var closed = 0
        for row in rows {
            guard case .success(let next) = row.state.applying(.expire, now: now) else { continue }
            let moved: Bool = try await app.db.writeTransaction { db in
                guard try await SigningStore.move(row, to: next, on: db) else { return false }
                try await Audit.record(.invitationExpire, target: .invitation, id: row.id,
                                       changes: [.init("status", before: row.state.status.label, after: next.status.label)],
                                       actor: nil, ip: nil, now: now, keys: app.keys, on: db)
                return true
            }
            if moved { closed += 1 }
        }
        if closed > 0 { app.logger.info("jobs: closed \(closed) expired invitations") }
        return closed
    }
}

extension Application {
    private struct SearchLimiterKey: StorageKey { typealias Value = RateLimiter }

    /// 签约搜索 per employer account: 60 an hour (a name and a year are public; the phone must not
    /// be guessable by trying numbers). Per instance, as the login limiter.
    package var signingSearchLimiter: RateLimiter {
        if let limiter = storage[SearchLimiterKey.self] { return limiter }
        let limiter = RateLimiter(limit: 60, windowSeconds: 3600)
        storage[SearchLimiterKey.self] = limiter
        return limiter
    }
}

/// The audit fields of signing, in Chinese.
package enum SigningAudit {
    package static let fields: [String: String] = [
        "credit_code": "统一社会信用代码", "username": "用户名", "qualification": "鉴证状态", "reason": "原因", "result": "查找结果",
        "unit": "单位", "position": "拟聘用职位", "expires_on": "应约过期日期", "number": "协议书编号", "phone": "手机号",
        "fields": "确认字段数", "field": "字段", "request": "申请编号", "cohort": "届别", "rows": "行数",
    ]
}
