import JiuyeDomain

/// Rich text (a notice's body) drawn from its allow-listed tree (`RichText.parse`): every text
/// escaped, only the elements of `RichText.Tag`, a link with its checked `href` opening apart.
public struct RichTextView: HTML {
    let nodes: [RichText.Node]

    public init(_ nodes: [RichText.Node]) { self.nodes = nodes }

    public func render(into buffer: inout HTMLBuffer) {
        for node in nodes {
            switch node {
            case .text(let text): buffer.text(text)
            case .element(let tag, let href, let children):
                let content = RichTextView(children)
                switch tag {
                case .p: Element("p", [], content: content).render(into: &buffer)
                case .br: br().render(into: &buffer)
                case .strong: Element("strong", [], content: content).render(into: &buffer)
                case .em: Element("em", [], content: content).render(into: &buffer)
                case .u: Element("u", [], content: content).render(into: &buffer)
                case .ul: Element("ul", [], content: content).render(into: &buffer)
                case .ol: Element("ol", [], content: content).render(into: &buffer)
                case .li: Element("li", [], content: content).render(into: &buffer)
                case .h3: Element("h3", [], content: content).render(into: &buffer)
                case .h4: Element("h4", [], content: content).render(into: &buffer)
                case .blockquote: Element("blockquote", [], content: content).render(into: &buffer)
                case .a: Element("a", [.href(href ?? "#"), .rel("noopener noreferrer"), .init("target", "_blank")], content: content).render(into: &buffer)
                }
            }
        }
    }
}
