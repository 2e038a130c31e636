import Foundation
import JiuyeDomain
import JiuyeHTML

package struct ReviewListPage: HTML {
    package struct Model: Sendable {
        package var type: CaseType
        package var rows: [ReviewController.ListRow]
        package var hasMore: Bool
        package var filter: ReviewController.Filter
        package var groups: [(label: String, count: Int)]
        /// Expected applicants with no case yet (shown under 未提交), the first of `notStartedTotal`.
        package var notStarted: [ReviewController.NotStartedRow] = []
        package var notStartedTotal = 0
        /// The cases the export holds (those with no case yet are not in it).
        package var exportTotal = 0
        package var pendingLabel: String?
        /// Scope values as shown (院系, 专业, 区县 … names).
        package var names: ScopeValueNames
        package var colleges: [SelectOption]
        package var majors: [SelectOption]
        package var levels: [SelectOption]
        package var canEnter: Bool
        package var selection: Selection?
    }

    /// Checkboxes on the list for batch steps.
    package struct Selection: Sendable {
        /// Status keys whose cases may be ticked.
        package var keys: Set<String>
        package var canFormBatch: Bool
        package var canApprove: Bool

        package func allows(_ row: ReviewController.ListRow) -> Bool {
            keys.contains(row.status_key) && (canApprove || row.batch_number == nil)
        }
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let path = "/review/\(model.type.key)"
        let definition = model.type.definition
        let baseQuery = model.filter.query.filter { $0.0 != "status" }
        let labels = model.type.labelsByKey
        Layout(context) {
            Card(title: "\(definition.name)审核") {
                div(.class("toolbar")) {
                    ul(.class("status-counts")) {
                        ForEach(model.groups) { group in
                            li {
                                a(.href(path + "?" + QueryString.make(baseQuery + [("status", group.label)])),
                                  .ariaCurrent(model.filter.status == group.label ? "page" : "false")) { "\(group.label) \(group.count)" }
                            }
                        }
                    }
                    if model.pendingLabel != nil {
                        LinkButton("逐条审核", href: path + "/next?" + QueryString.make(baseQuery), kind: .primary)
                    }
                    if model.canEnter {
                        LinkButton("代为录入", href: "/\(model.type.key)/enter", kind: .secondary)
                    }
                }
                FilterBar(path: path) {
                    if let status = model.filter.status { input(.type("hidden"), .name("status"), .value(status)) }
                    if model.type.scope.shown.contains(.level) {
                        SelectField("学历", name: "level", options: model.levels,
                                    selected: model.filter.level, prompt: "全部", id: "f-level")
                    }
                    if model.type.scope.shown.contains(.college) {
                        SelectField("院系", name: "college", options: model.colleges, selected: model.filter.college.map(String.init), prompt: "全部", id: "f-college")
                    }
                    if !model.majors.isEmpty, model.type.scope.shown.contains(.major) {
                        SelectField("专业", name: "major", options: model.majors, selected: model.filter.major.map(String.init), prompt: "全部", id: "f-major")
                    }
                    TextField("关键字", name: "q", value: model.filter.keyword ?? "",
                              placeholder: model.type.applicantNumber.map { "姓名或\($0)" } ?? "姓名", id: "f-q")
                }
                if let selection = model.selection {
                    form(.method("post"), .action(path + "/selection"), .class("selection-form")) {
                        CSRFField(context.csrfToken ?? "")
                        input(.type("hidden"), .name("back"), .value("?" + QueryString.make(model.filter.query)))
                        ListTable(model: model, labels: labels, selection: selection)
                        div(.class("selection-actions")) {
                            if selection.canApprove {
                                Button("批量通过所选", name: "action", value: "approve")
                            }
                            if selection.canFormBatch {
                                Button("所选组成批次", kind: .secondary, name: "action", value: "batch")
                            }
                            LinkButton("查看批次", href: path + "/batches", kind: .secondary)
                        }
                    }
                } else if !(model.rows.isEmpty && !model.notStarted.isEmpty) {
                    // With nobody's draft to show, the 尚未开始填报 list below stands alone.
                    ListTable(model: model, labels: labels, selection: nil)
                }
                nav(.class("keyset-pager"), .ariaLabel("翻页")) {
                    if model.filter.after != nil {
                        a(.class("btn btn-secondary"), .href(path + "?" + QueryString.make(model.filter.query))) { "回到第一页" }
                    }
                    if model.hasMore, let last = model.rows.last {
                        a(.class("btn btn-secondary"), .href(path + "?" + QueryString.make(model.filter.query + [("after", String(last.id))]))) { "下一页" }
                    }
                }
                if model.notStartedTotal > 0, !model.notStarted.isEmpty {
                    NotStartedTable(model: model)
                }
                ExportMenu(path: path + "/export", query: model.filter.query + (model.filter.status == nil ? [("status", "")] : []),
                           total: model.exportTotal)
            }
        }.render(into: &buffer)
    }
}

