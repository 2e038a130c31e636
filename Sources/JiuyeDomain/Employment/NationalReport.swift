/// 全国就业管理系统信息上报与反馈 (seed 004 §2(5); modules review C7–C10): the platform uploads
/// the registrations to the national system after the college's review, on a schedule, and the
/// national system returns the rows it refuses, typed 生源信息错误, 登记信息错误 or 档案信息错误.
///
/// This file holds the vocabulary: the sync state of a record (`NationalSyncState`), the error
/// types and the seed's list of 常见的错误和修改方法 (`NationalErrorType`, `NationalErrorKind`),
/// the record as the report sees it (`NationalRecord`) and its match key. The check before
/// export is `NationalPrecheck` (NationalReport+Precheck.swift), the file layout
/// `NationalReportLayout` (+Layout), reading the feedback `NationalFeedback` (+Feedback).

// MARK: - Sync state

/// 上报状态 of one graduate's registration towards the national system (C7).
public enum NationalSyncState: String, CaseIterable, Sendable {
    /// 新增: approved for sync, never reported.
    case new
    /// 有改动: reported before; what the report holds has changed since (or was fixed after feedback).
    case changed
    /// 上报中: in an export that the national system has not confirmed yet.
    case exporting
    /// 已上报: the national system confirmed the export.
    case reported
    /// 需复查: the national system refused it; staff must check and fix it (seed 004: "院系管理员和
    /// 辅导员的工作是依据反馈结果，进行再核实后修改").
    case needsReview = "needs-review"

    public var label: String {
        switch self {
        case .new: "新增"
        case .changed: "有改动"
        case .exporting: "上报中"
        case .reported: "已上报"
        case .needsReview: "需复查"
        }
    }

    /// Whether the next export picks the record up.
    public var isQueued: Bool { self == .new || self == .changed }

    /// The state after `event`, from `state` (nil: the record has not entered the sync), or nil
    /// when the event does not move it (not applicable, or it stays where it is):
    /// - a review status at or after the policy's start status: (none) → 新增;
    /// - record changed: 已上报 or 上报中 → 有改动 (an export in flight carries the old data);
    /// - export started: 新增 or 有改动 → 上报中; export confirmed: 上报中 → 已上报;
    /// - feedback error: 上报中, 已上报 or 有改动 → 需复查 (a record never reported gets none);
    /// - fixed after feedback: 需复查 → 有改动, so the next export sends it again (C8).
    public static func next(after state: NationalSyncState?, on event: NationalSyncEvent,
                            policy: NationalSyncPolicy = NationalSyncPolicy()) -> NationalSyncState? {
        switch (event, state) {
        case (.reviewStatusReached(let status), nil):
            return policy.startsSync(status) ? .new : nil
        case (.recordChanged, .reported?), (.recordChanged, .exporting?):
            return .changed
        case (.exportStarted, .new?), (.exportStarted, .changed?):
            return .exporting
        case (.exportConfirmed, .exporting?):
            return .reported
        case (.feedbackError, .exporting?), (.feedbackError, .reported?), (.feedbackError, .changed?):
            return .needsReview
        case (.fixedAfterFeedback, .needsReview?):
            return .changed
        default:
            return nil
        }
    }
}

/// What happens to a registration that matters to its national sync.
public enum NationalSyncEvent: Equatable, Sendable {
    /// The registration reached this review status (the workflow's label: 初审通过, 审核通过 …).
    case reviewStatusReached(String)
    /// Data the report holds changed (a new approved version, a 生源 correction).
    case recordChanged
    case exportStarted
    /// The national system took the export.
    case exportConfirmed
    /// A feedback row names the record.
    case feedbackError
    /// Staff checked and fixed the record after feedback.
    case fixedAfterFeedback
}

/// Which review status starts a record's sync (C7: configurable, default 初审通过, because seed
/// 004 uploads "在进行院系审核后"). Every status after it in `reviewOrder` starts it too, so a
/// record the school enters itself (代录, straight to 审核通过) is not left out.
public struct NationalSyncPolicy: Sendable, Equatable {
    /// 去向登记's review statuses in order (ProcessDefinitions.destination).
    public static let destinationReviewOrder = ["待审核", "初审通过", "审核通过"]

    public let startStatus: String
    public let syncStatuses: Set<String>

