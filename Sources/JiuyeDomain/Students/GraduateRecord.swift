/// A checked 生源信息 record: every non-empty field in its stored form.
///
/// Codes are stored as codes (民族 "01", 生源所在地 "500103"), choices as their label
/// (性别 "男", 培养方式 "非定向"), dates as "2022-09" or "2022-09-01", 证件号码 in canonical
/// form (upper-case X). An empty cell has no value.
public struct GraduateRecord: Equatable, Sendable {
    /// The form's field keys, in order; `storage` holds their values at the same positions.
    let keys: [GraduateField.Key]
    var storage: [String?]

    /// Every non-empty field by key.
    public var values: [GraduateField.Key: String] {
        var values: [GraduateField.Key: String] = [:]
        for (key, value) in zip(keys, storage) where value != nil { values[key] = value }
        return values
    }

    /// 届别, from 年度.
    public internal(set) var cohort: Int?
    /// 学历 as the platform scopes it (专科/本科/硕士/博士), from the 学历 code's label.
    public internal(set) var level: EducationLevel?
    /// 证件类型, nil for a table code the identity rules do not know (number checked loosely).
    public internal(set) var documentType: IdentityDocumentType?
    /// 出生日期, from a 居民身份证 or 港澳台居民居住证 number.
    public internal(set) var birthDate: GraduateDate?

    init(keys: [GraduateField.Key]) {
        self.keys = keys
        self.storage = Array(repeating: nil, count: keys.count)
    }

    /// The stored value of a field; nil when empty (or not a field of the form).
    public subscript(key: GraduateField.Key) -> String? {
        get { keys.firstIndex(of: key).flatMap { storage[$0] } }
        set { if let index = keys.firstIndex(of: key) { storage[index] = newValue } }
    }

    public var name: String { self[.name] ?? "" }
    public var studentNo: String { self[.studentNo] ?? "" }
    public var documentNumber: String { self[.documentNumber] ?? "" }
    /// "男" or "女".
    public var gender: String? { self[.gender] }
}

/// One problem of an imported row, as the import report shows it: 列, 原值, 问题.
public struct GraduateRecordProblem: Equatable, Sendable, CustomStringConvertible {
    public let key: GraduateField.Key
    /// The Chinese column title, e.g. "证件号码".
    public let label: String
    /// The cell as read, before cleaning ("" when the cell was empty or the column absent).
    public let value: String
    /// A Chinese sentence naming the column and saying what to fix.
    public let message: String

    public init(key: GraduateField.Key, label: String, value: String, message: String) {
        self.key = key
        self.label = label
        self.value = value
        self.message = message
    }

    public var description: String { "\(label)「\(value)」：\(message)" }
}

/// The result of checking one row.
public enum GraduateRecordOutcome: Equatable, Sendable {
    case valid(GraduateRecord)
    /// The problems in field order; never empty.
    case invalid([GraduateRecordProblem])

    public var record: GraduateRecord? {
        if case .valid(let record) = self { return record }
        return nil
    }

    public var problems: [GraduateRecordProblem] {
        if case .invalid(let problems) = self { return problems }
        return []
    }
}
