extension ProcessDefinitions {
    /// The checks seed 002 makes when an application is submitted (补助申请 3)), evaluated by the
    /// living-subsidy rules and passed to the engine by id.
    public enum LivingSubsidyRule {
        /// 养老保险: in service, earliest month not before 2017-01 (master/doctor) or 2019-06 (bachelor).
        public static let insurance = DomainRule(id: "living-subsidy.insurance", label: "养老保险参保校验")
        /// 学历学位信息校验 against the Ministry of Education registry.
        public static let degree = DomainRule(id: "living-subsidy.degree", label: "学历学位校验")
        /// 劳动合同起止日期满 3 年.
        public static let contract = DomainRule(id: "living-subsidy.contract", label: "劳动合同期限校验")
        /// 申领类型: 新申领 when never paid, otherwise 续领.
        public static let claimType = DomainRule(id: "living-subsidy.claim-type", label: "申领类型校验")
        /// 补贴起止年月与已申报年月不重复.
        public static let months = DomainRule(id: "living-subsidy.months", label: "补贴年月重复校验")

        public static let all = [insurance, degree, contract, claimType, months]
    }

    /// 高校毕业生生活补贴申报 (seed 002 申报流程): the 13 steps of the manual's table, in its order and
    /// with its actors.
    ///
    /// Settled where the manual is silent:
    /// - Each county has one virtual unit (虚拟单位) owned by its HR bureau, which acts for it at the
    ///   two unit steps (seed 002 2.2: a bachelor filing in another county lands there).
    /// - A rejection by the unit, or by the county HR bureau at its review, returns the application
    ///   to the person; the resubmission is checked by the unit again. A case sent back from a later
    ///   step (上报, 县组织部, or a city or finance batch) re-enters at 县区人社局审核 and so passes
    ///   公示 again.
    /// - 公示 runs at least 7 days (the county may choose longer); the job runner closes it at its
    ///   deadline. Objections raised during 公示 are recorded by the county HR bureau and keep the
    ///   case in 评审 until it records how they were dealt with (异议处理).
    /// - 评审 is recorded by the county HR bureau, one case or a batch at a time; 评审不通过 is final.
    /// - 市人社局汇总 forms a numbered batch of the confirmed cases; the batch travels through
    ///   市组织部确认, 市财政局拨付 and 县财政局拨付 (each county bureau pays its own cases of it).
    ///   One case can be taken out of a batch and sent back.
    /// - 审核状态 reads 审核通过 once 市组织部 has confirmed; 拨付状态 follows the payment steps, and
    ///   个人拨付待确认 is the only state in which the person may confirm receipt.
    public static let livingSubsidy = ProcessDefinition(
        id: "living-subsidy",
        name: "生活补贴申报",
        steps: [
            StepDefinition(
                id: "apply", label: "个人补助申请", kind: .submission, actor: .applicant,
                guards: [.windowOpen(.livingSubsidy)] + LivingSubsidyRule.all.map(Guard.rule),
                manualText: "个人维护工作经历、补助申请"
            ),
            StepDefinition(
                id: "unit-review", label: "单位审核", actor: unit,
                onReject: .returnTo("unit-review"), manualText: "单位端审核补助"
            ),
            StepDefinition(
                id: "unit-report", label: "单位上报", actor: unit,
                onReject: .returnTo("unit-review"), approveLabel: "上报",
                manualText: "单位端审核完成之后上报至县人社局"
            ),
            StepDefinition(
                id: "county-review", label: "县区人社局审核", actor: county(.countyHR),
                onReject: .returnTo("unit-review"), manualText: "县区人社局审核"
            ),
            StepDefinition(
                id: "publicity", label: "县区人社局公示", kind: .publicity, actor: county(.countyHR),
                onReject: .returnTo("county-review"), publicityDays: 7,
                manualText: "县区人社局审核完成后进入公示阶段"
            ),
            StepDefinition(
                id: "assessment", label: "县区人社局评审", actor: county(.countyHR), mode: .singleOrBatch,
                onReject: .final, approveLabel: "评审通过",
                manualText: "县区人社局公示后进入评审阶段"
            ),
            StepDefinition(
                id: "county-report", label: "上报县区组织部", actor: county(.countyHR),
                onReject: .returnTo("county-review"), approveLabel: "上报",
                manualText: "县区人社局公示评审无异议后进行上报县区组织部"
            ),
            StepDefinition(
                id: "county-organization", label: "县区组织部确认", actor: county(.countyOrganization),
                onReject: .returnTo("county-review"), approveLabel: "确认",
                manualText: "县人社局公示无异议后上报县组织部确认"
            ),
            StepDefinition(
                id: "city-summary", label: "市人社局汇总", actor: city(.cityHR), mode: .batch,
                onReject: .returnTo("county-review"), approveLabel: "汇总上报",
                manualText: "县组织部确认后市人社局汇总"
            ),
            StepDefinition(
                id: "city-organization", label: "市组织部确认", actor: city(.cityOrganization), mode: .batch,
                onReject: .returnTo("county-review"), approveLabel: "确认",
                manualText: "市人社局汇总后市组织部确认"
            ),
            StepDefinition(
                id: "city-finance", label: "市财政局拨付", actor: city(.cityFinance), mode: .batch,
                onReject: .returnTo("county-review"), approveLabel: "确认拨付",
                manualText: "市组织部确认后市财政局进行拨付"
            ),
            StepDefinition(
                id: "county-finance", label: "县财政局拨付", actor: county(.countyFinance), mode: .batch,
                onReject: .returnTo("county-review"), approveLabel: "确认拨付",
                manualText: "市财政局拨付后进入县财政局进行拨付至个人"
            ),
            StepDefinition(
                id: "receipt", label: "个人拨付确认", kind: .receipt, actor: .applicant,
                approveLabel: "拨付确认", manualText: "个人拨付确认"
            ),
        ],
        status: StatusView(
            name: "审核状态",
            draft: "暂存",
            atStep: [
                "unit-review": "待单位审核",
                "unit-report": "待单位上报",
                "county-review": "待县区人社局审核",
                "publicity": "待公示",
                "assessment": "评审中",
                "county-report": "待上报县区组织部",
                "county-organization": "待县区组织部确认",
                "city-summary": "待市人社局汇总",
                "city-organization": "待市组织部确认",
            ],
            publicizing: "公示中",
            otherwise: "审核通过",
            returned: "已退回",
            rejected: "审核不通过",
            approved: "审核通过"
        ),
        views: [
            StatusView(
                name: "拨付状态",
                draft: "未拨付",
                atStep: [
                    "city-finance": "市财政局待拨付",
                    "county-finance": "县财政局待拨付",
                    "receipt": "个人拨付待确认",
                ],
                returned: "未拨付",
                rejected: "未拨付",
                approved: "个人已确认拨付"
            ),
        ],
        announcesEveryStep: true
    )

    /// The unit steps: the employer in its own unit, or the county HR bureau for its virtual unit.
    private static let unit = StepActor.staff([
        RoleLevel(.employer, by: .unit),
        RoleLevel(.countyHR, by: .county, onlyForVirtualUnit: true),
    ])

    private static func county(_ role: Role) -> StepActor { .staff([RoleLevel(role, by: .county)]) }
    private static func city(_ role: Role) -> StepActor { .staff([RoleLevel(role, by: .city)]) }
}
