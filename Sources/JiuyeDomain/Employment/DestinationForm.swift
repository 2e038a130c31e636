/// 毕业去向登记's form: the categories a graduate picks, with their national codes (PRODUCT.md §8,
/// seed 004; the versioned dictionary is destinations.csv), and what each requires.
///
/// The requirements per category are `DestinationMatrix`; the headings, definitions and 审核标准
/// are `DestinationHeading`; the full check with reference data is `check(_:reference:)`
/// (DestinationCheck.swift).
public enum DestinationForm {
    /// One choice of the 毕业去向 select: the code stored in `data["category"]`.
    public struct Category: Sendable, Equatable {
        public let code: String
        /// The dictionary's name (destinations.csv); see `displayLabel` for lists and details.
        public let label: String
        public let heading: DestinationHeading
        /// False for a local code ("50L1" …: no national code was found; an export must map it).
        public let isNationalCode: Bool
        /// False for a code kept only to show old records ("75": pick 751–754 instead).
        public let isSelectable: Bool

        init(code: String, label: String, heading: DestinationHeading, selectable: Bool = true) {
            self.code = code
            self.label = label
            self.heading = heading
            self.isNationalCode = true
            self.isSelectable = selectable
        }

        init(localCode: String, label: String, heading: DestinationHeading) {
            self.code = localCode
            self.label = label
            self.heading = heading
            self.isNationalCode = false
            self.isSelectable = true
        }

        /// "境内升学—研究生", "国家基层项目—三支一扶"; the label alone where it says it all.
        public var displayLabel: String {
            label == heading.label || heading.categories.count < 2 ? label : "\(heading.label)—\(label)"
        }

        public var group: DestinationGroup { heading.group }

        /// The manual's 毕业去向界定 of the heading.
        public var definition: String { heading.definition }

        /// The 审核标准 the reviewer sees beside the evidence: this category's own sentence
        /// where the manual gives one (271, 272, 751–754), else the heading's.
        public var reviewStandard: String? {
            let own = heading.reviewStandard?.split(separator: "\n").first { $0.contains("编码\(code)") }
            return own.map(String.init) ?? heading.reviewStandard
        }

        /// The field matrix row (for 签就业协议形式就业, the general row; see `DestinationMatrix.row`).
        public var requirements: DestinationMatrix.Row? { DestinationMatrix.row(category: code) }

        /// What the "where" field is called for this category (单位名称, 录取院校 …); nil: not asked.
        public var placeLabel: String? {
            guard let row = requirements, row.presence(of: .unitName) != .absent else { return nil }
            return row.label(of: .unitName)
        }

        /// Whether 单位所在地 is required.
        public var needsLocation: Bool { requirements?.presence(of: .unitLocation) == .required }
    }

    /// The choices, in seed 004's order. Local codes are written `Category(localCode:…)`:
    /// scripts/check_codes.py requires every `Category(code:…)` here to be authoritative.
    public static let categories: [Category] = [
        Category(code: "10", label: "签就业协议形式就业", heading: .employmentAgreement),
        Category(code: "11", label: "签劳动合同形式就业", heading: .laborContract),
        Category(code: "12", label: "其他录用形式就业", heading: .otherHiring),
        Category(code: "271", label: "科研助理、管理助理", heading: .researchAssistant),
        Category(code: "272", label: "博士后入站", heading: .researchAssistant),
        Category(code: "46", label: "应征义务兵", heading: .conscript),
        Category(localCode: "50L1", label: "国家特岗教师", heading: .nationalGrassroots),
        Category(code: "502", label: "三支一扶", heading: .nationalGrassroots),
        Category(code: "503", label: "西部计划", heading: .nationalGrassroots),
        Category(localCode: "51L1", label: "地方特岗教师", heading: .localGrassroots),
        Category(code: "512", label: "地方选调生", heading: .localGrassroots),
        Category(localCode: "51L2", label: "农技特岗", heading: .localGrassroots),
        Category(localCode: "51L3", label: "乡村医生", heading: .localGrassroots),
        Category(localCode: "51L4", label: "乡村教师", heading: .localGrassroots),
        Category(code: "519", label: "其他地方基层项目", heading: .localGrassroots),
        Category(code: "751", label: "创立公司", heading: .entrepreneurship),
        Category(code: "752", label: "在孵化机构创业", heading: .entrepreneurship),
        Category(code: "753", label: "个体工商户创业", heading: .entrepreneurship),
        Category(code: "754", label: "电子商务创业", heading: .entrepreneurship),
        Category(code: "76", label: "自由职业", heading: .freelance),
        Category(code: "801", label: "研究生", heading: .domesticStudy),
        Category(code: "802", label: "第二学士学位", heading: .domesticStudy),
        Category(localCode: "80L1", label: "专科升普通本科", heading: .domesticStudy),
        Category(code: "85", label: "境外留学", heading: .studyAbroad),
        Category(code: "70", label: "待就业", heading: .awaitingEmployment),
        Category(code: "71", label: "不就业拟升学", heading: .preparingForStudy),
        Category(code: "72", label: "其他暂不就业", heading: .notSeekingEmployment),
    ]

    /// Codes stored by earlier versions, shown but no longer picked.
    static let retiredCategories: [Category] = [
        Category(code: "75", label: "自主创业", heading: .entrepreneurship, selectable: false),
    ]

    /// 工作职位类别 (PRODUCT.md §8).
    public static let positions: [(code: String, label: String)] = [
        ("10", "公务员"), ("11", "科学研究人员"), ("13", "工程技术人员"), ("17", "农林牧渔业技术人员"), ("19", "卫生专业技术人员"),
        ("21", "经济业务人员"), ("22", "金融业务人员"), ("23", "法律专业人员"), ("24", "教学人员"), ("25", "文学艺术工作人员"),
        ("26", "体育工作人员"), ("27", "新闻出版和文化工作人员"), ("29", "其他专业技术人员"), ("30", "办事人员和有关人员"),
        ("40", "商业和服务业人员"), ("60", "生产和运输设备操作人员"), ("80", "军人"), ("90", "其他人员"),
    ]

    /// The category of a stored code, retired ones included (to show old records).
    public static func category(_ code: String) -> Category? {
        categories.first { $0.code == code } ?? retiredCategories.first { $0.code == code }
    }

    /// The problems of a filled form by field key, in Chinese; empty when it may be submitted.
    /// A draft (暂存) is saved whatever it holds.
    ///
    /// Driven by `DestinationMatrix`, without reference data: it demands the required fields
    /// among the five original keys (`DestinationField.original`) and among the keys `data`
    /// holds (a form that shows a field sends its key, even empty), and checks the format of
    /// every value it gets. A free-text 单位所在地 is accepted. Rules that need data (minimum
    /// wage, 离校日期, code tables, 定向/推免) run only in `check(_:reference:)`.
    public static func problems(_ data: [String: String]) -> [String: String] {
        let shown = DestinationField.original.union(data.keys.compactMap(DestinationField.init(rawValue:)))
        return check(data, reference: DestinationReference(formFields: shown, requiresRegionCodes: false)).problems
    }
}
