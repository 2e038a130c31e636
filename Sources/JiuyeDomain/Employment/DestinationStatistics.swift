// 去向落实率 (modules review C15): which 毕业去向 codes count in which group, over which
// graduates, from which records, and the rates computed from the counts the app queries.
//
// - Denominator (毕业生总数): every graduate of the cohort (届别) and education level in scope,
//   结业生 included (教学厅〔2023〕5号: "毕业生(含结业生)"). The app passes this count.
// - Numerator: 审核通过 records only (the version in force on the statistics date), one per
//   graduate. Two figures (C5): 仅本人确认 counts the records the graduate registered or
//   confirmed; 含未确认 adds the staff-entered (代录) records not yet confirmed. A record the
//   graduate disputes (有异议) counts in neither until the school has dealt with it.
// - 去向落实率 = 单位就业率 + 自主创业率 + 自由职业率 + 升学率, each rounded half up to 0.01%,
//   so the page adds up; it may differ from the placed count over the denominator by at most
//   0.02 percentage points.

/// 统计口径: a versioned mapping from 毕业去向 code to `DestinationGroup`. A rate quoted "截至
/// 8月31日" is recomputed later with the mapping that was in effect on that date.
public struct DestinationStatisticsMapping: Sendable, Equatable {
    /// One line of the mapping: a code alone, or a code with its sub-codes.
    public struct Rule: Sendable, Equatable {
        public let code: String
        /// True: the code and every sub-code, i.e. the code followed by one or two digits or
        /// capital letters (271, 50L1, 754, 70L7).
        public let includesSubcodes: Bool
        public let group: DestinationGroup

        public static func code(_ code: String, _ group: DestinationGroup) -> Rule {
            Rule(code: code, includesSubcodes: false, group: group)
        }

        public static func family(_ code: String, _ group: DestinationGroup) -> Rule {
            Rule(code: code, includesSubcodes: true, group: group)
        }

        public func matches(_ candidate: String) -> Bool {
            if candidate == code { return true }
            guard includesSubcodes, candidate.hasPrefix(code) else { return false }
            let rest = candidate.dropFirst(code.count)
            return (1...2).contains(rest.count)
                && rest.allSatisfy { $0.isASCII && ($0.isNumber || $0.isUppercase) }
        }
    }

    public let version: String
    /// The first statistics date (截至日期) this mapping applies to.
    public let effectiveFrom: CivilDate
    /// Checked in order; the first that matches decides.
    public let rules: [Rule]

    public init(version: String, effectiveFrom: CivilDate, rules: [Rule]) {
        self.version = version
        self.effectiveFrom = effectiveFrom
        self.rules = rules
    }

    /// The group a code counts in; nil for a code this mapping does not know (not counted).
    public func group(of code: String) -> DestinationGroup? {
        rules.first { $0.matches(code) }?.group
    }

    /// 口径 2023-1: the codes of seed 004 §2(2) and the national list (PRODUCT.md §8). Effective
    /// from 2023-01-01, the year of 教学厅〔2023〕5号 (an assumption for the school to confirm).
    public static let v2023 = DestinationStatisticsMapping(
        version: "2023-1",
        effectiveFrom: CivilDate(year: 2023, month: 1, day: 1)!,
        rules: [
            .code("10", .unitEmployment), .code("11", .unitEmployment), .code("12", .unitEmployment),
            .family("27", .unitEmployment), .code("46", .unitEmployment),
            .family("50", .unitEmployment), .family("51", .unitEmployment),
            .family("75", .entrepreneurship),
            .code("76", .freelance),
            .family("80", .furtherStudy), .code("85", .furtherStudy),
            .family("70", .awaitingEmployment),
            .family("71", .notSeekingEmployment), .family("72", .notSeekingEmployment),
        ]
    )

    /// Every mapping ever published, oldest first. Never edit one: publish a new version.
    public static let versions: [DestinationStatisticsMapping] = [.v2023]

    /// The mapping for statistics as of `date`: the latest whose `effectiveFrom` is not after it
    /// (of two with the same date, the later in the list).
    public static func inEffect(on date: CivilDate, among versions: [DestinationStatisticsMapping] = versions) -> DestinationStatisticsMapping? {
        versions.reduce(DestinationStatisticsMapping?.none) { best, candidate in
            guard candidate.effectiveFrom <= date else { return best }
            guard let best, best.effectiveFrom > candidate.effectiveFrom else { return candidate }
            return best
        }
    }
}

/// One definition shown on the statistics page.
public struct DestinationStatisticsDefinition: Sendable, Equatable {
    public let title: String
    public let text: String
}

extension DestinationStatisticsMapping {
    /// The groups whose rates add up to 去向落实率, in the page's order.
    public static let placedGroups: [DestinationGroup] = [.unitEmployment, .entrepreneurship, .freelance, .furtherStudy]