    public init(startStatus: String = "初审通过", reviewOrder: [String] = destinationReviewOrder) {
        self.startStatus = startStatus
        if let index = reviewOrder.firstIndex(of: startStatus) {
            syncStatuses = Set(reviewOrder[index...])
        } else {
            syncStatuses = [startStatus]
        }
    }

    public func startsSync(_ status: String) -> Bool { syncStatuses.contains(status) }
}

// MARK: - Error types and the seed's list

/// 错误类型 of a national feedback row, and the record it goes to (C8).
public enum NationalErrorType: String, CaseIterable, Sendable {
    /// 生源信息错误 → the 生源 record (locked ones are unlocked by the school, with an audit entry).
    case source
    /// 登记信息错误 → the 毕业去向登记.
    case destination
    /// 档案信息错误 → the archive (派遣/档案) record.
    case archive

    public var label: String {
        switch self {
        case .source: "生源信息错误"
        case .destination: "登记信息错误"
        case .archive: "档案信息错误"
        }
    }

    /// The record the row is routed to.
    public var recordLabel: String {
        switch self {
        case .source: "生源信息"
        case .destination: "毕业去向登记"
        case .archive: "档案信息"
        }
    }

    /// The type a feedback cell names: the label, or the short forms "生源信息", "生源", "登记", …
    public init?(feedbackText raw: String) {
        let text = CellText.compact(raw)
        guard !text.isEmpty else { return nil }
        let prefixes: [(String, NationalErrorType)] = [("生源", .source), ("登记", .destination), ("去向", .destination), ("档案", .archive)]
        guard let match = prefixes.first(where: { text.hasPrefix($0.0) }) else { return nil }
        self = match.1
    }
}

/// One kind of national rejection. The first thirteen are seed 004 §2(5)'s 常见的错误和修改方法,
/// with its wording (`message`) and its fix (`fix`) verbatim; the others are what the precheck
/// finds beyond that list (C9), worded the same way.
public enum NationalErrorKind: String, CaseIterable, Sendable {
    case studentNotFound = "student-not-found"
    case sourceRegionNotStandard = "source-region-not-standard"
    case sourceRegionNotCounty = "source-region-not-county"
    case majorCodeNotStandard = "major-code-not-standard"
    case examineeNumberMismatch = "examinee-number-mismatch"
    case mobilePhoneMissing = "mobile-phone-missing"
    case unitNameNotFound = "unit-name-not-found"
    case organizationCodeInvalid = "organization-code-invalid"
    case industryInvalid = "industry-invalid"
    case unitNatureInvalid = "unit-nature-invalid"
    case positionInvalid = "position-invalid"
    case contactPhoneMissing = "contact-phone-missing"
    case contactEmailInvalid = "contact-email-invalid"
    // Not in the seed's list.
    case sourceFieldMissing = "source-field-missing"
    case mobilePhoneInvalid = "mobile-phone-invalid"
    case categoryInvalid = "category-invalid"
    case unitLocationInvalid = "unit-location-invalid"
    case countryInvalid = "country-invalid"
    case contactPhoneInvalid = "contact-phone-invalid"

    /// Whether seed 004 lists it (its `message` and `fix` are then the seed's words).
    public var isFromSeed: Bool {
        switch self {
        case .sourceFieldMissing, .mobilePhoneInvalid, .categoryInvalid, .unitLocationInvalid, .countryInvalid, .contactPhoneInvalid: false
        default: true
        }
    }

    public var errorType: NationalErrorType {
        switch self {
        case .studentNotFound, .sourceRegionNotStandard, .sourceRegionNotCounty, .majorCodeNotStandard,
             .examineeNumberMismatch, .mobilePhoneMissing, .sourceFieldMissing, .mobilePhoneInvalid: .source
        default: .destination
        }
    }

