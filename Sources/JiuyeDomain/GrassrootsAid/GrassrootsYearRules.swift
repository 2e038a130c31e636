/// When each of the six cases may be filed (seed 000 §6–§11 read with review D1). N is the
/// applicant's application year: the graduation year, or the year the school put a graduate of
/// an earlier class on the 补录 list.
///
/// | case | year | condition |
/// |---|---|---|
/// | 申请 | N | none filed before |
/// | 申请复核 | N+1 | 申请 not passed |
/// | 第一次在职在岗确认 | N+1 | 申请 passed, or 申请复核 passed |
/// | 第一次复核 | N+2 | first confirmation not passed |
/// | 第二次在职在岗确认 | N+2 | first confirmation passed, or first 复核 passed |
/// | 第二次复核 | N+3 | second confirmation not passed |
///
/// Each stage has one 复核 and each case is filed once. Assumptions (the seed is silent, to be
/// confirmed with the school): a 复核 that does not pass ends the aid; a year missed closes the
/// stage for good (nothing can be filed late); a case still waiting for review blocks the next one.
public enum GrassrootsYearRules {
    public enum Outcome: String, Sendable, Codable {
        case pending, approved, rejected
    }

    /// A case the applicant filed (drafts and withdrawn cases are not records), or a stage the
    /// school imported as already passed in the predecessor system (review D10).
    public struct Record: Sendable, Equatable {
        public var stage: GrassrootsStage
        public var year: Int
        public var outcome: Outcome

        public init(stage: GrassrootsStage, year: Int, outcome: Outcome) {
            self.stage = stage
            self.year = year
            self.outcome = outcome
        }
    }

    public enum Availability: Sendable, Equatable {
        /// The entry's button is live (立即申请 / 立即填报).
        case open
        /// Filed already (已申请 / 已填报, greyed), with where it stands.
        case filed(GrassrootsYearRules.Outcome)
        /// Not for this applicant now, and why, in Chinese.
        case closed(String)

        public var isOpen: Bool { self == .open }
    }

    /// The year in which `stage` is filed for an application year `n`.
    public static func year(of stage: GrassrootsStage, applicationYear n: Int) -> Int { n + stage.yearOffset }

    public static func availability(of stage: GrassrootsStage, applicationYear n: Int, year: Int, records: [Record]) -> Availability {
        if let own = records.last(where: { $0.stage == stage }) { return .filed(own.outcome) }
        let due = self.year(of: stage, applicationYear: n)
        if year < due { return .closed("\(stage.label)在\(due)年填报，现在还不能填报。") }
        if year > due { return .closed("\(stage.label)只能在\(due)年填报，已超过填报年度。") }
        func outcome(_ stage: GrassrootsStage) -> Outcome? { records.last { $0.stage == stage }?.outcome }
        switch stage {
        case .apply:
            return .open
        case .applyReview, .firstReview, .secondReview:
            let reviewed = stage.reviewed!
            switch outcome(reviewed) {
            case nil: return .closed("未提交过\(reviewed.label)，不能填报\(stage.label)。")
            case .pending: return .closed("\(reviewed.label)尚未审核完成，不能填报\(stage.label)。")
            case .approved: return .closed("\(reviewed.label)已审核通过，无需复核。")
            case .rejected: return .open
            }
        case .first, .second:
            let previous: GrassrootsStage = stage == .first ? .apply : .first
            let previousReview = previous.review!
            switch (outcome(previous), outcome(previousReview)) {
            case (.approved, _), (_, .approved): return .open
            case (nil, _): return .closed("需先通过\(previous.label)，才能填报\(stage.label)。")
            case (.pending, _), (_, .pending): return .closed("\(previous.label)尚未审核通过，通过后才能填报\(stage.label)。")
            case (.rejected, .rejected): return .closed("\(previousReview.label)未通过，不能填报\(stage.label)。")
            case (.rejected, nil):
                return .closed("\(previous.label)未通过。可在复核时间内填报\(previousReview.label)，复核通过后才能填报\(stage.label)。")
            }
        }
    }

    /// The time window each case is filed in (review D1): 申请 in the application window, 申请复核
    /// in the 复核 window, both confirmations and their 复核 in the 在职在岗 windows.
    public static func business(of stage: GrassrootsStage) -> Business {
        switch stage {
        case .apply: .grassrootsApply
        case .applyReview: .grassrootsReview
        case .first, .firstReview: .onDutyFirst
        case .second, .secondReview: .onDutySecond
        }
    }
}
