/// 变更明细: the fields that changed between two submissions of a case, in the form's order, for
/// the app to store with each version and show beside the 审核记录.
public enum FieldDiff {
    /// A form field as the diff shows it.
    public struct Field: Sendable, Equatable {
        public var key: String
        /// The Chinese label, e.g. "单位名称".
        public var label: String
        /// A personal field (证件号码, 手机号, 银行卡号): the app stores its values sealed and shows them masked.
        public var isPersonal: Bool

        public init(_ key: String, _ label: String, isPersonal: Bool = false) {
            self.key = key
            self.label = label
            self.isPersonal = isPersonal
        }
    }

    public struct Change: Sendable, Equatable {
        public var key: String
        public var label: String
        /// Empty when the field was blank or absent.
        public var before: String
        public var after: String
        public var isPersonal: Bool

        public init(key: String, label: String, before: String, after: String, isPersonal: Bool = false) {
            self.key = key
            self.label = label
            self.before = before
            self.after = after
            self.isPersonal = isPersonal
        }
    }

    /// The changed fields from `before` to `after`. Values are compared trimmed; absent and blank
    /// are the same. Fields in `fields` come in its order; keys it does not name follow in key
    /// order, labelled by their key, except keys starting with `_`: a module's derived copies of
    /// named fields (a place's name beside its code), never typed and never listed.
    public static func changes(from before: [String: String], to after: [String: String], fields: [Field]) -> [Change] {
        let named = Set(fields.map(\.key))
        let others = Set(before.keys).union(after.keys).subtracting(named).filter { !$0.hasPrefix("_") }.sorted().map { Field($0, $0) }
        return (fields + others).compactMap { field in
            let old = WorkflowText.trimmed(before[field.key] ?? "")
            let new = WorkflowText.trimmed(after[field.key] ?? "")
            guard old != new else { return nil }
            return Change(key: field.key, label: field.label, before: old, after: new, isPersonal: field.isPersonal)
        }
    }
}
