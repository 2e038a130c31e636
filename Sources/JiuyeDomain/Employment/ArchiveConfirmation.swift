/// 派遣信息核对 (seed 003 §3.6) under the current rules: before the school compiles its 就业方案,
/// the graduate confirms where the 档案 is sent and where the 户口 moves, or asks the school to
/// change it ("学生可以提交派遣信息需求申请修改, 交由学校管理员确认及修改").
///
/// The 报到证 the seed confirms was abolished for graduates from 2023 on (国办发〔2022〕13号;
/// modules review C12): 毕业去向登记 plus 档案转递 replace it, and 教学厅〔2023〕5号 puts 户口迁移
/// beside 档案转递. The 转递编号 and 核验编号 come from the national registration system and are
/// imported, never made here. Older cohorts see their 报到证 fields read-only; 补办 and 改派 are
/// abolished, so those fields take no change request.
public enum ArchiveField: String, CaseIterable, Sendable {
    // 档案信息, with the labels of seed 003 §3.4.4.2 in its order.
    case receiver = "archive_receiver"
    case address = "archive_address"
    case phone = "archive_phone"
    case postcode = "archive_postcode"
    case contact = "archive_contact"
    // 户口迁移 (教学厅〔2023〕5号; C12).
    case hukouToSourceRegion = "hukou_to_source"
    case hukouAddress = "hukou_address"
    case policeStation = "hukou_police_station"
    // From the national system (imported).
    case transferNumber = "transfer_no"
    case verificationNumber = "verification_no"
    // 派遣信息 of seed 003 §3.4.4.2: cohorts before 2023 only, read-only.
    case reportCardCategory = "report_card_category"
    case reportCardIssuer = "report_card_issuer"
    case reportCardLocation = "report_card_location"
    case unitAffiliation = "unit_affiliation"
    case reportCardRemark = "report_card_remark"

    public var label: String {
        switch self {
        case .receiver: "档案转寄单位名称"
        case .address: "档案转寄单位地址"
        case .phone: "档案转寄联系电话"
        case .postcode: "档案转寄邮编"
        case .contact: "档案转寄联系人"
        case .hukouToSourceRegion: "是否迁回生源地"
        case .hukouAddress: "户口迁往地址"
        case .policeStation: "接收派出所"
        case .transferNumber: "转递编号"
        case .verificationNumber: "核验编号"
        case .reportCardCategory: "报到证签发类别"
        case .reportCardIssuer: "报到证签发单位名称"
        case .reportCardLocation: "签往单位所在地"
        case .unitAffiliation: "单位隶属"
        case .reportCardRemark: "报到证备注"
        }
    }

    public enum Group: String, Sendable {
        case archive, hukou, national, reportCard

        public var label: String {
            switch self {
            case .archive: "档案信息"
            case .hukou: "户口迁移"
            case .national: "全国登记系统信息"
            case .reportCard: "派遣信息（报到证）"
            }
        }
    }

    public var group: Group {
        switch self {
        case .receiver, .address, .phone, .postcode, .contact: .archive
        case .hukouToSourceRegion, .hukouAddress, .policeStation: .hukou
        case .transferNumber, .verificationNumber: .national
        case .reportCardCategory, .reportCardIssuer, .reportCardLocation, .unitAffiliation, .reportCardRemark: .reportCard
        }
    }

    /// The graduate fills or asks to change only the 档案 and 户口 fields.
    public var isGraduateField: Bool { group == .archive || group == .hukou }

    /// Assumption: the longest value, so the 就业方案 row and an EMS 机要 envelope hold it.
    public var maxLength: Int? {
        switch self {
        case .receiver, .policeStation: 50
        case .address, .hukouAddress: 100
        case .contact: 20
        case .transferNumber, .verificationNumber: 40
        default: nil
        }
    }

    public var hint: String? {
        switch self {
        case .receiver: "有人事档案管理权限的单位或人才服务机构的全称，如“重庆市渝中区就业和人才服务局”"
        case .hukouAddress: "户口迁入地的详细地址，迁回生源地的填写原户籍地址"
        case .policeStation: "户口迁入地的派出所全称"
        default: nil
        }
    }
}

