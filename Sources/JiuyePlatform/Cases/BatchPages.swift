import Foundation
import JiuyeDomain
import JiuyeHTML

/// 批次 of a case type holding cases in the reviewer's scope.
package struct BatchListPage: HTML {
    package struct Row: Sendable {
        package let number: Int
        package let formedAt: String
        package let createdAt: Int64
        package let cases: Int
        package let status: String
        /// Waiting for this reviewer's role.
        package let waiting: Bool
    }

    package let context: PageContext
    package let type: CaseType
    package let rows: [Row]

    package func render(into buffer: inout HTMLBuffer) {
        let path = "/review/\(type.key)"
        Layout(context) {
            Card(title: "\(type.definition.name)批次") {
                div(.class("toolbar")) {
                    LinkButton("返回审核列表", href: path, kind: .secondary)
                }
                DataTable(
                    columns: [.init("批次号"), .init("组批环节"), .init("组批时间"), .init("件数", numeric: true), .init("当前状态")],
                    rows: rows.map { row in
                        [AnyHTML(a(.href("\(path)/batches/\(row.number)")) { "第 \(row.number) 批次" }), AnyHTML(Text(row.formedAt)),
                         AnyHTML(Text(ChinaTime.dateTime(row.createdAt))), AnyHTML(Text(String(row.cases))),
                         AnyHTML(StatusBadge(row.status, tone: row.waiting ? .warning : .neutral))]
                    },
                    emptyMessage: "还没有批次。在审核列表中勾选申请后点“组成批次”。")
            }
        }.render(into: &buffer)
    }
}

/// One batch: its cases, totals, and the actions on the whole batch.
package struct BatchPage: HTML {
    package struct Line: Sendable {
        package let id: Int64
        package let name: String
        /// The applicant's number (学号) when the type keeps one.
        package let number: String?
        /// Where the case stands, as shown: one value per `CaseScope.shown` dimension.
        package let places: [String]
        package let summary: String
        package let status: String
        package let amounts: [Decimal]

        /// The cells between the name and the amounts: number, places, summary.
        package var cells: [String] { (number.map { [$0] } ?? []) + places + [summary.isEmpty ? "—" : summary] }
    }

    package struct Model: Sendable {
        package var type: CaseType
        package var number: Int
        package var stepLabel: String?
        package var approveLabel: String
        package var rows: [Line]
        package var totals: [(String, String)]
        package var canApprove: Bool
        package var canReturn: Bool
        package var canReject: Bool
        package var canRemove: Bool
        package var fingerprint: String
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    package static func columns(_ type: CaseType) -> [DataTable.Column] {
        [.init("序号", numeric: true), .init("姓名")] + (type.applicantNumber.map { [.init($0)] } ?? []) + type.scope.shown.map { .init($0.label) }
            + [.init(type.fields.first?.label ?? "内容")]
            + type.batchTotals.map { key in .init(type.fields.first { $0.key == key }?.label ?? key, numeric: true) }
            + [.init("状态")]
    }

    package func render(into buffer: inout HTMLBuffer) {
        let path = "/review/\(model.type.key)/batches/\(model.number)"
        Layout(context) {
            Card(title: "第 \(model.number) 批次") {
                div(.class("toolbar")) {
                    if let step = model.stepLabel { span(.class("muted")) { "待处理环节：\(step)" } }
                    LinkButton("打印汇总表", href: path + "/print", kind: .secondary)
                    LinkButton("导出 Excel", href: path + "/export?format=xlsx", kind: .secondary)
                    LinkButton("全部批次", href: "/review/\(model.type.key)/batches", kind: .secondary)
                }
                DescriptionList(model.totals)
                DataTable(
                    columns: Self.columns(model.type) + (model.canRemove ? [.init("操作")] : []),
                    rows: model.rows.enumerated().map { index, line in
                        var cells = [AnyHTML(Text(String(index + 1))), AnyHTML(a(.href("/review/\(model.type.key)/\(line.id)")) { line.name })]
                        cells += line.cells.map { AnyHTML(Text($0)) }
                        cells += line.amounts.map { AnyHTML(Text(Money.format($0))) }
                        cells.append(AnyHTML(Text(line.status)))
                        if model.canRemove {
                            cells.append(AnyHTML(
                                details(.class("inline-action")) {
                                    summary { "移出批次" }
                                    form(.method("post"), .action(path + "/remove"), .class("form-stack")) {
                                        CSRFField(model.csrfToken)
                                        input(.type("hidden"), .name("id"), .value(String(line.id)))
                                        TextField("退回原因", name: "reason", id: "remove-\(line.id)")
                                        Button("确认移出", kind: .danger)
                                    }
                                }))
                        }
                        return cells
                    },
                    emptyMessage: "该批次没有申请。")
            }
            if model.canApprove || model.canReturn || model.canReject {
                Card(title: "办理整个批次") {
                    form(.method("post"), .action(path), .class("form-stack review-form")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("fingerprint"), .value(model.fingerprint))
                        TextAreaField("办理意见", name: "reason", hint: "退回或不通过时必须填写原因，原因会发给批次内每位申请人", rows: 3, id: "batch-reason")
                        FormActions {
                            if model.canApprove { Button("\(model.approveLabel)（\(model.rows.count) 件）", name: "action", value: "approve") }
                            if model.canReturn { Button("整批退回", kind: .secondary, name: "action", value: "return") }
                            if model.canReject { Button("整批不通过", kind: .danger, name: "action", value: "reject") }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// 汇总表: the batch on A4 for signing and filing.
package struct BatchSummarySheet: HTML {
    package let model: BatchPage.Model
    package let printedAt: String
    package let printedBy: String

    package func render(into buffer: inout HTMLBuffer) {
        let type = model.type
        PrintDocument(title: "\(type.definition.name)第 \(model.number) 批次汇总表", subtitle: model.stepLabel.map { "环节：\($0)" },
                      backHref: "/review/\(type.key)/batches/\(model.number)", footer: "打印时间 \(printedAt)　打印人 \(printedBy)") {
            DescriptionList(model.totals)
            DataTable(
                columns: BatchPage.columns(type),
                rows: model.rows.enumerated().map { index, line in
                    [AnyHTML(Text(String(index + 1))), AnyHTML(Text(line.name))] + line.cells.map { AnyHTML(Text($0)) }
                        + line.amounts.map { AnyHTML(Text(Money.format($0))) } + [AnyHTML(Text(line.status))]
                })
            SignatureLines(["经办人", "审核人", "单位负责人"])
        }.render(into: &buffer)
    }
}
