/// 毕业去向 as seed 004 §2(2) lists them: fourteen headings, each with its national code, the
/// manual's 毕业去向界定 and 审核标准, the statistics group it counts in and, where the manual
/// has them, its sub-types.
///
/// What a graduate picks and what `data["category"]` stores is a `DestinationForm.Category`
/// (a leaf: 10, 271, 502, 751, 801 …); a heading is its parent. Headings 27, 50, 51 and 80 are
/// group codes of earlier national lists (not confirmed, docs/DATA_SOURCES.md); only their
/// leaves are stored.
public enum DestinationHeading: String, CaseIterable, Sendable {
    /// 签就业协议形式就业
    case employmentAgreement = "10"
    /// 签劳动合同形式就业
    case laborContract = "11"
    /// 其他录用形式就业
    case otherHiring = "12"
    /// 科研助理、管理助理 (271, 272)
    case researchAssistant = "27"
    /// 应征义务兵
    case conscript = "46"
    /// 国家基层项目 (国家特岗教师, 502 三支一扶, 503 西部计划)
    case nationalGrassroots = "50"
    /// 地方基层项目 (地方特岗教师, 512 地方选调生, 农技特岗, 乡村医生, 乡村教师, 519 其它)
    case localGrassroots = "51"
    /// 自主创业 (751–754)
    case entrepreneurship = "75"
    /// 自由职业
    case freelance = "76"
    /// 境内升学 (801 研究生, 802 第二学士学位, 专科升普通本科)
    case domesticStudy = "80"
    /// 境外留学
    case studyAbroad = "85"
    /// 待就业
    case awaitingEmployment = "70"
    /// 不就业拟升学
    case preparingForStudy = "71"
    /// 其他暂不就业
    case notSeekingEmployment = "72"

    public var code: String { rawValue }

    /// False for 27, 50, 51 and 80: group codes seen in earlier national lists, not confirmed.
    public var isConfirmedCode: Bool {
        ![.researchAssistant, .nationalGrassroots, .localGrassroots, .domesticStudy].contains(self)
    }

    /// The heading as seed 004 prints it.
    public var label: String {
        switch self {
        case .employmentAgreement: "签就业协议形式就业"
        case .laborContract: "签劳动合同形式就业"
        case .otherHiring: "其他录用形式就业"
        case .researchAssistant: "科研助理、管理助理"
        case .conscript: "应征义务兵"
        case .nationalGrassroots: "国家基层项目"
        case .localGrassroots: "地方基层项目"
        case .entrepreneurship: "自主创业"
        case .freelance: "自由职业"
        case .domesticStudy: "境内升学"
        case .studyAbroad: "境外留学"
        case .awaitingEmployment: "待就业"
        case .preparingForStudy: "不就业拟升学"
        case .notSeekingEmployment: "其他暂不就业"
        }
    }

    /// The statistics group (modules review C15).
    public var group: DestinationGroup {
        switch self {
        case .employmentAgreement, .laborContract, .otherHiring, .researchAssistant, .conscript,
             .nationalGrassroots, .localGrassroots: .unitEmployment
        case .entrepreneurship: .entrepreneurship
        case .freelance: .freelance
        case .domesticStudy, .studyAbroad: .furtherStudy
        case .awaitingEmployment: .awaitingEmployment
        case .preparingForStudy, .notSeekingEmployment: .notSeekingEmployment
        }
    }

    /// The leaves a graduate picks under this heading, in the manual's order.
    public var categories: [DestinationForm.Category] {
        DestinationForm.categories.filter { $0.heading == self }
    }

    /// 具体情形 the manual lists under a heading whose items are not separate national codes:
    /// the seven cases of 签就业协议形式就业 (they decide the evidence and whether the unit has
    /// a credit code), the states of 待就业 and of 其他暂不就业. Stored in `data["subtype"]`.
    public var subtypes: [DestinationSubtype] { DestinationSubtype.all.filter { $0.heading == self } }

    /// What the subtype select is called.
    public var subtypeLabel: String? {
        switch self {
        case .employmentAgreement: "签约情形"
        case .awaitingEmployment: "待就业状态"
        case .notSeekingEmployment: "暂不就业情形"
        default: nil
        }
    }
}

/// 去向分组: what 去向落实率 adds up (modules review C15: 单位就业 + 自主创业 + 自由职业 + 升学).
public enum DestinationGroup: String, CaseIterable, Sendable {
    case unitEmployment = "unit-employment"
    case entrepreneurship
    case freelance
    case furtherStudy = "further-study"
    case awaitingEmployment = "awaiting-employment"
    case notSeekingEmployment = "not-seeking-employment"

