/// Anything that can write itself into an `HTMLBuffer`.
public protocol HTML {
    func render(into buffer: inout HTMLBuffer)
}

extension HTML {
    /// Renders to a string (tests and small fragments; pages render into one buffer).
    public func renderedString() -> String {
        var buffer = HTMLBuffer(capacity: 1024)
        render(into: &buffer)
        return buffer.string
    }
}

/// Escaped text.
public struct Text: HTML {
    public let value: String
    public init(_ value: String) { self.value = value }
    public func render(into buffer: inout HTMLBuffer) { buffer.text(value) }
}

/// Trusted, unescaped markup. Takes only a `StaticString`, so it can carry
/// compile-time constants and never user data. Grep for `Unescaped(` to
/// review every use.
public struct Unescaped: HTML {
    public let markup: StaticString
    public init(_ markup: StaticString) { self.markup = markup }
    public func render(into buffer: inout HTMLBuffer) { buffer.raw(markup) }
}

/// Nothing.
public struct EmptyHTML: HTML {
    public init() {}
    public func render(into buffer: inout HTMLBuffer) {}
}

/// A sequence of children produced by the builder.
public struct Group<each Child: HTML>: HTML {
    public let children: (repeat each Child)
    public init(_ children: repeat each Child) { self.children = (repeat each children) }
    public func render(into buffer: inout HTMLBuffer) {
        for child in repeat each children { child.render(into: &buffer) }
    }
}

public enum Either<First: HTML, Second: HTML>: HTML {
    case first(First)
    case second(Second)
    public func render(into buffer: inout HTMLBuffer) {
        switch self {
        case .first(let html): html.render(into: &buffer)
        case .second(let html): html.render(into: &buffer)
        }
    }
}

extension Optional: HTML where Wrapped: HTML {
    public func render(into buffer: inout HTMLBuffer) { self?.render(into: &buffer) }
}

extension Array: HTML where Element: HTML {
    public func render(into buffer: inout HTMLBuffer) {
        for element in self { element.render(into: &buffer) }
    }
}

/// Type-erased HTML, for heterogeneous lists (menus, table cells).
public struct AnyHTML: HTML {
    private let renderer: (inout HTMLBuffer) -> Void
    public init<H: HTML>(_ html: H) { renderer = html.render(into:) }
    public func render(into buffer: inout HTMLBuffer) { renderer(&buffer) }
}

/// Loops with `ForEach(items) { item in ... }` inside a builder.
public struct ForEach<Data: Sequence, Content: HTML>: HTML {
    let data: Data
    let content: (Data.Element) -> Content
    public init(_ data: Data, @HTMLBuilder content: @escaping (Data.Element) -> Content) {
        self.data = data
        self.content = content
    }
    public func render(into buffer: inout HTMLBuffer) {
        for item in data { content(item).render(into: &buffer) }
    }
}

@resultBuilder
public enum HTMLBuilder {
    public static func buildExpression<H: HTML>(_ html: H) -> H { html }
    public static func buildExpression(_ text: String) -> Text { Text(text) }
    public static func buildExpression(_ number: Int) -> Text { Text(String(number)) }
    public static func buildBlock() -> EmptyHTML { EmptyHTML() }
    public static func buildBlock<H: HTML>(_ html: H) -> H { html }
    public static func buildBlock<each H: HTML>(_ html: repeat each H) -> Group<repeat each H> {
        Group(repeat each html)
    }
    public static func buildOptional<H: HTML>(_ html: H?) -> H? { html }
    public static func buildEither<A: HTML, B: HTML>(first: A) -> Either<A, B> { .first(first) }
    public static func buildEither<A: HTML, B: HTML>(second: B) -> Either<A, B> { .second(second) }
    public static func buildArray<H: HTML>(_ html: [H]) -> [H] { html }
    public static func buildLimitedAvailability<H: HTML>(_ html: H) -> AnyHTML { AnyHTML(html) }
}
