import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 经办人员账号: a unit's accounts. A unit usually has more than one person at the subsidy
/// (one reviews the applications, another reports them to the county), so any account of the
/// unit may add another; each sees only its own unit.
extension UnitController {
    /// The accounts of a unit: username and name.
    static func accounts(_ unitID: Int64, on db: any Database) async throws -> [(String, String)] {
        try await db.sql.raw("""
            SELECT u.username, u.display_name FROM role_assignments a JOIN assignment_scopes s ON s.assignment_id = a.id
            JOIN users u ON u.id = a.user_id WHERE a.role = 'employer' AND s.dimension = 'unit'
            AND s.value = \(bind: String(unitID)) ORDER BY u.id
            """).all().map { (try $0.decode(column: "username", as: String?.self) ?? "", try $0.decode(column: "display_name", as: String.self)) }
    }

    @Sendable
    func addAccount(req: Request) async throws -> Response {
        let (user, unitID) = try unitOf(req)
        guard let unit = try await SubsidyStore.unit(unitID, on: req.db), !unit.isVirtual else { throw Abort(.notFound) }
        let form = FormFields(req)
        let username = form.value("username").lowercased()
        let name = FormFieldText.singleLine(form.value("display_name"))
        let password = form.value("password")
        var errors: [String: String] = [:]
        if let problem = EmployerUsername.problem(username) { errors["username"] = problem }
        if name.isEmpty || name.count > 20 || TextInput.forbiddenCharacter(in: name) != nil { errors["display_name"] = "请填写经办人姓名（不超过 20 个字）。" }
        if let problem = PasswordPolicy().problems(password: password, username: username, phone: nil).first { errors["password"] = problem.message }
        if password != form.value("confirm") { errors["confirm"] = "两次输入的密码不一致。" }
        guard errors.isEmpty else {
            return try await renderHome(req, user: user, unitID: unitID, accountErrors: errors, accountValues: ["username": username, "display_name": name],
                                        status: .unprocessableEntity)
        }
        let hash = try await req.application.passwords.hash(password)
        let (now, keys) = (req.now, req.keys)
        let added: Bool = try await req.db.writeTransaction { db in
            if try await db.sql.raw("SELECT user_id FROM account_identifiers WHERE key = \(bind: AccountQueries.identifierKey(username, keys: keys))").first() != nil {
                return false
            }
            let id = try await AccountQueries.create(.init(username: username, displayName: name, passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: id, role: .employer, scope: [.unit: [String(unitID)]], createdBy: user.id, now: now, on: db)
            try await req.audit(.subsidyUnitAccount, target: .subsidyUnit, id: unitID, changes: [.init("username", after: username), .init("name", after: name)], on: db)
            return true
        }
        guard added else {
            return try await renderHome(req, user: user, unitID: unitID, accountErrors: ["username": "该用户名已被使用，请换一个。"],
                                        accountValues: ["username": username, "display_name": name], status: .conflict)
        }
        return req.seeOther("/subsidy/unit", flash: Flash(.success, "已添加经办人员账号“\(username)”，可用该用户名和密码登录。"))
    }
}

extension AuditAction {
    package static let subsidyUnitAccount = AuditAction("subsidy.unit-account", "添加单位经办人员账号")
}
