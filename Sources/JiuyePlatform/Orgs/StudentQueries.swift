import Fluent
import JiuyeDomain
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Reads of graduates (students table joined with account and org names).
package enum StudentQueries {
    package struct Filter: Sendable {
        package var cohort: Int?
        package var level: String?
        package var collegeID: Int64?
        package var keyword: String?
        package var page: Int = 1
        package var pageSize: Int = 20

        package init() {}
    }

    package struct Row: Decodable, Sendable {
        package let user_id: Int64
        package let display_name: String
        package let student_no: String?
        package let id_number_cipher: String?
        package let phone_cipher: String?
        package let cohort: Int
        package let level: String
        package let gender: String?
        package let college_name: String
        package let major_name: String
        package let class_name: String?

        /// By hand, column by column (the list decodes 20 of these on every view).
        package init(decoding row: any SQLRow) throws {
            user_id = try row.decode(column: "user_id", as: Int64.self)
            display_name = try row.decode(column: "display_name", as: String.self)
            student_no = try row.decode(column: "student_no", as: String?.self)
            id_number_cipher = try row.decode(column: "id_number_cipher", as: String?.self)
            phone_cipher = try row.decode(column: "phone_cipher", as: String?.self)
            cohort = try row.decode(column: "cohort", as: Int.self)
            level = try row.decode(column: "level", as: String.self)
            gender = try row.decode(column: "gender", as: String?.self)
            college_name = try row.decode(column: "college_name", as: String.self)
            major_name = try row.decode(column: "major_name", as: String.self)
            class_name = try row.decode(column: "class_name", as: String?.self)
        }
    }

    package static func base(_ db: any Database) -> SQLSelectBuilder {
        db.sql.select()
            .column(SQLColumn("user_id", table: "st"))
            .column(SQLColumn("display_name", table: "u"))
            .column(SQLColumn("student_no", table: "u"))
            .column(SQLColumn("id_number_cipher", table: "u"))
            .column(SQLColumn("phone_cipher", table: "u"))
            .column(SQLColumn("cohort", table: "st"))
            .column(SQLColumn("level", table: "st"))
            .column(SQLColumn("gender", table: "st"))
            .column(SQLAlias(SQLColumn("name", table: "c"), as: SQLIdentifier("college_name")))
            .column(SQLAlias(SQLColumn("name", table: "m"), as: SQLIdentifier("major_name")))
            .column(SQLAlias(SQLColumn("name", table: "cl"), as: SQLIdentifier("class_name")))
            .from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("st")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "st"))
            .join(SQLAlias(SQLIdentifier("colleges"), as: SQLIdentifier("c")), on: SQLColumn("id", table: "c"), .equal, SQLColumn("college_id", table: "st"))
            .join(SQLAlias(SQLIdentifier("majors"), as: SQLIdentifier("m")), on: SQLColumn("id", table: "m"), .equal, SQLColumn("major_id", table: "st"))
            .join(SQLAlias(SQLIdentifier("classes"), as: SQLIdentifier("cl")), method: SQLJoinMethod.left, on: SQLColumn("id", table: "cl"), .equal, SQLColumn("class_id", table: "st"))
    }

    package static func apply(_ filter: Filter, to query: SQLSelectBuilder, keys: KeyService) -> SQLSelectBuilder {
        var query = query
        if let cohort = filter.cohort { query = query.where(SQLColumn("cohort", table: "st"), .equal, SQLBind(cohort)) }
        if let level = filter.level { query = query.where(SQLColumn("level", table: "st"), .equal, SQLBind(level)) }
        if let college = filter.collegeID { query = query.where(SQLColumn("college_id", table: "st"), .equal, SQLBind(college)) }
        if let keyword = filter.keyword, !keyword.isEmpty {
            // Name prefix, exact 学号, or exact 证件号码 through its keyed hash (never a scan of plaintext).
            let idHash = keys.lookupHash((try? DocumentNumber.normalise(keyword, type: .residentID)) ?? keyword.uppercased())
            query = query.where { group in
                group.where(SQLColumn("display_name", table: "u"), .like, SQLBind(escapeLike(keyword) + "%"))
                    .orWhere(SQLColumn("student_no", table: "u"), .equal, SQLBind(keyword.lowercased()))
                    .orWhere(SQLColumn("id_number_hash", table: "u"), .equal, SQLBind(idHash))
            }
        }
        return query
    }

    /// The students of `scope` matching `filter`, as a query over `students st` alone (joined
    /// with `users u` only when a keyword needs the name), so indexes answer it.
    package static func matching(scope: Scope, filter: Filter, select: SQLSelectBuilder, keys: KeyService) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("st")))
        if let keyword = filter.keyword, !keyword.isEmpty {
            query = query.join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "st"))
        }
        return apply(filter, to: query, keys: keys).scoped(to: scope, columns: ScopeFilter.studentColumns)
    }

    /// One page of the list and the total. The total comes from `counts` (kept a minute per scope
    /// and filter, emptied by every write to the students table in this instance): counting the
    /// matching rows cost more than the page itself on every view. A keyword search counts its
    /// own (few) rows each time. The page's 20 ids come from the students index, then the joins
    /// for those ids only; rows are decoded by hand (the Codable decoder cost more than the query).
    package static func list(scope: Scope, filter: Filter, counts: StudentCounts, now: Int64, on db: any Database, keys: KeyService) async throws -> (rows: [Row], total: Int) {
        let cacheKey = (filter.keyword ?? "").isEmpty ? StudentCounts.key(scope: scope, filter: filter) : nil
        var total = cacheKey.flatMap { counts.get($0, now: now) }
        if total == nil {
            let count = try await matching(scope: scope, filter: filter,
                                           select: db.sql.select().column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n"))), keys: keys)
                .first()?.decode(column: "n", as: Int.self) ?? 0
            if let cacheKey { counts.put(cacheKey, count, until: now + 60) }
            total = count
        }
        let page = matching(scope: scope, filter: filter, select: db.sql.select().column(SQLColumn("user_id", table: "st")), keys: keys)
            .orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "st"), direction: SQLDirection.descending))
            .limit(filter.pageSize).offset(PageNumber.offset(page: filter.page, pageSize: filter.pageSize))
        let rows = try await base(db)
            .join(SQLAlias(SQLGroupExpression(page.select), as: SQLIdentifier("page")), on: SQLColumn("user_id", table: "page"), .equal, SQLColumn("user_id", table: "st"))
            .orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "st"), direction: SQLDirection.descending))
            .all().map(Row.init(decoding:))
        return (rows, total ?? 0)
    }

    /// One graduate, only if inside `scope` (else nil → 404).
    package static func find(userID: Int64, scope: Scope, on db: any Database) async throws -> Row? {
        try await base(db).where(SQLColumn("user_id", table: "st"), .equal, SQLBind(userID))
            .scoped(to: scope, columns: ScopeFilter.studentColumns)
            .first(decoding: Row.self)
    }

    /// The student's own profile for their home page.
    package static func profile(userID: Int64, on db: any Database, keys: KeyService) async throws -> [(String, String)] {
        guard let row = try await base(db).where(SQLColumn("user_id", table: "st"), .equal, SQLBind(userID)).first(decoding: Row.self) else { return [] }
        return [("学号", row.student_no ?? "—"), ("院系", row.college_name), ("专业", row.major_name), ("班级", row.class_name ?? "—"),
                ("届别", "\(row.cohort)届"), ("学历", row.level),
                ("证件号码", try row.id_number_cipher.map { Masking.idNumber(try keys.decrypt($0)) } ?? "—"),
                ("手机号", try row.phone_cipher.map { Masking.phone(try keys.decrypt($0)) } ?? "—")]
    }

    package static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "")
    }
}

