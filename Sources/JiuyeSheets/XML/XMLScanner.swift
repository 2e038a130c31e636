#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pull scanner over XML bytes, just enough for the parts of an .xlsx: start and end tags,
/// attributes, text and CDATA. Comments, processing instructions and the DOCTYPE are skipped;
/// no entity other than the five predefined ones and character references is ever expanded,
/// so entity-expansion bombs do nothing. Names are compared by local name, ignoring any
/// namespace prefix (`x:c` is `c`). Positions are offsets into `base`.
struct XMLScanner {
    enum Event {
        case startTag
        case endTag
        case text
        case end
    }

    let base: UnsafePointer<UInt8>
    let count: Int
    private(set) var position = 0

    /// Local name of the last tag (after any `prefix:`).
    private(set) var nameStart = 0
    private(set) var nameEnd = 0
    /// Attribute bytes of the last start tag.
    private(set) var attributesStart = 0
    private(set) var attributesEnd = 0
    private(set) var isSelfClosing = false
    /// Bytes of the last text event; CDATA content is taken literally.
    private(set) var textStart = 0
    private(set) var textEnd = 0
    private(set) var isCDATA = false
    /// Set when the input ended inside a tag, comment or CDATA section.
    private(set) var isTruncated = false

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have no base address; point at a static byte instead.
        base = buffer.baseAddress ?? XMLScanner.emptyBase
        count = buffer.count
    }

    nonisolated(unsafe) private static let emptyBase: UnsafePointer<UInt8> = {
        let pointer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return UnsafePointer(pointer)
    }()

    mutating func next() -> Event {
        while position < count {
            if base[position] != UInt8(ascii: "<") {
                textStart = position
                if let found = memchr(base + position, Int32(UInt8(ascii: "<")), count - position) {
                    position = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                } else {
                    position = count
                }
                textEnd = position
                isCDATA = false
                return .text
            }
            guard position + 1 < count else { isTruncated = true; position = count; return .end }
            switch base[position + 1] {
            case UInt8(ascii: "/"):
                scanName(from: position + 2)
                guard let close = find(UInt8(ascii: ">"), from: nameEnd) else { return truncate() }
                position = close + 1
                return .endTag
            case UInt8(ascii: "?"):
                guard let close = find("?>", from: position + 2) else { return truncate() }
                position = close + 2
            case UInt8(ascii: "!"):
                if hasPrefix("<!--", at: position) {
                    guard let close = find("-->", from: position + 4) else { return truncate() }
                    position = close + 3
                } else if hasPrefix("<![CDATA[", at: position) {
                    guard let close = find("]]>", from: position + 9) else { return truncate() }
                    textStart = position + 9
                    textEnd = close
                    isCDATA = true
                    position = close + 3
                    return .text
                } else {
                    guard skipDeclaration() else { return truncate() }
                }
            default:
                return scanStartTag()
            }
        }
        return .end
    }

    @inline(__always)
    func localNameIs(_ name: StaticString) -> Bool {
        let length = name.utf8CodeUnitCount
        guard nameEnd - nameStart == length else { return false }
        return memcmp(base + nameStart, name.utf8Start, length) == 0
    }

    /// Calls `body` with each attribute of the last start tag: the local name's bounds and the
    /// value's bounds (without quotes, entities not yet decoded).
    @inline(__always)
    func forEachAttribute(_ body: (_ nameStart: Int, _ nameEnd: Int, _ valueStart: Int, _ valueEnd: Int) -> Void) {
        var index = attributesStart
        while index < attributesEnd {
            while index < attributesEnd && isSpace(base[index]) { index += 1 }
            let start = index
            var localStart = index
            while index < attributesEnd && base[index] != UInt8(ascii: "=") && !isSpace(base[index]) {
                if base[index] == UInt8(ascii: ":") { localStart = index + 1 }
                index += 1
            }
            let end = index
            while index < attributesEnd && base[index] != UInt8(ascii: "=") { index += 1 }
            index += 1
            while index < attributesEnd && isSpace(base[index]) { index += 1 }
            guard index < attributesEnd, start < end else { return }
            let quote = base[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return }
            let valueStart = index + 1
            index = valueStart
            while index < attributesEnd && base[index] != quote { index += 1 }
            body(localStart, end, valueStart, index)
            index += 1
        }
    }

    /// The value bounds of the attribute with this local name in the last start tag.
    func attribute(_ name: StaticString) -> (start: Int, end: Int)? {
        var found: (Int, Int)?
        forEachAttribute { nameStart, nameEnd, valueStart, valueEnd in
            if found == nil && bytesEqual(nameStart, nameEnd, name) { found = (valueStart, valueEnd) }
        }
        return found
    }

    /// The decoded value of the attribute with this local name in the last start tag.
    func attributeString(_ name: StaticString) -> String? {
        guard let (start, end) = attribute(name) else { return nil }
        return XMLText.decode(base, start, end)
    }

    @inline(__always)
    func bytesEqual(_ start: Int, _ end: Int, _ literal: StaticString) -> Bool {
        let length = literal.utf8CodeUnitCount
        return end - start == length && memcmp(base + start, literal.utf8Start, length) == 0
    }

    // MARK: - Scanning

    private mutating func scanStartTag() -> Event {
        scanName(from: position + 1)
        attributesStart = nameEnd
        var index = nameEnd
        var quote: UInt8 = 0
        while index < count {
            let byte = base[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: ">") {
                break
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            }
            index += 1
        }
        guard index < count else { return truncate() }
        isSelfClosing = index > attributesStart && base[index - 1] == UInt8(ascii: "/")
        attributesEnd = isSelfClosing ? index - 1 : index
        position = index + 1
        return .startTag
    }

    @inline(__always)
    private mutating func scanName(from start: Int) {
        var index = start
        var localStart = start
        while index < count {
            let byte = base[index]
            if isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { break }
            if byte == UInt8(ascii: ":") { localStart = index + 1 }
            index += 1
        }
        nameStart = localStart
        nameEnd = index
    }

    /// Skips `<!DOCTYPE …>` including an internal subset in brackets.
    private mutating func skipDeclaration() -> Bool {
        var depth = 0
        var index = position + 2
        while index < count {
            switch base[index] {
            case UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "]"): depth -= 1
            case UInt8(ascii: ">") where depth <= 0:
                position = index + 1
                return true
            default: break
            }
            index += 1
        }
        return false
    }

    private mutating func truncate() -> Event {
        isTruncated = true
        position = count
        return .end
    }

    @inline(__always)
    private func find(_ byte: UInt8, from start: Int) -> Int? {
        guard start < count, let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }

    private func find(_ literal: StaticString, from start: Int) -> Int? {
        var index = start
        while let candidate = find(literal.utf8Start.pointee, from: index) {
            if hasPrefix(literal, at: candidate) { return candidate }
            index = candidate + 1
        }
        return nil
    }

    private func hasPrefix(_ literal: StaticString, at index: Int) -> Bool {
        let length = literal.utf8CodeUnitCount
        return index + length <= count && memcmp(base + index, literal.utf8Start, length) == 0
    }
}

@inline(__always)
func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
}
