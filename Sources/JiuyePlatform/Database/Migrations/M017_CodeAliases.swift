import Fluent
import Foundation
import SQLKit

/// 简称 (aliases) of the code tables, and the dictionary's texts written for the admin.
///
/// `codes.aliases` holds the other names a code is written with (a JSON array of strings):
/// 本科 for 31 本科生毕业, 共青团员 and 团员 for 03 中国共产主义青年团团员, 汉 for 01 汉族. The import
/// resolves a code, its name or one of its aliases to the code. The shipped aliases come from
/// `Resources/codes/aliases.csv`; admins add more on 数据字典 (audited).
///
/// `code_tables` gets `version_date` (the date of the source's version, as far as known) and
/// `kind` (national, mixed, seed), and its source, version and note are rewritten from the
/// manifest: the first texts were developer notes (script names, spec sections).
package struct M017CodeAliases: AsyncMigration {
    package var name: String { "017-code-aliases" }

    package func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE codes ADD COLUMN aliases TEXT NOT NULL DEFAULT '[]'").run()
        try await sql.raw("ALTER TABLE code_tables ADD COLUMN version_date TEXT NOT NULL DEFAULT ''").run()
        try await sql.raw("ALTER TABLE code_tables ADD COLUMN kind TEXT NOT NULL DEFAULT ''").run()
        try await CodeTableFiles.applyManifestTexts(on: sql)
        try await CodeTableFiles.loadAliases(on: sql)
    }

    package func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.raw("ALTER TABLE codes DROP COLUMN aliases").run()
        try await sql.raw("ALTER TABLE code_tables DROP COLUMN version_date").run()
        try await sql.raw("ALTER TABLE code_tables DROP COLUMN kind").run()
    }
}
