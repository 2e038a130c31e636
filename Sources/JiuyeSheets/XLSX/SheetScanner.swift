/// Reads the rows of one worksheet's XML in a single pass over its bytes. The XML may come
/// in segments (as it is inflated): `scan` reads the complete rows of a segment, stopping
/// before the last row that begins in it, and says how many bytes it used; the caller keeps
/// the rest and appends more.
struct SheetScanner {
    let sharedStrings: [String]
    let dateStyles: [Bool]
    let uses1904: Bool
    let partName: String
    /// The number of the last row read, for rows without an `r` attribute.
    private var rowNumber = 0

    init(sharedStrings: [String], dateStyles: [Bool], uses1904: Bool, partName: String) {
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        self.uses1904 = uses1904
        self.partName = partName
    }

    private enum CellType {
        case number, sharedString, inlineString, formulaString, boolean, error, isoDate
    }

    /// What the text inside the current element is captured for.
    private enum Capture {
        case none, value, inlineText
    }

    /// Reads all of `xml` at once.
    mutating func forEachRow(_ xml: [UInt8], _ body: (SheetRow) throws -> Void) throws {
        _ = try xml.withUnsafeBufferPointer { try scan($0, isFinal: true, body) }
    }

    /// Reads the rows of `segment` that end in it and returns the bytes used. Unless
    /// `isFinal`, it stops where the last row of the segment begins (or, with no row, at the
    /// last tag), so that no tag or row is cut; 0 means the segment holds less than one row.
    mutating func scan(_ segment: UnsafeBufferPointer<UInt8>, isFinal: Bool, _ body: (SheetRow) throws -> Void) throws -> Int {
        let usable = isFinal ? segment.count : Self.cutPoint(segment)
        guard usable > 0 else { return 0 }
        try scanRows(UnsafeBufferPointer(rebasing: segment[0..<usable]), body)
        return usable
    }

    /// The start of the last `<row` (any prefix) in `segment`, or of its last tag when no
    /// row begins in it.
    static func cutPoint(_ segment: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = segment.baseAddress else { return 0 }
        var start = segment.count
        var lastTag = -1
        while start > 0 {
            start -= 1
            guard base[start] == UInt8(ascii: "<") else { continue }
            if lastTag < 0 { lastTag = start }
            // The local name of the tag starting here.
            var index = start + 1
            var localStart = index
            while index < segment.count {
                let byte = base[index]
                if isSpace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") { break }
                if byte == UInt8(ascii: ":") { localStart = index + 1 }
                index += 1
            }
            if index - localStart == 3 && base[localStart] == UInt8(ascii: "r") && base[localStart + 1] == UInt8(ascii: "o")
                && base[localStart + 2] == UInt8(ascii: "w") && base[start + 1] != UInt8(ascii: "/") && index < segment.count {
                return start
            }
        }
        return max(0, lastTag)
    }

