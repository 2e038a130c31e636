import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 账号管理: name and email, password change (needs the old one), role switch.
///
/// A graduate's 姓名 is the school's 生源 record (written by 导入毕业生, 添加毕业生 and the
/// school's corrections), printed on documents and shown to staff: the graduate sees it here
/// but cannot change it. Staff accounts keep their own name.
package struct AccountController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get(use: page)
        account.post("profile", use: saveProfile)
        account.post("password", use: changePassword)
        account.post("role", use: switchRole)
    }

    package struct ProfileRow: Decodable { let display_name: String; let email: String?; let username: String?; let student_no: String?; let phone_cipher: String? }

    package func render(_ req: Request, errors: [String: String] = [:], name: String? = nil, email: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireUser()
        guard let row = try await req.db.sql.select().columns("display_name", "email", "username", "student_no", "phone_cipher").from("users")
            .where("id", .equal, SQLBind(user.id)).first(decoding: ProfileRow.self) else { throw Abort(.notFound) }
        let phone = try row.phone_cipher.map { Masking.phone(try req.keys.decrypt($0)) }
        let model = AccountPage.Model(
            account: row.username.map { ("用户名", $0) } ?? row.student_no.map { ("学号", $0) } ?? ("用户名", "—"), phone: phone ?? "未绑定",
            displayName: name ?? row.display_name, nameIsRecord: user.has(.student), email: email ?? row.email ?? "",
            roles: user.assignments.map { SelectOption(String($0.id), $0.role.label) },
            activeAssignment: user.active.map { String($0.id) },
            errors: errors, policy: PasswordPolicy().description, totpEnabled: user.totpEnabled, csrfToken: user.csrfToken)
        return req.render(AccountPage(context: req.pageContext("账号管理", breadcrumb: [Crumb("账号管理")]), model: model), status: status)
    }

    @Sendable
    package func page(req: Request) async throws -> Response { try await render(req) }

    package struct ProfileForm: Content { var displayName: String?; var email: String? }

    @Sendable
    package func saveProfile(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(ProfileForm.self)
        let recordName = user.has(.student)
        let typedName = (form.displayName ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let emailText = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var errors: [String: String] = [:]
        if recordName {
            // The form offers no name field to a graduate; a posted one must be the record's.
            if !typedName.isEmpty, typedName != user.displayName {
                throw Abort(.forbidden, reason: "姓名以学校登记的生源信息为准，不能自行修改。如有错误，请联系所在学院更正。")
            }
        } else if typedName.isEmpty || typedName.count > 50 {
            errors["displayName"] = "请输入姓名（不超过 50 个字）。"
        }
        let name = recordName ? user.displayName : typedName
        var email: String?
        if !emailText.isEmpty {
            do { email = try EmailAddress(validating: emailText).value } catch { errors["email"] = error.message }
        }
        guard errors.isEmpty else { return try await render(req, errors: errors, name: name, email: emailText, status: .unprocessableEntity) }
        let now = req.now
        let newEmail = email
        _ = now
        try await req.db.writeTransaction { db in
            // Read, then write what was read plus the change: the write transaction (BEGIN
            // IMMEDIATE on SQLite, FOR UPDATE on PostgreSQL) keeps concurrent saves from losing one.
            let before = try await db.sql.select().columns("display_name", "email", "revision").from("users")
                .where("id", .equal, SQLBind(user.id)).lockedForUpdate().first()
            let oldName = try before?.decode(column: "display_name", as: String.self)
            let oldEmail = try before?.decode(column: "email", as: String?.self)
            let revision = try before?.decode(column: "revision", as: Int64.self) ?? 0
            try await db.sql.update("users").set("display_name", to: SQLBind(name)).set("email", to: SQLBind(newEmail))
                .set("revision", to: SQLBind(revision + 1))
                .where("id", .equal, SQLBind(user.id)).run()
            var changes: [Audit.Change] = []
            if oldName != name { changes.append(.init("display_name", before: oldName, after: name)) }
            if oldEmail != newEmail { changes.append(.init("email", before: oldEmail.map(Masking.email), after: newEmail.map(Masking.email))) }
            try await req.audit(.accountProfile, target: .user, id: user.id, changes: changes, on: db)
        }
        return req.seeOther("/account", flash: Flash(.success, "个人信息已保存。"))
    }

    package struct PasswordForm: Content { var current: String?; var password: String?; var confirm: String? }

    @Sendable
    package func changePassword(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(PasswordForm.self)
        let password = form.password ?? ""
        var errors: [String: String] = [:]
        let hash = try await AccountQueries.passwordHash(userID: user.id, on: req.db)
        if await !req.application.passwords.verify(form.current ?? "", against: hash) {
            errors["current"] = "原密码不正确。"
        }
        let phone = try await AccountQueries.phone(userID: user.id, keys: req.keys, on: req.db)
        if let problem = PasswordPolicy().problems(password: password, username: user.username, phone: phone).first {
            errors["password"] = problem.message
        }
        if password != (form.confirm ?? "") { errors["confirm"] = "两次输入的新密码不一致。" }
        guard errors.isEmpty else { return try await render(req, errors: errors, status: .unprocessableEntity) }
        let newHash = try await req.application.passwords.hash(password)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await AccountQueries.setPassword(userID: user.id, hash: newHash, now: now, on: db)
            try await SessionStore.deleteAll(userID: user.id, keeping: user.sessionHash, on: db)
            try await RememberTokens.revokeAll(userID: user.id, on: db)
            try await req.audit(.accountPassword, target: .user, id: user.id, changes: [.init("password", after: "已修改")], on: db)
        }
        let response = req.seeOther("/account", flash: Flash(.success, "密码已修改，其他设备上的登录已全部退出。"))
        response.cookies[CookieName.remember] = req.expiredCookie()
        return response
    }

    package struct RoleForm: Content { var assignment: String? }

    @Sendable
    package func switchRole(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let form = try req.content.decode(RoleForm.self)
        guard let id = form.assignment.flatMap(Int64.init), let assignment = user.assignments.first(where: { $0.id == id }) else {
            throw Abort(.notFound)
        }
        try await SessionStore.setActiveAssignment(id, tokenHash: user.sessionHash, on: req.db)
        return req.seeOther("/", flash: Flash(.success, "已切换为\(assignment.role.label)身份。"))
    }
}

