/// Which fields and which 证明材料 each category asks for (modules review C1).
///
/// **Every row is an assumption for the school to confirm** (`Row.isAssumption`). Seed 004 gives
/// the form's requirements ("去向维护内容和要求", w01–w11.png) and the evidence ("上传就业证明材料
/// 要求", 01–11.png) as images only; "系统已将必选和必填属性用红色字体标识" also refers to them. The
/// rows are derived from the 审核标准 text of §2(3), from what the national export needs, and from
/// the rules of modules review C2, C10, C13. What each row assumes beyond the manual's words:
/// - 10 (and 10-1, 10-2, 10-3, 10-5), 11, 12, 271, 272: a domestic unit, so 单位名称, 所在地, 性质,
///   统一社会信用代码, 行业 and 职位类别 are required; 单位联系人 and 联系电话 are required so the
///   reviewer can verify the job (C14); the other contact fields are optional.
/// - 10-1: 协议书号 required (the agreement is numbered; C20). 10 without a 情形 (records from
///   before the field existed) asks for what 10-1, 10-2, 10-3 and 10-5 share.
/// - 10-4 部队, 10-6 国际组织, 10-7 出国出境就业: no Chinese credit code (C10); 10-4's location
///   optional (often not disclosed); 10-7 asks for the country instead of a county.
/// - 12: 聘用起止日期 and 月收入 required (离校后聘用期限不低于6个月, 不低于当地最低工资标准); 271
///   and 76: 月收入 required (最低工资标准). 76 has no unit: 工作所在地 (for the minimum wage) and
///   职业类别 are required.
/// - 46: nothing but the category is demanded (the notice names the 武装部, not a unit).
/// - 国家/地方基层项目: the service unit is often a 村委会 or 乡镇, so the credit code is optional.
/// - 752, 753, 754: a project in an incubator, an older 个体工商户 or an online shop may have no
///   credit code (C10), so it is optional; 754's 网店网址 goes in 单位地址 and is required.
/// - 801, 802, 80L1: 院校代码 required instead of a credit code (C10); 85: 国家（地区）required.
/// - 70, 72: the 具体情形 is required; 71 needs nothing. 单位备注 is optional everywhere.
public enum DestinationMatrix {
    /// A rule of the 审核标准 that needs data beyond the form (C2).
    public enum Rule: String, Sendable {
        /// 月收入不低于当地最低工资标准 (其他录用形式就业, 科研助理, 自由职业).
        case minimumWage = "minimum-wage"
        /// 离校后聘用期限不低于6个月 (其他录用形式就业).
        case employmentPeriod = "employment-period"
        /// 由院、校两级就业部门负责同志审核签字（章）.
        case twoLevelSignOff = "two-level-sign-off"
    }

    public struct Row: Sendable {
        /// The category code, or for 签就业协议形式就业 its 情形 ("10-1" … "10-7").
        public let key: String
        public let required: Set<DestinationField>
        public let optional: Set<DestinationField>
        /// Each entry must be satisfied by one upload (`DestinationEvidence.anyOf`).
        public let evidence: [DestinationEvidence]
        public let rules: Set<Rule>
        /// True for every row today: derived from the 审核标准 text, not from the manual's images.
        public let isAssumption: Bool
        /// Why the row is as it is, in Chinese, for the school admin who confirms it.
        public let basis: String
        let labels: [DestinationField: String]

        public func presence(of field: DestinationField) -> DestinationPresence {
            if required.contains(field) { return .required }
            if optional.contains(field) { return .optional }
            return .absent
        }

        /// What the field is called for this category (单位名称 → 录取院校 for 升学 …).
        public func label(of field: DestinationField) -> String { labels[field] ?? field.label }

        /// The fields the form shows, in the order of `DestinationField.allCases`.
        public var shownFields: [DestinationField] { DestinationField.allCases.filter { presence(of: $0) != .absent } }
    }

    public static let rows: [Row] = agreementRows + employmentRows + grassrootsRows + otherRows

    /// The row for a stored category and 情形; nil for a code that is not a selectable category.
    /// 签就业协议形式就业 without a known 情形 gets the general row "10".
    public static func row(category: String, subtype: String? = nil) -> Row? {
        if category == DestinationHeading.employmentAgreement.code, let subtype, let row = byKey[subtype], subtype.hasPrefix("10-") {
            return row
        }
        return byKey[category]
    }

