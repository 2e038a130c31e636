/// A drop-down list on a range of cells (SpreadsheetML `<dataValidation type="list">`), as
/// Excel, WPS and LibreOffice show it: the cells offer the values of `source`, a range of cells
/// (on any sheet of the workbook) or a short literal list.
///
/// ```swift
/// writer.beginSheet(name: "毕业生", columns: ["学历", "性别"])
/// writer.addDataValidation(.list(column: 0, rows: 2...1001, source: .cells(sheet: "代码表", column: 1, rows: 2...9)))
/// writer.addDataValidation(.list(column: 1, rows: 2...1001, source: .values(["男", "女"])))
/// ```
public struct XLSXDataValidation: Hashable, Sendable {
    /// Where the offered values come from.
    public enum Source: Hashable, Sendable {
        /// A column range of a sheet: `'代码表'!$B$2:$B$9`.
        case cells(sheet: String, column: Int, rows: ClosedRange<Int>)
        /// A literal list ("男,女"); Excel limits it to 255 characters and no commas inside a value.
        case values([String])
    }

    /// What a cell typed with a value outside the list does.
    public enum ErrorStyle: String, Hashable, Sendable {
        /// Refused.
        case stop
        /// Asked "continue?"; yes keeps the value.
        case warning
        /// Told, and the value is kept.
        case information
    }

    /// The 0-based column and the 1-based rows the list applies to.
    public var column: Int
    public var rows: ClosedRange<Int>
    public var source: Source
    public var errorStyle: ErrorStyle
    /// Shown when a cell of the range is selected (title, text); nil for none.
    public var prompt: (title: String, text: String)?
    /// Shown when a typed value is not in the list (title, text); nil for the application's own.
    public var error: (title: String, text: String)?

    public static func list(column: Int, rows: ClosedRange<Int>, source: Source, errorStyle: ErrorStyle = .warning,
                            prompt: (title: String, text: String)? = nil, error: (title: String, text: String)? = nil) -> XLSXDataValidation {
        XLSXDataValidation(column: column, rows: rows, source: source, errorStyle: errorStyle, prompt: prompt, error: error)
    }

    public static func == (a: XLSXDataValidation, b: XLSXDataValidation) -> Bool {
        a.column == b.column && a.rows == b.rows && a.source == b.source && a.errorStyle == b.errorStyle
            && a.prompt?.title == b.prompt?.title && a.prompt?.text == b.prompt?.text && a.error?.title == b.error?.title && a.error?.text == b.error?.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(column)
        hasher.combine(rows)
        hasher.combine(source)
    }

    /// `'代码表'!$B$2:$B$9`: an absolute reference to a column range, the sheet name quoted.
    public static func reference(sheet: String, column: Int, rows: ClosedRange<Int>) -> String {
        let letters = String(decoding: XLSXParts.columnLetters(column), as: UTF8.self)
        return "'" + doubling("'", in: sheet) + "'!$\(letters)$\(rows.lowerBound):$\(letters)$\(rows.upperBound)"
    }

    /// `text` with every `quote` written twice (the escape of quoted names and strings in formulas).
    static func doubling(_ quote: Character, in text: String) -> String {
        var out = ""
        for character in text {
            out.append(character)
            if character == quote { out.append(character) }
        }
        return out
    }

    /// The formula of the list: a reference, or the values quoted and comma-separated.
    var formula: String {
        switch source {
        case .cells(let sheet, let column, let rows):
            return Self.reference(sheet: sheet, column: column, rows: rows)
        case .values(let values):
            return "\"" + values.map { Self.doubling("\"", in: $0) }.joined(separator: ",") + "\""
        }
    }

    /// The `<dataValidation>` element.
    var xml: String {
        let letters = String(decoding: XLSXParts.columnLetters(column), as: UTF8.self)
        var out = "<dataValidation type=\"list\" errorStyle=\"\(errorStyle.rawValue)\" allowBlank=\"1\" showInputMessage=\"\(prompt == nil ? 0 : 1)\" showErrorMessage=\"1\""
        if let error {
            out += " errorTitle=\"\(Self.attribute(String(error.title.prefix(32))))\" error=\"\(Self.attribute(String(error.text.prefix(255))))\""
        }
        if let prompt {
            out += " promptTitle=\"\(Self.attribute(String(prompt.title.prefix(32))))\" prompt=\"\(Self.attribute(String(prompt.text.prefix(255))))\""
        }
        out += " sqref=\"\(letters)\(rows.lowerBound):\(letters)\(rows.upperBound)\"><formula1>"
        var escaped: [UInt8] = []
        XMLText.appendEscaped(formula, to: &escaped)
        out += String(decoding: escaped, as: UTF8.self) + "</formula1></dataValidation>"
        return out
    }

    static func attribute(_ text: String) -> String {
        var escaped: [UInt8] = []
        XMLText.appendEscaped(text, to: &escaped, forAttribute: true)
        return String(decoding: escaped, as: UTF8.self)
    }

    /// The `<dataValidations>` element of a sheet, empty when there are none.
    static func element(_ validations: [XLSXDataValidation]) -> String {
        guard !validations.isEmpty else { return "" }
        return "<dataValidations count=\"\(validations.count)\">" + validations.map(\.xml).joined() + "</dataValidations>"
    }
}
