extension ProcessDefinitions {
    /// The signing processes. Not yet in `all` (ProcessDefinitions.swift lists the processes the
    /// app serves): add `signing` there when the signing module lands.
    public static let signing: [ProcessDefinition] = [agreement, terminationOnline, terminationOffline]

    /// The checks of a 解约 application (seed 003 §3.4.3 ② and ④), evaluated by `TerminationRules`
    /// and passed to the engine by id.
    public enum TerminationRule {
        /// ② 已经办理过解约的学生，不得再次申请解约 (`TerminationRules.once`).
        public static let once = DomainRule(id: "termination.once", label: "解约次数校验")
        /// ④ 每年 12 月 1 日开始办理解约手续 (`TerminationRules.opening`).
        public static let opening = DomainRule(id: "termination.opening", label: "解约办理时间校验")
        /// An agreement that binds (`TerminationRules.agreementInForce`).
        public static let agreementInForce = DomainRule(id: "termination.agreement", label: "已生效协议校验")

        public static let all = [once, opening, agreementInForce]
    }

    /// 就业协议书审核 (seed 003 §3.4 ④ 就业信息审核 and §3.5: "单位盖章的纸质协议书……交学院审核后, 学校复审"),
    /// for both modes: the student submits the stamped scan (③ 学生反馈签约资料), the college reviews,
    /// the school reviews again.
    ///
    /// Where the manual is silent:
    /// - Assumption: the college review is done by the college admin or a counselor of the class,
    ///   as 去向登记's 初审.
    /// - Assumption: the statuses use seed 004's words (待审核 / 初审通过 / 审核通过 / 审核不通过).
    /// - Assumption: a rejection returns the agreement to the student to upload a better scan;
    ///   after a school rejection the college checks again, as it holds the paper (§3.5:
    ///   "携带纸质协议书依次到学院和职就中心审核盖章").
    /// - An approved agreement is final: changing units needs a 解约 (§3.4.1).
    public static let agreement = ProcessDefinition(
        id: "agreement",
        name: "就业协议书",
        steps: [
            StepDefinition(
                id: "submit", label: "学生反馈签约资料", kind: .submission, actor: .applicant,
                manualText: "学生上传单位盖章、学生签字后的协议书做为就业证明材料"
            ),
            StepDefinition(
                id: "college-review", label: "学院审核",
                actor: .staff([RoleLevel(.collegeAdmin, by: .college), RoleLevel(.counselor, by: .class)]),
                onReject: .returnTo("college-review"), approveLabel: "初审通过",
                manualText: "单位盖章的纸质协议书交学院审核"
            ),
            StepDefinition(
                id: "school-review", label: "学校复审",
                actor: .staff([RoleLevel(.schoolAdmin, by: .school)]),
                onReject: .returnTo("college-review"),
                manualText: "学院审核后，学校复审，职就中心留存一份"
            ),
        ],
        status: StatusView(
            name: "审核状态",
            draft: "未提交",
            atStep: ["college-review": "待审核", "school-review": "初审通过"],
            returned: "审核不通过",
            rejected: "审核不通过",
            approved: "审核通过"
        )
    )

