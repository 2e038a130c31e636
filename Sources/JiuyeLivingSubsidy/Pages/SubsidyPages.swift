import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The living-subsidy pages (seed 002).
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
                form(.method("post"), .action(action ?? "/subsidy/unit/people/\(person.userID)"), .class("row-action-form")) {
                    CSRFField(csrfToken)
                    input(.type("hidden"), .name("action"), .value("approve"))
                    Button("审核通过")
                }
                details(.class("inline-action")) {
                    summary { "退回" }
                    form(.method("post"), .action(action ?? "/subsidy/unit/people/\(person.userID)"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        input(.type("hidden"), .name("action"), .value("return"))
                        TextField("审核意见", name: "opinion", required: true, id: "opinion-\(person.userID)")
                        FormActions { Button("退回", kind: .danger) }
                    }
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
                         AnyHTML(Text(unit.state.label)), unit.state == .pending ? AnyHTML(UnitReview(unit: unit, csrfToken: csrfToken)) : AnyHTML(Text("—"))]
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

    struct UnitReview: HTML {
        let unit: UnitRow
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            div(.class("row-actions")) {
                form(.method("post"), .action("/subsidy/units/\(unit.id)"), .class("row-action-form")) {
                    CSRFField(csrfToken)
                    input(.type("hidden"), .name("action"), .value("approve"))
                    Button("审核通过")
                }
                details(.class("inline-action")) {
                    summary { "退回" }
                    form(.method("post"), .action("/subsidy/units/\(unit.id)"), .class("form-stack")) {
                        CSRFField(csrfToken)
                        input(.type("hidden"), .name("action"), .value("return"))
                        TextField("审核意见", name: "opinion", required: true, id: "unit-opinion-\(unit.id)")
                        FormActions { Button("退回", kind: .danger) }
                    }
                }
            }.render(into: &buffer)
        }
    }

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

    // MARK: - 补助申请

    package struct Apply: HTML {
        let context: PageContext
        let person: SubsidyStore.Person
        let row: CaseRow?
        let choices: [SubsidyStore.Work]
        let values: [String: String]
        let errors: [String: String]
        let message: Flash?
        let bankName: String
        let account: String
        let claimType: ClaimType
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let data = row?.data ?? [:]
            Layout(context) {
                if let message { Alert(message) }
                form(.method("post"), .action("/subsidy/apply"), .class("form-stack")) {
                    CSRFField(csrfToken)
                    if let row { input(.type("hidden"), .name("id"), .value(String(row.id))) }
                    Card(title: "申报信息") {
                        SelectField("申报类型", name: "kind", options: SubsidyKind.allCases.map { SelectOption($0.rawValue, $0.rawValue) }, selected: values["kind"],
                                    required: true, error: errors["kind"], id: "a-kind")
                        TextField("申领类型", name: "claim_type_shown", value: claimType.rawValue, readOnly: true, hint: "由系统判断：没有领取过为新申领，已领取过为续领。", id: "a-claim")
                        SelectField(person.education == .bachelor ? "申报单位（从工作经历中选择）" : "申报单位（现单位）", name: "work_id",
                                    options: choices.map { SelectOption(String($0.id), "\($0.unitName)（\($0.isCurrent ? "现单位" : "原单位")）") },
                                    selected: values["work_id"], required: true, error: errors["work_id"], id: "a-work")
                        if person.selfEmployed {
                            TextField("营业执照登记日期", name: "business_registered", value: values["business_registered"] ?? "", type: "date", required: true,
                                      error: errors["business_registered"], hint: "自主创业人员的补助由所在区县人社局审核；企业登记满一年后才能申报。", id: "a-business")
                        }
                        TextField("补贴起始年月", name: "start", value: values["start"] ?? "", required: true, error: errors["start"], placeholder: "2024-07", id: "a-start")
                        TextField("补贴终止年月", name: "end", value: values["end"] ?? "", required: true, error: errors["end"], placeholder: "2025-06", id: "a-end")
                    }
                    Card(title: "学历学位信息") {
                        TextField("学历", name: "education_shown", value: person.education.label, readOnly: true, id: "a-education")
                        TextField("毕业时间", name: "graduation", value: values["graduation"] ?? "", required: true, error: errors["graduation"], placeholder: "2024-06", id: "a-graduation")
                        TextField("参加工作时间", name: "first_work", value: values["first_work"] ?? "", required: true, error: errors["first_work"], placeholder: "2024-07", id: "a-first-work")
                        TextField("学历证书编号", name: "diploma_no", value: values["diploma_no"] ?? "", error: errors["diploma_no"], hint: "18 位，将与教育部信息核验。", id: "a-diploma")
                        TextField("学位证书编号", name: "degree_no", value: values["degree_no"] ?? "", error: errors["degree_no"], id: "a-degree")
                        TextField("国外学历学位认证书编号", name: "foreign_degree", value: values["foreign_degree"] ?? "", error: errors["foreign_degree"],
                                  hint: "国外学历填写留学服务中心认证书编号，由审核人员人工核验。", id: "a-foreign")
                    }
                    Card(title: "发放账户（取自社保卡，不可修改）") {
                        DescriptionList([("银行名称", bankName), ("金融账号", account)])
                    }
                    if row != nil {
                        Card(title: "补贴计算") {
                            DescriptionList([("申请补贴月数", data[SubsidyCase.Field.months.rawValue] ?? "—"), ("扣发月数", data[SubsidyCase.Field.unpaidMonths.rawValue] ?? "—"),
                                             ("实发月数", data[SubsidyCase.Field.paidMonths.rawValue] ?? "—"), ("申请应发金额（元）", data[SubsidyCase.Field.amount.rawValue] ?? "—"),
                                             ("未缴纳养老保险的月份", data["_unpaid_list"] ?? "无"), ("学历学位核验", data[SubsidyCase.Field.degreeCheck.rawValue] ?? "—")])
                            if data["_unpaid_list"] != nil { Alert(.warning, "存在未缴纳企业养老保险的月数，已从补贴月数中扣除，请核查。") }
                        }
                    }
                    FormActions {
                        Button("暂存并计算", kind: .secondary, name: "action", value: "save")
                        Button("提交申报", name: "action", value: "submit")
                    }
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - 补贴申报管理

    static func statusLabels(_ row: CaseRow) -> (review: String, payment: String) {
        let definition = ProcessDefinitions.livingSubsidy
        return (definition.status.label(for: row.state, in: definition), definition.views.first?.label(for: row.state, in: definition) ?? "")
    }

    package struct Applications: HTML {
        let context: PageContext
        let rows: [CaseRow]
        let deleted: [(String, Int64)]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                div(.class("toolbar")) { LinkButton("补助申请", href: "/subsidy/apply", kind: .primary) }
                Card(title: "申报信息") {
                    DataTable(columns: [.init("补贴期间"), .init("申报类型"), .init("申领类型"), .init("应发金额（元）", numeric: true), .init("审核状态"), .init("拨付状态"), .init("操作")],
                              rows: rows.map { row in
                                  let data = row.data
                                  let labels = SubsidyPages.statusLabels(row)
                                  return [AnyHTML(Text("\(data[SubsidyCase.Field.start.rawValue] ?? row.period) 至 \(data[SubsidyCase.Field.end.rawValue] ?? "")")),
                                          AnyHTML(Text(data[SubsidyCase.Field.kind.rawValue] ?? "")), AnyHTML(Text(data[SubsidyCase.Field.claimType.rawValue] ?? "")),
                                          AnyHTML(Text(data[SubsidyCase.Field.amount.rawValue] ?? "")), AnyHTML(Text(labels.review)), AnyHTML(Text(labels.payment)),
                                          AnyHTML(a(.href("/subsidy/applications/\(row.id)")) { "查看" })]
                              }, emptyMessage: "还没有申报。")
                }
                if !deleted.isEmpty {
                    Card(title: "申报历史") {
                        DataTable(columns: [.init("记录"), .init("时间")], rows: deleted.map { [AnyHTML(Text("已删除的暂存申报（编号 \($0.0)）")), AnyHTML(Text(ChinaTime.dateTime($0.1)))] })
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ApplicationDetail: HTML {
        let context: PageContext
        let row: CaseRow
        let history: [CaseEngine.HistoryRow]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let data = row.data
            let labels = SubsidyPages.statusLabels(row)
            let definition = ProcessDefinitions.livingSubsidy
            let current = row.state.stepIndex ?? (row.state.status == .approved ? definition.steps.count : 0)
            Layout(context) {
                Card(title: "申报信息") {
                    DescriptionList([("审核状态", labels.review), ("拨付状态", labels.payment)]
                                    + SubsidyCase.Field.allCases.compactMap { field in data[field.rawValue].map { (field.label, $0) } })
                    div(.class("row-actions")) {
                        if row.status_key == "draft" {
                            LinkButton("修改", href: "/subsidy/apply?id=\(row.id)")
                            form(.method("post"), .action("/subsidy/applications/\(row.id)/delete"), .class("row-action-form")) {
                                CSRFField(csrfToken)
                                Button("删除", kind: .danger)
                            }
                        }
                        if row.status_key == "step:unit-review" {
                            form(.method("post"), .action("/subsidy/applications/\(row.id)/withdraw"), .class("row-action-form")) {
                                CSRFField(csrfToken)
                                Button("撤回", kind: .secondary)
                            }
                        }
                        if row.status_key != "draft" { LinkButton("打印申请表", href: "/subsidy/applications/\(row.id)/print") }
                        if row.status_key == "step:receipt" {
                            form(.method("post"), .action("/subsidy/applications/\(row.id)/confirm"), .class("row-action-form")) {
                                CSRFField(csrfToken)
                                Button("拨付确认")
                            }
                        }
                    }
                    if row.status_key == "step:receipt" {
                        form(.method("post"), .action("/subsidy/applications/\(row.id)/not-received"), .class("form-stack")) {
                            CSRFField(csrfToken)
                            TextField("未到账情况", name: "reason", required: true, hint: "如：社保卡金融账户未激活、账户无此笔入账。", id: "not-received")
                            FormActions { Button("反馈未到账", kind: .secondary) }
                        }
                    }
                }
                Card(title: "补助申报流程状态") {
                    ol(.class("flow-steps subsidy-flow"), .ariaLabel("补助申报流程")) {
                        for (index, step) in definition.steps.enumerated() {
                            if index == current { li(.ariaCurrent("step")) { step.label } }
                            else if index < current { li(.class("done")) { step.label } }
                            else { li { step.label } }
                        }
                    }
                }
                if !history.isEmpty {
                    Card(title: "审核记录") {
                        DataTable(columns: [.init("时间"), .init("环节"), .init("操作"), .init("结果"), .init("意见")], rows: history.map { item in
                            [AnyHTML(Text(ChinaTime.dateTime(item.at))), AnyHTML(Text(item.step_label)), AnyHTML(Text(item.action_label)),
                             AnyHTML(Text(item.status_label)), AnyHTML(Text(item.remark ?? "—"))]
                        })
                    }
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - 《大学生生活补贴申请表》

    package struct IssueSheet: HTML {
        let context: PageContext
        let lines: [(String, String)]
        let action: String
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "大学生生活补贴申请表") {
                    p { "生成后申请表带有编号和核验二维码，可打印或导出 PDF；同一版本只生成一次，申报内容变化后需重新生成。" }
                    DescriptionList(Array(lines.prefix(8)))
                    form(.method("post"), .action(action), .class("form-stack")) {
                        CSRFField(csrfToken)
                        FormActions { Button("生成并打印") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ApplicationSheet: HTML {
        let title: String
        let lines: [(String, String)]
        let serial: String
        let verification: PrintDocument<AnyHTML>.Verification
        let date: String
        let backHref: String
        let pdfHref: String

        package func render(into buffer: inout HTMLBuffer) {
            PrintDocument(title: title, backHref: backHref, pdfHref: pdfHref, verification: verification, footer: "生成日期：\(date)。扫描二维码可核验本表内容。") {
                AnyHTML(table(.class("aid-sheet")) {
                    tbody {
                        for line in lines {
                            tr {
                                th { line.0 }
                                td { line.1 }
                            }
                        }
                        tr {
                            th { "本人承诺" }
                            td(.class("aid-stamp")) { "以上信息真实有效。本人签字：　　　　　　　年　　月　　日" }
                        }
                        tr {
                            th { "单位意见（盖章）" }
                            td(.class("aid-stamp")) { "（盖章）　　　　年　　月　　日" }
                        }
                    }
                })
            }.render(into: &buffer)
        }
    }

    // MARK: - 市级统计

    package struct Dashboard: HTML {
        let context: PageContext
        let county: [(String, Int, Int64, Int64)]
        let education: [(String, Int, Int64, Int64)]
        let month: [(String, Int, Int64, Int64)]

        package func render(into buffer: inout HTMLBuffer) {
            func table(_ name: String, _ lines: [(String, Int, Int64, Int64)]) -> DataTable {
                DataTable(columns: [.init(name), .init("申报件数", numeric: true), .init("申请金额（元）", numeric: true), .init("已拨付金额（元）", numeric: true)],
                          rows: lines.map { [AnyHTML(Text($0.0)), AnyHTML(Text(String($0.1))), AnyHTML(Text(SubsidyMoney.yuan($0.2))), AnyHTML(Text(SubsidyMoney.yuan($0.3)))] },
                          emptyMessage: "暂无申报。")
            }
            Layout(context) {
                div(.class("toolbar")) { LinkButton("导出", href: "/subsidy/dashboard/export") }
                Card(title: "按区县") {
                    BarChart(id: "subsidy-county", title: "各区县申请金额", data: county.map { ChartDatum($0.0, Double($0.2) / 100) }, unit: "元",
                             categoryName: "区县", valueName: "申请金额")
                    table("区县", county)
                }
                Card(title: "按学历") {
                    BarChart(id: "subsidy-education", title: "各学历申报件数", data: education.map { ChartDatum($0.0, $0.1) }, unit: "件",
                             categoryName: "学历", valueName: "申报件数")
                    table("学历", education)
                }
                Card(title: "按补贴起始年月") {
                    BarChart(id: "subsidy-month", title: "各月申报件数", data: month.map { ChartDatum($0.0, $0.1) }, unit: "件", orientation: .vertical,
                             categoryName: "补贴起始年月", valueName: "申报件数")
                    table("补贴起始年月", month)
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - 公示, 数据导入

    package struct PublicityRow: Sendable {
        let id: Int64
        let name: String
        let county: String
        let unit: String
        let months: String
        let amount: String
        let until: Int64?
    }

    package struct Publicity: HTML {
        let context: PageContext
        let rows: [PublicityRow]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            PlainLayout(context) {
                Card(title: "高校毕业生生活补贴公示") {
                    p(.class("muted")) { "以下人员的生活补贴申请正在公示。对公示内容有异议的，可在公示期内提出，区县人社局将核实处理。" }
                    DataTable(columns: [.init("姓名"), .init("区县"), .init("单位"), .init("补贴期间"), .init("金额（元）", numeric: true), .init("公示截止"), .init("异议")],
                              rows: rows.map { row in
                                  [AnyHTML(Text(row.name)), AnyHTML(Text(row.county)), AnyHTML(Text(row.unit)), AnyHTML(Text(row.months)), AnyHTML(Text(row.amount)),
                                   AnyHTML(Text(row.until.map(ChinaTime.dateTime) ?? "—")), AnyHTML(Objection(row: row, csrfToken: csrfToken))]
                              }, emptyMessage: "目前没有公示中的申请。")
                }
            }.render(into: &buffer)
        }
    }

    struct Objection: HTML {
        let row: PublicityRow
        let csrfToken: String

        func render(into buffer: inout HTMLBuffer) {
            details(.class("inline-action")) {
                summary { "提出异议" }
                form(.method("post"), .action("/publicity/subsidy/\(row.id)/objection"), .class("form-stack")) {
                    CSRFField(csrfToken)
                    TextAreaField("异议内容", name: "content", required: true, rows: 3, id: "objection-\(row.id)")
                    TextField("联系方式（选填）", name: "contact", id: "contact-\(row.id)")
                    FormActions { Button("提交异议", kind: .secondary) }
                }
            }.render(into: &buffer)
        }
    }

    package struct Objections: HTML {
        let items: [(content: String, contact: String?, at: Int64)]

        package func render(into buffer: inout HTMLBuffer) {
            Card(title: "公示异议（仅区县人社局可见）") {
                DataTable(columns: [.init("时间"), .init("异议内容"), .init("联系方式")], rows: items.map { item in
                    [AnyHTML(Text(ChinaTime.dateTime(item.at))), AnyHTML(Text(item.content)), AnyHTML(Text(item.contact ?? "—"))]
                })
                p(.class("muted")) { "核实后请在“公示异议”中登记；异议处理完毕前，该申请停留在评审环节。" }
            }.render(into: &buffer)
        }
    }

    package struct DataImport: HTML {
        let context: PageContext
        let counts: [(String, Int)]
        let problems: [String]
        let message: Flash?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                if let message { Alert(message) }
                if !problems.isEmpty { Card(title: "需要修改的行") { ul { for problem in problems { li { problem } } } } }
                Card(title: "社保与学历数据") {
                    DataTable(columns: [.init("数据"), .init("数量", numeric: true)], rows: counts.map { [AnyHTML(Text($0.0)), AnyHTML(Text(String($0.1)))] })
                    form(.method("post"), .action("/subsidy/data?_csrf=" + QueryString.encode(csrfToken)), .init("enctype", "multipart/form-data"), .class("form-stack")) {
                        SelectField("数据", name: "kind", options: [SelectOption("insurance", "社保参保记录"), SelectOption("degrees", "学历学位证书")], required: true, id: "d-kind")
                        div(.class("field")) {
                            label(.init("for", "d-file")) { "文件（.xlsx 或 .csv，不超过 5 MB）" }
                            input(.type("file"), .name("file"), .id("d-file"), .required, .init("accept", ".xlsx,.csv"))
                        }
                        FormActions { Button("导入") }
                    }
                    ul {
                        li { "社保参保记录：证件号码*、缴费年月*（如“2019-06至2021-12、2022-02”）、参保状态（正常/暂停/终止）、社保卡状态（正常/挂失等）、发放银行、金融账号" }
                        li { "学历学位证书：证件号码*、学历*（本科/硕士研究生/博士研究生）、学历证书编号*、学位证书编号" }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
