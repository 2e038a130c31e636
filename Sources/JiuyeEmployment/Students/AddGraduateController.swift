import JiuyePlatform
import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 学校-添加毕业生 one at a time (seed 003 §3.2.1), beside the spreadsheet import: the same
/// 生源 fields, the same rules (`GraduateImport.checkOne`, the import's row rules and the school's
/// 院系与专业), the same insert and the same refusals of an existing 学号, 手机号 or 证件号码.
/// 生源所在地 is chosen province → city (a GET step, so no JavaScript is needed) → county.
package struct AddGraduateController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("students", "new", use: form)
        routes.post("students", "new", use: create)
    }

    @Sendable
    package func form(req: Request) async throws -> Response {
        let (user, school) = try ImportController().school(req)
        let values = ["province": req.query[String.self, at: "province"] ?? "", "city": req.query[String.self, at: "city"] ?? ""]
        return try await render(req, user: user, school: school, values: values, errors: [:])
    }

    @Sendable
    package func create(req: Request) async throws -> Response {
        let (user, school) = try ImportController().school(req)
        let fields = FormFields(req)
        var values: [String: String] = [:]
        for key in GraduateField.Key.allCases { values[key.rawValue] = fields.value(key.rawValue) }
        for key in ["province", "city"] { values[key] = fields.value(key) }
        let record = values.filter { GraduateField.Key(rawValue: $0.key) != nil && !$0.value.isEmpty }
        let keys = req.keys, now = req.now, app = req.application
        var checked = try await GraduateImport.checkOne(record, school: school, app: app, on: req.db, keys: keys)
        let studentNo = checked.prepared.first?.record.studentNo ?? ""
        let name = checked.prepared.first?.record.name ?? ""
        let actor = user, ip = req.clientAddress
        let added = try await GraduateImport.importChecked(&checked, school: school, keys: keys, now: now, on: req.db) { db in
            try await Audit.record(.studentCreate, target: .student, id: studentNo, changes: [.init("student_no", after: studentNo), .init("name", after: name)],
                                   actor: actor, ip: ip, now: now, keys: keys, on: db)
        }
        if added { req.application.studentCounts.invalidate() }
        guard added else {
            let labels = Dictionary(GraduateRecordForm.standard.fields.map { ($0.label, $0.key.rawValue) }, uniquingKeysWith: { a, _ in a })
            var errors: [String: String] = [:]
            for problem in checked.problems {
                let key = labels[problem.column] ?? "form"
                errors[key] = errors[key].map { $0 + " " + problem.message } ?? problem.message
            }
            return try await render(req, user: user, school: school, values: values, errors: errors, status: .unprocessableEntity)
        }
        return req.seeOther("/students?q=" + QueryString.encode(studentNo),
                            flash: Flash(.success, "已添加毕业生 \(name)（学号 \(studentNo)）。首次登录时用学号和证件号码激活账号并设置密码。"))
    }

    package func render(_ req: Request, user: CurrentUser, school: Int64, values: [String: String], errors: [String: String],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let db = req.db, books = req.application.codeBooks
        func options(_ key: String) async throws -> [SelectOption] {
            try await books.book(key, on: db).sorted { $0.key < $1.key }.map { SelectOption($0.key, "\($0.key) \($0.value.name)") }
        }
        let colleges = try await db.sql.raw("SELECT name FROM colleges WHERE school_id = \(bind: school) ORDER BY name").all()
            .map { SelectOption(try $0.decode(column: "name", as: String.self), try $0.decode(column: "name", as: String.self)) }
        let picker = try await OrgQueries.picker(province: values["province"], city: values["city"], county: values[GraduateField.Key.sourceRegion.rawValue], on: db)
        let model = AddGraduatePage.Model(
            values: values, errors: errors, picker: picker, colleges: colleges,
            codeOptions: [.educationLevel: try await options("education_levels"), .documentType: try await options("document_types"),
                          .ethnicity: try await options("ethnic_groups"), .politicalStatus: try await options("political_statuses")],
            csrfToken: user.csrfToken)
        let context = req.pageContext("添加毕业生", breadcrumb: [Crumb("毕业生名单", href: "/students"), Crumb("添加毕业生")])
        return req.render(AddGraduatePage(context: context, model: model), status: status)
    }
}
