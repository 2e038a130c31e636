import Fluent
import JiuyeDomain
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// A form whose fields the school may make read-only or hidden per role (字段权限), declared by
/// the module that owns it (`Module.fieldForms`): 生源信息, 毕业去向登记 ….
package struct FieldForm: Sendable {
    package var key: String
    package var label: String
    /// The fields in form order: key and Chinese label.
    package var fields: [(key: String, label: String)]
    /// The roles the school sets access for (the school admin itself always edits).
    package var roles: [Role]

    package init(key: String, label: String, fields: [(key: String, label: String)], roles: [Role]) {
        self.key = key
        self.label = label
        self.fields = fields
        self.roles = roles
    }

    package var fieldKeys: [String] { fields.map(\.key) }
    package func label(of field: String) -> String { fields.first { $0.key == field }?.label ?? field }
}

/// The modules' forms, registered at start-up.
package final class FieldForms: Sendable {
    private let forms = NIOLockedValueBox<[FieldForm]>([])

    package var all: [FieldForm] { forms.withLockedValue { $0 } }
    package func named(_ key: String) -> FieldForm? { all.first { $0.key == key } }
    package func add(_ new: [FieldForm]) { forms.withLockedValue { list in for form in new { list.removeAll { $0.key == form.key }; list.append(form) } } }
}

extension Application {
    private struct FieldFormsKey: StorageKey { typealias Value = FieldForms }
    package var fieldForms: FieldForms {
        if let forms = storage[FieldFormsKey.self] { return forms }
        let forms = FieldForms()
        storage[FieldFormsKey.self] = forms
        return forms
    }
}

/// Reading and enforcing 字段权限.
package enum FieldAccessControl {
    /// `role`'s access to `form`'s fields at `school`. The school admin always edits.
    package static func rules(_ form: FieldForm, role: Role, school: Int64, on db: any Database) async throws -> FieldAccessRules {
        guard form.roles.contains(role) else { return .allEditable }
        var modes: [String: FieldAccess] = [:]
        for row in try await db.sql.select().columns("field_key", "access").from("field_access")
            .where("school_id", .equal, SQLBind(school)).where("form_key", .equal, SQLBind(form.key)).where("role", .equal, SQLBind(role.rawValue)).all() {
            if let access = FieldAccess(rawValue: try row.decode(column: "access", as: String.self)) {
                modes[try row.decode(column: "field_key", as: String.self)] = access
            }
        }
        return FieldAccessRules(modes)
    }

    /// Every role's settings of `form` at `school`: role → field → access.
    package static func settings(_ form: FieldForm, school: Int64, on db: any Database) async throws -> [Role: [String: FieldAccess]] {
        var settings: [Role: [String: FieldAccess]] = [:]
        for row in try await db.sql.select().columns("field_key", "role", "access").from("field_access")
            .where("school_id", .equal, SQLBind(school)).where("form_key", .equal, SQLBind(form.key)).all() {
            guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)),
                  let access = FieldAccess(rawValue: try row.decode(column: "access", as: String.self)) else { continue }
            settings[role, default: [:]][try row.decode(column: "field_key", as: String.self)] = access
        }
        return settings
    }

    /// A submission checked against the rules: the data to store, or the Chinese refusal after
    /// the attempt is written to the operation log (a crafted request changed a grey or hidden field).
    package static func enforce(_ form: FieldForm, rules: FieldAccessRules, submitted: [String: String], stored: [String: String],
                                subject: String, req: Request) async throws -> Result<[String: String], Refusal> {
        let outcome = rules.apply(submitted: submitted, stored: stored, fields: form.fieldKeys)
        guard !outcome.violations.isEmpty else { return .success(outcome.data) }
        let labels = outcome.violations.map(form.label(of:))
        try await req.db.writeTransaction { db in
            try await req.audit(.fieldAccessRefused, target: .fieldAccess, id: nil, changes: [
                .init("form", after: form.label), .init("student", after: subject), .init("refused_fields", after: labels.joined(separator: "、")),
            ], on: db)
        }
        return .failure(Refusal(.forbidden, "「\(labels.joined(separator: "、"))」由学校设置为不可修改，本次提交未保存。如需修改，请联系学校就业部门。"))
    }
}
