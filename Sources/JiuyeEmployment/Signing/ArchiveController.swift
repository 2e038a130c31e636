import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 派遣信息核对 (seed 003 §3.6) under the current rules (C12): once the school opens it (its
/// 派遣信息核对 window) and the graduate's destination is approved, the graduate confirms where
/// the 档案 goes and where the 户口 moves; after that a change is a request the school admin
/// decides; the school exports the 就业方案 (audited).
package struct ArchiveController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("archive", use: page)
        routes.post("archive", use: confirm)
        routes.post("archive", "change", use: requestChange)
        routes.get("archive", "requests", use: requests)
        routes.post("archive", "requests", ":id", use: decide)
        routes.post("archive", "plan", use: plan)
    }

    struct Standing {
        let graduate: SigningStore.Graduate
        let context: ArchiveConfirmation.Context
        let unitName: String?
        let approved: Bool
        let windowRefusal: String?
        let stored: [ArchiveField: String]
        let confirmedAt: Int64?
    }

    static func values(_ sealed: String?, keys: KeyService) -> [ArchiveField: String] {
        guard let sealed, let text = try? keys.decrypt(sealed) else { return [:] }
        var values: [ArchiveField: String] = [:]
        for (key, value) in SigningStore.object(text) { if let field = ArchiveField(rawValue: key) { values[field] = value } }
        return values
    }

    static func seal(_ values: [ArchiveField: String], keys: KeyService) -> String {
        keys.encrypt(SigningStore.json(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) })))
    }

    func standing(_ req: Request) async throws -> (CurrentUser, Standing) {
        let user = try req.requireRole(.student)
        guard let graduate = try await SigningStore.graduate(user.id, keys: req.keys, on: req.db) else { throw Abort(.notFound) }
        let row = try await CaseEngine.load(.destination, applicant: user.id, period: String(graduate.cohort), on: req.db)
        let inForce = row?.inForce
        let context = ArchiveConfirmation.Context(cohort: graduate.cohort, category: inForce?[DestinationField.category.key] ?? "",
                                                  archiveInSchool: graduate.record[.archiveMoved] != "否", hukouInSchool: graduate.record[.hukouMoved] != "否")
        let refusal = try await TimeWindows.refusal(.archiveConfirmation, owner: .init(kind: .school, id: String(graduate.schoolID)), year: graduate.cohort,
                                                    now: req.now, on: req.db)
        let stored = try await req.db.sql.raw("SELECT values_cipher, confirmed_at FROM archive_confirmations WHERE student_id = \(bind: user.id)").first()
        return (user, Standing(graduate: graduate, context: context, unitName: inForce?[DestinationField.unitName.key], approved: inForce != nil,
                               windowRefusal: refusal, stored: Self.values(try stored?.decode(column: "values_cipher", as: String.self), keys: req.keys),
                               confirmedAt: try stored?.decode(column: "confirmed_at", as: Int64.self)))
    }

    @Sendable
    package func page(req: Request) async throws -> Response {
        let (user, standing) = try await standing(req)
        return try await render(req, user: user, standing: standing)
    }

    func render(_ req: Request, user: CurrentUser, standing: Standing, form: [String: String]? = nil, errors: [String: String] = [:],
                message: Flash? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        var prefill = form ?? [:]
        if form == nil, standing.confirmedAt == nil {
            let route = ArchiveRoute.defaultRoute(category: standing.context.category)
            prefill[ArchiveField.receiver.rawValue] = route.suggestedReceiver(unitName: standing.unitName) ?? ""
        }
        let requests = try await req.db.sql.raw("""
            SELECT field, new_value_cipher, reason, status, decision_note, created_at FROM archive_change_requests WHERE student_id = \(bind: user.id) ORDER BY id DESC
            """).all().map { row in
            ArchivePages.Request(id: 0, student: "", field: ArchiveField(rawValue: try row.decode(column: "field", as: String.self))?.label ?? "",
                                 value: (try? req.keys.decrypt(try row.decode(column: "new_value_cipher", as: String.self))) ?? "",
                                 reason: try row.decode(column: "reason", as: String.self), status: try row.decode(column: "status", as: String.self),
                                 note: try row.decode(column: "decision_note", as: String?.self), at: try row.decode(column: "created_at", as: Int64.self))
        }
        let route = ArchiveRoute.defaultRoute(category: standing.context.category)
        let model = ArchivePages.StudentModel(
            graduate: standing.graduate, fields: ArchiveConfirmation.visibleFields(standing.context), editable: ArchiveConfirmation.graduateFields(standing.context),
            stored: standing.stored, confirmedAt: standing.confirmedAt, open: standing.approved && standing.windowRefusal == nil,
            notice: !standing.approved ? "毕业去向登记审核通过（或网上签约审核通过）后，才能核对派遣信息。" : standing.windowRefusal,
            route: route.label, form: prefill, errors: errors, message: message, requests: requests, csrfToken: user.csrfToken)
        return req.render(ArchivePages.Student(context: req.pageContext("派遣信息核对", current: "/archive"), model: model), status: status)
    }

    /// 确认无误: every 档案 and 户口 field that applies.
    @Sendable
    package func confirm(req: Request) async throws -> Response {
        let (user, standing) = try await standing(req)
        let fields = FormFields(req)
        var form: [String: String] = [:]
        var data: [ArchiveField: String] = [:]
        for field in ArchiveConfirmation.graduateFields(standing.context) {
            form[field.rawValue] = fields.value(field.rawValue)
            data[field] = fields.value(field.rawValue)
        }
        guard standing.approved, standing.windowRefusal == nil else {
            return try await render(req, user: user, standing: standing, form: form, message: Flash(.error, standing.windowRefusal ?? "毕业去向登记审核通过后，才能核对派遣信息。"),
                                    status: .conflict)
        }
        guard standing.confirmedAt == nil else {
            return try await render(req, user: user, standing: standing, message: Flash(.error, "派遣信息已确认。如需修改，请提交修改申请，由学校管理员确认。"), status: .conflict)
        }
        switch ArchiveConfirmation.check(data, context: standing.context) {
        case .failure(let problems):
            var errors: [String: String] = [:]
            for (field, message) in problems.messages { errors[field.rawValue] = message }
            return try await render(req, user: user, standing: standing, form: form, errors: errors, message: Flash(.error, "请按提示修改后再确认。"),
                                    status: .unprocessableEntity)
        case .success(let confirmation):
            let now = req.now
            let sealed = Self.seal(confirmation.values, keys: req.keys)
            let cohort = standing.graduate.cohort
            try await req.db.writeTransaction { db in
                try await db.sql.raw("""
                    INSERT INTO archive_confirmations (student_id, school_id, cohort, values_cipher, confirmed_at, updated_at)
                    VALUES (\(bind: user.id), \(bind: standing.graduate.schoolID), \(bind: cohort), \(bind: sealed), \(bind: now), \(bind: now))
                    """).run()
                try await req.audit(.archiveConfirm, target: .user, id: user.id, changes: [.init("fields", after: String(confirmation.values.count))], on: db)
            }
            return req.seeOther("/archive", flash: Flash(.success, "派遣信息已确认。如需修改，请提交修改申请。"))
        }
    }

    @Sendable
    package func requestChange(req: Request) async throws -> Response {
        let (user, standing) = try await standing(req)
        let fields = FormFields(req)
        guard standing.confirmedAt != nil else { return req.seeOther("/archive") }
        let field = ArchiveField(rawValue: fields.value("field"))
        switch ArchiveChangeRequest.check(field: field, newValue: fields.value("value"), reason: fields.value("reason"), current: standing.stored,
                                          context: standing.context) {
        case .failure(let problems):
            let text = ArchiveChangeRequest.Part.allCases.compactMap { problems[$0] }.joined(separator: " ")
            return try await render(req, user: user, standing: standing, message: Flash(.error, text), status: .unprocessableEntity)
        case .success(let change):
            let now = req.now
            let sealed = req.keys.encrypt(change.newValue)
            try await req.db.writeTransaction { db in
                let row = try await db.sql.insert(into: "archive_change_requests")
                    .columns("student_id", "school_id", "field", "new_value_cipher", "reason", "status", "created_at")
                    .values(SQLBind(user.id), SQLBind(standing.graduate.schoolID), SQLBind(change.field.rawValue), SQLBind(sealed), SQLBind(change.reason),
                            SQLBind(ArchivePages.pending), SQLBind(now))
                    .returning("id").first()
                try await req.audit(.archiveChangeRequest, target: .user, id: user.id, changes: [
                    .init("field", after: change.field.label), .init("request", after: String(try row?.decode(column: "id", as: Int64.self) ?? 0)),
                ], on: db)
                try await SigningNotices.toSchool(standing.graduate.schoolID, title: "派遣信息修改申请", body: "有毕业生申请修改\(change.field.label)，请核实后处理。",
                                                  link: "/archive/requests", now: now, keys: req.keys, app: req.application, on: db)
            }
            return req.seeOther("/archive", flash: Flash(.success, "修改申请已提交，学校管理员确认后生效。"))
        }
    }

    // MARK: - The school

    @Sendable
    package func requests(req: Request) async throws -> Response {
        let (user, school) = try QualificationController.school(req)
        let rows = try await req.db.sql.raw("""
            SELECT r.id, r.field, r.new_value_cipher, r.reason, r.status, r.decision_note, r.created_at, u.display_name, u.student_no
            FROM archive_change_requests r JOIN users u ON u.id = r.student_id WHERE r.school_id = \(bind: school)
            ORDER BY CASE WHEN r.status = \(bind: ArchivePages.pending) THEN 0 ELSE 1 END, r.id DESC LIMIT 200
            """).all().map { row in
            ArchivePages.Request(id: try row.decode(column: "id", as: Int64.self),
                                 student: "\(try row.decode(column: "display_name", as: String.self))（\(try row.decode(column: "student_no", as: String?.self) ?? "")）",
                                 field: ArchiveField(rawValue: try row.decode(column: "field", as: String.self))?.label ?? "",
                                 value: (try? req.keys.decrypt(try row.decode(column: "new_value_cipher", as: String.self))) ?? "",
                                 reason: try row.decode(column: "reason", as: String.self), status: try row.decode(column: "status", as: String.self),
                                 note: try row.decode(column: "decision_note", as: String?.self), at: try row.decode(column: "created_at", as: Int64.self))
        }
        let cohorts = try await req.db.sql.raw("SELECT DISTINCT cohort FROM archive_confirmations WHERE school_id = \(bind: school) ORDER BY cohort DESC").all()
            .map { try $0.decode(column: "cohort", as: Int.self) }
        return req.render(ArchivePages.School(context: req.pageContext("派遣信息核对", current: "/archive/requests"),
                                              model: .init(requests: rows, cohorts: cohorts, csrfToken: user.csrfToken)))
    }

    /// 确认修改 (the new value replaces the confirmed one) or 不同意 with a note.
    @Sendable
    package func decide(req: Request) async throws -> Response {
        let (_, school) = try QualificationController.school(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await req.db.sql.raw("""
            SELECT student_id, field, new_value_cipher FROM archive_change_requests WHERE id = \(bind: id) AND school_id = \(bind: school) AND status = \(bind: ArchivePages.pending)
            """).first() else { throw Abort(.notFound) }
        let fields = FormFields(req)
        let agree = fields.value("decision") == "agree"
        let note = FormFieldText.singleLine(fields.value("note"))
        if !agree, note.isEmpty { return req.seeOther("/archive/requests", flash: Flash(.error, "不同意修改时，请填写原因。")) }
        let student = try row.decode(column: "student_id", as: Int64.self)
        guard let field = ArchiveField(rawValue: try row.decode(column: "field", as: String.self)) else { throw Abort(.notFound) }
        let value = try req.keys.decrypt(try row.decode(column: "new_value_cipher", as: String.self))
        let now = req.now
        let keys = req.keys
        let status = agree ? "已修改" : "不同意"
        try await req.db.writeTransaction { db in
            if agree, let stored = try await db.sql.raw("SELECT values_cipher FROM archive_confirmations WHERE student_id = \(bind: student)").first() {
                var values = Self.values(try stored.decode(column: "values_cipher", as: String.self), keys: keys)
                values[field] = value
                try await db.sql.raw("UPDATE archive_confirmations SET values_cipher = \(bind: Self.seal(values, keys: keys)), updated_at = \(bind: now) WHERE student_id = \(bind: student)").run()
            }
            try await db.sql.raw("""
                UPDATE archive_change_requests SET status = \(bind: status), decision_note = \(bind: note.isEmpty ? nil : note), decided_at = \(bind: now)
                WHERE id = \(bind: id)
                """).run()
            try await req.audit(.archiveChangeDecide, target: .user, id: student, changes: [.init("field", after: field.label), .init("status", after: status)], on: db)
            try await SigningNotices.toStudent(student, title: "派遣信息修改申请已处理", body: "您申请修改的\(field.label)：\(status)\(note.isEmpty ? "" : "（\(note)）")。",
                                               link: "/archive", now: now, keys: keys, app: req.application, on: db)
        }
        return req.seeOther("/archive/requests", flash: Flash(.success, "已处理：\(status)。"))
    }

    /// 就业方案 of a cohort: the confirmed graduates in the plan's columns (full personal data; audited).
    @Sendable
    package func plan(req: Request) async throws -> Response {
        let (_, school) = try QualificationController.school(req)
        guard let cohort = RequestNumber.parse(FormFields(req).value("cohort"), in: 2000...2100) else { throw Abort(.badRequest, reason: "请选择届别。") }
        let rows = try await req.db.sql.raw("""
            SELECT a.student_id, a.values_cipher FROM archive_confirmations a WHERE a.school_id = \(bind: school) AND a.cohort = \(bind: cohort) ORDER BY a.student_id
            """).all()
        try await req.audit(.archivePlanExport, target: .school, id: school, changes: [.init("cohort", after: String(cohort)), .init("rows", after: String(rows.count))], on: req.db)
        let columns = EmploymentPlanLayout.columns(cohort: cohort)
        let keys = req.keys, db = req.db
        let records = try rows.map { (try $0.decode(column: "student_id", as: Int64.self), try $0.decode(column: "values_cipher", as: String.self)) }
        return SheetExport.response(req, filename: "就业方案_\(cohort)届", format: .xlsx, personalData: .full, sheetName: "就业方案",
                                    columns: columns.map { XLSXWriter.Column($0.header) }) { sink in
            for (student, sealed) in records {
                guard let graduate = try await SigningStore.graduate(student, keys: keys, on: db) else { continue }
                let values = Self.values(sealed, keys: keys)
                let destination = try await CaseEngine.load(.destination, applicant: student, period: String(cohort), on: db)?.inForce ?? [:]
                let cells: [String] = columns.map { column in
                    if let field = column.archiveField { return values[field] ?? "" }
                    switch column {
                    case .cohort: return String(cohort)
                    case .educationLevel: return graduate.level
                    case .examineeNumber: return graduate.record[.examineeNo] ?? ""
                    case .studentNumber: return graduate.studentNo
                    case .name: return graduate.name
                    case .gender: return graduate.record[.gender] ?? ""
                    case .documentNumber: return graduate.record[.documentNumber] ?? ""
                    case .college: return graduate.college
                    case .major: return graduate.major
                    case .sourceRegion: return graduate.record[.sourceRegion] ?? ""
                    case .category: return destination[DestinationField.category.key] ?? ""
                    case .unitName: return destination[DestinationField.unitName.key] ?? ""
                    case .creditCode: return destination[DestinationField.creditCode.key] ?? ""
                    case .unitLocation: return destination[DestinationReferences.locationNameKey] ?? destination[DestinationField.unitLocation.key] ?? ""
                    default: return ""
                    }
                }
                try await sink.emit(cells.map { $0.isEmpty ? .empty : .text($0) })
            }
        }
    }
}

