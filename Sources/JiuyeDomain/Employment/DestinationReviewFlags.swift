// 审核提示 (modules review C14): signs of a faked employment that the reviewer must clear before
// approving. MOE's 四不准 forbid "以户档托管为由劝说毕业生签订虚假就业协议" and "将毕业生顶岗实习、
// 见习证明材料作为就业证明材料"; seed 004 counts 就业见习 as 待就业.
//
// The app queries the facts (other records sharing a file, an agreement key or a contact
// mobile; the entering staff member's 代录 times) and this decides which flags they raise.
// A flag never blocks the graduate; it only asks the reviewer to check and clear it.

/// What a flag is about; the raw value is what the app stores when a reviewer clears it.
public enum DestinationReviewFlagKind: String, Sendable, CaseIterable, Codable {
    case sharedEvidence = "shared-evidence"
    case reusedAgreementNumber = "reused-agreement-number"
    case contactIsOwnPhone = "contact-is-own-phone"
    case contactSharedAcrossUnits = "contact-shared-across-units"
    case staffingAgencyUnit = "staffing-agency-unit"
    case internshipEvidence = "internship-evidence"
    case staffEntryBurst = "staff-entry-burst"

    public var label: String {
        switch self {
        case .sharedEvidence: "证明材料与他人重复"
        case .reusedAgreementNumber: "协议书号重复"
        case .contactIsOwnPhone: "联系人手机为本人手机"
        case .contactSharedAcrossUnits: "联系人手机跨单位重复"
        case .staffingAgencyUnit: "人才服务或劳务派遣机构"
        case .internshipEvidence: "材料涉及实习或见习"
        case .staffEntryBurst: "临近截止集中代录"
        }
    }
}

/// One 审核提示: what it is and why it was raised, for the reviewer.
public struct DestinationReviewFlag: Sendable, Equatable {
    public let kind: DestinationReviewFlagKind
    public let explanation: String

    public var label: String { kind.label }
}

/// Another destination record the app found sharing something with the one under review.
public struct DestinationReviewOther: Sendable, Equatable {
    public var student: Int64
    public var unitName: String
    /// SHA-256 (hex) of its evidence files.
    public var evidenceHashes: [String]
    /// `AgreementNumber.uniquenessKey` (province, year, number: C20).
    public var agreementKey: String?
    /// 联系人手机.
    public var contactMobile: String?

    public init(student: Int64, unitName: String = "", evidenceHashes: [String] = [],
                agreementKey: String? = nil, contactMobile: String? = nil) {
        self.student = student
        self.unitName = unitName
        self.evidenceHashes = evidenceHashes
        self.agreementKey = agreementKey
        self.contactMobile = contactMobile
    }
}

/// A record entered by staff on the graduate's behalf (代录): when, the deadline of the period it
/// was entered in, and every 代录 time of the same staff member (epoch seconds; this record's own
/// time is added when missing).
public struct DestinationStaffEntry: Sendable, Equatable {
    public var enteredAt: Int64
    public var deadline: Int64
    public var sameStaffEntries: [Int64]

    public init(enteredAt: Int64, deadline: Int64, sameStaffEntries: [Int64]) {
        self.enteredAt = enteredAt
        self.deadline = deadline
        self.sameStaffEntries = sameStaffEntries
    }
}

/// The record under review and what the app found about it.
public struct DestinationReviewFacts: Sendable, Equatable {
    public var student: Int64
    /// 毕业去向 code (`data["category"]`).
    public var category: String
    public var unitName: String
    /// The graduate's own phone (from the student record or account).
    public var studentPhone: String?
    /// 联系人手机.
    public var contactMobile: String?
    /// `AgreementNumber.uniquenessKey` of its 协议书号, if it has one.
    public var agreementKey: String?
    /// SHA-256 (hex) of its evidence files.
    public var evidenceHashes: [String]
    /// Evidence descriptions, file names and remarks (单位备注, 备注).
    public var texts: [String]
    /// Set when staff entered the record (代录).
    public var staffEntry: DestinationStaffEntry?
    /// Other records sharing an evidence file, the agreement key or the contact mobile; others
    /// may be passed too (they raise nothing).
    public var others: [DestinationReviewOther]

    public init(student: Int64, category: String, unitName: String = "", studentPhone: String? = nil,
                contactMobile: String? = nil, agreementKey: String? = nil, evidenceHashes: [String] = [],
                texts: [String] = [], staffEntry: DestinationStaffEntry? = nil, others: [DestinationReviewOther] = []) {
        self.student = student
        self.category = category
        self.unitName = unitName
        self.studentPhone = studentPhone
        self.contactMobile = contactMobile
        self.agreementKey = agreementKey
        self.evidenceHashes = evidenceHashes
        self.texts = texts
        self.staffEntry = staffEntry
        self.others = others
    }
}