    /// The 口径 as Chinese sentences: 单位就业, 自主创业, 自由职业, 升学, 未落实, 去向落实率.
    public var definitions: [DestinationStatisticsDefinition] {
        let placed = Self.placedGroups.map { group in
            DestinationStatisticsDefinition(
                title: group.label,
                text: "\(group.label)：计入毕业去向为以下之一、且去向登记已经学校审核通过的毕业生——\(items { $0 == group })。"
            )
        }
        let notPlaced = DestinationStatisticsDefinition(
            title: "未落实",
            text: "未落实（不计入去向落实率）：毕业去向为以下之一的毕业生——\(items { !$0.countsAsPlaced })；没有学校审核通过的去向登记、或去向代码不在本口径中的毕业生同样不计入。"
        )
        let rate = DestinationStatisticsDefinition(
            title: "去向落实率",
            text: "去向落实率 = 单位就业率 + 自主创业率 + 自由职业率 + 升学率。各项比率 = 该项人数 ÷ 毕业生总数，分母为统计范围内同一届别、同一学历层次的全部毕业生（含结业生）；只计学校审核通过的去向登记，每名毕业生计一条。“仅本人确认”口径只计本人登记或本人已确认的记录，“含未确认”口径另计学校代为录入、本人尚未确认的记录；本人有异议的记录两种口径均不计入。百分比保留两位小数（四舍五入），去向落实率为四项百分比之和。统计口径版本 \(version)，自 \(effectiveFrom) 起执行。"
        )
        return placed + [notPlaced, rate]
    }

    /// "10 签就业协议形式就业；27 开头的科研助理、管理助理（271、272）；…" for the rules of some groups.
    private func items(_ include: (DestinationGroup) -> Bool) -> String {
        rules.filter { include($0.group) }.map(Self.describe).joined(separator: "；")
    }

    private static func describe(_ rule: Rule) -> String {
        let own = DestinationForm.category(rule.code)
        guard rule.includesSubcodes else { return own.map { "\(rule.code) \($0.label)" } ?? rule.code }
        let known = DestinationForm.categories.map(\.code) + DestinationForm.retiredCategories.map(\.code)
            + DestinationSubtype.all.map(\.key)
        let subcodes = known.filter { $0 != rule.code && rule.matches($0) }
        let label = DestinationHeading(rawValue: rule.code)?.label ?? own?.label ?? ""
        guard !subcodes.isEmpty else { return "\(rule.code) \(label)" }
        let listed = (own == nil ? [] : [rule.code]) + subcodes
        return "\(rule.code) 开头的\(label)（\(listed.joined(separator: "、"))）"
    }
}

/// 审核通过 records of one 毕业去向 code as of the statistics date, by 本人确认.
public struct DestinationCount: Sendable, Equatable {
    public var code: String
    /// Registered by the graduate, or entered by staff and confirmed by the graduate (已确认).
    public var confirmed: Int
    /// Entered by staff (代录) and not yet confirmed (未确认).
    public var unconfirmed: Int
    /// The graduate disputes it (有异议): counted in neither figure.
    public var disputed: Int

    public init(code: String, confirmed: Int = 0, unconfirmed: Int = 0, disputed: Int = 0) {
        self.code = code
        self.confirmed = confirmed
        self.unconfirmed = unconfirmed
        self.disputed = disputed
    }
}

/// A percentage held as basis points (1 = 0.01%).
public enum DestinationRate {
    /// `part / whole` in basis points, rounded half up; nil when `whole` is not positive, `part`
    /// is negative, or the product would overflow (never traps).
    public static func basisPoints(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0, part >= 0 else { return nil }
        let (scaled, overflow) = part.multipliedReportingOverflow(by: 10_000)
        guard !overflow else { return nil }
        let (quotient, remainder) = scaled.quotientAndRemainder(dividingBy: whole)
        // remainder ≥ whole / 2 without computing 2 × remainder (which could overflow).
        return remainder >= whole - remainder ? quotient + 1 : quotient
    }

    /// "95.27%"; "—" when there is no rate (no graduates in scope).
    public static func text(_ basisPoints: Int?) -> String {
        guard let basisPoints, basisPoints >= 0 else { return "—" }
        let cents = basisPoints % 100
        return "\(basisPoints / 100).\(cents < 10 ? "0" : "")\(cents)%"
    }
}

/// One figure (仅本人确认 or 含未确认): graduates per group and the rates.
public struct DestinationFigure: Sendable, Equatable {
    public let graduates: Int
    /// Approved records per group (every group, the two not placed included).
    public let counts: [DestinationGroup: Int]
    /// Approved records whose code the mapping does not know: not placed.
    public let unmapped: Int

    public func count(_ group: DestinationGroup) -> Int { counts[group] ?? 0 }

    /// The group's rate in basis points; nil when there are no graduates in scope.
    public func rate(_ group: DestinationGroup) -> Int? {
        DestinationRate.basisPoints(count(group), of: graduates)
    }

    /// 已落实: the four placed groups.
    public var placed: Int {
        DestinationStatisticsMapping.placedGroups.reduce(0) { $0 + count($1) }
    }

    /// 未落实: everyone else in the denominator, graduates without an approved record included.
    public var notPlaced: Int { graduates - placed }

    /// 去向落实率: the sum of the four rounded rates; nil when there are no graduates in scope.
    public var placementRate: Int? {
        let parts = DestinationStatisticsMapping.placedGroups.map(rate)
        guard parts.allSatisfy({ $0 != nil }) else { return nil }
        return parts.reduce(0) { $0 + ($1 ?? 0) }
    }
}

