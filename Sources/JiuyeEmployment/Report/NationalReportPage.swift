import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 全国系统上报: counts per sync state, the filters, and each registration with its pre-check
/// problems and their fix beside it (证件号码 and 手机号 masked).
package struct NationalReportPage: HTML {
    package struct Row: Sendable {
        package let item: NationalSync.Item
        package let problems: [NationalProblem]
    }

    package struct Model: Sendable {
        package var counts: [NationalSyncState: Int]
        package var rows: [Row]
        package var hasMore: Bool
        package var state: NationalSyncState?
        package var college: Int64?
        package var after: Int64?
        package var colleges: [SelectOption]
        package var startStatus: String
        package var canExport: Bool
        package var csrfToken: String
        package var batches: [NationalExport.Batch] = []

        package var query: [(String, String)] {
            [("state", state?.rawValue), ("college", college.map(String.init))].compactMap { name, value in value.map { (name, $0) } }
        }

        package var queued: Int { (counts[.new] ?? 0) + (counts[.changed] ?? 0) }
    }

    package let context: PageContext
    package let model: Model

    static func tone(_ state: NationalSyncState) -> StatusBadge.Tone {
        switch state {
        case .new: .info
        case .changed: .warning
        case .exporting: .info
        case .reported: .success
        case .needsReview: .danger
        }
    }

    package func render(into buffer: inout HTMLBuffer) {
        let path = NationalReportController.path
        let model = self.model
        let collegeQuery = model.college.map { [("college", String($0))] } ?? []
        Layout(context) {
            Card(title: "全国系统上报") {
                p(.class("muted")) {
                    "毕业去向登记达到“\(model.startStatus)”及之后的状态即进入上报（新增）；上报后有改动的重新上报；全国系统反馈的错误记录为需复查，由辅导员和院系核实后修改。上报前按全国系统的常见错误逐条检查，未通过检查的记录不上报，修改方法见每条记录。"
                }
                ul(.class("status-counts")) {
                    li { a(.href(path + "?" + QueryString.make(collegeQuery)), .ariaCurrent(model.state == nil ? "page" : "false")) {
                        "全部 \(NationalSyncState.allCases.reduce(0) { $0 + (model.counts[$1] ?? 0) })"
                    } }
                    ForEach(NationalSyncState.allCases) { state in
                        li {
                            a(.href(path + "?" + QueryString.make(collegeQuery + [("state", state.rawValue)])),
                              .ariaCurrent(model.state == state ? "page" : "false")) { "\(state.label) \(model.counts[state] ?? 0)" }
                        }
                    }
                }
                if model.canExport {
                    div(.class("toolbar")) {
                        form(.method("post"), .action(path + "/export"), .class("inline-form")) {
                            CSRFField(model.csrfToken)
                            Button("生成上报数据（待上报 \(model.queued) 条）")
                        }
                        LinkButton("导入全国系统反馈", href: path + "/feedback", kind: .secondary)
                    }
                    p(.class("muted")) { "生成时逐条检查，通过的记录组成一批上报数据并改为上报中（可下载 Excel 上传全国系统）；上传成功后点“确认已上报”。系统每天还会自动生成一次。" }
                }
                FilterBar(path: path) {
                    if let state = model.state { input(.type("hidden"), .name("state"), .value(state.rawValue)) }
                    SelectField("院系", name: "college", options: model.colleges, selected: model.college.map(String.init), prompt: "全部", id: "f-college")
                }
                NationalRecordTable(rows: model.rows)
                nav(.class("keyset-pager"), .ariaLabel("翻页")) {
                    if model.after != nil {
                        a(.class("btn btn-secondary"), .href(path + "?" + QueryString.make(model.query))) { "回到第一页" }
                    }
                    if model.hasMore, let last = model.rows.last {
                        a(.class("btn btn-secondary"), .href(path + "?" + QueryString.make(model.query + [("after", String(last.item.caseID))]))) { "下一页" }
                    }
                }
            }
            if model.canExport {
                Card(title: "最近的上报批次") {
                    NationalBatchTable(batches: model.batches)
                }
            }
        }.render(into: &buffer)
    }
}

/// The registrations: who, where, the review status, the sync state, and what to fix.
package struct NationalRecordTable: HTML {
    package let rows: [NationalReportPage.Row]

    package func render(into buffer: inout HTMLBuffer) {
        DataTable(
            columns: [.init("姓名"), .init("学号"), .init("院系"), .init("证件号码"), .init("手机号"), .init("毕业去向"), .init("审核情况"),
                      .init("上报状态"), .init("上报前检查与反馈")],
            rows: rows.map { row in
                let item = row.item
                let category = item.data["category"].map { code in DestinationForm.category(code).map { "\(code) \($0.displayLabel)" } ?? code } ?? "—"
                return [AnyHTML(Text(item.name)), AnyHTML(Text(item.studentNo ?? "—")), AnyHTML(Text(item.collegeName)),
                        AnyHTML(Text(item.record.documentNumber.isEmpty ? "—" : Masking.idNumber(item.record.documentNumber))),
                        AnyHTML(Text(item.record.mobilePhone.isEmpty ? "—" : Masking.phone(item.record.mobilePhone))),
                        AnyHTML(Text(category)), AnyHTML(Text(item.statusLabel)),
                        AnyHTML(item.state.map { StatusBadge($0.label, tone: NationalReportPage.tone($0)) } ?? StatusBadge("未进入上报")),
                        AnyHTML(NationalProblemList(problems: row.problems, item: item))]
            },
            emptyMessage: "没有符合条件的记录。").render(into: &buffer)
    }
}

/// The pre-check's problems, each with its fix, and the national feedback when there is one.
package struct NationalProblemList: HTML {
    package let problems: [NationalProblem]
    package let item: NationalSync.Item

    package func render(into buffer: inout HTMLBuffer) {
        let problems = self.problems, item = self.item
        div(.class("national-check")) {
            if let reason = item.feedbackReason {
                p(.class("national-feedback")) {
                    strong { "全国系统反馈（\(item.feedbackType?.label ?? "错误")）：" }
                    reason
                }
                if let outcome = item.feedbackOutcome, !outcome.isEmpty { p(.class("muted")) { outcome } }
            }
            if problems.isEmpty {
                span(.class("muted")) { "通过上报前检查" }
            } else {
                ul(.class("national-problems")) {
                    ForEach(problems) { problem in
                        li {
                            strong { problem.field.label + "：" }
                            problem.kind.userMessage + (problem.detail.map { "。" + Masking.redactingPersonalData(in: $0) } ?? "")
                            br()
                            span(.class("fix")) { "修改方法：" + problem.fix }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// The school's recent export batches.
package struct NationalBatchTable: HTML {
    package let batches: [NationalExport.Batch]

    package func render(into buffer: inout HTMLBuffer) {
        DataTable(
            columns: [.init("批次"), .init("生成时间"), .init("方式"), .init("记录", numeric: true), .init("未通过检查", numeric: true), .init("状态")],
            rows: batches.map { batch in
                [AnyHTML(a(.href(NationalReportController.path + "/exports/\(batch.id)")) { "第 \(batch.id) 批" }),
                 AnyHTML(Text(ChinaTime.dateTime(batch.createdAt))), AnyHTML(Text(batch.createdBy ?? batch.kind.label)),
                 AnyHTML(Text(String(batch.records))), AnyHTML(Text(String(batch.heldBack))),
                 AnyHTML(batch.confirmedAt == nil ? StatusBadge("上报中", tone: .info) : StatusBadge("已确认上报", tone: .success))]
            },
            emptyMessage: "还没有上报批次。").render(into: &buffer)
    }
}
