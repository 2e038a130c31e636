import Fluent
import Foundation
import JiuyeSheets
import SQLKit

/// The national code tables (docs/DATA_SOURCES.md), loaded from the committed files listed in
/// `Resources/codes/manifest.csv`. One `codes` table holds every dictionary: the code, its name,
/// the parent code where the table is a tree, a variant (a catalogue edition, for 专业目录) and
/// the file's other columns as JSON. Local codes added by admins are marked `is_local`.
package struct M011CodeTables: AsyncMigration {
    package var name: String { "011-code-tables" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("code_tables")
            .field("key", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("source", .string, .required)
            .field("version", .string, .required)
            .field("note", .string, .required)
            .field("loaded_at", .int64, .required)
            .create()
        try await database.schema("codes")
            .field("id", .int64, .identifier(auto: true))
            .field("table_key", .string, .required)
            .field("variant", .string, .required)
            .field("code", .string, .required)
            .field("name", .string, .required)
            .field("parent_code", .string)
            .field("attrs", .string, .required)
            .field("is_local", .bool, .required)
            .field("created_by", .int64)
            .field("created_at", .int64, .required)
            .unique(on: "table_key", "variant", "code")
            .create()
        let sql = database as! any SQLDatabase
        try await sql.raw("CREATE INDEX idx_codes_parent ON codes(table_key, parent_code, code)").run()
        try await sql.raw("CREATE INDEX idx_codes_name ON codes(table_key, name)").run()
        try await CodeTableFiles.load(on: sql, now: Int64(Date().timeIntervalSince1970))
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("codes").delete()
        try await database.schema("code_tables").delete()
    }
}

/// Reads the committed code files.
package enum CodeTableFiles {
    package struct Entry: Sendable {
        package let key: String
        package let name: String
        package let file: String
        package let source: String
        package let version: String
        package let note: String
    }

    /// How a file's columns map onto `codes`: which column is the code, the name and the parent,
    /// and which make the variant. Tables not listed use `code`, `name` and `parent_code`.
    package struct Layout: Sendable {
        package var code: [String] = ["code"]
        package var name = "name"
        package var parent: String? = "parent_code"
        package var variant: [String] = []
    }

    package static let layouts: [String: Layout] = [
        "countries": Layout(code: ["numeric"], name: "name_zh", parent: nil),
        "schools": Layout(parent: "province_code"),
        "townships": Layout(parent: "county_code"),
        "county_seats": Layout(code: ["county_code"], name: "township_name", parent: nil),
        "majors": Layout(parent: "parent_code", variant: ["catalogue", "edition"]),
        "minimum_wages": Layout(code: ["region_code", "grade", "effective_from"], name: "monthly_amount", parent: "region_code"),
    ]

    package static func resource(_ file: String) throws -> URL {
        let name = (file as NSString).deletingPathExtension, ext = (file as NSString).pathExtension
        guard let url = Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Resources/codes")
            ?? Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "codes") else {
            throw CodeFileError.missing(file)
        }
        return url
    }

    package static func manifest() throws -> [Entry] {
        try rows(of: "manifest.csv").map { row in
            Entry(key: row["key"] ?? "", name: row["name"] ?? "", file: row["file"] ?? "", source: row["source"] ?? "",
                  version: row["version"] ?? "", note: row["editable_note"] ?? "")
        }
    }

    /// A committed CSV as dictionaries by header (UTF-8, LF, RFC 4180 quoting).
    package static func rows(of file: String) throws -> [[String: String]] {
        let text = try String(contentsOf: resource(file), encoding: .utf8)
        var records = try CSVReader.parse(text)
        guard !records.isEmpty else { return [] }
        let header = records.removeFirst()
        return records.filter { $0.count > 1 || $0.first?.isEmpty == false }.map { record in
            var row: [String: String] = [:]
            for (index, name) in header.enumerated() where index < record.count { row[name] = record[index] }
            return row
        }
    }

    package static func load(on sql: any SQLDatabase, now: Int64) async throws {
        for entry in try manifest() {
            try await sql.insert(into: "code_tables").columns("key", "name", "source", "version", "note", "loaded_at")
                .values(SQLBind(entry.key), SQLBind(entry.name), SQLBind(entry.source), SQLBind(entry.version), SQLBind(entry.note), SQLBind(now)).run()
            let layout = layouts[entry.key] ?? Layout()
            let rows = try rows(of: entry.file)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let used = Set(layout.code + [layout.name] + layout.variant + (layout.parent.map { [$0] } ?? []))
            for start in stride(from: 0, to: rows.count, by: 300) {
                var insert = sql.insert(into: "codes").columns("table_key", "variant", "code", "name", "parent_code", "attrs", "is_local", "created_at")
                for row in rows[start..<min(start + 300, rows.count)] {
                    let attrs = row.filter { !used.contains($0.key) && !$0.value.isEmpty }
                    let parent = layout.parent.flatMap { row[$0] }.flatMap { $0.isEmpty ? nil : $0 }
                    insert = insert.values(
                        SQLBind(entry.key), SQLBind(layout.variant.map { row[$0] ?? "" }.joined(separator: "-")),
                        SQLBind(layout.code.map { row[$0] ?? "" }.joined(separator: "-")), SQLBind(row[layout.name] ?? ""), SQLBind(parent),
                        SQLBind(String(decoding: try encoder.encode(attrs), as: UTF8.self)), SQLBind(false), SQLBind(now))
                }
                try await insert.run()
            }
        }
    }

    package enum CodeFileError: Error { case missing(String) }
}
