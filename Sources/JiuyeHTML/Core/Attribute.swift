/// One attribute. Names are compile-time constants; values are escaped.
/// A `nil` value writes a boolean attribute (`required`, `checked`, ...).
public struct Attribute: Sendable {
    public let name: StaticString
    public let value: String?
    /// A boolean attribute that is off writes nothing.
    let omitted: Bool

    public init(_ name: StaticString, _ value: String?) {
        self.name = name
        self.value = value
        self.omitted = false
    }

    init(boolean name: StaticString, _ on: Bool) {
        self.name = name
        self.value = nil
        self.omitted = !on
    }

    func render(into buffer: inout HTMLBuffer) {
        if omitted { return }
        buffer.raw(" ")
        buffer.raw(name)
        if let value {
            buffer.raw("=\"")
            buffer.text(value)
            buffer.raw("\"")
        }
    }
}

extension Attribute {
    public static func `class`(_ value: String) -> Attribute { .init("class", value) }
    public static func id(_ value: String) -> Attribute { .init("id", value) }
    public static func href(_ url: String) -> Attribute { .init("href", safeURL(url)) }
    public static func src(_ url: String) -> Attribute { .init("src", safeURL(url)) }
    public static func action(_ url: String) -> Attribute { .init("action", safeURL(url)) }
    public static func method(_ value: String) -> Attribute { .init("method", value) }
    public static func type(_ value: String) -> Attribute { .init("type", value) }
    public static func name(_ value: String) -> Attribute { .init("name", value) }
    public static func value(_ value: String) -> Attribute { .init("value", value) }
    public static func `for`(_ value: String) -> Attribute { .init("for", value) }
    public static func placeholder(_ value: String) -> Attribute { .init("placeholder", value) }
    public static func autocomplete(_ value: String) -> Attribute { .init("autocomplete", value) }
    public static func title(_ value: String) -> Attribute { .init("title", value) }
    public static func rel(_ value: String) -> Attribute { .init("rel", value) }
    public static func role(_ value: String) -> Attribute { .init("role", value) }
    public static func lang(_ value: String) -> Attribute { .init("lang", value) }
    public static func content(_ value: String) -> Attribute { .init("content", value) }
    public static func charset(_ value: String) -> Attribute { .init("charset", value) }
    public static func inputmode(_ value: String) -> Attribute { .init("inputmode", value) }
    public static func pattern(_ value: String) -> Attribute { .init("pattern", value) }
    public static func maxlength(_ value: Int) -> Attribute { .init("maxlength", String(value)) }
    public static func colspan(_ value: Int) -> Attribute { .init("colspan", String(value)) }
    public static func scope(_ value: String) -> Attribute { .init("scope", value) }
    public static func ariaLabel(_ value: String) -> Attribute { .init("aria-label", value) }
    public static func ariaCurrent(_ value: String) -> Attribute { .init("aria-current", value) }
    public static func ariaDescribedBy(_ value: String) -> Attribute { .init("aria-describedby", value) }
    public static func ariaInvalid(_ value: Bool) -> Attribute { .init("aria-invalid", value ? "true" : "false") }
    /// A `data-*` attribute: pass the full name, e.g. `.data("data-confirm", "确定？")`.
    public static func data(_ name: StaticString, _ value: String) -> Attribute { .init(name, value) }
    public static var required: Attribute { .init("required", nil) }
    public static var disabled: Attribute { .init("disabled", nil) }
    public static var readonly: Attribute { .init("readonly", nil) }
    public static var checked: Attribute { .init("checked", nil) }
    public static var selected: Attribute { .init("selected", nil) }
    public static var hidden: Attribute { .init("hidden", nil) }
    public static var autofocus: Attribute { .init("autofocus", nil) }
    public static var multiple: Attribute { .init("multiple", nil) }
    /// `open` on `<details>` when `isOpen`, nothing otherwise.
    public static func open(_ isOpen: Bool) -> Attribute { .init(boolean: "open", isOpen) }

    /// Escaping keeps a URL inside its attribute but not out of the
    /// `javascript:` scheme: allow only relative URLs and http(s)/mailto/tel.
    ///
    /// Works on Unicode scalars, not Characters: a combining mark or a
    /// zero-width joiner after the colon (`"javascript:\u{301}…"`) would
    /// otherwise fuse with it into one Character that is not ":". Like a
    /// browser, it ignores leading controls and spaces and tabs or newlines
    /// inside the scheme.
    static func safeURL(_ url: String) -> String {
        var scheme = String.UnicodeScalarView()
        for scalar in url.unicodeScalars {
            switch scalar {
            case ":":
                return ["http", "https", "mailto", "tel"].contains(String(scheme).lowercased()) ? url : "#"
            case "/", "?", "#":
                return url   // a relative URL; any colon is in the path or query
            case "\t", "\n", "\r":
                continue
            default:
                if scheme.isEmpty && scalar.value <= 0x20 { continue }
                scheme.append(scalar)
            }
        }
        return url   // no colon: a relative URL
    }
}
