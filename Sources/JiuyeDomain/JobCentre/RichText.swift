/// Rich text an editor of the employment office writes (通知公告, 课程, 指南): HTML read through an
/// allow-list into a tree of known elements and text. Anything else is dropped: a tag not on
/// the list loses its markup and keeps its text; `script`, `style` and the like lose their
/// content too; no attribute survives except a link's `href`, and only to http(s), mailto or a
/// path of this site. The page layer renders the tree with its own escaping; what is stored is
/// the tree written back out (`serialize`), so it parses to the same tree.
public enum RichText {
    public enum Tag: String, CaseIterable, Sendable {
        case p, br, strong, em, u, ul, ol, li, h3, h4, blockquote, a

        var isVoid: Bool { self == .br }
    }

    public indirect enum Node: Sendable, Equatable {
        case text(String)
        case element(Tag, href: String?, children: [Node])
    }

    /// Inputs longer than this are cut before parsing (a notice is not a book).
    public static let maximumLength = 50_000

    /// Tags whose content is dropped with them.
    static let dropped: Set<String> = ["script", "style", "iframe", "object", "embed", "noscript", "template", "textarea", "title", "svg", "math",
                                       "xmp", "select", "option", "head", "frame", "frameset", "noembed", "noframes", "plaintext", "applet"]
    /// Aliases kept as their allowed form.
    static let aliases: [String: Tag] = ["b": .strong, "i": .em, "h1": .h3, "h2": .h3, "h5": .h4, "h6": .h4, "div": .p]

    /// The allowed tree of `html`.
    public static func parse(_ html: String) -> [Node] {
        var parser = Parser(Array(String(html.prefix(maximumLength)).unicodeScalars))
        return parser.run()
    }

    /// The tree as HTML (every text and attribute escaped).
    public static func serialize(_ nodes: [Node]) -> String {
        var out = ""
        for node in nodes { write(node, into: &out) }
        return out
    }

    /// `html` as stored: parsed and written back.
    public static func sanitize(_ html: String) -> String { serialize(parse(html)) }

