import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// 拨付确认提醒 (review E11): the job runner reminds, by system message and SMS, every person
/// whose subsidy has waited at 个人拨付待确认 for a week, once a week until they confirm receipt
/// or report 未到账.
package enum SubsidyReminders {
    package static let kind = "subsidy.receipt-reminder"
    package static let interval: Int64 = 7 * 86_400

    package static func register(on app: Application) {
        app.jobs.register(kind, label: "补贴拨付确认提醒") { app, _ in _ = try await run(app) }
        app.jobs.every(86_400, kind)
    }

    /// Sends the reminders due now; returns how many.
    package static func run(_ app: Application) async throws -> Int {
        let now = app.clock.now()
        let due = now - interval
        let rows = try await app.db.sql.raw("""
            SELECT id, applicant_id FROM subsidy_cases WHERE status_key = 'step:receipt' AND updated_at <= \(bind: due)
            AND (reminded_at IS NULL OR reminded_at <= \(bind: due)) ORDER BY id LIMIT 5000
            """).all()
        var sent = 0
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self), person = try row.decode(column: "applicant_id", as: Int64.self)
            let done: Bool = try await app.db.writeTransaction { db in
                let claimed = try await db.sql.raw("""
                    UPDATE subsidy_cases SET reminded_at = \(bind: now) WHERE id = \(bind: id) AND status_key = 'step:receipt'
                    AND (reminded_at IS NULL OR reminded_at <= \(bind: due)) RETURNING id
                    """).first()
                guard claimed != nil else { return false }
                try await MessageCenter.post(to: person, title: "生活补贴申报", body: "你的生活补贴资金已拨付，请核实是否到账，并在“补贴申报管理”中进行拨付确认；未到账的请反馈未到账。",
                                             link: "/subsidy/applications/\(id)", sms: true, now: now, keys: app.keys, app: app, on: db)
                return true
            }
            if done { sent += 1 }
        }
        return sent
    }
}
