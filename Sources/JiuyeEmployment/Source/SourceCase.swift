import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit

extension CaseType {
    /// 生源信息核对 (seed 003 §3.2, seed 004 §2(1)): one case per graduate and cohort. The graduate
    /// checks the school's record and completes the contact fields; 院系审核 → 学校审核 locks it
    /// (已锁定), and the approved fields are written into the school's record. After locking,
    /// 申请修改 is a new version the school reviews.
    package static let studentSource: CaseType = {
        let columns: [ScopeDimension: String] = [.school: "school_id", .campus: "campus_id", .college: "college_id", .major: "major_id",
                                                 .class: "class_id", .cohort: "cohort", .level: "level"]
        var type = CaseType(
            key: "source",
            table: "source_cases",
            definition: ProcessDefinitions.studentSource,
            // 申请内容 first: the list's summary column says whether it is the record's check or a 修改申请.
            fields: [FieldDiff.Field("request", "申请内容")] + SourceContactForm.keys.map { FieldDiff.Field($0.rawValue, SourceContactForm.label($0), isPersonal: GraduateImport.personalKeys.contains($0)) }
                + [FieldDiff.Field("amend_field", "申请修改字段"), FieldDiff.Field("amend_text", "修改为", isPersonal: true)],
            business: .studentSource,
            display: { data in
                var shown = data
                shown["amend_value"] = nil  // the stored code; 修改为 shows it as typed
                if let key = data["amend_field"].flatMap(GraduateField.Key.init(rawValue:)) {
                    shown["amend_field"] = SourceContactForm.label(key)
                    shown["request"] = "申请修改：\(SourceContactForm.label(key))"
                } else {
                    shown["request"] = "核对生源信息"
                }
                return shown
            },
            // Every graduate of the cohort checks the record: those with no case yet count as 未提交.
            applicants: ApplicantSource(table: "students", userColumn: "user_id", scopeColumns: columns, periodColumn: "cohort"),
            scope: CaseScope(columns: columns, derived: CaseScope.stageFromLevel, counted: [.school, .college, .cohort, .level],
                             windowOwner: (.school, .school), shown: [.college, .major, .level, .cohort]),
            applicantNumber: "学号")
        type.validate = { data in
            let problems = SourceContactForm.problems(data)
            return SourceContactForm.keys.lazy.compactMap { problems[$0.rawValue] }.first
        }
        type.onApproved = { row, content, keys, _, db in
            try await SourceRecord.write(content, user: row.applicant_id, keys: keys, on: db)
        }
        return type
    }()
}

/// The school's 生源 record of one graduate (`graduate_records`: the 学籍 fields as JSON, the
/// personal ones sealed).
package enum SourceRecord {
    /// The record's fields with the personal ones opened, and the account's where the record
    /// has none (a graduate added by hand before the record was imported).
    package static func load(user: Int64, keys: KeyService, on db: any Database) async throws -> [GraduateField.Key: String] {
        let row = try await StudentQueries.base(db)
            .column(SQLAlias(SQLColumn("code", table: "m"), as: SQLIdentifier("major_code")))
            .column(SQLColumn("record_json", table: "gr"))
            .column(SQLColumn("personal_cipher", table: "gr"))
            .join(SQLAlias(SQLIdentifier("graduate_records"), as: SQLIdentifier("gr")), method: SQLJoinMethod.left,
                  on: SQLColumn("user_id", table: "gr"), .equal, SQLColumn("user_id", table: "st"))
            .where(SQLColumn("user_id", table: "st"), .equal, SQLBind(user))
            .first()
        guard let row else { return [:] }
        return try GraduateRecordExport.row(row, keys: keys).values
    }

    /// Writes approved contact fields into the record: the personal ones sealed, the others (户口/
    /// 档案是否转入学校) in the JSON. A graduate without an imported record keeps them in the case.
    package static func write(_ content: [String: String], user: Int64, keys: KeyService, on db: any Database) async throws {
        guard let row = try await db.sql.select().column("record_json").column("personal_cipher").from("graduate_records")
            .where("user_id", .equal, SQLBind(user)).first() else { return }
        func object(_ json: String?) -> [String: String] {
            guard let json, let data = json.data(using: .utf8) else { return [:] }
            return (try? JSONDecoder().decode([String: String].self, from: data)) ?? [:]
        }
        var values: [GraduateField.Key: String] = [:]
        for (key, value) in object(try row.decode(column: "record_json", as: String?.self)) { if let field = GraduateField.Key(rawValue: key) { values[field] = value } }
        if let sealed = try row.decode(column: "personal_cipher", as: String?.self) {
            for (key, value) in object(try keys.decrypt(sealed)) { if let field = GraduateField.Key(rawValue: key) { values[field] = value } }
        }
        for key in SourceContactForm.keys {
            let value = WorkflowText.trimmed(content[key.rawValue] ?? "")
            values[key] = value.isEmpty ? nil : value
        }
        if let (key, value) = SourceAmendment.requested(in: content) { values[key] = value }
        try await db.sql.update("graduate_records")
            .set("record_json", to: SQLBind(GraduateImport.json(values, personal: false)))
            .set("personal_cipher", to: SQLBind(keys.encrypt(GraduateImport.json(values, personal: true))))
            .set("ethnicity", to: SQLBind(values[.ethnicity]))
            .set("political_status", to: SQLBind(values[.politicalStatus]))
            .set("source_region", to: SQLBind(values[.sourceRegion]))
            .where("user_id", .equal, SQLBind(user))
            .run()
        // The columns lists filter by follow the record.
        try await db.sql.update("students")
            .set("source_region_code", to: SQLBind(values[.sourceRegion]))
            .set("gender", to: SQLBind(values[.gender]))
            .where("user_id", .equal, SQLBind(user))
            .run()
    }
}
