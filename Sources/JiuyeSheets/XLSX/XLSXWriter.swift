/// Writes an .xlsx workbook row by row with memory bounded by the rows in flight, not the
/// rows written: each sheet's XML is deflated into the zip as it is produced, and the bytes
/// ready so far are handed out by `takeOutput()`. Push them into the HTTP body every few
/// hundred rows and the writer never holds more than some tens of kilobytes.
///
/// ```swift
/// let writer = XLSXWriter()
/// writer.beginSheet(name: "毕业生", columns: ["学号", XLSXWriter.Column("姓名", width: 12)])
/// writer.appendRow(["20251001", "张明"])
/// try writer.finish()
/// body.write(writer.takeOutput())
/// ```
///
/// Text is written as inline strings (no shared-string table to keep in memory), escaped for
/// XML, with characters XML cannot hold dropped. Unless `neutralizesFormulas` is false, text
/// beginning with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` so that it can never turn
/// into a formula, even after the sheet is saved as CSV (OWASP's CSV-injection guidance).
/// The header row is bold and frozen. A sheet that reaches Excel's 1,048,576 rows
/// continues on a new sheet with the same columns, named "name (2)".
public final class XLSXWriter {
    /// A column: its title in the header row and its width in characters (estimated from the
    /// title when nil; a Chinese character counts as two).
    public struct Column: Hashable, Sendable, ExpressibleByStringLiteral {
        public var title: String
        public var width: Double?

        public init(_ title: String, width: Double? = nil) {
            self.title = title
            self.width = width
        }

        public init(stringLiteral value: String) { self.init(value) }
    }

    struct SheetEntry {
        var name: String
        var path: String
    }

    private let zip: ZipStreamWriter
    private let neutralizesFormulas: Bool
    private var sheets: [SheetEntry] = []
    private var currentColumns: [Column] = []
    private var currentBaseName = ""
    private var continuation = 1
    private var sheetOpen = false
    private var finished = false
    /// Sheet XML not yet handed to deflate; flushed at `flushThreshold`.
    private var xml: [UInt8] = []
    private var columnLetters: [[UInt8]] = []
    /// Drop-down lists of the current sheet, written when it closes.
    private var validations: [XLSXDataValidation] = []
    /// Rows written on the current sheet, header included.
    public private(set) var rowCount = 0

    private static let flushThreshold = 32 * 1024

    /// - Parameters:
    ///   - compressionLevel: zlib level 0–9. 6, the default, makes files about as small as
    ///     Excel's; 1 takes about half the time for files about a quarter larger.
    ///   - neutralizesFormulas: prefix text that looks like a formula with `'` (default true).
    public init(compressionLevel: Int = 6, neutralizesFormulas: Bool = true) {
        zip = ZipStreamWriter(compressionLevel: compressionLevel)
        self.neutralizesFormulas = neutralizesFormulas
        xml.reserveCapacity(Self.flushThreshold + 4096)
    }

    /// Bytes produced and not yet taken: deflated output plus sheet XML waiting to be deflated.
    public var pendingByteCount: Int { zip.output.count + xml.count }

    /// Hands out the bytes of the file produced since the last call. After `finish()` the
    /// last call returns the rest of the file.
    public func takeOutput() -> [UInt8] {
        zip.takeOutput()
    }

    /// Starts a new sheet, ending the previous one. `name` is made acceptable to Excel
    /// (at most 31 characters, none of `[]:*?/\`, unique). When `columns` is not empty,
    /// their titles form a bold, frozen header row.
    public func beginSheet(name: String, columns: [Column] = []) {
        guard !finished else { return }
        currentBaseName = name
        currentColumns = columns
        continuation = 1
        openSheet(named: name)
    }

    /// Appends one row to the current sheet (to a sheet named "Sheet1" if none was begun).
    /// `.empty` cells leave gaps; cells past column XFD are dropped.
    public func appendRow(_ cells: [Cell]) {
        guard !finished else { return }
        if !sheetOpen { beginSheet(name: "Sheet1") }
        if rowCount >= Sheets.maxRowsPerSheet {
            continuation += 1
            openSheet(named: currentBaseName + " (\(continuation))")
        }
        writeRow(cells, style: nil)
    }

