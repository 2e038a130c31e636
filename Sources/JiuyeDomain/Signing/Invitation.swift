// 签约模式一 (seed 003 §3.4.1): the verified employer finds the graduate (姓名 + 毕业年度 + 手机号), fills
// in "签约信息、其它约定添加、户档接收信息" and sends the invitation; the graduate answers within the
// 应约有效期. "一旦应约即签约成功……系统设置有 24 小时签约考虑期"; "签约成功后不能再与其他单位另行签约".

/// A field of the employer's invitation form (发送签约).
public enum InvitationField: String, CaseIterable, Sendable {
    case position = "position"
    case otherTerms = "other_terms"
    case hukouReception = "hukou_reception"
    case hukouAddress = "hukou_address"
    case archiveReception = "archive_reception"
    case archiveUnit = "archive_unit"
    case archiveAddress = "archive_address"
    case archivePostcode = "archive_postcode"
    case expiresOn = "expires_on"

    /// The form's label: 拟聘用职位 and 户口接收类型 are the manual's (§3.4.1, §3.4.2);
    /// Assumption: the other 户档接收信息 fields and their names (the manual lists only the group).
    public var label: String {
        switch self {
        case .position: "拟聘用职位"
        case .otherTerms: "其它约定"
        case .hukouReception: "户口接收类型"
        case .hukouAddress: "户口迁移地址"
        case .archiveReception: "档案接收类型"
        case .archiveUnit: "档案接收单位"
        case .archiveAddress: "档案接收地址"
        case .archivePostcode: "档案接收地址邮编"
        case .expiresOn: "应约过期日期"
        }
    }

    /// The longest text accepted (assumption: the manual gives no lengths).
    public var maxLength: Int? {
        switch self {
        case .position: 50
        case .otherTerms: WorkflowText.maxRemarkLength
        case .hukouAddress, .archiveUnit: 100
        case .archiveAddress: 200
        case .hukouReception, .archiveReception, .archivePostcode, .expiresOn: nil
        }
    }
}

/// 户口接收类型 / 档案接收类型. The manual shows 户口接收类型 with its default "不接收".
/// Assumption: the other choice is "接收", and 档案 is asked the same way.
public enum ReceptionChoice: String, CaseIterable, Sendable {
    case notReceived = "不接收"
    case received = "接收"

    public var label: String { rawValue }
}

/// A form's problems, one `ValidationError` per field in the form's order, each a Chinese
/// sentence saying what to fix.
public struct SigningFormProblems: Error, Sendable, Equatable {
    public let errors: [ValidationError]

    public init(_ errors: [ValidationError]) { self.errors = errors }

    public func message(for field: String) -> String? {
        errors.first { $0.field == field }?.message
    }
}

/// The invitation's terms as checked: texts trimmed, absent ones nil.
public struct InvitationTerms: Sendable, Equatable {
    public var position: String
    public var otherTerms: String?
    public var hukouReception: ReceptionChoice
    public var hukouAddress: String?
    public var archiveReception: ReceptionChoice
    public var archiveUnit: String?
    public var archiveAddress: String?
    public var archivePostcode: String?
    public var expiresOn: CivilDate

    public init(position: String, otherTerms: String? = nil, hukouReception: ReceptionChoice, hukouAddress: String? = nil,
                archiveReception: ReceptionChoice, archiveUnit: String? = nil, archiveAddress: String? = nil,
                archivePostcode: String? = nil, expiresOn: CivilDate) {
        self.position = position
        self.otherTerms = otherTerms
        self.hukouReception = hukouReception
        self.hukouAddress = hukouAddress
        self.archiveReception = archiveReception
        self.archiveUnit = archiveUnit
        self.archiveAddress = archiveAddress
        self.archivePostcode = archivePostcode
        self.expiresOn = expiresOn
    }

    /// 邀请函 (seed 003 §3.4.1.2), with the name, position and date filled in.
    public func letter(studentName: String) -> String {
        let date = "\(expiresOn.year)年\(expiresOn.month)月\(expiresOn.day)日"
        return "\(studentName)同学，你好！\n我单位拟录用（聘用）你为 \(position) 岗位员工，请于\(date)前反馈，办理网签手续。过期不反馈视为主动放弃。"
    }
}

/// 发送签约: the employer's invitation form.
public enum InvitationForm {
    /// Assumption: an invitation can be answered for at most 30 days (the manual's example
    /// gives 5: invited 2019.8.21, 应约过期日期 2019.8.26).
    public static let maxDaysAhead = 30

