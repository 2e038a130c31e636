import JiuyeSheets
import Vapor

/// An uploaded sheet (.xlsx, or CSV in UTF-8 or GB18030) as rows of trimmed cell text, dates as
/// ISO dates. At most `limit` rows are kept (a caller refuses a longer file by the count). A file
/// that cannot be read is a 422 with the reader's Chinese reason.
package enum SheetUpload {
    package static func rows(_ bytes: [UInt8], limit: Int) throws -> [[String]] {
        var rows: [[String]] = []
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            do {
                try XLSXReader(bytes: bytes).forEachRow { row in
                    if rows.count < limit { rows.append(row.cells.map { $0.isoDateText ?? $0.trimmedText }) }
                }
            } catch let error as SheetsError { throw Abort(.unprocessableEntity, reason: error.userMessage) }
            return rows
        }
        do { return Array(try CSVReader(bytes: bytes).rows.prefix(limit)) } catch let error as SheetsError { throw Abort(.unprocessableEntity, reason: error.userMessage) }
    }
}
