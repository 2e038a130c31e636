import Fluent
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// The employment module's forms under 字段权限 (seed 004 §2(1): grey fields set by the school).
package enum EmploymentForms {
    package static let source = FieldForm(
        key: "source", label: "生源信息",
        fields: SourceContactForm.keys.map { ($0.rawValue, SourceContactForm.label($0)) },
        roles: [.student, .counselor, .collegeAdmin])

    package static let destination = FieldForm(
        key: "destination", label: "毕业去向登记",
        fields: DestinationField.allCases.map { ($0.key, $0.label) },
        roles: [.student, .counselor, .collegeAdmin])

    /// The acting user's access to `form`: a graduate's at the graduate's school, staff at theirs.
    package static func rules(_ form: FieldForm, req: Request, user: CurrentUser) async throws -> FieldAccessRules {
        guard let role = user.role else { return .allEditable }
        let school: Int64?
        if user.isStudent {
            school = try await req.db.sql.select().column("school_id").from("students").where("user_id", .equal, SQLBind(user.id)).first()?
                .decode(column: "school_id", as: Int64.self)
        } else {
            school = user.active?.values[.school]?.first.flatMap(Int64.init)
        }
        guard let school else { return .allEditable }
        return try await FieldAccessControl.rules(form, role: role, school: school, on: req.db)
    }
}