    /// The terms, or every problem. 应约过期日期 must be after `today` (Beijing) and at most
    /// `maxDaysAhead` days ahead; the address fields are required exactly when that item is 接收.
    public static func check(_ data: [String: String], today: CivilDate, maxDaysAhead: Int = maxDaysAhead) -> Result<InvitationTerms, SigningFormProblems> {
        var errors: [ValidationError] = []
        var texts: [InvitationField: String] = [:]
        func fail(_ field: InvitationField, _ message: String) { errors.append(ValidationError(field: field.rawValue, message: message)) }

        for field in InvitationField.allCases {
            let text = WorkflowText.trimmed(data[field.rawValue] ?? "")
            guard !text.isEmpty else { continue }
            if TextInput.forbiddenCharacter(in: text) != nil {
                fail(field, "\(field.label)中含有看不见的控制字符（多为复制时带入），请删除后重新输入。")
            } else if let limit = field.maxLength, text.count > limit {
                fail(field, "\(field.label)不能超过 \(limit) 字，请精简后重新填写。")
            } else {
                texts[field] = text
            }
        }
        let rejected = Set(errors.map(\.field))
        func required(_ field: InvitationField) -> String? {
            if let text = texts[field] { return text }
            if !rejected.contains(field.rawValue) { fail(field, "请填写\(field.label)。") }
            return nil
        }
        func choice(_ field: InvitationField) -> ReceptionChoice? {
            guard let text = texts[field] else {
                if !rejected.contains(field.rawValue) { fail(field, "请选择\(field.label)。") }
                return nil
            }
            guard let value = ReceptionChoice(rawValue: text) else {
                fail(field, "请从列表中选择\(field.label)（不接收或接收）。")
                return nil
            }
            return value
        }

        let position = required(.position)
        let hukou = choice(.hukouReception)
        let hukouAddress = hukou == .received ? required(.hukouAddress) : nil
        let archive = choice(.archiveReception)
        var archiveUnit: String?, archiveAddress: String?, archivePostcode: String?
        if archive == .received {
            archiveUnit = required(.archiveUnit)
            archiveAddress = required(.archiveAddress)
            archivePostcode = required(.archivePostcode)
            if let code = archivePostcode {
                let compact = IdentityInput.compact(code)
                if DestinationContact.isPostcode(compact) {
                    archivePostcode = compact
                } else {
                    fail(.archivePostcode, "档案接收地址邮编应为 6 位数字，请核对后重新填写。")
                    archivePostcode = nil
                }
            }
        }
        var expiresOn: CivilDate?
        if let text = required(.expiresOn) {
            let last = today.adding(days: maxDaysAhead)
            if let date = CivilDate.parse(text) {
                if date <= today {
                    fail(.expiresOn, "应约过期日期须晚于今天（\(today)），请重新选择。")
                } else if let last, date > last {
                    fail(.expiresOn, "应约过期日期最迟为 \(maxDaysAhead) 天后（\(last)），请重新选择。")
                } else {
                    expiresOn = date
                }
            } else {
                fail(.expiresOn, "请按“2025-06-18”的格式填写应约过期日期。")
            }
        }

        guard errors.isEmpty, let position, let hukou, let archive, let expiresOn else {
            let order = InvitationField.allCases.map(\.rawValue)
            return .failure(SigningFormProblems(errors.sorted { order.firstIndex(of: $0.field)! < order.firstIndex(of: $1.field)! }))
        }
        return .success(InvitationTerms(
            position: position, otherTerms: texts[.otherTerms], hukouReception: hukou, hukouAddress: hukouAddress,
            archiveReception: archive, archiveUnit: archiveUnit, archiveAddress: archiveAddress,
            archivePostcode: archivePostcode, expiresOn: expiresOn
        ))
    }
}

/// 应约状态 of an invitation. The manual's list shows 单位发起邀约 for an invitation awaiting the
/// student, and "双方达成签约意向" once the student has agreed (a later list reads 单位发起签约 in
/// that column). Assumption: the other labels, which the manual does not show.
public enum InvitationStatus: String, CaseIterable, Sendable, Codable {
    /// 单位发起邀约: sent, awaiting the student's answer until 应约过期日期.
    case awaitingReply = "awaiting-reply"
    /// 双方达成签约意向: accepted ("一旦应约即签约成功"); revocable by the student during the
    /// 签约考虑期, binding after it.
    case signed
    /// The student declined.
    case refused
    /// The student revoked the acceptance within the 签约考虑期.
    case withdrawn
    /// The employer withdrew the invitation before the student answered.
    case cancelled
    /// Not answered by 应约过期日期: "过期不反馈视为主动放弃".
    case expired
    /// Voided by an approved 解约 (seed 003 §3.4.3).
    case terminated

    public var label: String {
        switch self {
        case .awaitingReply: "单位发起邀约"
        case .signed: "双方达成签约意向"
        case .refused: "学生拒绝签约"
        case .withdrawn: "学生撤销签约"
        case .cancelled: "单位撤回邀约"
        case .expired: "已过期"
        case .terminated: "已解约"
        }
    }
}

