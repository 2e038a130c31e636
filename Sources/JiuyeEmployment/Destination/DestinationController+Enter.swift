import JiuyePlatform
import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

// MARK: - 代录 (staff enter a registration on the graduate's behalf)

extension DestinationController {
    /// Staff who may enter on behalf (the definition says who) and the graduate they name by 学号, in scope.
    package func enterTarget(_ req: Request, studentNo: String?, type: CaseType = Self.type) async throws -> (CurrentUser, StudentQueries.Row?) {
        let user = try req.requireUser()
        guard let role = user.role, type.definition.entryOnBehalf[role] != nil, role != .employer else { throw Abort(.notFound) }
        guard let number = studentNo?.trimmingCharacters(in: .whitespaces).lowercased(), !number.isEmpty,
              let id = try await req.db.sql.select().column("id").from("users").where("student_no", .equal, SQLBind(number)).first()?
                  .decode(column: "id", as: Int64.self) else { return (user, nil) }
        return (user, try await StudentQueries.find(userID: id, scope: user.scope, on: req.db))
    }

    @Sendable
    package func enterPage(req: Request) async throws -> Response {
        let studentNo = req.query[String.self, at: "student"]
        let (user, student) = try await enterTarget(req, studentNo: studentNo)
        var data: [String: String] = [:]
        var lock: Int64 = -1
        if let student, let row = try await CaseEngine.load(Self.type, applicant: student.user_id, period: String(student.cohort), on: req.db) {
            data = row.data
            lock = row.lock
        }
        let notFound = studentNo != nil && student == nil ? "没有找到该学号的毕业生，或不在您的管理范围内。" : nil
        return req.render(EnterOnBehalfPage(context: req.pageContext("代为录入去向", breadcrumb: [Crumb("毕业去向登记审核", href: "/review/destination"), Crumb("代为录入")]),
                                            model: .init(studentNo: studentNo ?? "", student: student, data: data, lock: lock, errors: [:], message: notFound.map { Flash(.error, $0) },
                                                         role: user.role!, csrfToken: user.csrfToken,
                                                         access: try await EmploymentForms.rules(EmploymentForms.destination, req: req, user: user),
                                                         choices: try await DestinationChoices.load(req, data: data))))
    }

    @Sendable
    package func enter(req: Request) async throws -> Response {
        let fields = FormFields(req)
        let (user, student) = try await enterTarget(req, studentNo: fields.value("student"))
        guard let student else { throw Abort(.notFound) }
        var data: [String: String] = [:]
        for field in Self.type.fields where fields.has(field.key) { data[field.key] = fields.value(field.key) }
        let access = try await EmploymentForms.rules(EmploymentForms.destination, req: req, user: user)
        let choices = try await DestinationChoices.load(req, data: data)
        func page(_ errors: [String: String], _ message: Flash, _ status: HTTPResponseStatus) -> Response {
            req.render(EnterOnBehalfPage(context: req.pageContext("代为录入去向", breadcrumb: [Crumb("毕业去向登记审核", href: "/review/destination"), Crumb("代为录入")]),
                                         model: .init(studentNo: fields.value("student"), student: student, data: data, lock: Int64(fields.value("lock")) ?? -1,
                                                      errors: errors, message: message, role: user.role!, csrfToken: user.csrfToken, access: access, choices: choices)), status: status)
        }
        let stored = try await CaseEngine.load(Self.type, applicant: student.user_id, period: String(student.cohort), on: req.db)?.data ?? [:]
        switch try await FieldAccessControl.enforce(EmploymentForms.destination, rules: access, submitted: data, stored: stored,
                                                    subject: student.student_no ?? "", req: req) {
        case .success(let allowed): data = allowed
        case .failure(let refusal):
            data = stored
            return page([:], Flash(.error, refusal.message), .forbidden)
        }
        switch try await DestinationReferences.check(data, graduate: student.user_id, req: req) {
        case .failure(let problems): return page(problems.byField, Flash(.error, "请按提示修改后再提交。"), .unprocessableEntity)
        case .success(let checked): data = checked
        }
        let row = try await CaseEngine.create(Self.type, applicant: student.user_id, period: String(student.cohort), req: req)
        if let lock = Int64(fields.value("lock")), lock >= 0, lock != row.lock {
            return page([:], Flash(.error, "该登记已被他人处理或修改过，请重新打开后再录入。"), .conflict)
        }
        switch try await CaseEngine.act(Self.type, row: row, action: .enterOnBehalf(remark: fields.value("remark_staff").nilIfEmpty), data: data, req: req) {
        case .refused(let refusal): return page([:], Flash(.error, refusal.message), .unprocessableEntity)
        case .conflict: return page([:], Flash(.error, "该登记已被他人处理，请重新打开后再录入。"), .conflict)
        case .done(let state):
            let label = Self.type.definition.status.label(for: state, in: Self.type.definition)
            return req.seeOther("/review/destination/\(row.id)", flash: Flash(.success, "已代为录入 \(student.display_name) 的毕业去向，当前状态：\(label)。已通知本人确认。"))
        }
    }
}
