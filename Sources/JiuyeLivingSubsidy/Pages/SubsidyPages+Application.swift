import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

extension SubsidyPages {
    // MARK: - 补助申请

    package struct Apply: HTML {
        let context: PageContext
        let person: SubsidyStore.Person
        let row: CaseRow?
        let choices: [SubsidyStore.Work]
        let values: [String: String]
        let errors: [String: String]
        let message: Flash?
        let bankName: String
        let account: String
        let claimType: ClaimType
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let data = row?.data ?? [:]
            Layout(context) {
                if let message { Alert(message) }
                form(.method("post"), .action("/subsidy/apply"), .class("form-stack")) {
                    CSRFField(csrfToken)
                    if let row { input(.type("hidden"), .name("id"), .value(String(row.id))) }
                    Card(title: "申报信息") {
                        SelectField("申报类型", name: "kind", options: SubsidyKind.allCases.map { SelectOption($0.rawValue, $0.rawValue) }, selected: values["kind"],
                                    required: true, error: errors["kind"], id: "a-kind")
                        TextField("申领类型", name: "claim_type_shown", value: claimType.rawValue, readOnly: true, hint: "由系统判断：没有领取过为新申领，已领取过为续领。", id: "a-claim")
                        SelectField(person.education == .bachelor ? "申报单位（从工作经历中选择）" : "申报单位（现单位）", name: "work_id",
                                    options: choices.map { SelectOption(String($0.id), "\($0.unitName)（\($0.isCurrent ? "现单位" : "原单位")）") },
                                    selected: values["work_id"], required: true, error: errors["work_id"], id: "a-work")
                        if person.selfEmployed {
                            TextField("营业执照登记日期", name: "business_registered", value: values["business_registered"] ?? "", type: "date", required: true,
                                      error: errors["business_registered"], hint: "自主创业人员的补助由所在区县人社局审核；企业登记满一年后才能申报。", id: "a-business")
                        }
                        TextField("补贴起始年月", name: "start", value: values["start"] ?? "", required: true, error: errors["start"], placeholder: "2024-07", id: "a-start")
                        TextField("补贴终止年月", name: "end", value: values["end"] ?? "", required: true, error: errors["end"], placeholder: "2025-06", id: "a-end")
                    }
                    Card(title: "学历学位信息") {
                        TextField("学历", name: "education_shown", value: person.education.label, readOnly: true, id: "a-education")
                        TextField("毕业时间", name: "graduation", value: values["graduation"] ?? "", required: true, error: errors["graduation"], placeholder: "2024-06", id: "a-graduation")
                        TextField("参加工作时间", name: "first_work", value: values["first_work"] ?? "", required: true, error: errors["first_work"], placeholder: "2024-07", id: "a-first-work")
                        TextField("学历证书编号", name: "diploma_no", value: values["diploma_no"] ?? "", error: errors["diploma_no"], hint: "18 位，将与教育部信息核验。", id: "a-diploma")
                        TextField("学位证书编号", name: "degree_no", value: values["degree_no"] ?? "", error: errors["degree_no"], id: "a-degree")
                        TextField("国外学历学位认证书编号", name: "foreign_degree", value: values["foreign_degree"] ?? "", error: errors["foreign_degree"],
                                  hint: "国外学历填写留学服务中心认证书编号，由审核人员人工核验。", id: "a-foreign")
                    }
                    Card(title: "发放账户（取自社保卡，不可修改）") {
                        DescriptionList([("银行名称", bankName), ("金融账号", account)])
                    }
                    if row != nil {
                        Card(title: "补贴计算") {
                            DescriptionList([("申请补贴月数", data[SubsidyCase.Field.months.rawValue] ?? "—"), ("扣发月数", data[SubsidyCase.Field.unpaidMonths.rawValue] ?? "—"),
                                             ("实发月数", data[SubsidyCase.Field.paidMonths.rawValue] ?? "—"), ("申请应发金额（元）", data[SubsidyCase.Field.amount.rawValue] ?? "—"),
                                             ("未缴纳养老保险的月份", data["_unpaid_list"] ?? "无"), ("学历学位核验", data[SubsidyCase.Field.degreeCheck.rawValue] ?? "—")])
                            if data["_unpaid_list"] != nil { Alert(.warning, "存在未缴纳企业养老保险的月数，已从补贴月数中扣除，请核查。") }
                        }
                    }
                    FormActions {
                        Button("暂存并计算", kind: .secondary, name: "action", value: "save")
                        Button("提交申报", name: "action", value: "submit")
                    }
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - 补贴申报管理

    static func statusLabels(_ row: CaseRow) -> (review: String, payment: String) {
        let definition = ProcessDefinitions.livingSubsidy
        return (definition.status.label(for: row.state, in: definition), definition.views.first?.label(for: row.state, in: definition) ?? "")
    }

    package struct Applications: HTML {
        let context: PageContext
        let rows: [CaseRow]
        let deleted: [(String, Int64)]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                div(.class("toolbar")) { LinkButton("补助申请", href: "/subsidy/apply", kind: .primary) }
                Card(title: "申报信息") {
                    DataTable(columns: [.init("补贴期间"), .init("申报类型"), .init("申领类型"), .init("应发金额（元）", numeric: true), .init("审核状态"), .init("拨付状态"), .init("操作")],
                              rows: rows.map { row in
                                  let data = row.data
                                  let labels = SubsidyPages.statusLabels(row)
                                  return [AnyHTML(Text("\(data[SubsidyCase.Field.start.rawValue] ?? row.period) 至 \(data[SubsidyCase.Field.end.rawValue] ?? "")")),
                                          AnyHTML(Text(data[SubsidyCase.Field.kind.rawValue] ?? "")), AnyHTML(Text(data[SubsidyCase.Field.claimType.rawValue] ?? "")),
                                          AnyHTML(Text(data[SubsidyCase.Field.amount.rawValue] ?? "")), AnyHTML(Text(labels.review)), AnyHTML(Text(labels.payment)),
                                          AnyHTML(a(.href("/subsidy/applications/\(row.id)")) { "查看" })]
                              }, emptyMessage: "还没有申报。")
                }
                if !deleted.isEmpty {
                    Card(title: "申报历史") {
                        DataTable(columns: [.init("记录"), .init("时间")], rows: deleted.map { [AnyHTML(Text("已删除的暂存申报（编号 \($0.0)）")), AnyHTML(Text(ChinaTime.dateTime($0.1)))] })
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ApplicationDetail: HTML {
        let context: PageContext
        let row: CaseRow
        let history: [CaseEngine.HistoryRow]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let data = row.data
            let labels = SubsidyPages.statusLabels(row)
            let definition = ProcessDefinitions.livingSubsidy
            let current = row.state.stepIndex ?? (row.state.status == .approved ? definition.steps.count : 0)
            Layout(context) {
                Card(title: "申报信息") {
                    DescriptionList([("审核状态", labels.review), ("拨付状态", labels.payment)]
                                    + SubsidyCase.Field.allCases.compactMap { field in data[field.rawValue].map { (field.label, $0) } })
                    div(.class("row-actions")) {
                        if row.status_key == "draft" {
                            LinkButton("修改", href: "/subsidy/apply?id=\(row.id)")
                            form(.method("post"), .action("/subsidy/applications/\(row.id)/delete"), .class("row-action-form")) {
                                CSRFField(csrfToken)
                                Button("删除", kind: .danger)
                            }
                        }
                        if row.status_key == "step:unit-review" {
                            form(.method("post"), .action("/subsidy/applications/\(row.id)/withdraw"), .class("row-action-form")) {
                                CSRFField(csrfToken)
                                Button("撤回", kind: .secondary)
                            }
                        }
                        if row.status_key != "draft" { LinkButton("打印申请表", href: "/subsidy/applications/\(row.id)/print") }
                        if row.status_key == "step:receipt" {
                            form(.method("post"), .action("/subsidy/applications/\(row.id)/confirm"), .class("row-action-form")) {
                                CSRFField(csrfToken)
                                Button("拨付确认")
                            }
                        }
                    }
                    if row.status_key == "step:receipt" {
                        form(.method("post"), .action("/subsidy/applications/\(row.id)/not-received"), .class("form-stack")) {
                            CSRFField(csrfToken)
                            TextField("未到账情况", name: "reason", required: true, hint: "如：社保卡金融账户未激活、账户无此笔入账。", id: "not-received")
                            FormActions { Button("反馈未到账", kind: .secondary) }
                        }
                    }
                }
                Card(title: "补助申报流程状态") {
                    ol(.class("flow-steps subsidy-flow"), .ariaLabel("补助申报流程")) {
                        for (index, step) in definition.steps.enumerated() {
                            if index == current { li(.ariaCurrent("step")) { step.label } }
                            else if index < current { li(.class("done")) { step.label } }
                            else { li { step.label } }
                        }
                    }
                }
                if !history.isEmpty { CaseHistoryCard(history: history) }
            }.render(into: &buffer)
        }
    }

    // MARK: - 《大学生生活补贴申请表》

    package struct IssueSheet: HTML {
        let context: PageContext
        let lines: [(String, String)]
        let action: String
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "大学生生活补贴申请表") {
                    p { "生成后申请表带有编号和核验二维码，可打印或导出 PDF；同一版本只生成一次，申报内容变化后需重新生成。" }
                    DescriptionList(Array(lines.prefix(8)))
                    form(.method("post"), .action(action), .class("form-stack")) {
                        CSRFField(csrfToken)
                        FormActions { Button("生成并打印") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ApplicationSheet: HTML {
        let title: String
        let lines: [(String, String)]
        let serial: String
        let verification: PrintDocument<AnyHTML>.Verification
        let date: String
        let backHref: String
        let pdfHref: String

        package func render(into buffer: inout HTMLBuffer) {
            PrintDocument(title: title, backHref: backHref, pdfHref: pdfHref, verification: verification, footer: "生成日期：\(date)。扫描二维码可核验本表内容。") {
                AnyHTML(table(.class("aid-sheet")) {
                    tbody {
                        for line in lines {
                            tr {
                                th { line.0 }
                                td { line.1 }
                            }
                        }
                        tr {
                            th { "本人承诺" }
                            td(.class("aid-stamp")) { "以上信息真实有效。本人签字：　　　　　　　年　　月　　日" }
                        }
                        tr {
                            th { "单位意见（盖章）" }
                            td(.class("aid-stamp")) { "（盖章）　　　　年　　月　　日" }
                        }
                    }
                })
            }.render(into: &buffer)
        }
    }
}