public struct ArchiveConfirmation: Sendable, Equatable {
    /// The graduate's facts that decide which fields apply.
    public struct Context: Sendable, Equatable {
        /// 届别 (毕业年度).
        public var cohort: Int
        /// 毕业去向 code.
        public var category: String
        /// 档案是否转入学校 (生源信息): if not, the school sends no archive.
        public var archiveInSchool: Bool
        /// 户口是否转入学校 (生源信息): if not, there is no 户口 to move.
        public var hukouInSchool: Bool

        public init(cohort: Int, category: String, archiveInSchool: Bool = true, hukouInSchool: Bool = true) {
            self.cohort = cohort
            self.category = category
            self.archiveInSchool = archiveInSchool
            self.hukouInSchool = hukouInSchool
        }
    }

    /// The values as stored, by field (graduate fields only; empty fields left out).
    public let values: [ArchiveField: String]

    public subscript(field: ArchiveField) -> String { values[field] ?? "" }

    /// Whether a cohort still has 报到证 fields: only graduates before 2023 were issued one.
    public static func reportCardFieldsApply(cohort: Int) -> Bool { cohort < 2023 }

    /// The fields the page shows, in order: 档案 and 户口 as they apply, then the national numbers
    /// (2023 on) or the 报到证 fields (before 2023), both read-only.
    public static func visibleFields(_ context: Context) -> [ArchiveField] {
        ArchiveField.allCases.filter { field in
            switch field.group {
            case .archive: context.archiveInSchool
            case .hukou: context.hukouInSchool
            case .national: !reportCardFieldsApply(cohort: context.cohort)
            case .reportCard: reportCardFieldsApply(cohort: context.cohort)
            }
        }
    }

    /// The fields the graduate fills (before confirming) or asks to change (after).
    public static func graduateFields(_ context: Context) -> [ArchiveField] {
        visibleFields(context).filter(\.isGraduateField)
    }

    /// The graduate's 确认无误: every 档案 and 户口 field that applies is filled and well formed.
    ///
    /// Assumptions: all five 档案 fields are required (EMS 机要 mail needs a contact and a phone);
    /// 户口迁往地址 and 接收派出所 are required whatever 是否迁回生源地 says, because the 户口迁移证
    /// names both. Values of fields that do not apply are dropped.
    public static func check(_ data: [ArchiveField: String], context: Context) -> Result<ArchiveConfirmation, FormProblems<ArchiveField>> {
        var problems = FormProblems<ArchiveField>()
        var values: [ArchiveField: String] = [:]
        for field in graduateFields(context) {
            switch checkValue(field, data[field] ?? "") {
            case .success(let value): values[field] = value
            case .failure(let refusal): problems[field] = refusal.message
            }
        }
        return problems.isEmpty ? .success(ArchiveConfirmation(values: values)) : .failure(problems)
    }

    /// One graduate field's value as stored, or what to do.
    static func checkValue(_ field: ArchiveField, _ raw: String) -> Result<String, FieldRefusal> {
        let value = FormFieldText.singleLine(raw)
        guard !value.isEmpty else {
            return .failure(.init(message: field == .hukouToSourceRegion ? "请选择\(field.label)。" : "请填写\(field.label)。"))
        }
        if let problem = FormFieldText.problem(value, label: field.label, maxLength: field.maxLength) { return .failure(.init(message: problem)) }
        switch field {
        case .postcode:
            return DestinationContact.isPostcode(value) ? .success(IdentityInput.compact(value))
                : .failure(.init(message: "\(field.label)应为 6 位数字，请核对。"))
        case .phone:
            return LandlineOrMobile.normalized(value).map { .success($0) } ?? .failure(.init(message: LandlineOrMobile.refusal(label: field.label)))
        case .hukouToSourceRegion:
            switch IdentityInput.asciiUppercased(IdentityInput.compact(value)) {
            case "是", "Y", "1": return .success("是")
            case "否", "N", "0": return .success("否")
            default: return .failure(.init(message: "请选择\(field.label)（是或否）。"))
            }
        case .receiver, .policeStation:
            return value.count >= 4 ? .success(value) : .failure(.init(message: "\(field.label)请填写全称，以便档案或户口准确送达。"))
        default:
            return .success(value)
        }
    }

