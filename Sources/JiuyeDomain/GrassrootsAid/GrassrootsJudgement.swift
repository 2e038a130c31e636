/// 系统判断结果 of a 基层就业 application: every rule of review D4 (a)–(g), each with a verdict and a
/// Chinese reason that names the data it used. Seed 001: "'系统判断结果'仅供参考，审核人员需根据
/// 《…审核说明（2023版）》…判断", so the result is a list for the reviewer, never a single value,
/// and missing data gives 需人工核实 with a reason saying what is missing, never a silent pass.
///
/// Sources: the public rule (MOE 2015 page; school notices 2018–2025, e.g. the TJU 2025 notice) as
/// review D4 sums it up, and the form of seed 000 §6. The 审核说明（2023版） itself is not available;
/// where a rule needs it, the assumption is written at the rule.
public enum GrassrootsJudgement {
    public enum Verdict: String, Sendable {
        case meets = "符合"
        case fails = "不符合"
        case check = "需人工核实"

        public var label: String { rawValue }
    }

    public struct Outcome: Sendable, Equatable {
        /// The rule's Chinese name, one of `ruleNames`.
        public let rule: String
        public let verdict: Verdict
        public let reason: String

        public init(rule: String, verdict: Verdict, reason: String) {
            self.rule = rule
            self.verdict = verdict
            self.reason = reason
        }
    }

    /// The rules in the order `evaluate` gives them: review D4 (a)–(g).
    public static let ruleNames = ["地区", "层级", "行业", "公务员部门", "服务期", "学生身份", "学段"]

    /// The type of a county-level division.
    public enum CountyKind: String, Sendable {
        case district = "市辖区"
        case county = "县"
        case countyCity = "县级市"

        /// From the county's name: …区 → district, …市 → countyCity, 县/旗/自治县/自治旗/特区/林区 →
        /// county; nil otherwise. 特区 (六枝特区) and 林区 (神农架林区) are county-level and not
        /// districts, though they end in 区.
        public static func from(name: String) -> CountyKind? {
            let name = WorkflowText.trimmed(name)
            if name.hasSuffix("特区") || name.hasSuffix("林区") { return .county }
            if name.hasSuffix("县") || name.hasSuffix("旗") { return .county }
            if name.hasSuffix("区") { return .district }
            if name.hasSuffix("市") { return .countyCity }
            return nil
        }
    }

    /// What the school's records say of the student (nil: not known).
    public struct Student: Sendable, Equatable {
        /// 应届毕业生.
        public var isFreshGraduate: Bool?
        /// 全日制.
        public var fullTime: Bool?
        /// 定向 / 委培.
        public var directed: Bool?
        /// 在校学习期间已享受免除学费政策.
        public var tuitionExempt: Bool?
        /// The 学段 the student graduated from.
        public var stageAtGraduation: StudyStage?
        /// The 学段 the application is for.
        public var appliedStage: StudyStage?

        public init(isFreshGraduate: Bool? = nil, fullTime: Bool? = nil, directed: Bool? = nil, tuitionExempt: Bool? = nil,
                    stageAtGraduation: StudyStage? = nil, appliedStage: StudyStage? = nil) {
            self.isFreshGraduate = isFreshGraduate
            self.fullTime = fullTime
            self.directed = directed
            self.tuitionExempt = tuitionExempt
            self.stageAtGraduation = stageAtGraduation
            self.appliedStage = appliedStage
        }
    }

    public struct Facts: Sendable {
        /// The application form as stored (`GrassrootsForm.check`).
        public var form: [GrassrootsForm.Field: String]
        /// The name of the `workCounty`, e.g. "酉阳土家族苗族自治县" (from the region table).
        public var countyName: String?
        /// From the township table (review D12); nil when unknown or no township was chosen.
        public var townshipIsCountySeat: Bool?
        /// The county is on the 艰苦边远地区 list (school-imported). False when the list says nothing,
        /// so the caller must import the list before judging.
        public var countyOnHardshipList: Bool
        public var student: Student

        public init(form: [GrassrootsForm.Field: String] = [:], countyName: String? = nil, townshipIsCountySeat: Bool? = nil,
                    countyOnHardshipList: Bool = false, student: Student = Student()) {
            self.form = form
            self.countyName = countyName
            self.townshipIsCountySeat = townshipIsCountySeat
            self.countyOnHardshipList = countyOnHardshipList
            self.student = student
        }
    }

    /// 西部 12 provinces by 2-digit code.
    public static let westernProvinces: [String: String] = [
        "15": "内蒙古", "45": "广西", "50": "重庆", "51": "四川", "52": "贵州", "53": "云南",
        "54": "西藏", "61": "陕西", "62": "甘肃", "63": "青海", "64": "宁夏", "65": "新疆",
    ]

