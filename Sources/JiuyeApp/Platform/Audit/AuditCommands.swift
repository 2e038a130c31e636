import Foundation
import Vapor

/// `jiuye audit verify`: walks the operation-log chain and reports the first edited, deleted or
/// inserted row, and deletion of the newest rows against the exported heads. Exit 1 on a problem.
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify")
        var action: String
    }

    var help: String { "Audit log tools: `audit verify` checks the hash chain." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.action == "verify" else { throw Abort(.badRequest, reason: "unknown action \(signature.action); use `audit verify`") }
        let app = context.application
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        let report = try await AuditChain.verify(on: app.db, keys: app.keys, exported: exported)
        if let problem = report.problem {
            context.console.error("审计日志校验失败 / audit chain broken: \(problem) (\(report.rows) rows verified before it)")
            try? await app.asyncShutdown()
            exit(1)
        }
        context.console.print("审计日志校验通过 / audit chain intact: \(report.rows) rows, \(exported.count) exported heads checked")
    }
}
