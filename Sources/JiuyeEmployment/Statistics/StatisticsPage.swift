import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 去向落实统计 as staff see it: the filter, the scope's rate (confirmed, and with unconfirmed
/// 代录), a bar chart of the rate per group with its table, the table of parts, and the
/// definitions of every figure.
package struct StatisticsPage: HTML {
    package struct Model: Sendable {
        package var filter: DestinationStatisticsQueries.Filter
        package var result: DestinationStatisticsQueries.Result
        package var cohorts: [SelectOption]
        package var levels: [SelectOption]
        package var query: String
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let filter = model.filter
        let groups = DestinationStatisticsMapping.placedGroups
        Layout(context) {
            Card(title: "去向落实统计") {
                FilterBar(path: "/statistics/destination") {
                    SelectField("届别", name: "cohort", options: model.cohorts, selected: String(filter.cohort), prompt: nil, id: "f-cohort")
                    SelectField("学历", name: "level", options: model.levels, selected: filter.level, prompt: "全部", id: "f-level")
                    SelectField("分组", name: "by", options: DestinationStatisticsQueries.Grouping.allCases.map { SelectOption($0.rawValue, "按\($0.label)") },
                                selected: filter.grouping.rawValue, prompt: nil, id: "f-by")
                }
                if let total = model.result.total {
                    div(.class("stat-summary")) {
                        div(.class("stat")) {
                            span(.class("stat-value")) { DestinationRate.text(total.confirmedOnly.placementRate) }
                            span(.class("stat-label")) { "去向落实率（已确认）" }
                        }
                        div(.class("stat")) {
                            span(.class("stat-value")) { DestinationRate.text(total.includingUnconfirmed.placementRate) }
                            span(.class("stat-label")) { "去向落实率（含未确认）" }
                        }
                        div(.class("stat")) {
                            span(.class("stat-value")) { String(total.graduates) }
                            span(.class("stat-label")) { "毕业生人数" }
                        }
                        div(.class("stat")) {
                            span(.class("stat-value")) { String(total.confirmedOnly.placed) }
                            span(.class("stat-label")) { "已落实（已确认）" }
                        }
                    }
                } else {
                    EmptyState(title: "暂无统计数据", hint: "所选届别和学历在您的管理范围内没有毕业生。")
                }
                if !model.result.rows.isEmpty {
                    BarChart(id: "placement-rate", title: "\(filter.cohort)届各\(filter.grouping.label)去向落实率（已确认）",
                             data: model.result.rows.map { ChartDatum($0.name, Double($0.rates.confirmedOnly.placementRate ?? 0) / 100) },
                             unit: "%", categoryName: filter.grouping.label, valueName: "去向落实率")
                    DataTable(columns: [.init(filter.grouping.label), .init("毕业生", numeric: true)] + groups.map { .init($0.label, numeric: true) }
                                + [.init("去向落实率", numeric: true), .init("含未确认", numeric: true)],
                              rows: model.result.rows.map { row in
                                  let figure = row.rates.confirmedOnly
                                  return [AnyHTML(Text(row.name)), AnyHTML(Text(String(row.rates.graduates)))]
                                      + groups.map { AnyHTML(Text("\(figure.count($0))（\(DestinationRate.text(figure.rate($0)))）")) }
                                      + [AnyHTML(Text(DestinationRate.text(figure.placementRate))),
                                         AnyHTML(Text(DestinationRate.text(row.rates.includingUnconfirmed.placementRate)))]
                              }, caption: "\(filter.cohort)届去向落实情况（人数及比例）")
                    p(.class("muted export-all")) {
                        "导出："
                        a(.href("/statistics/destination/export?" + exportQuery("xlsx")), .init("download", nil)) { "Excel" }
                        " · "
                        a(.href("/statistics/destination/export?" + exportQuery("csv")), .init("download", nil)) { "CSV" }
                    }
                }
            }
            Card(title: "统计口径") {
                dl(.class("definitions")) {
                    ForEach(model.result.mapping.definitions.map { $0 }) { definition in
                        dt { definition.title }
                        dd { definition.text }
                    }
                }
            }
        }.render(into: &buffer)
    }

    func exportQuery(_ format: String) -> String {
        var pairs = [("cohort", String(model.filter.cohort)), ("by", model.filter.grouping.rawValue), ("format", format)]
        if let level = model.filter.level { pairs.append(("level", level)) }
        return QueryString.make(pairs)
    }
}
