/// A field of the 去向登记 form. The sixteen of seed 004 §2(2) ("毕业去向、单位名称、单位所在地、
/// 单位性质、组织机构代码、单位行业、工作职位类别、协议书号、单位备注、单位地址、单位邮编、单位联系人、
/// 单位联系电话、单位传真、联系人电子邮箱、联系人手机"), plus what the 审核标准 need and the
/// manual's form does not name (modules review C2, C10, C11): 具体情形, 聘用起止日期, 月收入,
/// 院校代码 and 国家（地区）.
///
/// The raw value is the key in the case's data; the first five are the keys the app has always
/// stored and keep their meaning (`remark` is 单位备注).
public enum DestinationField: String, CaseIterable, Sendable {
    case category = "category"
    case unitName = "unit_name"
    case unitLocation = "unit_location"
    case position = "position"
    case remark = "remark"
    case subtype = "subtype"
    case unitNature = "unit_nature"
    /// 组织机构代码: the 18-character 统一社会信用代码 is stored (C10); see `DestinationUnitCode`.
    case creditCode = "credit_code"
    case industry = "industry"
    case agreementNumber = "agreement_no"
    case unitAddress = "unit_address"
    case unitPostcode = "unit_postcode"
    case contactName = "contact_name"
    case contactPhone = "contact_phone"
    case contactFax = "contact_fax"
    case contactEmail = "contact_email"
    case contactMobile = "contact_mobile"
    case employmentStart = "employment_start"
    case employmentEnd = "employment_end"
    case monthlyIncome = "monthly_income"
    case schoolCode = "school_code"
    case country = "country"

    public var key: String { rawValue }

    /// The keys the app's form has always had: `DestinationForm.problems(_:)` demands these
    /// (and any other field whose key the data holds).
    public static let original: Set<DestinationField> = [.category, .unitName, .unitLocation, .position, .remark]

    /// The label when the category gives none of its own (`DestinationMatrix.Row.label(of:)`).
    public var label: String {
        switch self {
        case .category: "毕业去向"
        case .unitName: "单位名称"
        case .unitLocation: "单位所在地"
        case .position: "工作职位类别"
        case .remark: "单位备注"
        case .subtype: "具体情形"
        case .unitNature: "单位性质"
        case .creditCode: "统一社会信用代码"
        case .industry: "单位行业"
        case .agreementNumber: "协议书号"
        case .unitAddress: "单位地址"
        case .unitPostcode: "单位邮编"
        case .contactName: "单位联系人"
        case .contactPhone: "单位联系电话"
        case .contactFax: "单位传真"
        case .contactEmail: "联系人电子邮箱"
        case .contactMobile: "联系人手机"
        case .employmentStart: "聘用起始日期"
        case .employmentEnd: "聘用截止日期"
        case .monthlyIncome: "月收入（元）"
        case .schoolCode: "院校代码"
        case .country: "国家（地区）"
        }
    }

    /// Picked from a list (the message says 请选择) rather than typed (请填写).
    public var isChoice: Bool {
        switch self {
        case .category, .subtype, .unitLocation, .unitNature, .industry, .position, .country: true
        default: false
        }
    }

    /// The longest text accepted, in characters.
    public var maxLength: Int {
        switch self {
        case .remark: WorkflowText.maxRemarkLength
        case .unitName, .unitLocation: 100
        case .unitAddress: 200
        case .contactName: 30
        default: 50
        }
    }
}

/// Whether a category asks for a field.
public enum DestinationPresence: String, Sendable {
    /// Shown and must be filled before submitting.
    case required
    /// Shown, may stay empty; checked when filled.
    case optional
    /// Not shown and not demanded; a value sent anyway is dropped (`DestinationCheck.normalized`).
    case absent
}
