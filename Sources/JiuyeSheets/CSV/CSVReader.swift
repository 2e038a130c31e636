/// Reads a CSV file as RFC 4180 describes it, in whichever encoding Excel or WPS saved it.
///
/// The encoding is detected (see `TextEncoding.decode(_:)`) and reported in `encoding`, so an
/// import can tell the user that a GB18030 file was understood. Fields may be quoted with `"`,
/// a doubled `""` inside quotes is one quote, and quoted fields may hold the delimiter and
/// line breaks. Records end at CR LF, LF or a lone CR. A blank line is a row with no fields;
/// a final line break does not make a row.
public struct CSVReader: Sendable {
    /// The encoding the bytes were in.
    public let encoding: TextEncoding
    /// The records, each a list of fields.
    public let rows: [[String]]

    /// - Parameter delimiter: the field separator, `,` unless the file uses tabs or `;`.
    public init(bytes: [UInt8], delimiter: UInt8 = UInt8(ascii: ",")) throws {
        let (text, encoding) = try TextEncoding.decode(bytes)
        self.encoding = encoding
        rows = try Self.parse(text, delimiter: delimiter)
    }

    /// Opens the CSV file at `path`.
    public init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws {
        try self.init(bytes: try FileBytes.read(path), delimiter: delimiter)
    }

    /// The records of already decoded text.
    public static func parse(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) throws -> [[String]] {
        var text = text
        return try text.withUTF8 { try parse(utf8: $0, delimiter: delimiter) }
    }

    private static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8) throws -> [[String]] {
        let quote = UInt8(ascii: "\"")
        let cr: UInt8 = 0x0D
        let lf: UInt8 = 0x0A
        var rows: [[String]] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var index = 0
        let count = bytes.count
        var lineIsEmpty = true

        func endRecord() {
            if lineIsEmpty && fields.isEmpty && field.isEmpty {
                rows.append([])
            } else {
                fields.append(String(decoding: field, as: UTF8.self))
                rows.append(fields)
            }
            fields = []
            field.removeAll(keepingCapacity: true)
            lineIsEmpty = true
        }

        while index < count {
            let byte = bytes[index]
            if byte == quote && field.isEmpty {
                // A quoted field: up to the quote that is not doubled.
                lineIsEmpty = false
                let record = rows.count + 1
                index += 1
                var closed = false
                while index < count {
                    let inner = bytes[index]
                    if inner == quote {
                        if index + 1 < count && bytes[index + 1] == quote {
                            field.append(quote)
                            index += 2
                            continue
                        }
                        index += 1
                        closed = true
                        break
                    }
                    field.append(inner)
                    index += 1
                }
                guard closed else { throw SheetsError.unterminatedQuote(record: record) }
                // Anything between the closing quote and the delimiter is kept, as Excel does.
                continue
            }
            switch byte {
            case delimiter:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                lineIsEmpty = false
                index += 1
            case cr, lf:
                endRecord()
                index += (byte == cr && index + 1 < count && bytes[index + 1] == lf) ? 2 : 1
            default:
                field.append(byte)
                lineIsEmpty = false
                index += 1
            }
        }
        if !lineIsEmpty || !fields.isEmpty || !field.isEmpty { endRecord() }
        return rows
    }
}
