import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// The degree registry (学信网 / 教育部) behind an adapter (review E9). The default is the table
/// the city imports; a real registry plugs in here. The seed warns "偶尔可能会出现教育部接口不稳定
/// 的情况，请耐心等待": every call has a timeout and is tried again, and while the registry does
/// not answer the application carries 待核验 instead of being refused. A daily job asks again for
/// the applications still 待核验.
package protocol DegreeRegistry: Sendable {
    /// What the registry holds of `diploma` for the person with ID hash `idHash`.
    func status(diploma: String, idHash: String, on db: any Database) async throws -> SubsidyChecks.DegreeStatus
}

/// The default: the imported table. A number found for this person is verified; found for
/// someone else, or not found while the table holds this person's numbers, is a mismatch;
/// nothing at all for the person is 待核验 (the registry has not answered for them yet).
package struct ImportedDegreeRegistry: DegreeRegistry {
    package init() {}

    package func status(diploma: String, idHash: String, on db: any Database) async throws -> SubsidyChecks.DegreeStatus {
        if let row = try await db.sql.raw("SELECT id_number_hash FROM subsidy_degrees WHERE diploma_no = \(bind: diploma)").first() {
            return try row.decode(column: "id_number_hash", as: String.self) == idHash ? .verified : .mismatch
        }
        let known = try await db.sql.raw("SELECT diploma_no FROM subsidy_degrees WHERE id_number_hash = \(bind: idHash)").first()
        return known == nil ? .pending : .mismatch
    }
}

/// The registry with its timeout and retries.
package struct DegreeRegistryClient: Sendable {
    package var registry: any DegreeRegistry
    /// How long one call may take.
    package var timeout: Duration
    /// Calls in all before giving up for now (待核验).
    package var attempts: Int

    package init(registry: any DegreeRegistry = ImportedDegreeRegistry(), timeout: Duration = .seconds(5), attempts: Int = 2) {
        self.registry = registry
        self.timeout = timeout
        self.attempts = max(1, min(attempts, 5))
    }

    struct TimedOut: Error {}

    /// The registry's answer, or nil when it did not answer (timeout or error) in any attempt.
    package func ask(diploma: String, idHash: String, on db: any Database, logger: Logger) async -> SubsidyChecks.DegreeStatus? {
        for attempt in 1...attempts {
            switch await once(diploma: diploma, idHash: idHash, on: db) {
            case .success(let status): return status
            case .failure(let error): logger.warning("学历学位核验接口第 \(attempt) 次未应答：\(error is TimedOut ? "超时" : "调用失败")")
            }
        }
        return nil
    }

    /// One call raced against the timeout. The call runs in its own task, so a registry that
    /// ignores cancellation cannot hold the applicant's request past the timeout.
    func once(diploma: String, idHash: String, on db: any Database) async -> Result<SubsidyChecks.DegreeStatus, any Error> {
        let (registry, timeout) = (registry, timeout)
        return await withCheckedContinuation { continuation in
            let resumed = NIOLockedValueBox(false)
            let finish: @Sendable (Result<SubsidyChecks.DegreeStatus, any Error>) -> Void = { result in
                let first = resumed.withLockedValue { done in
                    defer { done = true }
                    return !done
                }
                if first { continuation.resume(returning: result) }
            }
            let call = Task {
                do { finish(.success(try await registry.status(diploma: diploma, idHash: idHash, on: db))) } catch { finish(.failure(error)) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                call.cancel()
                finish(.failure(TimedOut()))
            }
        }
    }

    /// The outcome stored on the application: 国外学历 goes to the reviewers by hand; an
    /// unanswered registry is 待核验 and the application goes on.
    package func status(diploma: String, idHash: String?, foreign: Bool, on db: any Database, logger: Logger) async -> (SubsidyChecks.DegreeStatus, answered: Bool) {
        if foreign { return (.manual, true) }
        guard let idHash else { return (.pending, true) }
        guard let answer = await ask(diploma: diploma, idHash: idHash, on: db, logger: logger) else { return (.pending, false) }
        return (answer, true)
    }
}

extension Application {
    private struct DegreeRegistryKey: StorageKey { typealias Value = DegreeRegistryClient }

    /// The degree registry of the 生活补贴 module; the imported table unless replaced.
    package var subsidyDegrees: DegreeRegistryClient {
        get { storage[DegreeRegistryKey.self] ?? DegreeRegistryClient() }
        set { storage[DegreeRegistryKey.self] = newValue }
    }
}

/// 学历学位重新核验: once a day, the applications still 待核验 that are under review are asked
/// of the registry again; an answer replaces 待核验 on the application (a mismatch is left to
/// the reviewers, who see it on the case) and is audited.
package enum SubsidyDegreeRecheck {
    package static let kind = "subsidy.degree-recheck"

    package static func register(on app: Application) {
        app.jobs.register(kind, label: "学历学位重新核验") { app, _ in _ = try await run(app) }
        app.jobs.every(86_400, kind)
    }

    /// Asks again for every pending application; returns how many got an answer.
    package static func run(_ app: Application) async throws -> Int {
        let pending = SubsidyChecks.DegreeStatus.pending.label
        let rows = try await app.db.sql.raw("""
            SELECT c.id, c.lock, c.data_json, u.id_number_hash FROM subsidy_cases c JOIN users u ON u.id = c.applicant_id
            WHERE (c.status_key LIKE 'step:%' OR c.status_key LIKE 'publicity:%') AND c.data_json LIKE \(bind: "%" + pending + "%") ORDER BY c.id LIMIT 2000
            """).all()
        let client = app.subsidyDegrees
        var answered = 0
        for row in rows {
            let id = try row.decode(column: "id", as: Int64.self), lock = try row.decode(column: "lock", as: Int64.self)
            guard var data = try? JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data_json", as: String.self).utf8)),
                  data[SubsidyCase.Field.degreeCheck.rawValue] == pending, let diploma = data[SubsidyCase.Field.diplomaNo.rawValue],
                  let idHash = try row.decode(column: "id_number_hash", as: String?.self) else { continue }
            guard let status = await client.ask(diploma: diploma, idHash: idHash, on: app.db, logger: app.logger), status != .pending else { continue }
            data[SubsidyCase.Field.degreeCheck.rawValue] = status.label
            let json = String(decoding: try JSONEncoder.sorted.encode(data), as: UTF8.self)
            let now = app.clock.now(), keys = app.keys
            let updated: Bool = try await app.db.writeTransaction { db in
                // Only if the case has not moved meanwhile (its lock is unchanged).
                guard try await db.sql.raw("""
                    UPDATE subsidy_cases SET data_json = \(bind: json) WHERE id = \(bind: id) AND lock = \(bind: lock) RETURNING id
                    """).first() != nil else { return false }
                try await Audit.record(.subsidyDegreeRecheck, target: .caseType(SubsidyCase.type), id: id,
                                       changes: [.init("degree_check", before: pending, after: status.label)], actor: nil, ip: nil, now: now, keys: keys, on: db)
                return true
            }
            if updated { answered += 1 }
        }
        return answered
    }
}

extension AuditAction {
    package static let subsidyDegreeRecheck = AuditAction("subsidy.degree-recheck", "学历学位重新核验")
}