    private static let byKey: [String: Row] = Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })

    // MARK: - Rows

    private typealias F = DestinationField
    private static let unit: [F] = [.unitName, .unitLocation, .unitNature, .creditCode, .industry, .position]
    private static let contactRequired: [F] = [.contactName, .contactPhone]
    private static let contactOptional: [F] = [.unitAddress, .unitPostcode, .contactFax, .contactEmail, .contactMobile]
    private static let period: [F] = [.employmentStart, .employmentEnd]

    private static func row(_ key: String, required: [F], optional: [F] = [], evidence: [DestinationEvidence],
                            labels: [F: String] = [:], rules: Set<Rule> = [], basis: String) -> Row {
        Row(key: key, required: Set([.category] + required), optional: Set([.remark] + optional).subtracting(required),
            evidence: evidence, rules: rules, isAssumption: true, basis: basis, labels: labels)
    }

    private static let agreementRows: [Row] = {
        let domestic: [F] = [.subtype] + unit + contactRequired
        let domesticOptional: [F] = [.agreementNumber, .monthlyIncome] + period + contactOptional
        return [
            row("10", required: domestic, optional: domesticOptional,
                evidence: [DestinationEvidence(.employmentAgreement, .acceptanceLetter, .publicNotice, .directedTrainingAgreement, .militaryRecruitAgreement,
                                               .residencyAgreement, .internationalOrganizationLetter, .overseasEmployerLetter, .visa)],
                basis: "未选签约情形时（如早期记录），按第（1）（2）（3）（5）种情形共同的境内单位要求；证明材料为七种情形所列材料之一。"),
            row("10-1", required: domestic + [.agreementNumber], optional: domesticOptional,
                evidence: [DestinationEvidence(.employmentAgreement)],
                basis: "审核标准（1）：依据就业协议书；协议书有编号，协议书号必填（用于查重）。"),
            row("10-2", required: domestic, optional: domesticOptional,
                evidence: [DestinationEvidence(.acceptanceLetter, .publicNotice)],
                basis: "审核标准（2）：依据录用接收函、公示材料；境内单位信息必填。"),
            row("10-3", required: domestic, optional: domesticOptional,
                evidence: [DestinationEvidence(.directedTrainingAgreement)],
                basis: "审核标准（3）：依据定向、委培协议；单位须为原定向、委培单位（地区）。"),
            row("10-4", required: [.subtype, .unitName, .unitNature, .industry, .position],
                optional: [.unitLocation, .agreementNumber, .monthlyIncome] + period + contactRequired + contactOptional,
                evidence: [DestinationEvidence(.militaryRecruitAgreement)], labels: [.unitName: "招收单位（部队）名称"],
                basis: "审核标准（4）：依据招收军士或文职人员协议书；部队没有统一社会信用代码，不填；驻地可能不便公开，单位所在地选填。"),
            row("10-5", required: domestic, optional: domesticOptional,
                evidence: [DestinationEvidence(.residencyAgreement)], labels: [.unitName: "规培基地名称"],
                basis: "审核标准（5）：依据与规培基地签订的协议书；规培基地为境内单位。"),
            row("10-6", required: [.subtype, .unitName, .industry],
                optional: [.unitLocation, .country, .unitNature, .position, .monthlyIncome] + period + contactRequired + contactOptional,
                evidence: [DestinationEvidence(.internationalOrganizationLetter)], labels: [.unitName: "国际组织名称"],
                basis: "审核标准（6）：依据国际组织出具的接收材料；国际组织没有统一社会信用代码，驻地可在境内或境外，所在地与国家（地区）均选填。"),
            row("10-7", required: [.subtype, .unitName, .country],
                optional: [.unitNature, .industry, .position, .unitAddress, .monthlyIncome] + period + contactRequired + [.contactFax, .contactEmail, .contactMobile],
                evidence: [DestinationEvidence(.overseasEmployerLetter, .visa)], labels: [.unitName: "国（境）外单位名称", .country: "就业国家（地区）"],
                basis: "审核标准（7）：依据国（境）外用人单位出具的接收证明或出国签证文件；境外单位没有统一社会信用代码和区县，改填国家（地区）。"),
        ]
    }()

    private static let employmentRows: [Row] = [
        row("11", required: unit + contactRequired, optional: [.agreementNumber, .monthlyIncome] + period + contactOptional,
            evidence: [DestinationEvidence(.laborContract)], labels: [.agreementNumber: "劳动合同编号"],
            basis: "依据劳动合同；境内单位信息必填。"),
        row("12", required: unit + contactRequired + period + [.monthlyIncome], optional: contactOptional,
            evidence: [DestinationEvidence(.employmentCertificate, .otherProof)], rules: [.minimumWage, .employmentPeriod, .twoLevelSignOff],
            basis: "审核标准：聘用证明应包含离校后聘用期限不低于6个月、工资收入不低于当地最低工资标准，故聘用起止日期和月收入必填；由院、校两级审核签字（章）。"),
        row("271", required: unit + contactRequired + [.monthlyIncome], optional: [.agreementNumber] + period + contactOptional,
            evidence: [DestinationEvidence(.researchAssistantProof)], labels: [.unitName: "聘用单位"], rules: [.minimumWage],
            basis: "审核标准（1）：依据高校、科研机构或企业出具的证明，薪酬需达到当地最低工资标准，故月收入必填。"),
        row("272", required: unit + contactRequired, optional: [.agreementNumber, .monthlyIncome] + period + contactOptional,
            evidence: [DestinationEvidence(.laborContract, .postdocAgreement, .acceptanceLetter, .transferLetter, .postdocRecord)],
            labels: [.unitName: "设站单位"],
            basis: "审核标准（2）：依据劳动（聘用）合同、协议书、接收函、商调函、《博士后研究人员备案证明》之一。"),
        row("46", required: [], optional: [.unitName, .unitLocation],
            evidence: [DestinationEvidence(.preEnlistmentNotice, .enlistmentNotice)],
            labels: [.unitName: "入伍部队或征兵单位", .unitLocation: "应征地"],
            basis: "依据预定兵通知书或入伍通知书；通知书通常只写明征兵办（武装部），部队名称和应征地选填。"),
    ]

    private static let grassrootsRows: [Row] = ["50L1", "502", "503", "51L1", "512", "51L2", "51L3", "51L4", "519"].map { code in
        row(code, required: [.unitName, .unitLocation, .unitNature, .industry, .position],
            optional: [.creditCode, .agreementNumber, .monthlyIncome] + period + contactRequired + contactOptional,
            evidence: [DestinationEvidence(.employmentAgreement, .hiringDocument, .receivingCertificate, .publicNotice)],
            labels: [.unitName: code == "512" ? "录用单位" : "服务单位"],
            basis: "依据就业协议书、录用文件、接收证明或公示材料之一；服务单位常为村（社区）或乡镇，统一社会信用代码选填。")
    }

    private static let otherRows: [Row] = [
        row("751", required: [.unitName, .unitLocation, .unitNature, .creditCode, .industry],
            optional: [.position, .monthlyIncome] + contactRequired + contactOptional,
            evidence: [DestinationEvidence(.businessLicense, .equityProof, .otherProof)], labels: [.unitName: "企业名称"],
            basis: "审核标准（1）：依据工商执照、股权证明或其他证明材料；已注册的企业有统一社会信用代码，必填。"),
        row("752", required: [.unitName, .unitLocation, .industry],
            optional: [.unitNature, .creditCode, .position, .monthlyIncome] + contactRequired + contactOptional,
            evidence: [DestinationEvidence(.incubatorAgreement, .incubatorCertificate)], labels: [.unitName: "创业企业（项目）名称"],
            basis: "审核标准（2）：依据孵化协议或孵化机构证明；孵化中的项目可能尚未注册，统一社会信用代码选填。"),
        row("753", required: [.unitName, .unitLocation, .industry],
            optional: [.unitNature, .creditCode, .position, .monthlyIncome, .unitAddress, .unitPostcode, .contactPhone, .contactMobile],
            evidence: [DestinationEvidence(.businessLicense, .otherProof)], labels: [.unitName: "个体工商户名称（字号）"],
            basis: "审核标准（3）：依据工商执照或其他证明材料；早期登记的个体工商户可能只有注册号，统一社会信用代码选填。"),
        row("754", required: [.unitName, .unitLocation, .unitAddress], optional: [.creditCode, .industry, .position, .monthlyIncome],
            evidence: [DestinationEvidence(.onlineShopScreenshot), DestinationEvidence(.transactionRecords)],
            labels: [.unitName: "网店名称", .unitAddress: "网店网址"],
            basis: "审核标准（4）：依据网店网址、网店信息截图和交易流水，故网址必填、截图和流水都要上传；网店可能未办执照，统一社会信用代码选填。"),
        row("76", required: [.unitLocation, .position, .monthlyIncome], optional: [.industry],
            evidence: [DestinationEvidence(.freelanceStatement)], labels: [.unitLocation: "工作所在地", .position: "从事职业类别"],
            rules: [.minimumWage, .twoLevelSignOff],
            basis: "审核标准：本人签字的证明材料说明职业内容和收入，收入需达到当地最低工资标准，故工作所在地和月收入必填；由院、校两级审核签字（章）。"),
    ] + ["801", "802", "80L1"].map { code in
        row(code, required: [.unitName, .schoolCode], evidence: [DestinationEvidence(.admissionList, .fileTransferLetter, .admissionNotice)],
            labels: [.unitName: "录取院校"],
            basis: "依据拟录取名单、录取院校调档函或录取通知书；录取院校用院校代码标识，不填统一社会信用代码。")
    } + [
        row("85", required: [.unitName, .country], evidence: [DestinationEvidence(.overseasAdmissionNotice)],
            labels: [.unitName: "留学院校", .country: "留学国家（地区）"],
            basis: "依据国（境）外高校录取通知书；境外院校填国家（地区），不填区县和信用代码。"),
        row("70", required: [.subtype], evidence: [], basis: "尚未落实去向，无需证明材料；需选择具体状态。"),
        row("71", required: [], evidence: [], basis: "暂不就业，无需证明材料。"),
        row("72", required: [.subtype], evidence: [], basis: "暂不就业，无需证明材料；需选择具体情形。"),
    ]
}
