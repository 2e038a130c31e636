/// The one output buffer a page renders into. Every string that reaches it
/// goes through `text(_:)`, which escapes it; only `raw(_:)` with a
/// `StaticString` (a compile-time constant) writes bytes unescaped.
public struct HTMLBuffer: Sendable {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 16_384) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes a compile-time constant as it is. Only the page layer calls this.
    /// (Not `@inlinable`: it mutates `bytes`, whose setter is private.)
    public mutating func raw(_ constant: StaticString) {
        constant.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Writes text or an attribute value, escaping `& < > " '`.
    /// The same escaping serves both contexts, so a value can never end an
    /// attribute or open a tag wherever it lands.
    public mutating func text(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let replacement: StaticString
                switch utf8[index] {
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                if index > start { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
                raw(replacement)
                start = index + 1
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
    }

    /// Writes an integer in decimal (no escaping needed).
    public mutating func integer(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// A part of a page rendered ahead (by the page layer, so escaped like any other), kept as its
/// bytes: a `Sendable` value a module can hand to a page of the platform.
public struct RenderedHTML: HTML, Sendable {
    fileprivate let bytes: [UInt8]

    public init<H: HTML>(_ html: H) {
        var buffer = HTMLBuffer(capacity: 2_048)
        html.render(into: &buffer)
        bytes = buffer.bytes
    }

    public func render(into buffer: inout HTMLBuffer) { buffer.append(rendered: bytes) }
}

extension HTMLBuffer {
    fileprivate mutating func append(rendered: [UInt8]) { bytes.append(contentsOf: rendered) }
}
