import Foundation

/// Import of the 最低工资标准 table from a CSV file (UTF-8, first line a header), as the system
/// admin keeps it from the provinces' published adjustments.
///
/// Columns, by English or Chinese header (others, such as 地区名称 or 来源, are ignored):
/// - region_code / 地区代码 / 行政区划代码: six digits, province, city or county;
/// - grade / 档次: 1–9, or 第一档 … 第九档;
/// - monthly_amount / 月最低工资标准: yuan, at most two decimals, 0 < amount ≤ 100000;
/// - hourly_amount / 小时最低工资标准 (optional): 0 < amount ≤ 1000;
/// - effective_from / 生效日期 / 执行日期: a day, 1990–2100.
///
/// Every error names its line ("第 3 行：…"); the app imports nothing while any error remains.
public enum MinimumWageImport {
    public struct LineError: Equatable, Sendable, CustomStringConvertible {
        /// The file's line (the header is line 1).
        public let line: Int
        public let message: String

        public var description: String { "第 \(line) 行：\(message)" }
    }

    public struct Outcome: Sendable {
        public let rows: [MinimumWageRow]
        public let errors: [LineError]

        public var isAccepted: Bool { errors.isEmpty && !rows.isEmpty }
    }

    public static let maximumRows = 50_000

    enum Column: CaseIterable {
        case region, grade, monthly, hourly, effective

        var label: String {
            switch self {
            case .region: "地区代码"
            case .grade: "档次"
            case .monthly: "月最低工资标准"
            case .hourly: "小时最低工资标准"
            case .effective: "生效日期"
            }
        }

        var headers: Set<String> {
            switch self {
            case .region: ["region_code", "地区代码", "行政区划代码", "区划代码", "地区编码"]
            case .grade: ["grade", "档次", "档位"]
            case .monthly: ["monthly_amount", "月最低工资标准", "月最低工资", "月标准"]
            case .hourly: ["hourly_amount", "小时最低工资标准", "小时最低工资", "小时标准"]
            case .effective: ["effective_from", "生效日期", "执行日期", "实施日期", "起始日期"]
            }
        }
    }

    /// Reads CSV text. `regionLevel` (the app's 行政区划 table) refuses codes it does not know.
    public static func parse(csv text: String, regionLevel: ((String) -> RegionLevel?)? = nil) -> Outcome {
        parse(records: records(text), regionLevel: regionLevel)
    }

    /// Reads rows already split into cells (from the app's spreadsheet reader), each with its line.
    public static func parse(records: [(line: Int, cells: [String])], regionLevel: ((String) -> RegionLevel?)? = nil) -> Outcome {
        let content = records.filter { !$0.cells.allSatisfy { CellText.clean($0).isEmpty } }
        guard let header = content.first else {
            return Outcome(rows: [], errors: [LineError(line: 1, message: "文件是空的，请使用最低工资标准导入模板填写后再导入。")])
        }
        var columns: [Column: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            let name = headerName(cell)
            guard let column = Column.allCases.first(where: { $0.headers.contains(name) }) else { continue }
            if columns[column] != nil {
                return Outcome(rows: [], errors: [LineError(line: header.line, message: "表头有两列「\(column.label)」，请删除其中一列。")])
            }
            columns[column] = index
        }
        let missing = Column.allCases.filter { $0 != .hourly && columns[$0] == nil }
        guard missing.isEmpty else {
            return Outcome(rows: [], errors: [LineError(line: header.line, message: "表头缺少「\(missing.map(\.label).joined(separator: "」「"))」列。表头应包含：地区代码、档次、月最低工资标准、生效日期，可选：小时最低工资标准。")])
        }
        guard content.count - 1 <= maximumRows else {
            return Outcome(rows: [], errors: [LineError(line: content[maximumRows + 1].line, message: "文件超过 \(maximumRows) 行数据，请拆分后分批导入。")])
        }

        var rows: [MinimumWageRow] = []
        var errors: [LineError] = []
        var seen: [String: Int] = [:]
        for record in content.dropFirst() {
            func cell(_ column: Column) -> String {
                guard let index = columns[column], index < record.cells.count else { return "" }
                return CellText.clean(record.cells[index])
            }
            var problems: [String] = []
            let region = CellText.compact(cell(.region))
            if region.isEmpty {
                problems.append("地区代码为空，请填写 6 位行政区划代码，例如 500103。")
            } else if !RegionCode.isValid(region) {
                problems.append("地区代码「\(shown(region))」应为 6 位数字的行政区划代码，例如 500103。")
            } else if let regionLevel, regionLevel(region) == nil {
                problems.append("地区代码「\(region)」不在行政区划代码表中，请核对。")
            }
            let grade = parseGrade(cell(.grade))
            if grade == nil {
                problems.append("档次「\(shown(cell(.grade)))」无法识别，请填写 1 至 9 的数字（1 表示第一档）。")
            }
            let monthly = amount(cell(.monthly), column: .monthly, max: MinimumWageRow.maximumMonthly, problems: &problems)
            let hourlyText = cell(.hourly)
            let hourly = hourlyText.isEmpty ? nil : amount(hourlyText, column: .hourly, max: MinimumWageRow.maximumHourly, problems: &problems)
            let date = CivilDate.parse(cell(.effective))
            if let date, !(1990...2100).contains(date.year) {
                problems.append("生效日期 \(date) 应在 1990 年至 2100 年之间，请核对。")
            } else if date == nil {
                problems.append("生效日期「\(shown(cell(.effective)))」无法识别，请填写如 2025-07-01 的日期。")
            }
            if let grade, let date, problems.isEmpty {
                let key = "\(region)|\(grade)|\(date)"
                if let first = seen[key] {
                    problems.append("与第 \(first) 行重复（同一地区、档次和生效日期），请删除其中一行。")
                } else {
                    seen[key] = record.line
                }
            }
            if problems.isEmpty, let grade, let monthly, let date,
               let row = MinimumWageRow(regionCode: region, grade: grade, monthlyAmount: monthly, hourlyAmount: hourly, validFrom: date) {
                rows.append(row)
            } else {
                errors += problems.map { LineError(line: record.line, message: $0) }
            }
        }
        return Outcome(rows: errors.isEmpty ? rows : [], errors: errors)
    }

