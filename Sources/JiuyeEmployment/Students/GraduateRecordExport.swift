import JiuyePlatform
import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 毕业生名单 exported with every 生源 column, in the import template's order and titles, so the
/// file can be edited and imported again (`/students/export?columns=all`, school admin only).
/// Coded fields are written by name (学历 本科生毕业, 民族 汉族), which the import resolves; a
/// graduate without an imported record gets the columns the account holds. Personal fields are
/// masked unless the school admin asks for them in full (`full=1`); a masked file cannot be
/// imported again (its 证件号码 are masked), the full one can.
package enum GraduateRecordExport {
    package static let filename = "毕业生生源信息"

    /// The national tables of the coded fields: code → name.
    package static func names(_ app: Application, on db: any Database) async throws -> [GraduateField.Key: [String: String]] {
        var names: [GraduateField.Key: [String: String]] = [:]
        for field in GraduateRecordForm.standard.fields {
            guard case .code(let table) = field.kind, table != .major, let key = GraduateImport.tableKeys[table] else { continue }
            names[field.key] = try await app.codeBooks.book(key, on: db).mapValues(\.name)
        }
        return names
    }

    package struct Row: Sendable {
        package let userID: Int64
        package let values: [GraduateField.Key: String]
    }

    /// One graduate's fields: the record as imported (personal ones opened), else the account's.
    package static func row(_ sql: any SQLRow, keys: KeyService) throws -> Row {
        var values: [GraduateField.Key: String] = [:]
        func merge(_ json: String?) {
            guard let json, let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return }
            for (key, value) in object { if let field = GraduateField.Key(rawValue: key) { values[field] = value } }
        }
        merge(try sql.decode(column: "record_json", as: String?.self))
        if let sealed = try sql.decode(column: "personal_cipher", as: String?.self) { merge(try keys.decrypt(sealed)) }
        func fill(_ key: GraduateField.Key, _ value: String?) {
            if values[key] == nil, let value, !value.isEmpty { values[key] = value }
        }
        fill(.name, try sql.decode(column: "display_name", as: String.self))
        fill(.studentNo, try sql.decode(column: "student_no", as: String?.self))
        fill(.gender, try sql.decode(column: "gender", as: String?.self))
        fill(.college, try sql.decode(column: "college_name", as: String.self))
        fill(.className, try sql.decode(column: "class_name", as: String?.self))
        fill(.majorCode, try sql.decode(column: "major_code", as: String.self))
        fill(.majorName, try sql.decode(column: "major_name", as: String.self))
        fill(.cohort, String(try sql.decode(column: "cohort", as: Int.self)))
        fill(.documentNumber, try sql.decode(column: "id_number_cipher", as: String?.self).map { try keys.decrypt($0) })
        fill(.phone, try sql.decode(column: "phone_cipher", as: String?.self).map { try keys.decrypt($0) })
        return Row(userID: try sql.decode(column: "user_id", as: Int64.self), values: values)
    }

    /// A cell as exported: coded fields by name, personal fields masked unless `full`.
    package static func cell(_ key: GraduateField.Key, _ value: String?, names: [GraduateField.Key: [String: String]], full: Bool) -> Cell {
        guard let value, !value.isEmpty else { return .empty }
        if let name = names[key]?[value] { return .text(name) }
        guard !full, GraduateImport.personalKeys.contains(key) else { return .text(value) }
        switch key {
        case .documentNumber: return .text(Masking.idNumber(value))
        case .phone, .homePhone: return .text(Masking.phone(value))
        case .email: return .text(Masking.email(value))
        default: return .text("***")
        }
    }

    package static func response(_ req: Request, filter: StudentQueries.Filter, format: ExportFormat, full: Bool) async throws -> Response {
        let user = try req.requireRole(.schoolAdmin)
        let scope = user.scope, keys = req.keys, db = req.db
        try await req.db.writeTransaction { tx in
            try await req.audit(.exportStudents, target: .students, id: nil, changes: [
                .init("format", after: format.rawValue), .init("full", after: full ? "完整个人信息" : "已脱敏"), .init("columns", after: "全部生源信息列"),
                .init("filter", after: [filter.cohort.map { "届别=\($0)" }, filter.level.map { "学历=\($0)" }, filter.collegeID.map { "院系=\($0)" },
                                        filter.keyword.flatMap { $0.isEmpty ? nil : "关键字" }].compactMap { $0 }.joined(separator: "，")),
            ], on: tx)
        }
        let fields = GraduateRecordForm.standard.fields
        let names = try await names(req.application, on: db)
        return SheetExport.response(req, filename: filename, format: format, personalData: full ? .full : .masked, sheetName: "毕业生",
                                    columns: fields.map { XLSXWriter.Column($0.label) }) { sink in
            try await sink.emitPages({ (after: Int64?) in
                var query = StudentQueries.apply(filter, to: StudentQueries.base(db), keys: keys)
                    .column(SQLAlias(SQLColumn("code", table: "m"), as: SQLIdentifier("major_code")))
                    .column(SQLColumn("record_json", table: "gr"))
                    .column(SQLColumn("personal_cipher", table: "gr"))
                    .join(SQLAlias(SQLIdentifier("graduate_records"), as: SQLIdentifier("gr")), method: SQLJoinMethod.left,
                          on: SQLColumn("user_id", table: "gr"), .equal, SQLColumn("user_id", table: "st"))
                    .scoped(to: scope, columns: ScopeFilter.studentColumns)
                if let after { query = query.where(SQLColumn("user_id", table: "st"), .lessThan, SQLBind(after)) }
                return try await query.orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "st"), direction: SQLDirection.descending))
                    .limit(SheetExport.pageSize).all().map { try row($0, keys: keys) }
            }, next: { rows, _ in rows[rows.count - 1].userID }) { row in
                fields.map { cell($0.key, row.values[$0.key], names: names, full: full) }
            }
        }
    }
}

/// Under 毕业生名单 (school admin): the export with every 生源 column, masked or in full.
package struct GraduateRecordExportLinks: HTML {
    package let query: [(String, String)]

    package func render(into buffer: inout HTMLBuffer) {
        let base = query.filter { $0.0 != "page" && $0.0 != "after" } + [("columns", "all"), ("format", "xlsx")]
        p(.class("muted export-all")) {
            "导出全部生源信息列（与导入模板的列相同，修改后可再次导入）："
            a(.href("/students/export?" + QueryString.make(base)), .init("download", nil)) { "脱敏" }
            " · "
            a(.href("/students/export?" + QueryString.make(base + [("full", "1")])), .init("download", nil),
              .data("data-confirm", "导出的文件将包含完整证件号码、手机号等个人信息，请妥善保管。确定导出？")) { "含完整个人信息" }
        }.render(into: &buffer)
    }
}
