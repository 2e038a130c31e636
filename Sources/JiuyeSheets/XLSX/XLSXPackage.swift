/// The parts of a workbook the reader needs besides the sheets themselves: where the sheets
/// are, their names, the date system, which styles are dates and the shared strings.
struct XLSXPackage: Sendable {
    struct SheetInfo: Sendable {
        var name: String
        var path: String
    }

    var sheets: [SheetInfo]
    var uses1904: Bool
    var dateStyles: [Bool]
    var sharedStrings: [String]
    /// Uncompressed bytes spent on these parts, counted against the zip limit.
    var bytesRead: Int

    init(archive: ZipArchive, limits: ZipLimits) throws {
        var budget = limits.maxUncompressedBytes
        func read(_ path: String) throws -> [UInt8]? {
            guard let entry = archive.entry(named: path) else { return nil }
            let bytes = try archive.extract(entry, limit: budget)
            budget -= bytes.count
            return bytes
        }

        var workbookPath = "xl/workbook.xml"
        if let rootRels = try read("_rels/.rels") {
            let relationships = Self.relationships(rootRels, base: "")
            if let office = relationships.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                workbookPath = office.target
            }
        }
        guard let workbook = try read(workbookPath) else { throw SheetsError.missingPart(workbookPath) }
        let workbookDirectory = Self.directory(of: workbookPath)
        let relationshipsPath = workbookDirectory + "_rels/" + Self.fileName(of: workbookPath) + ".rels"
        let relationships = try read(relationshipsPath).map { Self.relationships($0, base: workbookDirectory) } ?? []
        var targets: [String: Relationship] = [:]
        for relationship in relationships { targets[relationship.id] = relationship }

        let (declaredSheets, uses1904) = try Self.parseWorkbook(workbook)
        var sheets: [SheetInfo] = []
        for (index, sheet) in declaredSheets.enumerated() {
            if let relationship = targets[sheet.relationshipID] {
                guard relationship.type.hasSuffix("/worksheet") else { continue }  // chart and dialog sheets
                sheets.append(SheetInfo(name: sheet.name, path: relationship.target))
            } else if relationships.isEmpty {
                sheets.append(SheetInfo(name: sheet.name, path: workbookDirectory + "worksheets/sheet\(index + 1).xml"))
            }
        }
        self.sheets = sheets
        self.uses1904 = uses1904

