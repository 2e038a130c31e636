import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

extension GrassrootsPages {
    /// One case's wizard: 承诺书 → 信息填报 → 下载模版 → 上传证明材料 → 预览提交.
    package struct Wizard: HTML {
        package struct Model: Sendable {
            let stage: GrassrootsStage
            let step: CaseController.Step
            let person: GrassrootsStore.Person
            let row: CaseRow?
            let statusLabel: String
            let editable: Bool
            let values: [GrassrootsForm.Field: String]
            let errors: [String: String]
            let message: Flash?
            let files: [Uploads.Row]
            let materials: [GrassrootsMaterials.Material]
            let choices: GrassrootsChoices.Choices
            let history: [CaseEngine.HistoryRow]
            let supplementDefault: Bool
            let csrfToken: String
        }

        let context: PageContext
        let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            let steps = CaseController.Step.allCases
            let current = steps.firstIndex(of: model.step) ?? 0
            Layout(context) {
                if let message = model.message { Alert(message) }
                if model.editable {
                    ol(.class("flow-steps"), .ariaLabel("填报步骤")) {
                        for (index, step) in steps.enumerated() {
                            if index == current { li(.ariaCurrent("step")) { step.label } }
                            else if index < current { li(.class("done")) { step.label } }
                            else { li { step.label } }
                        }
                    }
                }
                switch model.step {
                case .pledge: PledgeStep(model: model)
                case .form: FormStep(model: model)
                case .template: TemplateStep(model: model)
                case .materials: MaterialsStep(model: model)
                case .preview: PreviewStep(model: model)
                }
            }.render(into: &buffer)
        }
    }

    static func base(_ stage: GrassrootsStage) -> String { "/grassroots/case/\(stage.rawValue)" }

    struct PledgeStep: HTML {
        let model: Wizard.Model

        func render(into buffer: inout HTMLBuffer) {
            let stage = model.stage
            Card(title: "承诺书") {
                div(.class("pledge-text")) {
                    p { "本人\(model.person.name)，\(model.person.schoolName)\(model.person.collegeName)\(model.person.graduationYear)年毕业生，现填报\(stage.label)，郑重承诺：" }
                    ol {
                        li { "本人填报的就业单位、工作地点、服务期限等信息真实、准确、完整，上传的证明材料均为原件扫描件，无伪造、变造。" }
                        li { "本人自愿到中西部地区和艰苦边远地区县以下基层单位就业，服务期在三年以上（含三年）。" }
                        li { "服务期内如离开基层单位或工作情况发生变化，本人将及时向学校报告，并按规定退还已获得的补偿代偿资金。" }
                        li { "如有虚假，本人愿意承担由此产生的一切后果，并接受学校和有关部门的处理。" }
                    }
                }
                form(.method("post"), .action("\(GrassrootsPages.base(stage))/pledge"), .class("form-stack")) {
                    CSRFField(model.csrfToken)
                    if !stage.isReview {
                        RadioGroup("是否补录名单", name: "supplement", options: [SelectOption("1", "是"), SelectOption("0", "否")],
                                   selected: model.supplementDefault ? "1" : "0", required: true)
                        p(.class("muted")) { "学校在本系统补录名单中的学生请选择“是”。" }
                    }
                    CheckboxField("本人已阅读并承诺", name: "agree", id: "agree")
                    if let error = model.errors["agree"] { p(.class("field-error")) { error } }
                    FormActions {
                        LinkButton("返回", href: "/grassroots")
                        Button("同意")
                    }
                }
            }.render(into: &buffer)
        }
    }

    struct FormStep: HTML {
        let model: Wizard.Model

        func render(into buffer: inout HTMLBuffer) {
            let stage = model.stage
            let fields = GrassrootsForm.fields(for: stage)
            let values = model.values
            let errors = model.errors
            func has(_ field: GrassrootsForm.Field) -> Bool { fields.contains(field) }
            func text(_ field: GrassrootsForm.Field, hint: String? = nil, type: String = "text", required: Bool = false) -> TextField {
                TextField(field.label, name: field.rawValue, value: values[field] ?? "", type: type, required: required, error: errors[field.rawValue],
                          hint: hint, id: "f-\(field.rawValue)")
            }
            Card(title: "基本信息") {
                DescriptionList([("姓名", model.person.name), ("学校", model.person.schoolName), ("院系", model.person.collegeName),
                                 ("学号", model.person.studentNo ?? "—"), ("专业", model.person.major ?? "—"), ("学历", model.person.level.rawValue),
                                 ("毕业年份", "\(model.person.graduationYear)年")])
                form(.method("post"), .action("/grassroots/sync"), .class("form-stack")) {
                    CSRFField(model.csrfToken)
                    input(.type("hidden"), .name("next"), .value(CaseController.path(stage, .form)))
                    FormActions { Button("同步资助信息库信息", kind: .secondary) }
                }
            }.render(into: &buffer)
            form(.method("post"), .action("\(GrassrootsPages.base(stage))/form"), .class("form-stack")) {
                CSRFField(model.csrfToken)
                if !stage.isConfirmation {
                    Card(title: "资助方式") {
                        RadioGroup(GrassrootsForm.Field.aidMode.label, name: GrassrootsForm.Field.aidMode.rawValue,
                                   options: GrassrootsAmount.Mode.allCases.map { SelectOption($0.rawValue, $0.rawValue) },
                                   selected: values[.aidMode], required: true, error: errors[GrassrootsForm.Field.aidMode.rawValue])
                    }
                }
                Card(title: "就业单位信息") {
                    text(.unitName, required: true)
                    if has(.unitCreditCode) { text(.unitCreditCode, hint: "18 位，选填。") }
                    text(.position, required: true)
                    text(.phone, type: "tel", required: true)
                    text(.serviceStart, type: "date", required: true)
                    text(.serviceEnd, hint: "协议或劳动合同约定的服务期，须三年以上（含三年）。", type: "date", required: true)
                }
                Card(title: "实际工作地址") {
                    TextField(GrassrootsForm.Field.workCounty.label, name: GrassrootsForm.Field.workCounty.rawValue,
                              value: model.choices.countyName ?? values[.workCounty] ?? "", error: errors[GrassrootsForm.Field.workCounty.rawValue],
                              hint: "填写省、市、区县名称，如“重庆市酉阳土家族苗族自治县”；填写后点“暂存”，即可选择街道/乡镇。", id: "f-work_county")
                    SelectField(GrassrootsForm.Field.workTownship.label, name: GrassrootsForm.Field.workTownship.rawValue, options: model.choices.townships,
                                selected: values[.workTownship], error: errors[GrassrootsForm.Field.workTownship.rawValue],
                                hint: model.choices.townships.isEmpty ? "请先填写区县并暂存。" : "标注“县政府驻地”的街道/乡镇，需填写特定类型单位或艰苦行业生产第一线。",
                                id: "f-work_township")
                    text(.workAddress)
                    SelectField(GrassrootsForm.Field.placeSpecial.label, name: GrassrootsForm.Field.placeSpecial.rawValue,
                                options: GrassrootsForm.PlaceSpecial.allCases.map { SelectOption($0.rawValue, $0.rawValue) },
                                selected: values[.placeSpecial], error: errors[GrassrootsForm.Field.placeSpecial.rawValue],
                                hint: "在区县、街道/乡镇中找不到工作所在地或不能填写工作地址时选择；工作地点保密、流动、海上作业须上传相应证明。",
                                prompt: "无", id: "f-place_special")
                    text(.manualAddress, hint: "选择“系统中未找到对应地址”或“工作地点流动”时填写。")
                }
                if has(.specialUnitTypes) {
                    Card(title: "县政府驻地的乡（镇、街道）") {
                        p(.class("muted")) { "工作地点位于省直辖县、地级市辖县、县级市的县政府驻地的乡（镇、街道）时填写，可多选；选择“其他”请手动输入。选择艰苦行业生产第一线的，须上传“在艰苦行业生产第一线工作证明”。" }
                        CheckboxGroup(GrassrootsForm.Field.specialUnitTypes.label, name: GrassrootsForm.Field.specialUnitTypes.rawValue,
                                      options: GrassrootsForm.specialUnitTypes.map { SelectOption($0, $0) }, checked: Set(GrassrootsForm.items(values[.specialUnitTypes])))
                        if let error = errors[GrassrootsForm.Field.specialUnitTypes.rawValue] { p(.class("field-error")) { error } }
                        text(.specialUnitOther)
                        CheckboxGroup(GrassrootsForm.Field.hardshipIndustries.label, name: GrassrootsForm.Field.hardshipIndustries.rawValue,
                                      options: GrassrootsForm.hardshipIndustries.map { SelectOption($0, $0) }, checked: Set(GrassrootsForm.items(values[.hardshipIndustries])))
                        if let error = errors[GrassrootsForm.Field.hardshipIndustries.rawValue] { p(.class("field-error")) { error } }
                        text(.hardshipOther)
                    }
                }
                if has(.industry1) {
                    Card(title: "行业类型") {
                        IndustrySelect(industry1: values[.industry1], industry2: values[.industry2],
                                       error: errors[GrassrootsForm.Field.industry1.rawValue] ?? errors[GrassrootsForm.Field.industry2.rawValue])
                    }
                    Card(title: "公务员填写") {
                        p(.class("muted")) { "行业类型选择“公务员”时填写。录用部门和实际工作部门不一致的，须上传二次分配就业证明。" }
                        SelectField(GrassrootsForm.Field.civilServantKind.label, name: GrassrootsForm.Field.civilServantKind.rawValue,
                                    options: GrassrootsForm.civilServantKinds.map { SelectOption($0, $0) }, selected: values[.civilServantKind],
                                    error: errors[GrassrootsForm.Field.civilServantKind.rawValue], id: "f-civil_servant_kind")
                        RadioGroup(GrassrootsForm.Field.departmentsSame.label, name: GrassrootsForm.Field.departmentsSame.rawValue,
                                   options: [SelectOption("是", "是"), SelectOption("否", "否")], selected: values[.departmentsSame],
                                   error: errors[GrassrootsForm.Field.departmentsSame.rawValue])
                        SelectField(GrassrootsForm.Field.sameDepartment.label, name: GrassrootsForm.Field.sameDepartment.rawValue,
                                    options: GrassrootsForm.sameDepartments.map { SelectOption($0, $0) }, selected: values[.sameDepartment],
                                    error: errors[GrassrootsForm.Field.sameDepartment.rawValue], hint: "选“是”时填写。", id: "f-same_department")
                        SelectField(GrassrootsForm.Field.hiringDepartment.label, name: GrassrootsForm.Field.hiringDepartment.rawValue,
                                    options: GrassrootsForm.hiringDepartments.map { SelectOption($0, $0) }, selected: values[.hiringDepartment],
                                    error: errors[GrassrootsForm.Field.hiringDepartment.rawValue], hint: "选“否”时填写。", id: "f-hiring_department")
                        SelectField(GrassrootsForm.Field.actualDepartment.label, name: GrassrootsForm.Field.actualDepartment.rawValue,
                                    options: GrassrootsForm.actualDepartments.map { SelectOption($0, $0) }, selected: values[.actualDepartment],
                                    error: errors[GrassrootsForm.Field.actualDepartment.rawValue], hint: "选“否”时填写。", id: "f-actual_department")
                        text(.departmentOther, hint: "所选部门为“其他”时填写。")
                    }
                }
                if has(.statement) {
                    Card(title: GrassrootsForm.Field.statement.label(for: stage)) {
                        TextAreaField(GrassrootsForm.Field.statement.label(for: stage), name: GrassrootsForm.Field.statement.rawValue, value: values[.statement] ?? "",
                                      required: stage.isReview, error: errors[GrassrootsForm.Field.statement.rawValue], hint: "300 字以内。", rows: 4, id: "f-statement")
                    }
                }
                FormActions {
                    Button("暂存", kind: .secondary, name: "action", value: "save")
                    Button("下一步", name: "action", value: "next")
                }
            }.render(into: &buffer)
        }
    }

    /// 行业类型: the two-level tree as one list grouped by the first level (seed 000 §6.3).
    struct IndustrySelect: HTML {
        let industry1: String?
        let industry2: String?
        let error: String?

        func render(into buffer: inout HTMLBuffer) {
            let selected = "\(industry1 ?? "")|\(industry2 ?? "")"
            div(.class(error == nil ? "field" : "field has-error")) {
                label(.init("for", "f-industry")) { "行业类型" }
                select(.name("industry"), .id("f-industry")) {
                    option(.value("")) { "请选择" }
                    for entry in GrassrootsForm.industryTree {
                        if entry.children.isEmpty {
                            if selected == "\(entry.name)|" { option(.value("\(entry.name)|"), .selected) { entry.name } }
                            else { option(.value("\(entry.name)|")) { entry.name } }
                        } else {
                            optgroup(.init("label", entry.name)) {
                                for child in entry.children {
                                    if selected == "\(entry.name)|\(child)" { option(.value("\(entry.name)|\(child)"), .selected) { "\(entry.name)：\(child)" } }
                                    else { option(.value("\(entry.name)|\(child)")) { "\(entry.name)：\(child)" } }
                                }
                            }
                        }
                    }
                }
                if let error { p(.class("field-error")) { error } }
            }.render(into: &buffer)
        }
    }

    struct TemplateStep: HTML {
        let model: Wizard.Model

        func render(into buffer: inout HTMLBuffer) {
            let stage = model.stage
            Card(title: "下载模版") {
                p { "系统已根据你填写的信息生成\(CaseController.documentTitle(stage))。请生成并打印，签字并由单位盖章后，在下一步上传扫描件。" }
                p(.class("muted")) { "每一版内容生成一次编号和核验二维码；修改填报信息后需重新生成。" }
                form(.method("post"), .action("\(GrassrootsPages.base(stage))/template/issue"), .class("form-stack")) {
                    CSRFField(model.csrfToken)
                    FormActions {
                        LinkButton("上一步", href: CaseController.path(stage, .form))
                        Button("生成并打印模版", kind: .secondary)
                        LinkButton("下一步", href: CaseController.path(stage, .materials), kind: .primary)
                    }
                }
            }.render(into: &buffer)
        }
    }

    struct MaterialsStep: HTML {
        let model: Wizard.Model

        func render(into buffer: inout HTMLBuffer) {
            let stage = model.stage
            let next = CaseController.path(stage, .materials).addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_"))) ?? ""
            Card(title: "上传证明材料") {
                p(.class("muted")) { "下载、打印、盖章后上传扫描件：JPG/PNG 图片不超过 2 MB，PDF 不超过 10 MB。" }
                DataTable(columns: [.init("材料"), .init("已上传"), .init("操作")], rows: model.materials.map { material in
                    let files = model.files.filter { $0.kind == material.kind.rawValue }
                    return [
                        AnyHTML(MaterialLabel(material: material)),
                        AnyHTML(FileLinks(files: files)),
                        AnyHTML(model.row.map { row in
                            AnyHTML(a(.href("/uploads/new?kind=\(material.kind.rawValue)&case=\(GrassrootsCaseTypes.key(stage)):\(row.id)&next=\(next)")) { files.isEmpty ? "上传" : "再上传" })
                        } ?? AnyHTML(Text("—"))),
                    ]
                })
                FormActions {
                    LinkButton("上一步", href: CaseController.path(stage, .template))
                    LinkButton("下一步", href: CaseController.path(stage, .preview), kind: .primary)
                }
            }.render(into: &buffer)
        }
    }

    struct MaterialLabel: HTML {
        let material: GrassrootsMaterials.Material

        func render(into buffer: inout HTMLBuffer) {
            div {
                span { material.label }
                if material.isTemplate { span(.class("muted")) { "（系统生成，打印盖章后上传）" } }
                if let hint = material.hint { p(.class("field-hint")) { hint } }
            }.render(into: &buffer)
        }
    }

    struct FileLinks: HTML {
        let files: [Uploads.Row]

        func render(into buffer: inout HTMLBuffer) {
            if files.isEmpty {
                span(.class("muted")) { "未上传" }.render(into: &buffer)
            } else {
                ul(.class("case-files")) {
                    for file in files {
                        li { a(.href("/uploads/\(file.id)"), .init("target", "_blank"), .rel("noopener")) { file.original_name } }
                    }
                }.render(into: &buffer)
            }
        }
    }

    struct PreviewStep: HTML {
        let model: Wizard.Model

        func render(into buffer: inout HTMLBuffer) {
            let stage = model.stage
            let values = model.values
            let missing = GrassrootsMaterials.missing(stage: stage, form: values, uploaded: Set(model.files.map(\.kind)))
            div {
                Card(title: model.editable ? "预览提交" : stage.label) {
                    DescriptionList([("状态", model.statusLabel), ("填报年度", "\(model.row?.period ?? "")年"), ("是否补录名单", model.row?.data["supplement"] == "1" ? "是" : "否")]
                                    + GrassrootsForm.fields(for: stage).compactMap { field in
                                        guard let value = values[field], !value.isEmpty else { return nil }
                                        if field == .workCounty { return (field.label, model.choices.countyName ?? value) }
                                        if field == .workTownship { return (field.label, model.choices.townships.first { $0.value == value }?.label ?? value) }
                                        return (field.label, value)
                                    })
                }
                Card(title: "证明材料") {
                    DataTable(columns: [.init("材料"), .init("已上传")], rows: model.materials.map { material in
                        [AnyHTML(MaterialLabel(material: material)), AnyHTML(FileLinks(files: model.files.filter { $0.kind == material.kind.rawValue }))]
                    })
                    if model.editable {
                        if !missing.isEmpty { Alert(.warning, "还需上传：\(missing.map(\.label).joined(separator: "、"))。") }
                        form(.method("post"), .action("\(GrassrootsPages.base(stage))/submit"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            FormActions {
                                LinkButton("上一步", href: CaseController.path(stage, .materials))
                                Button("提交")
                            }
                        }
                    } else if model.row?.status_key == "step:college-review" {
                        form(.method("post"), .action("\(GrassrootsPages.base(stage))/withdraw"), .class("form-stack")) {
                            CSRFField(model.csrfToken)
                            p(.class("muted")) { "学院审核前可以撤回，撤回后可修改再提交。" }
                            FormActions { Button("撤回", kind: .secondary) }
                        }
                    }
                }
                if !model.history.isEmpty { CaseHistoryCard(history: model.history) }
            }.render(into: &buffer)
        }
    }

    // MARK: - The printed 申请表 / 确认表

    package struct Printed: HTML {
        let title: String
        let stage: GrassrootsStage
        let lines: [(String, String)]
        let verification: PrintDocument<AnyHTML>.Verification
        let date: String
        let backHref: String

        package func render(into buffer: inout HTMLBuffer) {
            PrintDocument(title: title, backHref: backHref, verification: verification,
                          footer: "生成日期：\(date)。扫描二维码可核验本表内容。") {
                AnyHTML(table(.class("aid-sheet")) {
                    tbody {
                        for line in lines {
                            tr {
                                th { line.0 }
                                td { line.1 }
                            }
                        }
                        tr {
                            th { "本人签字" }
                            td(.class("aid-stamp")) { "　　　　　　　　年　　月　　日" }
                        }
                        tr {
                            th { stage.isConfirmation ? "用人单位意见（盖章）" : "就业单位意见（盖章）" }
                            td(.class("aid-stamp")) { "（盖章）　　　　年　　月　　日" }
                        }
                        if stage.isConfirmation || stage.base == .apply {
                            tr {
                                th { "培养单位意见" }
                                td(.class("aid-stamp")) { "（盖章）　　　　年　　月　　日" }
                            }
                        }
                    }
                })
            }.render(into: &buffer)
        }
    }

    // MARK: - The reviewer's cards

    package struct JudgementCard: HTML {
        let outcomes: [GrassrootsJudgement.Outcome]
        let supplement: Bool

        package func render(into buffer: inout HTMLBuffer) {
            Card(title: "系统判断结果（仅供参考）") {
                p(.class("muted")) { "以下为系统按填报信息和学校导入的数据逐条判断的结果，仅供参考；是否符合资助条件由审核人员根据审核说明判断。" + (supplement ? "该生为补录名单学生。" : "") }
                ul(.class("judgement")) {
                    for outcome in outcomes {
                        li {
                            span(.class("rule")) { outcome.rule }
                            StatusBadge(outcome.verdict.rawValue, tone: outcome.verdict == .meets ? .success : (outcome.verdict == .fails ? .danger : .warning))
                            span(.class("reason")) { outcome.reason }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct AmountCard: HTML {
        let estimate: GrassrootsStore.Estimate
        let award: GrassrootsStore.Award?
        let bank: String?
        let cardLast4: String?

        package func render(into buffer: inout HTMLBuffer) {
            Card(title: "实际缴纳金额") {
                p(.class("muted")) { "学费和贷款为学校财务处导入的记录（不含住宿费），请与学生上传的缴费凭证或贷款合同核对。" }
                if estimate.payments.years.isEmpty {
                    Alert(.warning, "学校尚未导入该生的学费或贷款记录，无法核实实际缴纳金额。")
                } else {
                    DataTable(columns: [.init("学年"), .init("实缴学费（元）", numeric: true), .init("用于学费的贷款（元）", numeric: true),
                                        .init("计入金额（元）", numeric: true), .init("说明")],
                              rows: (estimate.breakdown?.lines ?? []).map { line in
                                  let year = estimate.payments.years.first { $0.number == line.number }
                                  return [AnyHTML(Text("第\(line.number)学年")), AnyHTML(Text(Money.yuan(year?.tuitionPaid ?? 0))),
                                          AnyHTML(Text(Money.yuan(year?.loanForTuition ?? 0))),
                                          line.counted == line.claimed ? AnyHTML(Text(Money.yuan(line.counted)))
                                              : AnyHTML(span(.class("amount-diff")) { Money.yuan(line.counted) }),
                                          AnyHTML(Text([line.note, estimate.payments.loanNotes[line.number]].compactMap { $0 }.joined(separator: "；")))]
                              })
                }
                DescriptionList([
                    ("资助方式", estimate.mode.rawValue), ("学制", "\(estimate.standardYears)年"),
                    ("每学年上限", estimate.cap.map { "\(Money.yuan($0)) 元" } ?? "—"),
                    ("按规则计算总额", estimate.breakdown.map { "\(Money.yuan($0.total)) 元，分三期：" + $0.installments.map(Money.yuan).joined(separator: " / ") + " 元" } ?? "—"),
                    ("核定总额", award.map { "\(Money.yuan($0.total)) 元（学校审核通过时核定）" } ?? "学校审核通过时核定"),
                    ("收款银行卡", cardLast4.map { "\(bank ?? "") 尾号\($0)" } ?? "学生尚未填写"),
                ])
            }.render(into: &buffer)
        }
    }
}
