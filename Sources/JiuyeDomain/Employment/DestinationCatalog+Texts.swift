/// The manual's own words (seed 004 §2(2) 毕业去向界定, §2(3) 审核标准), shown to graduates beside
/// the category select ("页面上附毕业去向的分类界定和审核依据") and to reviewers beside the evidence.
/// Copied as printed; do not reword.
extension DestinationHeading {
    /// 毕业去向界定.
    public var definition: String {
        switch self {
        case .employmentAgreement:
            """
            （1）与就业单位签订省级就业部门统一制定的就业协议书，且盖有单位人力资源（人事）部门公章或单位行政公章。就业单位指国家机关、事业单位、社会团体、企业、个体经济组织、民办非企业单位等组织
            （2）具有人事调配权限的单位出具的接收毕业生及其人事关系（档案、户口、党团组织关系等）的录用接收函
            （3）定向、委托培养毕业生回原定向、委托培养单位（地区）就业
            （4）部队招收军士或文职人员
            （5）医学规培生
            （6）国际组织任职
            （7）出国、出境就业
            """
        case .laborContract:
            "毕业生与用人单位签订劳动合同，劳动合同相关解释参见《中华人民共和国劳动法》十六、十八、十九条"
        case .otherHiring:
            "用人单位不签订就业协议或劳动合同，仅提供聘用证明等证明材料"
        case .researchAssistant:
            """
            指被高校、科研机构或企业聘用作为博士后、科研辅助研究、实验技术、技术经理人、学术助理、财务助理等，包含以下两种情况
            （1）科研助理、管理助理
            （2）博士后入站
            """
        case .conscript:
            "应征义务兵非士官"
        case .nationalGrassroots:
            """
            （1）国家特岗教师
            （2）三支一扶
            （3）西部计划
            """
        case .localGrassroots:
            """
            （1）地方特岗教师
            （2）地方选调生
            （3）农技特岗
            （4）乡村医生
            （5）乡村教师
            （6）其它地方基层项目
            """
        case .entrepreneurship:
            """
            指创立企业（包括参与创立企业），或是企业的所有者、管理者。包括个体经营和合伙经营两种类型，包含以下四种情况
            （1）创立公司
            （2）在孵化机构创业
            （3）个体工商户创业
            （4）电子商务创业
            """
        case .freelance:
            "指以个体劳动为主的一类职业，如作家、自由撰稿人、翻译工作者、中介服务工作者、某些艺术工作者、互联网营销工作者、全媒体运营工作者、电子竞技工作者等"
        case .domesticStudy:
            """
            （1）研究生
            （2）第二学士学位
            （3）专科升普通本科
            """
        case .studyAbroad:
            "毕业生出国、出境留学"
        case .awaitingEmployment:
            """
            （1）暂未登记或上报：毕业去向信息初始状态
            （2）求职中：正在择业，尚未落实工作单位
            （3）签约中：已确定就业意向，准备正式签订协议或合同
            （4）拟参加公招考试：准备参加公务员、事业单位公开招录考试
            （5）拟创业：准备创业，尚未在工商行政管理部门注册登记，拟创立的实体尚未开始实际运营
            （6）拟应征入伍：准备应征入伍，尚未被批准
            （7）就业见习：参与未就业见习项目
            """
        case .preparingForStudy:
            "准备升学考试，暂不打算就业"
        case .notSeekingEmployment:
            """
            （1）暂不就业：暂时不想就业等无就业意愿的毕业生
            （2）拟出国出境：准备出国出境学习或工作
            """
        }
    }