/// Why rates cannot be computed from the counts given.
public enum DestinationStatisticsProblem: Error, Equatable, Sendable {
    /// A negative count; `code` nil: the number of graduates.
    case negativeCount(code: String?)
    /// A count above `DestinationRates.maximumGraduates`, or counts whose sum would overflow.
    case tooLarge
    /// More approved records than graduates in scope.
    case countedExceedsGraduates(counted: Int, graduates: Int)
    case mappingNotInEffect(version: String, effectiveFrom: CivilDate, asOf: CivilDate)

    public var message: String {
        switch self {
        case .negativeCount(nil):
            "毕业生人数不能为负数，请检查统计范围。"
        case .negativeCount(let code?):
            "去向代码 \(code) 的记录数为负数，请检查统计数据。"
        case .tooLarge:
            "统计人数超出可计算的范围（毕业生总数最多 \(DestinationRates.maximumGraduates) 人），请检查统计范围。"
        case .countedExceedsGraduates(let counted, let graduates):
            "审核通过的去向登记（\(counted) 条）多于毕业生总数（\(graduates) 人）。分母应为同一届别、同一学历层次的全部毕业生（含结业生），每名毕业生只计一条生效的去向登记，请检查统计范围。"
        case .mappingNotInEffect(let version, let effectiveFrom, let asOf):
            "统计口径 \(version) 自 \(effectiveFrom) 起执行，不能用于截至 \(asOf) 的统计。"
        }
    }
}

/// 去向落实率 of a cohort and level as of a date, in both figures.
public struct DestinationRates: Sendable, Equatable {
    /// More than any cohort, so rates never overflow (10 000 × this fits in an Int).
    public static let maximumGraduates = 100_000_000

    public let asOf: CivilDate
    public let mappingVersion: String
    /// 毕业生总数 (结业生 included).
    public let graduates: Int
    /// 仅本人确认.
    public let confirmedOnly: DestinationFigure
    /// 含未确认.
    public let includingUnconfirmed: DestinationFigure
    /// 有异议 records, counted in neither figure.
    public let disputed: Int
    /// Codes of approved records the mapping does not know, sorted: to fix in the dictionary.
    public let unmappedCodes: [String]

    /// Rates from the app's counts. `graduates` is every graduate of the cohort and level in
    /// scope, 结业生 included; `counts` are the approved records as of `asOf` (a code may appear
    /// more than once: the counts add up).
    public static func compute(
        asOf: CivilDate, graduates: Int, counts: [DestinationCount], mapping: DestinationStatisticsMapping
    ) -> Result<DestinationRates, DestinationStatisticsProblem> {
        guard mapping.effectiveFrom <= asOf else {
            return .failure(.mappingNotInEffect(version: mapping.version, effectiveFrom: mapping.effectiveFrom, asOf: asOf))
        }
        guard graduates >= 0 else { return .failure(.negativeCount(code: nil)) }
        guard graduates <= maximumGraduates else { return .failure(.tooLarge) }
        var confirmed: [DestinationGroup: Int] = [:], unconfirmed: [DestinationGroup: Int] = [:]
        var unmappedConfirmed = 0, unmappedUnconfirmed = 0, disputed = 0, total = 0
        var unmappedCodes: Set<String> = []
        for count in counts {
            guard count.confirmed >= 0, count.unconfirmed >= 0, count.disputed >= 0 else {
                return .failure(.negativeCount(code: count.code))
            }
            guard let records = sum([total, count.confirmed, count.unconfirmed, count.disputed]),
                  let newDisputed = sum([disputed, count.disputed]) else { return .failure(.tooLarge) }
            // Every partial sum below is at most `records`, so none of them overflows.
            total = records
            disputed = newDisputed
            if let group = mapping.group(of: count.code) {
                confirmed[group, default: 0] += count.confirmed
                unconfirmed[group, default: 0] += count.unconfirmed
            } else {
                unmappedCodes.insert(count.code)
                unmappedConfirmed += count.confirmed
                unmappedUnconfirmed += count.unconfirmed
            }
        }
        guard total <= graduates else { return .failure(.countedExceedsGraduates(counted: total, graduates: graduates)) }
        var including = confirmed
        for (group, value) in unconfirmed { including[group, default: 0] += value }
        return .success(DestinationRates(
            asOf: asOf,
            mappingVersion: mapping.version,
            graduates: graduates,
            confirmedOnly: DestinationFigure(graduates: graduates, counts: confirmed, unmapped: unmappedConfirmed),
            includingUnconfirmed: DestinationFigure(graduates: graduates, counts: including,
                                                    unmapped: unmappedConfirmed + unmappedUnconfirmed),
            disputed: disputed,
            unmappedCodes: unmappedCodes.sorted()
        ))
    }

    private static func sum(_ values: [Int]) -> Int? {
        var result = 0
        for value in values {
            let (next, overflow) = result.addingReportingOverflow(value)
            if overflow { return nil }
            result = next
        }
        return result
    }
}