    /// The national system's wording (seed 004 verbatim for the seed's kinds).
    public var message: String {
        switch self {
        case .studentNotFound: "根据考生号未查询到毕业生信息，无法修改"
        case .sourceRegionNotStandard: "生源所在地代码不是标准代码"
        case .sourceRegionNotCounty: "生源所在地要填报到区/县"
        case .majorCodeNotStandard: "专业代码不是标准代码"
        case .examineeNumberMismatch: "考生号与学籍中数据不匹配"
        case .mobilePhoneMissing: "mobilePhone不得为空"
        case .unitNameNotFound: "单位名称不存在"
        case .organizationCodeInvalid: "组织机构代码不正确"
        case .industryInvalid: "单位行业不正确"
        case .unitNatureInvalid: "单位性质不正确"
        case .positionInvalid: "工作岗位类别不正确"
        case .contactPhoneMissing: "单位联系电话不能为空"
        case .contactEmailInvalid: "单位联系人电子邮箱格式不正确"
        case .sourceFieldMissing: "生源信息不完整"
        case .mobilePhoneInvalid: "手机号码格式不正确"
        case .categoryInvalid: "毕业去向代码不是标准代码"
        case .unitLocationInvalid: "单位所在地代码不正确"
        case .countryInvalid: "国家（地区）代码不正确"
        case .contactPhoneInvalid: "单位联系电话格式不正确"
        }
    }

    /// What users read: the message in Chinese ("mobilePhone" is 手机号码).
    public var userMessage: String {
        self == .mobilePhoneMissing ? "手机号码不得为空" : message
    }

    /// 修改方法 (seed 004's words for the seed's kinds; the seed's school reports to 安徽省大中专毕业生
    /// 就业指导中心, a school elsewhere to its own province's body, so the text names no province).
    public var fix: String {
        switch self {
        case .studentNotFound: "新增毕业生信息"
        case .sourceRegionNotStandard: "核准毕业生生源所在地（若毕业生所在生源所在地行政区划变更，请向系统管理员反馈，并系统管理员统一上报本省高校毕业生就业主管部门）"
        case .sourceRegionNotCounty: "生源所在地要填报到区/县一级"
        case .majorCodeNotStandard, .examineeNumberMismatch: "与学校学籍部门核对"
        case .mobilePhoneMissing: "填写学生本人联系电话"
        case .unitNameNotFound: "请核对单位名称，若单位名称正确无误，请向系统管理员反馈，并系统管理员统一上报本省高校毕业生就业主管部门。"
        case .organizationCodeInvalid: "依据就业证明材料核对组织机构代码"
        case .industryInvalid: "依据就业证明材料核对单位行业"
        case .unitNatureInvalid: "依据就业证明材料核对单位性质"
        case .positionInvalid: "依据就业证明材料核对工作岗位"
        case .contactPhoneMissing: "确认并填写单位联系电话"
        case .contactEmailInvalid: "确认并填写单位联系人电子邮箱。"
        case .sourceFieldMissing: "与学校学籍部门核对后补全"
        case .mobilePhoneInvalid: "填写学生本人联系电话（11 位手机号码）"
        case .categoryInvalid: "依据就业证明材料核对毕业去向"
        case .unitLocationInvalid: "依据就业证明材料核对单位所在地，选择到区/县一级"
        case .countryInvalid: "依据录取通知书或接收证明核对国家（地区）"
        case .contactPhoneInvalid: "确认并填写单位联系电话"
        }
    }

    /// The kind a feedback 错误原因 names: the first kind one of whose phrases (its message, its
    /// Chinese wording, or a shorter form the national system also uses) the reason contains,
    /// ignoring full-/half-width forms, spaces and ASCII case.
    public static func recognise(_ reason: String) -> NationalErrorKind? {
        let text = comparable(reason)
        guard !text.isEmpty else { return nil }
        return allCases.first { kind in kind.phrases.contains { text.contains(comparable($0)) } }
    }

    var phrases: [String] {
        switch self {
        case .studentNotFound: [message, "未查询到毕业生信息"]
        case .sourceRegionNotCounty: [message, "生源所在地要填报到区县"]
        case .mobilePhoneMissing: [message, userMessage, "手机号不得为空"]
        default: [message]
        }
    }

    static func comparable(_ text: String) -> String {
        CellText.asciiUppercased(CellText.compact(text))
    }
}

// MARK: - Problems

/// A field the report checks: a 生源信息 field or a 去向登记 field.
public enum NationalField: Hashable, Sendable {
    case source(GraduateField.Key)
    case destination(DestinationField)

    public var label: String {
        switch self {
        case .source(let key): GraduateRecordForm.standard.field(key)?.label ?? key.rawValue
        case .destination(let field): field.label
        }
    }
}

/// One reason the national system would refuse a record.
public struct NationalProblem: Sendable, Equatable {
    public let kind: NationalErrorKind
    public let field: NationalField
    /// What exactly is wrong, in Chinese (a full sentence); nil when the kind says it all.
    public let detail: String?

