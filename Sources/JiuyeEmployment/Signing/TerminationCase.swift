import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

extension CaseType {
    /// 解约申请 of a 签约模式一 agreement (seed 003 §3.4.3.1): 学生申请 → 学院同意 → 单位查看解约 → 学校审核.
    /// The case carries the unit, so the employer's accounts act at their step.
    package static let terminationOnline = termination(key: "termination-online", table: "termination_online_cases",
                                                       definition: ProcessDefinitions.terminationOnline)
    /// 解约申请 of a 签约模式二 agreement (seed 003 §3.4.3.2): 学生申请 → 学院审核 → 学生提交解约证明材料 → 学校审核.
    package static let terminationOffline = termination(key: "termination-offline", table: "termination_offline_cases",
                                                        definition: ProcessDefinitions.terminationOffline)

    private static func termination(key: String, table: String, definition: ProcessDefinition) -> CaseType {
        let columns: [ScopeDimension: String] = [.school: "school_id", .campus: "campus_id", .college: "college_id", .major: "major_id",
                                                 .class: "class_id", .cohort: "cohort", .level: "level", .unit: "unit_id"]
        var type = CaseType(
            key: key, table: table, definition: definition,
            fields: [FieldDiff.Field("unit_name", "单位名称"), FieldDiff.Field("agreement_no", "协议书编号"),
                     FieldDiff.Field("termination_type", "解约类型"), FieldDiff.Field("reason", "解约原因")],
            business: .termination,
            display: { data in
                var shown = data
                shown["agreement_id"] = nil
                if let type = data["termination_type"].flatMap(TerminationType.init(rawValue:)) { shown["termination_type"] = type.label }
                return shown
            },
            applicants: nil,
            scope: CaseScope(columns: columns, derived: CaseScope.stageFromLevel, counted: [.school, .college, .cohort, .level],
                             windowOwner: (.school, .school), shown: [.college, .major, .level, .cohort]),
            applicantNumber: "学号")
        type.validate = { data in
            switch TerminationForm.check(type: data["termination_type"] ?? "", reason: data["reason"] ?? "") {
            case .success: return data["agreement_id"].flatMap(Int64.init) == nil ? "找不到要解约的协议。" : nil
            case .failure(let problems): return problems.errors.first?.message
            }
        }
        // ② once ever, ④ the opening day, and an agreement that binds.
        type.rules = { row, now, db in
            let completed = try await Termination.completed(student: row.applicant_id, on: db)
            let held = try await SigningStore.heldAgreement(student: row.applicant_id, on: db)
            let today = CivilDate.parse(ChinaTime.date(now)) ?? CivilDate(year: 2000, month: 1, day: 1)!
            let cohort = Int(row.scope[.cohort] ?? row.period) ?? row.year
            return [
                ProcessDefinitions.TerminationRule.once.id: TerminationRules.once(completedTerminations: completed),
                ProcessDefinitions.TerminationRule.opening.id: TerminationRules.opening(graduationYear: cohort, today: today, opening: Termination.opening()),
                ProcessDefinitions.TerminationRule.agreementInForce.id: TerminationRules.agreementInForce(held?.held, now: now, period: Termination.period),
            ]
        }
        // 单位查看解约: the unit's accounts are told when an application reaches them.
        if key == "termination-online" {
            type.afterMove = { before, after, _, now, db in
                guard case .inReview(let step) = after.status, definition.steps[step].id == "employer-review", let unit = before.scope[.unit].flatMap(Int64.init) else { return }
                for id in try await CaseEngine.recipients(role: .employer, scope: [.unit: String(unit)], on: db) {
                    try await MessageCenter.post(to: id, title: "毕业生解约申请待贵单位确认",
                                                 body: "\(before.applicant_name)的解约申请已经学院同意，请在“解约申请”中同意解约或说明不同意的原因。",
                                                 link: "/employer/terminations", now: now, on: db)
                }
            }
        }
        // 审核通过: the agreement is void at once; the destination goes back to 待就业 by a job
        // queued in the same transaction (it needs the engine, which writes its own transaction).
        type.onApproved = { row, content, _, now, db in
            guard let agreement = content["agreement_id"].flatMap(Int64.init) else { return }
            try await db.sql.raw("UPDATE agreements SET status = 'terminated', closed_at = \(bind: now) WHERE id = \(bind: agreement) AND status = 'held'").run()
            try await db.sql.raw("""
                UPDATE invitations SET status = \(bind: InvitationStatus.terminated.rawValue), closed_at = \(bind: now)
                WHERE id = (SELECT invitation_id FROM agreements WHERE id = \(bind: agreement)) AND status = \(bind: InvitationStatus.signed.rawValue)
                """).run()
            try await Jobs.enqueue(Termination.resetJob, payload: String(row.applicant_id), runAt: now, uniqueKey: "termination-reset:\(row.applicant_id)", on: db)
        }
        return type
    }
}