/// When 代录 counts as a burst: at least `entries` records by one staff member within
/// `windowSeconds`, in the `beforeDeadlineSeconds` before a deadline (the deadline included).
public struct DestinationEntryBurstThresholds: Sendable, Equatable {
    public let entries: Int
    public let windowSeconds: Int64
    public let beforeDeadlineSeconds: Int64

    /// nil outside 2–100000 entries, a window of 1 minute to 31 days, a period of 1 second to 366 days.
    public init?(entries: Int, windowSeconds: Int64, beforeDeadlineSeconds: Int64) {
        guard (2...100_000).contains(entries), (60...31 * 86_400).contains(windowSeconds),
              (1...366 * 86_400).contains(beforeDeadlineSeconds) else { return nil }
        self.entries = entries
        self.windowSeconds = windowSeconds
        self.beforeDeadlineSeconds = beforeDeadlineSeconds
    }

    /// 20 records within an hour, in the 3 days before the deadline (an assumption to tune).
    public static let standard = DestinationEntryBurstThresholds(entries: 20, windowSeconds: 3_600, beforeDeadlineSeconds: 3 * 86_400)!
}

public enum DestinationReviewFlags {
    public static let staffingAgencyWords = ["人才服务", "人才交流", "劳务派遣"]
    public static let internshipWords = ["实习", "见习"]

    /// The flags `facts` raise, in `DestinationReviewFlagKind` order.
    public static func compute(_ facts: DestinationReviewFacts, burst: DestinationEntryBurstThresholds = .standard) -> [DestinationReviewFlag] {
        [sharedEvidence(facts), reusedAgreement(facts), contactIsOwnPhone(facts), contactSharedAcrossUnits(facts),
         staffingAgency(facts), internship(facts), staffEntryBurst(facts, burst)].compactMap { $0 }
    }

    /// The flags not yet cleared by a reviewer.
    public static func uncleared(_ flags: [DestinationReviewFlag], cleared: Set<DestinationReviewFlagKind>) -> [DestinationReviewFlag] {
        flags.filter { !cleared.contains($0.kind) }
    }

    /// Why 审核通过 must wait, or nil when every flag is cleared.
    public static func approvalRefusal(_ flags: [DestinationReviewFlag], cleared: Set<DestinationReviewFlagKind>) -> String? {
        let open = uncleared(flags, cleared: cleared)
        guard !open.isEmpty else { return nil }
        return "还有 \(open.count) 项审核提示未核实：\(open.map(\.label).joined(separator: "、"))。请逐项核实并标记“已核实”后再审核通过。"
    }

    // MARK: The rules

    static func sharedEvidence(_ facts: DestinationReviewFacts) -> DestinationReviewFlag? {
        let own = Set(facts.evidenceHashes.compactMap(sha256))
        guard !own.isEmpty else { return nil }
        let students = Set(facts.others.filter { other in
            other.student != facts.student && !own.isDisjoint(with: other.evidenceHashes.compactMap(sha256))
        }.map(\.student))
        guard !students.isEmpty else { return nil }
        return DestinationReviewFlag(kind: .sharedEvidence, explanation:
            "本记录的证明材料与另外 \(students.count) 名毕业生去向登记中的材料是同一文件（SHA-256 相同）。每名毕业生应提交本人的证明材料，请核实材料是否属于本人。")
    }

    static func reusedAgreement(_ facts: DestinationReviewFacts) -> DestinationReviewFlag? {
        guard let key = facts.agreementKey, !key.isEmpty else { return nil }
        let records = facts.others.filter { $0.agreementKey == key }.count
        guard records > 0 else { return nil }
        return DestinationReviewFlag(kind: .reusedAgreementNumber, explanation:
            "协议书号在同一省份、同一年度已被另外 \(records) 条去向登记使用。每份就业协议书只能登记一名毕业生，请核对协议书原件上的编号。")
    }

    static func contactIsOwnPhone(_ facts: DestinationReviewFacts) -> DestinationReviewFlag? {
        guard let contact = phoneKey(facts.contactMobile), contact == phoneKey(facts.studentPhone) else { return nil }
        return DestinationReviewFlag(kind: .contactIsOwnPhone, explanation:
            "单位联系人手机与毕业生本人的手机号相同。请核实单位联系人信息，必要时通过单位公开的联系电话核实录用情况。")
    }

    static func contactSharedAcrossUnits(_ facts: DestinationReviewFacts) -> DestinationReviewFlag? {
        guard let contact = phoneKey(facts.contactMobile) else { return nil }
        let ownUnit = NationalUnitName.comparable(facts.unitName)
        var seen: Set<String> = [ownUnit], units: [String] = []
        for other in facts.others where other.student != facts.student && phoneKey(other.contactMobile) == contact {
            let unit = NationalUnitName.comparable(other.unitName)
            guard !unit.isEmpty, seen.insert(unit).inserted else { continue }
            units.append(CellText.clean(other.unitName))
        }
        guard !units.isEmpty else { return nil }
        let listed = units.prefix(3).map { "“\($0)”" }.joined(separator: "、") + (units.count > 3 ? "等 \(units.count) 家单位" : "")
        return DestinationReviewFlag(kind: .contactSharedAcrossUnits, explanation:
            "单位联系人手机也是其他单位毕业生登记的联系人手机（\(listed)）。同一手机号对应不同单位，请核实联系人及单位信息是否真实。")
    }