    /// 审核标准 (for 签就业协议形式就业: the one for records a graduate registered, 非网签; see
    /// `DestinationReviewStandard.onlineSigning` for 网签). nil where the manual has none (待就业,
    /// 暂不就业: nothing to prove).
    public var reviewStandard: String? {
        switch self {
        case .employmentAgreement:
            """
            （1）与就业单位签订省级就业部门统一制定的就业协议书，且盖有单位人力资源（人事）部门公章或单位行政公章。就业单位指国家机关、事业单位、社会团体、企业、个体经济组织、民办非企业单位等组织，依据签订的省级就业部门统一制定的就业协议书（含电子协议书）或相关制式协议书。
            （2）具有人事调配权限的单位出具的接收毕业生及其人事关系（档案、户口、党团组织关系等）的录用接收函，依据用人单位出具的录用接收函、公示材料。
            （3）定向、委托培养毕业生回原定向、委托培养单位（地区）就业，依据毕业生与定向委培单位（地区）签订的定向、委培协议。
            （4）部队招收军士或文职人员，依据招收军士或文职人员协议书。
            （5）医学规培生，依据与规培基地签订的协议书。
            （6）国际组织任职，依据国际组织出具的接收材料。
            （7）出国、出境就业，依据国（境）外用人单位出具的接收证明或出国签证文件。
            """
        case .laborContract:
            "劳动合同相关解释参见《中华人民共和国劳动法》十六、十八、十九条。"
        case .otherHiring:
            "依据用人单位出具的聘用证明或其他相关证明材料，聘用证明或其他相关证明材料应包含离校后聘用期限不低于6个月、工资收入不低于当地最低工资标准等内容，由院、校两级就业部门负责同志审核签字（章）。"
        case .researchAssistant:
            """
            （1）科研助理、管理助理（编码271），依据高校、科研机构或企业出具的证明，薪酬需达到当地最低工资标准
            （2）博士后入站（编码272），依据劳动（聘用）合同、协议书、接收函、商调函、《博士后研究人员备案证明》。
            """
        case .conscript:
            "依据预定兵通知书或入伍通知书。"
        case .nationalGrassroots, .localGrassroots:
            "依据签订的省级就业部门统一制定的就业协议书（含电子协议书）或相关制式协议书、录用单位出具的录用文件、有关部门出具的接收证明、公示材料。"
        case .entrepreneurship:
            """
            （1）创立公司（编码751），依据创立企业的工商执照、股权证明或其他证明材料。
            （2）在孵化机构创业（编码752），依据与孵化机构签订的协议或孵化机构提供的证明材料。
            （3）个体工商户创业（编码753），依据工商执照或其他证明材料。
            （4）电子商务创业（编码754），依据网店网址、网店信息截图和交易流水等可反映网店正常经营状态的证明材料。
            """
        case .freelance:
            "依据毕业生本人签字确认的证明材料，材料需说明从事的职业内容、收入情况等，收入需达到当地最低工资标准，由院、校两级就业部门负责同志审核签字（章）。"
        case .domesticStudy:
            "依据拟录取名单、录取院校调档函或录取通知书。"
        case .studyAbroad:
            "依据国（境）外高校录取通知书。"
        case .awaitingEmployment, .preparingForStudy, .notSeekingEmployment:
            nil
        }
    }
}

/// The parts of seed 004's 审核要求 that are not tied to one category.
public enum DestinationReviewStandard {
    /// What every registration must meet (§2(2) 维护要求 and §2(3) 审核要求).
    public static let general = "根据不同毕业去向，选择和填写对应维护内容，去向单位名称与证明材料中的保持一致，要求不多字、不少字和不错字；若有单位所在地选项则必须选择到区县一级。审核时严格执行教育部相关文件要求，依据不同的毕业去向和审核依据对毕业生去向登记信息进行审核，基本要求是必填信息必填、单位名称等信息不多字、不少字和不错字。"

    /// 签就业协议形式就业（网签，由用人单位扫码发起）: what the reviewer checks instead of the
    /// graduate's own evidence (modules review C6).
    public static let onlineSigning = """
        （1）用人单位营业执照、组织结构代码证书等，需加盖单位公章或者人力、行政部门公章。
        （2）用人单位招聘人员的身份证明（身份证或者工作证件），正反两面。
        （3）用人单位招聘人员的手写签名，签名与身份证明信息一致。
        """

    /// The evidence of a 网签 record, each required.
    public static let onlineSigningEvidence: [DestinationEvidence] = [
        DestinationEvidence(.employerLicenseStamped), DestinationEvidence(.recruiterIdentity), DestinationEvidence(.recruiterSignature),
    ]

    /// 院、校两级就业部门负责同志审核签字（章）: required by the manual for 其他录用形式就业 and
    /// 自由职业 (modules review C2); the workflow records who signed and when at each level.
    public static let twoLevelSignOff = "由院、校两级就业部门负责同志审核签字（章）。"
}