    public init(_ kind: NationalErrorKind, _ field: NationalField, _ detail: String? = nil) {
        self.kind = kind
        self.field = field
        self.detail = detail
    }

    public var errorType: NationalErrorType { kind.errorType }
    /// The national wording (seed 004's where it gives one): what feedback is matched on.
    public var message: String { kind.message }
    public var fix: String { kind.fix }

    /// For users: "单位性质不正确。统一社会信用代码以 9 开头…。修改方法：依据就业证明材料核对单位性质。"
    public var text: String {
        var text = kind.userMessage + "。"
        if let detail { text += detail }
        let fix = kind.fix
        return text + "修改方法：" + fix + (fix.hasSuffix("。") || fix.hasSuffix("）") ? "" : "。")
    }
}

// MARK: - The record

/// 年度 + 学历 + 考生号: how a national row finds its graduate (C8: 考生号 alone repeats across
/// cohorts and levels, e.g. a 本科 graduate who comes back as a 硕士).
public struct NationalRecordKey: Hashable, Sendable, CustomStringConvertible {
    public let cohort: Int
    /// 学历 code ("31").
    public let education: String
    public let examineeNumber: String

    public init(cohort: Int, education: String, examineeNumber: String) {
        self.cohort = cohort
        self.education = CellText.compact(education)
        self.examineeNumber = CellText.compact(examineeNumber)
    }

    public var description: String { "\(cohort)/\(education)/\(examineeNumber)" }
}

/// One graduate as the national report sees it: the 生源 facts it sends and checks, and the
/// registration's data keyed by `DestinationField` keys (as `DestinationCheck.normalized` stores it).
public struct NationalRecord: Sendable, Equatable {
    /// 年度 (届别).
    public var cohort: Int?
    /// 学历 code ("31" 本科生毕业).
    public var educationCode: String
    /// The level whose major catalogue applies (本科, 硕士 …).
    public var educationLevel: EducationLevel?
    public var examineeNumber: String
    public var name: String
    public var documentNumber: String
    public var majorCode: String
    public var majorName: String
    /// 生源所在地 code.
    public var sourceRegion: String
    /// 手机号码 (the graduate's own).
    public var mobilePhone: String
    public var destination: [String: String]
    /// 考生号 as the school's 学籍 holds it, when the app has it: a difference is
    /// "考生号与学籍中数据不匹配".
    public var enrolledExamineeNumber: String?

    public init(cohort: Int?, educationCode: String, educationLevel: EducationLevel? = nil, examineeNumber: String,
                name: String, documentNumber: String, majorCode: String, majorName: String, sourceRegion: String,
                mobilePhone: String, destination: [String: String], enrolledExamineeNumber: String? = nil) {
        self.cohort = cohort
        self.educationCode = educationCode
        self.educationLevel = educationLevel
        self.examineeNumber = examineeNumber
        self.name = name
        self.documentNumber = documentNumber
        self.majorCode = majorCode
        self.majorName = majorName
        self.sourceRegion = sourceRegion
        self.mobilePhone = mobilePhone
        self.destination = destination
        self.enrolledExamineeNumber = enrolledExamineeNumber
    }

    /// From a checked 生源 record and its registration's stored data.
    public init(graduate: GraduateRecord, destination: [String: String], enrolledExamineeNumber: String? = nil) {
        self.init(cohort: graduate.cohort, educationCode: graduate[.educationLevel] ?? "", educationLevel: graduate.level,
                  examineeNumber: graduate[.examineeNo] ?? "", name: graduate.name, documentNumber: graduate.documentNumber,
                  majorCode: graduate[.majorCode] ?? "", majorName: graduate[.majorName] ?? "",
                  sourceRegion: graduate[.sourceRegion] ?? "", mobilePhone: graduate[.phone] ?? "",
                  destination: destination, enrolledExamineeNumber: enrolledExamineeNumber)
    }

    /// The match key; nil while 年度, 学历 or 考生号 is missing.
    public var key: NationalRecordKey? {
        guard let cohort, !CellText.compact(educationCode).isEmpty, !CellText.compact(examineeNumber).isEmpty else { return nil }
        return NationalRecordKey(cohort: cohort, education: educationCode, examineeNumber: examineeNumber)
    }

    /// A registration value, trimmed ("" when absent).
    func value(_ field: DestinationField) -> String {
        WorkflowText.trimmed(destination[field.key] ?? "")
    }
}
