/// A status pill: `StatusBadge("审核通过", tone: .success)`.
/// Each tone is a dark text colour on a light tint (contrast ≥ 4.5:1).
public struct StatusBadge: HTML {
    public enum Tone: String, Sendable {
        case neutral, info, success, warning, danger

        var cssClass: String {
            switch self {
            case .neutral: "badge badge-neutral"
            case .info: "badge badge-info"
            case .success: "badge badge-success"
            case .warning: "badge badge-warning"
            case .danger: "badge badge-danger"
            }
        }
    }

    let labelText: String
    let tone: Tone

    /// The badge's words (for an export of what the page shows).
    public var text: String { labelText }

    public init(_ label: String, tone: Tone = .neutral) {
        self.labelText = label
        self.tone = tone
    }

    public func render(into buffer: inout HTMLBuffer) {
        span(.class(tone.cssClass)) { labelText }.render(into: &buffer)
    }
}

/// A list table. On a phone (≤ 600px) the stylesheet turns each row into a
/// card; every `<td>` carries `data-label="<header>"` for that.
public struct DataTable: HTML {
    public struct Column: Sendable {
        public var header: String
        public var numeric: Bool

        public init(_ header: String, numeric: Bool = false) {
            self.header = header
            self.numeric = numeric
        }
    }

    let columns: [Column]
    let rows: [[AnyHTML]]
    let emptyMessage: String
    let captionText: String?

    public init(columns: [Column], rows: [[AnyHTML]], emptyMessage: String = "暂无数据", caption: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.emptyMessage = emptyMessage
        self.captionText = caption
    }

    public func render(into buffer: inout HTMLBuffer) {
        let columns = columns
        // Rows shorter than the header are padded so the grid stays whole.
        let width = rows.reduce(columns.count) { max($0, $1.count) }
        div(.class("table-wrap")) {
            table(.class("data-table")) {
                if let captionText {
                    caption { captionText }
                }
                thead {
                    tr {
                        ForEach(columns) { column in
                            Element(
                                "th",
                                column.numeric ? [.scope("col"), .class("num")] : [.scope("col")],
                                content: Text(column.header)
                            )
                        }
                    }
                }
                tbody {
                    if rows.isEmpty {
                        tr(.class("empty-row")) {
                            td(.colspan(max(columns.count, 1)), .class("empty")) { emptyMessage }
                        }
                    } else {
                        ForEach(rows) { row in
                            tr { TableRowCells(columns: columns, cells: row, width: width) }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// The cells of one row. Written straight into the buffer (the hottest
/// loop of a list page); `text(_:)` still escapes every label.
struct TableRowCells: HTML {
    let columns: [DataTable.Column]
    let cells: [AnyHTML]
    let width: Int

    func render(into buffer: inout HTMLBuffer) {
        for index in 0..<width {
            buffer.raw("<td data-label=\"")
            if index < columns.count {
                buffer.text(columns[index].header)
                buffer.raw(columns[index].numeric ? "\" class=\"num\">" : "\">")
            } else {
                buffer.raw("\">")
            }
            if index < cells.count { cells[index].render(into: &buffer) }
            buffer.raw("</td>")
        }
    }
}

/// What a list or page shows when there is nothing to show, e.g. a staff
/// account that has not been assigned to a college yet.
public struct EmptyState: HTML {
    let title: String
    let hint: String?

    public init(title: String, hint: String? = nil) {
        self.title = title
        self.hint = hint
    }

    public func render(into buffer: inout HTMLBuffer) {
        div(.class("empty-state")) {
            p(.class("empty-title")) { title }
            if let hint {
                p(.class("empty-hint")) { hint }
            }
        }.render(into: &buffer)
    }
}

/// A white panel, optionally with a title bar.
public struct Card<Content: HTML>: HTML {
    let title: String?
    let content: Content

    public init(title: String? = nil, @HTMLBuilder content: () -> Content) {
        self.title = title
        self.content = content()
    }

    public func render(into buffer: inout HTMLBuffer) {
        if let title {
            section(.class("card")) {
                h2(.class("card-title")) { title }
                div(.class("card-body")) { content }
            }.render(into: &buffer)
        } else {
            div(.class("card")) {
                div(.class("card-body")) { content }
            }.render(into: &buffer)
        }
    }
}

/// Read-only label/value pairs for detail pages. An empty value shows "—".
public struct DescriptionList: HTML {
    let items: [(String, String)]

    public init(_ items: [(String, String)]) {
        self.items = items
    }

    public func render(into buffer: inout HTMLBuffer) {
        dl(.class("desc-list")) {
            ForEach(items) { item in
                div(.class("desc-item")) {
                    dt { item.0 }
                    if item.1.isEmpty {
                        dd(.class("desc-empty")) { "—" }
                    } else {
                        dd { item.1 }
                    }
                }
            }
        }.render(into: &buffer)
    }
}
