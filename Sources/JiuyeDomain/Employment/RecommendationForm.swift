/// 推荐表注册 (seed 003 §3.3): the graduate fills the 毕业生推荐表 online ("编辑后可先暂存，预览效果。
/// 确认无误后，再提交学院审核"), the college reviews it (§3.3.2), and the graduate prints the
/// approved form and has it stamped by the college and the 职就中心 (§3.3.3).
///
/// `check` gives the values as stored, or a Chinese sentence per field. A 暂存 (draft) is checked
/// for formats and limits only; 保存并送审 also demands the fields the manual stars (出生年月,
/// 联系地址, 邮政编码). The limits make the approved form fit one A4 page (`printEstimate`).
public struct RecommendationForm: Sendable, Equatable {
    /// The page's sections, in the seed's order.
    public enum Section: String, CaseIterable, Sendable {
        case basics, education, contact, experience, awards, selfRecommendation

        public var label: String {
            switch self {
            case .basics: "基本情况"
            case .education: "教育背景"
            case .contact: "联系方式"
            case .experience: "个人经历"
            case .awards: "获奖情况"
            case .selfRecommendation: "毕业生自我推荐"
            }
        }

        /// The seed's instruction above a free-text section.
        public var instruction: String? {
            switch self {
            case .experience: "个人经历 (自大学起)，填写格式：起止时间-----学习(工作)单位-----专业(所任职务)，写完一阶段注意换行，限填4行"
            case .awards: "获奖情况，填写格式：获得时间-----荣誉称号或证书名称-----奖励部门(颁证部门)，写完一阶段注意换行，限填4行"
            case .selfRecommendation: "毕业生自我推荐 (性格、爱好、特长、敬业和创新精神、团队协作与组织管理能力等)，限300字以内。"
            default: nil
            }
        }
    }

    /// Every field of seed 003 §3.3.1, in form order (`allCases`), which is also the print's order.
    public enum Field: String, CaseIterable, Sendable {
        case educationLevel = "education_level", name, gender, ethnicity, birthMonth = "birth_month"
        case maritalStatus = "marital_status", sourceRegion = "source_region", photo
        case college, className = "class_name", major, studentNo = "student_no", secondMajor = "second_major"
        case foreignLanguage = "foreign_language", computerSkill = "computer_skill", enrolment, graduation
        case address, postcode, email, phone
        case experience, awards, selfRecommendation = "self_recommendation"

        public var label: String {
            switch self {
            case .educationLevel: "学历"
            case .name: "姓名"
            case .gender: "性别"
            case .ethnicity: "民族"
            case .birthMonth: "出生年月"
            case .maritalStatus: "婚姻状况"
            case .sourceRegion: "生源地区"
            case .photo: "相片"
            case .college: "所在学院"
            case .className: "班级"
            case .major: "主修专业"
            case .studentNo: "学号"
            case .secondMajor: "第二专业"
            case .foreignLanguage: "外语水平"
            case .computerSkill: "计算机水平"
            case .enrolment: "入学时间"
            case .graduation: "毕业时间"
            case .address: "联系地址"
            case .postcode: "邮政编码"
            case .email: "电子信箱"
            case .phone: "联系电话"
            case .experience: "个人经历"
            case .awards: "获奖情况"
            case .selfRecommendation: "毕业生自我推荐"
            }
        }

        public var section: Section {
            switch self {
            case .educationLevel, .name, .gender, .ethnicity, .birthMonth, .maritalStatus, .sourceRegion, .photo: .basics
            case .college, .className, .major, .studentNo, .secondMajor, .foreignLanguage, .computerSkill, .enrolment, .graduation: .education
            case .address, .postcode, .email, .phone: .contact
            case .experience: .experience
            case .awards: .awards
            case .selfRecommendation: .selfRecommendation
            }
        }

        /// Starred in seed 003 §3.3.1: demanded at 保存并送审.
        public var isRequired: Bool { [.birthMonth, .address, .postcode].contains(self) }

        /// Assumption: these are filled from the graduate's 生源信息 and shown read-only (the seed's
        /// page shows them without an input hint); the graduate asks for a 生源 修改申请 to change them.
        public var isFromSourceRecord: Bool {
            [.educationLevel, .name, .gender, .ethnicity, .sourceRegion, .college, .className, .major, .studentNo, .enrolment, .graduation]
                .contains(self)
        }

        /// Whether the value is several lines (a textarea).
        public var isMultiline: Bool { [.experience, .awards, .selfRecommendation].contains(self) }

        /// The seed's hint where it gives one, else the format expected.
        public var hint: String? {
            switch self {
            case .birthMonth: "请按如下格式填写“1995-07”"
            case .photo: "jpg 或 png 格式的证件照"
            case .enrolment, .graduation: "格式如“2021-09”"
            case .postcode: "6 位数字"
            case .phone: "手机号码，或带区号的固定电话"
            case .experience: "例如：\n2012年-2016年，重庆大学，地球物理学\n2016年-2019年，重庆大学，地球物理学\n2018年-2019年，重庆市地勘局，工程师"
            case .awards: "例如：\n2016.05，优秀共青团员，共青团重庆大学委员会\n2017.12，优秀学生综合奖学金，重庆大学"
            default: nil
            }
        }

