import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 用户管理 / 人员与权限: platform admins manage every account; a school admin manages its
/// own school's counselors, college admins and grassroots reviewers.
package struct UsersAdminController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        let users = routes.grouped("admin", "users")
        users.get(use: list)
        users.get("export", use: export)
        users.get("new", use: newUser)
        users.get(":id", use: show)
        // Every write empties the list's kept totals (accounts added elsewhere show within 30 s).
        let writes = users.grouped(KeptCountsInvalidation(prefix: "users|"))
        writes.post(use: create)
        writes.post(":id", "disable", use: { try await setActive($0, false) })
        writes.post(":id", "enable", use: { try await setActive($0, true) })
        writes.post(":id", "unlock", use: unlock)
        writes.post(":id", "reset-password", use: resetPassword)
        writes.post(":id", "assignments", use: addAssignment)
        writes.post(":id", "assignments", ":assignment", "delete", use: removeAssignment)
    }

    package func context(_ req: Request) throws -> (CurrentUser, AdminReach) {
        let user = try req.requireUser()
        return (user, try AdminReach.of(user))
    }

    package func target(_ req: Request, reach: AdminReach) async throws -> UserAdminQueries.Detail {
        guard let id = req.parameters.get("id").flatMap(Int64.init),
              let detail = try await UserAdminQueries.find(id, reach: reach, on: req.db) else { throw Abort(.notFound) }
        return detail
    }

    // MARK: list

    package func filter(_ req: Request) -> UserAdminQueries.Filter {
        let query = QueryString.parse(req.url.query)
        var filter = UserAdminQueries.Filter()
        filter.keyword = query["q"]?.trimmingCharacters(in: .whitespaces)
        filter.role = query["role"].flatMap(Role.init(rawValue:))
        filter.page = PageNumber.parse(query["page"])
        return filter
    }

    /// 导出 the accounts within reach with the list's filters (手机号 masked), audited.
    @Sendable
    package func export(req: Request) async throws -> Response {
        let (_, reach) = try context(req)
        var asked = filter(req)
        asked.pageSize = 1_000
        asked.page = 1
        let filter = asked
        let format = SheetExport.format(req)
        try await req.db.writeTransaction { db in
            try await req.audit(.exportUsers, target: .users, id: nil, changes: [
                .init("format", after: format.rawValue), .init("filter", after: [filter.role.map { "角色=\($0.label)" }, filter.keyword.flatMap { $0.isEmpty ? nil : "关键字" }]
                    .compactMap { $0 }.joined(separator: "，")),
            ], on: db)
        }
        let db = req.db, keys = req.keys
        let columns: [XLSXWriter.Column] = [.init("用户名/学号", width: 16), .init("姓名", width: 12), .init("手机号", width: 14), .init("角色", width: 30), .init("状态", width: 8)]
        return SheetExport.response(req, filename: "用户名单", format: format, personalData: .masked, sheetName: "用户", columns: columns) { sink in
            var page = filter
            while true {
                let result = try await UserAdminQueries.list(reach, filter: page, on: db, keys: keys)
                for row in result.rows {
                    try await sink.emit([.text(row.username ?? row.student_no), .text(row.display_name),
                                         .text(try row.phone_cipher.map { Masking.phone(try keys.decrypt($0)) }),
                                         .text((result.roles[row.id] ?? []).map(\.label).joined(separator: "、")), .text(row.is_active ? "正常" : "已停用")])
                }
                guard result.rows.count == page.pageSize else { break }
                page.page += 1
            }
        }
    }

    @Sendable
    package func list(req: Request) async throws -> Response {
        let (_, reach) = try context(req)
        let filter = filter(req)
        let result = try await UserAdminQueries.list(reach, filter: filter, on: req.db, keys: req.keys, counts: req.application.keptCounts, now: req.now)
        let items = try result.rows.map { row in
            UserListPage.Item(id: row.id, username: row.username ?? row.student_no ?? "—", name: row.display_name,
                              phone: try row.phone_cipher.map { Masking.phone(try req.keys.decrypt($0)) } ?? "—",
                              roles: (result.roles[row.id] ?? []).map(\.label), active: row.is_active)
        }
        let model = UserListPage.Model(items: items, total: result.total, filter: filter,
                                       roleOptions: Role.allCases.map { SelectOption($0.rawValue, $0.label) },
                                       query: [("q", filter.keyword ?? ""), ("role", filter.role?.rawValue ?? "")].filter { !$0.1.isEmpty })
        return req.render(UserListPage(context: req.pageContext(reach.schoolID == nil ? "用户管理" : "人员与权限", breadcrumb: [Crumb("用户管理")]), model: model))
    }

    // MARK: create

    @Sendable
    package func newUser(req: Request) async throws -> Response {
        let (user, reach) = try context(req)
        var scope = ScopeForm()
        scope.role = req.query[String.self, at: "role"].flatMap(Role.init(rawValue:))
        scope.schoolID = reach.schoolID ?? req.query[String.self, at: "school"].flatMap(Int64.init)
        return try await renderNew(req, user: user, reach: reach, fields: [:], scope: scope, errors: [:])
    }

    package func renderNew(_ req: Request, user: CurrentUser, reach: AdminReach, fields: [String: String], scope: ScopeForm, errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let options = try await UserAdminQueries.options(schoolID: scope.schoolID, on: req.db)
        let model = NewUserPage.Model(fields: fields, errors: errors, scope: scope, reach: reach, options: options,
                                      cohorts: ScopeForm.cohorts(now: req.now), csrfToken: user.csrfToken, policy: PasswordPolicy().description)
        return req.render(NewUserPage(context: req.pageContext("新建账号", breadcrumb: [Crumb("用户管理", href: "/admin/users"), Crumb("新建账号")]), model: model), status: status)
    }

    @Sendable
    package func create(req: Request) async throws -> Response {
        let (user, reach) = try context(req)
        let form = FormFields(req)
        let fields = ["username": form.value("username"), "displayName": form.value("displayName"), "phone": form.value("phone"),
                      "email": form.value("email")]
        var errors: [String: String] = [:]
        let parsedUsername: Username?
        do { parsedUsername = try Username(validating: fields["username"]!) } catch { parsedUsername = nil; errors["username"] = error.message }
        let username = parsedUsername?.value ?? fields["username"]!.lowercased()
        if fields["displayName"]!.isEmpty || fields["displayName"]!.count > 50 { errors["displayName"] = "请输入姓名（不超过 50 个字）。" }
        var phone: String?
        if !fields["phone"]!.isEmpty {
            do { phone = try MobilePhone(validating: fields["phone"]!).value } catch { errors["phone"] = error.message }
        }
        var email: String?
        if !fields["email"]!.isEmpty {
            do { email = try EmailAddress(validating: fields["email"]!).value } catch { errors["email"] = error.message }
        }
        var password = form.value("password")
        let generated = password.isEmpty
        if generated { password = Bootstrap.generatedPassword() }
        if let problem = PasswordPolicy().problems(password: password, username: username, phone: phone).first { errors["password"] = problem.message }
        let scope = ScopeForm.parse(form, reach: reach)
        // A school admin's new account must carry a role in the school, or it would be out of reach.
        if scope.role != nil || reach.schoolID != nil, let problem = try await scope.validate(reach: reach, on: req.db) {
            errors["role"] = problem
        }
        guard errors.isEmpty else {
            return try await renderNew(req, user: user, reach: reach, fields: fields, scope: scope, errors: errors, status: .unprocessableEntity)
        }
        let hash = try await req.application.passwords.hash(password)
        let now = req.now
        let newUser = AccountQueries.NewUser(username: username, displayName: fields["displayName"]!, email: email, passwordHash: hash, phone: phone)
        let userID: Int64
        do {
            userID = try await req.db.writeTransaction { db in
                let id = try await AccountQueries.create(newUser, keys: req.keys, now: now, on: db)
                var changes: [Audit.Change] = [.init("username", after: username), .init("display_name", after: newUser.displayName)]
                if let phone = newUser.phone { changes.append(.init("phone", after: Masking.phone(phone))) }
                if let role = scope.role {
                    _ = try await AccountQueries.addAssignment(userID: id, role: role, scope: scope.values, createdBy: user.id, now: now, on: db)
                    changes.append(.init("role", after: ScopeDescription.text(role: role, values: scope.values)))
                }
                try await req.audit(.userCreate, target: .user, id: id, changes: changes, on: db)
                return id
            }
        } catch let abort as any AbortError where abort.status == .conflict {
            errors["username"] = abort.reason
            return try await renderNew(req, user: user, reach: reach, fields: fields, scope: scope, errors: errors, status: .unprocessableEntity)
        }
        if generated {
            return req.render(PasswordIssuedPage(context: req.pageContext("账号已创建", breadcrumb: [Crumb("用户管理", href: "/admin/users"), Crumb("账号已创建")]),
                                                 title: "账号已创建", username: username, password: password, userID: userID))
        }
        return req.seeOther("/admin/users/\(userID)", flash: Flash(.success, "账号 \(username) 已创建。"))
    }

    // MARK: detail

    @Sendable
    package func show(req: Request) async throws -> Response {
        let (user, reach) = try context(req)
        let detail = try await target(req, reach: reach)
        var scope = ScopeForm()
        scope.role = req.query[String.self, at: "role"].flatMap(Role.init(rawValue:))
        scope.schoolID = reach.schoolID ?? req.query[String.self, at: "school"].flatMap(Int64.init)
        return try await renderShow(req, user: user, reach: reach, detail: detail, scope: scope, error: nil)
    }

    package func renderShow(_ req: Request, user: CurrentUser, reach: AdminReach, detail: UserAdminQueries.Detail, scope: ScopeForm, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let assignments = try await UserAdminQueries.assignments(userID: detail.id, on: req.db)
        var described: [UserDetailPage.AssignmentItem] = []
        for assignment in assignments {
            let names = try await ScopeNames.describe(assignment.values, on: req.db)
            // A school admin may remove only the roles it may grant, in its own school.
            let removable = reach.grantable.contains(assignment.role)
                && (reach.schoolID == nil || assignment.values[.school] == [String(reach.schoolID!)])
            described.append(.init(id: assignment.id, role: assignment.role.label,
                                   scope: names.map { "\($0.0)：\($0.1)" }.joined(separator: "；"), removable: removable))
        }
        let lock = try await UserAdminQueries.lockState(userID: detail.id, unlockedAt: detail.unlocked_at, now: req.now,
                                                        policy: req.application.settings.lockoutPolicy, on: req.db)
        let lockText: String
        switch lock {
        case .lockedEverywhere(let until): lockText = "已锁定（\(ChinaTime.dateTime(until)) 自动解锁）"
        default: lockText = "未锁定"
        }
        let options = try await UserAdminQueries.options(schoolID: scope.schoolID, on: req.db)
        let model = UserDetailPage.Model(
            id: detail.id, username: detail.username ?? detail.student_no ?? "—", name: detail.display_name,
            email: detail.email.map(Masking.email) ?? "—",
            phone: try detail.phone_cipher.map { Masking.phone(try req.keys.decrypt($0)) } ?? "—",
            active: detail.is_active, lock: lockText, created: ChinaTime.dateTime(detail.created_at),
            assignments: described, scope: scope, reach: reach, options: options,
            cohorts: ScopeForm.cohorts(now: req.now), error: error, csrfToken: user.csrfToken, isSelf: detail.id == user.id)
        return req.render(UserDetailPage(context: req.pageContext(detail.display_name, breadcrumb: [Crumb("用户管理", href: "/admin/users"), Crumb(detail.display_name)]), model: model), status: status)
    }

    // MARK: actions

    package func setActive(_ req: Request, _ active: Bool) async throws -> Response {
        let (user, reach) = try context(req)
        let detail = try await target(req, reach: reach)
        guard detail.id != user.id else { return req.seeOther("/admin/users/\(detail.id)", flash: Flash(.error, "不能停用自己的账号。")) }
        let now = req.now
        try await req.db.writeTransaction { db in
            try await db.sql.update("users").set("is_active", to: SQLBind(active)).set("revision", to: SQLRaw("revision + 1"))
                .where("id", .equal, SQLBind(detail.id)).run()
            if !active {
                try await SessionStore.deleteAll(userID: detail.id, on: db)
                try await RememberTokens.revokeAll(userID: detail.id, on: db)
            }
            try await Audit.record(active ? .userEnable : .userDisable, target: .user, id: detail.id,
                                   changes: [.init("is_active", before: String(detail.is_active), after: String(active))],
                                   actor: user, ip: req.clientAddress, now: now, keys: req.keys, on: db)
        }
        return req.seeOther("/admin/users/\(detail.id)", flash: Flash(.success, active ? "账号已启用。" : "账号已停用，该用户的登录已全部退出。"))
    }

    @Sendable
    package func unlock(req: Request) async throws -> Response {
        let (_, reach) = try context(req)
        let detail = try await target(req, reach: reach)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await db.sql.update("users").set("unlocked_at", to: SQLBind(now)).where("id", .equal, SQLBind(detail.id)).run()
            try await req.audit(.userUnlock, target: .user, id: detail.id, on: db)
        }
        return req.seeOther("/admin/users/\(detail.id)", flash: Flash(.success, "账号已解锁。"))
    }

    @Sendable
    package func resetPassword(req: Request) async throws -> Response {
        let (_, reach) = try context(req)
        let detail = try await target(req, reach: reach)
        let password = Bootstrap.generatedPassword()
        let hash = try await req.application.passwords.hash(password)
        let now = req.now
        try await req.db.writeTransaction { db in
            try await AccountQueries.setPassword(userID: detail.id, hash: hash, now: now, on: db)
            try await SessionStore.deleteAll(userID: detail.id, on: db)
            try await RememberTokens.revokeAll(userID: detail.id, on: db)
            try await req.audit(.userResetPassword, target: .user, id: detail.id, changes: [.init("password", after: "已重置")], on: db)
        }
        return req.render(PasswordIssuedPage(context: req.pageContext("密码已重置", breadcrumb: [Crumb("用户管理", href: "/admin/users"), Crumb("密码已重置")]),
                                             title: "密码已重置", username: detail.username ?? detail.student_no ?? detail.display_name,
                                             password: password, userID: detail.id))
    }

    @Sendable
    package func addAssignment(req: Request) async throws -> Response {
        let (user, reach) = try context(req)
        let detail = try await target(req, reach: reach)
        let scope = ScopeForm.parse(FormFields(req), reach: reach)
        var problem = try await scope.validate(reach: reach, on: req.db)
        if problem == nil, let role = scope.role {
            let existing = try await AccountQueries.roles(userID: detail.id, on: req.db)
            problem = ScopeRules.separationOfDutiesViolation(existing + [role])
        }
        if let problem {
            return try await renderShow(req, user: user, reach: reach, detail: detail, scope: scope, error: problem, status: .unprocessableEntity)
        }
        let role = scope.role!
        let now = req.now
        try await req.db.writeTransaction { db in
            let id = try await AccountQueries.addAssignment(userID: detail.id, role: role, scope: scope.values, createdBy: user.id, now: now, on: db)
            try await req.audit(.userAssignRole, target: .user, id: detail.id,
                                changes: [.init("role", after: ScopeDescription.text(role: role, values: scope.values)), .init("assignment", after: String(id))], on: db)
        }
        return req.seeOther("/admin/users/\(detail.id)", flash: Flash(.success, "已分配\(role.label)角色。"))
    }

    @Sendable
    package func removeAssignment(req: Request) async throws -> Response {
        let (_, reach) = try context(req)
        let detail = try await target(req, reach: reach)
        guard let assignmentID = req.parameters.get("assignment").flatMap(Int64.init),
              let assignment = try await UserAdminQueries.assignments(userID: detail.id, on: req.db).first(where: { $0.id == assignmentID }),
              reach.grantable.contains(assignment.role),
              reach.schoolID == nil || assignment.values[.school] == [String(reach.schoolID!)] else {
            throw Abort(.notFound)
        }
        try await req.db.writeTransaction { db in
            try await db.sql.delete(from: "role_assignments").where("id", .equal, SQLBind(assignmentID)).run()
            try await req.audit(.userRemoveRole, target: .user, id: detail.id,
                                changes: [.init("role", before: ScopeDescription.text(role: assignment.role, values: assignment.values))], on: db)
        }
        return req.seeOther("/admin/users/\(detail.id)", flash: Flash(.success, "已移除\(assignment.role.label)角色。"))
    }
}

/// A one-line description of a role and its scope ids, for the audit log.
package enum ScopeDescription {
    package static func text(role: Role, values: [ScopeDimension: Set<String>]) -> String {
        let parts = values.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue)=\($0.value.sorted().joined(separator: ","))" }
        return ([role.rawValue] + parts).joined(separator: " ")
    }
}