/// 尚未开始填报: expected applicants with no case yet (未提交 counts them with the drafts).
package struct NotStartedTable: HTML {
    package let model: ReviewListPage.Model

    package func render(into buffer: inout HTMLBuffer) {
        let model = self.model
        section(.class("not-started")) {
            h3 { "尚未开始填报（\(model.notStartedTotal) 人）" }
            if model.notStartedTotal > model.notStarted.count {
                p(.class("muted")) { "以下按学号显示前 \(model.notStarted.count) 人；可用院系、专业或关键字缩小范围。" }
            }
            let shown = model.type.scope.shown
            let number = model.type.applicantNumber
            DataTable(
                columns: [.init("姓名")] + (number.map { [.init($0)] } ?? []) + shown.map { .init($0.label) },
                rows: model.notStarted.map { row in
                    [AnyHTML(Text(row.name))] + (number == nil ? [] : [AnyHTML(Text(row.studentNo ?? "—"))])
                        + shown.map { AnyHTML(Text(model.names.text($0, row.scope[$0]))) }
                },
                emptyMessage: "")
        }.render(into: &buffer)
    }
}

/// The list's table; with a selection, a checkbox column for the cases that may be ticked.
package struct ListTable: HTML {
    package let model: ReviewListPage.Model
    package let labels: [String: String]
    package let selection: ReviewListPage.Selection?

    package func render(into buffer: inout HTMLBuffer) {
        let path = "/review/\(model.type.key)"
        let shown = model.type.scope.shown
        let number = model.type.applicantNumber
        let columns: [DataTable.Column] = [.init("姓名")] + (number.map { [.init($0)] } ?? []) + shown.map { .init($0.label) }
            + [.init(model.type.fields.first?.label ?? "内容"), .init("提交时间"), .init("状态")]
        DataTable(
            columns: (selection == nil ? [] : [.init("选择")]) + columns,
            rows: model.rows.map { row in
                var cells: [AnyHTML] = []
                if let selection {
                    cells.append(selection.allows(row)
                        ? AnyHTML(input(.type("checkbox"), .name("ids"), .value(String(row.id)), .ariaLabel("选择 \(row.applicant_name)")))
                        : AnyHTML(Text(row.batch_number.map { "第 \($0) 批次" } ?? "")))
                }
                cells.append(AnyHTML(a(.href("\(path)/\(row.id)")) { row.applicant_name }))
                if number != nil { cells.append(AnyHTML(Text(row.student_no ?? "—"))) }
                cells += shown.map { AnyHTML(Text(model.names.text($0, row.scope[$0]))) }
                return cells + [AnyHTML(Text(row.summary.flatMap { $0.isEmpty ? nil : $0 } ?? "—")),
                        AnyHTML(Text(row.submitted_at.map(ChinaTime.dateTime) ?? "—")),
                        AnyHTML(CaseStatusBadge(label: row.status_label ?? labels[row.status_key] ?? row.status_key, key: row.status_key))]
            },
            emptyMessage: "没有符合条件的申请。").render(into: &buffer)
    }
}

