#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decoding text out of XML and escaping text into it.
enum XMLText {
    /// Decodes the bytes `base[start..<end]` of XML character data or an attribute value:
    /// the five predefined entities, decimal and hexadecimal character references, and line
    /// ends (CR LF and a lone CR become LF, as an XML parser does). With `excelEscapes`,
    /// Excel's `_xHHHH_` escapes (used for control characters such as `_x000D_`) are decoded too.
    static func decode(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, excelEscapes: Bool = false) -> String {
        var index = start
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "&") || byte == 0x0D || (excelEscapes && byte == UInt8(ascii: "_")) { break }
            index += 1
        }
        if index == end {
            return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(end - start)
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + start, count: index - start))
        while index < end {
            let byte = base[index]
            if byte == UInt8(ascii: "&") {
                if let (scalar, length) = entity(base, index, end) {
                    appendUTF8(scalar, to: &bytes)
                    index += length
                    continue
                }
            } else if byte == 0x0D {
                bytes.append(0x0A)
                index += (index + 1 < end && base[index + 1] == 0x0A) ? 2 : 1
                continue
            }
            bytes.append(byte)
            index += 1
        }
        if excelEscapes && bytes.contains(UInt8(ascii: "_")) {
            bytes = decodeExcelEscapes(bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The scalar named by the entity or character reference at `index` and its length in bytes.
    private static func entity(_ base: UnsafePointer<UInt8>, _ index: Int, _ end: Int) -> (UInt32, Int)? {
        var semicolon = index + 1
        while semicolon < end && semicolon - index <= 12 && base[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
        guard semicolon < end, base[semicolon] == UInt8(ascii: ";") else { return nil }
        let body = UnsafeBufferPointer(start: base + index + 1, count: semicolon - index - 1)
        let length = semicolon - index + 1
        if bodyIs(body, "amp") { return (0x26, length) }
        if bodyIs(body, "lt") { return (0x3C, length) }
        if bodyIs(body, "gt") { return (0x3E, length) }
        if bodyIs(body, "quot") { return (0x22, length) }
        if bodyIs(body, "apos") { return (0x27, length) }
        guard body.count >= 2, body[0] == UInt8(ascii: "#") else { return nil }
        let hex = body[1] == UInt8(ascii: "x") || body[1] == UInt8(ascii: "X")
        var value: UInt32 = 0
        for byte in body.dropFirst(hex ? 2 : 1) {
            guard let digit = hexDigit(byte), hex || digit < 10 else { return nil }
            value = value &* (hex ? 16 : 10) &+ UInt32(digit)
            if value > 0x10FFFF { return (0xFFFD, length) }
        }
        if body.count == (hex ? 2 : 1) { return nil }
        return (Unicode.Scalar(value) == nil ? 0xFFFD : value, length)
    }

    @inline(__always)
    private static func bodyIs(_ body: UnsafeBufferPointer<UInt8>, _ name: StaticString) -> Bool {
        body.count == name.utf8CodeUnitCount && memcmp(body.baseAddress!, name.utf8Start, body.count) == 0
    }

    /// Excel writes characters XML cannot hold as `_xHHHH_` (UTF-16 code units) and a literal
    /// `_x` that would look like one as `_x005F_x`.
    static func decodeExcelEscapes(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        var pendingHighSurrogate: UInt32?
        while index < bytes.count {
            if let unit = excelEscape(bytes, at: index) {
                index += 7
                if let high = pendingHighSurrogate {
                    pendingHighSurrogate = nil
                    if (0xDC00...0xDFFF).contains(unit) {
                        appendUTF8(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), to: &output)
                        continue
                    }
                    appendUTF8(0xFFFD, to: &output)
                }
                if (0xD800...0xDBFF).contains(unit) {
                    pendingHighSurrogate = unit
                } else {
                    appendUTF8((0xDC00...0xDFFF).contains(unit) ? 0xFFFD : unit, to: &output)
                }
                continue
            }
            if pendingHighSurrogate != nil { appendUTF8(0xFFFD, to: &output); pendingHighSurrogate = nil }
            output.append(bytes[index])
            index += 1
        }
        if pendingHighSurrogate != nil { appendUTF8(0xFFFD, to: &output) }
        return output
    }

    /// The UTF-16 code unit of an `_xHHHH_` escape starting at `index`.
    @inline(__always)
    static func excelEscape(_ bytes: [UInt8], at index: Int) -> UInt32? {
        guard index + 7 <= bytes.count, bytes[index] == UInt8(ascii: "_"), bytes[index + 1] == UInt8(ascii: "x"),
              bytes[index + 6] == UInt8(ascii: "_") else { return nil }
        var value: UInt32 = 0
        for offset in 2..<6 {
            guard let digit = hexDigit(bytes[index + offset]) else { return nil }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    @inline(__always)
    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        let scalar = Unicode.Scalar(scalar) ?? "\u{FFFD}"
        var value = scalar.value
        switch value {
        case 0..<0x80:
            bytes.append(UInt8(value))
        case 0x80..<0x800:
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | value >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | value >> 6 & 0x3F))
            value &= 0x3F
            bytes.append(UInt8(0x80 | value))
        }
    }

    // MARK: - Escaping

    /// Appends `text` escaped for XML character data (or, with `forAttribute`, for a
    /// double-quoted attribute value). Characters XML 1.0 cannot hold (controls other than tab
    /// and LF, U+FFFE, U+FFFF) are dropped; CR is written as `&#13;` so it survives parsing;
    /// an `_` that would start an `_xHHHH_` sequence is written as Excel's `_x005F_`.
    static func appendEscaped(_ text: String, to output: inout [UInt8], forAttribute: Bool = false) {
        var text = text
        text.withUTF8 { utf8 in
            var needsWork = false
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<")
                || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "_") || byte == 0xEF {
                needsWork = true
                break
            }
            if !needsWork {
                output.append(contentsOf: utf8)
                return
            }
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\"") where forAttribute: output.append(contentsOf: "&quot;".utf8)
                case 0x0D: output.append(contentsOf: "&#13;".utf8)
                case 0x0A where forAttribute: output.append(contentsOf: "&#10;".utf8)
                case 0x09 where forAttribute: output.append(contentsOf: "&#9;".utf8)
                case 0x09, 0x0A: output.append(byte)
                case 0..<0x20: break  // not allowed in XML 1.0
                case UInt8(ascii: "_") where looksLikeExcelEscape(utf8, index):
                    output.append(contentsOf: "_x005F_".utf8)
                case 0xEF where index + 2 < utf8.count && utf8[index + 1] == 0xBF && (utf8[index + 2] == 0xBE || utf8[index + 2] == 0xBF):
                    index += 3  // U+FFFE, U+FFFF
                    continue
                default: output.append(byte)
                }
                index += 1
            }
        }
    }

    private static func looksLikeExcelEscape(_ utf8: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index + 7 <= utf8.count, utf8[index + 1] == UInt8(ascii: "x"), utf8[index + 6] == UInt8(ascii: "_") else { return false }
        return (2..<6).allSatisfy { hexDigit(utf8[index + $0]) != nil }
    }
}
