import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 字段权限设置: the school admin sets, per form, field and role, whether the field is editable,
/// read-only (shown grey) or hidden. Every change is audited.
package struct FieldAccessController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("admin", "fields", use: page)
        routes.post("admin", "fields", use: save)
    }

    func school(_ user: CurrentUser) throws -> Int64 {
        guard user.role == .schoolAdmin, let school = user.active?.values[.school]?.first.flatMap(Int64.init) else { throw Abort(.notFound) }
        return school
    }

    func form(_ req: Request, _ key: String?) throws -> FieldForm {
        let forms = req.application.fieldForms.all
        guard let form = key.flatMap(req.application.fieldForms.named) ?? (key == nil ? forms.first : nil) else { throw Abort(.notFound) }
        return form
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let school = try school(user)
        let form = try form(req, req.query[String.self, at: "form"])
        return try await render(req, user: user, school: school, form: form, message: nil)
    }

    func render(_ req: Request, user: CurrentUser, school: Int64, form: FieldForm, message: Flash?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let settings = try await FieldAccessControl.settings(form, school: school, on: req.db)
        let model = FieldAccessPage.Model(forms: req.application.fieldForms.all.map { ($0.key, $0.label) }, form: form, settings: settings,
                                          message: message, csrfToken: user.csrfToken)
        return req.render(FieldAccessPage(context: req.pageContext("字段权限设置", breadcrumb: [Crumb("字段权限设置")]), model: model), status: status)
    }

    /// The whole grid of one form at once: one select per field and role, named "role:field".
    @Sendable
    func save(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let school = try school(user)
        let fields = FormFields(req)
        let form = try form(req, fields.value("form"))
        let before = try await FieldAccessControl.settings(form, school: school, on: req.db)
        var changes: [Audit.Change] = []
        var wanted: [(Role, String, FieldAccess)] = []
        for role in form.roles {
            for field in form.fields {
                let sent = fields.value("\(role.rawValue):\(field.key)")
                guard let access = FieldAccess(rawValue: sent.isEmpty ? FieldAccess.editable.rawValue : sent) else {
                    return try await render(req, user: user, school: school, form: form, message: Flash(.error, "权限取值无效，请从列表中选择。"), status: .unprocessableEntity)
                }
                let old = before[role]?[field.key] ?? .editable
                if old != access {
                    wanted.append((role, field.key, access))
                    changes.append(.init("\(role.label)·\(field.label)", before: old.label, after: access.label))
                }
            }
        }
        guard !wanted.isEmpty else {
            return req.seeOther("/admin/fields?form=\(form.key)", flash: Flash(.info, "没有改动。"))
        }
        let now = req.now
        let decided = wanted, changed = changes
        try await req.db.writeTransaction { db in
            for (role, field, access) in decided {
                try await db.sql.delete(from: "field_access").where("school_id", .equal, SQLBind(school)).where("form_key", .equal, SQLBind(form.key))
                    .where("field_key", .equal, SQLBind(field)).where("role", .equal, SQLBind(role.rawValue)).run()
                if access != .editable {
                    try await db.sql.insert(into: "field_access").columns("school_id", "form_key", "field_key", "role", "access", "updated_by", "updated_at")
                        .values(SQLBind(school), SQLBind(form.key), SQLBind(field), SQLBind(role.rawValue), SQLBind(access.rawValue), SQLBind(user.id), SQLBind(now))
                        .run()
                }
            }
            try await req.audit(.fieldAccessSet, target: .fieldAccess, id: form.key, changes: [.init("form", after: form.label)] + changed, on: db)
        }
        return req.seeOther("/admin/fields?form=\(form.key)", flash: Flash(.success, "已保存 \(wanted.count) 项字段权限。"))
    }
}

package struct FieldAccessPage: HTML {
    package struct Model: Sendable {
        package var forms: [(key: String, label: String)]
        package var form: FieldForm
        package var settings: [Role: [String: FieldAccess]]
        package var message: Flash?
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let shown = model.form
        Layout(context) {
            Card(title: "字段权限设置") {
                p(.class("muted")) {
                    "按角色设置各表单字段：可编辑、只读（页面中显示为灰色，不能修改）或隐藏（不显示）。学校管理员始终可以编辑。设置只对本校生效，每次修改都记入操作日志。"
                }
                if let message = model.message { Alert(message) }
                ul(.class("status-counts")) {
                    ForEach(model.forms) { item in
                        li { a(.href("/admin/fields?form=\(item.key)"), .ariaCurrent(item.key == shown.key ? "page" : "false")) { item.label } }
                    }
                }
                form(.method("post"), .action("/admin/fields"), .class("field-access-form")) {
                    CSRFField(model.csrfToken)
                    input(.type("hidden"), .name("form"), .value(shown.key))
                    div(.class("table-wrap")) {
                        table(.class("data-table field-access")) {
                            thead { tr { th { "字段" }; ForEach(shown.roles) { role in th { role.label } } } }
                            tbody {
                                ForEach(shown.fields.map { $0 }) { field in
                                    tr {
                                        th(.scope("row")) { field.label }
                                        ForEach(shown.roles) { role in
                                            td(.data("data-label", role.label)) {
                                                let current = model.settings[role]?[field.key] ?? .editable
                                                Element("select", [.name("\(role.rawValue):\(field.key)"), .init("aria-label", "\(role.label)·\(field.label)")],
                                                        content: ForEach(FieldAccess.allCases) { access in
                                                            Element("option", access == current ? [.value(access.rawValue), .selected] : [.value(access.rawValue)],
                                                                    content: Text(access.label))
                                                        })
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    FormActions { Button("保存") }
                }
            }
        }.render(into: &buffer)
    }
}
