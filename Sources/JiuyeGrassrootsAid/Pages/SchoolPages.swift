import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The school's pages: 资助信息库 (imports and the caps in force) and 基层就业资助名单.
package enum SchoolPages {
    package struct Overview: HTML {
        let context: PageContext
        let counts: [(String, Int)]
        let kinds: [(String, String, String)]
        let problems: [String]
        let message: Flash?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                if let message { Alert(message) }
                if !problems.isEmpty {
                    Card(title: "需要修改的行") { ul { for problem in problems { li { problem } } } }
                }
                Card(title: "资助信息库") {
                    p(.class("muted")) { "学生注册时按证件号码核对：高校学生信息库中的应届毕业生，或高校毕业生信息库中且在补录名单中的学生，或历史审核通过名单中的学生，才能注册。" }
                    DataTable(columns: [.init("名单"), .init("行数", numeric: true)], rows: counts.map { [AnyHTML(Text($0.0)), AnyHTML(Text(String($0.1)))] })
                }
                Card(title: "导入") {
                    form(.method("post"), .action("/grassroots/admin/import?_csrf=" + QueryString.encode(csrfToken)), .init("enctype", "multipart/form-data"), .class("form-stack")) {
                        SelectField("名单", name: "kind", options: kinds.map { SelectOption($0.0, $0.1) }, required: true, id: "import-kind")
                        div(.class("field")) {
                            label(.init("for", "import-file")) { "文件（.xlsx 或 .csv，不超过 5 MB）" }
                            input(.type("file"), .name("file"), .id("import-file"), .required, .init("accept", ".xlsx,.csv"))
                        }
                        FormActions { Button("导入") }
                    }
                    p(.class("muted")) { "各名单的列（* 为必填）：" }
                    ul { for kind in kinds { li { "\(kind.1)：\(kind.2)" } } }
                    p(.class("muted")) { "同一证件号码再次导入时，以新导入的行为准。" }
                }
                Card(title: "每学年补偿代偿上限") {
                    DataTable(columns: [.init("申请年度起"), .init("本专科生（元/学年）", numeric: true), .init("研究生（元/学年）", numeric: true), .init("依据")],
                              rows: GrassrootsAmount.caps.reversed().map { cap in
                                  [AnyHTML(Text("\(cap.fromYear)年")), AnyHTML(Text(Money.yuan(cap.undergraduate))),
                                   AnyHTML(Text(Money.yuan(cap.graduate))), AnyHTML(Text(cap.basis))]
                              })
                    p(.class("muted")) { "金额按学制年限逐年计算：每学年取实缴学费（不含住宿费）或用于学费的国家助学贷款与上限的较小者，分三期发放：申请通过后、第一次和第二次在职在岗确认通过后各一期。" }
                }
                Card(title: "全国审核结果") {
                    form(.method("post"), .action("/grassroots/admin/results?_csrf=" + QueryString.encode(csrfToken)), .init("enctype", "multipart/form-data"), .class("form-stack")) {
                        div(.class("field")) {
                            label(.init("for", "result-file")) { "结果文件（列：证件号码、填报事项、审核结果、说明）" }
                            input(.type("file"), .name("file"), .id("result-file"), .required, .init("accept", ".xlsx,.csv"))
                        }
                        FormActions { Button("导入审核结果", kind: .secondary) }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct CaseRow: Sendable {
        let stage: GrassrootsStage
        let caseID: Int64
        let userID: Int64
        let name: String
        let college: String
        let studyStage: String
        let period: String
        let status: String
        let statusKey: String
        let mode: String?
        let total: Int64?
        let installment: GrassrootsStore.Installment?

        var paymentState: String {
            guard statusKey == "approved", let installment else { return "" }
            if let paid = installment.paidAt { return "已拨付（\(ChinaTime.date(paid))）" }
            return installment.dueSince == nil ? "" : "待拨付"
        }
    }

    package struct Cases: HTML {
        let context: PageContext
        let rows: [CaseRow]
        let reports: [String: String]
        let colleges: [SelectOption]
        let filter: (college: String?, stage: String?, status: String?)
        let query: String
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let statuses = [SelectOption("step:college-review", "待审核"), SelectOption("step:school-review", "学校审核中"),
                            SelectOption("approved", "审核通过"), SelectOption("rejected", "审核不通过"), SelectOption("draft", "未提交")]
            Layout(context) {
                FilterBar(path: "/grassroots/admin/cases") {
                    SelectField("院系", name: "college", options: colleges, selected: filter.college, prompt: "全部", id: "f-college")
                    SelectField("填报事项", name: "stage", options: GrassrootsStage.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: filter.stage, prompt: "全部", id: "f-stage")
                    SelectField("状态", name: "status", options: statuses, selected: filter.status, prompt: "全部", id: "f-status")
                }
                div(.class("toolbar")) {
                    LinkButton("导出", href: "/grassroots/admin/cases/export" + (query.isEmpty ? "" : "?\(query)"))
                    form(.method("post"), .action("/grassroots/admin/report"), .class("row-action-form")) {
                        CSRFField(csrfToken)
                        Button("上报审核通过名单", kind: .primary)
                    }
                }
                DataTable(columns: [.init("姓名"), .init("院系"), .init("学段"), .init("填报事项"), .init("年度"), .init("状态"), .init("资助方式"),
                                    .init("核定总额（元）", numeric: true), .init("本期金额（元）", numeric: true), .init("拨付"), .init("全国审核")],
                          rows: rows.map { row in
                              [AnyHTML(a(.href("/review/\(GrassrootsCaseTypes.key(row.stage))/\(row.caseID)")) { Masking.name(row.name) }),
                               AnyHTML(Text(row.college)), AnyHTML(Text(row.studyStage)), AnyHTML(Text(row.stage.label)), AnyHTML(Text(row.period)),
                               AnyHTML(Text(row.status)), AnyHTML(Text(row.mode ?? "—")), AnyHTML(Text(row.total.map(Money.yuan) ?? "—")),
                               AnyHTML(Text(row.statusKey == "approved" ? (row.installment.map { Money.yuan($0.amount) } ?? "—") : "—")),
                               AnyHTML(PayCell(row: row, back: query.isEmpty ? "" : "?\(query)", csrfToken: csrfToken)),
                               AnyHTML(Text(reports["\(row.stage.rawValue):\(row.caseID)"] ?? "—"))]
                          }, emptyMessage: "没有符合条件的记录。")
            }.render(into: &buffer)
        }
    }

    struct PayCell: HTML {
        let row: CaseRow
        let back: String
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            if row.paymentState == "待拨付", let installment = row.installment {
                form(.method("post"), .action("/grassroots/admin/installments"), .class("row-action-form")) {
                    CSRFField(csrfToken)
                    input(.type("hidden"), .name("user"), .value(String(row.userID)))
                    input(.type("hidden"), .name("number"), .value(String(installment.number)))
                    input(.type("hidden"), .name("back"), .value(back))
                    Button("登记第\(installment.number)期拨付", kind: .secondary)
                }.render(into: &buffer)
            } else {
                Text(row.paymentState.isEmpty ? "—" : row.paymentState).render(into: &buffer)
            }
        }
    }

    /// 申请名单审核: the six lists with what waits in the reviewer's scope.
    package struct ReviewIndex: HTML {
        let context: PageContext
        let counts: [(GrassrootsStage, Int)]

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "申请名单审核") {
                    p(.class("muted")) { "点击填报事项进入名单，在学生右侧点击“详情”查看申报情况。“系统判断结果”仅供参考。" }
                    DataTable(columns: [.init("填报事项"), .init("待审核", numeric: true), .init("操作")], rows: counts.map { item in
                        [AnyHTML(Text(item.0.label)), AnyHTML(Text(String(item.1))),
                         AnyHTML(a(.href("/review/\(GrassrootsCaseTypes.key(item.0))")) { "进入名单" })]
                    })
                }
            }.render(into: &buffer)
        }
    }
}