    /// Adds a drop-down list (`<dataValidation>`) to the current sheet; it is written when the
    /// sheet ends, and applies to that sheet only (not to a continuation sheet).
    public func addDataValidation(_ validation: XLSXDataValidation) {
        guard !finished else { return }
        if !sheetOpen { beginSheet(name: "Sheet1") }
        validations.append(validation)
    }

    /// Ends the last sheet and writes the workbook parts and the zip directory. Take the
    /// remaining bytes with `takeOutput()` afterwards. Throws `SheetsError.outputTooLarge`
    /// when the file passed 4 GiB (the output is then unusable).
    public func finish() throws {
        guard !finished else { return }
        if sheets.isEmpty { beginSheet(name: "Sheet1") }
        closeSheet()
        finished = true
        writePart("[Content_Types].xml", XLSXParts.contentTypes(sheetCount: sheets.count))
        writePart("_rels/.rels", XLSXParts.rootRelationships)
        writePart("xl/workbook.xml", XLSXParts.workbook(sheetNames: sheets.map(\.name)))
        writePart("xl/_rels/workbook.xml.rels", XLSXParts.workbookRelationships(sheetCount: sheets.count))
        writePart("xl/styles.xml", XLSXParts.styles)
        zip.finish()
        if zip.exceededZip32 { throw SheetsError.outputTooLarge }
    }

    // MARK: - Sheets

    private func openSheet(named requested: String) {
        closeSheet()
        let name = XLSXParts.sheetName(requested, index: sheets.count + 1, taken: sheets.map(\.name))
        let path = "xl/worksheets/sheet\(sheets.count + 1).xml"
        sheets.append(SheetEntry(name: name, path: path))
        zip.beginEntry(path)
        sheetOpen = true
        rowCount = 0
        validations = []
        xml.append(contentsOf: XLSXParts.worksheetStart(columns: currentColumns, isFirstSheet: sheets.count == 1))
        if !currentColumns.isEmpty {
            writeRow(currentColumns.map { .text($0.title) }, style: XLSXParts.headerStyle)
        }
    }

    private func closeSheet() {
        guard sheetOpen else { return }
        if validations.isEmpty {
            xml.append(contentsOf: XLSXParts.worksheetEnd)
        } else {
            // <dataValidations> follows </sheetData> (CT_Worksheet's order).
            xml.append(contentsOf: Array("</sheetData>".utf8))
            xml.append(contentsOf: Array(XLSXDataValidation.element(validations).utf8))
            xml.append(contentsOf: Array("</worksheet>".utf8))
            validations = []
        }
        flushXML()
        zip.endEntry()
        sheetOpen = false
    }

    private func writePart(_ path: String, _ content: String) {
        zip.beginEntry(path)
        zip.write(content)
        zip.endEntry()
    }

    private func flushXML() {
        zip.write(xml)
        xml.removeAll(keepingCapacity: true)
    }

    // MARK: - Rows

    private func writeRow(_ cells: [Cell], style: UInt8?) {
        rowCount += 1
        let columns = min(cells.count, Sheets.maxColumnsPerSheet)
        while columnLetters.count < columns { columnLetters.append(XLSXParts.columnLetters(columnLetters.count)) }
        // Work on a local buffer: appending to a stored property pays for an exclusivity check each time.
        var buffer: [UInt8] = []
        swap(&buffer, &xml)
        let encoder = RowEncoder(rowDigits: Array(String(rowCount).utf8), style: style,
                                 neutralizesFormulas: neutralizesFormulas)
        buffer.append(contentsOf: Tags.rowOpen)
        buffer.append(contentsOf: encoder.rowDigits)
        buffer.append(contentsOf: Tags.closeQuoteAngle)
        columnLetters.withUnsafeBufferPointer { letters in
            for index in 0..<columns {
                encoder.write(cells[index], letters: letters[index], into: &buffer)
            }
        }
        buffer.append(contentsOf: Tags.rowClose)
        swap(&buffer, &xml)
        if xml.count >= Self.flushThreshold { flushXML() }
    }

    /// Turns the cells of one row into XML.
    private struct RowEncoder {
        let rowDigits: [UInt8]
        let style: UInt8?
        let neutralizesFormulas: Bool

