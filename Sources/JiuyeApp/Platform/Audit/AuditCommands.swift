import Foundation
import Vapor

/// `jiuye audit verify`: walks the operation-log chain and reports the first edited, deleted or
/// inserted row, and deletion of the newest rows against the exported heads. Exit 1 on a problem.
/// `jiuye audit verify --archive <file>`: re-checks an archive file against its record instead.
/// `jiuye audit archive --before YYYY-MM-DD --to <file>`: moves rows older than the cut-off
/// (at least 183 days ago) out of the database into JSON-lines files (see AuditArchive).
struct AuditCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "action", help: "verify | archive")
        var action: String

        @Option(name: "before", help: "archive: cut-off date YYYY-MM-DD (Beijing time), at least 183 days ago")
        var before: String?

        @Option(name: "to", help: "archive: the JSON-lines file to create; login-log rows go to <file>.logins.jsonl")
        var to: String?

        @Option(name: "archive", help: "verify: an archive file to check against its recorded SHA-256 and chain")
        var archive: String?
    }

    var help: String {
        "Audit log tools: `audit verify [--archive <file>]` checks the hash chain (or an archive file); "
            + "`audit archive --before YYYY-MM-DD --to <file>` archives rows older than the cut-off."
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        do {
            switch signature.action {
            case "verify":
                if let archive = signature.archive {
                    try await verifyArchive(archive, context: context)
                } else {
                    try await verifyChain(context: context)
                }
            case "archive":
                try await archive(signature, context: context)
            default:
                throw Abort(.badRequest, reason: "未知操作 / unknown action \(signature.action); use `audit verify` or `audit archive`")
            }
        } catch let error as AbortError {
            // A message and exit 1, not a crash trace.
            try await fail(error.reason, context: context)
        }
    }

    func verifyChain(context: CommandContext) async throws {
        let app = context.application
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        let report = try await AuditChain.verify(on: app.db, keys: app.keys, exported: exported)
        if let problem = report.problem {
            try await fail("审计日志校验失败 / audit chain broken: \(problem) (\(report.rows) rows verified before it)", context: context)
        }
        let archived = try await AuditArchive.records(on: app.db).count
        context.console.print("审计日志校验通过 / audit chain intact: \(report.rows) rows, \(exported.count) exported heads checked"
            + (archived > 0 ? ", continuing \(archived) archive(s)" : ""))
    }

    func verifyArchive(_ path: String, context: CommandContext) async throws {
        let app = context.application
        let report = try await AuditArchive.verifyFile(path, on: app.db, keys: app.keys)
        if !report.problems.isEmpty {
            let lines = report.problems.map { "  - \($0)" }.joined(separator: "\n")
            try await fail("归档文件校验失败 / archive file check failed: \(path)\n\(lines)", context: context)
        }
        context.console.print("归档文件校验通过 / archive intact: \(path), archive #\(report.archiveID ?? 0), \(report.rows) rows, checksum and chain match")
    }

    func archive(_ signature: Signature, context: CommandContext) async throws {
        let app = context.application
        guard let before = signature.before, let path = signature.to, !path.isEmpty else {
            try await fail("请同时给出 --before YYYY-MM-DD 和 --to <文件> / both --before YYYY-MM-DD and --to <file> are required", context: context)
        }
        let now = app.clock.now()
        let cutOff = try AuditArchive.cutOff(before, now: now)
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        guard let result = try await AuditArchive.archive(before: cutOff, to: path, now: now, exported: exported, on: app.db, keys: app.keys) else {
            context.console.print("\(before) 之前没有需要归档的日志 / nothing before \(before) to archive")
            return
        }
        let range = result.firstSeq.map { " (positions \($0)–\(result.lastSeq!))" } ?? ""
        context.console.print("已归档 / archived \(result.rows) operation-log rows\(range) to \(result.file)")
        context.console.print("已归档 / archived \(result.loginRows) login-log rows to \(result.loginFile)")
        context.console.print("SHA-256 \(result.sha256); record #\(result.id) in audit_archives. 请把两个文件存入离线介质 / keep both files offline.")
    }

    private func fail(_ message: String, context: CommandContext) async throws -> Never {
        context.console.error(message)
        try? await context.application.asyncShutdown()
        exit(1)
    }
}
