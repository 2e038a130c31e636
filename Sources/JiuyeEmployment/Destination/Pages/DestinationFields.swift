import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The registration's fields, for the graduate's form and the staff's 代录 alike: 毕业去向, then
/// the fields the chosen category asks for (`DestinationMatrix`), each with the category's own
/// label and required mark. Every field is on the page; those the category does not ask for are
/// hidden, and /js/app.js shows the right ones when the 毕业去向 changes (without script the
/// graduate picks the 毕业去向 and 暂存s to see them).
package struct DestinationFields: HTML {
    package let data: [String: String]
    package let errors: [String: String]
    /// 字段权限: grey fields are shown read-only, hidden ones not at all.
    package var access: FieldAccessRules = .allEditable
    /// 单位性质 and 单位行业 choices from the code tables (code, name).
    package var unitNatures: [(String, String)] = []
    package var industries: [(String, String)] = []
    /// 单位所在地 stored as a code, shown by name.
    package var locationName: String?

    /// The order of the fields on the page.
    static let order: [DestinationField] = [.unitName, .creditCode, .schoolCode, .country, .unitNature, .industry, .unitLocation, .position,
                                            .agreementNumber, .employmentStart, .employmentEnd, .monthlyIncome, .unitAddress, .unitPostcode,
                                            .contactName, .contactPhone, .contactMobile, .contactFax, .contactEmail, .remark]

    /// category code → field → [presence, label], and the heading whose 具体情形 it asks for.
    static let matrixJSON: String = {
        var out: [String: [String: Any]] = [:]
        for category in DestinationForm.categories {
            guard let row = category.requirements else { continue }
            var fields: [String: [String]] = [:]
            for field in row.shownFields where field != .category && field != .subtype {
                fields[field.key] = [row.presence(of: field) == .required ? "r" : "o", row.label(of: field)]
            }
            var entry: [String: Any] = ["f": fields]
            if category.heading.subtypeLabel != nil, !category.heading.subtypes.isEmpty { entry["h"] = category.heading.rawValue }
            out[category.code] = entry
        }
        let data = (try? JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }()

    package func render(into buffer: inout HTMLBuffer) {
        let category = DestinationForm.category(data["category"] ?? "")
        let row = category?.requirements
        func mode(_ key: String) -> FieldAccess { access.access(key) }
        // The matrix for the page's script, in an attribute (escaped like any other value).
        div(.id("dest-matrix"), .data("data-matrix", Self.matrixJSON), .hidden).render(into: &buffer)
        if mode("category") != .hidden {
            SelectField("毕业去向", name: "category", options: DestinationForm.categories.filter(\.isSelectable).map { SelectOption($0.code, "\($0.code) \($0.displayLabel)") },
                        selected: data["category"], required: true, error: errors["category"], readOnly: mode("category") == .readOnly,
                        hint: category.map { $0.definition }, id: "category").render(into: &buffer)
        }
        noscript { p(.class("muted")) { "选择毕业去向后，请先点“暂存”，页面会列出该去向需要填写的项目。" } }.render(into: &buffer)
        // 具体情形: one list per heading that has them; only the chosen heading's is live.
        for heading in DestinationHeading.allCases where heading.subtypeLabel != nil && !heading.subtypes.isEmpty && mode("subtype") != .hidden {
            let active = category?.heading == heading
            let options = heading.subtypes.map { SelectOption($0.key, $0.label) }
            var attributes: [Attribute] = [.class("dest-field"), .data("data-dest-heading", heading.rawValue)]
            if !active { attributes.append(.hidden) }
            Element("div", attributes, content: SelectField(heading.subtypeLabel ?? "具体情形", name: "subtype", options: options,
                                                            selected: active ? data["subtype"] : nil, error: active ? errors["subtype"] : nil,
                                                            readOnly: mode("subtype") == .readOnly || !active, id: "subtype-\(heading.rawValue)"))
                .render(into: &buffer)
        }
        for field in Self.order where mode(field.key) != .hidden {
            let presence = row?.presence(of: field) ?? .absent
            let label = row?.label(of: field) ?? field.label
            let required = presence == .required
            let readOnly = mode(field.key) == .readOnly
            let value = field == .unitLocation ? (locationName ?? data[field.key] ?? "") : (data[field.key] ?? "")
            let error = errors[field.key]
            var attributes: [Attribute] = [.class("dest-field"), .data("data-dest-field", field.key)]
            if presence == .absent { attributes.append(.hidden) }
            let control: AnyHTML
            switch field {
            case .unitNature, .industry:
                control = AnyHTML(SelectField(label, name: field.key, options: (field == .unitNature ? unitNatures : industries).map { SelectOption($0.0, "\($0.0) \($0.1)") },
                                              selected: data[field.key], required: required, error: error, readOnly: readOnly, id: field.key))
            case .position:
                control = AnyHTML(SelectField(label, name: field.key, options: DestinationForm.positions.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                                              selected: data[field.key], required: required, error: error, readOnly: readOnly, id: field.key))
            case .remark:
                control = AnyHTML(TextAreaField(label, name: field.key, value: value, required: required, error: error, readOnly: readOnly, rows: 3, id: field.key))
            default:
                control = AnyHTML(TextField(label, name: field.key, value: value, type: Self.inputType(field), required: required, error: error, readOnly: readOnly,
                                            hint: Self.hint(field), inputMode: Self.inputMode(field), maxLength: field.maxLength, id: field.key))
            }
            Element("div", attributes, content: control).render(into: &buffer)
        }
    }

    static func inputType(_ field: DestinationField) -> String {
        switch field {
        case .employmentStart, .employmentEnd: "date"
        case .contactEmail: "email"
        case .contactPhone, .contactMobile, .contactFax: "tel"
        default: "text"
        }
    }

    static func inputMode(_ field: DestinationField) -> String? {
        switch field {
        case .monthlyIncome: "decimal"
        case .unitPostcode, .schoolCode: "numeric"
        default: nil
        }
    }

    static func hint(_ field: DestinationField) -> String? {
        switch field {
        case .unitName: "与证明材料上的名称一致，不多字、不少字、不错字"
        case .unitLocation: "填写到区县一级，如：重庆市沙坪坝区"
        case .creditCode: "18 位统一社会信用代码，见营业执照或单位证明"
        case .monthlyIncome: "税前月收入，单位：元"
        case .employmentStart, .employmentEnd: "离校后的聘用期限不少于 6 个月"
        case .schoolCode: "5 位院校代码，或 10 位学校标识码"
        case .country: "如：英国、美国、中国香港"
        default: nil
        }
    }
}