    private static func amount(_ text: String, column: Column, max: Decimal, problems: inout [String]) -> Decimal? {
        guard !text.isEmpty else {
            problems.append("\(column.label)为空，请填写金额（元）。")
            return nil
        }
        switch DestinationAmount.parse(text, max: max) {
        case .success(let value): return value
        case .failure(let problem):
            problems.append(problem.message(column.label) + "（当前为「\(shown(text))」）")
            return nil
        }
    }

    /// "1", "01", "第一档", "一档", "第1档" → 1; nil outside 1–9.
    static func parseGrade(_ raw: String) -> Int? {
        var text = Substring(CellText.compact(raw))
        guard text.count <= 6 else { return nil }
        if text.hasPrefix("第") { text = text.dropFirst() }
        for suffix in ["档次", "档", "类"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        let numerals: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        let value = text.count == 1 ? text.first.flatMap { numerals[$0] } : nil
        guard let grade = value ?? (text.count <= 2 && text.allSatisfy(IdentityInput.isASCIIDigit) ? Int(text) : nil),
              MinimumWageRow.grades.contains(grade) else { return nil }
        return grade
    }

    /// A header cell as compared: cleaned, lower-cased, without a unit in brackets.
    static func headerName(_ raw: String) -> String {
        var name = IdentityInput.asciiLowercased(CellText.compact(raw))
        for unit in ["(元)", "（元）", "(元/月)", "（元/月）", "(元/小时)", "（元/小时）"] where name.hasSuffix(unit) {
            name = String(name.dropLast(unit.count))
        }
        return name
    }

    /// A cell quoted in a message: at most 20 characters.
    private static func shown(_ text: String) -> String {
        text.count <= 20 ? text : String(text.prefix(20)) + "…"
    }

    /// CSV (RFC 4180: quoted cells may hold commas, quotes as "" and line breaks) into records,
    /// each with the file line it starts on. A leading byte-order mark is dropped.
    static func records(_ text: String) -> [(line: Int, cells: [String])] {
        var records: [(line: Int, cells: [String])] = []
        var cells: [String] = []
        var cell = ""
        var quoted = false
        var line = 1
        var recordLine = 1
        let body = text.hasPrefix("\u{FEFF}") ? text.dropFirst() : Substring(text)
        var index = body.startIndex
        while index < body.endIndex {
            let char = body[index]
            index = body.index(after: index)
            if quoted {
                if char == "\"" {
                    if index < body.endIndex, body[index] == "\"" {
                        cell.append("\"")
                        index = body.index(after: index)
                    } else {
                        quoted = false
                    }
                } else {
                    if char.isNewline { line += 1 }
                    cell.append(char)
                }
            } else if char == "\"" && cell.isEmpty {
                quoted = true
            } else if char == "," {
                cells.append(cell)
                cell = ""
            } else if char.isNewline {
                cells.append(cell)
                records.append((recordLine, cells))
                cells = []
                cell = ""
                line += 1
                recordLine = line
            } else {
                cell.append(char)
            }
        }
        if !cell.isEmpty || !cells.isEmpty {
            cells.append(cell)
            records.append((recordLine, cells))
        }
        return records
    }
}
