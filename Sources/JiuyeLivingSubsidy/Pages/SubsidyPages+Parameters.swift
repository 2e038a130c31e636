import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

extension SubsidyPages {
    /// 生活补贴参数: the three effective-dated tables, today's rule marked 施行中, and (for the city
    /// HR bureau) the form that adds a row.
    package struct Parameters: HTML {
        let context: PageContext
        let rows: [SubsidyParameterStore.Row]
        let countyName: @Sendable (String) -> String
        let today: YearMonth
        let editable: Bool
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        /// One line of a table: the defaults first, then the city's rows.
        struct Line {
            let id: Int64?
            let entry: SubsidyParameters.Entry
            let source: String
            let removed: Bool
        }

        func lines(_ kind: SubsidyParameters.Kind) -> [Line] {
            let defaults: [SubsidyParameters.Entry] = switch kind {
            case .threshold: SubsidyRules.defaultThresholds.map { .init(kind: kind, education: $0.education, county: nil, effectiveFrom: $0.effectiveFrom, value: $0.earliest.description) }
            case .standard: SubsidyRules.defaultStandards.map { .init(kind: kind, education: $0.education, county: nil, effectiveFrom: $0.effectiveFrom, value: String($0.monthlyFen)) }
            case .share: SubsidyRules.defaultShares.map { .init(kind: kind, education: $0.education, county: $0.county, effectiveFrom: $0.effectiveFrom, value: String($0.cityPerMille)) }
            }
            return defaults.map { Line(id: nil, entry: $0, source: "初始设置", removed: false) }
                + rows.filter { $0.entry.kind == kind }.map { Line(id: $0.id, entry: $0.entry, source: "\($0.createdBy) \(ChinaTime.dateTime($0.createdAt))", removed: $0.removed) }
        }

        /// 施行中 / 待施行 / 已替代 / 已撤销, per 学历 (and county for shares).
        func state(_ line: Line, among all: [Line]) -> String {
            if line.removed { return "已撤销" }
            if today < line.entry.effectiveFrom { return "待施行" }
            let current = all.filter { !$0.removed && $0.entry.education == line.entry.education && $0.entry.county == line.entry.county && $0.entry.effectiveFrom <= today }
                .max { ($0.entry.effectiveFrom, $0.id ?? 0) < ($1.entry.effectiveFrom, $1.id ?? 0) }
            return current.map { $0.id == line.id && $0.entry == line.entry } == true ? "施行中" : "已替代"
        }

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                p(.class("muted")) { "参数按生效年月施行：每月的补贴按当月施行的标准计算，参保起始要求以申报当月施行的为准，市级承担比例以县区组织部确认当月施行的为准。新设置的参数最早自本月起施行，已算出的补贴金额不会改变。" }
                for kind in SubsidyParameters.Kind.allCases {
                    let all = lines(kind)
                    Card(title: kind.label) {
                        DataTable(columns: [.init("学历")] + (kind == .share ? [.init("区县")] : []) + [.init("生效年月"), .init(kind.valueLabel), .init("状态"), .init("设置")]
                                    + (editable ? [.init("操作")] : []),
                                  rows: all.map { line in
                                      let state = state(line, among: all)
                                      var cells: [AnyHTML] = [AnyHTML(Text(line.entry.education.label))]
                                      if kind == .share { cells.append(AnyHTML(Text(line.entry.county.map(countyName) ?? "全市"))) }
                                      cells += [AnyHTML(Text(line.entry.effectiveFrom.description)), AnyHTML(Text(SubsidyParameters.display(kind: kind, value: line.entry.value))),
                                                AnyHTML(Text(state)), AnyHTML(Text(line.source))]
                                      if editable {
                                          cells.append(state == "待施行" && line.id != nil ? AnyHTML(WithdrawButton(id: line.id!, csrfToken: csrfToken)) : AnyHTML(Text("—")))
                                      }
                                      return cells
                                  })
                    }
                }
                if editable {
                    Card(title: "设置参数") {
                        form(.method("post"), .action("/subsidy/parameters"), .class("form-stack")) {
                            CSRFField(csrfToken)
                            SelectField("参数", name: "kind", options: SubsidyParameters.Kind.allCases.map { SelectOption($0.rawValue, $0.label) },
                                        selected: values["kind"], required: true, error: errors["kind"], id: "p-kind")
                            SelectField("学历", name: "education", options: SubsidyEducation.allCases.map { SelectOption($0.rawValue, $0.label) },
                                        selected: values["education"], required: true, error: errors["education"], id: "p-education")
                            TextField("生效年月", name: "effective_from", value: values["effective_from"] ?? "", required: true, error: errors["effective_from"],
                                      hint: "最早为本月（\(today)）", placeholder: "如 \(today.adding(months: 1)?.description ?? "")", id: "p-from")
                            TextField("参数值", name: "value", value: values["value"] ?? "", required: true, error: errors["value"],
                                      hint: "参保起始要求填最早缴费年月（如 2019-06）；补贴标准填每月元数（如 800）；市级承担比例填百分数（如 50）", id: "p-value")
                            TextField("区县", name: "county", value: values["county"] ?? "", error: errors["county"],
                                      hint: "仅市级承担比例可按区县设置；不填为全市", placeholder: "如 重庆市南岸区", id: "p-county")
                            FormActions { Button("保存") }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    struct WithdrawButton: HTML {
        let id: Int64
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            form(.method("post"), .action("/subsidy/parameters/\(id)/remove"), .class("row-action-form")) {
                CSRFField(csrfToken)
                Button("撤销", kind: .secondary)
            }.render(into: &buffer)
        }
    }
}