    /// The text alone, blocks separated by a space (for summaries and search).
    public static func plainText(_ nodes: [Node]) -> String {
        var out = ""
        func walk(_ node: Node) {
            switch node {
            case .text(let text): out += text
            case .element(let tag, _, let children):
                children.forEach(walk)
                if tag != .strong && tag != .em && tag != .u && tag != .a { out += " " }
            }
        }
        nodes.forEach(walk)
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Whether a link may be kept: http(s), mailto, or a path on this site (not "//host").
    public static func allowedHref(_ raw: String) -> String? {
        let cleaned = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }))
        let lower = cleaned.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") { return cleaned }
        if cleaned.hasPrefix("/") && !cleaned.hasPrefix("//") && !cleaned.hasPrefix("/\\") { return cleaned }
        return nil
    }

    static func write(_ node: Node, into out: inout String) {
        switch node {
        case .text(let text): out += escape(text)
        case .element(let tag, let href, let children):
            if let href { out += "<a href=\"\(escape(href))\">" } else { out += "<\(tag.rawValue)>" }
            if tag.isVoid { return }
            for child in children { write(child, into: &out) }
            out += "</\(tag.rawValue)>"
        }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Named and numeric character references a text or attribute may hold.
    static let named: [String: String] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "colon": ":", "tab": "\t", "newline": "\n"]

    struct Parser {
        let input: [Unicode.Scalar]
        var index = 0
        /// Open elements: tag, href, children so far.
        var stack: [(Tag, String?, [Node])] = []
        var root: [Node] = []
        var text = ""

        init(_ input: [Unicode.Scalar]) { self.input = input }

        mutating func run() -> [Node] {
            while index < input.count {
                let scalar = input[index]
                if scalar == "<", let next = peek(1), next == "/" || next == "!" || next == "?" || isLetter(next) {
                    flushText()
                    tag()
                } else if scalar == "&" {
                    text += reference()
                } else {
                    if scalar.value != 0 { text.unicodeScalars.append(scalar) }
                    index += 1
                }
            }
            flushText()
            while !stack.isEmpty { close() }
            return root
        }

        func peek(_ offset: Int) -> Unicode.Scalar? { index + offset < input.count ? input[index + offset] : nil }
        func isLetter(_ scalar: Unicode.Scalar) -> Bool { (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") }

        mutating func append(_ node: Node) {
            if stack.isEmpty { root.append(node) } else { stack[stack.count - 1].2.append(node) }
        }

        mutating func flushText() {
            guard !text.isEmpty else { return }
            append(.text(text))
            text = ""
        }

        mutating func close() {
            let (tag, href, children) = stack.removeLast()
            append(.element(tag, href: href, children: children))
        }

        /// `&…;` decoded, or "&" itself when it is not a reference.
        mutating func reference() -> String {
            var end = index + 1
            var name = ""
            while end < input.count, end - index <= 10, input[end] != ";", input[end] != "&", input[end] != "<", !input[end].properties.isWhitespace {
                name.unicodeScalars.append(input[end])
                end += 1
            }
            guard end < input.count, input[end] == ";", !name.isEmpty else { index += 1; return "&" }
            var decoded: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                decoded = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else if name.hasPrefix("#") {
                decoded = UInt32(name.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init).map { String(Character($0)) }
            } else {
                decoded = RichText.named[name.lowercased()]
            }
            guard let decoded, decoded != "\u{0}" else { index += 1; return "&" }
            index = end + 1
            return decoded
        }

        /// A tag at `<`: comments and declarations skipped; an allowed tag opened or closed; the
        /// content of a dropped tag skipped; any other tag ignored.
        mutating func tag() {
            index += 1
            if input[index] == "!" || input[index] == "?" {
                if input[index] == "!", peek(1) == "-", peek(2) == "-" {
                    index += 3
                    while index < input.count, !(input[index] == "-" && peek(1) == "-" && peek(2) == ">") { index += 1 }
                    index = min(input.count, index + 3)
                } else {
                    while index < input.count, input[index] != ">" { index += 1 }
                    index = min(input.count, index + 1)
                }
                return
            }
            let closing = input[index] == "/"
            if closing { index += 1 }
            var name = ""
            while index < input.count, isLetter(input[index]) || (input[index] >= "0" && input[index] <= "9") {
                name.unicodeScalars.append(input[index])
                index += 1
            }
            name = name.lowercased()
            let attributes = readAttributes()
            if RichText.dropped.contains(name) {
                if !closing { skipContent(of: name) }
                return
            }
            guard let tag = Tag(rawValue: name) ?? RichText.aliases[name] else { return }
            if closing {
                guard let position = stack.lastIndex(where: { $0.0 == tag }) else { return }
                while stack.count > position { close() }
                return
            }
            if tag.isVoid {
                append(.element(tag, href: nil, children: []))
                return
            }
            if tag == .a {
                // A link inside a link is not allowed: the first one ends here.
                if let position = stack.lastIndex(where: { $0.0 == .a }) { while stack.count > position { close() } }
                let href = attributes["href"].flatMap(RichText.allowedHref)
                if href == nil { return }   // a link without an allowed target keeps its text only
                stack.append((.a, href, []))
                return
            }
            if tag == .p || tag == .li || tag == .h3 || tag == .h4 {
                // A block does not nest in a paragraph: close the open one.
                if let position = stack.lastIndex(where: { $0.0 == tag }), tag == .p || tag == .h3 || tag == .h4 { while stack.count > position { close() } }
            }
            stack.append((tag, nil, []))
        }

        /// Attributes up to `>`, names lowercased, values decoded.
        mutating func readAttributes() -> [String: String] {
            var attributes: [String: String] = [:]
            while index < input.count, input[index] != ">" {
                let scalar = input[index]
                if scalar.properties.isWhitespace || scalar == "/" { index += 1; continue }
                var name = ""
                while index < input.count, !input[index].properties.isWhitespace, input[index] != "=", input[index] != ">", input[index] != "/" {
                    name.unicodeScalars.append(input[index])
                    index += 1
                }
                while index < input.count, input[index].properties.isWhitespace { index += 1 }
                var value = ""
                if index < input.count, input[index] == "=" {
                    index += 1
                    while index < input.count, input[index].properties.isWhitespace { index += 1 }
                    if index < input.count, input[index] == "\"" || input[index] == "'" {
                        let quote = input[index]
                        index += 1
                        while index < input.count, input[index] != quote {
                            if input[index] == "&" { value += reference() } else { value.unicodeScalars.append(input[index]); index += 1 }
                        }
                        index = min(input.count, index + 1)
                    } else {
                        while index < input.count, !input[index].properties.isWhitespace, input[index] != ">" {
                            if input[index] == "&" { value += reference() } else { value.unicodeScalars.append(input[index]); index += 1 }
                        }
                    }
                }
                if !name.isEmpty, attributes[name.lowercased()] == nil { attributes[name.lowercased()] = value }
            }
            index = min(input.count, index + 1)
            return attributes
        }

        /// Past the closing tag of `name` (or to the end).
        mutating func skipContent(of name: String) {
            let target = Array(("</" + name).unicodeScalars)
            while index < input.count {
                if input[index] == "<", index + target.count <= input.count,
                   zip(target, input[index..<(index + target.count)]).allSatisfy({ String($0).lowercased() == String($1).lowercased() }) {
                    index += target.count
                    while index < input.count, input[index] != ">" { index += 1 }
                    index = min(input.count, index + 1)
                    return
                }
                index += 1
            }
        }
    }
}
