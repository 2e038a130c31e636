/// What one role may do with one field of a form (seed 004 §2(1): "灰色背景字段是系统管理员进行了
/// 权限设置，当前院系管理员或者辅导员没有权限修改"): the school sets it per role and field.
public enum FieldAccess: String, CaseIterable, Sendable, Codable {
    case editable
    /// Shown grey; the stored value stands whatever a request sends.
    case readOnly = "read-only"
    /// Not shown at all; the stored value stands.
    case hidden

    public var label: String {
        switch self {
        case .editable: "可编辑"
        case .readOnly: "只读"
        case .hidden: "隐藏"
        }
    }
}

/// One role's access to a form's fields; a field the school has not set is editable.
public struct FieldAccessRules: Sendable, Equatable {
    public var modes: [String: FieldAccess]

    public init(_ modes: [String: FieldAccess] = [:]) { self.modes = modes }

    public static let allEditable = FieldAccessRules()

    public func access(_ field: String) -> FieldAccess { modes[field] ?? .editable }
    public func isEditable(_ field: String) -> Bool { access(field) == .editable }

    /// The fields shown grey, and those not shown.
    public var readOnly: Set<String> { Set(modes.filter { $0.value == .readOnly }.keys) }
    public var hidden: Set<String> { Set(modes.filter { $0.value == .hidden }.keys) }

    /// The outcome of a submitted form against the stored content.
    public struct Outcome: Sendable, Equatable {
        /// What to store: the submitted value of each editable field, the stored value of the others.
        public var data: [String: String]
        /// Fields not editable for this role whose submitted value differs from the stored one
        /// (a crafted request: the page never sends a changed value for them), in `fields` order.
        public var violations: [String]
    }

    /// Applies the rules to a submission over `fields`: a field that is not editable keeps the
    /// stored value; sending a different one is a violation. A field the request leaves out
    /// keeps the stored value when it is not editable, and is empty when it is.
    public func apply(submitted: [String: String], stored: [String: String], fields: [String]) -> Outcome {
        var data = submitted
        var violations: [String] = []
        for field in fields where !isEditable(field) {
            let before = stored[field] ?? ""
            if let sent = submitted[field], WorkflowText.trimmed(sent) != WorkflowText.trimmed(before) { violations.append(field) }
            data[field] = stored[field]
        }
        return Outcome(data: data, violations: violations)
    }
}