        /// The most characters a one-line field holds. Assumption: chosen so each value fills at most
        /// one cell of the printed table (a half row holds 20 characters, a full row 40).
        public var maxLength: Int? {
            switch self {
            case .gender: 4
            case .educationLevel, .ethnicity, .studentNo: 20
            case .name, .sourceRegion, .college, .className, .major, .secondMajor, .foreignLanguage, .computerSkill: 30
            case .address, .email: 50
            case .photo: 200
            case .birthMonth, .enrolment, .graduation, .postcode, .phone, .maritalStatus: nil
            case .experience, .awards, .selfRecommendation: nil
            }
        }
    }

    /// 婚姻状况 choices (GB/T 2261.2 labels). Assumption: optional, as the seed does not star it.
    public static let maritalStatuses = ["未婚", "已婚", "丧偶", "离婚"]

    /// 个人经历 and 获奖情况: "限填4行".
    public static let maximumEntryLines = 4
    /// 毕业生自我推荐: "限300字以内" (line breaks not counted).
    public static let maximumSelfRecommendation = 300
    /// Assumption: one printed line of a free-text block holds 40 characters (A4, 五号字, the
    /// label column taken off); each character counts as one, so Latin text only fits better.
    public static let blockLineWidth = 40
    /// Assumption: 毕业生自我推荐 prints in at most 10 lines (300 characters fill 8; two spare
    /// lines for paragraph breaks).
    public static let maximumSelfRecommendationLines = 10

    public enum Stage: Sendable {
        /// 暂存: formats and limits only, so the preview can be shown.
        case draft
        /// 保存并送审: the starred fields too.
        case submission
    }

    /// The values as stored, by field (empty fields left out). `photo` holds the upload's id.
    public let values: [Field: String]
    /// Reminders that do not block 送审 (no photo, no 自我推荐), for the page and the preview.
    public let notes: [String]

    public subscript(field: Field) -> String { values[field] ?? "" }

    public var hasPhoto: Bool { values[.photo] != nil }

    /// The form checked for `stage`. Values are trimmed; 出生年月, 入学时间 and 毕业时间 are stored
    /// as YYYY-MM; the free-text blocks keep their non-empty lines.
    public static func check(_ data: [Field: String], stage: Stage) -> Result<RecommendationForm, FormProblems<Field>> {
        var problems = FormProblems<Field>()
        var values: [Field: String] = [:]
        for field in Field.allCases {
            let raw = data[field] ?? ""
            let value = field.isMultiline ? Self.blockText(raw) : FormFieldText.singleLine(raw)
            guard !value.isEmpty else {
                if stage == .submission, field.isRequired { problems[field] = "请填写\(field.label)。" }
                continue
            }
            if let problem = FormFieldText.problem(value, label: field.label, maxLength: field.maxLength) {
                problems[field] = problem
                continue
            }
            switch checkValue(field, value) {
            case .success(let stored): values[field] = stored
            case .failure(let message): problems[field] = message.message
            }
        }
        if let birth = values[.birthMonth].flatMap(YearMonth.init(_:)), let graduation = values[.graduation].flatMap(YearMonth.init(_:)),
           birth.year > graduation.year - 15 {
            problems[.birthMonth] = "出生年月（\(birth)）与毕业时间（\(graduation)）相距不足 15 年，请核对出生年月。"
        }
        if let enrolment = values[.enrolment].flatMap(YearMonth.init(_:)), let graduation = values[.graduation].flatMap(YearMonth.init(_:)),
           graduation <= enrolment {
            problems[.graduation] = "毕业时间应晚于入学时间，请核对。"
        }
        guard problems.isEmpty else { return .failure(problems) }
        var notes: [String] = []
        if values[.photo] == nil { notes.append("尚未上传相片：打印后请在相片处粘贴本人近期证件照。") }
        if values[.selfRecommendation] == nil { notes.append("尚未填写毕业生自我推荐，用人单位通常会重点阅读这一栏。") }
        return .success(RecommendationForm(values: values, notes: notes))
    }

