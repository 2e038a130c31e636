@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
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
}
