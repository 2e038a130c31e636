import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

extension SubsidyPages {
    // MARK: - 个人注册, 个人信息管理, 维护工作经历

    package struct PersonRegister: HTML {
        let context: PageContext
        let values: [String: String]
        let errors: [String: String]
        let agreed: Bool
        let units: [SelectOption]
        let documentTypes: [SelectOption]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            PlainLayout(context) {
                div(.class("login-card")) {
                    h1 { "生活补贴个人注册" }
                    if !agreed {
                        Card(title: "用户须知") {
                            p { "1. 个人注册前，所在单位须已注册并通过所在区县人社局审核。" }
                            p { "2. 注册信息须真实、准确，提交后由所在单位审核；审核前可登录查看审核状态，被退回的可修改后重新提交。" }
                            p { "3. 补助资金发放到本人社保卡的金融账户，请确保社保卡状态正常。" }
                            p { "4. 个人信息仅用于生活补贴审核与发放，公示时只公布脱敏后的姓名、单位、补贴月数和金额。" }
                            FormActions { LinkButton("同意", href: "/subsidy/register?agreed=1", kind: .primary) }
                        }
                    } else {
                        form(.method("post"), .action("/subsidy/register"), .class("form-stack")) {
                            CSRFField(csrfToken)
                            h2 { "账号信息" }
                            TextField("用户名", name: "username", value: values["username"] ?? "", required: true, error: errors["username"], id: "p-username")
                            TextField("密码", name: "password", type: "password", required: true, error: errors["password"], autocomplete: "new-password", id: "p-password")
                            TextField("确认密码", name: "confirm", type: "password", required: true, error: errors["confirm"], autocomplete: "new-password", id: "p-confirm")
                            TextField("用户姓名", name: "name", value: values["name"] ?? "", required: true, error: errors["name"], id: "p-name")
                            TextField("手机号码", name: "phone", value: values["phone"] ?? "", type: "tel", required: true, error: errors["phone"], id: "p-phone")
                            TextField("电子邮箱", name: "email", value: values["email"] ?? "", type: "email", error: errors["email"], id: "p-email")
                            h2 { "基本信息" }
                            SelectField("证件类型", name: "id_type", options: documentTypes, selected: values["id_type"], required: true, error: errors["id_type"], prompt: nil, id: "p-id_type")
                            TextField("证件号码", name: "id_number", value: values["id_number"] ?? "", required: true, error: errors["id_number"], id: "p-id_number")
                            TextField("出生日期", name: "birth_date", value: values["birth_date"] ?? "", type: "date", required: true, error: errors["birth_date"], id: "p-birth_date")
                            RadioGroup("性别", name: "gender", options: [SelectOption("男", "男"), SelectOption("女", "女")], selected: values["gender"], required: true, error: errors["gender"])
                            TextField("毕业院校", name: "school", value: values["school"] ?? "", required: true, error: errors["school"], id: "p-school")
                            TextField("专业", name: "major", value: values["major"] ?? "", required: true, error: errors["major"], id: "p-major")
                            SelectField("学历", name: "education", options: SubsidyEducation.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: values["education"],
                                        required: true, error: errors["education"], id: "p-education")
                            TextField("学位", name: "degree", value: values["degree"] ?? "", error: errors["degree"], hint: "如“工学学士”。", id: "p-degree")
                            TextField("民族", name: "ethnicity", value: values["ethnicity"] ?? "", error: errors["ethnicity"], id: "p-ethnicity")
                            RadioGroup("是否自主创业", name: "self_employed", options: [SelectOption("否", "否"), SelectOption("是", "是")], selected: values["self_employed"] ?? "否", required: true)
                            SelectField("单位名称", name: "unit", options: units, selected: values["unit"], required: true, error: errors["unit"],
                                        hint: "只能选择已通过区县人社局审核的单位。", id: "p-unit")
                            p(.class("muted")) { "注册后请在“个人信息管理”中上传身份证复印件正反面、学位证书、学历或国外学历证书、学历证书电子注册备案表、劳动合同等证明材料。" }
                            FormActions { Button("注册并上报") }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct PersonJoin: HTML {
        let context: PageContext
        let values: [String: String]
        let errors: [String: String]
        let units: [SelectOption]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "开通生活补贴") {
                    p { "同一人只使用一个账号。开通后，你的账号增加“生活补贴申请人”身份；账号、姓名、手机号和证件号码沿用本账号的信息。" }
                    form(.method("post"), .action("/subsidy/join"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        TextField("出生日期", name: "birth_date", value: values["birth_date"] ?? "", type: "date", required: true, error: errors["birth_date"], id: "j-birth_date")
                        RadioGroup("性别", name: "gender", options: [SelectOption("男", "男"), SelectOption("女", "女")], selected: values["gender"], required: true, error: errors["gender"])
                        TextField("毕业院校", name: "school", value: values["school"] ?? "", required: true, error: errors["school"], id: "j-school")
                        TextField("专业", name: "major", value: values["major"] ?? "", required: true, error: errors["major"], id: "j-major")
                        SelectField("学历", name: "education", options: SubsidyEducation.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: values["education"],
                                    required: true, error: errors["education"], id: "j-education")
                        TextField("学位", name: "degree", value: values["degree"] ?? "", id: "j-degree")
                        TextField("民族", name: "ethnicity", value: values["ethnicity"] ?? "", id: "j-ethnicity")
                        RadioGroup("是否自主创业", name: "self_employed", options: [SelectOption("否", "否"), SelectOption("是", "是")], selected: values["self_employed"] ?? "否", required: true)
                        SelectField("单位名称", name: "unit", options: units, selected: values["unit"], required: true, error: errors["unit"], id: "j-unit")
                        FormActions { Button("开通并上报") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package static let materialKinds: [(UploadKind, String)] = [
        (.idCard, "身份证复印件正反面"), (.degree, "学位证书"), (.diploma, "学历或国外学历证书"), (.diplomaRecord, "学历证书电子注册备案表"),
        (.labourContract, "劳动合同"), (.other, "其他"),
    ]

    package struct PersonHome: HTML {
        let context: PageContext
        let person: SubsidyStore.Person
        let files: [Uploads.Row]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "个人注册") {
                    DescriptionList([("姓名", person.name), ("单位", person.unitName), ("学历", person.education.label), ("毕业院校", person.school),
                                     ("是否自主创业", person.selfEmployed ? "是" : "否"), ("审核状态", person.state.label)]
                                    + (person.opinion.map { [("单位审核意见", $0)] } ?? []))
                    if person.state == .returned {
                        form(.method("post"), .action("/subsidy/resubmit"), .class("form-stack")) {
                            CSRFField(csrfToken)
                            p(.class("muted")) { "请按单位意见修改材料后重新提交。" }
                            FormActions { Button("提交申请") }
                        }
                    }
                    if person.state == .approved {
                        FormActions {
                            LinkButton("维护工作经历", href: "/subsidy/work")
                            LinkButton("补助申请", href: "/subsidy/apply", kind: .primary)
                        }
                    }
                }
                Card(title: "维护个人材料") {
                    DataTable(columns: [.init("材料"), .init("已上传"), .init("操作")], rows: SubsidyPages.materialKinds.map { kind, label in
                        let mine = files.filter { $0.kind == kind.rawValue }
                        return [AnyHTML(Text(label)),
                                AnyHTML(Text(mine.isEmpty ? "未上传" : mine.map(\.original_name).joined(separator: "、"))),
                                AnyHTML(a(.href("/uploads/new?kind=\(kind.rawValue)&case=\(SubsidySetup.personFiles):\(person.userID)&next=/subsidy")) { "上传附件" })]
                    })
                    p(.class("muted")) { "已上传的材料可在“我的材料”中预览、下载或删除后重新上传。" }
                }
            }.render(into: &buffer)
        }
    }

    package struct Work: HTML {
        let context: PageContext
        let person: SubsidyStore.Person
        let work: [SubsidyStore.Work]
        let countyNames: [String: String]
        let files: [Int64: [Uploads.Row]]
        let units: [SelectOption]
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "工作经历") {
                    p(.class("muted")) { "申报时会校验与申报单位签订的劳动合同是否满三年。硕士、博士申报单位为现单位；存在跨区县就业的本科生请维护原单位和现单位。" }
                    DataTable(columns: [.init("单位"), .init("区县"), .init("现单位"), .init("劳动合同期限"), .init("证明材料"), .init("操作")], rows: work.map { item in
                        let mine = files[item.id] ?? []
                        return [AnyHTML(Text(item.unitName)), AnyHTML(Text(countyNames[item.county] ?? item.county)), AnyHTML(Text(item.isCurrent ? "是" : "否")),
                                AnyHTML(Text("\(item.contractStart) 至 \(item.contractEnd ?? "无固定期限")")),
                                AnyHTML(WorkFiles(work: item, files: mine)),
                                AnyHTML(form(.method("post"), .action("/subsidy/work/\(item.id)/delete"), .class("row-action-form")) {
                                    CSRFField(csrfToken)
                                    Button("删除", kind: .secondary)
                                })]
                    }, emptyMessage: "还没有工作经历。")
                }
                Card(title: "新增工作经历") {
                    form(.method("post"), .action("/subsidy/work"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        SelectField("单位", name: "unit", options: units, selected: values["unit"], required: true, error: errors["unit"], id: "w-unit")
                        CheckboxField("现单位", name: "is_current", checked: values["is_current"] == "1", id: "w-current")
                        if let error = errors["is_current"] { p(.class("field-error")) { error } }
                        TextField("劳动合同起始日期", name: "contract_start", value: values["contract_start"] ?? "", type: "date", required: true, error: errors["contract_start"], id: "w-start")
                        TextField("劳动合同终止日期", name: "contract_end", value: values["contract_end"] ?? "", type: "date", error: errors["contract_end"], id: "w-end")
                        CheckboxField("无固定期限", name: "open_ended", checked: values["open_ended"] == "1", id: "w-open")
                        FormActions { Button("保存") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    struct WorkFiles: HTML {
        let work: SubsidyStore.Work
        let files: [Uploads.Row]

        func render(into buffer: inout HTMLBuffer) {
            div(.class("row-actions")) {
                for file in files { a(.href("/uploads/\(file.id)"), .init("target", "_blank"), .rel("noopener")) { file.original_name } }
                a(.href("/uploads/new?kind=labour-contract&case=\(SubsidySetup.workFiles):\(work.id)&next=/subsidy/work")) { "上传劳动合同" }
                a(.href("/uploads/new?kind=other&case=\(SubsidySetup.workFiles):\(work.id)&next=/subsidy/work")) { "上传证明材料" }
            }.render(into: &buffer)
        }
    }
}
