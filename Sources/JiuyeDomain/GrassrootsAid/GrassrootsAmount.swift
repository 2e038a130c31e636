import Foundation

/// The amount of 学费补偿 or 国家助学贷款代偿 (review D5), in fen.
///
/// total = Σ over the standard 学制 years of min(the year's amount, the yearly cap in force for
/// the application year), where the year's amount is the tuition actually paid (住宿费 excluded)
/// for 学费补偿, or the loan used for tuition, never more than the tuition paid, for 代偿. One
/// mode for the whole stage. Paid in three parts: floor(total / 3) after the application and the
/// first confirmation, the remainder after the second.
public enum GrassrootsAmount {
    public enum Mode: String, CaseIterable, Sendable {
        case tuition = "学费补偿"
        case loan = "国家助学贷款代偿"
    }

    /// One study year as the school's finance office recorded it.
    public struct StudyYear: Sendable, Equatable {
        /// 1 … 学制.
        public var number: Int
        public var tuitionPaid: Int64
        public var loanForTuition: Int64

        public init(number: Int, tuitionPaid: Int64, loanForTuition: Int64 = 0) {
            self.number = number
            self.tuitionPaid = tuitionPaid
            self.loanForTuition = loanForTuition
        }
    }

    /// A yearly cap, in force for applications filed from `fromYear` on.
    public struct Cap: Sendable, Equatable {
        public var fromYear: Int
        public var undergraduate: Int64
        public var graduate: Int64
        public var basis: String

        public init(fromYear: Int, undergraduate: Int64, graduate: Int64, basis: String) {
            self.fromYear = fromYear
            self.undergraduate = undergraduate
            self.graduate = graduate
            self.basis = basis
        }

        public func amount(for stage: StudyStage) -> Int64 { stage == .graduate ? graduate : undergraduate }
    }

    /// The caps by year (review D5 and PRODUCT §8). The years the 8,000/12,000 and 12,000/16,000
    /// caps took effect are an assumption to confirm with the school; 20,000/25,000 from 2024.
    public static let caps: [Cap] = [
        Cap(fromYear: 2015, undergraduate: 800_000, graduate: 1_200_000, basis: "教育部 2015 年标准"),
        Cap(fromYear: 2019, undergraduate: 1_200_000, graduate: 1_600_000, basis: "2019 年调整标准"),
        Cap(fromYear: 2024, undergraduate: 2_000_000, graduate: 2_500_000, basis: "财教〔2024〕188号"),
    ]

    /// The cap in force for an application filed in `year` (nil before the first one in the table).
    public static func cap(year: Int, stage: StudyStage, table: [Cap] = caps) -> Int64? {
        table.filter { $0.fromYear <= year }.max { $0.fromYear < $1.fromYear }?.amount(for: stage)
    }

    /// One year's share: what was counted and why.
    public struct Line: Sendable, Equatable {
        public var number: Int
        public var claimed: Int64
        public var counted: Int64
        public var note: String?
    }

    public struct Breakdown: Sendable, Equatable {
        public var lines: [Line]
        public var total: Int64
        /// The three installments (sum == total).
        public var installments: [Int64] { GrassrootsAmount.installments(total) }
    }

    /// Amounts above 1,000,000 yuan a year are refused before arithmetic (no overflow).
    public static let maximumYearly: Int64 = 100_000_000

    public static func total(mode: Mode, years: [StudyYear], standardYears: Int, cap: Int64) -> Breakdown {
        let counted = years.filter { $0.number >= 1 && $0.number <= max(0, min(standardYears, 10)) }.sorted { $0.number < $1.number }
        var lines: [Line] = []
        var total: Int64 = 0
        var seen: Set<Int> = []
        for year in counted where seen.insert(year.number).inserted {
            let tuition = min(max(0, year.tuitionPaid), maximumYearly)
            let loan = min(max(0, year.loanForTuition), maximumYearly)
            let claimed = mode == .tuition ? tuition : loan
            var value = claimed
            var note: String?
            if mode == .loan, value > tuition { value = tuition; note = "贷款超过实缴学费，按实缴学费计" }
            if value > cap { value = cap; note = "超过每学年上限，按上限计" }
            lines.append(Line(number: year.number, claimed: claimed, counted: value, note: note))
            total += value
        }
        return Breakdown(lines: lines, total: total)
    }

    /// Three parts: floor(total / 3) twice, the remainder last.
    public static func installments(_ total: Int64) -> [Int64] {
        let part = max(0, total) / 3
        return [part, part, max(0, total) - 2 * part]
    }

    /// 学制 by 学历 when the registry gives none (assumption: 专科 3, 本科 4, 硕士 3, 博士 4).
    public static func defaultStandardYears(_ level: EducationLevel) -> Int {
        switch level {
        case .junior: 3
        case .bachelor: 4
        case .master: 3
        case .doctor: 4
        }
    }
}
