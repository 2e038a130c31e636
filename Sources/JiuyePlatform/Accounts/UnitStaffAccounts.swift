import Fluent
import Foundation
import JiuyeDomain
import SQLKit
import Vapor

/// Another account of an employing unit: a unit has several people on the platform (recruiters
/// at the job centre, 经办人员 at the living subsidy), each with the employer role scoped to the
/// unit, added by any account of the unit.
package enum UnitStaffAccounts {
    /// The form as typed: username, name and password checked, Chinese errors by field.
    package struct Form: Sendable {
        package let username: String
        package let name: String
        package let password: String
        package let errors: [String: String]
        package var values: [String: String] { ["username": username, "display_name": name] }
    }

    /// Reads `username`, `display_name`, `password` (and `confirm` when `confirming`).
    /// `person` names the staff in the name's error ("招聘人员", "经办人").
    package static func read(_ req: Request, person: String, confirming: Bool) -> Form {
        let form = FormFields(req)
        let username = form.value("username").lowercased()
        let name = FormFieldText.singleLine(form.value("display_name"))
        let password = form.value("password")
        var errors: [String: String] = [:]
        if let problem = EmployerUsername.problem(username) { errors["username"] = problem }
        if name.isEmpty || name.count > 20 || TextInput.forbiddenCharacter(in: name) != nil { errors["display_name"] = "请填写\(person)姓名（不超过 20 个字）。" }
        if let problem = PasswordPolicy().problems(password: password, username: username, phone: nil).first { errors["password"] = problem.message }
        if confirming, password != form.value("confirm") { errors["confirm"] = "两次输入的密码不一致。" }
        return Form(username: username, name: name, password: password, errors: errors)
    }

    /// The Chinese error when the username is taken.
    package static let taken = "该用户名已被使用，请换一个。"

    /// Creates the account of a checked form for `unitID`, audited as `action` on the unit;
    /// false when the username is already taken (nothing written).
    package static func create(_ form: Form, unitID: Int64, by user: CurrentUser, audit action: AuditAction, target: AuditTarget, req: Request) async throws -> Bool {
        let hash = try await req.application.passwords.hash(form.password)
        let (now, keys) = (req.now, req.keys)
        return try await req.db.writeTransaction { db in
            if try await db.sql.raw("SELECT user_id FROM account_identifiers WHERE key = \(bind: AccountQueries.identifierKey(form.username, keys: keys))").first() != nil {
                return false
            }
            let id = try await AccountQueries.create(.init(username: form.username, displayName: form.name, passwordHash: hash), keys: keys, now: now, on: db)
            _ = try await AccountQueries.addAssignment(userID: id, role: .employer, scope: [.unit: [String(unitID)]], createdBy: user.id, now: now, on: db)
            try await req.audit(action, target: target, id: unitID, changes: [.init("username", after: form.username), .init("display_name", after: form.name)], on: db)
            return true
        }
    }
}
