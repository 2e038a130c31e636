/// 职业测评 (seed 003 §1.1 就业导航, §2.2 就业服务): an interest inventory in Holland's RIASEC model.
/// Sixty activities, ten for each of the six interest types, each answered 喜欢 or 不喜欢; a type's
/// score is how many of its ten the student likes (0–10), and the code is the three highest types.
///
/// The items are written for Jiuye in the RIASEC model (not the licensed Self-Directed Search
/// text). Assumption: ties are broken in the hexagon's order R, I, A, S, E, C (the earlier type
/// first), so the same answers always give the same code.
public enum CareerInterest {
    public enum Kind: String, CaseIterable, Sendable {
        case realistic = "R", investigative = "I", artistic = "A", social = "S", enterprising = "E", conventional = "C"

        public var label: String {
            switch self {
            case .realistic: "现实型"
            case .investigative: "研究型"
            case .artistic: "艺术型"
            case .social: "社会型"
            case .enterprising: "企业型"
            case .conventional: "常规型"
            }
        }

        public var summary: String {
            switch self {
            case .realistic: "喜欢动手操作工具、机器和设备，愿意做有明确要求、看得见成果的具体工作。做事踏实，重视实际效果，不太偏好大量的人际交往。"
            case .investigative: "喜欢观察、分析和推理，愿意钻研抽象的问题，弄清事物背后的原理。独立、好奇、讲究逻辑，适合需要思考和研究的工作。"
            case .artistic: "喜欢用文字、图像、声音或形体表达自己，重视创造与个性。想象力丰富，不喜欢刻板的规则，适合有创作空间的工作。"
            case .social: "喜欢与人打交道，乐于帮助、教导和照顾他人。善于倾听和沟通，关心他人的成长，适合教育、服务和助人类工作。"
            case .enterprising: "喜欢领导、说服和影响他人，追求目标和成就。自信、有活力、敢于冒险，适合管理、销售和创业类工作。"
            case .conventional: "喜欢有条理、有规范的工作，擅长处理数据、文档和流程。细心、可靠、讲究准确，适合办公、财务和行政类工作。"
            }
        }

        public var occupations: [String] {
            switch self {
            case .realistic: ["机械工程师", "电气工程师", "土木工程师", "汽车维修技师", "数控技术员", "农业技术员", "飞行员", "建筑施工员"]
            case .investigative: ["科研人员", "软件工程师", "数据分析师", "医生", "药剂师", "化学分析员", "算法工程师", "高校教师"]
            case .artistic: ["平面设计师", "室内设计师", "作家", "编辑", "摄影师", "音乐人", "广告创意", "动画设计师"]
            case .social: ["中小学教师", "心理咨询师", "社会工作者", "护士", "人力资源专员", "辅导员", "康复治疗师", "客户服务主管"]
            case .enterprising: ["销售经理", "市场营销人员", "创业者", "项目经理", "律师", "公关专员", "企业管理人员", "采购经理"]
            case .conventional: ["会计", "出纳", "审计员", "行政专员", "银行柜员", "统计员", "档案管理员", "质量检验员"]
            }
        }

        /// Position on the hexagon R-I-A-S-E-C.
        var position: Int { Kind.allCases.firstIndex(of: self)! }
    }

    public struct Item: Sendable, Equatable {
        public let number: Int
        public let text: String
        public let kind: Kind
    }

    /// Ten activities per type, in the order they are asked.
    static let texts: [Kind: [String]] = [
        .realistic: [
            "动手修理或组装电器、机械", "使用工具制作木工或金属小物件", "在户外进行测量、勘察工作", "操作机床、仪器等设备",
            "照料植物、饲养动物", "安装或调试电脑硬件和网络设备", "驾驶车辆或操作工程机械", "看懂并按照图纸施工",
            "参加需要体力的户外劳动", "拆开家用电器研究它的构造",
        ],
        .investigative: [
            "阅读科普书籍或科学期刊", "设计实验验证自己的想法", "解数学难题或逻辑谜题", "分析数据找出其中的规律",
            "研究疾病的起因和治疗方法", "学习编程并调试程序", "查阅大量文献写研究报告", "观察自然现象并思考其原理",
            "在实验室里做化学或生物实验", "钻研一个问题直到弄清为止",
        ],
        .artistic: [
            "画画、设计海报或插图", "写小说、诗歌或散文", "演奏乐器或唱歌", "拍摄并剪辑照片或视频",
            "参加话剧、舞蹈等表演", "布置和装饰房间或会场", "为活动构思新颖的创意", "欣赏展览、音乐会或戏剧",
            "设计服装或手工艺品", "用自己的方式表达对事物的感受",
        ],
        .social: [
            "给同学讲解功课", "倾听别人的烦恼并给予安慰", "参加志愿服务或公益活动", "照顾老人、儿童或病人",
            "组织同学之间的交流活动", "帮助新同学适应校园生活", "给别人提供学习或生活建议", "在团队中协调大家的关系",
            "参与社区服务工作", "了解别人的需要并设法满足",
        ],
        .enterprising: [
            "担任班级或社团负责人", "说服别人接受自己的观点", "策划并推销一种产品", "参加演讲或辩论比赛",
            "带领团队完成一项任务", "谈判争取更好的条件", "创办自己的小生意或项目", "在会议上发言并作决定",
            "结识各行各业的人拓展人脉", "制定目标并激励他人去实现",
        ],
        .conventional: [
            "整理文件并分类归档", "核对账目和票据", "按规定流程处理事务", "制作表格并录入数据",
            "安排日程和会议记录", "保管物品并做好登记", "检查文字和数字中的错误", "按时完成重复而有规律的工作",
            "使用办公软件处理报表", "遵守明确的规章制度工作",
        ],
    ]

