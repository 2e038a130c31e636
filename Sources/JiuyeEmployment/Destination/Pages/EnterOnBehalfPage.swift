import JiuyePlatform
import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

package struct EnterOnBehalfPage: HTML {
    package struct Model: Sendable {
        package var studentNo: String
        package var student: StudentQueries.Row?
        package var data: [String: String]
        package var lock: Int64
        package var errors: [String: String]
        package var message: Flash?
        package var role: Role
        package var csrfToken: String
        package var access: FieldAccessRules = .allEditable
    }

    package let context: PageContext
    package let model: Model

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "代为录入毕业去向") {
                p(.class("muted")) {
                    model.role == .schoolAdmin
                        ? "学校代为录入的去向直接为“审核通过”，并通知毕业生本人确认。"
                        : "辅导员或学院代为录入的去向为“初审通过”，提交学校审核，并通知毕业生本人确认。"
                }
                if let message = model.message {
                    Alert(message)
                }
                form(.method("get"), .action("/destination/enter"), .class("filter-inline")) {
                    TextField("学号", name: "student", value: model.studentNo, required: true, id: "student-lookup")
                    Button("查找", kind: .secondary)
                }
                if let student = model.student {
                    DescriptionList([("姓名", student.display_name), ("学号", student.student_no ?? "—"), ("院系", student.college_name),
                                     ("专业", student.major_name), ("届别", "\(student.cohort)届")])
                    form(.method("post"), .action("/destination/enter"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("student"), .value(student.student_no ?? ""))
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        DestinationFields(data: model.data, errors: model.errors, access: model.access)
                        TextField("录入说明", name: "remark_staff", hint: "如：根据毕业生提交的劳动合同录入", maxLength: 200, id: "remark_staff")
                        FormActions { Button("代为录入") }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// The registration's fields, for the graduate's form and the staff's 代录 alike.
package struct DestinationFields: HTML {
    package let data: [String: String]
    package let errors: [String: String]
    /// 字段权限: grey fields are shown read-only, hidden ones not at all.
    package var access: FieldAccessRules = .allEditable

    package func render(into buffer: inout HTMLBuffer) {
        let category = DestinationForm.category(data["category"] ?? "")
        func shown(_ key: String) -> Bool { access.access(key) != .hidden }
        func grey(_ key: String) -> Bool { access.access(key) == .readOnly }
        Group(
            shown("category") ? SelectField("毕业去向", name: "category", options: DestinationForm.categories.map { SelectOption($0.code, "\($0.code) \($0.displayLabel)") },
                                            selected: data["category"], required: true, error: errors["category"], readOnly: grey("category"), id: "category") : nil,
            shown("unit_name") ? TextField(category?.placeLabel ?? "单位/院校名称", name: "unit_name", value: data["unit_name"] ?? "", error: errors["unit_name"],
                                           readOnly: grey("unit_name"), hint: "就业填写单位全称；升学填写录取院校；待就业可不填", maxLength: 100, id: "unit_name") : nil,
            shown("unit_location") ? TextField("单位所在地", name: "unit_location", value: data["unit_location"] ?? "", error: errors["unit_location"],
                                               readOnly: grey("unit_location"), hint: "如：重庆市沙坪坝区", maxLength: 100, id: "unit_location") : nil,
            shown("position") ? SelectField("工作职位类别", name: "position", options: DestinationForm.positions.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                                            selected: data["position"], error: errors["position"], readOnly: grey("position"), id: "position") : nil,
            shown("remark") ? TextAreaField("备注", name: "remark", value: data["remark"] ?? "", error: errors["remark"], readOnly: grey("remark"), id: "remark") : nil
        ).render(into: &buffer)
    }
}
