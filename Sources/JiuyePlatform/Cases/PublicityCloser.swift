import Fluent
import Foundation
import NIOConcurrencyHelpers
import JiuyeDomain
import SQLKit
import Vapor


/// The job runner's part: 公示 ends at its deadline (the engine's `closePublicity`, which only the
/// job runner may do). Runs every five minutes over every case type that has a publicity step.
package enum PublicityCloser {
    package static let jobKind = "cases.close-publicity"

    package static func register(on app: Application) {
        app.jobs.register(jobKind, label: "公示到期处理") { app, _ in _ = try await run(app, types: app.caseTypes.all) }
        app.jobs.every(300, jobKind)
    }

    /// Closes every due publicity; returns how many cases moved on.
    package static func run(_ app: Application, types: [CaseType]) async throws -> Int {
        var closed = 0
        for type in types where type.definition.steps.contains(where: { $0.kind == .publicity }) {
            let rows = try await app.db.sql.select().columns(type.columns).from(type.table)
                .where("status_key", .like, SQLBind("publicity:%")).cases(type)
            for row in rows where row.state.publicityIsDue(now: app.clock.now()) {
                if case .done = try await CaseEngine.act(type, row: row, action: .closePublicity, acting: .jobRunner(app)) { closed += 1 }
            }
        }
        return closed
    }
}
