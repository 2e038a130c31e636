import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The living-subsidy pages (seed 002): the unit's and the county's here; the person's, the
/// application's and the city's in the `SubsidyPages+…` files.
package enum SubsidyPages {
    package struct Message: HTML {
        let context: PageContext
        let title: String
        let text: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) { Card(title: title) { p { text } } }.render(into: &buffer)
        }
    }

    // MARK: - 单位注册, 单位端, 县区人社局

    package struct UnitRegister: HTML {
        let context: PageContext
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            PlainLayout(context) {
                div(.class("login-card")) {
                    h1 { "生活补贴单位注册" }
                    p(.class("muted")) { "单位注册后由所在区县人社局审核，审核通过后本单位人员才能注册并申报补助。" }
                    form(.method("post"), .action("/subsidy/unit/register"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        TextField("单位名称", name: "name", value: values["name"] ?? "", required: true, error: errors["name"], id: "u-name")
                        TextField("统一社会信用代码", name: "credit_code", value: values["credit_code"] ?? "", required: true, error: errors["credit_code"], id: "u-credit")
                        TextField("所在区县", name: "county", value: values["county"] ?? "", required: true, error: errors["county"], hint: "如“重庆市沙坪坝区”。", id: "u-county")
                        TextField("单位地址", name: "address", value: values["address"] ?? "", required: true, error: errors["address"], id: "u-address")
                        TextField("联系人", name: "contact_name", value: values["contact_name"] ?? "", required: true, error: errors["contact_name"], id: "u-contact")
                        TextField("联系电话", name: "contact_phone", value: values["contact_phone"] ?? "", type: "tel", required: true, error: errors["contact_phone"], id: "u-phone")
                        TextField("登录用户名", name: "username", value: values["username"] ?? "", required: true, error: errors["username"], id: "u-username")
                        TextField("密码", name: "password", type: "password", required: true, error: errors["password"], autocomplete: "new-password", id: "u-password")
                        TextField("确认密码", name: "confirm", type: "password", required: true, error: errors["confirm"], autocomplete: "new-password", id: "u-confirm")
                        FormActions { Button("注册") }
                    }
                    p(.class("login-links")) { a(.href("/login")) { "已有账号？去登录" } }
                }
            }.render(into: &buffer)
        }
    }

    package struct PersonRow: Sendable {
        let userID: Int64
        let name: String
        let education: String
        let school: String
        let state: SubsidyStore.State
        let submittedAt: Int64
    }

    package struct UnitHome: HTML {
        let context: PageContext
        let unit: SubsidyStore.Unit
        let opinion: String?
        let licence: [Uploads.Row]
        let people: [PersonRow]
        let files: [Int64: [Uploads.Row]]
        let accounts: [(String, String)]
        let accountErrors: [String: String]
        let accountValues: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: unit.name) {
                    DescriptionList([("审核状态", unit.state.label), ("营业执照", licence.isEmpty ? "未上传" : licence.map(\.original_name).joined(separator: "、"))]
                                    + (opinion.map { [("审核意见", $0)] } ?? []))
                    if unit.state != .approved {
                        FormActions { LinkButton("上传营业执照", href: "/uploads/new?kind=business-licence&case=\(SubsidySetup.unitFiles):\(unit.id)&next=/subsidy/unit", kind: .secondary) }
                    }
                }
                Card(title: "个人注册审核") {
                    DataTable(columns: [.init("姓名"), .init("学历"), .init("毕业院校"), .init("注册时间"), .init("状态"), .init("操作")], rows: people.map { person in
                        [AnyHTML(Text(person.name)), AnyHTML(Text(person.education)), AnyHTML(Text(person.school)),
                         AnyHTML(Text(ChinaTime.dateTime(person.submittedAt))), AnyHTML(Text(person.state.label)),
                         person.state == .pending ? AnyHTML(PersonReview(person: person, files: files[person.userID] ?? [], csrfToken: csrfToken)) : AnyHTML(Text("—"))]
                    }, emptyMessage: "还没有人员在本单位注册。")
                }
                Card(title: "经办人员账号") {
                    DataTable(columns: [.init("用户名"), .init("姓名")], rows: accounts.map { [AnyHTML(Text($0.0)), AnyHTML(Text($0.1))] })
                    form(.method("post"), .action("/subsidy/unit/accounts"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        TextField("用户名", name: "username", value: accountValues["username"] ?? "", required: true, error: accountErrors["username"], id: "account-username")
                        TextField("姓名", name: "display_name", value: accountValues["display_name"] ?? "", required: true, error: accountErrors["display_name"], id: "account-name")
                        TextField("初始密码", name: "password", type: "password", required: true, error: accountErrors["password"], autocomplete: "new-password", id: "account-password")
                        TextField("确认密码", name: "confirm", type: "password", required: true, error: accountErrors["confirm"], autocomplete: "new-password", id: "account-confirm")
                        FormActions { Button("添加经办人员", kind: .secondary) }
                    }
                }
            }.render(into: &buffer)
        }
    }

    struct PersonReview: HTML {
        let person: PersonRow
        let files: [Uploads.Row]
        var action: String? = nil
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            div(.class("row-actions")) {
                for file in files { a(.href("/uploads/\(file.id)"), .init("target", "_blank"), .rel("noopener")) { UploadKind(rawValue: file.kind)?.label ?? "材料" } }
                ApproveOrReturn(action: action ?? "/subsidy/unit/people/\(person.userID)", opinionID: "opinion-\(person.userID)", csrfToken: csrfToken)
            }.render(into: &buffer)
        }
    }

    /// 审核通过, or 退回 with the opinion the applicant reads (a unit's or a county's review).
    struct ApproveOrReturn: HTML {
        let action: String
        let opinionID: String
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            form(.method("post"), .action(action), .class("row-action-form")) {
                CSRFField(csrfToken)
                input(.type("hidden"), .name("action"), .value("approve"))
                Button("审核通过")
            }.render(into: &buffer)
            details(.class("inline-action")) {
                summary { "退回" }
                form(.method("post"), .action(action), .class("form-stack")) {
                    CSRFField(csrfToken)
                    input(.type("hidden"), .name("action"), .value("return"))
                    TextField("审核意见", name: "opinion", required: true, id: opinionID)
                    FormActions { Button("退回", kind: .danger) }
                }
            }.render(into: &buffer)
        }
    }

    package struct UnitRow: Sendable {
        let id: Int64
        let name: String
        var licence: [Int64]
        let creditCode: String
        let contact: String
        let address: String
        let state: SubsidyStore.State
    }

    package struct CountyUnits: HTML {
        let context: PageContext
        let rows: [UnitRow]
        let people: [PersonRow]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "单位注册审核") {
                    DataTable(columns: [.init("单位名称"), .init("统一社会信用代码"), .init("联系人"), .init("地址"), .init("营业执照"), .init("状态"), .init("操作")], rows: rows.map { unit in
                        [AnyHTML(Text(unit.name)), AnyHTML(Text(unit.creditCode)), AnyHTML(Text(unit.contact)), AnyHTML(Text(unit.address)),
                         unit.licence.isEmpty ? AnyHTML(Text("未上传")) : AnyHTML(div(.class("row-actions")) {
                             for id in unit.licence { a(.href("/uploads/\(id)"), .init("target", "_blank"), .rel("noopener")) { "查看" } }
                         }),
                         AnyHTML(Text(unit.state.label)), unit.state == .pending ? AnyHTML(div(.class("row-actions")) { ApproveOrReturn(action: "/subsidy/units/\(unit.id)", opinionID: "unit-opinion-\(unit.id)", csrfToken: csrfToken) }) : AnyHTML(Text("—"))]
                    }, emptyMessage: "本区县没有注册的单位。")
                }
                Card(title: "自主创业人员注册审核") {
                    p(.class("muted")) { "自主创业人员的单位是本人创办的企业，其注册由区县人社局审核。" }
                    DataTable(columns: [.init("姓名"), .init("学历"), .init("毕业院校"), .init("注册时间"), .init("状态"), .init("操作")], rows: people.map { person in
                        [AnyHTML(Text(person.name)), AnyHTML(Text(person.education)), AnyHTML(Text(person.school)),
                         AnyHTML(Text(ChinaTime.dateTime(person.submittedAt))), AnyHTML(Text(person.state.label)),
                         person.state == .pending ? AnyHTML(PersonReview(person: person, files: [], action: "/subsidy/units/people/\(person.userID)", csrfToken: csrfToken))
                                                  : AnyHTML(Text("—"))]
                    }, emptyMessage: "没有自主创业人员的注册。")
                }
            }.render(into: &buffer)
        }
    }
}
