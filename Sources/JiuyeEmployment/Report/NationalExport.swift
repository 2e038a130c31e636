import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 上报: the registrations waiting for the national system (新增, 有改动) are checked
/// (`NationalPrecheck`); those that pass become one export batch in 上报中, those that fail stay
/// queued with their problems on the page. The file of a batch is made when it is downloaded
/// (`file`), from the batch's records, in `NationalReportLayout`; 确认已上报 moves the batch to 已上报.
/// The school admin starts a batch by hand, and the job runner once a day (`jobKind`).
package enum NationalExport {
    package static let jobKind = "national.export"
    /// How often the job runner makes a batch of what is waiting (one day).
    package static let interval: Int64 = 86_400

    package enum Kind: String, Sendable {
        case manual, scheduled
        package var label: String { self == .manual ? "学校管理员生成" : "定时任务生成" }
    }

    package struct Summary: Sendable {
        /// The batch made (nil when nothing passed the check).
        package var exportID: Int64?
        package var exported = 0
        package var heldBack = 0
    }

    /// Makes a batch of the queued registrations in `scope` (within `school`): checked a page at a
    /// time, passing ones written to `national_sync` as 上报中 in one transaction with the audit row.
    package static func run(app: Application, school: Int64, scope: Scope, kind: Kind, actor: CurrentUser?, ip: String?,
                            now: Int64, on db: any Database) async throws -> Summary {
        let reference = try await NationalSync.reference(app, on: db)
        let keys = app.keys
        var summary = Summary()
        var passed: [(caseID: Int64, data: String, sourceLock: Int64?, matchKey: String?)] = []
        var filter = NationalSync.Filter()
        filter.states = [.new, .changed]
        var within = scope
        within.restrict(.school, to: [String(school)])
        try await NationalSync.forEach(scope: within, filter: filter, keys: keys, on: db) { items in
            for item in items {
                guard let state = item.state, NationalSyncState.next(after: state, on: .exportStarted, policy: NationalSync.policy) == .exporting else { continue }
                guard NationalPrecheck.problems(item.record, reference: reference).isEmpty else {
                    summary.heldBack += 1
                    continue
                }
                passed.append((item.caseID, item.dataJSON, item.sourceLock, item.record.key.map { NationalSync.matchKey($0, keys: keys) }))
            }
        }
        summary.exported = passed.count
        guard !passed.isEmpty else { return summary }
        let counts = summary, records = passed
        summary.exportID = try await db.writeTransaction { db in
            let id = try await db.sql.raw("""
                INSERT INTO national_exports (school_id, kind, created_by, created_at, record_count, held_back_count)
                VALUES (\(bind: school), \(bind: kind.rawValue), \(bind: actor?.id), \(bind: now), \(bind: counts.exported), \(bind: counts.heldBack)) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            // A record exported again starts afresh: the earlier export and feedback are replaced.
            for chunk in records.chunked(500) {
                try await db.sql.delete(from: "national_sync").where("case_id", .in, SQLGroupExpression(chunk.map { SQLBind($0.caseID) })).run()
                var rows = BulkInsert("national_sync", ["case_id", "state", "export_id", "exported_at", "exported_data", "source_mark", "match_key", "updated_at"])
                for record in chunk {
                    rows.append([.int(record.caseID), .text(NationalSyncState.exporting.rawValue), .int(id), .int(now), .text(record.data),
                                 .int(record.sourceLock), .text(record.matchKey), .int(now)])
                }
                try await rows.flush(on: db)
            }
            try await Audit.record(.nationalExport, target: .nationalExport, id: id, changes: [
                .init("kind", after: kind.label), .init("rows", after: String(counts.exported)), .init("held_back", after: String(counts.heldBack)),
            ], actor: actor, ip: ip, now: now, keys: keys, on: db)
            return id
        }
        // The batch's file pages through national_sync by export right after this: PostgreSQL
        // plans it with the table's statistics, which a large batch has just made stale.
        if !db.isSQLite, records.count >= 1_000 {
            try await db.sql.raw("ANALYZE national_sync").run()
        }
        return summary
    }

    // MARK: Batches

    package struct Batch: Sendable {
        package let id: Int64
        package let kind: Kind
        package let createdAt: Int64
        package let createdBy: String?
        package let records: Int
        package let heldBack: Int
        package let confirmedAt: Int64?

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            kind = Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .manual
            createdAt = try row.decode(column: "created_at", as: Int64.self)
            createdBy = try row.decode(column: "created_by_name", as: String?.self)
            records = try row.decode(column: "record_count", as: Int.self)
            heldBack = try row.decode(column: "held_back_count", as: Int.self)
            confirmedAt = try row.decode(column: "confirmed_at", as: Int64?.self)
        }

        package var fileName: String {
            "全国系统上报数据-第\(id)批-\(records)条" + (heldBack > 0 ? "-另有\(heldBack)条未通过检查未包含" : "")
        }
    }

    static let batchSelect = """
        SELECT e.id, e.kind, e.created_at, e.record_count, e.held_back_count, e.confirmed_at, u.display_name AS created_by_name
        FROM national_exports e LEFT JOIN users u ON u.id = e.created_by
        """

    package static func batches(school: Int64, limit: Int, on db: any Database) async throws -> [Batch] {
        try await db.sql.raw("\(unsafeRaw: batchSelect) WHERE e.school_id = \(bind: school) ORDER BY e.id DESC LIMIT \(unsafeRaw: String(limit))")
            .all().map(Batch.init)
    }

    package static func batch(_ id: Int64, school: Int64, on db: any Database) async throws -> Batch? {
        try await db.sql.raw("\(unsafeRaw: batchSelect) WHERE e.id = \(bind: id) AND e.school_id = \(bind: school)").first().map(Batch.init)
    }

    /// The batch's file: its records in the reporting layout, built from their current data (a
    /// record changed since shows as 有改动 and goes into the next batch as well). A GET: no state changes.
    package static func file(_ req: Request, batch: Batch, scope: Scope) async throws -> Response {
        try await req.db.writeTransaction { db in
            try await req.audit(.nationalExportDownload, target: .nationalExport, id: batch.id,
                                changes: [.init("rows", after: String(batch.records)), .init("full", after: "完整个人信息")], on: db)
        }
        var batchFilter = NationalSync.Filter()
        batchFilter.exportID = batch.id
        let keys = req.keys, db = req.db, filter = batchFilter
        return SheetExport.response(req, filename: batch.fileName, format: .xlsx, personalData: .full, sheetName: "上报数据",
                                    columns: NationalReportLayout.headers.map { XLSXWriter.Column($0) }) { sink in
            try await NationalSync.forEach(scope: scope, filter: filter, keys: keys, on: db) { items in
                for item in items { try await sink.emit(NationalReportLayout.row(item.record).map { $0.isEmpty ? .empty : .text($0) }) }
            }
        }
    }

    /// 确认已上报: the batch's records still 上报中 become 已上报 (a record changed since stays 有改动).
    package static func confirm(_ req: Request, batch: Batch, user: CurrentUser) async throws -> Int {
        let now = req.now
        return try await req.db.writeTransaction { db in
            let moved = try await db.sql.raw("""
                UPDATE national_sync SET state = \(bind: NationalSyncState.reported.rawValue), updated_at = \(bind: now)
                WHERE export_id = \(bind: batch.id) AND state = \(bind: NationalSyncState.exporting.rawValue) RETURNING case_id
                """).all().count
            try await db.sql.update("national_exports").set("confirmed_at", to: SQLBind(now)).set("confirmed_by", to: SQLBind(user.id))
                .where("id", .equal, SQLBind(batch.id)).run()
            try await req.audit(.nationalExportConfirm, target: .nationalExport, id: batch.id, changes: [.init("rows", after: String(moved))], on: db)
            return moved
        }
    }

    // MARK: The job

    package static func register(on app: Application) {
        app.jobs.register(jobKind, label: "全国系统定时上报") { app, _ in try await runScheduled(app) }
        app.jobs.every(interval, jobKind)
    }

    /// One batch per school with registrations waiting; the batches wait on the page for download
    /// and 确认已上报 (the platform has no interface to the national system: the file is uploaded by hand).
    package static func runScheduled(_ app: Application) async throws {
        let schools = try await app.db.sql.raw("SELECT DISTINCT school_id FROM destination_cases ORDER BY school_id").all()
            .map { try $0.decode(column: "school_id", as: Int64.self) }
        for school in schools {
            let summary = try await run(app: app, school: school, scope: Scope([.school: [String(school)]]), kind: .scheduled, actor: nil, ip: nil,
                                        now: app.clock.now(), on: app.db)
            if let id = summary.exportID {
                app.logger.info("national export: school \(school) batch \(id) with \(summary.exported) records, \(summary.heldBack) held back")
            }
        }
    }
}
