import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// Where a matched feedback row goes (C8), by its 错误类型:
/// - 登记信息错误: the registration is set 审核不通过 with the national reason, through the case
///   engine, by the school admin who imported the file (the engine lets only a reviewer of the
///   step reject; a registration already 审核通过 cannot be, and is marked 需复查 instead);
/// - 生源信息错误: the graduate's 生源 record is unlocked (学校审核通过 → a new version 未提交 the
///   graduate or staff correct), audited; the registration is left as it is;
/// - 档案信息错误: the record is marked 需复查 with the reason (the platform has no 档案 record yet).
/// The sync state becomes 需复查. Nobody gets an SMS: the counselors and college admins whose scope
/// covers the graduate get a work item (seed 004: fixing is staff work).
package enum NationalFeedbackRouting {
    typealias Outcome = NationalFeedbackImport.Outcome

    static func route(_ item: NationalFeedback.Item, to match: NationalFeedbackImport.Match, outcome given: Outcome,
                      user: CurrentUser, req: Request) async throws -> Outcome {
        var outcome = given
        guard let student = try await StudentQueries.find(userID: match.applicantID, scope: user.scope, on: req.db) else {
            outcome.status = .outOfScope
            outcome.result = "该毕业生不在您的管理范围内，未处理。"
            return outcome
        }
        outcome.status = .matched
        outcome.name = student.display_name
        outcome.studentNo = student.student_no
        var destination: CaseRow?
        if let id = match.destinationCaseID { destination = try await CaseEngine.load(.destination, id: id, on: req.db) }
        let reason = remark(item)
        var done: String
        var sourceMark: Int64?
        switch item.errorType {
        case .destination:
            guard let destination else {
                outcome.result = "该毕业生\(match.period)届尚无毕业去向登记，无法退回；请核实后登记。"
                return outcome
            }
            done = try await rejectDestination(destination, reason: reason, req: req)
        case .source:
            (done, sourceMark) = try await unlockSource(match, reason: reason, req: req)
        case .archive:
            guard let destination else {
                outcome.result = "该毕业生\(match.period)届尚无毕业去向登记，无处标记需复查；请依据反馈核实档案信息。"
                return outcome
            }
            done = "已标记为需复查，请依据反馈核实档案信息。"
            try await notifyStaff(.destination, row: destination, text: reason, req: req)
        }
        if let destination, let fresh = try await CaseEngine.load(.destination, id: destination.id, on: req.db) {
            done += try await markForReview(fresh, item: item, reason: item.reason, outcome: done, sourceMark: sourceMark, now: req.now, on: req.db)
        }
        outcome.result = done
        return outcome
    }

    /// The reason written to 审核记录: the national wording and the seed's fix when it names one.
    static func remark(_ item: NationalFeedback.Item) -> String {
        var text = "全国系统反馈（\(item.errorType.label)）：" + (item.reason.isEmpty ? "未说明原因" : item.reason)
        if let fix = item.fix { text += "。修改方法：" + fix }
        return String(text.prefix(WorkflowText.maxRemarkLength))
    }

    /// The importing school admin as the engine sees them for this case (role and scope).
    static func actingAs(_ req: Request, row: CaseRow) throws -> CaseEngine.Acting {
        let user = try req.requireUser()
        return CaseEngine.Acting(user: user, actor: CaseEngine.actor(for: user, row: row), ip: req.clientAddress, now: req.now, keys: req.keys,
                                 app: req.application, db: req.db)
    }

    /// Work items for the staff whose scope covers the case, instead of the engine's SMS to the graduate.
    static func staffItems(_ text: String) -> [CaseNotification] {
        [.workItem(.counselor, "全国系统反馈需复查：" + text), .workItem(.collegeAdmin, "全国系统反馈需复查：" + text)]
    }

    static func notifyStaff(_ type: CaseType, row: CaseRow, text: String, req: Request) async throws {
        try await req.db.writeTransaction { db in
            try await CaseEngine.notify(staffItems(text), type: type, row: row, now: req.now, keys: req.keys, app: req.application, on: db)
        }
    }

    // MARK: 登记信息错误

    static func rejectDestination(_ row: CaseRow, reason: String, req: Request) async throws -> String {
        let type = CaseType.destination
        let context = try await CaseEngine.guardContext(type, row: row, now: req.now, on: req.db)
        let acting = try actingAs(req, row: row)
        switch transition(row.state, .reject(reason: reason), by: acting.actor, in: type.definition, context: context) {
        case .failure(let refusal):
            try await notifyStaff(type, row: row, text: reason, req: req)
            return "未能设为审核不通过（\(refusal.message)），已标记为需复查，请核实后由学校代为录入更正。"
        case .success(var move):
            move.notifications = staffItems(reason)
            let decided = move
            let moved = try await req.db.writeTransaction { db in
                try await CaseEngine.apply(decided, type: type, row: row, action: .reject(reason: reason), data: nil, acting: acting, on: db)
            }
            guard moved else { return "该登记刚被他人处理，未能设为审核不通过，已标记为需复查。" }
            return "毕业去向登记已设为审核不通过，原因已记入审核记录，由辅导员或院系核实后修改。"
        }
    }

    // MARK: 生源信息错误

    /// Unlocks the graduate's 生源 record for correction. A locked one (学校审核通过) is reopened as
    /// a new version (未提交); the approved version stays in force until the correction is approved.
    /// The engine lets only the graduate reopen (申请修改); seed 004 and C8 let the school unlock on
    /// national feedback, so the reopen is decided by the engine's rules for the graduate and
    /// recorded as the school admin's, with its own audit entry.
    static func unlockSource(_ match: NationalFeedbackImport.Match, reason: String, req: Request) async throws -> (String, Int64?) {
        let type = CaseType.studentSource
        let row = try await CaseEngine.create(type, applicant: match.applicantID, period: match.period, now: req.now, on: req.db)
        let definition = type.definition
        let context = try await CaseEngine.guardContext(type, row: row, now: req.now, on: req.db)
        let acting = try actingAs(req, row: row)
        let action: Action
        var decided: Result<Transition, Refusal>
        switch row.state.status {
        case .approved, .rejected:
            guard acting.actor.inScope else { return ("该毕业生的生源信息不在您的管理范围内，未解锁。", row.lock) }
            action = .reopen(reason: reason)
            decided = transition(row.state, action, by: .applicant, in: definition, context: context)
            if case .success(var move) = decided {
                move.entry.actor = .staff(.schoolAdmin)
                move.entry.actionLabel = "全国系统反馈解锁"
                decided = .success(move)
            }
        case .inReview(let step) where definition.steps[step].id == "school-review":
            action = .reject(reason: reason)
            decided = transition(row.state, action, by: acting.actor, in: definition, context: context)
        case .inReview, .publicizing:
            try await notifyStaff(type, row: row, text: reason, req: req)
            return ("生源信息正在院系审核中，未解锁；请院系依据反馈审核。", row.lock)
        case .draft, .returned:
            try await notifyStaff(type, row: row, text: reason, req: req)
            return ("生源信息未锁定（\(definition.status.label(for: row.state, in: definition))），可直接修改；已通知辅导员和院系。", row.lock)
        }
        guard case .success(var move) = decided else {
            if case .failure(let refusal) = decided { return ("未能解锁生源信息：\(refusal.message)", row.lock) }
            return ("未能解锁生源信息。", row.lock)
        }
        move.notifications = staffItems(reason)
        let final = move
        let moved = try await req.db.writeTransaction { db in
            guard try await CaseEngine.apply(final, type: type, row: row, action: action, data: nil, acting: acting, on: db) else { return false }
            try await req.audit(.nationalSourceUnlock, target: .caseType(type), id: row.id, changes: [
                .init("status", before: definition.status.label(for: row.state, in: definition), after: final.entry.statusLabel),
                .init("reason", after: reason),
            ], on: db)
            return true
        }
        guard moved else { return ("该生源信息刚被他人处理，未能解锁。", row.lock) }
        return ("生源信息已解锁（\(move.entry.statusLabel)），毕业去向登记未改动；修改并审核通过后重新上报。", row.lock + 1)
    }

    // MARK: The sync state

    /// 需复查 with the reason (`NationalSyncState.next`: a record never reported gets none). Returns
    /// what to add to the outcome.
    static func markForReview(_ row: CaseRow, item: NationalFeedback.Item, reason: String, outcome: String, sourceMark: Int64?,
                              now: Int64, on db: any Database) async throws -> String {
        let current = try await NationalSync.state(caseID: row.id, on: db)
        let target = current.flatMap { NationalSyncState.next(after: $0, on: .feedbackError, policy: NationalSync.policy) }
            ?? (current == .needsReview ? .needsReview : nil)
        guard target == .needsReview else { return "（该记录尚未上报全国系统，上报状态未改为需复查。）" }
        try await db.writeTransaction { db in
            // Two rows of one file for one record: both reasons are kept.
            let earlier = try await db.sql.select().columns("feedback_reason", "feedback_at").from("national_sync")
                .where("case_id", .equal, SQLBind(row.id)).first()
            var text = reason
            if let earlier, try earlier.decode(column: "feedback_at", as: Int64?.self) == now,
               let previous = try earlier.decode(column: "feedback_reason", as: String?.self), !previous.isEmpty {
                text = previous + "；" + reason
            }
            var update = db.sql.update("national_sync").set("state", to: SQLBind(NationalSyncState.needsReview.rawValue))
                .set("feedback_type", to: SQLBind(item.errorType.rawValue)).set("feedback_reason", to: SQLBind(text))
                .set("feedback_outcome", to: SQLBind(outcome)).set("feedback_at", to: SQLBind(now))
                .set("feedback_mark", to: SQLBind(row.submitted_at)).set("updated_at", to: SQLBind(now))
            if let sourceMark { update = update.set("source_mark", to: SQLBind(sourceMark)) }
            try await update.where("case_id", .equal, SQLBind(row.id)).run()
        }
        return ""
    }
}
