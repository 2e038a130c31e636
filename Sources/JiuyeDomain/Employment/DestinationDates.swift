/// A calendar day (no time, no zone): 聘用起止日期, 离校日期, a minimum wage's 生效日期.
/// Years 1900–2100 only, so arithmetic never overflows and a typo like "20255-07-01" is refused.
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public static let years = 1900...2100

    public init?(year: Int, month: Int, day: Int) {
        guard Self.years.contains(year), (1...12).contains(month),
              day >= 1, day <= GraduateDate.daysIn(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads what people type and spreadsheets hold ("2025-07-01", "2025/7/1", "2025年7月1日",
    /// "20250701", an Excel serial); nil for anything else, a month without a day included.
    public static func parse(_ text: String) -> CivilDate? {
        guard text.utf8.count <= 40 else { return nil }
        guard let date = GraduateDate.parse(CellText.clean(text)), let day = date.day else { return nil }
        return CivilDate(year: date.year, month: date.month, day: day)
    }

    /// "2025-07-01".
    public var description: String {
        String(year) + (month < 10 ? "-0" : "-") + String(month) + (day < 10 ? "-0" : "-") + String(day)
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    /// Days since 1970-01-01 (H. Hinnant's algorithm).
    public var daysSince1970: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init?(daysSince1970 days: Int) {
        guard (-25_567...47_846).contains(days) else { return nil }  // 1900-01-01 … 2100-12-31
        let (year, month, day) = GraduateDate.civil(fromDaysSince1970: days)
        self.init(year: year, month: month, day: day)
    }

    public func adding(days: Int) -> CivilDate? {
        guard (-100_000...100_000).contains(days) else { return nil }
        return CivilDate(daysSince1970: daysSince1970 + days)
    }

    /// The same day `months` later; the 31st becomes the month's last day (08-31 + 6 → 02-28).
    public func adding(months: Int) -> CivilDate? {
        guard (-2_400...2_400).contains(months) else { return nil }
        let index = year * 12 + (month - 1) + months
        let (newYear, newMonth) = (index / 12, index % 12 + 1)
        guard Self.years.contains(newYear) else { return nil }
        return CivilDate(year: newYear, month: newMonth, day: min(day, GraduateDate.daysIn(year: newYear, month: newMonth)))
    }
}

/// 离校后聘用期限不低于6个月 (seed 004 §2(3), 其他录用形式就业; modules review C2).
///
/// The period counts from the later of 聘用起始日期 and 离校日期, and the end date is the last
/// day worked (inclusive): from 2025-07-01, an end of 2025-12-31 is exactly six months and is
/// accepted, 2025-12-30 is not.
public enum EmploymentPeriodRule {
    public static let minimumMonths = 6

    public enum Problem: Equatable, Sendable {
        /// 截止日期 before 起始日期.
        case endsBeforeStart
        /// Shorter than six months after leaving school; `earliestEnd` is the first end date that passes.
        case tooShort(countedFrom: CivilDate, earliestEnd: CivilDate)

        public var message: String {
            switch self {
            case .endsBeforeStart:
                "聘用截止日期早于起始日期，请按聘用证明核对起止日期。"
            case .tooShort(let from, let end):
                "离校后聘用期限不足 \(EmploymentPeriodRule.minimumMonths) 个月：从 \(from) 起算，聘用截止日期应不早于 \(end)。根据审核标准，其他录用形式就业的聘用证明须写明离校后聘用期限不低于6个月，请按聘用证明核对起止日期；如聘用期限确实不足6个月，请改选其他毕业去向。"
            }
        }
    }

    /// The earliest end date that meets the rule for a job starting `start`, for a graduate
    /// leaving school on `leaving` (nil: counted from `start`).
    public static func earliestEnd(start: CivilDate, leaving: CivilDate?) -> (from: CivilDate, end: CivilDate)? {
        let from = max(start, leaving ?? start)
        guard let end = from.adding(months: minimumMonths)?.adding(days: -1) else { return nil }
        return (from, end)
    }

    public static func problem(start: CivilDate, end: CivilDate, leaving: CivilDate?) -> Problem? {
        if end < start { return .endsBeforeStart }
        guard let window = earliestEnd(start: start, leaving: leaving) else { return nil }
        return end < window.end ? .tooShort(countedFrom: window.from, earliestEnd: window.end) : nil
    }
}