    static func checkValue(_ field: Field, _ value: String) -> Result<String, FieldRefusal> {
        switch field {
        case .birthMonth, .enrolment, .graduation:
            guard let month = YearMonth(value) else {
                return .failure(FieldRefusal(message: "\(field.label)请按“1995-07”的格式填写年份和月份（月份为 01–12）。"))
            }
            guard (1940...2100).contains(month.year) else { return .failure(FieldRefusal(message: "\(field.label)的年份不正确，请核对。")) }
            return .success(month.description)
        case .maritalStatus:
            return maritalStatuses.contains(value) ? .success(value) : .failure(FieldRefusal(message: "请从列表中选择婚姻状况。"))
        case .postcode:
            return DestinationContact.isPostcode(value) ? .success(IdentityInput.compact(value))
                : .failure(FieldRefusal(message: "邮政编码应为 6 位数字，请核对。"))
        case .email:
            guard let email = try? EmailAddress(validating: value) else {
                return .failure(FieldRefusal(message: "电子信箱格式不正确，请检查后重新输入，例如 name@example.com。"))
            }
            return .success(email.value)
        case .phone:
            return LandlineOrMobile.normalized(value).map { .success($0) }
                ?? .failure(FieldRefusal(message: LandlineOrMobile.refusal(label: field.label)))
        case .experience, .awards:
            let lines = value.split(separator: "\n").map(String.init)
            if lines.count > maximumEntryLines {
                return .failure(FieldRefusal(message: "\(field.label)限填 \(maximumEntryLines) 行，您填写了 \(lines.count) 行，请合并或删减后再保存（每一阶段写一行）。"))
            }
            if let index = lines.firstIndex(where: { $0.count > blockLineWidth }) {
                return .failure(FieldRefusal(message: "\(field.label)第 \(index + 1) 行超过 \(blockLineWidth) 个字，打印时会折行，请精简该行。"))
            }
            return .success(value)
        case .selfRecommendation:
            let count = value.filter { $0 != "\n" }.count
            if count > maximumSelfRecommendation {
                return .failure(FieldRefusal(message: "毕业生自我推荐限 \(maximumSelfRecommendation) 字以内，您填写了 \(count) 字，请删减 \(count - maximumSelfRecommendation) 字。"))
            }
            if printLines(value).count > maximumSelfRecommendationLines {
                return .failure(FieldRefusal(message: "毕业生自我推荐分段过多，打印时超出一页，请合并段落（最多打印 \(maximumSelfRecommendationLines) 行）。"))
            }
            return .success(value)
        default:
            return .success(value)
        }
    }

    /// A free-text block: each line trimmed, empty lines dropped, line breaks as "\n".
    static func blockText(_ raw: String) -> String {
        raw.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { FormFieldText.singleLine(String($0)) }
            .filter { !$0.isEmpty }
            .joined(separator: "\n")
    }
}

// MARK: - Printing (seed 003 §3.3.3 表格打印)

extension RecommendationForm {
    /// The lines a free-text block prints as: each paragraph cut every `width` characters. The print
    /// layer wraps with this function, so the estimate below is what it prints.
    public static func printLines(_ text: String, width: Int = blockLineWidth) -> [String] {
        var lines: [String] = []
        for paragraph in blockText(text).split(separator: "\n") {
            var rest = Substring(paragraph)
            while !rest.isEmpty {
                lines.append(String(rest.prefix(width)))
                rest = rest.dropFirst(width)
            }
        }
        return lines
    }

    /// Assumption: one A4 page (297 mm, 20 mm margins) holds 46 table rows of 五号字 at 5.5 mm.
    public static let pageLines = 46
    /// Assumption: rows that print whatever the form holds: the title (2), a heading per section (6),
    /// 基本情况 beside the photo (4), 教育背景 (5), 联系方式 (2), 学院意见 and 学校意见 with
    /// their stamp and date (3 each).
    public static let fixedLines = 2 + 6 + 4 + 5 + 2 + 6

    public struct PrintEstimate: Sendable, Equatable {
        public let experienceLines: Int
        public let awardLines: Int
        public let selfRecommendationLines: Int

        public var totalLines: Int { fixedLines + experienceLines + awardLines + selfRecommendationLines }
        public var fitsOnePage: Bool { totalLines <= pageLines }
    }

    /// How the form prints. Within the limits `check` enforces it always fits one page
    /// (2 + 6 + 4 + 5 + 2 + 6 + 4 + 4 + 10 = 43 ≤ 46); the print layer may rely on it.
    public var printEstimate: PrintEstimate {
        PrintEstimate(experienceLines: max(Self.printLines(self[.experience]).count, 1),
                      awardLines: max(Self.printLines(self[.awards]).count, 1),
                      selfRecommendationLines: max(Self.printLines(self[.selfRecommendation]).count, 1))
    }
}

/// The form's review state as the seed's list shows it (推荐表注册: 状态 审核已通过, 操作 编辑 表格打印).
///
/// Assumption: editing a submitted or approved form and sending it again starts a new review, and
/// 表格打印 is offered only for 审核已通过, so what is stamped is what the college approved.
public enum RecommendationStatus: String, CaseIterable, Sendable {
    case draft = "未提交"
    case submitted = "待审核"
    case approved = "审核已通过"
    case returned = "审核未通过"

    public var label: String { rawValue }

    public var canPrint: Bool { self == .approved }

    /// 待审核 waits for the college (the graduate may withdraw it through the review workflow).
    public var canEdit: Bool { self != .submitted }

    /// The state after the graduate saves: 暂存 keeps an unsent form 未提交 (an approved one stays
    /// approved until it is sent again); 保存并送审 makes it 待审核.
    public func afterSaving(_ stage: RecommendationForm.Stage) -> RecommendationStatus {
        switch stage {
        case .submission: .submitted
        case .draft: self
        }
    }
}


