// Form fields. Every field follows the same pattern:
//
//   <div class="field [has-error] [is-readonly]">
//     <label for="f-name">姓名<span class="req" aria-hidden="true">*</span></label>
//     <input id="f-name" name="name" required aria-invalid="true"
//            aria-describedby="f-name-error f-name-hint">
//     <p class="field-hint" id="f-name-hint">…</p>
//     <p class="field-error" id="f-name-error">…</p>
//   </div>
//
// Read-only text inputs carry `readonly`. Selects, radios and checkboxes
// cannot be read-only in HTML, so they render `disabled` (which is not
// submitted) plus a hidden input carrying the value, so the form still
// submits it.

/// `<input type="hidden" name="_csrf" value="...">`.
public struct CSRFField: HTML {
    let token: String

    public init(_ token: String) { self.token = token }

    public func render(into buffer: inout HTMLBuffer) {
        input(.type("hidden"), .name("_csrf"), .value(token)).render(into: &buffer)
    }
}

/// One value a select, radio group or checkbox group offers.
public struct SelectOption: Sendable {
    public var value: String
    public var label: String

    public init(_ value: String, _ label: String) {
        self.value = value
        self.label = label
    }
}

/// A single-line input with its label, required mark, hint and error.
///
/// A `password` input never echoes its value back. A new-password input
/// (`type: "password", autocomplete: "new-password"`) gets
/// `data-strength-meter` so app.js can add a strength meter after it,
/// except a confirmation field (its name contains "confirm" or "repeat").
public struct TextField: HTML {
    let labelText: String
    let name: String
    let value: String
    let type: String
    let required: Bool
    let error: String?
    let readOnly: Bool
    let hint: String?
    let placeholder: String?
    let autocomplete: String?
    let inputMode: String?
    let maxLength: Int?
    let id: String?

    public init(
        _ label: String,
        name: String,
        value: String = "",
        type: String = "text",
        required: Bool = false,
        error: String? = nil,
        readOnly: Bool = false,
        hint: String? = nil,
        placeholder: String? = nil,
        autocomplete: String? = nil,
        inputMode: String? = nil,
        maxLength: Int? = nil,
        id: String? = nil
    ) {
        self.labelText = label
        self.name = name
        self.value = value
        self.type = type
        self.required = required
        self.error = error
        self.readOnly = readOnly
        self.hint = hint
        self.placeholder = placeholder
        self.autocomplete = autocomplete
        self.inputMode = inputMode
        self.maxLength = maxLength
        self.id = id
    }

    var wantsStrengthMeter: Bool {
        guard type == "password", autocomplete == "new-password", !readOnly else { return false }
        let lowered = name.lowercased()
        return !lowered.contains("confirm") && !lowered.contains("repeat")
    }

    public func render(into buffer: inout HTMLBuffer) {
        let ids = FieldIDs(explicit: id, name: name, hasHint: hint != nil, hasError: error != nil)
        var attributes: [Attribute] = [.type(type), .id(ids.field), .name(name)]
        if type != "password" && !value.isEmpty { attributes.append(.value(value)) }
        if required { attributes.append(.required) }
        if readOnly { attributes.append(.readonly) }
        if let placeholder { attributes.append(.placeholder(placeholder)) }
        if let autocomplete { attributes.append(.autocomplete(autocomplete)) }
        if let inputMode { attributes.append(.inputmode(inputMode)) }
        if let maxLength { attributes.append(.maxlength(maxLength)) }
        ids.appendAria(to: &attributes)
        if wantsStrengthMeter { attributes.append(.init("data-strength-meter", nil)) }

        div(.class(FieldIDs.wrapperClass(hasError: error != nil, readOnly: readOnly))) {
            FieldLabel(text: labelText, for: ids.field, required: required)
            VoidElement("input", attributes)
            FieldMessages(ids: ids, hint: hint, error: error)
        }.render(into: &buffer)
    }
}

/// A multi-line text field.
public struct TextAreaField: HTML {
    let labelText: String
    let name: String
    let value: String
    let required: Bool
    let error: String?
    let readOnly: Bool
    let hint: String?
    let rows: Int
    let id: String?

    public init(
        _ label: String,
        name: String,
        value: String = "",
        required: Bool = false,
        error: String? = nil,
        readOnly: Bool = false,
        hint: String? = nil,
        rows: Int = 4,
        id: String? = nil
    ) {
        self.labelText = label
        self.name = name
        self.value = value
        self.required = required
        self.error = error
        self.readOnly = readOnly
        self.hint = hint
        self.rows = rows
        self.id = id
    }

    public func render(into buffer: inout HTMLBuffer) {
        let ids = FieldIDs(explicit: id, name: name, hasHint: hint != nil, hasError: error != nil)
        var attributes: [Attribute] = [.id(ids.field), .name(name), .init("rows", String(max(rows, 1)))]
        if required { attributes.append(.required) }
        if readOnly { attributes.append(.readonly) }
        ids.appendAria(to: &attributes)

        div(.class(FieldIDs.wrapperClass(hasError: error != nil, readOnly: readOnly))) {
            FieldLabel(text: labelText, for: ids.field, required: required)
            // The parser drops one newline right after <textarea>; writing one
            // ourselves keeps a value that starts with a newline intact.
            Element("textarea", attributes, content: Group(Unescaped("\n"), Text(value)))
            FieldMessages(ids: ids, hint: hint, error: error)
        }.render(into: &buffer)
    }
}

