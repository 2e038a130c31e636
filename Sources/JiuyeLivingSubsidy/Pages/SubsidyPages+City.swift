import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

extension SubsidyPages {
    // MARK: - 市级统计

    package struct Dashboard: HTML {
        let context: PageContext
        let county: [(String, Int, Int64, Int64)]
        let education: [(String, Int, Int64, Int64)]
        let month: [(String, Int, Int64, Int64)]

        package func render(into buffer: inout HTMLBuffer) {
            func table(_ name: String, _ lines: [(String, Int, Int64, Int64)]) -> DataTable {
                DataTable(columns: [.init(name), .init("申报件数", numeric: true), .init("申请金额（元）", numeric: true), .init("已拨付金额（元）", numeric: true)],
                          rows: lines.map { [AnyHTML(Text($0.0)), AnyHTML(Text(String($0.1))), AnyHTML(Text(Money.yuan($0.2))), AnyHTML(Text(Money.yuan($0.3)))] },
                          emptyMessage: "暂无申报。")
            }
            Layout(context) {
                div(.class("toolbar")) { LinkButton("导出", href: "/subsidy/dashboard/export") }
                Card(title: "按区县") {
                    BarChart(id: "subsidy-county", title: "各区县申请金额", data: county.map { ChartDatum($0.0, Double($0.2) / 100) }, unit: "元",
                             categoryName: "区县", valueName: "申请金额")
                    table("区县", county)
                }
                Card(title: "按学历") {
                    BarChart(id: "subsidy-education", title: "各学历申报件数", data: education.map { ChartDatum($0.0, $0.1) }, unit: "件",
                             categoryName: "学历", valueName: "申报件数")
                    table("学历", education)
                }
                Card(title: "按补贴起始年月") {
                    BarChart(id: "subsidy-month", title: "各月申报件数", data: month.map { ChartDatum($0.0, $0.1) }, unit: "件", orientation: .vertical,
                             categoryName: "补贴起始年月", valueName: "申报件数")
                    table("补贴起始年月", month)
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - 公示, 数据导入

    package struct PublicityRow: Sendable {
        let id: Int64
        let name: String
        let county: String
        let unit: String
        let months: String
        let amount: String
        let until: Int64?
    }

    package struct Publicity: HTML {
        let context: PageContext
        let rows: [PublicityRow]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            PlainLayout(context) {
                Card(title: "高校毕业生生活补贴公示") {
                    p(.class("muted")) { "以下人员的生活补贴申请正在公示。对公示内容有异议的，可在公示期内提出，区县人社局将核实处理。" }
                    DataTable(columns: [.init("姓名"), .init("区县"), .init("单位"), .init("补贴期间"), .init("金额（元）", numeric: true), .init("公示截止"), .init("异议")],
                              rows: rows.map { row in
                                  [AnyHTML(Text(row.name)), AnyHTML(Text(row.county)), AnyHTML(Text(row.unit)), AnyHTML(Text(row.months)), AnyHTML(Text(row.amount)),
                                   AnyHTML(Text(row.until.map(ChinaTime.dateTime) ?? "—")), AnyHTML(Objection(row: row, csrfToken: csrfToken))]
                              }, emptyMessage: "目前没有公示中的申请。")
                }
            }.render(into: &buffer)
        }
    }

    struct Objection: HTML {
        let row: PublicityRow
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            details(.class("inline-action")) {
                summary { "提出异议" }
                form(.method("post"), .action("/publicity/subsidy/\(row.id)/objection"), .class("form-stack")) {
                    CSRFField(csrfToken)
                    TextAreaField("异议内容", name: "content", required: true, rows: 3, id: "objection-\(row.id)")
                    TextField("联系方式（选填）", name: "contact", id: "contact-\(row.id)")
                    FormActions { Button("提交异议", kind: .secondary) }
                }
            }.render(into: &buffer)
        }
    }

    package struct Objections: HTML {
        let items: [(content: String, contact: String?, at: Int64)]

        package func render(into buffer: inout HTMLBuffer) {
            Card(title: "公示异议（仅区县人社局可见）") {
                DataTable(columns: [.init("时间"), .init("异议内容"), .init("联系方式")], rows: items.map { item in
                    [AnyHTML(Text(ChinaTime.dateTime(item.at))), AnyHTML(Text(item.content)), AnyHTML(Text(item.contact ?? "—"))]
                })
                p(.class("muted")) { "核实后请在“公示异议”中登记；异议处理完毕前，该申请停留在评审环节。" }
            }.render(into: &buffer)
        }
    }

    package struct DataImport: HTML {
        let context: PageContext
        let counts: [(String, Int)]
        let problems: [String]
        let message: Flash?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                if let message { Alert(message) }
                if !problems.isEmpty { Card(title: "需要修改的行") { ul { for problem in problems { li { problem } } } } }
                Card(title: "社保与学历数据") {
                    DataTable(columns: [.init("数据"), .init("数量", numeric: true)], rows: counts.map { [AnyHTML(Text($0.0)), AnyHTML(Text(String($0.1)))] })
                    form(.method("post"), .action("/subsidy/data?_csrf=" + QueryString.encode(csrfToken)), .init("enctype", "multipart/form-data"), .class("form-stack")) {
                        SelectField("数据", name: "kind", options: [SelectOption("insurance", "社保参保记录"), SelectOption("degrees", "学历学位证书")], required: true, id: "d-kind")
                        div(.class("field")) {
                            label(.init("for", "d-file")) { "文件（.xlsx 或 .csv，不超过 5 MB）" }
                            input(.type("file"), .name("file"), .id("d-file"), .required, .init("accept", ".xlsx,.csv"))
                        }
                        FormActions { Button("导入") }
                    }
                    ul {
                        li { "社保参保记录：证件号码*、缴费年月*（如“2019-06至2021-12、2022-02”）、参保状态（正常/暂停/终止）、社保卡状态（正常/挂失等）、发放银行、金融账号" }
                        li { "学历学位证书：证件号码*、学历*（本科/硕士研究生/博士研究生）、学历证书编号*、学位证书编号" }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
