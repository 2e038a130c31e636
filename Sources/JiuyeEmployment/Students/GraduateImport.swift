import JiuyePlatform
import Fluent
import FluentSQLiteDriver
import Foundation
import JiuyeDomain
import JiuyeSheets
import SQLKit
import Vapor

/// 学校-添加毕业生 (seed 003 §3.2.1) by spreadsheet: an .xlsx or CSV (UTF-8 or GB18030) of 生源
/// records, header-mapped, every row checked by the domain rules (`GraduateRecordValidator`) and
/// against the school's 院系与专业, duplicates within the file and with existing accounts refused,
/// and then all rows or none. Run by the job runner; the page shows progress and the report.
/// Imported graduates get no password hash (they activate at first login): no Bcrypt here.
package enum GraduateImport {
    package static let jobKind = "import.graduates"
    /// Problems kept for the report (all are counted).
    package static let reportLimit = 5_000
    package static let batchSize = 1_000

    package struct Problem: Codable, Sendable, Equatable {
        package let row: Int
        package let column: String
        package let value: String
        package let message: String
    }

    /// A checked row with the school's ids it maps to, and its keyed hashes (computed once, for
    /// the look-up of existing accounts and for the insert).
    package struct Prepared: Sendable {
        /// The row in the file, as Excel numbers it.
        package let row: Int
        package let record: GraduateRecord
        package let collegeID: Int64
        package let majorID: Int64
        package let classID: Int64?
        package var studentKey = ""
        package var phoneKey: String?
        package var documentHash = ""
        package var phoneHash: String?

        package mutating func computeKeys(_ keys: KeyService) {
            studentKey = AccountQueries.identifierKey(record.studentNo, keys: keys)
            documentHash = keys.lookupHash(record.documentNumber)
            if let phone = record[.phone] {
                phoneKey = AccountQueries.identifierKey(phone, keys: keys)
                phoneHash = keys.lookupHash(phone)
            }
        }
    }

    package struct Checked: Sendable {
        package var total = 0
        package var prepared: [Prepared] = []
        package var problems: [Problem] = []
        package var problemCount = 0

        package mutating func add(_ problem: Problem) {
            problemCount += 1
            if problems.count < GraduateImport.reportLimit { problems.append(problem) }
        }
    }

    package enum Failure: Error {
        case unreadable(String)
        /// The header row cannot be read (a required column missing, one twice), with why.
        case header([String])
    }

    // MARK: Reading

    /// The rows of the file as text cells, header first; xlsx by its zip signature, else CSV.
    package static func forEachRow(_ bytes: [UInt8], _ body: ([String]) throws -> Void) throws -> String {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            do {
                try XLSXReader(bytes: bytes).forEachRow { row in
                    try body(row.cells.map { $0.isoDateText ?? $0.trimmedText })
                }
            } catch let error as SheetsError {
                throw Failure.unreadable(error.userMessage)
            }
            return "xlsx"
        }
        let reader: CSVReader
        do { reader = try CSVReader(bytes: bytes) } catch let error as SheetsError { throw Failure.unreadable(error.userMessage) }
        for row in reader.rows { try body(row) }
        return reader.encoding == .gb18030 ? "csv-gb18030" : "csv"
    }

    // MARK: Checking

    /// The school's org structure, for mapping 院系名称, 专业代码 and 班级名称 to ids.
    package struct Org: Sendable {
        package var colleges: [String: Int64] = [:]
        package var majors: [String: Int64] = [:]     // "collegeID|code|level"
        package var classes: [String: Int64] = [:]    // "collegeID|name"

        package static func load(school: Int64, on db: any Database) async throws -> Org {
            var org = Org()
            for row in try await db.sql.raw("SELECT id, name FROM colleges WHERE school_id = \(bind: school)").all() {
                org.colleges[try row.decode(column: "name", as: String.self)] = try row.decode(column: "id", as: Int64.self)
            }
            for row in try await db.sql.raw("""
                SELECT m.id, m.college_id, m.code, m.level FROM majors m JOIN colleges c ON c.id = m.college_id WHERE c.school_id = \(bind: school)
                """).all() {
                let key = "\(try row.decode(column: "college_id", as: Int64.self))|\(try row.decode(column: "code", as: String.self))|\(try row.decode(column: "level", as: String.self))"
                org.majors[key] = try row.decode(column: "id", as: Int64.self)
            }
            for row in try await db.sql.raw("""
                SELECT cl.id, cl.college_id, cl.name FROM classes cl JOIN colleges c ON c.id = cl.college_id WHERE c.school_id = \(bind: school)
                """).all() {
                org.classes["\(try row.decode(column: "college_id", as: Int64.self))|\(try row.decode(column: "name", as: String.self))"] = try row.decode(column: "id", as: Int64.self)
            }
            return org
        }

        /// The school's ids for a valid record (院系名称 → college, 专业代码 and 学历 → major,
        /// 班级名称 → class when there is one), or why it has none.
        package func place(_ record: GraduateRecord, row: Int) -> (prepared: Prepared?, problems: [(column: String, value: String, message: String)]) {
            let collegeName = record[.college] ?? ""
            let level = record.level?.rawValue ?? ""
            guard let college = colleges[collegeName] else {
                return (nil, [("院系名称", collegeName, "不是本校的院系，请与“院系与专业”中的名称一致。")])
            }
            let majorCode = record[.majorCode] ?? ""
            guard let major = majors["\(college)|\(majorCode)|\(level)"] else {
                return (nil, [("专业代码", majorCode, "本校“\(collegeName)”没有设置该专业（\(level)），请先在“院系与专业”中添加。")])
            }
            return (Prepared(row: row, record: record, collegeID: college, majorID: major, classID: record[.className].flatMap { classes["\(college)|\($0)"] }), [])
        }
    }

    /// The key in `codes.table_key` of each national table the domain asks about.
    package static let tableKeys: [CodeTable: String] = [
        .destination: "destinations", .unitNature: "unit_natures", .industry: "industries", .jobCategory: "job_categories",
        .educationLevel: "education_levels", .politicalStatus: "political_statuses", .ethnicity: "ethnic_groups",
        .documentType: "document_types", .major: "majors", .school: "schools", .country: "countries",
    ]

    /// The national tables as the domain's look-up (codes, names and 简称).
    package static func lookup(_ app: Application, on db: any Database) async throws -> InMemoryCodeLookup {
        var tables: [CodeTable: [CodeEntry]] = [:]
        for (table, key) in tableKeys {
            tables[table] = try await app.codeBooks.book(key, on: db).map { CodeEntry(code: $0.key, label: $0.value.name, aliases: $0.value.aliases) }
        }
        let regions = try await app.codeBooks.regionTable(on: db).compactMapValues { RegionLevel(rawValue: $0.level) }
        return InMemoryCodeLookup(tables: tables, regions: regions)
    }

    /// Reads and checks every row; `progress` is told every few thousand rows.
    package static func check(_ bytes: [UInt8], school: Int64, app: Application, on db: any Database, keys: KeyService,
                      progress: (Int) async throws -> Void = { _ in }) async throws -> Checked {
        let form = GraduateRecordForm.standard
        let validator = GraduateRecordValidator(form: form, stage: .schoolImport, lookup: try await lookup(app, on: db))
        let org = try await Org.load(school: school, on: db)
        var checked = Checked()
        var mapping: GraduateHeaderMapping?
        var rows: [(Int, [String])] = []
        var rowNumber = 0
        _ = try forEachRow(bytes) { cells in
            rowNumber += 1
            if mapping == nil {
                mapping = form.mapHeader(cells, stage: .schoolImport)
                return
            }
            guard cells.contains(where: { !$0.isEmpty }) else { return }
            // The template's example row, left in the file: not a graduate.
            if let nameColumn = mapping?.keys.firstIndex(of: .name), nameColumn < cells.count,
               cells[nameColumn].trimmingCharacters(in: .whitespacesAndNewlines) == ImportTemplate.exampleName { return }
            rows.append((rowNumber, cells))
        }
        guard let mapping else { throw Failure.unreadable("文件是空的：第一行应为列标题。") }
        guard mapping.isUsable else { throw Failure.header(mapping.messages) }
        checked.total = rows.count
        var studentNos: [String: Int] = [:], documents: [String: Int] = [:], phones: [String: Int] = [:]
        try await progress(0)
        let outcomes = await halves(rows) { validator.validate(cells: $0.1, mapping: mapping) }
        try await progress(rows.count / 2)
        for (index, (number, _)) in rows.enumerated() {
            switch outcomes[index] {
            case .invalid(let problems):
                for problem in problems {
                    checked.add(Problem(row: number, column: problem.label, value: Masking.redactingPersonalData(in: problem.value), message: problem.message))
                }
            case .valid(let record):
                var ok = true
                func refuse(_ column: String, _ value: String, _ message: String) {
                    ok = false
                    checked.add(Problem(row: number, column: column, value: Masking.redactingPersonalData(in: value), message: message))
                }
                let placed = org.place(record, row: number)
                for problem in placed.problems { refuse(problem.column, problem.value, problem.message) }
                let studentNo = record.studentNo.lowercased()
                if let first = studentNos[studentNo] { refuse("学号", record.studentNo, "与第 \(first) 行重复。") } else { studentNos[studentNo] = number }
                if let first = documents[record.documentNumber] { refuse("证件号码", record.documentNumber, "与第 \(first) 行重复。") } else { documents[record.documentNumber] = number }
                if let phone = record[.phone] {
                    if let first = phones[phone] { refuse("手机号码", phone, "与第 \(first) 行重复。") } else { phones[phone] = number }
                }
                if ok, let prepared = placed.prepared { checked.prepared.append(prepared) }
            }
        }
        try await progress(rows.count)
        checked.prepared = await withKeys(checked.prepared, keys: keys)
        checked.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        return checked
    }

    /// One graduate from the 添加毕业生 form (`values` by field key): the same rules as a row of
    /// the import, and the same insert; row 1 in the problems stands for the form.
    package static func checkOne(_ values: [String: String], school: Int64, app: Application, on db: any Database, keys: KeyService) async throws -> Checked {
        let validator = GraduateRecordValidator(form: .standard, stage: .schoolImport, lookup: try await lookup(app, on: db))
        var checked = Checked()
        checked.total = 1
        switch validator.validate(values) {
        case .invalid(let problems):
            for problem in problems { checked.add(Problem(row: 1, column: problem.label, value: problem.value, message: problem.message)) }
        case .valid(let record):
            let placed = try await Org.load(school: school, on: db).place(record, row: 1)
            for problem in placed.problems { checked.add(Problem(row: 1, column: problem.column, value: problem.value, message: problem.message)) }
            if let prepared = placed.prepared { checked.prepared = await withKeys([prepared], keys: keys) }
        }
        return checked
    }

    /// Adds a problem for every checked row whose 学号 or 手机号 (identifier keys) or 证件号码
    /// (lookup hash) already belongs to an account.
    package static func addExisting(_ checked: inout Checked, on db: any Database) async throws {
        let rowsByStudentNo = Dictionary(checked.prepared.map { ($0.studentKey, $0) }, uniquingKeysWith: { a, _ in a })
        let rowsByDocument = Dictionary(checked.prepared.map { ($0.documentHash, $0) }, uniquingKeysWith: { a, _ in a })
        let rowsByPhone = Dictionary(checked.prepared.compactMap { p in p.phoneKey.map { ($0, p) } }, uniquingKeysWith: { a, _ in a })
        for key in try await existing(Array(rowsByStudentNo.keys) + Array(rowsByPhone.keys), in: "account_identifiers", column: "key", on: db) {
            if let prepared = rowsByStudentNo[key] {
                checked.add(Problem(row: prepared.row, column: "学号", value: prepared.record.studentNo, message: "已有账号使用该学号。"))
            } else if let prepared = rowsByPhone[key] {
                checked.add(Problem(row: prepared.row, column: "手机号码", value: Masking.phone(prepared.record[.phone] ?? ""), message: "已有账号使用该手机号。"))
            }
        }
        for hash in try await existing(Array(rowsByDocument.keys), in: "users", column: "id_number_hash", on: db) {
            if let prepared = rowsByDocument[hash] {
                checked.add(Problem(row: prepared.row, column: "证件号码", value: Masking.idNumber(prepared.record.documentNumber), message: "该证件号码已有账号，同一人只能有一个账号。"))
            }
        }
        checked.problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
    }

    /// Imports the checked rows, all or none; false when refused, with the report in `checked`.
    /// A file with problems is refused after looking up existing accounts too, so the report is
    /// whole. A clean file is inserted at once: a 学号, 手机号 or 证件号码 that already has an account
    /// breaks a unique key, the transaction rolls back, and the look-up then finds which rows,
    /// for the report. (Looking up 300,000 keys before every insert was a second per 100,000 rows
    /// for a case the database checks anyway.) `audit` runs inside the insert's transaction.
    package static func importChecked(_ checked: inout Checked, school: Int64, keys: KeyService, now: Int64, on db: any Database,
                              audit: @escaping @Sendable (any Database) async throws -> Void = { _ in }) async throws -> Bool {
        guard checked.problemCount == 0 else {
            try await addExisting(&checked, on: db)
            return false
        }
        do {
            try await insert(checked.prepared, school: school, keys: keys, now: now, on: db, audit: audit)
            return true
        } catch where (error as? any DatabaseError)?.isConstraintFailure == true {
            try await addExisting(&checked, on: db)
            guard checked.problemCount > 0 else { throw error }
            return false
        }
    }

    /// `transform` of every element, the first half on a second task (two cores: the rules of a
    /// 100,000-row file are a second of CPU).
    package static func halves<T: Sendable, R: Sendable>(_ items: [T], _ transform: @escaping @Sendable (T) -> R) async -> [R] {
        guard items.count > 2_000 else { return items.map(transform) }
        let half = items.count / 2
        async let first = Task.detached { items[..<half].map(transform) }.value
        let second = items[half...].map(transform)
        return await first + second
    }

    /// Which of `values` are already in `table.column` (an indexed column), a thousand at a time.
    /// On SQLite the statement goes straight to the driver (the query builder's per-value cost
    /// was a second on 300,000 keys); on PostgreSQL one array parameter per chunk.
    package static func existing(_ values: [String], in table: String, column: String, on db: any Database) async throws -> [String] {
        var found: [String] = []
        if let sqlite = db as? any SQLiteDatabase {
            for chunk in values.chunked(1_000) {
                let sql = "SELECT \"\(column)\" AS v FROM \"\(table)\" WHERE \"\(column)\" IN (" + Array(repeating: "?", count: chunk.count).joined(separator: ",") + ")"
                for row in try await sqlite.query(sql, chunk.map { SQLiteData.text($0) }) {
                    if let value = row.column("v")?.string { found.append(value) }
                }
            }
            return found
        }
        for chunk in values.chunked(10_000) {
            for row in try await db.sql.raw("SELECT \(ident: column) AS v FROM \(ident: table) WHERE \(ident: column) = ANY(\(bind: chunk))").all() {
                found.append(try row.decode(column: "v", as: String.self))
            }
        }
        return found
    }
}
