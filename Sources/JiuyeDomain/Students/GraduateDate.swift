/// 入学日期 / 毕业日期: a month, or a day when the cell gives one.
///
/// Reads what spreadsheets hold: "2022-09", "2022-9-1", "2022/9/1", "2022.09", "202209",
/// "20220901", "2022年9月", "2022年9月1日", "2022-09-01 00:00:00", and Excel's date
/// serial numbers ("44805" = 2022-09-01) from cells formatted as dates.
public struct GraduateDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    /// nil when the cell gave only a month.
    public let day: Int?

    public init?(year: Int, month: Int, day: Int? = nil) {
        guard (1900...2100).contains(year), (1...12).contains(month) else { return nil }
        if let day {
            guard day >= 1, day <= Self.daysIn(year: year, month: month) else { return nil }
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// "2022-09" or "2022-09-01".
    public var description: String {
        var text = String(year) + (month < 10 ? "-0" : "-") + String(month)
        if let day { text += (day < 10 ? "-0" : "-") + String(day) }
        return text
    }

    /// Months compare first; a month without a day sorts before that month's days.
    public static func < (a: GraduateDate, b: GraduateDate) -> Bool {
        (a.year, a.month, a.day ?? 0) < (b.year, b.month, b.day ?? 0)
    }

    /// Whether `self` falls in a later month, or on a later day of the same month when both give days.
    func isLater(than other: GraduateDate) -> Bool {
        if (year, month) != (other.year, other.month) { return (year, month) > (other.year, other.month) }
        guard let day, let otherDay = other.day else { return false }
        return day > otherDay
    }

    /// Parses a cleaned cell (see `CellText.clean`); nil when it is not a date.
    public static func parse(_ text: String) -> GraduateDate? {
        var groups: [Substring.UTF8View] = []
        var start: String.Index? = nil
        var sawTime = false
        let scalars = text.unicodeScalars
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let value = scalars[index].value
            if value >= 0x30 && value <= 0x39 {
                if start == nil { start = index }
            } else {
                switch value {
                case 0x2D, 0x2F, 0x2E, 0x20, 0x54, 0x5E74, 0x6708, 0x65E5, 0x53F7: break  // - / . space T 年 月 日 号
                case 0x3A: sawTime = true  // ":" of a time of day
                default: return nil
                }
                if let s = start {
                    groups.append(text[s..<index].utf8)
                    start = nil
                }
            }
            index = scalars.index(after: index)
        }
        if let s = start { groups.append(text[s..<text.endIndex].utf8) }
        // "2022-09-01 08:00:00": the time of day is ignored.
        if sawTime, groups.count > 3 { groups.removeSubrange(3...) }

        switch groups.count {
        case 1:
            let only = groups[0]
            switch only.count {
            case 5: return fromExcelSerial(only)
            case 6: return make(only.prefix(4), only.dropFirst(4), nil)
            case 8: return make(only.prefix(4), only.dropFirst(4).prefix(2), only.dropFirst(6))
            default: return nil
            }
        case 2:
            // "44805.5" (a serial with a time of day) or "2022.09"
            if groups[0].count == 5, text.utf8.contains(0x2E) { return fromExcelSerial(groups[0]) }
            guard groups[0].count == 4, (1...2).contains(groups[1].count) else { return nil }
            return make(groups[0], groups[1], nil)
        case 3:
            guard groups[0].count == 4, (1...2).contains(groups[1].count), (1...2).contains(groups[2].count) else { return nil }
            return make(groups[0], groups[1], groups[2])
        default:
            return nil
        }
    }

    private static func make(_ y: Substring.UTF8View, _ m: Substring.UTF8View, _ d: Substring.UTF8View?) -> GraduateDate? {
        guard let year = CellText.integer(y), let month = CellText.integer(m) else { return nil }
        if let d {
            guard let day = CellText.integer(d) else { return nil }
            return GraduateDate(year: year, month: month, day: day)
        }
        return GraduateDate(year: year, month: month)
    }

    /// Excel's serial day number (1900 date system): day 25,569 is 1970-01-01.
    /// Five digits cover 1927-10-19 (10,000) to 2173; we accept 1950 to 2100.
    private static func fromExcelSerial(_ digits: Substring.UTF8View) -> GraduateDate? {
        guard let serial = CellText.integer(digits), (18_264...73_415).contains(serial) else { return nil }
        let (year, month, day) = civil(fromDaysSince1970: serial - 25_569)
        return GraduateDate(year: year, month: month, day: day)
    }

    /// Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    static func civil(fromDaysSince1970 days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(year: Int, month: Int) -> Int { ChineseIDNumber.Day.daysInMonth(year: year, month: month) }
}
