import Fluent
import Foundation
import NIOConcurrencyHelpers
import JiuyeDomain
import SQLKit
import Vapor


/// 批次: steps that act on summaries (seed 002's 汇总 and 拨付) take a numbered batch of cases.
/// A batch is formed from selected cases (all or nothing), then acted on as one (批量通过), and one
/// case can be taken out and sent back with a reason.
package enum CaseBatches {
    /// Allocates the next number for the case type (unique; a clash with a concurrent former is retried).
    package static func allocate(_ type: CaseType, stepLabel: String, acting: CaseEngine.Acting) async throws -> Int {
        for _ in 0..<5 {
            let next = try await acting.db.sql.raw("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM case_batches WHERE case_type = \(bind: type.key)")
                .first()?.decode(column: "n", as: Int.self) ?? 1
            do {
                try await acting.db.sql.insert(into: "case_batches").columns("case_type", "number", "step_label", "created_by", "created_at")
                    .values(SQLBind(type.key), SQLBind(next), SQLBind(stepLabel), SQLBind(acting.user?.id), SQLBind(acting.now)).run()
                return next
            } catch {
                continue
            }
        }
        throw Abort(.conflict, reason: "批次号分配冲突，请重试。")
    }

    /// Puts the cases into a new batch; returns its number, or the refusal (no batch is left behind).
    package static func form(_ type: CaseType, rows: [CaseRow], acting: CaseEngine.Acting) async throws -> Result<Int, BatchFailure> {
        guard let first = rows.first, let step = first.state.currentStep(in: type.definition) else { return .failure(BatchFailure(outcome: .done(0))) }
        let number = try await allocate(type, stepLabel: step.label, acting: acting)
        let outcome = try await CaseEngine.actAll(type, rows: rows, action: .addToBatch(number: number), acting: acting)
        if case .done = outcome { return .success(number) }
        try await acting.db.sql.delete(from: "case_batches").where("case_type", .equal, SQLBind(type.key)).where("number", .equal, SQLBind(number)).run()
        return .failure(BatchFailure(outcome: outcome))
    }

    /// The cases of a batch, for the 汇总表 and for acting on the whole batch.
    package static func rows(_ type: CaseType, number: Int, on db: any Database) async throws -> [CaseRow] {
        try await db.sql.select().columns(type.columns).from(type.table).where("batch_number", .equal, SQLBind(number))
            .orderBy("id").cases(type)
    }
}

/// A batch that could not be formed, with why.
package struct BatchFailure: Error, Sendable {
    package let outcome: BatchOutcome
}
