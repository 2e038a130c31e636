import Fluent
import FluentSQLiteDriver
import SQLKit

/// Many rows into one table in statements of `batch` rows. On SQLite the statement text is built
/// once per batch size and the values go to the driver as they are (`SQLiteData`), skipping the
/// query builder's per-value encoding, which cost more than SQLite's own work on a 100,000-row
/// import; on PostgreSQL it is the query builder's multi-row insert.
package struct BulkInsert: Sendable {
    package enum Value: Sendable {
        case text(String)
        case int(Int64)
        case bool(Bool)
        case null

        package static func text(_ value: String?) -> Value { value.map { .text($0) } ?? .null }
        package static func int(_ value: Int64?) -> Value { value.map { .int($0) } ?? .null }

        package var sqlite: SQLiteData {
            switch self {
            case .text(let text): .text(text)
            case .int(let int): .integer(Int(int))
            case .bool(let bool): .integer(bool ? 1 : 0)
            case .null: .null
            }
        }

        package var bind: any SQLExpression {
            switch self {
            case .text(let text): SQLBind(text)
            case .int(let int): SQLBind(int)
            case .bool(let bool): SQLBind(bool)
            case .null: SQLLiteral.null
            }
        }
    }

    package let table: String
    package let columns: [String]
    private(set) var rows: [[Value]] = []

    /// Rows waiting for `flush`.
    package var count: Int { rows.count }

    package init(_ table: String, _ columns: [String]) {
        self.table = table
        self.columns = columns
    }

    package mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "\(table): \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    /// Writes the rows (in the caller's transaction) and empties the buffer.
    package mutating func flush(on db: any Database) async throws {
        defer { rows.removeAll(keepingCapacity: true) }
        guard !rows.isEmpty else { return }
        if let sqlite = db as? any SQLiteDatabase {
            let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
            let sql = "INSERT INTO \"\(table)\" (" + columns.map { "\"\($0)\"" }.joined(separator: ",") + ") VALUES "
                + Array(repeating: placeholders, count: rows.count).joined(separator: ",")
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * columns.count)
            for row in rows { for value in row { binds.append(value.sqlite) } }
            _ = try await sqlite.query(sql, binds)
            return
        }
        var insert = db.sql.insert(into: table).columns(columns)
        for row in rows { insert = insert.values(row.map(\.bind)) }
        try await insert.run()
    }
}