    static func staffingAgency(_ facts: DestinationReviewFacts) -> DestinationReviewFlag? {
        guard facts.category == "10" else { return nil }
        let name = NationalUnitName.comparable(facts.unitName)
        let matched = staffingAgencyWords.filter { name.contains($0) }
        guard !matched.isEmpty else { return nil }
        return DestinationReviewFlag(kind: .staffingAgencyUnit, explanation:
            "单位名称含“\(matched.joined(separator: "”“"))”，毕业去向为签就业协议形式就业（10）。“四不准”规定不准以户档托管为由劝说毕业生签订虚假就业协议，请核实毕业生是否实际在该单位工作，而非仅由其托管档案或户口。")
    }

    /// Only for a category that counts as placed: a 待就业 record may well mention 见习.
    static func internship(_ facts: DestinationReviewFacts) -> DestinationReviewFlag? {
        guard DestinationForm.category(facts.category)?.group.countsAsPlaced ?? true else { return nil }
        let texts = facts.texts.map(CellText.clean)
        let matched = internshipWords.filter { word in texts.contains { $0.contains(word) } }
        guard !matched.isEmpty, let first = texts.first(where: { text in matched.contains { text.contains($0) } }) else { return nil }
        let excerpt = first.count > 40 ? String(first.prefix(40)) + "…" : first
        return DestinationReviewFlag(kind: .internshipEvidence, explanation:
            "证明材料说明或备注中出现“\(matched.joined(separator: "”“"))”（“\(excerpt)”）。“四不准”规定不准将毕业生顶岗实习、见习证明材料作为就业证明材料，就业见习属于待就业，请核实材料是否为正式录用的证明。")
    }

    static func staffEntryBurst(_ facts: DestinationReviewFacts, _ thresholds: DestinationEntryBurstThresholds) -> DestinationReviewFlag? {
        guard let entry = facts.staffEntry else { return nil }
        let deadline = entry.deadline
        func inPeriod(_ time: Int64) -> Bool {
            guard time <= deadline, let before = gap(from: time, to: deadline) else { return false }
            return before <= thresholds.beforeDeadlineSeconds
        }
        guard inPeriod(entry.enteredAt) else { return nil }
        var times = entry.sameStaffEntries.filter(inPeriod)
        if !times.contains(entry.enteredAt) { times.append(entry.enteredAt) }
        times.sort()
        // The fullest window [start, start + window) holding this entry starts at an entry.
        var most = 0, end = 0
        for (index, start) in times.enumerated() {
            guard start <= entry.enteredAt else { break }
            guard let lead = gap(from: start, to: entry.enteredAt), lead < thresholds.windowSeconds else { continue }
            end = max(end, index)
            while end < times.count, let span = gap(from: start, to: times[end]), span < thresholds.windowSeconds { end += 1 }
            most = max(most, end - index)
        }
        guard most >= thresholds.entries else { return nil }
        return DestinationReviewFlag(kind: .staffEntryBurst, explanation:
            "本记录由工作人员代录：截止前 \(duration(thresholds.beforeDeadlineSeconds))内，同一工作人员在 \(duration(thresholds.windowSeconds))内代录了 \(most) 条去向登记（提示阈值为 \(thresholds.entries) 条）。请逐条核对证明材料，并确认毕业生本人已确认。")
    }

    // MARK: Helpers

    /// `to − from`, nil when it would overflow.
    static func gap(from: Int64, to: Int64) -> Int64? {
        let (difference, overflow) = to.subtractingReportingOverflow(from)
        return overflow ? nil : difference
    }

    /// A SHA-256 digest in lower-case hex, or nil when `raw` is not one (an empty hash matches nothing).
    static func sha256(_ raw: String) -> String? {
        let hex = IdentityInput.asciiLowercased(IdentityInput.trimmed(raw))
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        return hex
    }

    /// The 11-digit mobile number, or the digits of another number when there are at least 6.
    static func phoneKey(_ raw: String?) -> String? { raw.flatMap(PasswordPolicy.phoneDigits) }

    /// "3 天", "1 小时", "90 分钟", "45 秒".
    static func duration(_ seconds: Int64) -> String {
        if seconds % 86_400 == 0 { return "\(seconds / 86_400) 天" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600) 小时" }
        if seconds % 60 == 0 { return "\(seconds / 60) 分钟" }
        return "\(seconds) 秒"
    }
}
