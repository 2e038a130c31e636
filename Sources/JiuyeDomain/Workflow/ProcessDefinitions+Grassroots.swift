extension ProcessDefinitions {
    /// The six cases of the grassroots-aid system (seed 000 §6–§11, seed 001): 学生申请 (in the
    /// stage's window and year, `GrassrootsYearRules`) → 培养单位审核 by the reviewer of the
    /// student's college and 学段 (seed 001 §2) → 学校审核 (review D9).
    ///
    /// - 审核不通过 needs a reason and is sent by SMS (seed 001 §2(3)); it is final for the case:
    ///   the student's remedy is the stage's 复核 in the next year (seed 000 §7, §9, §11).
    /// - Withdrawal until the college reviews returns the same case to draft (seed 000, review D17).
    /// - Assumption (D9, the seeds are silent after the college): the school's employment office
    ///   reviews every case the colleges passed, one at a time or 批量通过, before its report to
    ///   the national aid centre; a school rejection is final too and reaches the student by SMS.
    public static func grassroots(_ stage: GrassrootsStage) -> ProcessDefinition {
        ProcessDefinition(
            id: "grassroots-\(stage.rawValue)",
            name: stage.label,
            steps: [
                StepDefinition(
                    id: "submit", label: "学生申请", kind: .submission, actor: .applicant,
                    guards: [.windowOpen(GrassrootsYearRules.business(of: stage)), .rule(grassrootsYearRule)],
                    manualText: "确认无误后点击<提交>按钮，即填报完成"
                ),
                StepDefinition(
                    id: "college-review", label: "培养单位审核",
                    actor: .staff([RoleLevel(.grassrootsReviewer, by: .college)]),
                    onReject: .final,
                    manualText: "审核结果不通过，需在备注中写明不通过的原因，系统自动发送短信通知学生"
                ),
                StepDefinition(
                    id: "school-review", label: "学校审核",
                    actor: .staff([RoleLevel(.schoolAdmin, by: .school)]),
                    mode: .singleOrBatch,
                    onReject: .final
                ),
            ],
            status: StatusView(
                name: "申请状态",
                draft: "未提交",
                atStep: ["college-review": "待审核", "school-review": "学校审核中"],
                returned: "已退回",
                rejected: "审核不通过",
                approved: "审核通过"
            )
        )
    }

    /// The year rule of the six cases, evaluated by the module (`GrassrootsYearRules`).
    public static let grassrootsYearRule = DomainRule(id: "grassroots-year", label: "填报年度与前一阶段审核结果")
}