    /// 中部 10 provinces as the aid rule counts them (incl. 河北 and 海南, and the three north-eastern ones
    /// except 辽宁).
    public static let centralProvinces: [String: String] = [
        "13": "河北", "14": "山西", "22": "吉林", "23": "黑龙江", "34": "安徽",
        "36": "江西", "41": "河南", "42": "湖北", "43": "湖南", "46": "海南",
    ]

    /// The other provinces, for naming them in a reason.
    static let otherProvinces: [String: String] = [
        "11": "北京", "12": "天津", "21": "辽宁", "31": "上海", "32": "江苏", "33": "浙江", "35": "福建",
        "37": "山东", "44": "广东", "71": "台湾", "81": "香港", "82": "澳门",
    ]

    /// Every rule of review D4 (a)–(g), in that order (`ruleNames`), each with a verdict and a
    /// Chinese reason that names the data it used. Missing data → `.check` with a reason saying what
    /// is missing (never a silent pass).
    public static func evaluate(_ facts: Facts) -> [Outcome] {
        [region(facts), level(facts), industry(facts), civilServant(facts), service(facts), studentStatus(facts), studyStage(facts)]
    }

    // MARK: - The rules

    static func value(_ facts: Facts, _ field: GrassrootsForm.Field) -> String? {
        let text = WorkflowText.trimmed(facts.form[field] ?? "")
        return text.isEmpty ? nil : text
    }

    static func placeSpecial(_ facts: Facts) -> GrassrootsForm.PlaceSpecial? {
        value(facts, .placeSpecial).flatMap(GrassrootsForm.PlaceSpecial.init(rawValue:))
    }

    static func countyText(_ facts: Facts, code: String) -> String {
        facts.countyName.map { "\($0)（\(code)）" } ?? code
    }

    /// (a) 地区: the province is the first 2 digits of the 区县 code. 西部 12 or 中部 10 → meets; else a
    /// county on the 艰苦边远地区 list → meets; else fails. No 区县 → check (保密 / 海上作业 may
    /// leave it empty).
    static func region(_ facts: Facts) -> Outcome {
        let rule = "地区"
        guard let code = value(facts, .workCounty) else {
            if let special = placeSpecial(facts), special.countyOptional {
                return Outcome(rule: rule, verdict: .check, reason: "工作地址为“\(special.rawValue)”，未填写区县，需人工核实工作地所在省份及是否属艰苦边远地区。")
            }
            return Outcome(rule: rule, verdict: .check, reason: "未填写实际工作地址的区县，无法判断所在地区，需人工核实。")
        }
        let province = String(code.prefix(2))
        let county = countyText(facts, code: code)
        if let name = westernProvinces[province] {
            return Outcome(rule: rule, verdict: .meets, reason: "工作地\(county)位于西部地区（\(name)）。")
        }
        if let name = centralProvinces[province] {
            return Outcome(rule: rule, verdict: .meets, reason: "工作地\(county)位于中部地区（\(name)）。")
        }
        guard let name = otherProvinces[province] else {
            return Outcome(rule: rule, verdict: .check, reason: "区县代码\(code)的前两位“\(province)”不是省级区划代码，需人工核实。")
        }
        if facts.countyOnHardshipList {
            return Outcome(rule: rule, verdict: .meets, reason: "工作地\(county)位于\(name)，不属中西部地区，但列入艰苦边远地区名单。")
        }
        return Outcome(rule: rule, verdict: .fails, reason: "工作地\(county)位于\(name)，不属中西部地区，且不在艰苦边远地区名单中。")
    }

