extension ProcessDefinitions {
    /// 推荐表注册 (seed 003 §3.3): 学生提交 (保存并送审) → 学院审核; the approved form is printed by
    /// the graduate ("学院审核后自行下载打印") and stamped by the college and the employment office.
    ///
    /// Where the manual is silent:
    /// - Assumption: 学院审核 is done by the college admin or a counselor of the class, as 生源's
    ///   first review; the school's employment office may act at it too (school-wide).
    /// - Assumption: a rejection returns the form to the graduate with the reason (审核不通过),
    ///   who edits and sends it again; nothing is final.
    /// - Assumption: after approval the graduate may 编辑 again (the list offers 编辑 beside 表格
    ///   打印): a new version the college reviews; the printed version in force stays valid
    ///   until the new one is approved.
    public static let recommendation = ProcessDefinition(
        id: "recommendation",
        name: "推荐表",
        steps: [
            StepDefinition(id: "submit", label: "学生提交", kind: .submission, actor: .applicant,
                           manualText: "确认无误后点击“保存并送审”进行送审"),
            StepDefinition(id: "college-review", label: "学院审核",
                           actor: .staff([RoleLevel(.collegeAdmin, by: .college), RoleLevel(.counselor, by: .class), RoleLevel(.schoolAdmin, by: .school)]),
                           onReject: .returnTo("college-review"),
                           manualText: "学院审核后，学生自行下载打印，依次到学院、职就中心盖章"),
        ],
        status: StatusView(
            name: "状态",
            draft: "未提交",
            atStep: ["college-review": "待审核"],
            returned: "审核不通过",
            rejected: "审核不通过",
            approved: "审核已通过"
        ),
        reopenEntry: "college-review"
    )
}
