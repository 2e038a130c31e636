import Foundation
import JiuyeDomain
import NIOConcurrencyHelpers
import Vapor

/// An audited action: the key stored in `audit_log.action` (part of the hash chain, so never
/// renamed) and the Chinese label the auditor reads. `Audit.record` takes only this type, so an
/// action without a label does not compile. A module declares its own in an extension and lists
/// them for `AuditLabels.register(actions:)`; the built-in ones are in `AuditAction.platform`.
package struct AuditAction: Hashable, Sendable {
    package let key: String
    package let label: String

    package init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }
}

extension AuditAction {
    // Accounts
    package static let bootstrapAccount = AuditAction("bootstrap.account", "创建初始账号")
    /// Written by versions before bootstrap.account; kept so old rows read in Chinese.
    package static let bootstrapAdmin = AuditAction("bootstrap.admin", "创建初始账号")
    package static let seedDemo = AuditAction("seed.demo", "导入示范数据")
    package static let accountActivate = AuditAction("account.activate", "首次登录设置密码")
    package static let accountProfile = AuditAction("account.profile", "修改个人信息")
    package static let accountPassword = AuditAction("account.password", "修改密码")
    package static let accountPasswordReset = AuditAction("account.password-reset", "短信找回密码")
    package static let accountPhone = AuditAction("account.phone", "更换手机号")
    package static let accountTOTPEnable = AuditAction("account.totp-enable", "启用两步验证")
    package static let accountTOTPDisable = AuditAction("account.totp-disable", "停用两步验证")
    package static let accountRecoveryCodes = AuditAction("account.recovery-codes", "重新生成恢复码")
    package static let personalReveal = AuditAction("personal.reveal", "查看完整个人信息")
    // User administration
    package static let userCreate = AuditAction("user.create", "新建账号")
    package static let userEnable = AuditAction("user.enable", "启用账号")
    package static let userDisable = AuditAction("user.disable", "停用账号")
    package static let userUnlock = AuditAction("user.unlock", "解除锁定")
    package static let userResetPassword = AuditAction("user.reset-password", "重置密码")
    package static let userAssignRole = AuditAction("user.assign-role", "分配角色")
    package static let userRemoveRole = AuditAction("user.remove-role", "移除角色")
    package static let exportUsers = AuditAction("export.users", "导出用户列表")
    package static let sessionEnd = AuditAction("session.end", "强制下线")
    // Operations
    package static let jobRetry = AuditAction("job.retry", "任务重新排队")
    package static let exportJobs = AuditAction("export.jobs", "导出后台任务")
    package static let exportOutbox = AuditAction("export.outbox", "导出消息发件箱")
    package static let outboxReveal = AuditAction("outbox.reveal", "查看消息全文")
    package static let keysRotate = AuditAction("keys.rotate", "轮换加密密钥")
    /// The chain's own first row, naming the chain id its exported heads are bound to.
    package static let auditChain = AuditAction("audit.chain", "建立日志链")
    // Audit
    package static let auditExport = AuditAction("audit.export", "导出操作日志")
    package static let auditExportLogins = AuditAction("audit.export-logins", "导出登录日志")
    package static let auditVerify = AuditAction("audit.verify", "校验操作日志")
    package static let auditArchive = AuditAction("audit.archive", "归档审计日志")
    // Organisations and code tables
    package static let orgSchoolCreate = AuditAction("org.school.create", "新增学校")
    package static let orgCampusCreate = AuditAction("org.campus.create", "新增校区")
    package static let orgCollegeCreate = AuditAction("org.college.create", "新增院系")
    package static let orgMajorCreate = AuditAction("org.major.create", "新增专业")
    package static let orgClassCreate = AuditAction("org.class.create", "新增班级")
    package static let orgUnitCreate = AuditAction("org.unit.create", "登记用人单位")
    package static let exportSchools = AuditAction("export.schools", "导出学校列表")
    package static let exportUnits = AuditAction("export.units", "导出用人单位列表")
    package static let exportCodes = AuditAction("export.codes", "导出代码表")
    package static let codeAdd = AuditAction("code.add", "新增本校代码")
    package static let codeDelete = AuditAction("code.delete", "删除本校代码")
    // Files, documents, time windows
    package static let uploadCreate = AuditAction("upload.create", "上传材料")
    package static let uploadDelete = AuditAction("upload.delete", "删除材料")
    package static let uploadView = AuditAction("upload.view", "查看材料")
    package static let documentIssue = AuditAction("document.issue", "生成文书")
    package static let documentReissue = AuditAction("document.reissue", "重新生成文书")
    package static let documentPDF = AuditAction("document.pdf", "下载文书 PDF")
    package static let windowSet = AuditAction("window.set", "设置办理时间")
    package static let fieldAccessSet = AuditAction("field-access.set", "设置字段权限")
    package static let fieldAccessRefused = AuditAction("field-access.refused", "修改只读字段被拒绝")
    // Cases (any module's)
    package static let exportCases = AuditAction("export.cases", "导出审核列表")
    package static let caseBatchPrint = AuditAction("case.batch.print", "打印批次汇总表")
    package static let caseBatchExport = AuditAction("case.batch.export", "导出批次")

