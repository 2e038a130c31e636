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
        package var choices = DestinationChoices()
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
                    form(.method("post"), .action("/destination/enter"), .class("form-grid"), .init("novalidate", nil)) {
                        CSRFField(model.csrfToken)
                        input(.type("hidden"), .name("student"), .value(student.student_no ?? ""))
                        input(.type("hidden"), .name("lock"), .value(String(model.lock)))
                        DestinationFields(data: model.data, errors: model.errors, access: model.access, unitNatures: model.choices.unitNatures,
                                          industries: model.choices.industries, locationName: model.choices.locationName)
                        TextField("录入说明", name: "remark_staff", hint: "如：根据毕业生提交的劳动合同录入", maxLength: 200, id: "remark_staff")
                        FormActions { Button("代为录入") }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
