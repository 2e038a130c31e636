/// What the guards and rules need to know about the world at the moment of the request.
public struct GuardContext: Sendable {
    /// Epoch seconds.
    public var now: Int64
    /// The businesses' windows for this case's school (or county) and year; absent = not set.
    public var windows: [Business: WindowState]
    /// Ids of processes in which the applicant has an approved case this period.
    public var approvedPrerequisites: Set<String>
    /// Results of domain rules by rule id; a rule a guard names but the app did not evaluate is refused.
    public var rules: [String: RuleResult]
    /// Whether the case's unit is its county's virtual unit (seed 002 §2.2).
    public var unitIsVirtual: Bool
    /// Whether this request carried a one-time code sent to the applicant's phone and accepted.
    public var smsCodeVerified: Bool
    /// Renders an epoch second for messages (Beijing time).
    public var formatTime: @Sendable (Int64) -> String

    public init(
        now: Int64,
        windows: [Business: WindowState] = [:],
        approvedPrerequisites: Set<String> = [],
        rules: [String: RuleResult] = [:],
        unitIsVirtual: Bool = false,
        smsCodeVerified: Bool = false,
        formatTime: @escaping @Sendable (Int64) -> String = WorkflowText.beijingMinute
    ) {
        self.now = now
        self.windows = windows
        self.approvedPrerequisites = approvedPrerequisites
        self.rules = rules
        self.unitIsVirtual = unitIsVirtual
        self.smsCodeVerified = smsCodeVerified
        self.formatTime = formatTime
    }
}

public enum RuleResult: Sendable, Equatable {
    case holds
    /// The rule fails; the Chinese message says why and what to do.
    case violated(String)
}
