/// `<tag attributes>content</tag>`.
public struct Element<Content: HTML>: HTML {
    public let tag: StaticString
    public let attributes: [Attribute]
    public let content: Content

    public init(_ tag: StaticString, _ attributes: [Attribute], content: Content) {
        self.tag = tag
        self.attributes = attributes
        self.content = content
    }

    public func render(into buffer: inout HTMLBuffer) {
        buffer.raw("<")
        buffer.raw(tag)
        for attribute in attributes { attribute.render(into: &buffer) }
        buffer.raw(">")
        content.render(into: &buffer)
        buffer.raw("</")
        buffer.raw(tag)
        buffer.raw(">")
    }
}

/// `<tag attributes>` with no content and no closing tag.
public struct VoidElement: HTML {
    public let tag: StaticString
    public let attributes: [Attribute]
    public init(_ tag: StaticString, _ attributes: [Attribute]) {
        self.tag = tag
        self.attributes = attributes
    }
    public func render(into buffer: inout HTMLBuffer) {
        buffer.raw("<")
        buffer.raw(tag)
        for attribute in attributes { attribute.render(into: &buffer) }
        buffer.raw(">")
    }
}
