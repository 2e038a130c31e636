import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 全国系统信息反馈 (seed 004 §2(5), C8): the school admin uploads the national system's feedback
/// file; each row is matched by 年度 + 学历 + 考生号 to a graduate of the school and routed by its
/// 错误类型 (`NationalFeedbackRouting`). The file is read in the request and not kept; what was
/// done with each row is kept in `national_feedback` for the result page.
package enum NationalFeedbackImport {
    package static let maxFileSize = 10 * 1024 * 1024

    /// One row's outcome, as the result page lists it.
    package struct Outcome: Codable, Sendable, Equatable {
        package enum Status: String, Codable, Sendable {
            case matched, notFound = "not-found", unreadable, outOfScope = "out-of-scope"
            package var label: String {
                switch self {
                case .matched: "已对应"
                case .notFound: "未找到"
                case .unreadable: "无法读取"
                case .outOfScope: "不在管理范围"
                }
            }
        }
        package var row: Int
        package var status: Status
        package var name: String?
        package var studentNo: String?
        /// 考生号, masked.
        package var examinee: String?
        package var errorType: String?
        package var reason: String?
        /// What was done, in Chinese.
        package var result: String
    }

    package struct Stored: Sendable {
        package let id: Int64
        package let fileName: String
        package let createdAt: Int64
        package let outcomes: [Outcome]

        package func count(_ status: Outcome.Status) -> Int { outcomes.filter { $0.status == status }.count }
    }

    package enum Failure: Error {
        /// The file cannot be read as a feedback file: why, in Chinese.
        case unreadable(String)
    }

    /// Reads, matches and routes a feedback file; returns the stored result's id.
    package static func process(_ req: Request, user: CurrentUser, school: Int64, fileName: String, bytes: [UInt8]) async throws -> Int64 {
        var rows: [[String]] = []
        do {
            _ = try GraduateImport.forEachRow(bytes) { rows.append($0) }
        } catch GraduateImport.Failure.unreadable(let message) {
            throw Failure.unreadable(message)
        }
        let lookup = try await GraduateImport.lookup(req.application, on: req.db)
        let lines: [NationalFeedback.Line]
        do {
            lines = try NationalFeedback.parse(rows) { lookup.entry(in: .educationLevel, matching: $0)?.code }
        } catch {
            throw Failure.unreadable(error.message)
        }
        let items = lines.compactMap { line -> NationalFeedback.Item? in if case .routed(let item) = line { return item } else { return nil } }
        let matches = try await match(items.map(\.key), school: school, keys: req.keys, on: req.db)
        var outcomes: [Outcome] = []
        for line in lines {
            switch line {
            case .unreadable(let row, let problem):
                outcomes.append(Outcome(row: row, status: .unreadable, result: problem))
            case .routed(let item):
                var outcome = Outcome(row: item.rowNumber, status: .notFound, name: item.name, examinee: mask(item.key.examineeNumber),
                                      errorType: item.errorType.label, reason: item.reason,
                                      result: "本校没有年度 \(item.key.cohort)、学历代码 \(item.key.education)、该考生号的毕业生；如确为本校毕业生，请先核对或新增其生源信息。")
                if let found = matches[item.key] {
                    outcome = try await NationalFeedbackRouting.route(item, to: found, outcome: outcome, user: user, req: req)
                }
                outcomes.append(outcome)
            }
        }
        let json = String(decoding: try JSONEncoder.sorted.encode(outcomes), as: UTF8.self)
        let now = req.now
        let counted = outcomes
        return try await req.db.writeTransaction { db in
            let id = try await db.sql.raw("""
                INSERT INTO national_feedback (school_id, created_by, created_at, file_name, total_rows, matched_rows, not_found_rows, unreadable_rows, outcomes_json)
                VALUES (\(bind: school), \(bind: user.id), \(bind: now), \(bind: fileName), \(bind: counted.count),
                \(bind: counted.filter { $0.status == .matched }.count), \(bind: counted.filter { $0.status == .notFound }.count),
                \(bind: counted.filter { $0.status == .unreadable }.count), \(bind: json)) RETURNING id
                """).first()!.decode(column: "id", as: Int64.self)
            try await req.audit(.nationalFeedback, target: .nationalFeedback, id: id, changes: [
                .init("file", after: fileName), .init("rows", after: String(counted.count)),
                .init("not_found", after: String(counted.filter { $0.status == .notFound }.count)),
                .init("unreadable", after: String(counted.filter { $0.status == .unreadable }.count)),
            ], on: db)
            return id
        }
    }

    static func mask(_ examinee: String) -> String {
        examinee.count > 6 ? String(examinee.prefix(4)) + String(repeating: "*", count: examinee.count - 6) + String(examinee.suffix(2)) : "***"
    }

    // MARK: Matching

    /// A graduate of the school a feedback row names, with the registration of that year if any.
    package struct Match: Sendable {
        package let applicantID: Int64
        package let period: String
        package let destinationCaseID: Int64?
    }

    /// Finds each key's graduate: first by the keyed hash kept when the record was exported (no
    /// decryption), then for the rest by opening the 生源 records of the school's graduates of the
    /// cohorts named, a page at a time (考生号 is sealed).
    static func match(_ wanted: [NationalRecordKey], school: Int64, keys: KeyService, on db: any Database) async throws -> [NationalRecordKey: Match] {
        var found: [NationalRecordKey: Match] = [:]
        let byHash = Dictionary(wanted.map { (NationalSync.matchKey($0, keys: keys), $0) }, uniquingKeysWith: { first, _ in first })
        for chunk in Array(byHash.keys).chunked(500) {
            for row in try await db.sql.raw("""
                SELECT ns.match_key, c.id, c.applicant_id, c.period FROM national_sync ns JOIN destination_cases c ON c.id = ns.case_id
                WHERE c.school_id = \(bind: school) AND ns.match_key IN \(SQLGroupExpression(chunk.map { SQLBind($0) }))
                """).all() {
                guard let key = byHash[try row.decode(column: "match_key", as: String.self)] else { continue }
                found[key] = Match(applicantID: try row.decode(column: "applicant_id", as: Int64.self), period: try row.decode(column: "period", as: String.self),
                                   destinationCaseID: try row.decode(column: "id", as: Int64.self))
            }
        }
        let missing = Set(wanted).subtracting(found.keys)
        guard !missing.isEmpty else { return found }
        let cohorts = Set(missing.map(\.cohort)).sorted()
        var after: Int64 = 0
        while true {
            let rows = try await db.sql.raw("""
                SELECT gr.user_id, gr.record_json, gr.personal_cipher, gr.education, st.cohort FROM graduate_records gr JOIN students st ON st.user_id = gr.user_id
                WHERE gr.school_id = \(bind: school) AND st.cohort IN \(SQLGroupExpression(cohorts.map { SQLBind($0) })) AND gr.user_id > \(bind: after)
                ORDER BY gr.user_id LIMIT \(unsafeRaw: String(SheetExport.pageSize))
                """).all()
            for row in rows {
                let user = try row.decode(column: "user_id", as: Int64.self)
                after = user
                guard let personal = try? keys.decrypt(try row.decode(column: "personal_cipher", as: String.self)),
                      let examinee = object(personal)[GraduateField.Key.examineeNo.rawValue] else { continue }
                let open = object(try row.decode(column: "record_json", as: String.self))
                let cohort = try open[GraduateField.Key.cohort.rawValue].flatMap(Int.init) ?? row.decode(column: "cohort", as: Int.self)
                let education = try open[GraduateField.Key.educationLevel.rawValue] ?? row.decode(column: "education", as: String?.self) ?? ""
                let key = NationalRecordKey(cohort: cohort, education: education, examineeNumber: examinee)
                guard missing.contains(key), found[key] == nil else { continue }
                found[key] = Match(applicantID: user, period: String(cohort), destinationCaseID: nil)
            }
            guard rows.count == SheetExport.pageSize else { break }
        }
        // Their registrations of that year (a graduate may have none yet).
        for (key, match) in found where match.destinationCaseID == nil {
            let id = try await db.sql.select().column("id").from(CaseType.destination.table)
                .where("applicant_id", .equal, SQLBind(match.applicantID)).where("period", .equal, SQLBind(match.period))
                .first()?.decode(column: "id", as: Int64.self)
            found[key] = Match(applicantID: match.applicantID, period: match.period, destinationCaseID: id)
        }
        return found
    }

    static func object(_ json: String) -> [String: String] {
        (try? JSONDecoder().decode([String: String].self, from: Data(json.utf8))) ?? [:]
    }

    // MARK: Stored results

    package static func load(_ id: Int64, school: Int64, on db: any Database) async throws -> Stored? {
        guard let row = try await db.sql.raw("""
            SELECT id, file_name, created_at, outcomes_json FROM national_feedback WHERE id = \(bind: id) AND school_id = \(bind: school)
            """).first() else { return nil }
        return Stored(id: try row.decode(column: "id", as: Int64.self), fileName: try row.decode(column: "file_name", as: String.self),
                      createdAt: try row.decode(column: "created_at", as: Int64.self),
                      outcomes: try JSONDecoder().decode([Outcome].self, from: Data(try row.decode(column: "outcomes_json", as: String.self).utf8)))
    }

    package struct Recent: Sendable {
        package let id: Int64
        package let fileName: String
        package let createdAt: Int64
        package let total: Int
        package let matched: Int
        package let notFound: Int
        package let unreadable: Int
    }

    package static func recent(school: Int64, on db: any Database) async throws -> [Recent] {
        try await db.sql.raw("""
            SELECT id, file_name, created_at, total_rows, matched_rows, not_found_rows, unreadable_rows FROM national_feedback
            WHERE school_id = \(bind: school) ORDER BY id DESC LIMIT 10
            """).all().map { row in
            Recent(id: try row.decode(column: "id", as: Int64.self), fileName: try row.decode(column: "file_name", as: String.self),
                   createdAt: try row.decode(column: "created_at", as: Int64.self), total: try row.decode(column: "total_rows", as: Int.self),
                   matched: try row.decode(column: "matched_rows", as: Int.self), notFound: try row.decode(column: "not_found_rows", as: Int.self),
                   unreadable: try row.decode(column: "unreadable_rows", as: Int.self))
        }
    }
}
