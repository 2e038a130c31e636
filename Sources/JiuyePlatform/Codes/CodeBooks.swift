import Fluent
import JiuyeDomain
import SQLKit
import Vapor

/// The code tables in memory, for validating imports at speed: loaded per table on first use,
/// dropped when an admin adds or deletes a code.
package actor CodeBooks {
    package struct Entry: Sendable {
        package let name: String
        package let parent: String?
        package let variant: String
        /// 简称 (`codes.aliases`).
        package var aliases: [String] = []
    }

    /// A table's codes by code (several variants of one code, as in 专业目录 editions, keep the first).
    package typealias Book = [String: Entry]

    private var books: [String: Book] = [:]
    private var regions: [String: (name: String, level: String)]?
    private var regionNames: RegionNames?

    package func book(_ key: String, on db: any Database) async throws -> Book {
        if let book = books[key] { return book }
        var book: Book = [:]
        for row in try await db.sql.raw("SELECT variant, code, name, parent_code, aliases FROM codes WHERE table_key = \(bind: key) ORDER BY variant DESC").all() {
            let code = try row.decode(column: "code", as: String.self)
            if book[code] == nil {
                book[code] = Entry(name: try row.decode(column: "name", as: String.self), parent: try row.decode(column: "parent_code", as: String?.self),
                                   variant: try row.decode(column: "variant", as: String.self),
                                   aliases: CodeAliases.decode(try row.decode(column: "aliases", as: String.self)))
            }
        }
        books[key] = book
        return book
    }

    /// 行政区划 by code: name and level (province, city, county).
    package func regionTable(on db: any Database) async throws -> [String: (name: String, level: String)] {
        if let regions { return regions }
        var table: [String: (name: String, level: String)] = [:]
        for row in try await db.sql.raw("SELECT code, name, level FROM regions").all() {
            table[try row.decode(column: "code", as: String.self)] = (try row.decode(column: "name", as: String.self), try row.decode(column: "level", as: String.self))
        }
        regions = table
        return table
    }

    /// 行政区划 with their parents, for names and for resolving a typed place to its county.
    package func regionNames(on db: any Database) async throws -> RegionNames {
        if let regionNames { return regionNames }
        let table = try await regionTable(on: db)
        let regions = table.compactMap { code, entry -> RegionNames.Region? in
            guard let level = RegionLevel(rawValue: entry.level) else { return nil }
            return .init(code: code, name: entry.name, level: level, parent: Self.parent(of: code, level: level, in: table))
        }
        let built = RegionNames(regions)
        regionNames = built
        return built
    }

    /// A county's city (or, for a county directly under a province, its province); a city's province.
    static func parent(of code: String, level: RegionLevel, in table: [String: (name: String, level: String)]) -> String? {
        guard code.count == 6 else { return nil }
        let province = String(code.prefix(2)) + "0000", city = String(code.prefix(4)) + "00"
        switch level {
        case .province: return nil
        case .city: return table[province] != nil ? province : nil
        case .county: return table[city] != nil && city != code ? city : (table[province] != nil ? province : nil)
        }
    }

    package func invalidate() {
        books = [:]
        regions = nil
        regionNames = nil
    }
}

extension Application {
    private struct CodeBooksKey: StorageKey { typealias Value = CodeBooks }
    package var codeBooks: CodeBooks {
        if let books = storage[CodeBooksKey.self] { return books }
        let books = CodeBooks()
        storage[CodeBooksKey.self] = books
        return books
    }
}