    /// A 转递编号 or 核验编号 as imported from the national system. Assumption: its layout is not
    /// published, so letters, digits and "-" up to 40 characters are kept as they come.
    public static func nationalNumber(_ raw: String, field: ArchiveField) -> String? {
        let text = IdentityInput.asciiUppercased(IdentityInput.compact(raw))
        guard field.group == .national, (1...40).contains(text.count),
              text.allSatisfy({ IdentityInput.isASCIIAlphanumeric($0) || $0 == "-" })
        else { return nil }
        return text
    }
}

/// 申请修改 after the graduate confirmed or the school locked the data: the field, its new value
/// and the reason; the school approves and edits, or refuses (seed 003 §3.6).
public struct ArchiveChangeRequest: Sendable, Equatable {
    public enum Part: String, CaseIterable, Sendable {
        case field, value, reason

        public var label: String {
            switch self {
            case .field: "修改字段"
            case .value: "修改后内容"
            case .reason: "修改原因"
            }
        }
    }

    public let field: ArchiveField
    public let newValue: String
    public let reason: String

    /// Assumption: a reason of at most 200 characters.
    public static let maximumReasonLength = 200

    /// The request, or what to fix: the field must be one the graduate fills in this context (not
    /// the national numbers, not the 报到证), the value must check as the field does and differ
    /// from `current`, and a reason is required.
    public static func check(field: ArchiveField?, newValue: String, reason: String, current: [ArchiveField: String],
                             context: ArchiveConfirmation.Context) -> Result<ArchiveChangeRequest, FormProblems<Part>> {
        var problems = FormProblems<Part>()
        var value: String?
        if let field {
            if !ArchiveConfirmation.graduateFields(context).contains(field) {
                problems[.field] = switch field.group {
                case .national: "\(field.label)由全国高校毕业生毕业去向登记系统生成，不能申请修改；如有疑问请联系学校就业中心。"
                case .reportCard: "报到证已于 2023 年起取消，原报到证信息不能再申请修改（补办、改派已停止办理）。"
                case .archive, .hukou: "您的\(field.group.label)不由学校办理（生源信息中未转入学校），无需申请修改。"
                }
            } else {
                switch ArchiveConfirmation.checkValue(field, newValue) {
                case .success(let checked):
                    if checked == current[field].map(FormFieldText.singleLine) {
                        problems[.value] = "修改后的\(field.label)与原内容相同，请填写新的内容。"
                    } else {
                        value = checked
                    }
                case .failure(let refusal):
                    problems[.value] = refusal.message
                }
            }
        } else {
            problems[.field] = "请选择要修改的字段。"
        }
        let reasonText = FormFieldText.singleLine(reason)
        if reasonText.isEmpty {
            problems[.reason] = "请填写修改原因，以便学校核实。"
        } else if let problem = FormFieldText.problem(reasonText, label: Part.reason.label, maxLength: maximumReasonLength) {
            problems[.reason] = problem
        }
        guard problems.isEmpty, let field, let value else { return .failure(problems) }
        return .success(ArchiveChangeRequest(field: field, newValue: value, reason: reasonText))
    }
}

/// Where the archive goes by default for each 毕业去向, prefilled for the graduate to confirm.
///
/// Assumption, for the school to confirm: 签就业协议、签劳动合同、其他录用形式、科研助理、博士后 and
/// 地方选调生 → the unit (or the 人才服务机构 it names); 升学 → the admitting school; 应征义务兵 → the
/// county 人民武装部 where the graduate enlisted; 国家和地方基层项目 → the body the project names at
/// its service area; 自主创业、自由职业、境外留学、待就业 and 暂不就业 → the 公共就业人才服务机构 of the
/// 生源地 (seed 003 §3.4.4.2: 出国、出境 without a receiving body "默认回原籍，生源地报到").
/// Many schools also keep an 待就业 graduate's archive for two years on request; that is a school
/// setting, not this default.
public enum ArchiveRoute: String, CaseIterable, Sendable {
    case employer
    case admittingSchool
    case enlistment
    case projectArea
    case sourceRegion