    /// (b) 层级: 县以下基层. In a 县 or 县级市 a township that is not the county seat meets; the county
    /// seat meets only for a 特定类型单位 or 艰苦行业生产第一线 (seed 000 §6.1), else fails. A 市辖区
    /// fails unless a 艰苦行业 was ticked (then check). Unknown county type or seat flag → check.
    ///
    /// Assumption: this follows review D4 literally, so a 市辖区's townships (e.g. the rural districts
    /// of 重庆) fail here; the reviewer, who decides, may see it otherwise.
    static func level(_ facts: Facts) -> Outcome {
        let rule = "层级"
        let special = GrassrootsForm.items(facts.form[.specialUnitTypes])
        let hardship = GrassrootsForm.items(facts.form[.hardshipIndustries])
        let ticked = describeTicked(special: special, hardship: hardship, facts: facts)
        guard let name = facts.countyName.map(WorkflowText.trimmed), !name.isEmpty else {
            let what = value(facts, .workCounty).map { "区县\($0)的名称未知" } ?? "未填写区县"
            return Outcome(rule: rule, verdict: .check, reason: "\(what)，无法判断区县类型（市辖区/县/县级市），需人工核实。")
        }
        guard let kind = CountyKind.from(name: name) else {
            return Outcome(rule: rule, verdict: .check, reason: "无法从区县名称“\(name)”判断其类型（市辖区/县/县级市），需人工核实。")
        }
        switch kind {
        case .district:
            if !hardship.isEmpty {
                return Outcome(rule: rule, verdict: .check, reason: "工作地\(name)为市辖区，但填报了艰苦行业生产第一线（\(ticked)），需人工核实。")
            }
            return Outcome(rule: rule, verdict: .fails, reason: "工作地\(name)为市辖区，不属县以下基层。")
        case .county, .countyCity:
            switch facts.townshipIsCountySeat {
            case nil:
                let why = placeSpecial(facts).map { "工作地址为“\($0.rawValue)”" } ?? "未能确定所选街道/乡镇是否为县政府驻地"
                return Outcome(rule: rule, verdict: .check, reason: "工作地\(name)为\(kind.rawValue)，\(why)，需人工核实是否在县以下基层。")
            case false?:
                return Outcome(rule: rule, verdict: .meets, reason: "工作地\(name)为\(kind.rawValue)，所选街道/乡镇不是县政府驻地，属县以下基层。")
            case true?:
                if special.isEmpty, hardship.isEmpty {
                    return Outcome(rule: rule, verdict: .fails, reason: "工作地为\(name)县政府驻地的街道/乡镇，且未填报特定类型单位或艰苦行业生产第一线。")
                }
                return Outcome(rule: rule, verdict: .meets, reason: "工作地为\(name)县政府驻地的街道/乡镇，单位属\(ticked)。")
            }
        }
    }

    static func describeTicked(special: [String], hardship: [String], facts: Facts) -> String {
        func list(_ items: [String], other: GrassrootsForm.Field) -> String {
            items.map { $0 == GrassrootsForm.otherChoice ? "其他：\(value(facts, other) ?? "未填写")" : $0 }.joined(separator: "、")
        }
        var parts: [String] = []
        if !special.isEmpty { parts.append("特定类型单位（\(list(special, other: .specialUnitOther))）") }
        if !hardship.isEmpty { parts.append("艰苦行业生产第一线（\(list(hardship, other: .hardshipOther))）") }
        return parts.joined(separator: "、")
    }

    /// 普通企业's 二级 that the seed's list implies are excluded (review D4 (c)).
    public static let excludedCommonIndustries: Set<String> = ["金融", "通讯", "烟酒（原材料种植除外）", "飞机及列车乘务", "房地产及相关行业"]

    /// (c) 行业. Assumptions, the 审核说明（2023版） being unavailable:
    /// - 普通企业: the five 二级 the seed lists first (金融、通讯、烟酒（原材料种植除外）、飞机及列车乘务、
    ///   房地产及相关行业) fail; its 其他 needs checking; the rest (水电施工、邮政、煤炭、石油、核工业、
    ///   航海、互联网) meet.
    /// - 涉密企业 and 科研院所（涉密）: check: a 涉密 unit's nature and place can only be verified from its
    ///   papers.
    /// - 科研院所（非涉密）: meets, except its 其他 (check).
    /// - 高等学校 and 其他: check (a 高等学校 is rarely a 县以下基层 unit; 其他 says nothing).
    /// - every other 一级 (医院, the schools, 其他事业单位, 公务员, the township units): meets; 公务员 is
    ///   judged by rule (d).
    static func industry(_ facts: Facts) -> Outcome {
        let rule = "行业"
        guard let industry1 = value(facts, .industry1) else {
            return Outcome(rule: rule, verdict: .check, reason: "未填写行业类型，需人工核实。")
        }
        guard let children = GrassrootsForm.industryChildren(of: industry1) else {
            return Outcome(rule: rule, verdict: .check, reason: "行业类型“\(industry1)”不在一级行业列表中，需人工核实。")
        }
        let industry2 = value(facts, .industry2)
        if !children.isEmpty, industry2 == nil {
            return Outcome(rule: rule, verdict: .check, reason: "行业类型为“\(industry1)”，未填写二级行业，需人工核实。")
        }
        let named = industry2.map { "\(industry1)—\($0)" } ?? industry1
        switch industry1 {
        case "普通企业":
            if let industry2, excludedCommonIndustries.contains(industry2) {
                return Outcome(rule: rule, verdict: .fails, reason: "行业类型为“\(named)”，该行业不属基层就业资助范围。")
            }
            if industry2 == GrassrootsForm.otherChoice {
                return Outcome(rule: rule, verdict: .check, reason: "行业类型为“\(named)”，需人工核实具体行业。")
            }
            return Outcome(rule: rule, verdict: .meets, reason: "行业类型为“\(named)”，不在排除的行业之列。")
        case "涉密企业", "科研院所（涉密）":
            return Outcome(rule: rule, verdict: .check, reason: "行业类型为“\(named)”，涉密单位需根据证明材料人工核实。")
        case "科研院所（非涉密）":
            if industry2 == GrassrootsForm.otherChoice {
                return Outcome(rule: rule, verdict: .check, reason: "行业类型为“\(named)”，需人工核实具体行业。")
            }
            return Outcome(rule: rule, verdict: .meets, reason: "行业类型为“\(named)”。")
        case "高等学校", GrassrootsForm.otherChoice:
            return Outcome(rule: rule, verdict: .check, reason: "行业类型为“\(named)”，需人工核实单位是否属基层。")
        default:
            return Outcome(rule: rule, verdict: .meets, reason: "行业类型为“\(named)”。")
        }
    }

