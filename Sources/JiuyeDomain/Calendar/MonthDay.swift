/// A day of the year without a year (8-31, 12-01): what a school configures for a yearly
/// deadline or opening. 2-29 is accepted and falls on 2-28 in a common year.
public struct MonthDay: Sendable, Equatable, Hashable {
    public let month: Int
    public let day: Int

    /// nil for a day no year has (2-30, 4-31, 13-1).
    public init?(month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= GraduateDate.daysIn(year: 2024, month: month) else { return nil }
        self.month = month
        self.day = day
    }

    /// "MM-DD" (or "M-D"), as a deployment setting gives it; nil for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ (1...2).contains($0.count) && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let month = Int(parts[0]), let day = Int(parts[1]) else { return nil }
        self.init(month: month, day: day)
    }

    /// The day in `year`; nil for a year outside `CivilDate.years`.
    public func date(in year: Int) -> CivilDate? {
        guard CivilDate.years.contains(year) else { return nil }
        return CivilDate(year: year, month: month, day: min(day, GraduateDate.daysIn(year: year, month: month)))
    }
}
