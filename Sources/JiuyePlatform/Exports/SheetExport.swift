import Foundation
import JiuyeHTML
import JiuyeSheets
import NIOCore
import Vapor

/// The formats every admin list exports to.
package enum ExportFormat: String, CaseIterable, Sendable {
    case xlsx
    case csv
    case gb18030 = "csv-gb18030"

    package var label: String {
        switch self {
        case .xlsx: "Excel (.xlsx)"
        case .csv: "CSV (UTF-8)"
        case .gb18030: "CSV (GB18030，旧版 Excel)"
        }
    }

    /// As the operation log names the format of an export: "Excel", "CSV（UTF-8）".
    package var shortLabel: String {
        switch self {
        case .xlsx: "Excel"
        case .csv: "CSV（UTF-8）"
        case .gb18030: "CSV（GB18030）"
        }
    }

    package var fileExtension: String { self == .xlsx ? "xlsx" : "csv" }

    package var contentType: String {
        switch self {
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .csv: "text/csv; charset=utf-8"
        case .gb18030: "text/csv; charset=gb18030"
        }
    }
}

/// Receives a list's rows one at a time and sends the file out in pieces, so memory stays flat
/// however many rows there are.
package final class SheetSink {
    private enum Writer {
        case xlsx(XLSXWriter)
        case csv(CSVWriter)
    }

    private let writer: Writer
    private let out: any AsyncBodyStreamWriter
    private(set) var rows = 0
    package static let flushBytes = 64 * 1024

    fileprivate init(format: ExportFormat, sheetName: String, columns: [XLSXWriter.Column], out: any AsyncBodyStreamWriter) {
        self.out = out
        switch format {
        case .xlsx:
            let xlsx = XLSXWriter()
            xlsx.beginSheet(name: sheetName, columns: columns)
            writer = .xlsx(xlsx)
        case .csv, .gb18030:
            let csv = CSVWriter(encoding: format == .csv ? .utf8WithBOM : .gb18030)
            csv.appendRow(columns.map { .text($0.title) })
            writer = .csv(csv)
        }
    }

    package func emit(_ cells: [Cell]) async throws {
        rows += 1
        switch writer {
        case .xlsx(let xlsx):
            xlsx.appendRow(cells)
            if xlsx.pendingByteCount >= Self.flushBytes { try await send(xlsx.takeOutput()) }
        case .csv(let csv):
            csv.appendRow(cells)
            if csv.pendingByteCount >= Self.flushBytes { try await send(csv.takeOutput()) }
        }
    }

    /// Emits every row of a list, a page at a time: `page(cursor)` gives up to
    /// `SheetExport.pageSize` rows after `cursor` (nil for the first page); after a full page,
    /// `next(rows, cursor)` is the cursor of the following one (a keyset id, or a page number).
    package func emitPages<Row, Cursor>(_ page: (Cursor?) async throws -> [Row], next: ([Row], Cursor?) -> Cursor,
                                cells: (Row) throws -> [Cell]) async throws {
        var cursor: Cursor?
        while true {
            let rows = try await page(cursor)
            for row in rows { try await emit(try cells(row)) }
            guard rows.count == SheetExport.pageSize else { return }
            cursor = next(rows, cursor)
        }
    }

    fileprivate func finish() async throws {
        switch writer {
        case .xlsx(let xlsx):
            try xlsx.finish()
            try await send(xlsx.takeOutput())
        case .csv(let csv):
            csv.finish()
            try await send(csv.takeOutput())
        }
    }

    private func send(_ bytes: [UInt8]) async throws {
        guard !bytes.isEmpty else { return }
        try await out.write(.buffer(ByteBuffer(bytes: bytes)))
    }
}