        func write(_ cell: Cell, letters: [UInt8], into xml: inout [UInt8]) {
            switch cell {
            case .empty:
                return
            case .text(let text):
                guard !text.isEmpty else { return }
                writeText(neutralizesFormulas ? Sheets.neutralizingFormula(text) : text, letters: letters, into: &xml)
            case .integer(let value):
                openCell(letters, style: style, into: &xml)
                xml.append(contentsOf: Tags.valueOpen)
                appendDecimal(value, to: &xml)
                xml.append(contentsOf: Tags.valueClose)
            case .number(let value):
                if value.isFinite {
                    writeNumber(NumberText.exact(value), letters: letters, style: style, into: &xml)
                } else {
                    openCell(letters, style: nil, into: &xml)
                    xml.append(contentsOf: Tags.errorCell)
                }
            case .date(let date):
                if let serial = date.excelSerial() {
                    let dateStyle = date.hasTime ? XLSXParts.dateTimeStyle : XLSXParts.dateStyle
                    if date.hasTime {
                        writeNumber(NumberText.exact(serial), letters: letters, style: dateStyle, into: &xml)
                    } else {
                        openCell(letters, style: dateStyle, into: &xml)
                        xml.append(contentsOf: Tags.valueOpen)
                        appendDecimal(Int(serial), to: &xml)
                        xml.append(contentsOf: Tags.valueClose)
                    }
                } else {
                    writeText(date.description, letters: letters, into: &xml)
                }
            }
        }

        @inline(__always)
        private func openCell(_ letters: [UInt8], style: UInt8?, into xml: inout [UInt8]) {
            xml.append(contentsOf: Tags.cellOpen)
            xml.append(contentsOf: letters)
            xml.append(contentsOf: rowDigits)
            xml.append(UInt8(ascii: "\""))
            if let style {
                xml.append(contentsOf: Tags.styleAttribute)
                xml.append(UInt8(ascii: "0") + style)
                xml.append(UInt8(ascii: "\""))
            }
        }

        private func writeNumber(_ digits: String, letters: [UInt8], style: UInt8?, into xml: inout [UInt8]) {
            openCell(letters, style: style, into: &xml)
            xml.append(contentsOf: Tags.valueOpen)
            xml.append(contentsOf: digits.utf8)
            xml.append(contentsOf: Tags.valueClose)
        }

        private func writeText(_ text: String, letters: [UInt8], into xml: inout [UInt8]) {
            openCell(letters, style: style, into: &xml)
            let utf8 = text.utf8
            if let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) {
                xml.append(contentsOf: Tags.inlineOpenPreserving)
            } else {
                xml.append(contentsOf: Tags.inlineOpen)
            }
            XMLText.appendEscaped(text, to: &xml)
            xml.append(contentsOf: Tags.inlineClose)
        }

        /// Appends the decimal digits of `value` without making a String.
        @inline(__always)
        private func appendDecimal(_ value: Int, to xml: inout [UInt8]) {
            if value < 0 {
                xml.append(UInt8(ascii: "-"))
                if value == Int.min { xml.append(contentsOf: String(value).utf8.dropFirst()); return }
            }
            var magnitude = value.magnitude
            var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, enough for 20 digits
            var count = 0
            withUnsafeMutableBytes(of: &digits) { raw in
                repeat {
                    raw[23 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                    magnitude /= 10
                    count += 1
                } while magnitude > 0
                xml.append(contentsOf: raw[(24 - count)...])
            }
        }
    }

    /// Byte strings of the sheet XML, made once.
    private enum Tags {
        static let rowOpen = Array("<row r=\"".utf8)
        static let closeQuoteAngle = Array("\">".utf8)
        static let rowClose = Array("</row>".utf8)
        static let cellOpen = Array("<c r=\"".utf8)
        static let styleAttribute = Array(" s=\"".utf8)
        static let valueOpen = Array("><v>".utf8)
        static let valueClose = Array("</v></c>".utf8)
        static let errorCell = Array(" t=\"e\"><v>#NUM!</v></c>".utf8)
        static let inlineOpen = Array(" t=\"inlineStr\"><is><t>".utf8)
        static let inlineOpenPreserving = Array(" t=\"inlineStr\"><is><t xml:space=\"preserve\">".utf8)
        static let inlineClose = Array("</t></is></c>".utf8)
    }
}
