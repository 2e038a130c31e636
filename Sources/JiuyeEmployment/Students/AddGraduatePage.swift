import JiuyePlatform
import JiuyeDomain
import JiuyeHTML

/// 添加毕业生: step one (optional) narrows 生源所在地 to a city by GET; step two is the record,
/// the 学籍 fields first (the ones the import requires, starred) and the rest folded away for the
/// student to complete in 生源信息核对.
package struct AddGraduatePage: HTML {
    package struct Model: Sendable {
        package var values: [String: String]
        package var errors: [String: String]
        package var picker: RegionPicker
        package var colleges: [SelectOption]
        package var codeOptions: [CodeTable: [SelectOption]]
        package var csrfToken: String
    }

    package let context: PageContext
    package let model: Model

    /// The 学籍 part: what the import requires, with 证件类型, 班级, 生源所在地, 定向单位 and 手机号码.
    package static let enrolmentKeys: Set<GraduateField.Key> = [.documentType, .className, .sourceRegion, .sponsorUnit, .phone]

    package func render(into buffer: inout HTMLBuffer) {
        let fields = GraduateRecordForm.standard.fields
        let first = fields.filter { $0.requirement == .atImport || Self.enrolmentKeys.contains($0.key) }
        let rest = fields.filter { !($0.requirement == .atImport || Self.enrolmentKeys.contains($0.key)) }
        Layout(context) {
            Card(title: "添加毕业生") {
                p(.class("muted")) {
                    "逐个添加一名毕业生；人数较多时请用"
                    a(.href("/students/import")) { "导入毕业生" }
                    "。规则与导入相同：院系名称、专业代码须与本校“院系与专业”一致，学号、证件号码、手机号码不能已有账号。毕业生首次登录时用学号和证件号码激活账号并设置密码。"
                }
            }
            Card(title: "第一步（可选）：生源所在地的省份和城市") {
                form(.method("get"), .action("/students/new"), .class("step-form")) {
                    RegionPickerFields(picker: model.picker, idPrefix: "step-", includeCounty: false)
                    FormActions { Button(model.picker.province == nil ? "下一步：选择城市" : "下一步：列出区县", kind: .secondary) }
                }
            }
            Card(title: "第二步：填写生源信息") {
                if let error = model.errors["form"] { div(.class("alert alert-error"), .role("alert")) { error } }
                if !model.errors.isEmpty { div(.class("alert alert-error"), .role("alert")) { "有 \(model.errors.count) 项需要修改，见下方标红的字段。" } }
                form(.method("post"), .action("/students/new"), .class("form-grid")) {
                    CSRFField(model.csrfToken)
                    input(.type("hidden"), .name("province"), .value(model.picker.province ?? ""))
                    input(.type("hidden"), .name("city"), .value(model.picker.city ?? ""))
                    fieldset(.class("record-group")) {
                        legend { "学籍信息（带 * 的必填）" }
                        div(.class("fields-2")) { ForEach(first) { field in self.control(for: field) } }
                    }
                    // Open when something in it was typed or needs fixing.
                    let restInUse = rest.contains { model.errors[$0.key.rawValue] != nil || !(model.values[$0.key.rawValue] ?? "").isEmpty }
                    details(.class("record-group"), .open(restInUse)) {
                        summary { "其他生源信息（可留空，由学生在“生源信息核对”时补充）" }
                        div(.class("fields-2")) { ForEach(rest) { field in self.control(for: field) } }
                    }
                    FormActions {
                        Button("添加毕业生")
                        LinkButton("返回毕业生名单", href: "/students")
                    }
                }
            }
        }.render(into: &buffer)
    }

    package func control(for field: GraduateField) -> AnyHTML {
        let name = field.key.rawValue
        let value = model.values[name] ?? ""
        let error = model.errors[name]
        let required = field.requirement == .atImport
        let id = "g-" + name
        switch field.kind {
        case .choice(let choices):
            return AnyHTML(SelectField(field.label, name: name, options: choices.labels.map { SelectOption($0, $0) }, selected: value.isEmpty ? nil : value,
                                       required: required, error: error, id: id))
        case .code(let table) where model.codeOptions[table] != nil:
            return AnyHTML(SelectField(field.label, name: name, options: model.codeOptions[table] ?? [], selected: value.isEmpty ? nil : value,
                                       required: required, error: error, hint: field.key == .documentType ? "不选即为居民身份证。" : nil, id: id))
        case .region(countyLevel: true):
            guard model.picker.city != nil else {
                return AnyHTML(div(.class("field")) {
                    span(.class("field-title")) { field.label }
                    p(.class(error == nil ? "field-hint" : "field-error")) { error ?? "如需填写，请先在第一步选择省份和城市。" }
                })
            }
            return AnyHTML(SelectField(field.label, name: name, options: model.picker.counties, selected: value.isEmpty ? nil : value,
                                       error: error, hint: "县级行政区划。", id: id))
        default:
            if field.key == .college {
                return AnyHTML(SelectField(field.label, name: name, options: model.colleges, selected: value.isEmpty ? nil : value,
                                           required: required, error: error, id: id))
            }
            let (hint, mode): (String?, String?) = switch field.kind {
            case .year: ("如 2026。", "numeric")
            case .code(.major): ("6 位专业代码，如 080901，须为本校该院系已设置的专业。", nil)
            case .region: ("行政区划代码，如 500108。", "numeric")
            case .date where field.key == .graduationDate: ("如 2026-06 或 2026-06-30。", nil)
            case .date: ("如 2022-09 或 2022-09-01。", nil)
            case .mobile, .qq, .postcode, .examineeNumber: (nil, "numeric")
            case .telephone: (nil, "tel")
            default: (nil, nil)
            }
            return AnyHTML(TextField(field.label, name: name, value: value, type: field.kind.isEmail ? "email" : "text", required: required, error: error,
                                     hint: hint, autocomplete: "off", inputMode: mode, id: id))
        }
    }
}

private extension GraduateField.Kind {
    package var isEmail: Bool { if case .email = self { true } else { false } }
}
