#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The encodings CSV files come in here: UTF-8 (with or without the byte-order mark Excel
/// writes for "CSV UTF-8") and GB18030, the superset of GBK and GB2312 that Chinese Excel
/// and WPS use for plain "CSV".
public enum TextEncoding: String, Hashable, Sendable {
    case utf8
    case utf8WithBOM
    case gb18030

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Decodes `bytes`: a UTF-8 byte-order mark is dropped; valid UTF-8 is taken as it is
    /// (plain ASCII is reported as `.utf8`); anything else is decoded as GB18030.
    /// Throws `SheetsError.undecodableText` when it is not valid GB18030 either.
    public static func decode(_ bytes: [UInt8]) throws -> (text: String, encoding: TextEncoding) {
        if bytes.starts(with: byteOrderMark) {
            let body = bytes.dropFirst(3)
            if let text = String(validating: body, as: UTF8.self) { return (text, .utf8WithBOM) }
            // A BOM over invalid UTF-8: keep what can be read rather than guess.
            return (String(decoding: body, as: UTF8.self), .utf8WithBOM)
        }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        guard let utf8 = try Iconv(from: "GB18030", to: "UTF-8").convert(bytes, substitution: nil) else {
            throw SheetsError.undecodableText
        }
        return (String(decoding: utf8, as: UTF8.self), .gb18030)
    }
}

/// A conversion between two encodings by the C library's iconv (glibc ships GB18030).
final class Iconv {
    private let descriptor: iconv_t

    init(from source: String, to target: String) throws {
        let opened = iconv_open(target, source)
        guard let opened, Int(bitPattern: opened) != -1 else { throw SheetsError.undecodableText }
        descriptor = opened
    }

    deinit {
        iconv_close(descriptor)
    }

    /// Converts all of `input`. A sequence the source cannot read or the target cannot hold
    /// is replaced by `substitution` (skipping one UTF-8 character when the source is UTF-8,
    /// one byte otherwise); with no substitution such input makes the result nil.
    func convert<Bytes: Collection>(_ input: Bytes, substitution: [UInt8]?) -> [UInt8]? where Bytes.Element == UInt8 {
        var source = Array(input)
        var output = [UInt8](repeating: 0, count: source.count * 2 + 16)
        var produced = 0
        let ok: Bool = source.withUnsafeMutableBufferPointer { sourceBuffer in
            var inPointer = UnsafeMutableRawPointer(sourceBuffer.baseAddress)?.assumingMemoryBound(to: CChar.self)
            var inLeft = sourceBuffer.count
            // Reset the shift state.
            iconv(descriptor, nil, nil, nil, nil)
            while inLeft > 0 {
                let (status, code) = output.withUnsafeMutableBufferPointer { outBuffer -> (Int, Int32) in
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress! + produced).assumingMemoryBound(to: CChar.self)
                    var outLeft = outBuffer.count - produced
                    let status = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    let code = errno
                    produced = outBuffer.count - outLeft
                    return (status, code)
                }
                if status != -1 { continue }
                switch code {
                case E2BIG:
                    output.append(contentsOf: repeatElement(0, count: max(64, output.count / 2)))
                case EILSEQ, EINVAL:
                    guard let substitution, let pointer = inPointer else { return false }
                    let skip = min(inLeft, Self.sequenceLength(UInt8(bitPattern: pointer.pointee)))
                    inPointer = pointer + skip
                    inLeft -= skip
                    if output.count - produced < substitution.count {
                        output.append(contentsOf: repeatElement(0, count: substitution.count + 64))
                    }
                    for byte in substitution { output[produced] = byte; produced += 1 }
                default:
                    return false
                }
            }
            return true
        }
        guard ok else { return nil }
        output.removeSubrange(produced...)
        return output
    }

    /// The length of the UTF-8 sequence a lead byte starts (1 for anything else).
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 1
        }
    }
}