    public var label: String {
        switch self {
        case .unitEmployment: "单位就业"
        case .entrepreneurship: "自主创业"
        case .freelance: "自由职业"
        case .furtherStudy: "升学"
        case .awaitingEmployment: "待就业"
        case .notSeekingEmployment: "暂不就业"
        }
    }

    /// Whether a graduate in this group counts as 已落实去向.
    public var countsAsPlaced: Bool { self != .awaitingEmployment && self != .notSeekingEmployment }
}

/// One 具体情形 of a heading (see `DestinationHeading.subtypes`). Keys of 待就业 and 其他暂不就业
/// are the local codes of the 毕业去向 dictionary (70L1 …, 72L2); keys of 签就业协议形式就业 follow
/// the manual's numbering (10-1 … 10-7) and are not dictionary codes.
public struct DestinationSubtype: Sendable, Equatable {
    public let key: String
    public let heading: DestinationHeading
    public let label: String
    /// The manual's text for this item (毕业去向界定).
    public let definition: String
    /// The manual's 审核标准 sentence for this item, where it has one.
    public let reviewStandard: String?

    public static func find(_ key: String, in heading: DestinationHeading) -> DestinationSubtype? {
        all.first { $0.key == key && $0.heading == heading }
    }

    static let all: [DestinationSubtype] = [
        .init(key: "10-1", heading: .employmentAgreement, label: "签订就业协议书",
              definition: "与就业单位签订省级就业部门统一制定的就业协议书，且盖有单位人力资源（人事）部门公章或单位行政公章。就业单位指国家机关、事业单位、社会团体、企业、个体经济组织、民办非企业单位等组织",
              reviewStandard: "依据签订的省级就业部门统一制定的就业协议书（含电子协议书）或相关制式协议书。"),
        .init(key: "10-2", heading: .employmentAgreement, label: "录用接收函",
              definition: "具有人事调配权限的单位出具的接收毕业生及其人事关系（档案、户口、党团组织关系等）的录用接收函",
              reviewStandard: "依据用人单位出具的录用接收函、公示材料。"),
        .init(key: "10-3", heading: .employmentAgreement, label: "定向、委培回原单位就业",
              definition: "定向、委托培养毕业生回原定向、委托培养单位（地区）就业",
              reviewStandard: "依据毕业生与定向委培单位（地区）签订的定向、委培协议。"),
        .init(key: "10-4", heading: .employmentAgreement, label: "部队招收军士或文职人员",
              definition: "部队招收军士或文职人员",
              reviewStandard: "依据招收军士或文职人员协议书。"),
        .init(key: "10-5", heading: .employmentAgreement, label: "医学规培生",
              definition: "医学规培生",
              reviewStandard: "依据与规培基地签订的协议书。"),
        .init(key: "10-6", heading: .employmentAgreement, label: "国际组织任职",
              definition: "国际组织任职",
              reviewStandard: "依据国际组织出具的接收材料。"),
        .init(key: "10-7", heading: .employmentAgreement, label: "出国、出境就业",
              definition: "出国、出境就业",
              reviewStandard: "依据国（境）外用人单位出具的接收证明或出国签证文件。"),
        .init(key: "70L1", heading: .awaitingEmployment, label: "暂未登记或上报", definition: "毕业去向信息初始状态", reviewStandard: nil),
        .init(key: "70L2", heading: .awaitingEmployment, label: "求职中", definition: "正在择业，尚未落实工作单位", reviewStandard: nil),
        .init(key: "70L3", heading: .awaitingEmployment, label: "签约中", definition: "已确定就业意向，准备正式签订协议或合同", reviewStandard: nil),
        .init(key: "70L4", heading: .awaitingEmployment, label: "拟参加公招考试", definition: "准备参加公务员、事业单位公开招录考试", reviewStandard: nil),
        .init(key: "70L5", heading: .awaitingEmployment, label: "拟创业",
              definition: "准备创业，尚未在工商行政管理部门注册登记，拟创立的实体尚未开始实际运营", reviewStandard: nil),
        .init(key: "70L6", heading: .awaitingEmployment, label: "拟应征入伍", definition: "准备应征入伍，尚未被批准", reviewStandard: nil),
        .init(key: "70L7", heading: .awaitingEmployment, label: "就业见习", definition: "参与未就业见习项目", reviewStandard: nil),
        .init(key: "72L1", heading: .notSeekingEmployment, label: "暂不就业", definition: "暂时不想就业等无就业意愿的毕业生", reviewStandard: nil),
        .init(key: "72L2", heading: .notSeekingEmployment, label: "拟出国出境", definition: "准备出国出境学习或工作", reviewStandard: nil),
    ]
}
