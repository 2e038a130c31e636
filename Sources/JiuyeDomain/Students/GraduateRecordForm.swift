/// 生源信息 — the fields of a graduate's source record, in the order of the import template
/// (学校-添加毕业生, seed 003 §3.2.1) and of the 生源信息维护 page (seed 004 §2(1)).
///
/// Seed 004 lists the record's fields and says ① 年度、学历、姓名、性别、证件号码、学号、考生号、
/// 培养方式、专业代码、专业名称 must agree with the 学籍 (so the school has them when it imports),
/// ② 生源所在地 must be county level, ③ every field is required, except 定向或委培单位 when
/// 培养方式 is 非定向. Seed 003's student form adds the contact fields, all starred.
/// Hence two stages: a school import needs the 学籍 fields; confirming the record (学生确认,
/// 锁定) needs them all.
public struct GraduateRecordForm: Sendable {
    public let fields: [GraduateField]

    public init(fields: [GraduateField]) {
        self.fields = fields
        var byKey: [GraduateField.Key: Int] = [:]
        var byTitle: [String: GraduateField.Key] = [:]
        for (index, field) in fields.enumerated() {
            byKey[field.key] = index
            for title in [field.label] + field.aliases {
                byTitle[Self.normalisedTitle(title)] = field.key
            }
        }
        self.indexByKey = byKey
        self.keyByTitle = byTitle
        self.keys = fields.map(\.key)
        self.rawKeys = fields.map(\.key.rawValue)
    }

    let indexByKey: [GraduateField.Key: Int]
    let keyByTitle: [String: GraduateField.Key]
    /// The field keys in form order, and their raw values.
    let keys: [GraduateField.Key]
    let rawKeys: [String]

    public func field(_ key: GraduateField.Key) -> GraduateField? {
        indexByKey[key].map { fields[$0] }
    }

    /// A copy of the form with one field's requirement changed (a school that does not
    /// collect QQ, say).
    public func with(_ key: GraduateField.Key, _ requirement: GraduateField.Requirement) -> GraduateRecordForm {
        GraduateRecordForm(fields: fields.map { field in
            var field = field
            if field.key == key { field.requirement = requirement }
            return field
        })
    }

    /// The column titles of the import template, required ones marked with "*".
    public func templateTitles(for stage: GraduateRecordStage) -> [String] {
        fields.map { $0.isRequired(at: stage) ? $0.label + "*" : $0.label }
    }

    /// The platform's 生源信息 fields. An app may copy it and change a field's `requirement`.
    public static let standard = GraduateRecordForm(fields: [
        .init(.cohort, "年度", aliases: ["届别", "毕业年度", "毕业年份", "届次"], .atImport, .year),
        .init(.educationLevel, "学历", aliases: ["学历层次", "学历代码"], .atImport, .code(.educationLevel)),
        .init(.studyType, "学历类型", .atConfirmation, .choice(.studyTypes)),
        .init(.normalStudent, "师范生类别", aliases: ["师范生类别代码"], .atConfirmation, .choice(.normalStudentCategories)),
        .init(.college, "院系名称", aliases: ["院系", "学院", "学院名称", "所在院系"], .atImport, .text(maxLength: 100)),
        .init(.className, "班级名称", aliases: ["班级", "所在班级"], .atConfirmation, .text(maxLength: 100)),
        .init(.name, "姓名", .atImport, .personName),
        .init(.gender, "性别", aliases: ["性别代码"], .atImport, .choice(.genders)),
        .init(.documentType, "证件类型", aliases: ["证件类型代码"], .optional, .code(.documentType)),
        .init(.documentNumber, "证件号码", aliases: ["身份证号", "身份证号码", "证件号", "公民身份号码"], .atImport, .documentNumber),
        .init(.studentNo, "学号", .atImport, .studentNumber),
        .init(.examineeNo, "考生号", aliases: ["考生编号", "高考考生号"], .atImport, .examineeNumber),
        .init(.trainingMode, "培养方式", .atImport, .choice(.trainingModes)),
        .init(.majorCode, "专业代码", .atImport, .code(.major)),
        .init(.majorName, "专业名称", aliases: ["专业"], .atImport, .text(maxLength: 100)),
        .init(.yearsOfStudy, "修业年限", aliases: ["学制"], .atConfirmation, .yearsOfStudy),
        .init(.ethnicity, "民族", aliases: ["民族代码"], .atConfirmation, .code(.ethnicity)),
        .init(.politicalStatus, "政治面貌", aliases: ["政治面貌代码"], .atConfirmation, .code(.politicalStatus)),
        .init(.region, "行政区划", aliases: ["行政区划代码"], .atConfirmation, .region(countyLevel: false)),
        .init(.sourceRegion, "生源所在地", aliases: ["生源地", "生源所在地代码", "生源地区", "生源地代码"], .atConfirmation, .region(countyLevel: true)),
        .init(.sponsorUnit, "定向或委培单位", aliases: ["定向委培单位", "定向单位", "委培单位"], .optional, .text(maxLength: 100)),
        .init(.enrolmentDate, "入学日期", aliases: ["入学年月", "入学时间"], .atConfirmation, .date),
        .init(.graduationDate, "毕业日期", aliases: ["毕业年月", "毕业时间"], .atConfirmation, .date),
        .init(.completion, "毕结业结论", aliases: ["毕结业", "毕业结论"], .atConfirmation, .choice(.completions)),
        .init(.hardship, "困难生类别", .atConfirmation, .choice(.hardshipCategories)),
        .init(.phone, "手机号码", aliases: ["手机", "手机号", "移动电话"], .atConfirmation, .mobile),
        .init(.email, "电子邮箱", aliases: ["邮箱", "电子邮件", "Email", "E-mail"], .atConfirmation, .email),
        .init(.homePhone, "家庭电话", .atConfirmation, .telephone),
        .init(.homeAddress, "家庭地址", .atConfirmation, .text(maxLength: 200)),
        .init(.homePostcode, "家庭邮编", aliases: ["邮编", "邮政编码"], .atConfirmation, .postcode),
        .init(.qq, "QQ", aliases: ["QQ号", "QQ号码"], .atConfirmation, .qq),
        .init(.hukouMoved, "户口是否转入学校", .atConfirmation, .choice(.yesNo)),
        .init(.archiveMoved, "档案是否转入学校", .atConfirmation, .choice(.yesNo)),
    ])