package enum SheetExport {
    /// Rows read per query while a list is exported.
    package static let pageSize = 1_000

    /// The format a request asks for (`?format=xlsx|csv|csv-gb18030`, default xlsx).
    package static func format(_ req: Request) -> ExportFormat {
        QueryString.parse(req.url.query)["format"].flatMap(ExportFormat.init(rawValue:)) ?? .xlsx
    }

    /// Whether an export holds personal data, and how: its file name says so, so a file with
    /// full 证件号码 and 手机号 is never mistaken for a masked one.
    package enum PersonalData: Sendable {
        /// No personal data (schools, code tables, jobs …).
        case none
        /// Personal data masked: "毕业生名单_脱敏.xlsx".
        case masked
        /// Personal data in full: "毕业生名单_含完整信息_20261204-1530.xlsx" (Beijing time).
        case full
    }

    /// The one place export file names are made: the list's name, what it holds, the extension;
    /// and a printable-ASCII fallback for old clients.
    package static func fileName(_ base: String, format: ExportFormat, personalData: PersonalData, now: Int64) -> (name: String, fallback: String) {
        let ext = format.fileExtension
        switch personalData {
        case .none: return ("\(base).\(ext)", "export.\(ext)")
        case .masked: return ("\(base)_脱敏.\(ext)", "export-masked.\(ext)")
        case .full:
            let f = ChinaTime.fields(now)
            func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
            let stamp = "\(f.year)\(pad(f.month))\(pad(f.day))-\(pad(f.hour))\(pad(f.minute))"
            return ("\(base)_含完整信息_\(stamp).\(ext)", "export-full-\(stamp).\(ext)")
        }
    }

    /// A streamed download of a list. `produce` pages through the rows (keyset, a thousand at a
    /// time) and hands each to the sink. The caller audits the export before calling this.
    package static func response(_ req: Request, filename: String, format: ExportFormat, personalData: PersonalData = .none, sheetName: String,
                         columns: [XLSXWriter.Column], produce: @escaping @Sendable (SheetSink) async throws -> Void) -> Response {
        let (name, fallback) = fileName(filename, format: format, personalData: personalData, now: req.now)
        let headers = Download.headers(contentType: format.contentType, filename: name, fallback: fallback)
        let logger = req.logger
        let body = Response.Body(asyncStream: { out in
            let sink = SheetSink(format: format, sheetName: sheetName, columns: columns, out: out)
            do {
                try await produce(sink)
                try await sink.finish()
                try await out.write(.end)
            } catch let error as ChannelError where error == .ioOnClosedChannel || error == .alreadyClosed {
                // The client went away (a closed tab, a cancelled download): nothing failed here.
                logger.notice("export \(name) stopped after \(sink.rows) rows: the client closed the connection")
            } catch {
                logger.error("export \(name) failed after \(sink.rows) rows: \(String(describing: error))")
                try await out.write(.error(error))
            }
        })
        return Response(status: .ok, headers: headers, body: body)
    }
}

/// 导出 under a list: the formats as links carrying the list's filters (a plain GET download,
/// no script), and for roles that may see personal data in full, a second line that asks for it.
package struct ExportMenu: HTML {
    package let path: String
    package let query: [(String, String)]
    package let total: Int
    package var allowFull = false
    package var note = "证件号码、手机号导出时已脱敏；每次导出都会记入操作日志。"

    package init(path: String, query: [(String, String)], total: Int, allowFull: Bool = false, note: String? = nil) {
        self.path = path
        self.query = query
        self.total = total
        self.allowFull = allowFull
        if let note { self.note = note }
    }

    package func render(into buffer: inout HTMLBuffer) {
        let base = query.filter { $0.0 != "page" && $0.0 != "after" }
        details(.class("export-menu")) {
            summary { "导出当前筛选结果（\(total) 条）" }
            ul(.class("export-links")) {
                ForEach(ExportFormat.allCases) { format in
                    li { a(.href(path + "?" + QueryString.make(base + [("format", format.rawValue)])), .init("download", nil)) { format.label } }
                }
            }
            p(.class("muted")) { note }
            if allowFull {
                p {
                    a(.href(path + "?" + QueryString.make(base + [("format", "xlsx"), ("full", "1")])), .init("download", nil),
                      .data("data-confirm", "导出的文件将包含完整证件号码和手机号，请妥善保管。确定导出？")) { "导出含完整个人信息的 Excel" }
                }
            }
        }.render(into: &buffer)
    }
}
