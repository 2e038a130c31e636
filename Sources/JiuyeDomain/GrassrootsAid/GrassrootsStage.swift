/// The six case types of the grassroots-employment aid system (seed 000 §6–§11, review D2):
/// the application, the two 在职在岗 confirmations, and one 复核 for each.
public enum GrassrootsStage: String, CaseIterable, Sendable, Codable, Hashable {
    /// 基层就业申请 (seed 000 §6).
    case apply
    /// 基层就业复核 (§7): after a rejected application.
    case applyReview = "apply-review"
    /// 第一次在职在岗确认 (§8).
    case first
    /// 第一次在职在岗确认复核 (§9).
    case firstReview = "first-review"
    /// 第二次在职在岗确认 (§10).
    case second
    /// 第二次在职在岗确认复核 (§11).
    case secondReview = "second-review"

    public var label: String {
        switch self {
        case .apply: "基层就业申请"
        case .applyReview: "基层就业复核"
        case .first: "第一次在职在岗确认"
        case .firstReview: "第一次在职在岗确认复核"
        case .second: "第二次在职在岗确认"
        case .secondReview: "第二次在职在岗确认复核"
        }
    }

    /// The stage a 复核 reviews again (nil for the three first-time stages).
    public var reviewed: GrassrootsStage? {
        switch self {
        case .applyReview: .apply
        case .firstReview: .first
        case .secondReview: .second
        default: nil
        }
    }

    /// The 复核 of this stage (nil for a 复核 itself: each stage has one).
    public var review: GrassrootsStage? {
        GrassrootsStage.allCases.first { $0.reviewed == self }
    }

    public var isReview: Bool { reviewed != nil }

    /// The stage this one stands for once approved (a 复核 counts as the stage it reviews).
    public var base: GrassrootsStage { reviewed ?? self }

    /// Whether this is an 在职在岗 confirmation (or its 复核).
    public var isConfirmation: Bool { base == .first || base == .second }

    /// Years after the graduation year N in which the stage is filed (review D1).
    public var yearOffset: Int {
        switch self {
        case .apply: 0
        case .applyReview, .first: 1
        case .firstReview, .second: 2
        case .secondReview: 3
        }
    }

    /// The seed's button words: 申请 and its 复核 say 立即申请 / 已申请, the four confirmation
    /// types 立即填报 / 已填报 (review D2).
    public var startLabel: String { isConfirmation ? "立即填报" : "立即申请" }
    public var doneLabel: String { isConfirmation ? "已填报" : "已申请" }

    /// The installment (1…3) an approval of this stage makes due (review D5, D9).
    public var installment: Int {
        switch base {
        case .first: 2
        case .second: 3
        default: 1
        }
    }
}