    /// (d) 公务员: not 公务员 → meets (不适用). Same departments and one of `sameDepartments` → meets.
    /// Different: an 实际工作部门 of `actualDepartments` → meets, the reason asking for the
    /// 二次分配就业证明 (with the county-stamp hint when the 录用部门 is a higher one). A 其他 → check.
    static func civilServant(_ facts: Facts) -> Outcome {
        let rule = "公务员部门"
        guard let industry1 = value(facts, .industry1) else {
            return Outcome(rule: rule, verdict: .check, reason: "未填写行业类型，无法判断是否为公务员，需人工核实。")
        }
        guard industry1 == GrassrootsForm.civilServantIndustry else {
            return Outcome(rule: rule, verdict: .meets, reason: "非公务员，不适用。")
        }
        let kind = value(facts, .civilServantKind).map { "（\($0)）" } ?? ""
        let other = value(facts, .departmentOther).map { "：\($0)" } ?? "（未填写具体部门）"
        switch value(facts, .departmentsSame) {
        case "是":
            guard let department = value(facts, .sameDepartment) else {
                return Outcome(rule: rule, verdict: .check, reason: "公务员\(kind)录用部门和实际工作部门一致，但未填写部门，需人工核实。")
            }
            if department == GrassrootsForm.otherChoice {
                return Outcome(rule: rule, verdict: .check, reason: "公务员\(kind)录用部门和实际工作部门一致，部门为其他\(other)，需人工核实。")
            }
            guard GrassrootsForm.sameDepartments.contains(department) else {
                return Outcome(rule: rule, verdict: .fails, reason: "公务员\(kind)工作部门“\(department)”不在可认定的基层部门之列。")
            }
            return Outcome(rule: rule, verdict: .meets, reason: "公务员\(kind)录用部门和实际工作部门一致（\(department)），无需二次分配就业证明。")
        case "否":
            guard let hiring = value(facts, .hiringDepartment), let actual = value(facts, .actualDepartment) else {
                return Outcome(rule: rule, verdict: .check, reason: "公务员\(kind)录用部门和实际工作部门不一致，但未填写录用部门或实际工作部门，需人工核实。")
            }
            let pair = "录用部门“\(hiring)”，实际工作部门“\(actual)”"
            if hiring == GrassrootsForm.otherChoice || actual == GrassrootsForm.otherChoice {
                return Outcome(rule: rule, verdict: .check, reason: "公务员\(kind)\(pair)，部门为其他\(other)，需人工核实。")
            }
            guard GrassrootsForm.actualDepartments.contains(actual) else {
                return Outcome(rule: rule, verdict: .fails, reason: "公务员\(kind)\(pair)，实际工作部门不在可认定的基层部门之列。")
            }
            var reason = "公务员\(kind)\(pair)，实际工作部门属基层，需核实二次分配就业证明。"
            if GrassrootsForm.higherHiringDepartments.contains(hiring) {
                reason += GrassrootsForm.countyStampHint + "。"
            }
            return Outcome(rule: rule, verdict: .meets, reason: reason)
        default:
            return Outcome(rule: rule, verdict: .check, reason: "公务员\(kind)未填写录用部门和实际工作部门是否一致，需人工核实。")
        }
    }

    /// The service period must last at least this many years.
    public static let minimumServiceYears = 3

