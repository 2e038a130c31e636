import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// 导出 of the reviewer screen.
extension ReviewController {
    /// 导出 the list with its filters (.xlsx or CSV), streamed a thousand cases at a time, audited.
    @Sendable
    package func export(req: Request) async throws -> Response {
        let type = try caseType(req)
        let (user, role) = try reviewer(req, type)
        var filter = Filter(req)
        filter.after = nil
        let groups = CaseEngine.statusGroups(type.definition)
        let pending = CaseEngine.pendingKeys(for: role, in: type.definition)
        if !filter.statusGiven { filter.status = groups.first { !Set($0.keys).isDisjoint(with: pending) }?.label }
        let keys = filter.status.flatMap { label in groups.first { $0.label == label }?.keys }
        let format = SheetExport.format(req)
        let frozen = filter
        try await req.db.writeTransaction { db in
            try await req.audit(.exportCases, target: .caseType(type), id: nil, changes: [
                .init("format", after: format.rawValue),
                .init("filter", after: frozen.query.map { "\($0.0)=\($0.1)" }.joined(separator: "，")),
            ], on: db)
        }
        let labels = type.labelsByKey
        let db = req.db
        let shown = type.scope.shown
        let columns: [XLSXWriter.Column] = [.init("姓名", width: 10)] + (type.applicantNumber.map { [.init($0, width: 14)] } ?? [])
            + shown.map { .init($0.label, width: $0 == .college || $0 == .major || $0 == .unit ? 18 : 10) }
            + [.init(type.fields.first?.label ?? "内容", width: 24), .init("提交时间", width: 18), .init("状态", width: 12)]
        let request = req
        return SheetExport.response(req, filename: "\(type.definition.name)", format: format, sheetName: type.definition.name, columns: columns) { sink in
            // One page at a time with the names its values need.
            var names = try await ScopeValueNames.load(request, shown: shown, records: [])
            func page(after: Int64?) async throws -> [ListRow] {
                var page = frozen
                if let after { page.after = after }
                let rows = try await listSelect(db, type: type, user: user, filter: page, statusKeys: keys)
                    .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "c"), direction: SQLDirection.descending)).limit(SheetExport.pageSize)
                    .all().map { try ListRow($0, type: type) }
                names = try await ScopeValueNames.load(request, shown: shown, records: rows.map(\.scope))
                return rows
            }
            func cells(_ row: ListRow) -> [Cell] {
                [.text(row.applicant_name)] + (type.applicantNumber == nil ? [] : [.text(row.student_no)])
                    + shown.map { dimension in dimension == .cohort ? row.scope[.cohort].flatMap { Int($0) }.map { .integer($0) } ?? .text(nil)
                                                                    : .text(names.text(dimension, row.scope[dimension])) }
                    + [.text(row.summary), .text(row.submitted_at.map(ChinaTime.dateTime)), .text(row.status_label ?? labels[row.status_key] ?? row.status_key)]
            }
            try await sink.emitPages(page(after:), next: { rows, _ in rows[rows.count - 1].id }, cells: cells)
        }
    }
}