    /// A column title as compared: half-width, no spaces, without the required mark "*",
    /// a "(必填)"/"(选填)" note or a trailing colon, ASCII upper-cased.
    static func normalisedTitle(_ raw: String) -> String {
        var text = CellText.asciiUppercased(CellText.compact(raw))
        while text.hasPrefix("*") { text.removeFirst() }
        while text.hasSuffix("*") || text.hasSuffix(":") || text.hasSuffix("：") { text.removeLast() }
        for note in ["(必填)", "(选填)", "(可选)", "(非必填)"] where text.hasSuffix(note) {
            text.removeLast(note.count)
        }
        while text.hasSuffix("*") { text.removeLast() }
        return text
    }
}

/// When a record is checked: the school's bulk import needs the 学籍 fields; the record's
/// confirmation (学生确认 or 锁定 by staff) needs every field.
public enum GraduateRecordStage: Sendable {
    /// 学校-添加毕业生 (seed 003 §3.2.1).
    case schoolImport
    /// 生源信息核对 submitted or locked (seed 004 §2(1) ③).
    case confirmation
}

/// One field of the 生源信息 record.
public struct GraduateField: Sendable {
    /// Field keys, as the app's forms and the header-mapped import rows name them.
    public enum Key: String, CaseIterable, Sendable {
        case cohort, educationLevel = "education_level", studyType = "study_type", normalStudent = "normal_student"
        case college, className = "class_name", name, gender, documentType = "document_type"
        case documentNumber = "document_number", studentNo = "student_no", examineeNo = "examinee_no"
        case trainingMode = "training_mode", majorCode = "major_code", majorName = "major_name"
        case yearsOfStudy = "years_of_study", ethnicity, politicalStatus = "political_status", region
        case sourceRegion = "source_region", sponsorUnit = "sponsor_unit", enrolmentDate = "enrolment_date"
        case graduationDate = "graduation_date", completion, hardship, phone, email, homePhone = "home_phone"
        case homeAddress = "home_address", homePostcode = "home_postcode", qq, hukouMoved = "hukou_moved"
        case archiveMoved = "archive_moved"
    }

    public enum Requirement: Sendable {
        /// Required in the school's import and at confirmation.
        case atImport
        /// May be empty in the import; required before the record is confirmed.
        case atConfirmation
        /// Never required on its own (证件类型 defaults to 居民身份证; 定向或委培单位 is
        /// required by 培养方式).
        case optional
    }