    /// A workflow action on a case: "case.approve" → 审核通过 (the target names the case type).
    package static func caseAction(_ kind: ActionKind) -> AuditAction { AuditAction("case.\(kind.rawValue)", kind.label) }

    /// Every action the platform records.
    package static let platform: [AuditAction] = [
        .bootstrapAccount, .bootstrapAdmin, .seedDemo, .accountActivate, .accountProfile, .accountPassword, .accountPasswordReset,
        .accountPhone, .accountTOTPEnable, .accountTOTPDisable, .accountRecoveryCodes, .personalReveal,
        .userCreate, .userEnable, .userDisable, .userUnlock, .userResetPassword, .userAssignRole, .userRemoveRole, .exportUsers, .sessionEnd,
        .jobRetry, .exportJobs, .exportOutbox, .outboxReveal, .keysRotate, .auditChain,
        .auditExport, .auditExportLogins, .auditVerify, .auditArchive,
        .orgSchoolCreate, .orgCampusCreate, .orgCollegeCreate, .orgMajorCreate, .orgClassCreate, .orgUnitCreate,
        .exportSchools, .exportUnits, .exportCodes, .codeAdd, .codeDelete, .codeAliasAdd, .codeAliasDelete,
        .uploadCreate, .uploadDelete, .uploadView, .documentIssue, .documentReissue, .documentPDF, .windowSet, .fieldAccessSet, .fieldAccessRefused,
        .exportCases, .caseBatchPrint, .caseBatchExport,
    ] + ActionKind.allCases.map(caseAction)
}

/// What an audited action was done to: the key stored in `audit_log.target_type` and its name
/// in Chinese. Case types are targets under their own key, named by their process.
package struct AuditTarget: Hashable, Sendable {
    package let key: String
    package let label: String

    package init(_ key: String, _ label: String) {
        self.key = key
        self.label = label
    }

    package static let user = AuditTarget("user", "用户")
    package static let users = AuditTarget("users", "用户列表")
    package static let school = AuditTarget("school", "学校")
    package static let schools = AuditTarget("schools", "学校列表")
    package static let campus = AuditTarget("campus", "校区")
    package static let college = AuditTarget("college", "院系")
    package static let major = AuditTarget("major", "专业")
    package static let schoolClass = AuditTarget("class", "班级")
    package static let unit = AuditTarget("unit", "用人单位")
    package static let units = AuditTarget("units", "用人单位列表")
    package static let upload = AuditTarget("upload", "材料")
    package static let document = AuditTarget("document", "文书")
    package static let outbox = AuditTarget("outbox", "消息发件箱")
    package static let job = AuditTarget("job", "后台任务")
    package static let jobs = AuditTarget("jobs", "后台任务列表")
    package static let keyRing = AuditTarget("key_ring", "加密密钥")
    package static let timeWindow = AuditTarget("time_window", "办理时间")
    package static let fieldAccess = AuditTarget("field_access", "字段权限")
    package static let auditLog = AuditTarget("audit_log", "操作日志")
    package static let loginLog = AuditTarget("login_attempts", "登录日志")

    /// A case type's cases, e.g. 毕业去向登记.
    package static func caseType(_ type: CaseType) -> AuditTarget { AuditTarget(type.key, type.definition.name) }
    /// One code table ("code:xl"); its name is read from `code_tables` when shown.
    package static func codeTable(_ key: String) -> AuditTarget { AuditTarget("code:" + key, "代码表") }

    package static let platform: [AuditTarget] = [
        .user, .users, .school, .schools, .campus, .college, .major, .schoolClass, .unit, .units, .upload, .document, .outbox,
        .job, .jobs, .keyRing, .timeWindow, .fieldAccess, .auditLog, .loginLog,
    ]
}

