import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// One export batch: what it holds, its file, and 确认已上报.
package struct NationalBatchPage: HTML {
    package let context: PageContext
    package let batch: NationalExport.Batch
    /// Its first records.
    package let sample: [NationalSync.Item]
    package let csrfToken: String

    package func render(into buffer: inout HTMLBuffer) {
        let batch = self.batch
        let path = NationalReportController.path + "/exports/\(batch.id)"
        Layout(context) {
            Card(title: "第 \(batch.id) 批上报数据") {
                DescriptionList([
                    ("生成时间", ChinaTime.dateTime(batch.createdAt)), ("生成方式", batch.createdBy.map { "\($0)（学校管理员）" } ?? batch.kind.label),
                    ("上报记录", "\(batch.records) 条"), ("未通过检查未包含", "\(batch.heldBack) 条"),
                    ("状态", batch.confirmedAt.map { "已确认上报（\(ChinaTime.dateTime($0))）" } ?? "上报中，等待确认"),
                ])
                if batch.heldBack > 0 {
                    p(.class("muted")) {
                        "未通过检查的记录仍为新增或有改动，修改方法见"
                        a(.href(NationalReportController.path + "?state=new")) { "上报列表" }
                        "；改好后下次生成时上报。"
                    }
                }
                p {
                    a(.class("btn btn-primary"), .href(path + "/file"), .init("download", nil),
                      .data("data-confirm", "上报文件包含完整证件号码和手机号，请妥善保管，上传全国系统后删除。确定下载？")) { "下载上报文件 (.xlsx)" }
                }
                p(.class("muted")) { "文件按全国系统的上报格式逐行列出（证件号码、手机号为完整信息，下载记入操作日志）。上传全国系统成功后确认，记录即为已上报。" }
                if batch.confirmedAt == nil {
                    form(.method("post"), .action(path + "/confirm")) {
                        CSRFField(csrfToken)
                        Button("确认已上报", kind: .secondary)
                    }
                }
            }
            Card(title: "本批记录（前 \(sample.count) 条）") {
                NationalRecordTable(rows: sample.map { NationalReportPage.Row(item: $0, problems: []) })
            }
        }.render(into: &buffer)
    }
}

/// 导入全国系统反馈: the upload form, what happens to each error type, the recent imports.
package struct NationalFeedbackFormPage: HTML {
    package let context: PageContext
    package let recent: [NationalFeedbackImport.Recent]
    package let csrfToken: String
    package let error: String?

    package func render(into buffer: inout HTMLBuffer) {
        let path = NationalReportController.path + "/feedback"
        Layout(context) {
            Card(title: "导入全国系统反馈") {
                ol(.class("steps-list")) {
                    li { "从全国就业管理系统导出反馈文件（Excel 或 CSV），须含年度、学历、考生号和错误类型（或错误原因）列；按年度、学历、考生号三项对应本校毕业生。" }
                    li { "登记信息错误：该毕业生的毕业去向登记设为审核不通过，不通过原因为全国系统的反馈；已审核通过的登记不能退回，标记为需复查。" }
                    li { "生源信息错误：解锁该毕业生的生源信息供修改（记入操作日志），毕业去向登记不变。" }
                    li { "档案信息错误：标记为需复查，附反馈原因。" }
                    li { "以上记录的上报状态改为需复查，并通知负责的辅导员和院系管理员核实修改；不向学生发送短信。" }
                }
                if let error { div(.class("alert alert-error"), .role("alert")) { error } }
                form(.method("post"), .action(path + "?_csrf=" + QueryString.encode(csrfToken)), .init("enctype", "multipart/form-data"), .class("form-stack")) {
                    div(.class("field upload-file-field")) {
                        label(.for("feedback-file")) { "反馈文件" }
                        input(.type("file"), .id("feedback-file"), .name("file"),
                              .init("accept", ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"), .init("required", nil))
                        p(.class("hint")) { "最大 10 MB。" }
                    }
                    FormActions { Button("上传并处理") }
                }
            }
            Card(title: "最近导入的反馈") {
                DataTable(
                    columns: [.init("导入时间"), .init("文件"), .init("行数", numeric: true), .init("已对应", numeric: true),
                              .init("未找到", numeric: true), .init("无法读取", numeric: true)],
                    rows: recent.map { row in
                        [AnyHTML(Text(ChinaTime.dateTime(row.createdAt))), AnyHTML(a(.href(path + "/\(row.id)")) { row.fileName }),
                         AnyHTML(Text(String(row.total))), AnyHTML(Text(String(row.matched))), AnyHTML(Text(String(row.notFound))),
                         AnyHTML(Text(String(row.unreadable)))]
                    },
                    emptyMessage: "还没有导入过反馈文件。")
            }
        }.render(into: &buffer)
    }
}

/// What was done with each row of a feedback file.
package struct NationalFeedbackResultPage: HTML {
    package let context: PageContext
    package let stored: NationalFeedbackImport.Stored

    package func render(into buffer: inout HTMLBuffer) {
        let stored = self.stored
        Layout(context) {
            Card(title: "反馈处理结果：\(stored.fileName)") {
                p {
                    "导入时间 \(ChinaTime.dateTime(stored.createdAt))，共 \(stored.outcomes.count) 行：已对应 \(stored.count(.matched)) 行，未找到 \(stored.count(.notFound)) 行，"
                        + "无法读取 \(stored.count(.unreadable)) 行，不在管理范围 \(stored.count(.outOfScope)) 行。"
                }
                DataTable(
                    columns: [.init("行号", numeric: true), .init("结果"), .init("姓名"), .init("学号"), .init("考生号"), .init("错误类型"),
                              .init("错误原因"), .init("处理情况")],
                    rows: stored.outcomes.map { outcome in
                        [AnyHTML(Text(String(outcome.row))),
                         AnyHTML(StatusBadge(outcome.status.label, tone: outcome.status == .matched ? .success : outcome.status == .notFound ? .warning : .danger)),
                         AnyHTML(Text(outcome.name ?? "—")), AnyHTML(Text(outcome.studentNo ?? "—")), AnyHTML(Text(outcome.examinee ?? "—")),
                         AnyHTML(Text(outcome.errorType ?? "—")), AnyHTML(Text(outcome.reason.flatMap { $0.isEmpty ? nil : $0 } ?? "—")),
                         AnyHTML(Text(outcome.result))]
                    },
                    emptyMessage: "文件中没有反馈记录。")
                p { a(.href(NationalReportController.path + "?state=needs-review")) { "查看需复查的记录" } }
            }
        }.render(into: &buffer)
    }
}