    /// What a cell holds and how it is checked.
    public enum Kind: Sendable {
        /// Free text, cleaned, at most `maxLength` characters.
        case text(maxLength: Int)
        /// 姓名: letters (any script), "·", spaces; no digits or symbols.
        case personName
        /// One of a fixed list; the value is stored as the list's label.
        case choice(GraduateChoices)
        /// A code of a national table, given as the code or its label; stored as the code.
        case code(CodeTable)
        /// A 行政区划 code; `countyLevel` refuses province and city codes.
        case region(countyLevel: Bool)
        /// 入学日期 / 毕业日期: a month or a day (see `GraduateDate`).
        case date
        /// 年度: a four-digit year ("2025", "2025届").
        case year
        /// 修业年限 in years, whole or half ("4", "2.5", "四年").
        case yearsOfStudy
        /// 证件号码, checked according to 证件类型.
        case documentNumber
        /// 学号: letters, digits, "-" and "_", at most 30 characters.
        case studentNumber
        /// 考生号: 14 digits (高考报名号), or 15 for a 研究生 考生编号.
        case examineeNumber
        /// 手机号码 (`MobilePhone`).
        case mobile
        /// 电子邮箱 (`EmailAddress`).
        case email
        /// 家庭电话: a landline with area code, or a mobile number.
        case telephone
        /// 邮政编码: 6 digits.
        case postcode
        /// QQ号: 5–11 digits, not starting with 0.
        case qq
    }

    public let key: GraduateField.Key
    /// The Chinese column title of the import template and the page label (seed 004's wording).
    public let label: String
    /// Other column titles accepted in an uploaded sheet.
    public let aliases: [String]
    public var requirement: Requirement
    public let kind: Kind

    public init(_ key: GraduateField.Key, _ label: String, aliases: [String] = [], _ requirement: Requirement, _ kind: Kind) {
        self.key = key
        self.label = label
        self.aliases = aliases
        self.requirement = requirement
        self.kind = kind
    }

    public func isRequired(at stage: GraduateRecordStage) -> Bool {
        switch requirement {
        case .atImport: true
        case .atConfirmation: stage == .confirmation
        case .optional: false
        }
    }
}

/// The accepted values of a choice field, each with the spellings that mean it.
/// (A class: a row check copies field kinds, and one reference is cheaper than a table.)
public final class GraduateChoices: Sendable {
    /// The stored values, in display order.
    public let labels: [String]
    let valueBySpelling: [String: String]

    public init(_ choices: [(label: String, aliases: [String])]) {
        labels = choices.map(\.label)
        var map: [String: String] = [:]
        for choice in choices {
            for spelling in [choice.label] + choice.aliases {
                map[CellText.asciiUppercased(spelling)] = choice.label
            }
        }
        valueBySpelling = map
    }

    /// The stored value for a cleaned cell, nil when it is none of the choices.
    public func value(for text: String) -> String? {
        valueBySpelling[text] ?? valueBySpelling[CellText.asciiUppercased(text)]
    }

    /// 性别 (GB/T 2261.1 codes 1 男, 2 女 accepted).
    public static let genders = GraduateChoices([("男", ["1", "男性", "M", "MALE"]), ("女", ["2", "女性", "F", "FEMALE"])])
    /// 培养方式 (seed 004: 非定向 leaves 定向或委培单位 empty).
    public static let trainingModes = GraduateChoices([
        ("非定向", ["非定向培养"]), ("定向", ["定向培养"]), ("委培", ["委托培养"]),
    ])
    /// 学历类型.
    public static let studyTypes = GraduateChoices([("全日制", ["普通全日制"]), ("非全日制", [])])
    /// 师范生类别.
    public static let normalStudentCategories = GraduateChoices([
        ("非师范生", ["非师范"]), ("普通师范生", ["师范生", "师范"]), ("公费师范生", ["免费师范生"]), ("优师计划师范生", ["优师计划"]),
    ])
    /// 困难生类别 (the student's own attribute, not the MOE 困难群体 flag, seed 004 §2(1) 注意事项②).
    public static let hardshipCategories = GraduateChoices([
        ("非困难生", ["无", "否"]), ("就业困难", []), ("家庭困难", []),
        ("就业困难和家庭困难", ["家庭困难和就业困难", "就业及家庭困难", "家庭及就业困难"]),
    ])
    /// 毕结业结论 (结业生 are registered too, 教学厅〔2023〕5号).
    public static let completions = GraduateChoices([("毕业", []), ("结业", [])])
    /// 是 / 否.
    public static let yesNo = GraduateChoices([("是", ["Y", "YES", "1"]), ("否", ["N", "NO", "0"])])
}
