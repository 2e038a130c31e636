/// The review processes the seed manuals describe, as data. Comments say where a manual is silent
/// and what was settled.
public enum ProcessDefinitions {
    public static let all: [ProcessDefinition] = [studentSource, destination, grassroots, livingSubsidy]

    public static func named(_ id: String) -> ProcessDefinition? {
        all.first { $0.id == id }
    }

    /// 生源信息核对 (seed 003 §3.2: 学生提交 → 院系审核 → 学校审核; seed 004 §2(1)).
    ///
    /// Settled: seed 004 lets counselors maintain source records too, so 院系审核 is done by the
    /// college admin or a counselor of the class. A school 退回 re-enters at 学校审核: the college
    /// has checked the record, and the school checks the fix it asked for. 申请修改 after 学校审核通过
    /// (seed 003 §3.2.5, "学校处理学生的修改申请") is a new version that goes to 学校审核. Staff
    /// maintenance (seed 004: 已锁定) is an entry on behalf landing where that role's approval would.
    public static let studentSource = ProcessDefinition(
        id: "student-source",
        name: "生源信息核对",
        steps: [
            StepDefinition(
                id: "submit", label: "学生提交", kind: .submission, actor: .applicant,
                guards: [.windowOpen(.studentSource)]
            ),
            StepDefinition(
                id: "college-review", label: "院系审核",
                actor: .staff([RoleLevel(.collegeAdmin, by: .college), RoleLevel(.counselor, by: .class)]),
                onReject: .returnTo("college-review")
            ),
            StepDefinition(
                id: "school-review", label: "学校审核",
                actor: .staff([RoleLevel(.schoolAdmin, by: .school)]),
                onReject: .returnTo("school-review")
            ),
        ],
        status: StatusView(
            name: "状态",
            draft: "未提交",
            atStep: ["college-review": "已提交", "school-review": "院系审核通过"],
            returned: "已退回",
            rejected: "审核不通过",
            approved: "学校审核通过"
        ),
        views: [
            // seed 004 §2(1) 确认情况: 未提交 / 学生已确认 / 已锁定 (staff maintained or confirmed).
            StatusView(
                name: "确认情况",
                draft: "未提交",
                atStep: ["college-review": "学生已确认", "school-review": "已锁定"],
                returned: "未提交",
                rejected: "未提交",
                approved: "已锁定"
            ),
        ],
        entryOnBehalf: [
            .counselor: .awaiting("school-review"),
            .collegeAdmin: .awaiting("school-review"),
            .schoolAdmin: .approved,
        ],
        reopenEntry: "school-review"
    )

    /// 毕业去向登记 (seed 004 §2(2)(3), seed 003 §3.4.4 and §3.5): 学生登记 → 初审 (辅导员 or
    /// 院系管理员) → 审核 (学校). Statuses 未提交 / 待审核 / 初审通过 / 审核通过 / 审核不通过 / 网络签约.
    ///
    /// Settled: 审核不通过 sends the registration back to the student, who fixes and resubmits (the
    /// national feedback of seed 004 §2(5) works the same way). A school rejection re-enters at 初审,
    /// because the college holds the paper evidence (seed 003 §3.5: 学院审核后，学校复审). 代录 lands at
    /// 初审通过 (counselor, college admin) or 审核通过 (school), as seed 004 defines those statuses; an
    /// employer's online signing (网络签约) is an entry that waits for 初审. A new destination after
    /// 解约 is a new version re-entering at 初审. 本人确认 applies; a dispute goes to the school.
    public static let destination = ProcessDefinition(
        id: "destination",
        name: "毕业去向登记",
        steps: [
            StepDefinition(
                id: "submit", label: "学生登记", kind: .submission, actor: .applicant,
                guards: [.windowOpen(.destination)]
            ),
            StepDefinition(
                id: "first-review", label: "初审",
                actor: .staff([RoleLevel(.counselor, by: .class), RoleLevel(.collegeAdmin, by: .college)]),
                onReject: .returnTo("first-review"),
                approveLabel: "初审通过"
            ),
            StepDefinition(
                id: "final-review", label: "审核",
                actor: .staff([RoleLevel(.schoolAdmin, by: .school)]),
                onReject: .returnTo("first-review")
            ),
        ],
        status: StatusView(
            name: "审核情况",
            draft: "未提交",
            atStep: ["first-review": "待审核", "final-review": "初审通过"],
            returned: "审核不通过",
            rejected: "审核不通过",
            approved: "审核通过",
            enteredBy: [.employer: "网络签约"]
        ),
        entryOnBehalf: [
            .employer: .awaiting("first-review"),
            .counselor: .awaiting("final-review"),
            .collegeAdmin: .awaiting("final-review"),
            .schoolAdmin: .approved,
        ],
        personalConfirmation: true,
        disputeQueue: .schoolAdmin,
        reopenEntry: "first-review"
    )

    /// 基层就业学费补偿代偿申请 (seed 000 §6, seed 001 §2): 学生申请 → 培养单位审核.
    ///
    /// The reviewer's assignment names one college and one 学段 (seed 001 §1). 审核不通过 is final
    /// and sends the reason by SMS (seed 001 §2(3)); the student's remedy is the separate 基层就业复核
    /// case in the review window (seed 000 §7). Withdrawal until the college reviews (seed 000).
    public static let grassroots = ProcessDefinition(
        id: "grassroots",
        name: "基层就业学费补偿申请",
        steps: [
            StepDefinition(
                id: "submit", label: "学生申请", kind: .submission, actor: .applicant,
                guards: [.windowOpen(.grassrootsApply)]
            ),
            StepDefinition(
                id: "college-review", label: "培养单位审核",
                actor: .staff([RoleLevel(.grassrootsReviewer, by: .college)]),
                onReject: .final
            ),
        ],
        status: StatusView(
            name: "申请状态",
            draft: "未提交",
            atStep: ["college-review": "待审核"],
            returned: "已退回",
            rejected: "审核不通过",
            approved: "审核通过"
        )
    )
}
