import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 去向落实统计 (issue 17 item 8, C15): the rate and its four parts by 院系, 专业 or 班级 for the
/// counselor's, college's or school's scope, with and without unconfirmed 代录; definitions on
/// the page, an SVG chart with its table, and export.
package struct StatisticsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("statistics", "destination", use: page)
        routes.get("statistics", "destination", "export", use: export)
    }

    static let roles: Set<Role> = [.counselor, .collegeAdmin, .schoolAdmin]

    func filter(_ req: Request, user: CurrentUser) throws -> DestinationStatisticsQueries.Filter {
        guard let role = user.role, Self.roles.contains(role) else { throw Abort(.notFound) }
        let query = QueryString.parse(req.url.query)
        let year = Int(ChinaTime.date(req.now).prefix(4)) ?? 2026
        let cohort = query["cohort"].flatMap { RequestNumber.parse($0, in: 1990...2200) } ?? (Int(ChinaTime.date(req.now).dropFirst(5).prefix(2)) ?? 12 >= 9 ? year : year - 1)
        let level = query["level"].flatMap { EducationLevel(rawValue: $0)?.rawValue }
        let standard: DestinationStatisticsQueries.Grouping = role == .schoolAdmin ? .college : role == .collegeAdmin ? .major : .class
        let grouping = query["by"].flatMap(DestinationStatisticsQueries.Grouping.init(rawValue:)) ?? standard
        return .init(cohort: cohort, level: level, grouping: grouping)
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let filter = try filter(req, user: user)
        let result = try await DestinationStatisticsQueries.compute(scope: user.scope, filter: filter, now: req.now, on: req.db)
        let year = Int(ChinaTime.date(req.now).prefix(4)) ?? 2026
        let model = StatisticsPage.Model(filter: filter, result: result, cohorts: ScopeOptions.cohorts(scope: user.scope, around: year),
                                         levels: ScopeOptions.levels(scope: user.scope), query: req.url.query ?? "")
        return req.render(StatisticsPage(context: req.pageContext("去向落实统计", breadcrumb: [Crumb("去向落实统计")]), model: model))
    }

    @Sendable
    func export(req: Request) async throws -> Response {
        let user = try req.requireUser()
        let filter = try filter(req, user: user)
        let format = QueryString.parse(req.url.query)["format"].flatMap(ExportFormat.init(rawValue:)) ?? .xlsx
        let result = try await DestinationStatisticsQueries.compute(scope: user.scope, filter: filter, now: req.now, on: req.db)
        try await req.db.writeTransaction { db in
            try await req.audit(.exportStatistics, target: .destinationStatistics, id: nil, changes: [
                .init("format", after: format.rawValue), .init("filter", after: "届别=\(filter.cohort)" + (filter.level.map { "，学历=\($0)" } ?? "")),
            ], on: db)
        }
        let headers = [filter.grouping.label, "毕业生数"] + DestinationStatisticsMapping.placedGroups.flatMap { ["\($0.label)人数", "\($0.label)率"] }
            + ["去向落实率（已确认）", "去向落实率（含未确认）", "有异议"]
        let rows = result.rows.map { ($0.name, $0.rates) } + (result.total.map { [("合计", $0)] } ?? [])
        return SheetExport.response(req, filename: "去向落实统计_\(filter.cohort)届", format: format, sheetName: "去向落实统计",
                                    columns: headers.map { XLSXWriter.Column($0) }) { sink in
            for (name, rates) in rows {
                let figure = rates.confirmedOnly
                var cells: [Cell] = [.text(name), .integer(rates.graduates)]
                for group in DestinationStatisticsMapping.placedGroups {
                    cells += [.integer(figure.count(group)), .text(DestinationRate.text(figure.rate(group)))]
                }
                cells += [.text(DestinationRate.text(figure.placementRate)), .text(DestinationRate.text(rates.includingUnconfirmed.placementRate)),
                          .integer(rates.disputed)]
                try await sink.emit(cells)
            }
        }
    }
}

extension AuditAction {
    package static let exportStatistics = AuditAction("export.statistics", "导出去向落实统计")
}

extension AuditTarget {
    package static let destinationStatistics = AuditTarget("destination_statistics", "去向落实统计")
}
