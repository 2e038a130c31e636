/// One cell read from a spreadsheet: its typed value, and through `text` the string a
/// person sees for it.
public enum CellValue: Hashable, Sendable {
    /// No cell, a cell without a value, or a formula without a cached result.
    case empty
    /// Text: shared strings (rich-text runs joined), inline strings and formula string results.
    case string(String)
    case number(Double)
    case boolean(Bool)
    /// A number whose number format is a date or time format, or an ISO 8601 `t="d"` cell.
    case date(SheetDate)
    /// An error value such as `#N/A` or `#DIV/0!`.
    case error(String)

    /// The cell as text: strings as they are; numbers as Excel's General format shows them
    /// (`42`, `3.5`, `0.3`, never `42.0`); dates as `YYYY-MM-DD` (with ` HH:MM:SS` when there is
    /// a time of day); booleans as `TRUE`/`FALSE`; errors as their code; empty as "".
    public var text: String {
        switch self {
        case .empty: ""
        case .string(let text): text
        case .number(let value): NumberText.display(value)
        case .boolean(let value): value ? "TRUE" : "FALSE"
        case .date(let date): date.description
        case .error(let code): code
        }
    }

    /// The text trimmed of surrounding whitespace (including full-width spaces), as importers compare it.
    public var trimmedText: String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }

    public var isEmpty: Bool {
        switch self {
        case .empty: true
        case .string(let text): text.isEmpty
        default: false
        }
    }

    /// The date this cell holds as "YYYY-MM-DD": a date cell's day (any time of day dropped),
    /// or text typed as a date (`2025-06-30`, `2025/6/30`, `2025年6月30日`, `20250630`, see
    /// `SheetDate.init(parsing:)`). Nil for anything else; a plain number is not taken for a
    /// serial date, because without a date format it may as well be an amount.
    public var isoDateText: String? {
        switch self {
        case .date(let date): date.isValid ? date.isoDate : nil
        case .string(let text): SheetDate(parsing: text)?.isoDate
        default: nil
        }
    }
}

/// One row of a sheet: its 1-based row number as Excel shows it, and its cells from column A.
/// Cells missing before a cell that exists are `.empty`; rows absent from the file are not
/// reported, so `number` may skip.
public struct SheetRow: Hashable, Sendable {
    public var number: Int
    public var cells: [CellValue]

    public init(number: Int, cells: [CellValue]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in this 0-based column, `.empty` beyond the last one.
    public subscript(column: Int) -> CellValue {
        column >= 0 && column < cells.count ? cells[column] : .empty
    }

    /// Whether every cell is empty or blank text.
    public var isBlank: Bool {
        cells.allSatisfy { $0.trimmedText.isEmpty }
    }
}