package struct ReviewDetailPage: HTML {
    package struct Model: Sendable {
        package var type: CaseType
        package var row: CaseRow
        package var state: CaseState
        package var statusLabel: String
        package var applicant: [(String, String)]
        package var details: [(String, String)]
        package var inForce: [(String, String)]?
        package var stepLabel: String?
        package var approveLabel: String
        package var canApprove: Bool
        package var canReject: Bool
        package var canReturn: Bool
        /// 公示: start it, record an objection, deal with the objections.
        package var canPublicize: Bool = false
        package var canObject: Bool = false
        package var canResolve: Bool = false
        package var publicityDays: Int?
        package var message: Flash?
        /// The 审核意见 as typed, and what is wrong with it (shown at the field).
        package var reason: String = ""
        package var reasonError: String?
        package var history: [CaseEngine.HistoryRow]
        package var changes: [CaseEngine.ChangeSet]
        package var files: [Uploads.Row]
        package var query: String
        package var csrfToken: String
        /// The module's own cards (`CaseType.reviewSections`).
        package var sections: [RenderedHTML] = []
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        let path = "/review/\(model.type.key)"
        let suffix = model.query.isEmpty ? "" : "?" + model.query
        Layout(context) {
            Card(title: "申请信息") {
                if let message = model.message { Alert(message) }
                div(.class("case-status")) {
                    span(.class("muted")) { "当前状态" }
                    CaseStatusBadge(label: model.statusLabel, state: model.state)
                    span(.class("muted")) { "第 \(model.state.version) 版" }
                    if let step = model.stepLabel { span(.class("muted")) { "待处理环节：\(step)" } }
                }
                DescriptionList(model.applicant)
                h3 { "登记内容" }
                DescriptionList(model.details)
                if let inForce = model.inForce, model.state.status != .approved {
                    h3 { "当前有效的登记（第 \(model.state.inForceVersion ?? 1) 版）" }
                    DescriptionList(inForce)
                }
            }
            CaseFilesCard(files: model.files, addHref: nil)
            ForEach(model.sections) { $0 }
            if let guidance = model.type.guidance?(model.row.data) {
                Card(title: "审核标准") {
                    ForEach(guidance.split(separator: "\n").map(String.init)) { line in p(.class("review-guidance")) { line } }
                }
            }
            if model.canPublicize || model.canObject || model.canResolve {
                Card(title: model.canPublicize ? "公示" : "公示异议") {
                    form(.method("post"), .action("\(path)/\(model.row.id)\(suffix)"), .class("form-stack review-form")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("lock"), .value(String(model.row.lock)))
                        if model.canPublicize {
                            TextField("公示天数", name: "days", value: model.publicityDays.map(String.init) ?? "",
                                      hint: "不少于 \(model.publicityDays ?? 1) 天；公示期满由系统自动结束公示。", inputMode: "numeric", id: "days")
                            FormActions { Button("开始公示", name: "action", value: "publicize") }
                        } else {
                            TextAreaField(model.canResolve ? "异议内容或处理意见" : "异议内容", name: "reason", value: model.reason, error: model.reasonError, rows: 3, id: "objection")
                            FormActions {
                                if model.canObject { Button("登记公示异议", kind: .secondary, name: "action", value: "object") }
                                if model.canResolve { Button("异议处理", name: "action", value: "resolve") }
                            }
                        }
                    }
                }
            }
            if model.canApprove || model.canReject || model.canReturn {
                Card(title: "审核") {
                    form(.method("post"), .action("\(path)/\(model.row.id)\(suffix)"), .class("form-stack review-form")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("lock"), .value(String(model.row.lock)))
                        TextAreaField("审核意见", name: "reason", value: model.reason, error: model.reasonError, hint: "不通过或退回时必须填写原因，原因会以短信和系统消息发给申请人", rows: 3, id: "reason")
                        FormActions {
                            if model.canApprove { Button(model.approveLabel, name: "action", value: "approve") }
                            if model.canReturn { Button("退回修改", kind: .secondary, name: "action", value: "return") }
                            if model.canReject { Button("审核不通过", kind: .danger, name: "action", value: "reject") }
                        }
                    }
                }
            }
            nav(.class("review-nav"), .ariaLabel("审核导航")) {
                a(.class("btn btn-secondary"), .href(path + suffix)) { "返回列表" }
                a(.class("btn btn-secondary"), .href("\(path)/next?after=\(model.row.id)\(model.query.isEmpty ? "" : "&" + model.query)")) { "下一个" }
            }
            CaseRecords(history: model.history, changes: model.changes)
        }.render(into: &buffer)
    }
}
