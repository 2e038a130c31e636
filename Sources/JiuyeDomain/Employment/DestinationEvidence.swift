/// 证明材料: the kinds of document the 审核标准 of seed 004 §2(3) name. An upload is tagged with
/// one kind; the raw value is what the upload service stores.
public enum DestinationEvidenceKind: String, CaseIterable, Sendable {
    case employmentAgreement = "employment-agreement"
    case acceptanceLetter = "acceptance-letter"
    case publicNotice = "public-notice"
    case directedTrainingAgreement = "directed-training-agreement"
    case militaryRecruitAgreement = "military-recruit-agreement"
    case residencyAgreement = "residency-agreement"
    case internationalOrganizationLetter = "international-organization-letter"
    case overseasEmployerLetter = "overseas-employer-letter"
    case visa
    case laborContract = "labor-contract"
    case employmentCertificate = "employment-certificate"
    case otherProof = "other-proof"
    case researchAssistantProof = "research-assistant-proof"
    case postdocAgreement = "postdoc-agreement"
    case transferLetter = "transfer-letter"
    case postdocRecord = "postdoc-record"
    case preEnlistmentNotice = "pre-enlistment-notice"
    case enlistmentNotice = "enlistment-notice"
    case hiringDocument = "hiring-document"
    case receivingCertificate = "receiving-certificate"
    case businessLicense = "business-license"
    case equityProof = "equity-proof"
    case incubatorAgreement = "incubator-agreement"
    case incubatorCertificate = "incubator-certificate"
    case onlineShopScreenshot = "online-shop-screenshot"
    case transactionRecords = "transaction-records"
    case freelanceStatement = "freelance-statement"
    case admissionList = "admission-list"
    case fileTransferLetter = "file-transfer-letter"
    case admissionNotice = "admission-notice"
    case overseasAdmissionNotice = "overseas-admission-notice"
    /// 网签 (seed 004 §2(3), 网签审核标准)
    case employerLicenseStamped = "employer-license-stamped"
    case recruiterIdentity = "recruiter-identity"
    case recruiterSignature = "recruiter-signature"

    /// The manual's name for the document.
    public var label: String {
        switch self {
        case .employmentAgreement: "就业协议书（含电子协议书）或相关制式协议书"
        case .acceptanceLetter: "录用接收函"
        case .publicNotice: "公示材料"
        case .directedTrainingAgreement: "定向、委培协议"
        case .militaryRecruitAgreement: "招收军士或文职人员协议书"
        case .residencyAgreement: "与规培基地签订的协议书"
        case .internationalOrganizationLetter: "国际组织出具的接收材料"
        case .overseasEmployerLetter: "国（境）外用人单位出具的接收证明"
        case .visa: "出国签证文件"
        case .laborContract: "劳动（聘用）合同"
        case .employmentCertificate: "用人单位出具的聘用证明"
        case .otherProof: "其他相关证明材料"
        case .researchAssistantProof: "高校、科研机构或企业出具的证明"
        case .postdocAgreement: "协议书"
        case .transferLetter: "商调函"
        case .postdocRecord: "《博士后研究人员备案证明》"
        case .preEnlistmentNotice: "预定兵通知书"
        case .enlistmentNotice: "入伍通知书"
        case .hiringDocument: "录用单位出具的录用文件"
        case .receivingCertificate: "有关部门出具的接收证明"
        case .businessLicense: "工商执照（营业执照）"
        case .equityProof: "股权证明"
        case .incubatorAgreement: "与孵化机构签订的协议"
        case .incubatorCertificate: "孵化机构提供的证明材料"
        case .onlineShopScreenshot: "网店信息截图"
        case .transactionRecords: "交易流水"
        case .freelanceStatement: "本人签字确认的证明材料（说明从事的职业内容、收入情况）"
        case .admissionList: "拟录取名单"
        case .fileTransferLetter: "录取院校调档函"
        case .admissionNotice: "录取通知书"
        case .overseasAdmissionNotice: "国（境）外高校录取通知书"
        case .employerLicenseStamped: "用人单位营业执照、组织机构代码证书等（加盖公章）"
        case .recruiterIdentity: "用人单位招聘人员的身份证明（正反两面）"
        case .recruiterSignature: "用人单位招聘人员的手写签名"
        }
    }
}

/// One piece of evidence a registration needs: any one of `anyOf` satisfies it.
public struct DestinationEvidence: Sendable, Equatable {
    public let anyOf: [DestinationEvidenceKind]

    public init(_ kinds: DestinationEvidenceKind...) {
        self.anyOf = kinds
    }

    /// "录用接收函或公示材料".
    public var label: String { anyOf.map(\.label).joined(separator: "或") }

    public func isSatisfied(by uploaded: Set<DestinationEvidenceKind>) -> Bool {
        anyOf.contains(where: uploaded.contains)
    }

    /// The message shown when it is missing.
    public var missingMessage: String { "请上传证明材料：\(label)。" }

    /// The requirements in `required` that `uploaded` does not satisfy, in order.
    public static func missing(_ required: [DestinationEvidence], uploaded: Set<DestinationEvidenceKind>) -> [DestinationEvidence] {
        required.filter { !$0.isSatisfied(by: uploaded) }
    }
}
