/// Who acts, as far as the rules care.
public enum ActorKind: Sendable, Hashable, Codable {
    /// The case's applicant in their own session.
    case applicant
    /// Staff acting in an assignment of this role.
    case staff(Role)
    /// The job runner (closes 公示 at its deadline).
    case jobRunner

    public var label: String {
        switch self {
        case .applicant: "申请人"
        case .staff(let role): role.label
        case .jobRunner: "系统"
        }
    }

    public var role: Role? {
        if case .staff(let role) = self { return role }
        return nil
    }
}

/// The actor of one request: who, and whether the case lies in their assignment's scope (the app
/// computes it with the one scope filter, at the level the step names).
public struct CaseActor: Sendable, Equatable {
    public var kind: ActorKind
    public var inScope: Bool

    public init(kind: ActorKind, inScope: Bool) {
        self.kind = kind
        self.inScope = inScope
    }

    public static let applicant = CaseActor(kind: .applicant, inScope: true)
    public static let jobRunner = CaseActor(kind: .jobRunner, inScope: true)

    public static func staff(_ role: Role, inScope: Bool = true) -> CaseActor {
        CaseActor(kind: .staff(role), inScope: inScope)
    }
}