/// What happens to an invitation, and who does it.
public enum InvitationEvent: String, CaseIterable, Sendable, Codable {
    /// The student: 同意签约 (现在签约 → 确定).
    case accept
    /// The student: 拒绝.
    case refuse
    /// The student: revokes the acceptance within the 签约考虑期.
    case withdraw
    /// The employer: withdraws an invitation not yet answered.
    /// Assumption: once the student has accepted, the employer cannot withdraw, not even during
    /// the 签约考虑期 (which protects the student: "为保证同学们的权益"); it leaves through 解约 only.
    case cancel
    /// The job runner: the day after 应约过期日期.
    case expire
    /// The school's approval of the 解约 (`ProcessDefinitions.terminationOnline`).
    case terminate

    public var label: String {
        switch self {
        case .accept: "同意签约"
        case .refuse: "拒绝签约"
        case .withdraw: "撤销签约"
        case .cancel: "撤回邀约"
        case .expire: "逾期未应约"
        case .terminate: "解约"
        }
    }
}

/// 签约考虑期 (seed 003 §3.4.1.2): 24 hours after accepting, the student may revoke; after it the
/// agreement binds and only a 解约 undoes it.
/// Assumption: "考虑期" means the student may revoke within it, and it binds the moment it ends:
/// accepted at T, a revocation at T + 24 h − 1 s is allowed, at T + 24 h it is not.
public enum SigningConsideration {
    public static let standardPeriod: Int64 = 24 * 3600

    /// Whether the student may still revoke an acceptance made at `acceptedAt`.
    public static func canWithdraw(acceptedAt: Int64, now: Int64, period: Int64 = standardPeriod) -> Bool {
        now - acceptedAt < period
    }

    /// Whether the agreement binds (the period is over).
    public static func isBinding(acceptedAt: Int64, now: Int64, period: Int64 = standardPeriod) -> Bool {
        !canWithdraw(acceptedAt: acceptedAt, now: now, period: period)
    }

    /// The first moment the agreement binds.
    public static func endsAt(acceptedAt: Int64, period: Int64 = standardPeriod) -> Int64 { acceptedAt + period }

    /// "24 小时" for the messages.
    static func describe(_ period: Int64) -> String {
        period % 3600 == 0 ? "\(period / 3600) 小时" : "\(max(period / 60, 1)) 分钟"
    }

    /// The invitation's reminder (邀请函 特别提醒).
    public static let notice = "特别提醒：一旦应约即签约成功，因此为保证同学们的权益，系统设置有 24 小时签约考虑期，请同学们认真考虑，慎重签约。"
    /// 签约前必读 and the pledge the student ticks before 现在签约.
    public static let mustRead = "签约成功后不能再与其他单位另行签约！请确保已充分了解用人单位及工作岗位信息，并与用人单位充分沟通，并达成一致就业意愿！你确定现在签约吗？"
    public static let pledge = "我同意并遵守以上规定，严格按照办事流程进行网上签约操作"
    public static let confirmQuestion = "您确定同意签约吗？"
    /// Shown after signing.
    public static let afterSigning = "特别提醒：毕业生应约后，如需改签新单位，须办理解约手续。请毕业生谨慎思考，确定签约单位后再应约。"
}

/// One invitation's state: its 应约状态, 应约过期日期, and when it was accepted and closed.
public struct Invitation: Sendable, Equatable {
    public var status: InvitationStatus
    /// 应约过期日期: the student may answer through the end of this day (Beijing time).
    /// Assumption: "请于……前反馈" includes the day itself.
    public var expiresOn: CivilDate
    /// When the student accepted (epoch seconds); starts the 签约考虑期.
    public var acceptedAt: Int64?
    /// When it left 单位发起邀约 or 双方达成签约意向 for good.
    public var closedAt: Int64?

    public init(status: InvitationStatus = .awaitingReply, expiresOn: CivilDate, acceptedAt: Int64? = nil, closedAt: Int64? = nil) {
        self.status = status
        self.expiresOn = expiresOn
        self.acceptedAt = acceptedAt
        self.closedAt = closedAt
    }

    /// Whether 应约过期日期 has passed at `now`.
    public func isPastExpiry(now: Int64) -> Bool {
        guard let today = SigningClock.beijingDate(now) else { return true }
        return today > expiresOn
    }

    /// 应约状态 as the lists show it; during the 签约考虑期 it says until when.
    public func statusLabel(now: Int64, period: Int64 = SigningConsideration.standardPeriod) -> String {
        if status == .signed, let acceptedAt, SigningConsideration.canWithdraw(acceptedAt: acceptedAt, now: now, period: period) {
            return "\(status.label)（签约考虑期至 \(WorkflowText.beijingMinute(acceptedAt + period))）"
        }
        return status.label
    }

