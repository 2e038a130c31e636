// The agreement after signing (seed 003 §3.4.1 and §3.4.2): the four-step bar both modes show
// (① 学生录入签约信息 ② 学生打印协议书 ③ 学生反馈签约资料 ④ 就业信息审核), the stamped scan the student
// uploads, and the reviewer's 网签 审核标准 (seed 004 §2(3); modules review C6).

/// One line of a progress list (签约 or 解约 steps).
public struct SigningProgressItem: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case done, current, upcoming
    }

    public var label: String
    /// The manual's sentence for the step, where it has one.
    public var detail: String?
    public var state: State

    public init(label: String, detail: String?, state: State) {
        self.label = label
        self.detail = detail
        self.state = state
    }
}

/// A step of the agreement's progress bar (seed 003 §3.4.2).
public enum AgreementStep: Int, CaseIterable, Sendable, Comparable {
    case enter = 1
    case print = 2
    case feedback = 3
    case review = 4

    /// The bar's label, exactly as the manual's bar reads.
    public var label: String {
        switch self {
        case .enter: "学生录入签约信息"
        case .print: "学生打印协议书"
        case .feedback: "学生反馈签约资料"
        case .review: "就业信息审核"
        }
    }

    /// The page heading: §3.4.2.1–3 for the first three, §3.5 for the review.
    public var title: String {
        switch self {
        case .enter: "录入协议书"
        case .print: "下载协议书"
        case .feedback: "反馈签约材料"
        case .review: "学院、学校审核"
        }
    }

    /// "①" … "④".
    public var mark: String { ["①", "②", "③", "④"][rawValue - 1] }

    public static func < (a: AgreementStep, b: AgreementStep) -> Bool { a.rawValue < b.rawValue }
}

/// Where an agreement stands, as far as the bar cares.
public enum AgreementStage: Sendable, Equatable {
    /// Mode 2 only: not generated yet (录入中, or 保存，暂不提交).
    case entering
    /// 协议书已生成: mode 2 after 保存并生成协议书; mode 1 once the student has accepted.
    case generated
    /// The student went on from 下载协议书 (下一步) to upload the stamped scan.
    case downloaded
    /// The scan was submitted: the agreement review case's status (`ProcessDefinitions.agreement`).
    case review(CaseStatus)
}

/// The bar for an agreement: the current step and whether all is done.
public struct AgreementProgress: Sendable, Equatable {
    public var current: AgreementStep
    /// 审核通过: every step done.
    public var finished: Bool

    /// The bar for `stage`. Assumption: a review sent back (退回 or 审核不通过 with a return) puts
    /// the student at ③ again to upload a better scan; a final 审核不通过 stays at ④.
    public static func of(_ stage: AgreementStage) -> AgreementProgress {
        switch stage {
        case .entering: AgreementProgress(current: .enter, finished: false)
        case .generated: AgreementProgress(current: .print, finished: false)
        case .downloaded: AgreementProgress(current: .feedback, finished: false)
        case .review(let status):
            switch status {
            case .draft, .returned: AgreementProgress(current: .feedback, finished: false)
            case .inReview, .publicizing, .rejected: AgreementProgress(current: .review, finished: false)
            case .approved: AgreementProgress(current: .review, finished: true)
            }
        }
    }

    /// The four steps with their states.
    public var items: [SigningProgressItem] {
        AgreementStep.allCases.map { step in
            let state: SigningProgressItem.State = finished || step < current ? .done : step == current ? .current : .upcoming
            return SigningProgressItem(label: step.label, detail: step.title, state: state)
        }
    }
}

/// The stamped agreement the student uploads at ③ (seed 003 §3.4.1 and §3.4.2.3).
public enum AgreementScan {
    public static let prompt = "请在此处上传纸质协议书电子照片，要求："

    /// The three requirements, in the manual's words.
    public static let requirements = [
        "1、学生应先持打印的好的纸质协议书到单位签字盖章，要求加盖单位公章(或劳动合同专用章)，同时学生签字。",
        "2、学生将含有甲乙双方签字盖章的协议书电子照片、扫描件上传，否则不予审核。",
        "3、上传的协议书应边距规整、字体清晰，无其他杂物干扰。",
    ]