/// 解约 beyond the case: counting approved ones, the opening day, and the destination's return
/// to 待就业 (求职中) as a new version once the school approves.
package enum Termination {
    package static let resetJob = "signing.termination-reset"
    /// The 签约考虑期 the rules use (the deployment's, read once).
    package static var period: Int64 { SigningSettings.configuredPeriod() }

    /// ④'s day: 12-01, or `JIUYE_TERMINATION_OPENING` ("MM-DD").
    package static func opening() -> TerminationOpening {
        Environment.get("JIUYE_TERMINATION_OPENING").flatMap(MonthDay.init(parsing:)).map(TerminationOpening.init) ?? .standard
    }

    /// Approved 解约 of the graduate, both modes.
    package static func completed(student: Int64, on db: any Database) async throws -> Int {
        var total = 0
        for table in [CaseType.terminationOnline.table, CaseType.terminationOffline.table] {
            total += try await db.sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE applicant_id = \(bind: student) AND status_key = 'approved'")
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return total
    }

    package static func register(on app: Application) {
        app.jobs.register(resetJob, label: "解约后恢复待就业") { app, payload in
            guard let student = RequestNumber.id(payload) else { return }
            try await reset(student: student, app: app)
        }
    }

    /// The graduate's 毕业去向登记 becomes 待就业 · 求职中, a new version the school entered.
    /// Does nothing when it already is (a retried job).
    package static func reset(student: Int64, app: Application) async throws {
        guard let cohort = try await app.db.sql.raw("SELECT cohort FROM students WHERE user_id = \(bind: student)").first()?.decode(column: "cohort", as: Int.self) else { return }
        let type = CaseType.destination
        let row = try await CaseEngine.create(type, applicant: student, period: String(cohort), now: app.clock.now(), on: app.db)
        if row.data[DestinationField.category.key] == TerminationOutcome.pendingDestinationCode, row.status_key == "approved" { return }
        let data = [DestinationField.category.key: TerminationOutcome.pendingDestinationCode, DestinationField.subtype.key: "70L2",
                    DestinationField.remark.key: "解约审核通过，恢复至待就业状态"]
        let acting = CaseEngine.Acting(user: nil, actor: .staff(.schoolAdmin), ip: nil, now: app.clock.now(), keys: app.keys, app: app, db: app.db)
        switch try await CaseEngine.act(type, row: row, action: .enterOnBehalf(remark: "解约审核通过，恢复至待就业状态"), data: data, acting: acting) {
        case .done: return
        case .refused(let refusal): app.logger.error("jobs: termination reset refused for a graduate: \(refusal.message)")
        case .conflict: throw Abort(.conflict, reason: "该毕业生的去向登记正被他人处理，稍后重试。")
        }
    }
}

/// The 解约 case tables: the case core columns, the graduate's place and the unit.
package struct E009Terminations: AsyncMigration {
    package var name: String { "employment-009-terminations" }

    package func prepare(on database: any Database) async throws {
        for table in ["termination_online_cases", "termination_offline_cases"] {
            try await database.schema(table)
                .caseCoreColumns()
                .field("school_id", .int64, .required)
                .field("campus_id", .int64)
                .field("college_id", .int64, .required)
                .field("major_id", .int64, .required)
                .field("class_id", .int64)
                .field("cohort", .int, .required)
                .field("level", .string, .required)
                .field("unit_id", .int64)
                .field("student_no", .string)
                .create()
            let sql = database as! any SQLDatabase
            try await sql.raw("CREATE INDEX \(unsafeRaw: "idx_\(table)_school") ON \(unsafeRaw: table)(school_id, status_key, id)").run()
            try await sql.raw("CREATE INDEX \(unsafeRaw: "idx_\(table)_college") ON \(unsafeRaw: table)(college_id, status_key, id)").run()
            try await sql.raw("CREATE INDEX \(unsafeRaw: "idx_\(table)_unit") ON \(unsafeRaw: table)(unit_id, status_key, id)").run()
            try await sql.raw("CREATE INDEX \(unsafeRaw: "idx_\(table)_applicant") ON \(unsafeRaw: table)(applicant_id)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("termination_offline_cases").delete()
        try await database.schema("termination_online_cases").delete()
    }
}
