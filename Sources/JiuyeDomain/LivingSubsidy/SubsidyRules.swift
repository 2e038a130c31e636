/// 学历 as the living subsidy distinguishes it (seed 002: 本科生 / 研究生、博士生).
public enum SubsidyEducation: String, CaseIterable, Sendable {
    case bachelor = "本科"
    case master = "硕士研究生"
    case doctor = "博士研究生"

    public var label: String { rawValue }
}

/// 申报类型 (review E7). Assumption: the city's subsidy has these two kinds ("生活租房补助").
public enum SubsidyKind: String, CaseIterable, Sendable {
    case living = "生活补贴"
    case rent = "租房补贴"
}

/// 申领类型, derived and checked (seed 002: "没有领取过即为新申领，有申报了则为续领").
public enum ClaimType: String, Sendable {
    case new = "新申领"
    case renewal = "续领"

    public static func derived(previousApprovedApplications: Int) -> ClaimType {
        previousApprovedApplications > 0 ? .renewal : .new
    }
}

/// The earliest 企业养老 contribution month allowed, effective-dated per 学历 (review E12).
public struct InsuranceThreshold: Sendable, Equatable {
    public var effectiveFrom: YearMonth
    public var education: SubsidyEducation
    public var earliest: YearMonth

    public init(effectiveFrom: YearMonth, education: SubsidyEducation, earliest: YearMonth) {
        self.effectiveFrom = effectiveFrom
        self.education = education
        self.earliest = earliest
    }
}

/// The monthly standard, effective-dated per 学历 (review E8(e)).
public struct SubsidyStandard: Sendable, Equatable {
    public var effectiveFrom: YearMonth
    public var education: SubsidyEducation
    public var monthlyFen: Int64

    public init(effectiveFrom: YearMonth, education: SubsidyEducation, monthlyFen: Int64) {
        self.effectiveFrom = effectiveFrom
        self.education = education
        self.monthlyFen = monthlyFen
    }
}

/// The city's share of a subsidy in per mille, per 学历 and county (nil: every county),
/// effective-dated like the other parameters (E10).
public struct FundingShare: Sendable, Equatable {
    public var effectiveFrom: YearMonth
    public var education: SubsidyEducation
    public var county: String?
    public var cityPerMille: Int

    public init(effectiveFrom: YearMonth = SubsidyRules.policyStart, education: SubsidyEducation, county: String?, cityPerMille: Int) {
        self.effectiveFrom = effectiveFrom
        self.education = education
        self.county = county
        self.cityPerMille = cityPerMille
    }
}

/// The rules of 补助申请 (seed 002) and review E8 (a)–(e).
public enum SubsidyRules {
    private static func ym(_ year: Int, _ month: Int) -> YearMonth { YearMonth(year: year, month: month)! }

    /// Assumption: the month today's rules took effect (the defaults' 生效年月).
    public static let policyStart = YearMonth(year: 2019, month: 6)!

    /// Today's thresholds (seed 002): 研究生、博士生 not before 2017-01, 本科生 not before 2019-06.
    /// Assumption: in force since 2019-06 (the city may add later rows).
    public static let defaultThresholds: [InsuranceThreshold] = [
        InsuranceThreshold(effectiveFrom: ym(2019, 6), education: .bachelor, earliest: ym(2019, 6)),
        InsuranceThreshold(effectiveFrom: ym(2019, 6), education: .master, earliest: ym(2017, 1)),
        InsuranceThreshold(effectiveFrom: ym(2019, 6), education: .doctor, earliest: ym(2017, 1)),
    ]

    /// Placeholder standards (the seed gives none; the city sets its own): 本科 500, 硕士 1,000,
    /// 博士 1,500 yuan a month from 2019-06.
    public static let defaultStandards: [SubsidyStandard] = [
        SubsidyStandard(effectiveFrom: ym(2019, 6), education: .bachelor, monthlyFen: 50_000),
        SubsidyStandard(effectiveFrom: ym(2019, 6), education: .master, monthlyFen: 100_000),
        SubsidyStandard(effectiveFrom: ym(2019, 6), education: .doctor, monthlyFen: 150_000),
    ]

    /// Assumption (seed 002: "本科生的补助资金市里出一部分，县区承担一部分"): the city pays half of a
    /// bachelor's subsidy and all of a master's or doctor's.
    public static let defaultShares: [FundingShare] = [
        FundingShare(education: .bachelor, county: nil, cityPerMille: 500),
        FundingShare(education: .master, county: nil, cityPerMille: 1_000),
        FundingShare(education: .doctor, county: nil, cityPerMille: 1_000),
    ]

    /// What the social-insurance adapter says of a person.
    public struct InsuranceRecord: Sendable {
        public var months: Set<YearMonth>
        /// 正常参保 (在职人员).
        public var inService: Bool
        /// 正常社保卡: the account the money goes to is read from it.
        public var cardNormal: Bool
        public var bankName: String?
        public var account: String?

