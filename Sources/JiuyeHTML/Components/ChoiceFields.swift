/// Radio buttons in a `<fieldset>` with a `<legend>`.
public struct RadioGroup: HTML {
    let labelText: String
    let name: String
    let options: [SelectOption]
    let selected: String?
    let required: Bool
    let error: String?
    let readOnly: Bool

    public init(
        _ label: String,
        name: String,
        options: [SelectOption],
        selected: String? = nil,
        required: Bool = false,
        error: String? = nil,
        readOnly: Bool = false
    ) {
        self.labelText = label
        self.name = name
        self.options = options
        self.selected = selected
        self.required = required
        self.error = error
        self.readOnly = readOnly
    }

    public func render(into buffer: inout HTMLBuffer) {
        let ids = FieldIDs(explicit: nil, name: name, hasHint: false, hasError: error != nil)
        let legendID = ids.field + "-legend"
        // role="radiogroup" lets the group carry aria-invalid and aria-required.
        var groupAttributes: [Attribute] = [
            .class(FieldIDs.wrapperClass(hasError: error != nil, readOnly: readOnly, base: "field field-choices")),
            .role("radiogroup"),
            .init("aria-labelledby", legendID),
        ]
        if required && !readOnly { groupAttributes.append(.init("aria-required", "true")) }
        ids.appendAria(to: &groupAttributes)
        let (name, selected, readOnly, required) = (name, selected, readOnly, required)

        Element("fieldset", groupAttributes, content: Group(
            legend(.id(legendID)) {
                labelText
                if required { RequiredMark() }
            },
            div(.class("choices")) {
                ForEach(options.indices) { index in
                    ChoiceInput(
                        type: "radio",
                        id: "\(ids.field)-\(index)",
                        name: name,
                        option: options[index],
                        checked: options[index].value == selected,
                        required: required,
                        disabled: readOnly
                    )
                }
            },
            readOnly && selected != nil ? input(.type("hidden"), .name(name), .value(selected ?? "")) : nil,
            FieldMessages(ids: ids, hint: nil, error: error)
        )).render(into: &buffer)
    }
}

/// A single checkbox ("我已阅读并同意…").
public struct CheckboxField: HTML {
    let labelText: String
    let name: String
    let value: String
    let checked: Bool
    let readOnly: Bool
    let id: String?

    public init(_ label: String, name: String, value: String = "1", checked: Bool = false, readOnly: Bool = false, id: String? = nil) {
        self.labelText = label
        self.name = name
        self.value = value
        self.checked = checked
        self.readOnly = readOnly
        self.id = id
    }

    public func render(into buffer: inout HTMLBuffer) {
        let fieldID = FieldIDs.fieldID(explicit: id, name: name)
        div(.class(readOnly ? "field field-checkbox is-readonly" : "field field-checkbox")) {
            ChoiceInput(
                type: "checkbox",
                id: fieldID,
                name: name,
                option: SelectOption(value, labelText),
                checked: checked,
                required: false,
                disabled: readOnly
            )
            if readOnly && checked {
                input(.type("hidden"), .name(name), .value(value))
            }
        }.render(into: &buffer)
    }
}

/// Several checkboxes sharing one name, in a `<fieldset>`.
public struct CheckboxGroup: HTML {
    let labelText: String
    let name: String
    let options: [SelectOption]
    let checked: Set<String>
    let readOnly: Bool

    public init(_ label: String, name: String, options: [SelectOption], checked: Set<String>, readOnly: Bool = false) {
        self.labelText = label
        self.name = name
        self.options = options
        self.checked = checked
        self.readOnly = readOnly
    }

    public func render(into buffer: inout HTMLBuffer) {
        let base = FieldIDs.fieldID(explicit: nil, name: name)
        let (name, options, checked, readOnly) = (name, options, checked, readOnly)
        fieldset(.class(readOnly ? "field field-choices is-readonly" : "field field-choices")) {
            legend { labelText }
            div(.class("choices")) {
                ForEach(options.indices) { index in
                    ChoiceInput(
                        type: "checkbox",
                        id: "\(base)-\(index)",
                        name: name,
                        option: options[index],
                        checked: checked.contains(options[index].value),
                        required: false,
                        disabled: readOnly
                    )
                }
            }
            if readOnly {
                ForEach(options.filter { checked.contains($0.value) }) { option in
                    input(.type("hidden"), .name(name), .value(option.value))
                }
            }
        }.render(into: &buffer)
    }
}
