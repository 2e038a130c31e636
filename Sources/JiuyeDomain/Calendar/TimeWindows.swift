/// The businesses that open and close by date, set per school (or per county for the living
/// subsidy) and graduation year: a submission outside its window is refused with the dates.
public enum Business: String, Sendable, CaseIterable, Codable {
    /// 生源信息核对 (seed 003 §3.2, seed 004 §2(1)).
    case studentSource = "student-source"
    /// 毕业去向登记 (seed 004 §2(2)): national rules allow updates until 8-31.
    case destination
    /// 基层就业学费补偿代偿申请 (seed 001).
    case grassrootsApply = "grassroots-apply"
    /// 基层就业复核 (seed 001 §2).
    case grassrootsReview = "grassroots-review"
    /// 在职在岗确认 (first and second confirmation, seed 001).
    case onDutyFirst = "on-duty-1"
    case onDutySecond = "on-duty-2"
    /// 解约申请 (seed 003 §3.5).
    case termination
    /// 高校毕业生生活补贴申报 (seed 002), set per county.
    case livingSubsidy = "living-subsidy"
    /// 派遣信息核对 (seed 003 §3.6): the school opens confirmation before its 就业方案.
    case archiveConfirmation = "archive-confirmation"

    public var label: String {
        switch self {
        case .studentSource: "生源信息核对"
        case .destination: "毕业去向登记"
        case .grassrootsApply: "基层就业学费补偿申请"
        case .grassrootsReview: "基层就业复核"
        case .onDutyFirst: "在职在岗确认（第一次）"
        case .onDutySecond: "在职在岗确认（第二次）"
        case .termination: "解约申请"
        case .livingSubsidy: "生活补贴申报"
        case .archiveConfirmation: "派遣信息核对"
        }
    }

    /// Who sets the window: the school, or the county (living subsidy).
    public var ownerKind: WindowOwner {
        self == .livingSubsidy ? .county : .school
    }
}

public enum WindowOwner: String, Sendable, Codable {
    case school, county, city
}

/// One business's period: open from `opensAt` (inclusive) to `closesAt` (exclusive), epoch seconds.
public struct TimeWindow: Sendable, Equatable {
    public var opensAt: Int64
    public var closesAt: Int64

    public init(opensAt: Int64, closesAt: Int64) {
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    public enum Problem: Equatable, Sendable {
        case closesBeforeOpening
        case tooLong

        public var message: String {
            switch self {
            case .closesBeforeOpening: "截止时间必须晚于开放时间。"
            case .tooLong: "一个业务的开放期不能超过两年。"
            }
        }
    }

    /// A window that closes before it opens, or stays open more than two years, is a typo.
    public var problem: Problem? {
        if closesAt <= opensAt { return .closesBeforeOpening }
        if closesAt - opensAt > 2 * 366 * 86_400 { return .tooLong }
        return nil
    }
}

/// Where a business stands at a moment.
public enum WindowState: Equatable, Sendable {
    /// No window set: the business is closed until an administrator opens it.
    case notSet
    case notYetOpen(opensAt: Int64, closesAt: Int64)
    case open(closesAt: Int64)
    case closed(closedAt: Int64)

    public init(_ window: TimeWindow?, now: Int64) {
        guard let window else { self = .notSet; return }
        if now < window.opensAt {
            self = .notYetOpen(opensAt: window.opensAt, closesAt: window.closesAt)
        } else if now < window.closesAt {
            self = .open(closesAt: window.closesAt)
        } else {
            self = .closed(closedAt: window.closesAt)
        }
    }

    public var isOpen: Bool {
        if case .open = self { return true }
        return false
    }

    /// The refusal for `business`, or nil when open. `format` renders an epoch as Beijing time.
    public func refusal(for business: Business, format: (Int64) -> String) -> String? {
        switch self {
        case .open: nil
        case .notSet: "\(business.label)尚未开放，开放时间由学校（或区县）另行通知。"
        case .notYetOpen(let opensAt, let closesAt): "\(business.label)尚未开始，开放时间为 \(format(opensAt)) 至 \(format(closesAt))。"
        case .closed(let closedAt): "\(business.label)已于 \(format(closedAt)) 截止。"
        }
    }
}