        public init(months: Set<YearMonth>, inService: Bool, cardNormal: Bool, bankName: String? = nil, account: String? = nil) {
            self.months = months
            self.inService = inService
            self.cardNormal = cardNormal
            self.bankName = bankName
            self.account = account
        }
    }

    /// The threshold in force today for this 学历 (the latest effective row not after today).
    public static func threshold(_ education: SubsidyEducation, today: YearMonth, thresholds: [InsuranceThreshold] = defaultThresholds) -> InsuranceThreshold? {
        thresholds.filter { $0.education == education && $0.effectiveFrom <= today }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    /// The check before the form; nil: may apply.
    public static func insuranceRefusal(_ record: InsuranceRecord?, education: SubsidyEducation, today: YearMonth,
                                        thresholds: [InsuranceThreshold] = defaultThresholds) -> String? {
        guard let record, let earliest = record.months.min() else { return "系统未查到你参加企业养老保险的记录，不能申报。" }
        guard record.inService else { return "你的企业养老保险不是正常参保状态（在职人员），不能申报。" }
        if let threshold = threshold(education, today: today, thresholds: thresholds), earliest < threshold.earliest {
            return "你的企业养老保险最早缴费年月为 \(earliest)，\(education == .bachelor ? "本科生" : "研究生、博士生")最早缴费年月不得早于 \(threshold.earliest)，不能申报。"
        }
        guard record.cardNormal else { return "你的社保卡不是正常状态，补助资金无法发放，请先到社保卡服务网点办理。" }
        return nil
    }

    /// E8(c): the period of one application.
    public static func rangeProblem(start: YearMonth, end: YearMonth, graduation: YearMonth, firstWork: YearMonth, firstInsured: YearMonth?,
                                    today: YearMonth, maxMonths: Int = 36) -> String? {
        if end < start { return "补贴终止年月不能早于起始年月。" }
        let earliest = [graduation, firstWork, firstInsured].compactMap { $0 }.max()!
        if start < earliest { return "补贴起始年月不能早于 \(earliest)（毕业时间、参加工作时间和首次参保年月中最晚的一个）。" }
        if today < end { return "补贴终止年月不能晚于本月（\(today)）。" }
        if YearMonth.months(from: start, through: end) > maxMonths { return "一次最多申报 \(maxMonths) 个月。" }
        return nil
    }

    public struct Computation: Sendable, Equatable {
        public var months: Int
        public var unpaidMonths: [YearMonth]
        public var paidMonths: Int
        public var amountFen: Int64
    }

    /// Months in the range, those without a contribution (扣发), those paid, and the amount: each
    /// paid month at the standard in force that month. nil when a paid month has no standard.
    public static func compute(start: YearMonth, end: YearMonth, insured: Set<YearMonth>, education: SubsidyEducation,
                               standards: [SubsidyStandard] = defaultStandards) -> Computation? {
        let months = YearMonth.range(from: start, through: end)
        guard !months.isEmpty else { return nil }
        let rows = standards.filter { $0.education == education }.sorted { $0.effectiveFrom < $1.effectiveFrom }
        var unpaid: [YearMonth] = []
        var amount: Int64 = 0
        for month in months {
            guard insured.contains(month) else { unpaid.append(month); continue }
            guard let standard = rows.last(where: { $0.effectiveFrom <= month }), (0...100_000_000).contains(standard.monthlyFen) else { return nil }
            amount += standard.monthlyFen
        }
        return Computation(months: months.count, unpaidMonths: unpaid, paidMonths: months.count - unpaid.count, amountFen: amount)
    }

    /// A civil date "yyyy-MM-dd" as (year, month, day), range-checked; nil otherwise.
    static func date(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].utf8.count == 4, (1...2).contains(parts[1].utf8.count), (1...2).contains(parts[2].utf8.count),
              parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 48 && $0 <= 57 } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...2200).contains(year), (1...12).contains(month), (1...daysIn(year, month)).contains(day) else { return nil }
        return (year, month, day)
    }

    static func daysIn(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// E8(a): a labour contract of at least 3 years with the unit the application is filed under.
    /// The end date is the last day of service: 2024-07-01 to 2027-06-30 is 3 years. 无固定期限
    /// (no end date) passes.
    public static func contractProblem(start: String, end: String?, withFilingUnit: Bool) -> String? {
        guard withFilingUnit else { return "申报单位的工作经历中没有劳动合同，请先维护与申报单位签订的劳动合同。" }
        guard let from = date(start) else { return "劳动合同起始日期不正确。" }
        guard let end else { return nil }
        guard let to = date(end) else { return "劳动合同终止日期不正确。" }
        // Three years on from the start, less one day, is the earliest end that counts.
        var year = from.0 + 3, month = from.1, day = from.2 - 1
        if day == 0 {
            month -= 1
            if month == 0 { month = 12; year -= 1 }
            day = daysIn(year, month)
        } else if day > daysIn(year, month) {
            day = daysIn(year, month)
        }
        if (to.0, to.1, to.2) < (year, month, day) {
            return "与申报单位签订的劳动合同（\(start) 至 \(end)）不满 3 年，不能申报。"
        }
        return nil
    }

    public struct Period: Sendable, Equatable {
        public var start: YearMonth
        public var end: YearMonth

        public init(start: YearMonth, end: YearMonth) {
            self.start = start
            self.end = end
        }
    }

    /// E8(d): the months of `range` any earlier application already covers.
    public static func overlap(_ range: Period, with earlier: [Period]) -> [YearMonth] {
        let mine = Set(YearMonth.range(from: range.start, through: range.end))
        var found: Set<YearMonth> = []
        for period in earlier where period.start <= range.end && range.start <= period.end {
            found.formUnion(Set(YearMonth.range(from: max(period.start, range.start), through: min(period.end, range.end))).intersection(mine))
        }
        return found.sorted()
    }

    public static func overlapProblem(_ range: Period, with earlier: [Period]) -> String? {
        let months = overlap(range, with: earlier)
        guard let first = months.first, let last = months.last else { return nil }
        return first == last ? "\(first) 已申报过补贴，不能重复申报。" : "\(first) 至 \(last) 中有 \(months.count) 个月已申报过补贴，不能重复申报。"
    }

    /// E9: the numbers' format before any registry is asked. Assumption: 学历证书编号 18 digits,
    /// 学位证书编号 16 digits (the format of the national diploma and degree numbers); a foreign
    /// degree gives the 留学服务中心 认证书编号 instead (≤ 30 characters) and is checked by hand.
    public static func certificateFormatProblem(diploma: String, degree: String?, foreign: Bool) -> String? {
        if foreign { return nil }
        guard diploma.utf8.count == 18, diploma.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return "学历证书编号应为 18 位数字。" }
        if let degree, !(degree.utf8.count == 16 && degree.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })) { return "学位证书编号应为 16 位数字。" }
        return nil
    }

    /// E10: the city's and the county's shares of an amount, fixed at approval: the city's is
    /// rounded down to the fen, the county pays the rest.
    /// The share is the one in force in `month` (the month of approval): the county's own row
    /// when it has one in force, otherwise the city-wide row; the later 生效年月 wins.
    public static func split(amountFen: Int64, education: SubsidyEducation, county: String, month: YearMonth = policyStart,
                             shares: [FundingShare] = defaultShares) -> (city: Int64, county: Int64) {
        let amount = min(max(0, amountFen), 1_000_000_000)
        let inForce = shares.filter { $0.education == education && $0.effectiveFrom <= month }
        let latest: ([FundingShare]) -> FundingShare? = { rows in rows.max { $0.effectiveFrom < $1.effectiveFrom } }
        let share = latest(inForce.filter { $0.county == county }) ?? latest(inForce.filter { $0.county == nil })
        let perMille = Int64(min(max(0, share?.cityPerMille ?? 1_000), 1_000))
        let city = amount * perMille / 1_000
        return (city, amount - city)
    }

    /// Where an application is filed (seed 002 补助申请 2.1, 2.2; review E1, E6).
    public enum FilingTarget: Sendable, Equatable {
        /// The unit chosen from the work experience (a master's or doctor's current unit).
        case chosenUnit
        /// The current unit: a bachelor's earlier unit in the same county as the current one.
        case currentUnit
        /// A county's virtual unit, whose unit steps its HR bureau takes: a bachelor's earlier
        /// unit in another county, or a self-employed applicant's own county.
        case virtualUnit(county: String)
    }

    public static func filingTarget(education: SubsidyEducation, selfEmployed: Bool, ownCounty: String, chosenIsCurrent: Bool,
                                    chosenCounty: String, currentCounty: String?) -> FilingTarget {
        if selfEmployed { return .virtualUnit(county: ownCounty) }
        guard education == .bachelor, !chosenIsCurrent else { return .chosenUnit }
        return currentCounty == chosenCounty ? .currentUnit : .virtualUnit(county: chosenCounty)
    }

    /// E6 (assumption: the city to confirm): a self-employed applicant's business must have been
    /// registered at least a year before the first month applied for, instead of the contract rule.
    public static func selfEmployedProblem(registeredOn: String, start: YearMonth) -> String? {
        guard let date = date(registeredOn), let registered = YearMonth(year: date.0, month: date.1) else { return "营业执照登记日期不正确。" }
        guard let oneYearOn = registered.adding(months: 12), oneYearOn <= start else { return "自主创业的企业登记满一年后才能申报补贴。" }
        return nil
    }
}
