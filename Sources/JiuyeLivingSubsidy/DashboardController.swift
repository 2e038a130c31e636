import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 市级统计 (issue 20 item 7): applications, amounts and payments by county, 学历 and start month,
/// as charts with their tables, for the city's bureaus (their own city only); exportable.
package struct DashboardController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("subsidy", "dashboard", use: page)
        routes.get("subsidy", "dashboard", "export", use: export)
    }

    struct Line: Sendable {
        let key: String
        var cases = 0
        var amountFen: Int64 = 0
        var paidFen: Int64 = 0
    }

    static let paidKeys: Set<String> = ["step:receipt", "approved"]

    func lines(_ req: Request) async throws -> (county: [Line], education: [Line], month: [Line]) {
        let user = try req.requireRole(.cityHR, .cityOrganization, .cityFinance)
        let cities = Array(user.active?.values[.city] ?? [])
        guard !cities.isEmpty else { return ([], [], []) }
        let rows = try await req.db.sql.raw("""
            SELECT county_code, education, period, status_key, data_json FROM subsidy_cases
            WHERE city_code IN (\(SQLList(cities.map { SQLBind($0) }))) AND status_key NOT IN ('draft', 'rejected') LIMIT 200000
            """).all()
        var byCounty: [String: Line] = [:], byEducation: [String: Line] = [:], byMonth: [String: Line] = [:]
        for row in rows {
            let text = try row.decode(column: "data_json", as: String.self)
            let data = FlatJSON.stringMap(text) ?? (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
            let amount = Money.fen(data[SubsidyCase.Field.amount.rawValue]) ?? 0
            let paid = Self.paidKeys.contains(try row.decode(column: "status_key", as: String.self))
            for (key, bucket) in [(try row.decode(column: "county_code", as: String.self), 0), (try row.decode(column: "education", as: String?.self) ?? "—", 1),
                                  (try row.decode(column: "period", as: String.self), 2)] {
                func add(_ line: inout Line) { line.cases += 1; line.amountFen += amount; if paid { line.paidFen += amount } }
                switch bucket {
                case 0: add(&byCounty[key, default: Line(key: key)])
                case 1: add(&byEducation[key, default: Line(key: key)])
                default: add(&byMonth[key, default: Line(key: key)])
                }
            }
        }
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        let counties = byCounty.values.sorted { $0.key < $1.key }.map {
            Line(key: names.fullName($0.key) ?? $0.key, cases: $0.cases, amountFen: $0.amountFen, paidFen: $0.paidFen)
        }
        return (counties, byEducation.values.sorted { $0.key < $1.key }, byMonth.values.sorted { $0.key < $1.key })
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        let (county, education, month) = try await lines(req)
        return req.render(SubsidyPages.Dashboard(context: req.pageContext("生活补贴统计", breadcrumb: [Crumb("生活补贴统计")], current: "/subsidy/dashboard"),
                                                 county: county.map { ($0.key, $0.cases, $0.amountFen, $0.paidFen) },
                                                 education: education.map { ($0.key, $0.cases, $0.amountFen, $0.paidFen) },
                                                 month: month.map { ($0.key, $0.cases, $0.amountFen, $0.paidFen) }))
    }

    @Sendable
    func export(req: Request) async throws -> Response {
        let (county, education, month) = try await lines(req)
        try await req.db.writeTransaction { db in
            try await req.audit(.subsidyDashboardExport, target: .subsidyPerson, id: nil, changes: [.init("rows", after: String(county.count))], on: db)
        }
        let format = QueryString.parse(req.url.query)["format"].flatMap(ExportFormat.init(rawValue:)) ?? .xlsx
        let rows = county.map { ("区县", $0) } + education.map { ("学历", $0) } + month.map { ("补贴起始年月", $0) }
        return SheetExport.response(req, filename: "生活补贴统计", format: format, sheetName: "生活补贴统计",
                                    columns: ["维度", "分类", "申报件数", "申请金额（元）", "已拨付金额（元）"].map { XLSXWriter.Column($0) }) { sink in
            for (dimension, line) in rows {
                try await sink.emit([.text(dimension), .text(line.key), .integer(line.cases), .text(Money.yuan(line.amountFen)), .text(Money.yuan(line.paidFen))])
            }
        }
    }
}

extension AuditAction {
    package static let subsidyDashboardExport = AuditAction("subsidy.dashboard-export", "导出生活补贴统计")
}