    /// The state after `event`, or the refusal to show (`Refusal.Kind.wrongState`). The actor
    /// (student, employer, job runner, school) is the app's to check.
    public func applying(_ event: InvitationEvent, now: Int64, period: Int64 = SigningConsideration.standardPeriod) -> Result<Invitation, Refusal> {
        var next = self
        let expiredMessage = "该签约邀请已于 \(expiresOn) 过期，过期不反馈视为主动放弃。如仍有意向，请联系单位重新发送签约邀请。"
        switch (event, status) {
        case (.accept, .awaitingReply), (.refuse, .awaitingReply), (.cancel, .awaitingReply):
            if isPastExpiry(now: now) {
                return .failure(Refusal(.wrongState, event == .cancel ? "该签约邀请已于 \(expiresOn) 过期，无需撤回。" : expiredMessage))
            }
            switch event {
            case .accept:
                next.status = .signed
                next.acceptedAt = now
            case .refuse:
                next.status = .refused
                next.closedAt = now
            default:
                next.status = .cancelled
                next.closedAt = now
            }
        case (.expire, .awaitingReply):
            guard isPastExpiry(now: now) else {
                return .failure(Refusal(.wrongState, "该签约邀请的应约过期日期为 \(expiresOn)，尚未过期。"))
            }
            next.status = .expired
            next.closedAt = now
        case (.withdraw, .signed), (.terminate, .signed):
            let acceptedAt = acceptedAt ?? now
            let inPeriod = SigningConsideration.canWithdraw(acceptedAt: acceptedAt, now: now, period: period)
            let end = WorkflowText.beijingMinute(SigningConsideration.endsAt(acceptedAt: acceptedAt, period: period))
            if event == .withdraw, !inPeriod {
                return .failure(Refusal(.wrongState, "签约考虑期（应约后 \(SigningConsideration.describe(period))）已于 \(end) 结束，协议已生效，不能撤销。如需改签新单位，须办理解约手续。"))
            }
            if event == .terminate, inPeriod {
                return .failure(Refusal(.wrongState, "该协议尚在签约考虑期内（至 \(end)），学生可直接撤销签约，无需办理解约。"))
            }
            next.status = event == .withdraw ? .withdrawn : .terminated
            next.closedAt = now
        default:
            return .failure(Refusal(.wrongState, Self.notPossible(event, from: status, expiredMessage: expiredMessage)))
        }
        return .success(next)
    }

    /// The student's 同意签约 with every check: 签约权限, one agreement at a time (`held`: the
    /// student's other agreements), then the state machine.
    public func accepting(
        now: Int64,
        eligibility: SigningEligibility,
        held: [HeldAgreement],
        period: Int64 = SigningConsideration.standardPeriod
    ) -> Result<Invitation, Refusal> {
        if let refusal = SigningGate.refusalToAccept(eligibility: eligibility, held: held, now: now, period: period) {
            return .failure(refusal)
        }
        return applying(.accept, now: now, period: period)
    }

    private static func notPossible(_ event: InvitationEvent, from status: InvitationStatus, expiredMessage: String) -> String {
        switch (event, status) {
        case (.accept, .signed): "您已同意签约，无需重复操作。"
        case (.refuse, .signed):
            "您已同意签约，签约成功后不能拒绝。签约考虑期内可撤销签约，考虑期结束后如需改签新单位，须办理解约手续。"
        case (.cancel, .signed):
            "学生已同意签约，单位不能撤回邀约。如需解除协议，须按学校规定办理解约手续。"
        case (.withdraw, .awaitingReply): "您尚未同意签约，无需撤销；如不同意签约，请选择拒绝。"
        case (.terminate, _): "只有已生效的协议才能解约。"
        case (_, .refused): "该签约邀请已被拒绝。如仍有意向，请联系单位重新发送签约邀请。"
        case (_, .withdrawn): "该签约已在签约考虑期内撤销。如仍有意向，请联系单位重新发送签约邀请。"
        case (_, .cancelled): "单位已撤回该签约邀请。"
        case (_, .expired): expiredMessage
        case (_, .terminated): "该协议已解约。"
        default: "该签约邀请当前为“\(status.label)”，不能\(event.label)。"
        }
    }
}

/// Beijing time (UTC+8, no daylight saving) for the date rules.
enum SigningClock {
    static func beijingDate(_ epoch: Int64) -> CivilDate? {
        let local = epoch + 8 * 3600
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        guard let small = Int(exactly: days) else { return nil }
        return CivilDate(daysSince1970: small)
    }
}