    /// 解约 of a 签约模式一 agreement (seed 003 §3.4.3.1): 学生申请 → 学院同意 → 单位查看解约 (the
    /// employer agrees in the system, or its proof is uploaded) → 学校审核; approval restores 待就业
    /// (`TerminationOutcome`).
    ///
    /// Where the manual is silent:
    /// - Assumption: submitting needs the school's 解约 window (`Business.termination`) as well as
    ///   rules ②, ④ and a binding agreement (`TerminationRule`).
    /// - Assumption: 学院 is the college admin (①: "经学院毕业生就业领导小组讨论同意"), not a counselor.
    /// - Assumption: at 单位查看解约 the employer agrees, or the college admin uploads the proof the
    ///   unit issued (seed 004 §2(4): the college uploads "原用人单位给毕业生出示的解约材料") and
    ///   passes the step.
    /// - Assumption: every 不同意 returns the application to the student with the reason: after the
    ///   college's it comes back to the college; after the employer's, to the employer; after the
    ///   school's, to 单位查看解约 for better proof. No rejection is final, so a refused application
    ///   never bars the student (② counts approved 解约 only).
    /// - Assumption: the student is the applicant; a 解约 the unit starts (解约类型 单位解约) is
    ///   still filed by the student.
    public static let terminationOnline = ProcessDefinition(
        id: "termination-online",
        name: "解约申请",
        steps: [
            terminationApplication,
            terminationCollegeReview(manualText: "学院核实无误后，学院同意解约"),
            StepDefinition(
                id: "employer-review", label: "单位查看解约",
                actor: .staff([RoleLevel(.employer, by: .unit), RoleLevel(.collegeAdmin, by: .college)]),
                onReject: .returnTo("employer-review"), approveLabel: "同意解约",
                manualText: TerminationProof.employerStep
            ),
            StepDefinition(
                id: "school-review", label: "学校审核",
                actor: .staff([RoleLevel(.schoolAdmin, by: .school)]),
                onReject: .returnTo("employer-review"),
                manualText: "学校审核解约—审核通过则恢复至待就业状态"
            ),
        ],
        status: StatusView(
            name: "审核状态",
            draft: "未提交",
            atStep: ["college-review": "待学院审核", "employer-review": "待单位确认", "school-review": "待学校审核"],
            returned: "已退回",
            rejected: "审核不通过",
            approved: "审核通过"
        ),
        // The graduate hears of every step (seed 003 §3.4.3: 学院同意 → 单位 → 学校).
        announcesEveryStep: true
    )

    /// 解约 of a 签约模式二 agreement (seed 003 §3.4.3.2): 学生申请 → 学院审核解约申请 → 学生提交解约证明
    /// 材料 (the stamped 《高等学校毕业生就业协议解除证明》 or the unit's own proof, `TerminationProof`) →
    /// 学校审核; approval restores 待就业.
    ///
    /// The engine's only applicant step after a review is a `.receipt` step: the student passes it
    /// with `.approve` (history label 提交解约证明) once the proof is uploaded; the page offers no
    /// 拨付确认 there. Giving it up there (审核不通过 by the student) ends the application.
    /// Assumption: a school rejection returns the application to the student, whose resubmission
    /// (with a new proof) goes straight to 学校审核. The rest is as `terminationOnline`.
    public static let terminationOffline = ProcessDefinition(
        id: "termination-offline",
        name: "解约申请",
        steps: [
            terminationApplication,
            terminationCollegeReview(manualText: "学院查看解约申请，核实无误后，学院同意解约"),
            StepDefinition(
                id: "proof-upload", label: "学生提交解约证明材料", kind: .receipt, actor: .applicant,
                approveLabel: "提交解约证明",
                manualText: "学生下载标准格式的解约证明并打印，到签约单位盖章后上传；也可上传由单位出具并盖章的解约证明"
            ),
            StepDefinition(
                id: "school-review", label: "学校审核",
                actor: .staff([RoleLevel(.schoolAdmin, by: .school)]),
                onReject: .returnTo("school-review"),
                manualText: "学校查看解约申请，核实无误后，学校同意解约，恢复至待就业状态"
            ),
        ],
        status: StatusView(
            name: "审核状态",
            draft: "未提交",
            atStep: ["college-review": "待学院审核", "proof-upload": "待提交解约证明", "school-review": "待学校审核"],
            returned: "已退回",
            rejected: "审核不通过",
            approved: "审核通过"
        ),
        announcesEveryStep: true
    )

    /// 申请解约 → 填写解约申请 (both modes).
    private static let terminationApplication = StepDefinition(
        id: "apply", label: "学生申请解约", kind: .submission, actor: .applicant,
        guards: [.windowOpen(.termination)] + TerminationRule.all.map(Guard.rule),
        manualText: "学生选择解约类型、填写解约原因，确认解约，向学院发送解约申请"
    )

    private static func terminationCollegeReview(manualText: String) -> StepDefinition {
        StepDefinition(
            id: "college-review", label: "学院审核",
            actor: .staff([RoleLevel(.collegeAdmin, by: .college)]),
            onReject: .returnTo("college-review"), approveLabel: "同意解约",
            manualText: manualText
        )
    }
}