        let stylesPath = relationships.first { $0.type.hasSuffix("/styles") }?.target ?? workbookDirectory + "styles.xml"
        dateStyles = try read(stylesPath).map(Self.parseDateStyles) ?? []
        let stringsPath = relationships.first { $0.type.hasSuffix("/sharedStrings") }?.target
            ?? workbookDirectory + "sharedStrings.xml"
        sharedStrings = try read(stringsPath).map(Self.parseSharedStrings) ?? []
        bytesRead = limits.maxUncompressedBytes - budget
    }

    // MARK: - Relationships

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    static func relationships(_ xml: [UInt8], base: String) -> [Relationship] {
        var result: [Relationship] = []
        scan(xml) { scanner, event in
            guard event == .startTag, scanner.localNameIs("Relationship") else { return }
            guard let id = scanner.attributeString("Id"), let target = scanner.attributeString("Target") else { return }
            if scanner.attributeString("TargetMode") == "External" { return }
            result.append(Relationship(id: id, type: scanner.attributeString("Type") ?? "",
                                       target: resolve(target.replacingBackslashes(), against: base)))
        }
        return result
    }

    /// `target` relative to the folder `base` (which ends in "/" or is empty), or from the
    /// package root when it starts with "/"; "." and ".." segments resolved.
    static func resolve(_ target: String, against base: String) -> String {
        let joined = target.hasPrefix("/") ? String(target.dropFirst()) : base + target
        var segments: [Substring] = []
        for segment in joined.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

    static func fileName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    // MARK: - Workbook

    struct DeclaredSheet {
        var name: String
        var relationshipID: String
    }

    static func parseWorkbook(_ xml: [UInt8]) throws -> ([DeclaredSheet], Bool) {
        var sheets: [DeclaredSheet] = []
        var uses1904 = false
        let complete = scan(xml) { scanner, event in
            guard event == .startTag else { return }
            if scanner.localNameIs("workbookPr") {
                let flag = scanner.attributeString("date1904")
                uses1904 = flag == "1" || flag == "true"
            } else if scanner.localNameIs("sheet") {
                sheets.append(DeclaredSheet(name: scanner.attributeString("name") ?? "Sheet\(sheets.count + 1)",
                                            relationshipID: scanner.attributeString("id") ?? ""))
            }
        }
        guard complete else { throw SheetsError.malformedXML(part: "workbook") }
        return (sheets, uses1904)
    }

    // MARK: - Styles

    /// For each index of `cellXfs`, whether its number format shows a date or time.
    static func parseDateStyles(_ xml: [UInt8]) -> [Bool] {
        var customDateFormats: [Int: Bool] = [:]
        var formatIDs: [Int] = []
        var inCellFormats = false
        var depthInFormat = 0
        scan(xml) { scanner, event in
            switch event {
            case .startTag:
                if scanner.localNameIs("numFmt") {
                    if let id = scanner.attributeString("numFmtId").flatMap({ Int($0) }) {
                        customDateFormats[id] = DateFormats.isDateFormat(code: scanner.attributeString("formatCode") ?? "")
                    }
                } else if scanner.localNameIs("cellXfs") {
                    inCellFormats = !scanner.isSelfClosing
                } else if inCellFormats && scanner.localNameIs("xf") && depthInFormat == 0 {
                    formatIDs.append(scanner.attributeString("numFmtId").flatMap { Int($0) } ?? 0)
                    if !scanner.isSelfClosing { depthInFormat = 1 }
                }
            case .endTag:
                if scanner.localNameIs("cellXfs") { inCellFormats = false }
                if scanner.localNameIs("xf") { depthInFormat = 0 }
            default:
                break
            }
        }
        return formatIDs.map { customDateFormats[$0] ?? DateFormats.isDateFormat(id: $0) }
    }

    // MARK: - Shared strings

    /// The shared-string table: each `<si>` is its `<t>` text, or its rich-text runs'
    /// `<r><t>` texts joined; phonetic runs (`<rPh>`) are left out.
    static func parseSharedStrings(_ xml: [UInt8]) throws -> [String] {
        var strings: [String] = []
        var current = ""
        var inItem = false
        var inText = false
        var phoneticDepth = 0
        let complete = scan(xml) { scanner, event in
            switch event {
            case .startTag:
                if scanner.localNameIs("si") {
                    inItem = !scanner.isSelfClosing
                    current = ""
                    if scanner.isSelfClosing { strings.append("") }
                } else if scanner.localNameIs("t") {
                    inText = inItem && phoneticDepth == 0 && !scanner.isSelfClosing
                } else if scanner.localNameIs("rPh") && !scanner.isSelfClosing {
                    phoneticDepth += 1
                } else if scanner.localNameIs("sst"), strings.isEmpty,
                          let count = scanner.attributeString("uniqueCount").flatMap({ Int($0) }) {
                    strings.reserveCapacity(min(count, 1 << 20))
                }
            case .endTag:
                if scanner.localNameIs("t") {
                    inText = false
                } else if scanner.localNameIs("rPh") {
                    phoneticDepth = max(0, phoneticDepth - 1)
                } else if scanner.localNameIs("si") {
                    strings.append(current)
                    inItem = false
                }
            case .text:
                if inText {
                    current += scanner.isCDATA
                        ? String(decoding: UnsafeBufferPointer(start: scanner.base + scanner.textStart,
                                                               count: scanner.textEnd - scanner.textStart), as: UTF8.self)
                        : XMLText.decode(scanner.base, scanner.textStart, scanner.textEnd, excelEscapes: true)
                }
            case .end:
                break
            }
        }
        guard complete else { throw SheetsError.malformedXML(part: "sharedStrings") }
        return strings
    }

    // MARK: - Scanning helper

    /// Runs `body` for every event of `xml`; false when the XML was cut off inside a tag.
    @discardableResult
    static func scan(_ xml: [UInt8], _ body: (inout XMLScanner, XMLScanner.Event) -> Void) -> Bool {
        xml.withUnsafeBufferPointer { buffer in
            var scanner = XMLScanner(buffer)
            while true {
                let event = scanner.next()
                if event == .end { break }
                body(&scanner, event)
            }
            return !scanner.isTruncated
        }
    }
}