/// A drop-down list. `prompt` adds a first empty option ("请选择"), which
/// also makes `required` meaningful.
public struct SelectField: HTML {
    let labelText: String
    let name: String
    let options: [SelectOption]
    let selected: String?
    let required: Bool
    let error: String?
    let readOnly: Bool
    let hint: String?
    let prompt: String?
    let id: String?

    public init(
        _ label: String,
        name: String,
        options: [SelectOption],
        selected: String? = nil,
        required: Bool = false,
        error: String? = nil,
        readOnly: Bool = false,
        hint: String? = nil,
        prompt: String? = "请选择",
        id: String? = nil
    ) {
        self.labelText = label
        self.name = name
        self.options = options
        self.selected = selected
        self.required = required
        self.error = error
        self.readOnly = readOnly
        self.hint = hint
        self.prompt = prompt
        self.id = id
    }

    public func render(into buffer: inout HTMLBuffer) {
        let ids = FieldIDs(explicit: id, name: name, hasHint: hint != nil, hasError: error != nil)
        var attributes: [Attribute] = [.id(ids.field)]
        if readOnly {
            attributes.append(.disabled)
        } else {
            attributes.append(.name(name))
            if required { attributes.append(.required) }
        }
        ids.appendAria(to: &attributes)
        let selected = selected

        div(.class(FieldIDs.wrapperClass(hasError: error != nil, readOnly: readOnly))) {
            FieldLabel(text: labelText, for: ids.field, required: required)
            Element("select", attributes, content: Group(
                prompt.map { Element("option", [.value("")], content: Text($0)) },
                ForEach(options) { option in
                    Element(
                        "option",
                        option.value == selected ? [.value(option.value), .selected] : [.value(option.value)],
                        content: Text(option.label)
                    )
                }
            ))
            if readOnly {
                input(.type("hidden"), .name(name), .value(selected ?? ""))
            }
            FieldMessages(ids: ids, hint: hint, error: error)
        }.render(into: &buffer)
    }
}

// MARK: - Shared pieces

/// The ids of a field and of its hint and error paragraphs.
struct FieldIDs {
    let field: String
    let hint: String?
    let error: String?

    init(explicit: String?, name: String, hasHint: Bool, hasError: Bool) {
        field = Self.fieldID(explicit: explicit, name: name)
        hint = hasHint ? field + "-hint" : nil
        error = hasError ? field + "-error" : nil
    }

    /// The explicit id, or "f-" + the name with anything but ASCII letters,
    /// digits, "-" and "_" replaced by "-" ("items[0]" → "f-items-0-").
    static func fieldID(explicit: String?, name: String) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        var id = "f-"
        for scalar in name.unicodeScalars {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", "_": id.unicodeScalars.append(scalar)
            default: id.append("-")
            }
        }
        return id
    }

    static func wrapperClass(hasError: Bool, readOnly: Bool, base: String = "field") -> String {
        switch (hasError, readOnly) {
        case (false, false): base
        case (true, false): base + " has-error"
        case (false, true): base + " is-readonly"
        case (true, true): base + " has-error is-readonly"
        }
    }

    /// aria-invalid when there is an error; aria-describedby naming the
    /// error first, then the hint.
    func appendAria(to attributes: inout [Attribute]) {
        if error != nil { attributes.append(.ariaInvalid(true)) }
        switch (error, hint) {
        case let (error?, hint?): attributes.append(.ariaDescribedBy(error + " " + hint))
        case let (error?, nil): attributes.append(.ariaDescribedBy(error))
        case let (nil, hint?): attributes.append(.ariaDescribedBy(hint))
        case (nil, nil): break
        }
    }
}

/// The red "*". Hidden from screen readers: the input's `required` says it.
struct RequiredMark: HTML {
    func render(into buffer: inout HTMLBuffer) {
        span(.class("req"), .init("aria-hidden", "true")) { "*" }.render(into: &buffer)
    }
}

struct FieldLabel: HTML {
    let text: String
    let target: String
    let required: Bool

    init(text: String, for target: String, required: Bool) {
        self.text = text
        self.target = target
        self.required = required
    }

    func render(into buffer: inout HTMLBuffer) {
        label(.for(target)) {
            text
            if required { RequiredMark() }
        }.render(into: &buffer)
    }
}

struct FieldMessages: HTML {
    let ids: FieldIDs
    let hint: String?
    let error: String?

    func render(into buffer: inout HTMLBuffer) {
        if let hint, let hintID = ids.hint {
            p(.class("field-hint"), .id(hintID)) { hint }.render(into: &buffer)
        }
        if let error, let errorID = ids.error {
            p(.class("field-error"), .id(errorID)) { error }.render(into: &buffer)
        }
    }
}

/// One radio or checkbox with its label.
struct ChoiceInput: HTML {
    let type: String
    let id: String
    let name: String
    let option: SelectOption
    let checked: Bool
    let required: Bool
    let disabled: Bool

    func render(into buffer: inout HTMLBuffer) {
        var attributes: [Attribute] = [.type(type), .id(id)]
        if disabled {
            attributes.append(.disabled)
        } else {
            attributes.append(.name(name))
            if required { attributes.append(.required) }
        }
        attributes.append(.value(option.value))
        if checked { attributes.append(.checked) }
        label(.class("choice"), .for(id)) {
            VoidElement("input", attributes)
            span { option.label }
        }.render(into: &buffer)
    }
}
