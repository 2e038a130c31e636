/// 生源信息核对 as the graduate fills it in (seed 003 §3.2.2): the school's record is shown read-only,
/// and the graduate completes 户口/档案是否转入学校 and the contact fields, all starred in the seed
/// (QQ, 家庭邮编, 电子邮箱, 手机号码, 家庭电话, 家庭地址). Each value is checked exactly as the
/// school's import checks the same column (`GraduateRecordForm.standard`).
public enum SourceContactForm {
    /// The graduate's fields, in the order of seed 003's page (生源信息, then 联系方式).
    public static let keys: [GraduateField.Key] = [.hukouMoved, .archiveMoved, .qq, .homePostcode, .email, .phone, .homePhone, .homeAddress]

    /// The page's hint under a field, in the seed's words where it gives them.
    public static func hint(_ key: GraduateField.Key) -> String? {
        switch key {
        case .homePostcode: "6 位数字邮政编码"
        case .email: "建议填写 QQ 邮箱"
        case .phone: "本人手机号码：用人单位签约时用姓名和此号码查找您，请务必准确"
        case .homePhone: "含区号的座机号码，或家人的手机号码"
        case .homeAddress: "请详细到门牌号，如：省（市）—市（区）—乡镇（街道）—详细地址"
        default: nil
        }
    }

    public static func label(_ key: GraduateField.Key) -> String {
        GraduateRecordForm.standard.field(key)?.label ?? key.rawValue
    }

    /// The choices of a choice field (户口/档案是否转入学校); nil for a typed one.
    public static func choices(_ key: GraduateField.Key) -> [String]? {
        guard case .choice(let choices) = GraduateRecordForm.standard.field(key)?.kind else { return nil }
        return choices.labels
    }

    /// The graduate's fields checked as the record's confirmation checks them: field key → what
    /// to do, in Chinese; empty when the form may be sent. `data` holds the values by raw key.
    public static func problems(_ data: [String: String]) -> [String: String] {
        var row: [String: String] = [:]
        for key in keys { row[key.rawValue] = data[key.rawValue] ?? "" }
        var found: [String: String] = [:]
        for problem in contactOnly.validate(row).problems where found[problem.key.rawValue] == nil {
            let empty = WorkflowText.trimmed(problem.value).isEmpty
            found[problem.key.rawValue] = empty && choices(problem.key) != nil ? "请选择\(problem.label)。" : problem.message
        }
        return found
    }

    /// The values as the record stores them (choices by their label: "Y" → 是), after `problems`
    /// found none; nil when a value does not check.
    public static func normalized(_ data: [String: String]) -> [String: String]? {
        var row: [String: String] = [:]
        for key in keys { row[key.rawValue] = data[key.rawValue] ?? "" }
        guard let record = contactOnly.validate(row).record else { return nil }
        var out: [String: String] = [:]
        for key in keys { out[key.rawValue] = record[key] ?? "" }
        return out
    }

    /// The graduate's keys alone, all required: a row of just these validates as a record.
    static let contactOnly = GraduateRecordValidator(
        form: GraduateRecordForm(fields: keys.compactMap { key in
            GraduateRecordForm.standard.field(key).map { field in var field = field; field.requirement = .atImport; return field }
        }),
        stage: .confirmation, lookup: InMemoryCodeLookup())
}

/// 申请修改 after the record is locked (seed 003 §3.2.5: "学生申请修改，填写错误字段和修改具体内容，例如
/// 政治面貌修改为中共党员"; "学校处理学生的修改申请"). The graduate names one field and its new value;
/// the school approves or returns it. Fields that must agree with the 学籍 (姓名, 证件号码, 学号,
/// 年度, 学历, 院系, 专业) are changed by the school's 学籍 office, not by request.
public enum SourceAmendment {
    public static let contentKeys: Set<String> = ["amend_field", "amend_value", "amend_text"]

    /// The fields a graduate may ask to change: the contact fields and the record's own facts.
    public static let fields: [GraduateField.Key] = SourceContactForm.keys + [
        .politicalStatus, .ethnicity, .gender, .studyType, .normalStudent, .region, .sourceRegion, .enrolmentDate, .graduationDate,
        .trainingMode, .sponsorUnit, .yearsOfStudy, .examineeNo,
    ]

    /// The new value as the record stores it (a code for a coded field), or the Chinese problem.
    public static func check(_ key: GraduateField.Key, _ text: String, lookup: any CodeLookup) -> Result<String, AmendmentProblem> {
        guard let field = GraduateRecordForm.standard.field(key) else { return .failure(AmendmentProblem("请选择要修改的字段。")) }
        var single = field
        single.requirement = .atImport
        let validator = GraduateRecordValidator(form: GraduateRecordForm(fields: [single]), stage: .confirmation, lookup: lookup)
        switch validator.validate([key.rawValue: text]) {
        case .valid(let record): return .success(record[key] ?? text)
        case .invalid(let problems): return .failure(AmendmentProblem(problems.first?.message ?? "修改后的内容格式不正确。"))
        }
    }

    /// The content of the request: a contact field changes in place; another field is carried as
    /// the request (field, stored value, the text as typed) and applied when the school approves.
    public static func apply(_ key: GraduateField.Key, stored: String, typed: String, to data: [String: String]) -> [String: String] {
        var data = data
        for key in contentKeys { data[key] = nil }
        if SourceContactForm.keys.contains(key) {
            data[key.rawValue] = stored
            data["amend_field"] = key.rawValue
            data["amend_text"] = typed
        } else {
            data["amend_field"] = key.rawValue
            data["amend_value"] = stored
            data["amend_text"] = typed
        }
        return data
    }

    /// The field and value a request carries, when it names a field of the school's record.
    public static func requested(in data: [String: String]) -> (key: GraduateField.Key, value: String)? {
        guard let key = data["amend_field"].flatMap(GraduateField.Key.init(rawValue:)), fields.contains(key), let value = data["amend_value"] else { return nil }
        return (key, value)
    }
}

public struct AmendmentProblem: Error, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
}
