/// 全国系统信息反馈 (seed 004 §2(5); modules review C8): the rows the national system refused,
/// read from the feedback file's cells. Each readable row is matched by 年度 + 学历 + 考生号 (or
/// the app's keyed hash of 证件号码) and routed by its 错误类型 to the 生源, 登记 or 档案 record;
/// fixing is staff work, so the app puts the rows in the staff work queue, not in students' SMS.
public enum NationalFeedback {
    /// One column the reader looks for, with the header names it accepts.
    enum Column: CaseIterable {
        case cohort, education, examineeNumber, documentNumber, name, errorType, reason

        var aliases: [String] {
            switch self {
            case .cohort: ["年度", "届别", "毕业年度", "毕业年份", "届次", "nd"]
            case .education: ["学历", "学历代码", "学历层次", "xl", "xldm"]
            case .examineeNumber: ["考生号", "考生编号", "高考考生号", "ksh"]
            case .documentNumber: ["身份证号", "证件号码", "身份证号码", "证件号", "公民身份号码", "sfzh"]
            case .name: ["姓名", "xm"]
            case .errorType: ["错误类型", "反馈类型", "错误类别", "上报错误类型", "cwlx"]
            case .reason: ["错误原因", "错误信息", "错误描述", "反馈原因", "反馈信息", "反馈结果", "不通过原因", "cwyy"]
            }
        }

        var label: String { aliases[0] }
    }

    /// A readable row, with where it goes.
    public struct Item: Sendable, Equatable {
        /// The row's number in the sheet (the header is row 1 when it is the first row).
        public let rowNumber: Int
        public let key: NationalRecordKey
        /// 证件号码 as given (upper-cased, no spaces), for matching by its keyed hash; nil when absent.
        public let documentNumber: String?
        public let name: String?
        /// The record the row is routed to (`.source`, `.destination` or `.archive`).
        public let errorType: NationalErrorType
        /// 错误原因 as given.
        public let reason: String
        /// The seed's error the reason names, when it names one.
        public let kind: NationalErrorKind?

        /// The seed's fix, when the reason is one it lists.
        public var fix: String? { kind?.fix }
    }

    /// One data row: routed, or why it could not be read (in Chinese, with the row number).
    public enum Line: Sendable, Equatable {
        case routed(Item)
        case unreadable(rowNumber: Int, problem: String)

        public var rowNumber: Int {
            switch self {
            case .routed(let item): item.rowNumber
            case .unreadable(let rowNumber, _): rowNumber
            }
        }
    }

    /// Reads a feedback sheet: the first non-empty row is the header; blank rows are skipped.
    /// `educationCode` turns a 学历 cell into its code ("本科生毕业" → "31"); nil keeps the cell
    /// as given. Throws, in Chinese, when the header lacks a column the match needs.
    public static func parse(_ rows: [[String]], educationCode: ((String) -> String?)? = nil) throws(ValidationError) -> [Line] {
        guard let headerIndex = rows.firstIndex(where: { !isBlank($0) }) else {
            throw ValidationError(field: "feedback", message: "反馈文件是空的，请上传全国系统导出的反馈文件。")
        }
        let titles = rows[headerIndex].map(GraduateRecordForm.normalisedTitle)
        var index: [Column: Int] = [:]
        for column in Column.allCases {
            let names = Set(column.aliases.map(GraduateRecordForm.normalisedTitle))
            index[column] = titles.firstIndex(where: names.contains)
        }
        var missing = [Column.cohort, .education, .examineeNumber].filter { index[$0] == nil }.map(\.label)
        if index[.errorType] == nil, index[.reason] == nil { missing.append("错误类型") }
        guard missing.isEmpty else {
            let names = missing.map { "“\($0)”" }.joined()
            throw ValidationError(field: "feedback", message: "反馈文件缺少\(names)列（考生号在不同年度、学历中可能重复，须三项一起核对），请上传全国系统导出的原始反馈文件。")
        }
        return rows.indices.dropFirst(headerIndex + 1).compactMap { rowIndex in
            let cells = rows[rowIndex]
            guard !isBlank(cells) else { return nil }
            func cell(_ column: Column) -> String {
                guard let position = index[column], position < cells.count else { return "" }
                return WorkflowText.trimmed(cells[position])
            }
            return line(rowNumber: rowIndex + 1, cell: cell, educationCode: educationCode)
        }
    }

    static func line(rowNumber: Int, cell: (Column) -> String, educationCode: ((String) -> String?)?) -> Line {
        func unreadable(_ problem: String) -> Line { .unreadable(rowNumber: rowNumber, problem: "第 \(rowNumber) 行：\(problem)") }
        let yearText = cell(.cohort)
        guard !yearText.isEmpty else { return unreadable("缺少年度，无法对应到毕业生。") }
        guard let cohort = year(yearText) else { return unreadable("年度“\(yearText)”无法识别，应为四位年份（如 2025）。") }
        let educationText = CellText.compact(cell(.education))
        guard !educationText.isEmpty else { return unreadable("缺少学历，无法对应到毕业生（考生号在不同学历中可能重复）。") }
        var education = educationText
        if let educationCode {
            guard let code = educationCode(educationText) else { return unreadable("学历“\(educationText)”不在学历代码表中。") }
            education = code
        }
        let examinee = CellText.droppingZeroFraction(CellText.compact(cell(.examineeNumber)))
        guard !examinee.isEmpty else { return unreadable("缺少考生号，无法对应到毕业生。") }
        if CellText.isScientificNotation(examinee) {
            return unreadable("考生号“\(examinee)”被表格软件改成了科学计数法，请把该列设为文本后重新导出。")
        }
        let reason = cell(.reason)
        let kind = NationalErrorKind.recognise(reason)
        let typeText = cell(.errorType)
        let errorType: NationalErrorType
        if let given = NationalErrorType(feedbackText: typeText) {
            errorType = given
        } else if typeText.isEmpty, let kind {
            errorType = kind.errorType
        } else {
            let choices = NationalErrorType.allCases.map(\.label).joined(separator: "、")
            return unreadable(typeText.isEmpty ? "缺少错误类型，且无法从错误原因判断，应为\(choices)之一。"
                                               : "错误类型“\(typeText)”无法识别，应为\(choices)之一。")
        }
        let document = CellText.asciiUppercased(CellText.compact(cell(.documentNumber)))
        let name = cell(.name)
        return .routed(Item(rowNumber: rowNumber, key: NationalRecordKey(cohort: cohort, education: education, examineeNumber: examinee),
                            documentNumber: document.isEmpty ? nil : document, name: name.isEmpty ? nil : name,
                            errorType: errorType, reason: reason, kind: kind))
    }

    /// "2025", "2025届", "2025年", "2025.0" → 2025 (2000–2100).
    static func year(_ text: String) -> Int? {
        var plain = CellText.droppingZeroFraction(CellText.compact(text))
        for suffix in ["届", "年"] where plain.hasSuffix(suffix) { plain.removeLast() }
        guard plain.utf8.count == 4, let value = CellText.integer(Substring(plain).utf8), (2000...2100).contains(value) else { return nil }
        return value
    }

    static func isBlank(_ cells: [String]) -> Bool {
        cells.allSatisfy { WorkflowText.trimmed($0).isEmpty }
    }
}
