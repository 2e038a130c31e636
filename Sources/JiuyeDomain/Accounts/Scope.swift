/// One dimension along which staff data is scoped.
public enum ScopeDimension: String, CaseIterable, Codable, Sendable, Hashable {
    case school, campus, college, major, `class`, cohort, level, stage, county, city, unit

    public var label: String {
        switch self {
        case .school: "学校"
        case .campus: "校区"
        case .college: "院系"
        case .major: "专业"
        case .class: "班级"
        case .cohort: "届别"
        case .level: "学历"
        case .stage: "学段"
        case .county: "区县"
        case .city: "城市"
        case .unit: "单位"
        }
    }

    /// Whether the dimension's values are integers (ids, a cohort's year) rather than text codes.
    public var holdsIntegers: Bool {
        switch self {
        case .school, .campus, .college, .major, .class, .unit, .cohort: true
        case .level, .stage, .county, .city: false
        }
    }
}

/// A scope: a set of values per dimension; a dimension that is absent means 'all'.
/// `Scope.everything` sees all; `Scope.nothing` sees nothing.
public struct Scope: Equatable, Sendable {
    public private(set) var values: [ScopeDimension: Set<String>]
    public private(set) var isEmpty: Bool

    public init(_ values: [ScopeDimension: Set<String>] = [:]) {
        self.values = values
        self.isEmpty = values.values.contains { $0.isEmpty }
    }

    public static let everything = Scope()
    public static var nothing: Scope { var scope = Scope(); scope.isEmpty = true; return scope }

    public func allows(_ dimension: ScopeDimension) -> Set<String>? { values[dimension] }

    /// Whether a record with these attributes lies inside the scope. A dimension the scope
    /// constrains but the record does not carry is outside: unknown never means allowed.
    public func contains(_ record: [ScopeDimension: String]) -> Bool {
        if isEmpty { return false }
        for (dimension, allowed) in values {
            guard let value = record[dimension], allowed.contains(value) else { return false }
        }
        return true
    }

    public mutating func restrict(_ dimension: ScopeDimension, to allowed: Set<String>) {
        if let existing = values[dimension] {
            values[dimension] = existing.intersection(allowed)
        } else {
            values[dimension] = allowed
        }
        if values[dimension]?.isEmpty == true { isEmpty = true }
    }
}

/// Checks an assignment's scope against the role's rules (e.g. a counselor must name classes).
public enum ScopeRules {
    public static func validate(role: Role, scope: [ScopeDimension: Set<String>]) -> String? {
        for dimension in role.requiredDimensions where (scope[dimension] ?? []).isEmpty {
            return "\(role.label)必须指定\(dimension.label)。"
        }
        for dimension in scope.keys where !role.allowedDimensions.contains(dimension) {
            return "\(role.label)不能按\(dimension.label)设置范围。"
        }
        if role == .grassrootsReviewer, (scope[.college]?.count ?? 0) != 1 {
            return "基层就业资助审核员只能管理一个院系。"
        }
        if role == .grassrootsReviewer, (scope[.stage]?.count ?? 0) != 1 {
            return "基层就业资助审核员只能管理一个学段（本专科或研究生）。"
        }
        if role == .schoolAdmin || role == .collegeAdmin || role == .counselor || role == .grassrootsReviewer,
           (scope[.school]?.count ?? 0) != 1 {
            return "\(role.label)只能属于一所学校。"
        }
        return nil
    }

    /// 三权分立: refuse a set of roles that holds two of system admin, security admin, auditor.
    public static func separationOfDutiesViolation(_ roles: [Role]) -> String? {
        let held = Set(roles).intersection(Role.separatedDuties)
        guard held.count > 1 else { return nil }
        return "同一账号不能同时担任系统管理员、安全管理员和审计员中的两个角色（三权分立）。"
    }
}
