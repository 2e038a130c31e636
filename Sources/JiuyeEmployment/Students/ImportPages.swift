import JiuyePlatform
import Foundation
import JiuyeDomain
import JiuyeHTML

/// 导入毕业生: the upload form, the template, how it works, and the school's recent imports.
package struct ImportFormPage: HTML {
    package let context: PageContext
    package let recent: [ImportController.ImportRow]
    package let csrfToken: String
    package let error: String?

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "导入毕业生") {
                ol(.class("steps-list")) {
                    li { "下载导入模板，按列填写毕业生生源信息（带 * 的列必填；院系名称、专业代码须与本校“院系与专业”设置一致，生源所在地填县级行政区划代码）。模板第 2 行是示例，导入时自动跳过。" }
                    li {
                        "学历、性别、民族、政治面貌等列可从下拉列表选择，也可填写代码、名称或常用简称，如“本科”“男”“汉”“共青团员”；可用的值见模板的“代码表”工作表和"
                        a(.href("/admin/codes")) { "数据字典" }
                        "。"
                    }
                    li { "上传 Excel (.xlsx) 文件，或 CSV 文件（UTF-8 或 Excel 默认的 GB18030 编码均可）。" }
                    li { "系统逐行检查，全部正确才导入；有错误时不导入任何数据，并给出可下载的错误报告。" }
                }
                p {
                    a(.href("/students/import/template.xlsx"), .init("download", nil)) { "下载导入模板 (.xlsx)" }
                    " · "
                    a(.href("/students/new")) { "逐个添加毕业生" }
                }
                if let error { div(.class("alert alert-error"), .role("alert")) { error } }
                form(.method("post"), .action("/students/import?_csrf=" + QueryString.encode(csrfToken)), .init("enctype", "multipart/form-data"), .class("form-stack")) {
                    div(.class("field upload-file-field")) {
                        label(.for("import-file")) { "选择文件" }
                        input(.type("file"), .id("import-file"), .name("file"), .init("accept", ".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"),
                              .init("required", nil))
                        p(.class("hint")) { "最大 30 MB，约 10 万行。" }
                    }
                    FormActions { Button("上传并导入") }
                }
            }
            Card(title: "最近的导入") {
                DataTable(
                    columns: [.init("上传时间"), .init("文件"), .init("状态"), .init("行数", numeric: true), .init("已导入", numeric: true), .init("错误", numeric: true)],
                    rows: recent.map { row in
                        [AnyHTML(Text(ChinaTime.dateTime(row.createdAt))), AnyHTML(a(.href("/students/import/\(row.id)")) { row.fileName }),
                         AnyHTML(ImportStatusBadge(row: row)), AnyHTML(Text(row.total.map(String.init) ?? "—")), AnyHTML(Text(String(row.imported))),
                         AnyHTML(Text(String(row.errors)))]
                    },
                    emptyMessage: "还没有导入记录。")
            }
        }.render(into: &buffer)
    }
}

package struct ImportStatusBadge: HTML {
    package let row: ImportController.ImportRow
    package func render(into buffer: inout HTMLBuffer) {
        StatusBadge(row.statusLabel, tone: row.status == "done" ? .success : row.isRunning ? .info : .danger).render(into: &buffer)
    }
}

/// One import: progress while the job runs (the page refreshes itself, no script needed), then
/// the result or the error report.
package struct ImportResultPage: HTML {
    package let context: PageContext
    package let row: ImportController.ImportRow
    package static let shownProblems = 200

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "导入结果") {
                if row.isRunning {
                    meta(.init("http-equiv", "refresh"), .content("2"))
                }
                DescriptionList([("文件", row.fileName), ("格式", row.format == "xlsx" ? "Excel (.xlsx)" : "CSV"), ("上传时间", ChinaTime.dateTime(row.createdAt)),
                                 ("数据行数", row.total.map { "\($0) 行" } ?? "—")])
                div(.class("import-status")) { ImportStatusBadge(row: row) }
                if row.isRunning {
                    let total = max(row.total ?? 0, row.processed, 1)
                    Element("progress", [.init("max", String(total)), .value(String(row.processed)), .ariaLabel("检查进度")], content: Text(""))
                    p(.class("muted")) { row.status == "importing" ? "检查通过，正在写入数据库……" : "已检查 \(row.processed) 行，页面每 2 秒自动刷新。" }
                } else if let message = row.message {
                    div(.class(row.status == "done" ? "alert alert-success" : "alert alert-error"), .role("status")) { message }
                }
                if row.errors > 0 {
                    p {
                        a(.class("btn btn-secondary"), .href("/students/import/\(row.id)/report.xlsx"), .init("download", nil)) { "下载错误报告 (.xlsx)" }
                    }
                    DataTable(
                        columns: [.init("行号", numeric: true), .init("列"), .init("原值"), .init("问题")],
                        rows: row.report.prefix(Self.shownProblems).map { problem in
                            [AnyHTML(Text(String(problem.row))), AnyHTML(Text(problem.column)), AnyHTML(Text(problem.value.isEmpty ? "（空）" : problem.value)),
                             AnyHTML(Text(problem.message))]
                        },
                        caption: row.errors > Self.shownProblems ? "共 \(row.errors) 处问题，此处列出前 \(Self.shownProblems) 处，完整内容见错误报告。" : "共 \(row.errors) 处问题")
                }
                p { a(.href("/students/import")) { "返回导入页" } }
            }
        }.render(into: &buffer)
    }
}
