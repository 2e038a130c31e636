import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 派遣信息核对 pages: the graduate's confirmation and change requests; the school's requests
/// and the 就业方案 export.
package enum ArchivePages {
    static let pending = "待处理"

    package struct Request: Sendable {
        let id: Int64, student: String, field: String, value: String, reason: String, status: String, note: String?, at: Int64
    }

    package struct StudentModel: Sendable {
        let graduate: SigningStore.Graduate, fields: [ArchiveField], editable: [ArchiveField], stored: [ArchiveField: String], confirmedAt: Int64?
        let open: Bool, notice: String?, route: String, form: [String: String], errors: [String: String], message: Flash?
        let requests: [Request], csrfToken: String
    }

    package struct Student: HTML {
        let context: PageContext
        let model: StudentModel

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                if let message = model.message { Alert(message) }
                Card(title: "派遣信息核对") {
                    p(.class("muted")) {
                        "报到证已于 2023 年起取消。请核对档案转递和户口迁移信息，学校据此编制就业方案；转递编号和核验编号由全国高校毕业生毕业去向登记系统生成。"
                    }
                    if let notice = model.notice { Alert(.info, notice) }
                    if model.confirmedAt != nil {
                        DescriptionList(model.fields.map { ($0.label, model.stored[$0].flatMap { $0.isEmpty ? nil : $0 } ?? ($0.isGraduateField ? "—" : "待全国系统生成")) })
                        p(.class("muted")) { "已于 \(ChinaTime.dateTime(model.confirmedAt!)) 确认。" }
                    } else if model.open {
                        p { "按您的毕业去向，档案默认转寄：\(model.route)。请核对并补全后确认。" }
                        form(.method("post"), .action("/archive"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            for field in model.editable {
                                if field == .hukouToSourceRegion {
                                    RadioGroup(field.label, name: field.rawValue, options: [SelectOption("是", "是"), SelectOption("否", "否")],
                                               selected: model.form[field.rawValue], required: true, error: model.errors[field.rawValue])
                                } else {
                                    TextField(field.label, name: field.rawValue, value: model.form[field.rawValue] ?? "", required: true, error: model.errors[field.rawValue],
                                              hint: field.hint, maxLength: field.maxLength, id: field.rawValue)
                                }
                            }
                            FormActions { Button("确认无误") }
                        }
                    }
                }
                if model.confirmedAt != nil {
                    Card(title: "申请修改") {
                        form(.method("post"), .action("/archive/change"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            SelectField("修改字段", name: "field", options: model.editable.map { SelectOption($0.rawValue, $0.label) }, required: true, id: "change-field")
                            TextField("修改为", name: "value", required: true, id: "change-value")
                            TextAreaField("修改原因", name: "reason", required: true, rows: 3, id: "change-reason")
                            FormActions { Button("提交修改申请", kind: .secondary) }
                        }
                        DataTable(columns: [.init("字段"), .init("修改为"), .init("原因"), .init("状态"), .init("提交时间")], rows: model.requests.map { request in
                            [AnyHTML(Text(request.field)), AnyHTML(Text(request.value)), AnyHTML(Text(request.reason)),
                             AnyHTML(Text(request.status + (request.note.map { "（\($0)）" } ?? ""))), AnyHTML(Text(ChinaTime.dateTime(request.at)))]
                        }, emptyMessage: "暂无修改申请。")
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct SchoolModel: Sendable {
        let requests: [Request], cohorts: [Int], csrfToken: String
    }

    package struct School: HTML {
        let context: PageContext
        let model: SchoolModel

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "就业方案") {
                    p(.class("muted")) { "导出已确认派遣信息的毕业生，文件含完整个人信息，导出记入操作日志。" }
                    form(.method("post"), .action("/archive/plan"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        SelectField("届别", name: "cohort", options: model.cohorts.map { SelectOption(String($0), "\($0)届") }, selected: model.cohorts.first.map(String.init),
                                    required: true, prompt: model.cohorts.isEmpty ? "暂无已确认的毕业生" : nil, id: "plan-cohort")
                        FormActions { Button("导出就业方案（Excel）", kind: .secondary) }
                    }
                }
                Card(title: "派遣信息修改申请") {
                    DataTable(columns: [.init("毕业生"), .init("字段"), .init("修改为"), .init("原因"), .init("状态"), .init("操作")], rows: model.requests.map { request in
                        [AnyHTML(Text(request.student)), AnyHTML(Text(request.field)), AnyHTML(Text(request.value)), AnyHTML(Text(request.reason)),
                         AnyHTML(Text(request.status + (request.note.map { "（\($0)）" } ?? ""))),
                         request.status == ArchivePages.pending
                             ? AnyHTML(form(.method("post"), .action("/archive/requests/\(request.id)"), .class("form-stack")) {
                                 CSRFField(model.csrfToken)
                                 TextField("意见", name: "note", id: "note-\(request.id)")
                                 FormActions {
                                     Button("确认修改", name: "decision", value: "agree")
                                     Button("不同意", kind: .secondary, name: "decision", value: "refuse")
                                 }
                             })
                             : AnyHTML(Text("—"))]
                    }, emptyMessage: "暂无修改申请。")
                }
            }.render(into: &buffer)
        }
    }
}