    public var label: String {
        switch self {
        case .employer: "用人单位（或其委托的人才服务机构）"
        case .admittingSchool: "录取院校"
        case .enlistment: "入伍地县级人民武装部"
        case .projectArea: "服务地项目管理部门指定的档案接收机构"
        case .sourceRegion: "生源地公共就业人才服务机构"
        }
    }

    public static func defaultRoute(category: String) -> ArchiveRoute {
        switch category {
        case "10", "11", "12", "271", "272", "512": .employer
        case "801", "802", "80L1": .admittingSchool
        case "46": .enlistment
        case "502", "503", "50L1", "51L1", "51L2", "51L3", "51L4", "519": .projectArea
        default: .sourceRegion
        }
    }

    /// The 档案转寄单位名称 to prefill: the unit's or school's name where the route is the
    /// registration's own unit; nil where the graduate must name the body.
    public func suggestedReceiver(unitName: String?) -> String? {
        switch self {
        case .employer, .admittingSchool: unitName.map(FormFieldText.singleLine).flatMap { $0.isEmpty ? nil : $0 }
        case .enlistment, .projectArea, .sourceRegion: nil
        }
    }
}

/// 就业方案 — the list the school compiles and reports to the 市教委 (seed 003 §3.6).
///
/// Assumption: the manuals give no provincial layout, so the columns are the graduate's identity
/// (as the national feedback matches it: 年度, 学历, 考生号, 证件号码), the destination and unit,
/// then the 档案 and 户口 fields; from 2023 the national 转递编号 and 核验编号, before 2023 the
/// 报到证 fields. An adapter maps these onto a province's template once it is known.
public enum EmploymentPlanLayout {
    public enum Column: String, CaseIterable, Sendable {
        case cohort, educationLevel, examineeNumber, studentNumber, name, gender, documentNumber, college, major
        case sourceRegion, category, unitName, creditCode, unitLocation
        case archiveReceiver, archiveAddress, archivePhone, archivePostcode, archiveContact
        case hukouToSourceRegion, hukouAddress, policeStation
        case transferNumber, verificationNumber
        case reportCardCategory, reportCardIssuer, reportCardLocation, unitAffiliation, reportCardRemark

        public var header: String {
            switch self {
            case .cohort: "毕业年度"
            case .educationLevel: "学历"
            case .examineeNumber: "考生号"
            case .studentNumber: "学号"
            case .name: "姓名"
            case .gender: "性别"
            case .documentNumber: "证件号码"
            case .college: "院系"
            case .major: "专业"
            case .sourceRegion: "生源所在地"
            case .category: "毕业去向"
            case .unitName: "单位名称"
            case .creditCode: "统一社会信用代码"
            case .unitLocation: "单位所在地"
            default: archiveField.map(\.label) ?? rawValue
            }
        }

        /// The 派遣信息核对 field the column shows, if it is one.
        public var archiveField: ArchiveField? {
            switch self {
            case .archiveReceiver: .receiver
            case .archiveAddress: .address
            case .archivePhone: .phone
            case .archivePostcode: .postcode
            case .archiveContact: .contact
            case .hukouToSourceRegion: .hukouToSourceRegion
            case .hukouAddress: .hukouAddress
            case .policeStation: .policeStation
            case .transferNumber: .transferNumber
            case .verificationNumber: .verificationNumber
            case .reportCardCategory: .reportCardCategory
            case .reportCardIssuer: .reportCardIssuer
            case .reportCardLocation: .reportCardLocation
            case .unitAffiliation: .unitAffiliation
            case .reportCardRemark: .reportCardRemark
            default: nil
            }
        }
    }

    /// The columns of a cohort's 就业方案, in order.
    public static func columns(cohort: Int) -> [Column] {
        let reportCard = ArchiveConfirmation.reportCardFieldsApply(cohort: cohort)
        return Column.allCases.filter { column in
            switch column.archiveField?.group {
            case .national?: !reportCard
            case .reportCard?: reportCard
            default: true
            }
        }
    }

    public static func headers(cohort: Int) -> [String] { columns(cohort: cohort).map(\.header) }
}