    /// Sixty items numbered 1…60, the types taking turns: item n is of type R, I, A, S, E, C for
    /// n − 1 modulo 6 = 0…5.
    public static let items: [Item] = (0..<60).map { index in
        let kind = Kind.allCases[index % 6]
        return Item(number: index + 1, text: texts[kind]![index / 6], kind: kind)
    }

    /// How alike the code's first two types are: next to each other on the hexagon 高, one apart
    /// 中, opposite 低.
    public enum Consistency: Sendable, Equatable {
        case high, middle, low

        public var label: String {
            switch self {
            case .high: "高"
            case .middle: "中"
            case .low: "低"
            }
        }
    }

    public struct Outcome: Sendable, Equatable {
        public let scores: [Kind: Int]
        /// The three highest types' letters, e.g. "SIA".
        public let code: String

        public var top: [Kind] { code.compactMap { Kind(rawValue: String($0)) } }

        public var consistency: Consistency {
            let top = self.top
            guard top.count >= 2 else { return .low }
            let distance = abs(top[0].position - top[1].position)
            switch min(distance, 6 - distance) {
            case 1: return .high
            case 2: return .middle
            default: return .low
            }
        }

        init(scores: [Kind: Int]) {
            self.scores = scores
            let ranked = Kind.allCases.enumerated().sorted { a, b in
                let (x, y) = (scores[a.element] ?? 0, scores[b.element] ?? 0)
                return x != y ? x > y : a.offset < b.offset
            }
            code = ranked.prefix(3).map(\.element.rawValue).joined()
        }
    }

    /// Items left unanswered.
    public struct Problem: Error, Sendable, Equatable {
        public let missing: [Int]

        public var message: String {
            let shown = missing.prefix(10).map(String.init).joined(separator: "、")
            return "还有 \(missing.count) 题未作答：第 \(shown) 题\(missing.count > 10 ? "等" : "")。"
        }
    }

    /// The answers from the form: "q1"…"q60", each "1" (喜欢) or "0" (不喜欢); anything else, or
    /// nothing, is unanswered. Other keys are ignored.
    public static func score(_ answers: [String: String]) -> Result<Outcome, Problem> {
        var scores: [Kind: Int] = [:]
        var missing: [Int] = []
        for item in items {
            switch answers["q\(item.number)"] {
            case "1": scores[item.kind, default: 0] += 1
            case "0": scores[item.kind, default: 0] += 0
            default: missing.append(item.number)
            }
        }
        guard missing.isEmpty else { return .failure(Problem(missing: missing)) }
        return .success(Outcome(scores: scores))
    }

    /// "R7 I3 A5 S9 E2 C4": every type in hexagon order.
    public static func encode(_ scores: [Kind: Int]) -> String {
        Kind.allCases.map { "\($0.rawValue)\(scores[$0] ?? 0)" }.joined(separator: " ")
    }

    /// The outcome of a stored "R7 I3 A5 S9 E2 C4"; nil for anything else (a type missing or
    /// repeated, a score outside 0…10, stray text).
    public static func decode(_ text: String) -> Outcome? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 6 else { return nil }
        var scores: [Kind: Int] = [:]
        for (part, kind) in zip(parts, Kind.allCases) {
            guard part.first.map(String.init) == kind.rawValue else { return nil }
            let digits = part.dropFirst()
            guard !digits.isEmpty, digits.count <= 2, digits.count == 1 || digits.first != "0", digits.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let score = Int(digits), (0...10).contains(score) else { return nil }
            scores[kind] = score
        }
        return Outcome(scores: scores)
    }
}
