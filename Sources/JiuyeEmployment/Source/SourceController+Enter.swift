import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

// MARK: - 生源信息维护 (seed 004 §2(1): staff maintain and confirm a graduate's record)

extension SourceController {
    @Sendable
    package func enterPage(req: Request) async throws -> Response {
        let studentNo = req.query[String.self, at: "student"]
        let (user, student) = try await DestinationController().enterTarget(req, studentNo: studentNo, type: Self.type)
        var data: [String: String] = [:]
        var lock: Int64 = -1
        var record: [GraduateField.Key: String] = [:]
        if let student {
            record = try await SourceRecord.load(user: student.user_id, keys: req.keys, on: req.db)
            if let row = try await CaseEngine.load(Self.type, applicant: student.user_id, period: String(student.cohort), on: req.db) {
                data = row.data
                lock = row.lock
            }
            if data.isEmpty { data = Self.contact(of: record) }
        }
        let notFound = studentNo != nil && student == nil ? "没有找到该学号的毕业生，或不在您的管理范围内。" : nil
        return try await enterResponse(req, user: user, studentNo: studentNo ?? "", student: student, record: record, data: data, lock: lock,
                                       errors: [:], message: notFound.map { Flash(.error, $0) })
    }

    func enterResponse(_ req: Request, user: CurrentUser, studentNo: String, student: StudentQueries.Row?, record: [GraduateField.Key: String],
                       data: [String: String], lock: Int64, errors: [String: String], message: Flash?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let names = try await SourcePage.names(req)
        let access = try await EmploymentForms.rules(EmploymentForms.source, req: req, user: user)
        return req.render(SourceEnterPage(context: req.pageContext("生源信息维护", breadcrumb: [Crumb("生源信息审核", href: "/review/source"), Crumb("生源信息维护")]),
                                          model: .init(studentNo: studentNo, student: student, record: SourcePage.recordRows(record, names: names), data: data,
                                                       lock: lock, errors: errors, message: message, role: user.role!, csrfToken: user.csrfToken, access: access)),
                          status: status)
    }

    @Sendable
    package func enter(req: Request) async throws -> Response {
        let fields = FormFields(req)
        let (user, student) = try await DestinationController().enterTarget(req, studentNo: fields.value("student"), type: Self.type)
        guard let student else { throw Abort(.notFound) }
        var data: [String: String] = [:]
        for key in SourceContactForm.keys where fields.has(key.rawValue) { data[key.rawValue] = fields.value(key.rawValue) }
        let record = try await SourceRecord.load(user: student.user_id, keys: req.keys, on: req.db)
        let current = try await CaseEngine.load(Self.type, applicant: student.user_id, period: String(student.cohort), on: req.db)
        let stored = current.map(\.data).flatMap { $0.isEmpty ? nil : $0 } ?? Self.contact(of: record)
        let rules = try await EmploymentForms.rules(EmploymentForms.source, req: req, user: user)
        switch try await FieldAccessControl.enforce(EmploymentForms.source, rules: rules, submitted: data, stored: stored, subject: student.student_no ?? "", req: req) {
        case .success(let allowed): data = allowed
        case .failure(let refusal):
            return try await enterResponse(req, user: user, studentNo: fields.value("student"), student: student, record: record, data: stored,
                                           lock: Int64(fields.value("lock")) ?? -1, errors: [:], message: Flash(.error, refusal.message), status: .forbidden)
        }
        func page(_ errors: [String: String], _ message: Flash, _ status: HTTPResponseStatus) async throws -> Response {
            try await enterResponse(req, user: user, studentNo: fields.value("student"), student: student, record: record, data: data,
                                    lock: Int64(fields.value("lock")) ?? -1, errors: errors, message: message, status: status)
        }
        let problems = SourceContactForm.problems(data)
        if !problems.isEmpty { return try await page(problems, Flash(.error, "请按提示修改后再保存。"), .unprocessableEntity) }
        let row = try await CaseEngine.create(Self.type, applicant: student.user_id, period: String(student.cohort), req: req)
        if let lock = Int64(fields.value("lock")), lock >= 0, lock != row.lock {
            return try await page([:], Flash(.error, "该记录已被他人处理或修改过，请重新打开后再维护。"), .conflict)
        }
        switch try await CaseEngine.act(Self.type, row: row, action: .enterOnBehalf(remark: fields.value("remark_staff").nilIfEmpty),
                                        data: SourceContactForm.normalized(data) ?? data, req: req) {
        case .refused(let refusal): return try await page([:], Flash(.error, refusal.message), .unprocessableEntity)
        case .conflict: return try await page([:], Flash(.error, "该记录已被他人处理，请重新打开后再维护。"), .conflict)
        case .done(let state):
            let label = Self.type.definition.status.label(for: state, in: Self.type.definition)
            return req.seeOther("/review/source/\(row.id)", flash: Flash(.success, "已维护 \(student.display_name) 的生源信息，当前状态：\(label)。"))
        }
    }
}

package struct SourceEnterPage: HTML {
    package struct Model: Sendable {
        package var studentNo: String
        package var student: StudentQueries.Row?
        package var record: [(String, String)]
        package var data: [String: String]
        package var lock: Int64
        package var errors: [String: String]
        package var message: Flash?
        package var role: Role
        package var csrfToken: String
        package var access: FieldAccessRules
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "生源信息维护") {
                p(.class("muted")) {
                    model.role == .schoolAdmin
                        ? "学校维护的生源信息直接为“学校审核通过”（已锁定），并写入毕业生生源信息。"
                        : "辅导员或院系维护的生源信息为“院系审核通过”（已锁定），提交学校审核。"
                }
                if let message = model.message { Alert(message) }
                form(.method("get"), .action("/source/enter"), .class("filter-inline")) {
                    TextField("学号", name: "student", value: model.studentNo, required: true, id: "student-lookup")
                    Button("查找", kind: .secondary)
                }
                if let student = model.student {
                    h3 { "\(student.display_name) 的个人信息与生源信息" }
                    DescriptionList(model.record)
                    form(.method("post"), .action("/source/enter"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("student"), .value(student.student_no ?? ""))
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        SourceContactFields(data: model.data, errors: model.errors, access: model.access)
                        TextField("维护说明", name: "remark_staff", hint: "如：根据毕业生提供的材料更正联系方式", maxLength: 200, id: "remark_staff")
                        FormActions { Button("保存并确认") }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
