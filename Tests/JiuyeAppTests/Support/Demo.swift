@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import Vapor

/// The demo data inside a test database, and lookups into it.
enum Demo {
    static let password = DemoSeed.password

    static func seed(_ app: Application) async throws {
        try await DemoSeed.run(app)
    }

    static func userID(_ app: Application, username: String) async throws -> Int64 {
        try await app.db.sql.select().column("id").from("users").where("username", .equal, SQLBind(username))
            .first()!.decode(column: "id", as: Int64.self)
    }

    static func userID(_ app: Application, studentNo: String) async throws -> Int64 {
        try await app.db.sql.select().column("id").from("users").where("student_no", .equal, SQLBind(studentNo))
            .first()!.decode(column: "id", as: Int64.self)
    }

    /// A graduate of a class other than `className`.
    static func student(_ app: Application, inClass className: String, equal: Bool) async throws -> Int64 {
        try await app.db.sql.select().column(SQLColumn("user_id", table: "st"))
            .from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("st")))
            .join(SQLAlias(SQLIdentifier("classes"), as: SQLIdentifier("cl")), on: SQLColumn("id", table: "cl"), .equal, SQLColumn("class_id", table: "st"))
            .where(SQLColumn("name", table: "cl"), equal ? .equal : .notEqual, SQLBind(className))
            .orderBy(SQLColumn("user_id", table: "st")).limit(1)
            .first()!.decode(column: "user_id", as: Int64.self)
    }

    static func schoolID(_ app: Application) async throws -> Int64 {
        try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()!.decode(column: "id", as: Int64.self)
    }

    /// `business` open for the demo school's `year`届 from yesterday for a month.
    static func openWindow(_ app: Application, _ business: Business, year: Int = 2025) async throws {
        let now = app.clock.now()
        _ = try await TimeWindows.set(business, owner: .init(kind: .school, id: String(try await schoolID(app))), year: year,
                                      window: TimeWindow(opensAt: now - 86_400, closesAt: now + 30 * 86_400), by: 1, now: now, on: app.db)
    }

    /// A college admin of a college other than 计算机学院 (张明's), signing in as `username`.
    static func otherCollegeAdmin(_ app: Application, username: String) async throws {
        let school = try await schoolID(app)
        let college = try await app.db.sql.raw("SELECT id FROM colleges WHERE school_id = \(bind: school) AND name <> '计算机学院' LIMIT 1").first()!
            .decode(column: "id", as: Int64.self)
        let hash = try await app.passwords.hash(password)
        let id = try await AccountQueries.create(.init(username: username, displayName: "外院管理员", passwordHash: hash), keys: app.keys, now: app.clock.now(), on: app.db)
        _ = try await AccountQueries.addAssignment(userID: id, role: .collegeAdmin, scope: [.school: [String(school)], .college: [String(college)]],
                                                   createdBy: nil, now: app.clock.now(), on: app.db)
    }
}