    private mutating func scanRows(_ buffer: UnsafeBufferPointer<UInt8>, _ body: (SheetRow) throws -> Void) throws {
        do {
            var scanner = XMLScanner(buffer)
            var cells: [CellValue] = []
            var inRow = false

            var cellColumn = 0
            var nextColumn = 0
            var cellType = CellType.number
            var cellIsDate = false
            var inCell = false
            var capture = Capture.none
            var phoneticDepth = 0
            // The value text: usually one range of bytes, concatenated decoded text otherwise.
            var valueStart = -1
            var valueEnd = -1
            var valueIsCDATA = false
            var valuePieces: String?
            var inlineText = ""
            var hasInline = false

            func place(_ value: CellValue, at column: Int) {
                if column == cells.count {
                    cells.append(value)
                } else if column > cells.count {
                    cells.append(contentsOf: repeatElement(.empty, count: column - cells.count))
                    cells.append(value)
                } else {
                    cells[column] = value
                }
            }

            loop: while true {
                switch scanner.next() {
                case .startTag:
                    let length = scanner.nameEnd - scanner.nameStart
                    let first = scanner.base[scanner.nameStart]
                    if length == 1 && first == UInt8(ascii: "c") {
                        cellColumn = nextColumn
                        cellType = .number
                        cellIsDate = false
                        var failure: SheetsError?
                        scanner.forEachAttribute { nameStart, nameEnd, valueStart, valueEnd in
                            guard nameEnd - nameStart == 1 else { return }
                            switch scanner.base[nameStart] {
                            case UInt8(ascii: "r"):
                                if let column = Self.column(scanner.base, valueStart, valueEnd) {
                                    cellColumn = column
                                } else {
                                    failure = .malformedXML(part: partName)
                                }
                            case UInt8(ascii: "t"):
                                cellType = Self.cellType(scanner, valueStart, valueEnd)
                            case UInt8(ascii: "s"):
                                if let style = Self.integer(scanner.base, valueStart, valueEnd),
                                   style < dateStyles.count {
                                    cellIsDate = dateStyles[style]
                                }
                            default:
                                break
                            }
                        }
                        if let failure { throw failure }
                        nextColumn = cellColumn + 1
                        if scanner.isSelfClosing {
                            place(.empty, at: cellColumn)
                        } else {
                            inCell = true
                            valueStart = -1
                            valuePieces = nil
                            hasInline = false
                            inlineText = ""
                        }
                    } else if length == 1 && first == UInt8(ascii: "v") {
                        if inCell && !scanner.isSelfClosing { capture = .value }
                    } else if length == 1 && first == UInt8(ascii: "t") {
                        if inCell && hasInline && phoneticDepth == 0 && !scanner.isSelfClosing { capture = .inlineText }
                    } else if scanner.localNameIs("is") {
                        if inCell { hasInline = true }
                    } else if scanner.localNameIs("rPh") {
                        if !scanner.isSelfClosing { phoneticDepth += 1 }
                    } else if scanner.localNameIs("row") {
                        inRow = true
                        cells.removeAll(keepingCapacity: true)
                        nextColumn = 0
                        if let (start, end) = scanner.attribute("r"), let number = Self.integer(scanner.base, start, end), number > 0 {
                            rowNumber = number
                        } else {
                            rowNumber += 1
                        }
                        if scanner.isSelfClosing {
                            inRow = false
                            try body(SheetRow(number: rowNumber, cells: []))
                        }
                    }
                case .endTag:
                    let length = scanner.nameEnd - scanner.nameStart
                    let first = scanner.base[scanner.nameStart]
                    if length == 1 && first == UInt8(ascii: "c") {
                        guard inCell else { continue loop }
                        inCell = false
                        place(finishCell(type: cellType, isDate: cellIsDate, base: scanner.base,
                                         valueStart: valueStart, valueEnd: valueEnd, valueIsCDATA: valueIsCDATA,
                                         valuePieces: valuePieces, inlineText: hasInline ? inlineText : nil),
                              at: cellColumn)
                    } else if length == 1 && (first == UInt8(ascii: "v") || first == UInt8(ascii: "t")) {
                        capture = .none
                    } else if scanner.localNameIs("rPh") {
                        phoneticDepth = max(0, phoneticDepth - 1)
                    } else if scanner.localNameIs("row") {
                        guard inRow else { continue loop }
                        inRow = false
                        try body(SheetRow(number: rowNumber, cells: cells))
                    }
                case .text:
                    switch capture {
                    case .none:
                        break
                    case .value:
                        if valueStart < 0 && valuePieces == nil {
                            valueStart = scanner.textStart
                            valueEnd = scanner.textEnd
                            valueIsCDATA = scanner.isCDATA
                        } else {
                            var pieces = valuePieces ?? Self.text(scanner.base, valueStart, valueEnd, cdata: valueIsCDATA)
                            pieces += Self.text(scanner.base, scanner.textStart, scanner.textEnd, cdata: scanner.isCDATA)
                            valuePieces = pieces
                            valueStart = -1
                        }
                    case .inlineText:
                        inlineText += Self.text(scanner.base, scanner.textStart, scanner.textEnd, cdata: scanner.isCDATA)
                    }
                case .end:
                    break loop
                }
            }
            if scanner.isTruncated { throw SheetsError.malformedXML(part: partName) }
        }
    }

    // MARK: - Cells

    private func finishCell(type: CellType, isDate: Bool, base: UnsafePointer<UInt8>, valueStart: Int, valueEnd: Int,
                            valueIsCDATA: Bool, valuePieces: String?, inlineText: String?) -> CellValue {
        let hasValue = valueStart >= 0 || valuePieces != nil
        func valueText() -> String {
            valuePieces ?? Self.text(base, valueStart, valueEnd, cdata: valueIsCDATA)
        }
        switch type {
        case .number:
            guard hasValue else { return inlineText.map(CellValue.string) ?? .empty }
            let number = valuePieces == nil ? Self.double(base, valueStart, valueEnd) : Double(Self.trimmed(valuePieces!))
            guard let number else { return .string(valueText()) }
            if isDate, let date = SheetDate(excelSerial: number, uses1904: uses1904) { return .date(date) }
            return .number(number)
        case .sharedString:
            guard hasValue else { return .empty }
            let index = valuePieces == nil ? Self.integer(base, valueStart, valueEnd) : Int(Self.trimmed(valuePieces!))
            guard let index, index >= 0, index < sharedStrings.count else { return .error("#REF!") }
            return .string(sharedStrings[index])
        case .inlineString:
            if let inlineText { return .string(inlineText) }
            return hasValue ? .string(valueText()) : .empty
        case .formulaString:
            return hasValue ? .string(valueText()) : .empty
        case .boolean:
            guard hasValue else { return .empty }
            let text = Self.trimmed(valueText())
            return .boolean(text == "1" || text.lowercased() == "true")
        case .error:
            return hasValue ? .error(Self.trimmed(valueText())) : .empty
        case .isoDate:
            guard hasValue else { return .empty }
            let text = valueText()
            return SheetDate(parsing: text).map(CellValue.date) ?? .string(text)
        }
    }

    private static func cellType(_ scanner: XMLScanner, _ start: Int, _ end: Int) -> CellType {
        switch end - start {
        case 1:
            switch scanner.base[start] {
            case UInt8(ascii: "s"): .sharedString
            case UInt8(ascii: "b"): .boolean
            case UInt8(ascii: "e"): .error
            case UInt8(ascii: "d"): .isoDate
            default: .number
            }
        default:
            if scanner.bytesEqual(start, end, "inlineStr") { .inlineString }
            else if scanner.bytesEqual(start, end, "str") { .formulaString }
            else { .number }
        }
    }

    @inline(__always)
    private static func text(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, cdata: Bool) -> String {
        guard start >= 0 else { return "" }
        if cdata { return String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self) }
        return XMLText.decode(base, start, end, excelEscapes: true)
    }
}