/// The labels the audit pages and exports read: actions, targets, the field names of change
/// details, and login-log results. Built-in entries are there from the start; modules add theirs
/// at boot (`app.auditLabels.register(…)`).
package final class AuditLabels: Sendable {
    private struct State {
        package var actions: [String: String] = [:]
        package var targets: [String: String] = [:]
        package var fields: [String: String] = [:]
        package var values: [String: String] = [:]
    }

    private let state = NIOLockedValueBox(State())

    package init() {
        register(actions: AuditAction.platform)
        register(targets: AuditTarget.platform)
        register(fields: Self.platformFields)
        register(values: Self.platformValues)
    }

    package func register(actions: [AuditAction]) {
        state.withLockedValue { state in for action in actions { state.actions[action.key] = action.label } }
    }

    package func register(targets: [AuditTarget]) {
        state.withLockedValue { state in for target in targets { state.targets[target.key] = target.label } }
    }

    /// Field names used in `Audit.Change` → their Chinese names.
    package func register(fields: [String: String]) {
        state.withLockedValue { state in state.fields.merge(fields) { _, new in new } }
    }

    /// Coded values of change details, keyed "field=value" (e.g. "status=queued" → 排队中).
    package func register(values: [String: String]) {
        state.withLockedValue { state in state.values.merge(values) { _, new in new } }
    }

    /// Every action key with a label (for the filter and the tests).
    package var actions: [String: String] { state.withLockedValue { $0.actions } }
    package var targets: [String: String] { state.withLockedValue { $0.targets } }
    package var fields: [String: String] { state.withLockedValue { $0.fields } }

    package func action(_ key: String) -> String? { state.withLockedValue { $0.actions[key] } }
    package func target(_ key: String) -> String? { state.withLockedValue { $0.targets[key] } }
    /// A field's name: "action#field" for a name particular to one action, else "field".
    package func field(_ key: String) -> String? { state.withLockedValue { $0.fields[key] } }
    package func value(field: String, _ raw: String) -> String? { state.withLockedValue { $0.values[field + "=" + raw] } }

    /// The field names of change details (a value that is already Chinese, e.g. a business's
    /// label for a time window, is its own name).
    package static let platformFields: [String: String] = [
        "name": "名称", "code": "代码", "format": "格式", "status": "状态", "rows": "条数", "role": "角色", "kind": "类别",
        "filter": "筛选条件", "password": "密码", "totp": "两步验证", "recovery_codes": "恢复码", "session": "会话",
        "phone": "手机号", "email": "邮箱", "display_name": "姓名", "username": "用户名", "is_active": "账号状态",
        "assignment": "角色分配编号", "school_id": "所属学校编号", "campus_id": "所属校区编号", "college_id": "所属院系编号",
        "major_id": "所属专业编号", "region_code": "所在地代码", "county_code": "所在县区代码", "credit_code": "统一社会信用代码",
        "level": "学历层次", "cohort": "届别", "type": "文件类型", "mode": "方式", "case": "所属办件", "file": "文件",
        "cases": "件数", "remark": "意见", "channel": "渠道", "recipient": "收件人", "result": "结果", "reencrypted": "已重新加密",
        "failed": "失败", "before": "归档截止日期", "logins": "登录记录条数", "sha256": "文件校验值（SHA-256）",
        "audit.export#rows": "导出条数", "audit.export-logins#rows": "导出条数",
        "serial": "文书编号", "size": "文件大小（字节）", "alias": "简称", "columns": "导出列",
        "fields": "查看的信息", "form": "表单", "refused_fields": "被拒绝的字段", "purpose": "用途", "reason": "事由", "student": "学号", "student_no": "学号", "full": "个人信息", "id": "证件号码",
    ]

    package static let platformValues: [String: String] = [
        "status=queued": "排队中", "status=running": "执行中", "status=done": "已完成", "status=failed": "失败",
        "status=approved": "已审核", "status=pending": "待审核",
    ]
}

extension Application {
    private struct AuditLabelsKey: StorageKey { typealias Value = AuditLabels }
    package var auditLabels: AuditLabels {
        if let labels = storage[AuditLabelsKey.self] { return labels }
        let labels = AuditLabels()
        storage[AuditLabelsKey.self] = labels
        return labels
    }
}

/// The login log's result kinds (`login_attempts.reason`) and what the auditor reads.
package enum LoginResultLabels {
    package static let all: [String: String] = [
        "ok": "登录成功", "bad-credentials": "账号或密码错误", "locked": "账号已锁定", "disabled": "账号已停用",
        "ok-sms": "短信验证码登录成功", "bad-sms-code": "短信验证码错误", "first-factor": "密码正确，待两步验证",
        "ok-totp": "两步验证通过，登录成功", "bad-totp": "动态口令错误", "ok-recovery": "恢复码登录成功", "bad-recovery": "恢复码错误",
        "phone-change-proof": "更换手机号：密码核验通过",
        "ok-first-login": "首次登录：学号与证件号码核验通过", "bad-first-login": "首次登录失败：学号或证件号码不符，或已设置过密码",
    ]

    package static func label(_ code: String) -> String { all[code] ?? "其他（\(code)）" }
}