extension AuditAction {
    package static let archiveConfirm = AuditAction("archive.confirm", "确认派遣信息")
    package static let archiveChangeRequest = AuditAction("archive.change-request", "申请修改派遣信息")
    package static let archiveChangeDecide = AuditAction("archive.change-decide", "处理派遣信息修改申请")
    package static let archivePlanExport = AuditAction("archive.plan-export", "导出就业方案")
    package static let archive: [AuditAction] = [archiveConfirm, archiveChangeRequest, archiveChangeDecide, archivePlanExport]
}

/// 派遣信息核对: the graduate's confirmed values (sealed: addresses and phones) and the change requests.
package struct E010ArchiveConfirmations: AsyncMigration {
    package var name: String { "employment-010-archive-confirmations" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("archive_confirmations")
            .field("student_id", .int64, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("school_id", .int64, .required)
            .field("cohort", .int, .required)
            .field("values_cipher", .string, .required)
            .field("confirmed_at", .int64, .required)
            .field("updated_at", .int64, .required)
            .create()
        try await database.schema("archive_change_requests")
            .field("id", .int64, .identifier(auto: true))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("school_id", .int64, .required)
            .field("field", .string, .required)
            .field("new_value_cipher", .string, .required)
            .field("reason", .string, .required)
            .field("status", .string, .required)
            .field("decision_note", .string)
            .field("decided_at", .int64)
            .field("created_at", .int64, .required)
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_archive_confirmations_school ON archive_confirmations(school_id, cohort, student_id)").run()
        try await sql.raw("CREATE INDEX idx_archive_requests_school ON archive_change_requests(school_id, status, id)").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("archive_change_requests").delete()
        try await database.schema("archive_confirmations").delete()
    }
}
