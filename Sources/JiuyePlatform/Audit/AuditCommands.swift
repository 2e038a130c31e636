import Foundation
import Vapor

/// `jiuye audit verify`: walks the operation-log chain and reports the first edited, deleted or
/// inserted row, and deletion of the newest rows against the exported heads of this database's
/// chain (heads of other chains and old heads without a chain id are counted, not checked).
/// Exit 1 on a problem.
/// `jiuye audit verify --archive <file>`: re-checks an archive file against its record instead.
/// `jiuye audit archive --before YYYY-MM-DD --to <file>`: moves rows older than the cut-off
/// (at least 183 days ago) out of the database into JSON-lines files (see AuditArchive).
package struct AuditCommand: AsyncCommand {
    package init() {}

    package struct Signature: CommandSignature {
        package init() {}
        @Argument(name: "action", help: "verify | archive")
        package var action: String

        @Option(name: "before", help: "archive: cut-off date YYYY-MM-DD (Beijing time), at least 183 days ago")
        package var before: String?

        @Option(name: "to", help: "archive: the JSON-lines file to create; login-log rows go to <file>.logins.jsonl")
        package var to: String?

        @Option(name: "archive", help: "verify: an archive file to check against its recorded SHA-256 and chain")
        package var archive: String?
    }

    package var help: String {
        "Audit log tools: `audit verify [--archive <file>]` checks the hash chain (or an archive file); "
            + "`audit archive --before YYYY-MM-DD --to <file>` archives rows older than the cut-off."
    }

    package func run(using context: CommandContext, signature: Signature) async throws {
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

    package func verifyChain(context: CommandContext) async throws {
        let app = context.application
        let exported = AuditChain.readExports(path: AuditChain.exportPath(app.settings), keys: app.keys)
        let report = try await AuditChain.verify(on: app.db, keys: app.keys, exported: exported)
        let archived = try await AuditArchive.records(on: app.db).count
        let lines = Self.verificationLines(report, archived: archived)
        if report.problem != nil {
            try await fail(lines.joined(separator: "\n"), context: context)
        }
        for line in lines { context.console.print(line) }
    }

    /// What `audit verify` prints: the verdict first, each case named plainly, then the exported
    /// heads it ignored (other chains) or could not attribute (old lines without a chain id).
    package static func verificationLines(_ report: AuditChain.Report, archived: Int) -> [String] {
        let chain = report.chainID ?? "—"
        var lines: [String] = []
        if let problem = report.problem {
            lines.append("审计日志校验失败 / audit chain broken: " + describe(problem, report) + " (\(report.rows) rows verified before it; chain \(chain))")
        } else {
            lines.append("审计日志校验通过 / audit chain intact: \(report.rows) rows, chain \(chain), \(report.headsChecked) exported heads of this chain checked"
                + (archived > 0 ? ", continuing \(archived) archive(s)" : ""))
            if report.headsChecked == 0 {
                lines.append("本链还没有导出的链头，暂时无法发现最新日志被删除；后台任务会定期导出。 / no exported head of this chain yet: deletion of the newest rows cannot be detected until the job runner exports one")
            }
        }
        if report.otherChainHeads > 0 {
            lines.append("已忽略 \(report.otherChainHeads) 个属于其他日志链的导出链头（共用同一密钥文件的其他数据库，如示范库、重建的数据目录）。 / ignored \(report.otherChainHeads) exported heads of other chains (other databases sharing this key file and head log)")
        }
        if report.unboundHeads > 0 {
            lines.append("有 \(report.unboundHeads) 个旧格式链头没有链标识，无法判断属于哪个数据库，未参与校验。 / \(report.unboundHeads) old head lines carry no chain id (written before heads were bound to their chain): unbound, not checked")
        }
        return lines
    }

    package static func describe(_ problem: AuditChain.Problem, _ report: AuditChain.Report) -> String {
        switch problem {
        case .truncated(let last, let expected):
            "日志被截断：本链只到第 \(last) 条，但本链的链头记录到第 \(expected) 条（最新的日志被删除，或数据库被换成了较早的备份）。 / truncated: the chain ends at row \(last) but this chain's head reached row \(expected) (the newest rows were deleted, or the database was replaced by an older backup)"
        case .edited(let seq) where report.exportedHeadDiffers:
            "第 \(seq) 条与本链导出的链头不一致：该行被改写，或本库由备份恢复后又写入了新日志（与原库分叉）。 / row \(seq) differs from this chain's exported head: it was rewritten, or the database was restored from a backup and written to since (a fork)"
        case .edited(let seq):
            "第 \(seq) 条日志被修改（内容与其哈希不符）。 / row \(seq) was edited (its hash does not match its contents)"
        case .deleted(let seq):
            "第 \(seq) 条之后有日志被删除（序号不连续）。 / rows were deleted after row \(seq) (the chain skips positions)"
        case .inserted(let seq):
            "第 \(seq) 条日志是插入或调换的（与前一条不衔接）。 / row \(seq) was inserted or re-ordered (it does not continue the row before it)"
        case .headMismatch where report.chainIDMismatch:
            "链标识不符：链头中的链标识与日志链中记录的不一致（链头被改动，导出的链头因此无法核对）。 / chain id mismatch: the head's chain id is not the one recorded in the chain (the head was changed, hiding the chain from its exported heads)"
        case .headMismatch(let seq):
            "链头与第 \(seq) 条日志不一致。 / the chain head does not match row \(seq)"
        }
    }

    package func verifyArchive(_ path: String, context: CommandContext) async throws {
        let app = context.application
        let report = try await AuditArchive.verifyFile(path, on: app.db, keys: app.keys)
        if !report.problems.isEmpty {
            let lines = report.problems.map { "  - \($0)" }.joined(separator: "\n")
            try await fail("归档文件校验失败 / archive file check failed: \(path)\n\(lines)", context: context)
        }
        context.console.print("归档文件校验通过 / archive intact: \(path), archive #\(report.archiveID ?? 0), \(report.rows) rows, checksum and chain match")
    }

    package func archive(_ signature: Signature, context: CommandContext) async throws {
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
