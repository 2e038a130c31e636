/// 毕业去向登记's form: the categories with their national codes (PRODUCT.md §8; the full
/// versioned dictionary arrives with the code tables) and what each category requires.
public enum DestinationForm {
    public struct Category: Sendable, Equatable {
        public let code: String
        public let label: String
        /// What the "where" field is called for this category (单位名称, 升学院校 …); nil: none.
        public let placeLabel: String?
        /// Whether 单位所在地 and 工作职位类别 are required.
        public let needsLocation: Bool
    }

    public static let categories: [Category] = [
        Category(code: "10", label: "签就业协议形式就业", placeLabel: "单位名称", needsLocation: true),
        Category(code: "11", label: "签劳动合同形式就业", placeLabel: "单位名称", needsLocation: true),
        Category(code: "12", label: "其他录用形式就业", placeLabel: "单位名称", needsLocation: true),
        Category(code: "271", label: "科研助理、管理助理", placeLabel: "聘用单位", needsLocation: true),
        Category(code: "46", label: "应征义务兵", placeLabel: nil, needsLocation: false),
        Category(code: "502", label: "三支一扶", placeLabel: "服务单位", needsLocation: true),
        Category(code: "503", label: "西部计划", placeLabel: "服务单位", needsLocation: true),
        Category(code: "512", label: "地方选调生", placeLabel: "录用单位", needsLocation: true),
        Category(code: "75", label: "自主创业", placeLabel: "创办企业名称", needsLocation: true),
        Category(code: "76", label: "自由职业", placeLabel: nil, needsLocation: false),
        Category(code: "801", label: "升学（研究生）", placeLabel: "录取院校", needsLocation: false),
        Category(code: "802", label: "第二学士学位", placeLabel: "录取院校", needsLocation: false),
        Category(code: "85", label: "出国、出境", placeLabel: "留学院校或工作单位", needsLocation: false),
        Category(code: "70", label: "待就业", placeLabel: nil, needsLocation: false),
        Category(code: "71", label: "不就业拟升学", placeLabel: nil, needsLocation: false),
        Category(code: "72", label: "其他暂不就业", placeLabel: nil, needsLocation: false),
    ]

    /// 工作职位类别 (PRODUCT.md §8).
    public static let positions: [(code: String, label: String)] = [
        ("10", "公务员"), ("11", "科学研究人员"), ("13", "工程技术人员"), ("17", "农林牧渔业技术人员"), ("19", "卫生专业技术人员"),
        ("21", "经济业务人员"), ("22", "金融业务人员"), ("23", "法律专业人员"), ("24", "教学人员"), ("25", "文学艺术工作人员"),
        ("26", "体育工作人员"), ("27", "新闻出版和文化工作人员"), ("29", "其他专业技术人员"), ("30", "办事人员和有关人员"),
        ("40", "商业和服务业人员"), ("60", "生产和运输设备操作人员"), ("80", "军人"), ("90", "其他人员"),
    ]

    public static func category(_ code: String) -> Category? { categories.first { $0.code == code } }

    /// The problems of a filled form by field key, in Chinese; empty when it may be submitted.
    /// A draft (暂存) is saved whatever it holds.
    public static func problems(_ data: [String: String]) -> [String: String] {
        var problems: [String: String] = [:]
        func value(_ key: String) -> String { WorkflowText.trimmed(data[key] ?? "") }
        guard let category = category(value("category")) else {
            problems["category"] = "请选择毕业去向。"
            return problems
        }
        if let placeLabel = category.placeLabel, value("unit_name").isEmpty {
            problems["unit_name"] = "请填写\(placeLabel)。"
        }
        if value("unit_name").count > 100 { problems["unit_name"] = "名称不能超过 100 个字。" }
        if category.needsLocation {
            if value("unit_location").isEmpty { problems["unit_location"] = "请填写单位所在地。" }
            if !positions.contains(where: { $0.code == value("position") }) { problems["position"] = "请选择工作职位类别。" }
        }
        if value("remark").count > 500 { problems["remark"] = "备注不能超过 500 个字。" }
        return problems
    }
}
