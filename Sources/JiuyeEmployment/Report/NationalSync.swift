import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// The national sync of 毕业去向登记 (C7): which registrations are in it and in which state, read
/// in pages straight from the case table joined with the graduate's 生源 record. The state is
/// derived in SQL (`stateSQL`) from the case and its `national_sync` row, so that the engine is
/// not hooked and counts, filters and the export agree.
package enum NationalSync {
    /// Which review status starts the sync: `JIUYE_NATIONAL_SYNC_START` (a 审核情况 label of 毕业去向登记),
    /// default 初审通过 as seed 004 uploads "在进行院系审核后".
    package static let policy = NationalSyncPolicy(startStatus: Environment.get("JIUYE_NATIONAL_SYNC_START").flatMap { $0.isEmpty ? nil : $0 } ?? "初审通过")

    /// The status keys of the case table that are in the sync (初审通过 → step:final-review, 审核通过 → approved).
    package static let syncKeys: [String] = CaseEngine.statusGroups(CaseType.destination.definition)
        .filter { policy.startsSync($0.label) }.flatMap(\.keys)
        .filter { $0.allSatisfy { $0.isASCII && ($0.isLetter || $0 == ":" || $0 == "-") } }

    static var inSyncKeysSQL: String { "(" + (syncKeys.isEmpty ? "NULL" : syncKeys.map { "'\($0)'" }.joined(separator: ",")) + ")" }

    /// The graduate's 生源 was approved again since it was exported (or reopened by feedback).
    static var sourceChangedSQL: String {
        """
        EXISTS (SELECT 1 FROM source_cases sc WHERE sc.applicant_id = c.applicant_id AND sc.period = c.period \
        AND sc.status_key = 'approved' AND sc.lock <> COALESCE(ns.source_mark, -1))
        """
    }

    static var atSyncSQL: String { "c.status_key IN \(inSyncKeysSQL)" }

    /// The registration the national system is to have: the case's data at a sync status, else the
    /// version in force (a graduate editing a change of an approved registration, or waiting for
    /// the college's 初审 of it, is still registered as before).
    static var reportedDataSQL: String { "(CASE WHEN \(atSyncSQL) THEN c.data_json ELSE c.in_force_json END)" }

    /// The sync state of case `c` with its row `ns` (LEFT JOINed), as `NationalSyncState.rawValue`;
    /// NULL for a registration not in the sync. Mirrors `NationalSyncState.next`:
    /// - no row, at or past the start status or with a version in force → 新增;
    /// - 需复查, submitted again since the feedback (the graduate's fix, or staff's 代录) and back at a
    ///   sync status, or its 生源 approved again → 有改动;
    /// - 上报中/已上报, with other reported data than exported or a new 生源 → 有改动;
    /// - otherwise the stored state.
    package static var stateSQL: String {
        let atSync = atSyncSQL
        let reportable = "(\(atSync) OR c.in_force_json IS NOT NULL)"
        return """
            (CASE WHEN ns.case_id IS NULL THEN (CASE WHEN \(reportable) THEN 'new' END) \
            WHEN ns.state = 'needs-review' THEN (CASE WHEN \(atSync) AND (COALESCE(c.submitted_at, -1) <> COALESCE(ns.feedback_mark, -1) OR \(sourceChangedSQL)) \
            THEN 'changed' ELSE 'needs-review' END) \
            WHEN \(reportable) AND (\(reportedDataSQL) <> COALESCE(ns.exported_data, '') OR \(sourceChangedSQL)) THEN 'changed' \
            ELSE ns.state END)
            """
    }

    /// Only registrations in the sync: at a sync status, with a version in force, or exported before.
    static var inSyncSQL: String { "(ns.case_id IS NOT NULL OR \(atSyncSQL) OR c.in_force_json IS NOT NULL)" }

    /// What the list and the export filter on.
    package struct Filter: Sendable {
        package var states: [NationalSyncState] = []
        package var college: Int64?
        package var exportID: Int64?
        /// Keyset: case ids after (ascending) or before (descending) this one.
        package var after: Int64?
        /// Case ids up to this one (the export's windows of ids).
        package var through: Int64?
        package var ascending = false
    }

    /// cases `c` ⋈ national_sync `ns`, scoped to `scope` exactly as the reviewer list is, filtered.
    static func from(_ select: SQLSelectBuilder, scope: Scope, filter: Filter) -> SQLSelectBuilder {
        var query = select.from(SQLAlias(SQLIdentifier(CaseType.destination.table), as: SQLIdentifier("c")))
            .join(SQLAlias(SQLIdentifier("national_sync"), as: SQLIdentifier("ns")), method: SQLJoinMethod.left,
                  on: SQLColumn("case_id", table: "ns"), .equal, SQLColumn("id", table: "c"))
            .scoped(to: scope, columns: CaseType.destination.scope.sqlColumns)
            .where(SQLRaw(inSyncSQL))
        if !filter.states.isEmpty {
            query = query.where(SQLRaw(stateSQL), .in, SQLGroupExpression(filter.states.map { SQLBind($0.rawValue) }))
        }
        if let college = filter.college { query = query.where(SQLColumn("college_id", table: "c"), .equal, SQLBind(college)) }
        if let export = filter.exportID { query = query.where(SQLColumn("export_id", table: "ns"), .equal, SQLBind(export)) }
        if let after = filter.after {
            // Both sides of the join, so that each starts its index scan at the page (PostgreSQL
            // merges the two: with the bound on one side only it read the other from its start).
            query = query.where(SQLColumn("id", table: "c"), filter.ascending ? .greaterThan : .lessThan, SQLBind(after))
            if filter.exportID != nil {
                query = query.where(SQLColumn("case_id", table: "ns"), filter.ascending ? .greaterThan : .lessThan, SQLBind(after))
            }
        }
        if let through = filter.through {
            query = query.where(SQLColumn("id", table: "c"), .lessThanOrEqual, SQLBind(through))
            if filter.exportID != nil { query = query.where(SQLColumn("case_id", table: "ns"), .lessThanOrEqual, SQLBind(through)) }
        }
        return query
    }

    /// The keyset column: the case id, read from `national_sync` for one batch's records (so that a
    /// page is a range of its (export_id, case_id) index) and from the case table otherwise.
    static func keyColumn(_ filter: Filter) -> SQLColumn {
        filter.exportID != nil ? SQLColumn("case_id", table: "ns") : SQLColumn("id", table: "c")
    }

    /// How many registrations in scope stand in each state.
    package static func counts(scope: Scope, college: Int64?, on db: any Database) async throws -> [NationalSyncState: Int] {
        var filter = Filter()
        filter.college = college
        let select = db.sql.select().column(SQLAlias(SQLRaw(stateSQL), as: SQLIdentifier("sync_state")))
            .column(SQLAlias(SQLFunction("COUNT", args: SQLLiteral.all), as: SQLIdentifier("n")))
        var counts: [NationalSyncState: Int] = [:]
        for row in try await from(select, scope: scope, filter: filter).groupBy(SQLIdentifier("sync_state")).all() {
            guard let state = try row.decode(column: "sync_state", as: String?.self).flatMap(NationalSyncState.init(rawValue:)) else { continue }
            counts[state, default: 0] += try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// One registration's state (nil: not in the sync).
    package static func state(caseID: Int64, on db: any Database) async throws -> NationalSyncState? {
        try await from(db.sql.select().column(SQLAlias(SQLRaw(stateSQL), as: SQLIdentifier("sync_state"))), scope: .everything, filter: Filter())
            .where(SQLColumn("id", table: "c"), .equal, SQLBind(caseID)).first()?
            .decode(column: "sync_state", as: String?.self).flatMap(NationalSyncState.init(rawValue:))
    }

    // MARK: Records

    /// One registration in the sync with everything the check, the list and the file need.
    package struct Item: Sendable {
        package let caseID: Int64
        package let applicantID: Int64
        package let period: String
        package let name: String
        package let studentNo: String?
        package let collegeName: String
        package let statusKey: String
        package let statusLabel: String
        package let lock: Int64
        package let dataJSON: String
        package let state: NationalSyncState?
        /// The lock of the graduate's approved 生源 case, if any.
        package let sourceLock: Int64?
        package let feedbackType: NationalErrorType?
        package let feedbackReason: String?
        package let feedbackOutcome: String?
        package let exportedAt: Int64?
        package let record: NationalRecord

        package var data: [String: String] { record.destination }
    }

    /// A page of registrations (up to `limit`), newest first unless `filter.ascending`.
    package static func page(scope: Scope, filter: Filter, limit: Int, keys: KeyService, on db: any Database) async throws -> [Item] {
        var select = db.sql.select()
            .columns(["id", "applicant_id", "period", "status_key", "status_label", "lock"].map { SQLColumn($0, table: "c") })
            .column(SQLAlias(SQLRaw("COALESCE(\(reportedDataSQL), c.data_json)"), as: SQLIdentifier("data_json")))
            .column(SQLAlias(SQLRaw(stateSQL), as: SQLIdentifier("sync_state")))
            .column(SQLAlias(SQLRaw("""
                (SELECT sc.lock FROM source_cases sc WHERE sc.applicant_id = c.applicant_id AND sc.period = c.period AND sc.status_key = 'approved')
                """), as: SQLIdentifier("source_lock")))
            .columns(["feedback_type", "feedback_reason", "feedback_outcome", "exported_at"].map { SQLColumn($0, table: "ns") })
            .column(SQLColumn("user_id", table: "st")).column(SQLColumn("cohort", table: "st")).column(SQLColumn("level", table: "st"))
            .columns(["display_name", "student_no", "id_number_cipher", "phone_cipher"].map { SQLColumn($0, table: "u") })
            .column(SQLAlias(SQLColumn("name", table: "col"), as: SQLIdentifier("college_name")))
            .column(SQLAlias(SQLColumn("name", table: "mj"), as: SQLIdentifier("major_name")))
            .column(SQLAlias(SQLColumn("code", table: "mj"), as: SQLIdentifier("major_code")))
            .columns(["record_json", "personal_cipher", "education"].map { SQLColumn($0, table: "gr") })
        select = from(select, scope: scope, filter: filter)
            .join(SQLAlias(SQLIdentifier("students"), as: SQLIdentifier("st")), on: SQLColumn("user_id", table: "st"), .equal, SQLColumn("applicant_id", table: "c"))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("id", table: "u"), .equal, SQLColumn("applicant_id", table: "c"))
            .join(SQLAlias(SQLIdentifier("colleges"), as: SQLIdentifier("col")), on: SQLColumn("id", table: "col"), .equal, SQLColumn("college_id", table: "st"))
            .join(SQLAlias(SQLIdentifier("majors"), as: SQLIdentifier("mj")), on: SQLColumn("id", table: "mj"), .equal, SQLColumn("major_id", table: "st"))
            .join(SQLAlias(SQLIdentifier("graduate_records"), as: SQLIdentifier("gr")), method: SQLJoinMethod.left,
                  on: SQLColumn("user_id", table: "gr"), .equal, SQLColumn("applicant_id", table: "c"))
        return try await select.orderBy(SQLOrderBy(expression: keyColumn(filter), direction: filter.ascending ? SQLDirection.ascending : SQLDirection.descending))
            .limit(limit).all().map { try item($0, keys: keys) }
    }

    static func item(_ row: any SQLRow, keys: KeyService) throws -> Item {
        let graduate = try graduateValues(row, keys: keys)
        let dataJSON = try row.decode(column: "data_json", as: String.self)
        let data = FlatJSON.stringMap(dataJSON) ?? (try? JSONDecoder().decode([String: String].self, from: Data(dataJSON.utf8))) ?? [:]
        let level = EducationLevel(rawValue: try row.decode(column: "level", as: String.self))
        let cohort = try Int(graduate[.cohort] ?? "") ?? row.decode(column: "cohort", as: Int.self)
        let education = try graduate[.educationLevel] ?? row.decode(column: "education", as: String?.self) ?? ""
        let record = NationalRecord(
            cohort: cohort, educationCode: education, educationLevel: level,
            examineeNumber: graduate[.examineeNo] ?? "", name: graduate[.name] ?? "", documentNumber: graduate[.documentNumber] ?? "",
            majorCode: graduate[.majorCode] ?? "", majorName: graduate[.majorName] ?? "", sourceRegion: graduate[.sourceRegion] ?? "",
            mobilePhone: graduate[.phone] ?? "", destination: data)
        return Item(
            caseID: try row.decode(column: "id", as: Int64.self), applicantID: try row.decode(column: "applicant_id", as: Int64.self),
            period: try row.decode(column: "period", as: String.self), name: try row.decode(column: "display_name", as: String.self),
            studentNo: try row.decode(column: "student_no", as: String?.self), collegeName: try row.decode(column: "college_name", as: String.self),
            statusKey: try row.decode(column: "status_key", as: String.self),
            statusLabel: try row.decode(column: "status_label", as: String?.self) ?? "",
            lock: try row.decode(column: "lock", as: Int64.self), dataJSON: dataJSON,
            state: try row.decode(column: "sync_state", as: String?.self).flatMap(NationalSyncState.init(rawValue:)),
            sourceLock: try row.decode(column: "source_lock", as: Int64?.self),
            feedbackType: try row.decode(column: "feedback_type", as: String?.self).flatMap(NationalErrorType.init(rawValue:)),
            feedbackReason: try row.decode(column: "feedback_reason", as: String?.self),
            feedbackOutcome: try row.decode(column: "feedback_outcome", as: String?.self),
            exportedAt: try row.decode(column: "exported_at", as: Int64?.self), record: record)
    }

    /// The 生源 record's fields (personal ones opened), else the account's. Like
    /// `GraduateRecordExport.row`, but the account's sealed 证件号码 and 手机号 are opened only
    /// when the record lacks them (an export opens one sealed value per graduate, not three).
    static func graduateValues(_ row: any SQLRow, keys: KeyService) throws -> [GraduateField.Key: String] {
        var values: [GraduateField.Key: String] = [:]
        func merge(_ json: String?) {
            guard let json, let object = FlatJSON.stringMap(json) ?? (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) else { return }
            for (key, value) in object { if let field = GraduateField.Key(rawValue: key) { values[field] = value } }
        }
        merge(try row.decode(column: "record_json", as: String?.self))
        if let sealed = try row.decode(column: "personal_cipher", as: String?.self) { merge(try keys.decrypt(sealed)) }
        func fill(_ key: GraduateField.Key, _ value: () throws -> String?) rethrows {
            guard values[key]?.isEmpty ?? true, let value = try value(), !value.isEmpty else { return }
            values[key] = value
        }
        try fill(.name) { try row.decode(column: "display_name", as: String.self) }
        try fill(.studentNo) { try row.decode(column: "student_no", as: String?.self) }
        try fill(.majorCode) { try row.decode(column: "major_code", as: String.self) }
        try fill(.majorName) { try row.decode(column: "major_name", as: String.self) }
        try fill(.documentNumber) { try row.decode(column: "id_number_cipher", as: String?.self).map { try keys.decrypt($0) } }
        try fill(.phone) { try row.decode(column: "phone_cipher", as: String?.self).map { try keys.decrypt($0) } }
        return values
    }

    /// Every registration matching `filter` in ascending id order (the export), read in windows of
    /// `window` case ids. Windows, not LIMIT pages: the state is computed on the join, so with a
    /// LIMIT PostgreSQL hashed the whole of `national_sync` for every page (88 ms a page for a
    /// school of 100,000; 6 ms for a window).
    package static func forEach(scope: Scope, filter: Filter, keys: KeyService, on db: any Database, window: Int64 = 2_000,
                                _ body: ([Item]) async throws -> Void) async throws {
        let bounds = try await db.sql.select()
            .column(SQLAlias(SQLFunction("MIN", args: SQLColumn("id", table: "c")), as: SQLIdentifier("low")))
            .column(SQLAlias(SQLFunction("MAX", args: SQLColumn("id", table: "c")), as: SQLIdentifier("high")))
            .from(SQLAlias(SQLIdentifier(CaseType.destination.table), as: SQLIdentifier("c")))
            .scoped(to: scope, columns: CaseType.destination.scope.sqlColumns).first()
        guard let low = try bounds?.decode(column: "low", as: Int64?.self), let high = try bounds?.decode(column: "high", as: Int64?.self) else { return }
        var filter = filter
        filter.ascending = true
        var start = max(low - 1, filter.after ?? Int64.min)
        while start < high {
            let end = start < high - window ? start + window : high
            filter.after = start
            filter.through = end
            let items = try await page(scope: scope, filter: filter, limit: Int(window), keys: keys, on: db)
            if !items.isEmpty { try await body(items) }
            start = end
        }
    }

    /// The keyed hash a feedback row is matched by: 年度|学历|考生号.
    package static func matchKey(_ key: NationalRecordKey, keys: KeyService) -> String {
        keys.lookupHash("national|\(key.cohort)|\(key.education)|\(key.examineeNumber)")
    }

    // MARK: Reference data

    /// The check's reference data from the code tables: 行政区划 with levels, 单位性质, 单位行业,
    /// 院校, 国家和地区, and the 专业目录 by level (本科, 研究生 for 硕士 and 博士, 高职专科). No
    /// successor table of retired 行政区划 codes and no accepted-unit-name list exist yet: those
    /// two checks run without them (a retired code is "不是标准代码" without its successor).
    package static func reference(_ app: Application, on db: any Database) async throws -> NationalReference {
        let codes = try await GraduateImport.lookup(app, on: db)
        var byLevel: [EducationLevel: [CodeEntry]] = [:]
        for row in try await db.sql.raw("SELECT variant, code, name FROM codes WHERE table_key = 'majors'").all() {
            let variant = try row.decode(column: "variant", as: String.self)
            let entry = CodeEntry(code: try row.decode(column: "code", as: String.self), label: try row.decode(column: "name", as: String.self))
            let levels: [EducationLevel] = variant.hasPrefix("undergraduate") ? [.bachelor]
                : variant.hasPrefix("graduate") ? [.master, .doctor] : variant.hasPrefix("vocational") ? [.junior] : []
            for level in levels { byLevel[level, default: []].append(entry) }
        }
        return NationalReference(codes: codes, major: NationalReference.majorCatalogue(byLevel))
    }
}
