import Foundation

/// One row of the 最低工资标准 table (modules review C2): a region's monthly minimum wage of one
/// 档次, in force from a day until a later row of the same region replaces it.
///
/// A region is a 行政区划 code at any level: a province-wide standard (北京 110000), a city's, or
/// a county's (provinces publish 档次 and assign cities and counties to them; import one row per
/// assigned area).
public struct MinimumWageRow: Hashable, Sendable {
    public let regionCode: String
    /// 档次: 1 is 第一档 (the highest in most provinces).
    public let grade: Int
    /// 月最低工资标准, yuan.
    public let monthlyAmount: Decimal
    /// 小时最低工资标准, yuan; not used by the destination rules, kept for the record.
    public let hourlyAmount: Decimal?
    /// 生效日期 (inclusive).
    public let validFrom: CivilDate

    public static let grades = 1...9
    public static let maximumMonthly: Decimal = 100_000
    public static let maximumHourly: Decimal = 1_000

    /// nil when a value is out of range (see the static bounds; the region is six digits).
    public init?(regionCode: String, grade: Int, monthlyAmount: Decimal, hourlyAmount: Decimal? = nil, validFrom: CivilDate) {
        guard RegionCode.isValid(regionCode), Self.grades.contains(grade),
              monthlyAmount > 0, monthlyAmount <= Self.maximumMonthly else { return nil }
        if let hourlyAmount, hourlyAmount <= 0 || hourlyAmount > Self.maximumHourly { return nil }
        self.regionCode = regionCode
        self.grade = grade
        self.monthlyAmount = monthlyAmount
        self.hourlyAmount = hourlyAmount
        self.validFrom = validFrom
    }
}

/// The standard that applies to a place on a day.
public struct MinimumWageStandard: Equatable, Sendable {
    /// The row compared with: the lowest amount when the region has several 档次 on that day.
    public let applied: MinimumWageRow
    /// The other 档次 of the same region and day: non-empty means the table does not say which
    /// one applies, and the reviewer should confirm.
    public let otherGrades: [MinimumWageRow]

    public var monthlyAmount: Decimal { applied.monthlyAmount }
}

/// The effective-dated 最低工资标准 table. Built once from the imported rows; look-ups are cheap.
public struct MinimumWageTable: Sendable {
    public let rows: [MinimumWageRow]
    private let byRegion: [String: [MinimumWageRow]]

    public init(rows: [MinimumWageRow]) {
        self.rows = rows
        self.byRegion = Dictionary(grouping: rows, by: \.regionCode)
    }

    /// The standard for `regionCode` (six digits) on `date`: the most specific region that has a
    /// row in force (county, then its city, then its province), and of that region's rows the
    /// latest one in force on `date`. A row valid from a later day is never used.
    ///
    /// Specific beats recent: a county row of 2023 wins over a province row of 2024. When a
    /// province adjusts its standards, import the new rows of every area it assigns, not only
    /// the province's.
    public func standard(for regionCode: String, on date: CivilDate) -> MinimumWageStandard? {
        for region in RegionCode.selfAndAncestors(regionCode) {
            let inForce = (byRegion[region] ?? []).filter { $0.validFrom <= date }
            guard let latest = inForce.map(\.validFrom).max() else { continue }
            let sameDay = inForce.filter { $0.validFrom == latest }.sorted { ($0.monthlyAmount, $0.grade) < ($1.monthlyAmount, $1.grade) }
            return MinimumWageStandard(applied: sameDay[0], otherGrades: Array(sameDay.dropFirst()))
        }
        return nil
    }
}

/// 工资收入（薪酬、收入）不低于当地最低工资标准: seed 004 §2(3) for 其他录用形式就业, 科研助理、
/// 管理助理 (271) and 自由职业 (modules review C2). Equal to the standard passes.
public enum MinimumWageRule {
    public enum Outcome: Equatable, Sendable {
        case meets(MinimumWageStandard)
        case below(MinimumWageStandard)
        /// The table has no row for the place in force on the day: the reviewer checks by hand.
        case noStandard
    }

    public static func evaluate(monthlyIncome: Decimal, regionCode: String, on date: CivilDate, table: MinimumWageTable) -> Outcome {
        guard let standard = table.standard(for: regionCode, on: date) else { return .noStandard }
        return monthlyIncome >= standard.monthlyAmount ? .meets(standard) : .below(standard)
    }

    /// How the manual words the rule for a category, for messages.
    static func requirement(for categoryCode: String) -> String {
        switch categoryCode {
        case "271": "科研助理、管理助理的薪酬需达到当地最低工资标准"
        case "76": "自由职业的收入需达到当地最低工资标准"
        default: "其他录用形式就业的工资收入不得低于当地最低工资标准"
        }
    }
}
