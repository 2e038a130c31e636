import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// Who an administrator may see and manage in 人员与权限.
package struct AdminReach: Sendable {
    /// nil: every account (platform administrators). Otherwise the school whose staff they manage.
    package let schoolID: Int64?
    package let grantable: [Role]

    package static func of(_ user: CurrentUser) throws -> AdminReach {
        switch user.role {
        // 三权分立: accounts and roles belong to the security administrator, not the system administrator.
        case .securityAdmin?:
            return AdminReach(schoolID: nil, grantable: Role.allCases)
        case .schoolAdmin?:
            guard let school = user.active?.values[.school]?.first.flatMap(Int64.init) else { throw Abort(.notFound) }
            return AdminReach(schoolID: school, grantable: [.counselor, .collegeAdmin, .grassrootsReviewer])
        default:
            throw Abort(.notFound)
        }
    }
}

package enum UserAdminQueries {
    package struct ListRow: Decodable, Sendable {
        package let id: Int64
        package let username: String?
        package let display_name: String
        package let phone_cipher: String?
        package let is_active: Bool
        package let student_no: String?
    }

    package struct Filter: Sendable {
        package var keyword: String?
        package var role: Role?
        package var page = 1
        package var pageSize = 20
    }

    /// Users within reach: all, or those holding an assignment in the admin's school.
    package static func reachable(_ reach: AdminReach, _ query: SQLSelectBuilder) -> SQLSelectBuilder {
        guard let school = reach.schoolID else { return query }
        return query.where(SQLColumn("id", table: "u"), .in, SQLSubquery.select { sub in
            sub.column(SQLColumn("user_id", table: "ra"))
                .from(SQLAlias(SQLIdentifier("role_assignments"), as: SQLIdentifier("ra")))
                .join(SQLAlias(SQLIdentifier("assignment_scopes"), as: SQLIdentifier("sc")), on: SQLColumn("assignment_id", table: "sc"), .equal, SQLColumn("id", table: "ra"))
                .where(SQLColumn("dimension", table: "sc"), .equal, SQLBind(ScopeDimension.school.rawValue))
                .where(SQLColumn("value", table: "sc"), .equal, SQLBind(String(school)))
        })
    }

    package static func filtered(_ filter: Filter, _ query: SQLSelectBuilder, keys: KeyService) -> SQLSelectBuilder {
        var query = query
        if let keyword = filter.keyword, !keyword.isEmpty {
            let identifierKey = AccountQueries.identifierKey(keyword, keys: keys)
            query = query.where { group in
                group.where(SQLColumn("display_name", table: "u"), .like, SQLBind(StudentQueries.escapeLike(keyword) + "%"))
                    .orWhere(SQLColumn("id", table: "u"), .in, SQLSubquery.select { sub in
                        sub.column("user_id").from("account_identifiers").where("key", .equal, SQLBind(identifierKey))
                    })
            }
        }
        if let role = filter.role {
            query = query.where(SQLColumn("id", table: "u"), .in, SQLSubquery.select { sub in
                sub.column("user_id").from("role_assignments").where("role", .equal, SQLBind(role.rawValue))
            })
        }
        return query
    }

    package static func list(_ reach: AdminReach, filter: Filter, on db: any Database, keys: KeyService, counts: KeptCounts? = nil,
                             now: Int64 = 0) async throws -> (rows: [ListRow], roles: [Int64: [Role]], total: Int) {
        let users = SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u"))
        let rows = try await filtered(filter, reachable(reach, db.sql.select()
            .columns(SQLColumn("id", table: "u"), SQLColumn("username", table: "u"), SQLColumn("display_name", table: "u"),
                     SQLColumn("phone_cipher", table: "u"), SQLColumn("is_active", table: "u"), SQLColumn("student_no", table: "u"))
            .from(users)), keys: keys)
            .orderBy(SQLColumn("id", table: "u"))
            .limit(filter.pageSize).offset(PageNumber.offset(page: filter.page, pageSize: filter.pageSize))
            .all(decoding: ListRow.self)
        // Counting 100,000 accounts cost more than the page: the total is kept 30 s per reach and filter.
        func count() async throws -> Int {
            try await filtered(filter, reachable(reach, db.sql.select()
                .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))).from(users)), keys: keys)
                .first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let key = "users|\(reach.schoolID.map(String.init) ?? "*")|\(filter.keyword ?? "")|\(filter.role?.rawValue ?? "")"
        let total: Int
        if let counts { total = try await counts.total(key, now: now, seconds: 30, count) } else { total = try await count() }
        var roles: [Int64: [Role]] = [:]
        if !rows.isEmpty {
            for row in try await db.sql.select().columns("user_id", "role").from("role_assignments")
                .where("user_id", .in, SQLBind.group(rows.map(\.id))).orderBy("id").all() {
                if let role = Role(rawValue: try row.decode(column: "role", as: String.self)) {
                    roles[try row.decode(column: "user_id", as: Int64.self), default: []].append(role)
                }
            }
        }
        return (rows, roles, total)
    }

    package struct Detail: Decodable, Sendable {
        package let id: Int64
        package let username: String?
        package let display_name: String
        package let email: String?
        package let phone_cipher: String?
        package let is_active: Bool
        package let student_no: String?
        package let unlocked_at: Int64?
        package let created_at: Int64
    }

    /// One user within reach, or nil (→ 404).
    package static func find(_ id: Int64, reach: AdminReach, on db: any Database) async throws -> Detail? {
        try await reachable(reach, db.sql.select()
            .columns(SQLColumn("id", table: "u"), SQLColumn("username", table: "u"), SQLColumn("display_name", table: "u"),
                     SQLColumn("email", table: "u"), SQLColumn("phone_cipher", table: "u"), SQLColumn("is_active", table: "u"),
                     SQLColumn("student_no", table: "u"), SQLColumn("unlocked_at", table: "u"), SQLColumn("created_at", table: "u"))
            .from(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u"))))
            .where(SQLColumn("id", table: "u"), .equal, SQLBind(id))
            .first(decoding: Detail.self)
    }

    package struct AssignmentRow: Sendable {
        package let id: Int64
        package let role: Role
        package let values: [ScopeDimension: Set<String>]
    }

    package static func assignments(userID: Int64, on db: any Database) async throws -> [AssignmentRow] {
        let rows = try await db.sql.select()
            .columns(SQLColumn("id", table: "ra"), SQLColumn("role", table: "ra"), SQLColumn("dimension", table: "sc"), SQLColumn("value", table: "sc"))
            .from(SQLAlias(SQLIdentifier("role_assignments"), as: SQLIdentifier("ra")))
            .join(SQLAlias(SQLIdentifier("assignment_scopes"), as: SQLIdentifier("sc")), method: SQLJoinMethod.left, on: SQLColumn("assignment_id", table: "sc"), .equal, SQLColumn("id", table: "ra"))
            .where(SQLColumn("user_id", table: "ra"), .equal, SQLBind(userID))
            .orderBy(SQLColumn("id", table: "ra")).all()
        var order: [Int64] = []
        var roles: [Int64: Role] = [:]
        var values: [Int64: [ScopeDimension: Set<String>]] = [:]
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self)
            guard let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else { continue }
            if roles[id] == nil { order.append(id); roles[id] = role }
            if let dimension = try row.decode(column: "dimension", as: String?.self).flatMap(ScopeDimension.init(rawValue:)),
               let value = try row.decode(column: "value", as: String?.self) {
                values[id, default: [:]][dimension, default: []].insert(value)
            }
        }
        return order.map { AssignmentRow(id: $0, role: roles[$0]!, values: values[$0] ?? [:]) }
    }

    /// The lock state an administrator sees on the user's page.
    package static func lockState(userID: Int64, unlockedAt: Int64?, now: Int64, policy: LockoutPolicy, on db: any Database) async throws -> LockState {
        let rows = try await db.sql.select().column("at").from("login_attempts")
            .where("account_key", .equal, SQLBind("u:\(userID)")).where("success", .equal, SQLBind(false))
            .where("at", .greaterThan, SQLBind(now - policy.lookbackSeconds)).all()
        let times = try rows.map { try $0.decode(column: "at", as: Int64.self) }
        // Per-client locks are for one address; the page reports the account-wide lock.
        return LoginLockout.state(clientFailures: [], allFailures: times, unlockedAt: unlockedAt, now: now, policy: policy)
    }

    /// Options for the scope form of one school.
    package struct SchoolOptions: Sendable {
        package var schools: [SelectOption] = []
        package var campuses: [SelectOption] = []
        package var colleges: [SelectOption] = []
        package var classes: [SelectOption] = []
        package var units: [SelectOption] = []
    }

    package static func options(schoolID: Int64?, on db: any Database) async throws -> SchoolOptions {
        var options = SchoolOptions()
        func pairs(_ query: SQLSelectBuilder, label: @escaping (any SQLRow) throws -> String) async throws -> [SelectOption] {
            try await query.all().map { SelectOption(String(try $0.decode(column: "id", as: Int64.self)), try label($0)) }
        }
        options.schools = try await pairs(db.sql.select().columns("id", "name", "code").from("schools").orderBy("code")) {
            "\(try $0.decode(column: "name", as: String.self))（\(try $0.decode(column: "code", as: String.self))）"
        }
        options.units = try await pairs(db.sql.select().columns("id", "name").from("units").orderBy("name").limit(500)) {
            try $0.decode(column: "name", as: String.self)
        }
        guard let schoolID else { return options }
        options.campuses = try await pairs(db.sql.select().columns("id", "name").from("campuses").where("school_id", .equal, SQLBind(schoolID)).orderBy("id")) {
            try $0.decode(column: "name", as: String.self)
        }
        options.colleges = try await pairs(db.sql.select().columns("id", "name", "code").from("colleges").where("school_id", .equal, SQLBind(schoolID)).orderBy("code")) {
            try $0.decode(column: "name", as: String.self)
        }
        options.classes = try await pairs(db.sql.select()
            .columns(SQLColumn("id", table: "cl"), SQLColumn("name", table: "cl"), SQLColumn("cohort", table: "cl"))
            .column(SQLAlias(SQLColumn("name", table: "c"), as: SQLIdentifier("college")))
            .from(SQLAlias(SQLIdentifier("classes"), as: SQLIdentifier("cl")))
            .join(SQLAlias(SQLIdentifier("colleges"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("college_id", table: "cl"))
            .where(SQLColumn("school_id", table: "c"), .equal, SQLBind(schoolID))
            .orderBy(SQLColumn("code", table: "c")).orderBy(SQLColumn("name", table: "cl"))) {
            "\(try $0.decode(column: "college", as: String.self))·\(try $0.decode(column: "name", as: String.self))（\(try $0.decode(column: "cohort", as: Int.self))届）"
        }
        return options
    }
}