    /// Above the upload (§3.4.2.3).
    public static let employerReturns = "用人单位盖章后寄回给学生，学生上传单位盖章、学生签字后的协议书做为就业证明材料。"
    /// Below the upload (§3.4.2.3).
    public static let afterUpload = "上传协议书后，携带纸质协议书依次到学院和职就中心审核盖章，职就中心留存一份。"
    /// 下载协议书 (§3.4.2.2).
    public static let downloadNotice = "就业协议书生成后，自行下载打印，交用人单位盖章。"
    /// 录入协议书's banner and warning (§3.4.2.1).
    public static let enterBanner = "您的意向签约单位尚未在本系统注册或已注册尚未通过资质审核，请您录入协议内容！"
    public static let enterWarning = "特别提醒：毕业生录入签约信息，确认无误后保存生成就业协议，毕业生如需改签新单位，须办理解约手续。请毕业生谨慎思考，确定签约单位后再录入信息。"
}

/// Uploaded images of 签约 and 解约: "图片要求jpg或png格式，大小不超过2M" (seed 003 §3.4.3.2).
/// Assumption: the agreement scan (for which the manual says only "上传图片") follows the same rule.
public enum SigningImageRule {
    public static let maxBytes = 2 * 1024 * 1024
    public static let allowedExtensions: Set<String> = ["jpg", "jpeg", "png"]

    /// The problem with an upload, or nil. `leadingBytes` are the file's first bytes (8 suffice):
    /// the content must be a JPEG or PNG whatever the name says.
    public static func problem(fileName: String, byteCount: Int, leadingBytes: [UInt8]) -> String? {
        let parts = fileName.split(separator: ".")
        let ext = parts.count > 1 ? IdentityInput.asciiLowercased(String(parts[parts.count - 1])) : ""
        guard allowedExtensions.contains(ext) else { return "图片要求jpg或png格式，请重新选择图片。" }
        guard byteCount > 0 else { return "图片文件为空，请重新选择图片。" }
        guard byteCount <= maxBytes else {
            let tenths = (byteCount * 10 + 524_288) / 1_048_576
            return "图片大小不超过2M（所选图片约 \(tenths / 10).\(tenths % 10)M），请压缩后重新上传。"
        }
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF]
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard leadingBytes.starts(with: jpeg) || leadingBytes.starts(with: png) else {
            return "所选文件不是jpg或png图片（可能只是改了扩展名），请重新选择图片。"
        }
        return nil
    }
}

/// One item a reviewer ticks.
public struct ReviewChecklistItem: Sendable, Equatable {
    /// The evidence the item is about (the upload's kind).
    public var evidence: DestinationEvidenceKind
    /// The manual's sentence.
    public var text: String
}

/// 网签 审核标准 (seed 004 §2(3), "签就业协议形式就业（网签，由用人单位扫码发起）"): what the reviewer of
/// an online-signed record checks, item by item. The text is `DestinationReviewStandard.onlineSigning`.
public enum OnlineSigningChecklist {
    public static let heading = "签就业协议形式就业（网签，由用人单位扫码发起）"

    public static let items = [
        ReviewChecklistItem(evidence: .employerLicenseStamped, text: "（1）用人单位营业执照、组织结构代码证书等，需加盖单位公章或者人力、行政部门公章。"),
        ReviewChecklistItem(evidence: .recruiterIdentity, text: "（2）用人单位招聘人员的身份证明（身份证或者工作证件），正反两面。"),
        ReviewChecklistItem(evidence: .recruiterSignature, text: "（3）用人单位招聘人员的手写签名，签名与身份证明信息一致。"),
    ]

    /// The items not ticked, in order.
    public static func unchecked(_ checked: Set<DestinationEvidenceKind>) -> [ReviewChecklistItem] {
        items.filter { !checked.contains($0.evidence) }
    }

    /// Why the reviewer may not approve yet, or nil when every item is ticked.
    public static func refusalToApprove(checked: Set<DestinationEvidenceKind>) -> String? {
        let missing = unchecked(checked)
        guard !missing.isEmpty else { return nil }
        return "请逐项核对网签审核标准后再审核通过，尚未核对：" + missing.map(\.text).joined()
    }
}