/// How many graduates a scope and filter match, kept a minute: 毕业生名单 shows 共 N 条 on every
/// view, and counting thousands of index entries cost more than the page. Every write to the
/// students table in this instance empties it (导入, 添加); another instance's write shows
/// within the minute.
package final class StudentCounts: Sendable {
    private let entries = NIOLockedValueBox<[String: (until: Int64, n: Int)]>([:])

    package init() {}

    package static func key(scope: Scope, filter: StudentQueries.Filter) -> String {
        let scopePart = ScopeDimension.allCases.map { "\($0.rawValue)=\(scope.values[$0]?.sorted().joined(separator: ",") ?? "*")" }.joined(separator: ";")
        return scopePart + "|" + [filter.cohort.map(String.init) ?? "", filter.level ?? "", filter.collegeID.map(String.init) ?? ""].joined(separator: ",")
            + (scope.isEmpty ? "|none" : "")
    }

    package func get(_ key: String, now: Int64) -> Int? {
        entries.withLockedValue { entries in entries[key].flatMap { $0.until > now ? $0.n : nil } }
    }

    package func put(_ key: String, _ n: Int, until: Int64) {
        entries.withLockedValue { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = (until, n)
        }
    }

    /// After a write to the students table.
    package func invalidate() { entries.withLockedValue { $0.removeAll() } }
}

extension Application {
    private struct StudentCountsKey: StorageKey { typealias Value = StudentCounts }

    package var studentCounts: StudentCounts {
        if let counts = storage[StudentCountsKey.self] { return counts }
        let counts = StudentCounts()
        storage[StudentCountsKey.self] = counts
        return counts
    }
}
