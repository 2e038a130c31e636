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
        let form = UnitStaffAccounts.read(req, person: "经办人", confirming: true)
        guard form.errors.isEmpty else {
            return try await renderHome(req, user: user, unitID: unitID, accountErrors: form.errors, accountValues: form.values, status: .unprocessableEntity)
        }
        guard try await UnitStaffAccounts.create(form, unitID: unitID, by: user, audit: .subsidyUnitAccount, target: .subsidyUnit, req: req) else {
            return try await renderHome(req, user: user, unitID: unitID, accountErrors: ["username": UnitStaffAccounts.taken], accountValues: form.values, status: .conflict)
        }
        let username = form.username
        return req.seeOther("/subsidy/unit", flash: Flash(.success, "已添加经办人员账号“\(username)”，可用该用户名和密码登录。"))
    }
}

extension AuditAction {
    package static let subsidyUnitAccount = AuditAction("subsidy.unit-account", "添加单位经办人员账号")
}
