/// A `<button>`. `.link` looks like a link but is still a button (for
/// actions inside forms).
public struct Button: HTML {
    public enum Kind: Sendable {
        case primary, secondary, danger, link

        var cssClass: String {
            switch self {
            case .primary: "btn btn-primary"
            case .secondary: "btn btn-secondary"
            case .danger: "btn btn-danger"
            case .link: "btn btn-link"
            }
        }
    }

    let labelText: String
    let kind: Kind
    let name: String?
    let value: String?
    let type: String

    public init(_ label: String, kind: Kind = .primary, name: String? = nil, value: String? = nil, type: String = "submit") {
        self.labelText = label
        self.kind = kind
        self.name = name
        self.value = value
        self.type = type
    }

    public func render(into buffer: inout HTMLBuffer) {
        var attributes: [Attribute] = [.type(type), .class(kind.cssClass)]
        if let name { attributes.append(.name(name)) }
        if let value { attributes.append(.value(value)) }
        Element("button", attributes, content: Text(labelText)).render(into: &buffer)
    }
}

/// A link styled as a button ("返回列表", "新增").
public struct LinkButton: HTML {
    let labelText: String
    let href: String
    let kind: Button.Kind

    public init(_ label: String, href: String, kind: Button.Kind = .secondary) {
        self.labelText = label
        self.href = href
        self.kind = kind
    }

    public func render(into buffer: inout HTMLBuffer) {
        a(.class(kind.cssClass), .href(href)) { labelText }.render(into: &buffer)
    }
}

/// The row of buttons at the bottom of a form.
public struct FormActions<Content: HTML>: HTML {
    let content: Content

    public init(@HTMLBuilder content: () -> Content) {
        self.content = content()
    }

    public func render(into buffer: inout HTMLBuffer) {
        div(.class("form-actions")) { content }.render(into: &buffer)
    }
}
