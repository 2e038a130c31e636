import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import Vapor

/// 生源信息核对 as the graduate sees it (seed 003 §3.2.2): the three steps, 个人信息 and the
/// school's 生源信息 read-only, the fields the graduate completes, then 保存并送审; once locked,
/// 申请修改. 审核记录 and 变更明细 below.
package struct SourcePage: HTML {
    package struct Model: Sendable {
        package var statusLabel: String
        package var confirmationLabel: String
        package var state: CaseState
        package var lock: Int64
        package var record: [(String, String)]
        package var data: [String: String]
        package var editable: Bool
        package var canWithdraw: Bool
        package var canAmend: Bool
        package var windowNote: String?
        package var errors: [String: String]
        package var message: Flash?
        package var history: [CaseEngine.HistoryRow]
        package var changes: [CaseEngine.ChangeSet]
        package var csrfToken: String
        package var access: FieldAccessRules = .allEditable
    }

    package let context: PageContext
    package let model: Model

    /// The school's record as shown to the graduate: coded fields by name, the 证件号码 masked.
    package static func recordRows(_ record: [GraduateField.Key: String], names: [GraduateField.Key: [String: String]]) -> [(String, String)] {
        let keys: [GraduateField.Key] = [.studentNo, .name, .college, .majorName, .className, .cohort, .educationLevel, .studyType, .trainingMode,
                                         .sponsorUnit, .documentNumber, .ethnicity, .politicalStatus, .sourceRegion, .enrolmentDate, .graduationDate]
        return keys.compactMap { key in
            guard let value = record[key], !value.isEmpty else { return key == .sponsorUnit ? nil : (SourceContactForm.label(key), "—") }
            if key == .documentNumber { return ("证件号码", Masking.idNumber(value)) }
            return (SourceContactForm.label(key), names[key]?[value] ?? value)
        }
    }

    /// The names of the record's coded fields (学历, 民族, 政治面貌) and of 生源所在地.
    package static func names(_ req: Request) async throws -> [GraduateField.Key: [String: String]] {
        var names = try await GraduateRecordExport.names(req.application, on: req.db)
        names[.sourceRegion] = try await req.application.codeBooks.regionTable(on: req.db).mapValues(\.name)
        return names
    }

    /// Which of 学生提交 → 院系审核 → 学校审核 is done: 0 none, 1 submitted, 2 college passed, 3 locked.
    var reached: Int {
        switch model.state.status {
        case .approved: 3
        case .inReview(let step): step >= 2 ? 2 : 1
        default: 0
        }
    }

    package func render(into buffer: inout HTMLBuffer) {
        let steps = ["学生提交", "院系审核", "学校审核"]
        Layout(context) {
            Card(title: "生源信息核对") {
                if let message = model.message { Alert(message) }
                ol(.class("progress-steps"), .init("aria-label", "办理进度")) {
                    for (index, step) in steps.enumerated() {
                        li(.class(index < reached ? "done" : index == reached ? "current" : "todo")) { step }
                    }
                }
                div(.class("case-status")) {
                    span(.class("muted")) { "当前状态" }
                    CaseStatusBadge(label: model.statusLabel, state: model.state)
                    span(.class("muted")) { "确认情况：\(model.confirmationLabel)" }
                }
                if let note = model.windowNote, model.editable {
                    div(.class("alert alert-warning"), .role("status")) { note }
                }
                h3 { "个人信息与生源信息" }
                p(.class("muted")) { "以下信息由学校导入，如有错误，请在学校审核通过后点击“申请修改”。" }
                DescriptionList(model.record)
                h3 { "联系方式" }
                p(.class("alert alert-info")) { "特别提醒：生源信息中的手机号码非常重要，用人单位在签约模式一中将使用姓名和手机号查找拟签约毕业生。" }
                if model.editable {
                    form(.method("post"), .action("/source"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        SourceContactFields(data: model.data, errors: model.errors, access: model.access)
                        p(.class("muted")) { "请仔细核对您填写的数据，确认无误后点击“保存并送审”进行送审。" }
                        FormActions { Button("保存并送审", name: "action", value: "submit") }
                    }
                } else {
                    DescriptionList(SourceContactForm.keys.map { key in
                        let value = model.data[key.rawValue] ?? ""
                        return (SourceContactForm.label(key), value.isEmpty ? "—" : value)
                    })
                    if let field = model.data["amend_field"].flatMap(GraduateField.Key.init(rawValue:)), model.state.status != .approved {
                        p(.class("muted")) { "修改申请：\(SourceContactForm.label(field)) 改为 “\(model.data["amend_text"] ?? "")”" }
                    }
                    if model.canWithdraw {
                        form(.method("post"), .action("/source"), .class("form-actions"), .data("data-confirm", "撤回后可修改重新送审，确定撤回吗？")) {
                            CSRFField(model.csrfToken)
                            input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                            Button("撤回", kind: .secondary, name: "action", value: "withdraw")
                        }
                    }
                }
            }
            if model.canAmend {
                Card(title: "申请修改") {
                    p(.class("muted")) { "生源信息已锁定。如有错误，请选择要修改的字段，填写修改后的内容和原因，由学校审核处理。" }
                    form(.method("post"), .action("/source"), .class("form-stack")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        SelectField("修改字段", name: "amend_field", options: SourceAmendment.fields.map { SelectOption($0.rawValue, SourceContactForm.label($0)) },
                                    required: true, error: model.errors["amend_field"], id: "amend_field")
                        TextField("修改为", name: "amend_value", required: true, error: model.errors["amend_value"],
                                  hint: "例如：政治面貌修改为 中共党员", maxLength: 200, id: "amend_value")
                        TextAreaField("申请修改原因", name: "reason", required: true, error: model.errors["reason"],
                                      hint: "请填写修改理由及需要修改的内容", rows: 3, id: "amend_reason")
                        FormActions { Button("提交修改申请", kind: .secondary, name: "action", value: "amend") }
                    }
                }
            }
            CaseRecords(history: model.history, changes: model.changes)
        }.render(into: &buffer)
    }
}

/// The fields the graduate completes (户口/档案是否转入学校 and 联系方式), for the graduate's form
/// and the staff's 生源信息维护 alike.
package struct SourceContactFields: HTML {
    package let data: [String: String]
    package let errors: [String: String]
    /// 字段权限: grey fields are shown read-only, hidden ones not at all.
    package var access: FieldAccessRules = .allEditable

    package func render(into buffer: inout HTMLBuffer) {
        for key in SourceContactForm.keys where access.access(key.rawValue) != .hidden {
            let readOnly = access.access(key.rawValue) == .readOnly
            if let choices = SourceContactForm.choices(key) {
                SelectField(SourceContactForm.label(key), name: key.rawValue, options: choices.map { SelectOption($0, $0) },
                            selected: data[key.rawValue], required: true, error: errors[key.rawValue], readOnly: readOnly, id: key.rawValue).render(into: &buffer)
            } else {
                TextField(SourceContactForm.label(key), name: key.rawValue, value: data[key.rawValue] ?? "",
                          type: key == .email ? "email" : key == .phone ? "tel" : "text", required: true,
                          error: errors[key.rawValue], readOnly: readOnly, hint: readOnly ? "由学校设置为只读" : SourceContactForm.hint(key),
                          autocomplete: key == .email ? "email" : key == .phone ? "tel" : nil,
                          inputMode: [.qq, .homePostcode, .phone, .homePhone].contains(key) ? "numeric" : nil, id: key.rawValue).render(into: &buffer)
            }
        }
    }
}