package struct AccountPage: HTML {
    package struct Model: Sendable {
        /// What the user logs in with: (用户名 or 学号, value).
        package var account: (String, String)
        package var phone: String
        package var displayName: String
        /// The name is the school's record (a graduate's): shown, not editable.
        package var nameIsRecord: Bool
        package var email: String
        package var roles: [SelectOption]
        package var activeAssignment: String?
        package var errors: [String: String]
        package var policy: String
        package var totpEnabled: Bool
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "基本信息") {
                if model.nameIsRecord {
                    DescriptionList([model.account, ("姓名", model.displayName)])
                    p(.class("muted")) { "姓名以学校登记的生源信息为准，如有错误请联系所在学院更正。" }
                } else {
                    DescriptionList([model.account])
                }
                form(.method("post"), .action("/account/profile"), .class("form-grid")) {
                    CSRFField(model.csrfToken)
                    if !model.nameIsRecord {
                        TextField("姓名", name: "displayName", value: model.displayName, required: true, error: model.errors["displayName"], maxLength: 50, id: "displayName")
                    }
                    TextField("电子邮箱", name: "email", value: model.email, type: "email", error: model.errors["email"], autocomplete: "email", id: "email")
                    FormActions { Button("保存信息") }
                }
            }
            if model.roles.count > 1 {
                Card(title: "切换身份") {
                    form(.method("post"), .action("/account/role"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        SelectField("当前身份", name: "assignment", options: model.roles, selected: model.activeAssignment, required: true, prompt: nil, id: "assignment")
                        FormActions { Button("切换", kind: .secondary) }
                    }
                }
            }
            Card(title: "账号安全") {
                DescriptionList([("绑定手机", model.phone), ("两步验证", model.totpEnabled ? "已启用" : "未启用（管理员和教师账号建议启用）")])
                FormActions {
                    LinkButton("更换手机号", href: "/phone/change", kind: .secondary)
                    LinkButton(model.totpEnabled ? "管理两步验证" : "启用两步验证", href: "/account/totp", kind: .secondary)
                }
            }
            Card(title: "修改密码") {
                form(.method("post"), .action("/account/password"), .class("form-grid")) {
                    CSRFField(model.csrfToken)
                    TextField("原密码", name: "current", type: "password", required: true, error: model.errors["current"], autocomplete: "current-password", id: "current")
                    TextField("新密码", name: "password", type: "password", required: true, error: model.errors["password"], hint: model.policy, autocomplete: "new-password", id: "password")
                    TextField("确认新密码", name: "confirm", type: "password", required: true, error: model.errors["confirm"], autocomplete: "new-password", id: "confirm")
                    FormActions { Button("修改密码") }
                }
            }
        }.render(into: &buffer)
    }
}
