import Foundation

/// The city's 生活补贴 parameters (review E10, E12, E8(e)): the earliest insured month allowed,
/// the monthly standard and the city's share, each effective-dated per 学历 (the share also per
/// county). The defaults are today's rules; the city adds rows that take effect from a month on.
public struct SubsidyParameters: Sendable, Equatable {
    public var thresholds: [InsuranceThreshold]
    public var standards: [SubsidyStandard]
    public var shares: [FundingShare]

    public init(thresholds: [InsuranceThreshold] = SubsidyRules.defaultThresholds, standards: [SubsidyStandard] = SubsidyRules.defaultStandards,
                shares: [FundingShare] = SubsidyRules.defaultShares) {
        self.thresholds = thresholds
        self.standards = standards
        self.shares = shares
    }

    public static let defaults = SubsidyParameters()

    public enum Kind: String, CaseIterable, Sendable {
        case threshold, standard, share

        public var label: String {
            switch self {
            case .threshold: "参保起始要求"
            case .standard: "补贴标准"
            case .share: "市级承担比例"
            }
        }

        public var valueLabel: String {
            switch self {
            case .threshold: "最早缴费年月不早于"
            case .standard: "每月补贴标准（元）"
            case .share: "市级承担比例（%）"
            }
        }
    }

    /// One row the city adds, as stored: the value is a month ("2020-01"), fen or per mille.
    public struct Entry: Sendable, Equatable {
        public var kind: Kind
        public var education: SubsidyEducation
        public var county: String?
        public var effectiveFrom: YearMonth
        public var value: String

        public init(kind: Kind, education: SubsidyEducation, county: String?, effectiveFrom: YearMonth, value: String) {
            self.kind = kind
            self.education = education
            self.county = county
            self.effectiveFrom = effectiveFrom
            self.value = value
        }
    }

    /// The defaults with the city's rows added; a stored row that no longer parses is skipped.
    public static func with(_ entries: [Entry]) -> SubsidyParameters {
        var parameters = SubsidyParameters.defaults
        for entry in entries {
            switch entry.kind {
            case .threshold:
                if let earliest = YearMonth(parsing: entry.value) {
                    parameters.thresholds.append(InsuranceThreshold(effectiveFrom: entry.effectiveFrom, education: entry.education, earliest: earliest))
                }
            case .standard:
                if let fen = Int64(entry.value), (0...maximumStandardFen).contains(fen) {
                    parameters.standards.append(SubsidyStandard(effectiveFrom: entry.effectiveFrom, education: entry.education, monthlyFen: fen))
                }
            case .share:
                if let perMille = Int(entry.value), (0...1_000).contains(perMille) {
                    parameters.shares.append(FundingShare(effectiveFrom: entry.effectiveFrom, education: entry.education, county: entry.county, cityPerMille: perMille))
                }
            }
        }
        return parameters
    }

    /// Assumption: no monthly standard above 10,000 yuan.
    public static let maximumStandardFen: Int64 = 1_000_000
    /// How far ahead a row may be set to take effect.
    public static let maximumMonthsAhead = 36

    /// A new row as typed on the page, checked: effective from this month or later (an amount
    /// already computed is never changed behind its back), no further than three years ahead;
    /// a month not after the effective month; an amount up to 10,000.00 yuan; a share 0–100 %
    /// with at most one decimal. The error is Chinese.
    public static func entry(kind: Kind, education: SubsidyEducation, county: String?, effectiveFrom text: String, value raw: String,
                             today: YearMonth) -> Result<Entry, ParameterProblem> {
        guard let from = YearMonth(parsing: text) else { return .failure(.init(field: "effective_from", message: "请按“2027-01”的格式填写生效年月。")) }
        guard today <= from else { return .failure(.init(field: "effective_from", message: "生效年月不能早于本月（\(today)）：已算出的补贴金额不随参数改变。")) }
        guard let last = today.adding(months: maximumMonthsAhead), from <= last else {
            return .failure(.init(field: "effective_from", message: "生效年月最多设到 \(maximumMonthsAhead) 个月以后。"))
        }
        let value = raw.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .threshold:
            guard county == nil else { return .failure(.init(field: "county", message: "参保起始要求全市统一，不按区县设置。")) }
            guard let earliest = YearMonth(parsing: value), earliest <= from, let floor = YearMonth(year: 2000, month: 1), floor <= earliest else {
                return .failure(.init(field: "value", message: "请填写 2000-01 至生效年月之间的最早缴费年月，如“2019-06”。"))
            }
            return .success(Entry(kind: kind, education: education, county: nil, effectiveFrom: from, value: earliest.description))
        case .standard:
            guard county == nil else { return .failure(.init(field: "county", message: "补贴标准全市统一，不按区县设置。")) }
            guard let fen = Money.fen(value), fen > 0, fen <= maximumStandardFen else {
                return .failure(.init(field: "value", message: "请填写大于 0、不超过 10000 元的每月补贴标准，最多两位小数。"))
            }
            return .success(Entry(kind: kind, education: education, county: nil, effectiveFrom: from, value: String(fen)))
        case .share:
            guard let perMille = Self.perMille(value) else {
                return .failure(.init(field: "value", message: "请填写 0 至 100 之间的市级承担比例，最多一位小数。"))
            }
            return .success(Entry(kind: kind, education: education, county: county, effectiveFrom: from, value: String(perMille)))
        }
    }

    /// "50" or "62.5" (percent) as per mille; nil when out of 0…100 or finer than 0.1 %.
    static func perMille(_ text: String) -> Int? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, (1...3).contains(whole.utf8.count), whole.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let percent = Int(whole) else { return nil }
        var tenth = 0
        if parts.count == 2 {
            guard parts[1].utf8.count == 1, let digit = Int(parts[1]), (0...9).contains(digit) else { return nil }
            tenth = digit
        }
        let value = percent * 10 + tenth
        return (0...1_000).contains(value) ? value : nil
    }

    /// How a stored value reads on the page: a month, yuan, or a percent.
    public static func display(kind: Kind, value: String) -> String {
        switch kind {
        case .threshold: return value
        case .standard: return Int64(value).map(Money.yuan) ?? value
        case .share:
            guard let perMille = Int(value) else { return value }
            return perMille % 10 == 0 ? "\(perMille / 10)%" : "\(perMille / 10).\(perMille % 10)%"
        }
    }

    public struct ParameterProblem: Error, Sendable, Equatable {
        public var field: String
        public var message: String
    }
}
