// 去向变更 after approval (modules review C4). 教学厅〔2023〕5号: "毕业去向信息登记后有变更的，需在
// 当年8月31日前及时进行更新". One destination case per graduate and cohort keeps numbered
// versions; a change reopens it as a new version that goes through review again, and the
// approved one stays in force until the new one is approved (`CaseState.inForceVersion`).
//
// These rules apply to a change of an approved destination; the first registration is governed
// by the 毕业去向登记 window (`Business.destination`).

/// 去向变更截止日期: a month and day of the graduation year, 8-31 unless the school sets another.
/// The day itself is still in time.
public struct DestinationChangeDeadline: Sendable, Equatable, Hashable {
    public let day: MonthDay

    public init(_ day: MonthDay) { self.day = day }

    /// nil for a day no year has (2-30, 4-31, 13-1). 2-29 is accepted and means 2-28 in a
    /// common year.
    public init?(month: Int, day: Int) {
        guard let day = MonthDay(month: month, day: day) else { return nil }
        self.day = day
    }

    /// 8月31日.
    public static let standard = DestinationChangeDeadline(month: 8, day: 31)!

    /// The deadline in `graduationYear`; nil for a year outside `CivilDate.years`.
    public func date(inGraduationYear graduationYear: Int) -> CivilDate? { day.date(in: graduationYear) }
}

/// What happens to a change requested after the deadline (set per school).
public enum DestinationLateChangePolicy: String, Sendable, CaseIterable, Codable {
    /// The change is accepted as a new version that the school must approve.
    case needsSchoolApproval = "needs-school-approval"
    /// No change after the deadline.
    case refused

    public var label: String {
        switch self {
        case .needsSchoolApproval: "截止后的变更须经学校审核同意"
        case .refused: "截止后不再受理变更"
        }
    }
}

public enum DestinationChangeDecision: Sendable, Equatable {
    /// In time: the change goes through the usual review.
    case allowed
    /// Late: the new version must be approved by the school (see `DestinationChangeRule.lateNotice`).
    case needsSchoolApproval
    /// Late and the school accepts no late changes, or the graduation year is not a year.
    case refused(message: String)
}

/// 去向变更期限.
public enum DestinationChangeRule {
    /// Whether a graduate of `graduationYear` may change an approved destination on `today`.
    public static func decide(
        graduationYear: Int,
        today: CivilDate,
        deadline: DestinationChangeDeadline = .standard,
        policy: DestinationLateChangePolicy
    ) -> DestinationChangeDecision {
        guard let last = deadline.date(inGraduationYear: graduationYear) else {
            return .refused(message: "毕业年份“\(graduationYear)”不正确，无法判断去向变更期限。请联系学院就业工作负责人核对学籍信息。")
        }
        if today <= last { return .allowed }
        switch policy {
        case .needsSchoolApproval:
            return .needsSchoolApproval
        case .refused:
            return .refused(message: "毕业去向变更截止日期为毕业当年的\(chinese(last))，现已截止，不能再变更毕业去向。如去向确有变化，请联系学院就业工作负责人。")
        }
    }

    /// What the graduate reads before a late change is sent to the school.
    public static func lateNotice(graduationYear: Int, deadline: DestinationChangeDeadline = .standard) -> String {
        let date = deadline.date(inGraduationYear: graduationYear).map(chinese) ?? "\(deadline.day.month)月\(deadline.day.day)日"
        return "已过毕业去向变更截止日期（\(date)），本次变更须经学校审核同意后生效；审核通过前，原登记的去向继续有效。"
    }

    /// "2025年8月31日".
    static func chinese(_ date: CivilDate) -> String {
        "\(date.year)年\(date.month)月\(date.day)日"
    }
}

/// One approved version of a graduate's destination: in force from `effectiveFrom` until the day
/// before `supersededOn` (nil: still in force). Numbers are the case's version numbers, so they
/// may skip (a reopened version that was rejected) but always increase.
public struct DestinationVersion: Sendable, Equatable, Hashable {
    public let number: Int
    public let effectiveFrom: CivilDate
    public let supersededOn: CivilDate?

    public init(number: Int, effectiveFrom: CivilDate, supersededOn: CivilDate? = nil) {
        self.number = number
        self.effectiveFrom = effectiveFrom
        self.supersededOn = supersededOn
    }

    /// In force on `date`: from `effectiveFrom` (inclusive) to `supersededOn` (exclusive).
    public func isInForce(on date: CivilDate) -> Bool {
        effectiveFrom <= date && (supersededOn.map { date < $0 } ?? true)
    }

    public enum Problem: Error, Equatable, Sendable {
        /// Version numbers start at 1.
        case numberNotPositive(Int)
        /// The new number is not above every number in the history.
        case numberNotIncreasing(highest: Int, new: Int)
        /// The new version would take effect before the one it replaces did.
        case effectiveBeforePrevious(previous: CivilDate, new: CivilDate)
        /// A new version cannot arrive already superseded.
        case newVersionSuperseded
        /// The history has a version other than the latest without a superseded date, or its
        /// latest version is already superseded.
        case inconsistentHistory(number: Int)

        /// English, for the log with the numbers involved: these are the app's errors, not the user's.
        public var logMessage: String {
            switch self {
            case .numberNotPositive(let number): "destination version number \(number) is not positive"
            case .numberNotIncreasing(let highest, let new): "destination version \(new) does not follow version \(highest)"
            case .effectiveBeforePrevious(let previous, let new): "destination version effective \(new) precedes the previous version's \(previous)"
            case .newVersionSuperseded: "a new destination version carries a superseded date"
            case .inconsistentHistory(let number): "destination version \(number) contradicts the history (open version not last, or last version closed)"
            }
        }
    }

    /// What approving `new` does to the approved versions: the version in force gets
    /// `supersededOn` = `new.effectiveFrom`, and `new` is added. The result is sorted by number.
    public static func supersede(_ history: [DestinationVersion], with new: DestinationVersion) -> Result<[DestinationVersion], Problem> {
        guard new.number >= 1 else { return .failure(.numberNotPositive(new.number)) }
        guard new.supersededOn == nil else { return .failure(.newVersionSuperseded) }
        let sorted = history.sorted { $0.number < $1.number }
        guard let current = sorted.last else { return .success([new]) }
        guard new.number > current.number else {
            return .failure(.numberNotIncreasing(highest: current.number, new: new.number))
        }
        if let open = sorted.dropLast().first(where: { $0.supersededOn == nil }) {
            return .failure(.inconsistentHistory(number: open.number))
        }
        guard current.supersededOn == nil else { return .failure(.inconsistentHistory(number: current.number)) }
        guard current.effectiveFrom <= new.effectiveFrom else {
            return .failure(.effectiveBeforePrevious(previous: current.effectiveFrom, new: new.effectiveFrom))
        }
        let closed = DestinationVersion(number: current.number, effectiveFrom: current.effectiveFrom, supersededOn: new.effectiveFrom)
        return .success(sorted.dropLast() + [closed, new])
    }

    /// The version in force on `date` (for 去向落实率 "截至" a date, C15); nil before the first.
    public static func inForce(on date: CivilDate, among history: [DestinationVersion]) -> DestinationVersion? {
        history.filter { $0.isInForce(on: date) }.max { $0.number < $1.number }
    }
}
