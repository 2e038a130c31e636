/// A calendar month ("2019-06"): the unit of the living subsidy's periods, insurance rows and
/// thresholds. Parsing is range-checked and never traps on hostile input.
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(year: Int, month: Int) {
        guard (1900...2200).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// "2019-06", "2019-6", "2019/06", "201906"; nil for anything else.
    public init?(parsing raw: String) {
        let text = raw.filter { !$0.isWhitespace }
        guard !text.isEmpty, text.utf8.count <= 8 else { return nil }
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "-" || $0 == "/" || $0 == "." }).map(String.init)
        let yearText: String, monthText: String
        if parts.count == 2 {
            (yearText, monthText) = (parts[0], parts[1])
        } else if parts.count == 1, text.utf8.count == 6 {
            (yearText, monthText) = (String(text.prefix(4)), String(text.suffix(2)))
        } else {
            return nil
        }
        guard yearText.utf8.count == 4, (1...2).contains(monthText.utf8.count),
              yearText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), monthText.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let year = Int(yearText), let month = Int(monthText) else { return nil }
        self.init(year: year, month: month)
    }

    /// A month as a form or a sheet writes it (推荐表's 出生年月, a 生源 record's 入学时间): "1995-7",
    /// "1995.07", "1995/07", "1995年7月", or a full date whose day is dropped, read as the 生源
    /// import reads dates (`GraduateDate.parse`: a day the month has not is refused).
    public init?(_ raw: String) {
        guard let date = GraduateDate.parse(CellText.clean(raw)) else { return nil }
        self.init(year: date.year, month: date.month)
    }

    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }

    /// Months since year 0: for counting and comparing.
    public var index: Int { year * 12 + (month - 1) }

    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.index < rhs.index }

    /// This month moved by `months` (negative: back); nil outside 1900–2200.
    public func adding(months: Int) -> YearMonth? {
        guard (-3_600...3_600).contains(months) else { return nil }
        let target = index + months
        return YearMonth(year: target / 12, month: target % 12 + 1)
    }

    /// How many months from `from` through `through`, both included; 0 when `through` is earlier.
    public static func months(from: YearMonth, through: YearMonth) -> Int {
        max(0, through.index - from.index + 1)
    }

    /// Every month from `from` through `through` (at most 1,200).
    public static func range(from: YearMonth, through: YearMonth) -> [YearMonth] {
        guard from <= through, months(from: from, through: through) <= 1_200 else { return [] }
        return (0..<months(from: from, through: through)).compactMap { from.adding(months: $0) }
    }
}
