/// Spreadsheets in and out: .xlsx (a zip of XML parts) and CSV, streamed, with no Vapor.
///
/// - Writing: `XLSXWriter` and `CSVWriter` take rows of `Cell` and hand out the bytes produced
///   so far through `takeOutput()`, so an export of any length is pushed into an HTTP body
///   stream in pieces while memory stays bounded.
/// - Reading: `XLSXReader` (uploads made by Excel, WPS, LibreOffice or openpyxl) gives rows of
///   `CellValue`; `CSVReader` gives rows of `String` and detects UTF-8 or GB18030.
///
/// Text cells beginning with `=`, `+`, `-`, `@`, tab or carriage return are written with a
/// leading `'` by default so that a spreadsheet program never runs them as formulas (OWASP's
/// guidance on CSV injection); see `Sheets.neutralizingFormula(_:)`.
public enum Sheets {
    /// The largest row number an .xlsx sheet may hold (Excel's limit).
    public static let maxRowsPerSheet = 1_048_576
    /// The largest column number an .xlsx sheet may hold (Excel's limit, column XFD).
    public static let maxColumnsPerSheet = 16_384

    /// `text` as it is safe to put into a spreadsheet cell: when it begins with a character
    /// that makes Excel, WPS or LibreOffice read it as a formula (`=`, `+`, `-`, `@`, tab,
    /// carriage return) a single quote is put in front, as OWASP recommends against CSV
    /// injection. The quote is visible in the cell; nothing else changes.
    public static func neutralizingFormula(_ text: String) -> String {
        guard let first = text.utf8.first, startsFormula(first) else { return text }
        return "'" + text
    }

    @inline(__always)
    static func startsFormula(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: true
        default: false
        }
    }
}

/// Why a spreadsheet could not be read or written. `description` is English for logs;
/// `userMessage` is a Chinese sentence for the person who uploaded the file.
public enum SheetsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a zip archive at all (so not an .xlsx).
    case notAZipArchive
    /// An OLE2 compound file: a legacy .xls workbook or an encrypted (password-protected) .xlsx.
    case legacyOrEncryptedWorkbook
    /// The zip archive is damaged or truncated; the text says where.
    case corruptArchive(String)
    /// A zip entry uses a compression method other than stored (0) or deflate (8).
    case unsupportedCompression(method: Int, entry: String)
    /// A zip entry is encrypted.
    case encryptedEntry(String)
    /// Unpacking would exceed the configured limit on uncompressed bytes (zip bomb guard).
    case uncompressedSizeLimitExceeded(limit: Int)
    /// A part the workbook needs (for example `xl/workbook.xml`) is missing.
    case missingPart(String)
    /// An XML part ends in the middle of a tag or is otherwise unreadable.
    case malformedXML(part: String)
    /// No sheet with this name exists in the workbook.
    case sheetNotFound(String)
    /// The workbook holds no worksheet.
    case noWorksheet
    /// Text that is neither valid UTF-8 nor valid GB18030.
    case undecodableText
    /// A CSV field opened a quote that never closes; `record` is 1-based.
    case unterminatedQuote(record: Int)
    /// An .xlsx being written passed 4 GiB, the limit of a zip archive without Zip64.
    case outputTooLarge
    /// The file could not be read from disk; `code` is the C library's errno.
    case unreadableFile(path: String, code: Int32)

    public var description: String {
        switch self {
        case .notAZipArchive: "not a zip archive"
        case .legacyOrEncryptedWorkbook: "OLE2 compound file (legacy .xls or encrypted .xlsx)"
        case .corruptArchive(let detail): "corrupt zip archive: \(detail)"
        case .unsupportedCompression(let method, let entry): "zip entry \(entry) uses unsupported compression method \(method)"
        case .encryptedEntry(let entry): "zip entry \(entry) is encrypted"
        case .uncompressedSizeLimitExceeded(let limit): "uncompressed size exceeds the limit of \(limit) bytes"
        case .missingPart(let part): "workbook part \(part) is missing"
        case .malformedXML(let part): "malformed XML in \(part)"
        case .sheetNotFound(let name): "no sheet named \(name)"
        case .noWorksheet: "workbook has no worksheet"
        case .undecodableText: "text is neither UTF-8 nor GB18030"
        case .unterminatedQuote(let record): "CSV record \(record) opens a quote that never closes"
        case .outputTooLarge: "xlsx output exceeds 4 GiB"
        case .unreadableFile(let path, let code): "cannot read \(path) (errno \(code))"
        }
    }

    /// What to tell the person who uploaded the file, in Chinese, with what to do next.
    public var userMessage: String {
        switch self {
        case .notAZipArchive, .corruptArchive, .unsupportedCompression, .missingPart, .malformedXML, .noWorksheet:
            "文件不是有效的 Excel 工作簿（.xlsx）或已损坏，请用 Excel 或 WPS 打开后另存为 .xlsx 再上传。"
        case .legacyOrEncryptedWorkbook, .encryptedEntry:
            "这是旧版 .xls 文件或设置了打开密码的工作簿，请取消密码并另存为 .xlsx 后再上传。"
        case .uncompressedSizeLimitExceeded:
            "文件解压后过大，请删除无关的工作表或拆分成几个文件后再上传。"
        case .sheetNotFound(let name):
            "工作簿中没有名为“\(name)”的工作表，请检查后再上传。"
        case .undecodableText:
            "无法识别文件的文字编码，请另存为“CSV UTF-8（逗号分隔）”后再上传。"
        case .unterminatedQuote(let record):
            "CSV 文件第 \(record) 条记录的引号没有闭合，请检查后再上传。"
        case .outputTooLarge:
            "导出的数据过多，请缩小筛选范围后分批导出。"
        case .unreadableFile:
            "文件读取失败，请重新上传。"
        }
    }
}
