/// Writes CSV row by row for download, handing out the bytes ready so far with `takeOutput()`.
///
/// Records end with CR LF. A field is quoted when it holds the delimiter, a quote, CR or LF,
/// or begins or ends with a space. Text beginning with `=`, `+`, `-`, `@`, tab or CR gets a
/// leading `'` unless `neutralizesFormulas` is false (OWASP's CSV-injection guidance), so a
/// cell can never run as a formula when the file is opened in Excel or WPS. Numbers are
/// written as Excel's General format shows them, dates as `YYYY-MM-DD`.
///
/// `.utf8WithBOM` (the default) opens correctly in Excel on Windows and everywhere else;
/// `.gb18030` suits old Chinese Excel versions that ignore the BOM. `.utf8` writes no BOM.
public final class CSVWriter {
    public let encoding: TextEncoding
    private let neutralizesFormulas: Bool
    private let delimiter: UInt8
    private let converter: Iconv?
    private var output: [UInt8] = []
    /// Rows written so far.
    public private(set) var rowCount = 0

    public init(encoding: TextEncoding = .utf8WithBOM, neutralizesFormulas: Bool = true,
                delimiter: UInt8 = UInt8(ascii: ",")) {
        self.encoding = encoding
        self.neutralizesFormulas = neutralizesFormulas
        self.delimiter = delimiter
        // glibc always has GB18030; should iconv be missing, fall back to UTF-8 with a BOM.
        converter = encoding == .gb18030 ? try? Iconv(from: "UTF-8", to: "GB18030") : nil
        if encoding == .utf8WithBOM || (encoding == .gb18030 && converter == nil) {
            output.append(contentsOf: TextEncoding.byteOrderMark)
        }
    }

    /// Bytes produced and not yet taken.
    public var pendingByteCount: Int { output.count }

    /// Hands out the bytes produced since the last call.
    public func takeOutput() -> [UInt8] {
        let taken = output
        output.removeAll(keepingCapacity: true)
        return taken
    }

    /// Appends one record.
    public func appendRow(_ cells: [Cell]) {
        var line: [UInt8] = []
        line.reserveCapacity(cells.count * 12)
        for (index, cell) in cells.enumerated() {
            if index > 0 { line.append(delimiter) }
            appendField(cell, to: &line)
        }
        line.append(0x0D)
        line.append(0x0A)
        if let converter {
            // GB18030 encodes all of Unicode; "?" only guards against a broken iconv.
            output.append(contentsOf: converter.convert(line, substitution: [UInt8(ascii: "?")]) ?? line)
        } else {
            output.append(contentsOf: line)
        }
        rowCount += 1
    }

    /// Nothing is buffered beyond `takeOutput()`; present so both writers end the same way.
    public func finish() {}

    private func appendField(_ cell: Cell, to line: inout [UInt8]) {
        switch cell {
        case .empty:
            return
        case .text(let text):
            appendText(neutralizesFormulas ? Sheets.neutralizingFormula(text) : text, to: &line)
        case .integer(let value):
            line.append(contentsOf: String(value).utf8)
        case .number(let value):
            line.append(contentsOf: NumberText.display(value).utf8)
        case .date(let date):
            line.append(contentsOf: date.description.utf8)
        }
    }

    private func appendText(_ text: String, to line: inout [UInt8]) {
        let utf8 = text.utf8
        let needsQuotes = utf8.contains { $0 == delimiter || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
            || utf8.first == UInt8(ascii: " ") || utf8.last == UInt8(ascii: " ")
        guard needsQuotes else {
            line.append(contentsOf: utf8)
            return
        }
        line.append(UInt8(ascii: "\""))
        for byte in utf8 {
            line.append(byte)
            if byte == UInt8(ascii: "\"") { line.append(byte) }
        }
        line.append(UInt8(ascii: "\""))
    }
}
