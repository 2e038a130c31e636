/// Reads an .xlsx workbook written by Excel, WPS, LibreOffice, openpyxl or `XLSXWriter`.
///
/// Opening reads the zip directory, the workbook, its relationships, the styles (to know
/// which cells are dates) and the shared strings; a sheet is unpacked a megabyte at a time
/// while its rows are scanned byte by byte, so `forEachRow` needs little memory beyond the
/// file itself and the shared strings. Everything that is wrong with the file is a
/// `SheetsError`, never a crash; unpacking stops at `limits.maxUncompressedBytes`.
///
/// ```swift
/// let reader = try XLSXReader(bytes: upload)
/// try reader.forEachRow { row in
///     let studentNumber = row[0].trimmedText
///     let graduation = row[3].isoDateText   // a date cell or text such as 2025/6/30
/// }
/// ```
public struct XLSXReader: Sendable {
    private let archive: ZipArchive
    private let package: XLSXPackage
    private let limits: ZipLimits
    /// Bytes of sheet XML inflated at a time (tests make it tiny to cut rows everywhere).
    var segmentSize = 1 << 20

    /// Opens a workbook held in memory.
    public init(bytes: [UInt8], limits: ZipLimits = .default) throws {
        archive = try ZipArchive(bytes: bytes)
        package = try XLSXPackage(archive: archive, limits: limits)
        self.limits = limits
    }

    /// Opens the workbook at `path`.
    public init(path: String, limits: ZipLimits = .default) throws {
        try self.init(bytes: try FileBytes.read(path), limits: limits)
    }

    /// The names of the worksheets, in the order of their tabs (chart sheets left out).
    public var sheetNames: [String] { package.sheets.map(\.name) }

    /// Whether the workbook counts dates from 1904 (old Mac Excel) instead of 1900.
    public var uses1904DateSystem: Bool { package.uses1904 }

    /// Calls `body` with each row of the named sheet (the first sheet when `sheet` is nil),
    /// top to bottom, without collecting them. Errors thrown by `body` stop the scan and
    /// come out of this call.
    public func forEachRow(sheet: String? = nil, _ body: (SheetRow) throws -> Void) throws {
        let info = try sheetInfo(sheet)
        guard let entry = archive.entry(named: info.path) else { throw SheetsError.missingPart(info.path) }
        var scanner = SheetScanner(sharedStrings: package.sharedStrings, dateStyles: package.dateStyles,
                                   uses1904: package.uses1904, partName: info.path)
        // The sheet is inflated a megabyte at a time and scanned as it comes.
        try archive.inflate(entry, limit: limits.maxUncompressedBytes - package.bytesRead, chunkSize: segmentSize) { segment, isFinal in
            try scanner.scan(segment, isFinal: isFinal, body)
        }
    }

    /// All rows of the named sheet (the first sheet when `sheet` is nil).
    public func rows(sheet: String? = nil) throws -> [SheetRow] {
        var rows: [SheetRow] = []
        try forEachRow(sheet: sheet) { rows.append($0) }
        return rows
    }

    private func sheetInfo(_ name: String?) throws -> XLSXPackage.SheetInfo {
        guard let name else {
            guard let first = package.sheets.first else { throw SheetsError.noWorksheet }
            return first
        }
        if let exact = package.sheets.first(where: { $0.name == name }) { return exact }
        // Excel treats sheet names case-insensitively.
        if let folded = package.sheets.first(where: { $0.name.lowercased() == name.lowercased() }) { return folded }
        throw SheetsError.sheetNotFound(name)
    }
}