    /// (e) 服务期: at least 3 full years by the dates of the agreement or contract.
    ///
    /// Assumption: the end date is the period's last day (a contract "2024-07-01 至 2027-06-30" is
    /// three years), so the period meets when the day after the end is on or after the start plus
    /// 3 years; a 29 February start counts from 28 February.
    static func service(_ facts: Facts) -> Outcome {
        let rule = "服务期"
        let startText = value(facts, .serviceStart)
        let endText = value(facts, .serviceEnd)
        guard let startText, let endText else {
            let missing = [startText == nil ? "起" : nil, endText == nil ? "止" : nil].compactMap { $0 }.joined(separator: "、")
            return Outcome(rule: rule, verdict: .check, reason: "未填写协议/合同服务期（\(missing)），需人工核实服务期是否满三年。")
        }
        guard let start = GrassrootsForm.date(startText), let end = GrassrootsForm.date(endText) else {
            return Outcome(rule: rule, verdict: .check, reason: "协议/合同服务期“\(startText) 至 \(endText)”不是有效日期，需人工核实。")
        }
        let years = fullYears(from: start, through: end)
        let period = "协议/合同服务期\(start) 至 \(end)"
        if years >= minimumServiceYears {
            return Outcome(rule: rule, verdict: .meets, reason: "\(period)，满 \(years) 年。")
        }
        return Outcome(rule: rule, verdict: .fails, reason: "\(period)，不满 \(minimumServiceYears) 年（满 \(max(years, 0)) 年）。")
    }

    /// The whole years from `start` through `end` (both days included).
    public static func fullYears(from start: GraduateDate, through end: GraduateDate) -> Int {
        guard let startDay = start.day, let endDay = end.day else { return 0 }
        let afterEnd = dayNumber(end.year, end.month, endDay) + 1
        var years = end.year - start.year + 1
        while years > 0, dayNumber(adding: years, to: start.year, start.month, startDay) > afterEnd {
            years -= 1
        }
        return max(years, 0)
    }

    static func dayNumber(adding years: Int, to year: Int, _ month: Int, _ day: Int) -> Int {
        let target = year + years
        return dayNumber(target, month, min(day, ChineseIDNumber.Day.daysInMonth(year: target, month: month)))
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
    static func dayNumber(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// (f) 学生身份: 应届, 全日制, not 定向/委培, no tuition exemption while studying (TJU 2025:
    /// "定向、委培以及在校学习期间已享受免除学费政策的学生除外"). A known disqualification fails even
    /// when other facts are unknown; otherwise any unknown → check.
    static func studentStatus(_ facts: Facts) -> Outcome {
        let rule = "学生身份"
        let s = facts.student
        var failures: [String] = []
        if s.isFreshGraduate == false { failures.append("非应届毕业生") }
        if s.fullTime == false { failures.append("非全日制") }
        if s.directed == true { failures.append("定向或委培") }
        if s.tuitionExempt == true { failures.append("在校学习期间已享受免除学费政策") }
        if !failures.isEmpty {
            return Outcome(rule: rule, verdict: .fails, reason: "学生为" + failures.joined(separator: "、") + "，不属资助范围。")
        }
        var unknown: [String] = []
        if s.isFreshGraduate == nil { unknown.append("是否应届毕业生") }
        if s.fullTime == nil { unknown.append("是否全日制") }
        if s.directed == nil { unknown.append("是否定向/委培") }
        if s.tuitionExempt == nil { unknown.append("在校期间是否享受免学费") }
        if !unknown.isEmpty {
            return Outcome(rule: rule, verdict: .check, reason: "缺少学生信息：" + unknown.joined(separator: "、") + "，需人工核实。")
        }
        return Outcome(rule: rule, verdict: .meets, reason: "应届、全日制、非定向/委培，在校期间未享受免学费。")
    }

    /// (g) 学段: only the stage the student graduated from (for 硕博连读, the doctoral stage).
    static func studyStage(_ facts: Facts) -> Outcome {
        let rule = "学段"
        guard let applied = facts.student.appliedStage, let graduated = facts.student.stageAtGraduation else {
            let missing = [facts.student.appliedStage == nil ? "申请学段" : nil, facts.student.stageAtGraduation == nil ? "毕业学段" : nil]
                .compactMap { $0 }.joined(separator: "、")
            return Outcome(rule: rule, verdict: .check, reason: "缺少\(missing)，需人工核实。")
        }
        if applied == graduated {
            return Outcome(rule: rule, verdict: .meets, reason: "申请学段（\(applied.label)）即毕业学段。")
        }
        return Outcome(rule: rule, verdict: .fails, reason: "申请学段（\(applied.label)）不是毕业学段（\(graduated.label)），只能申请毕业学段。")
    }
}
