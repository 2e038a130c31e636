import JiuyeDomain
import JiuyePlatform
import Vapor

/// 生活补贴 (seed 002): units, applicants, work experience, applications and the 13-step chain
/// across county and city bodies. What the platform needs to know of this module, in one value.
package enum LivingSubsidyModule {
    package static let module: Module = {
        var module = Module(name: "living-subsidy")
        module.caseTypes = [SubsidyCase.type]
        module.migrations = [L000Subsidy(), L001SubsidyParameters()]
        module.routes = { app in
            try app.register(collection: UnitController())
            try app.register(collection: PersonController())
            try app.register(collection: ApplicationController())
            try app.register(collection: PublicityController())
            try app.register(collection: AdapterController())
            try app.register(collection: DashboardController())
            try app.register(collection: ParametersController())
        }
        let chain: Set<Role> = [.countyHR, .countyOrganization, .countyFinance, .cityHR, .cityOrganization, .cityFinance]
        module.menu = [
            .init(roles: [.subsidyApplicant], section: "生活补贴", label: "个人信息管理", href: "/subsidy", order: 10),
            .init(roles: [.subsidyApplicant], section: "生活补贴", label: "维护工作经历", href: "/subsidy/work", order: 20),
            .init(roles: [.subsidyApplicant], section: "生活补贴", label: "补助申请", href: "/subsidy/apply", order: 30),
            .init(roles: [.subsidyApplicant], section: "生活补贴", label: "补贴申报管理", href: "/subsidy/applications", order: 40),
            .init(roles: [.employer], section: "生活补贴", label: "生活补贴", href: "/subsidy/unit", order: 10),
            .init(roles: [.student, .grassrootsApplicant], section: "生活补贴", label: "开通生活补贴", href: "/subsidy/join", order: 60),
            .init(roles: [.employer], section: "生活补贴", label: "补贴申报审核", href: "/review/living-subsidy", order: 20),
            .init(roles: [.countyHR], section: "生活补贴", label: "单位注册审核", href: "/subsidy/units", order: 5),
            .init(roles: chain, section: "生活补贴", label: "补贴申报审核", href: "/review/living-subsidy", order: 10),
            .init(roles: chain, section: "生活补贴", label: "补贴公示", href: "/publicity/subsidy", order: 30),
            .init(roles: [.cityHR], section: "生活补贴", label: "社保与学历数据", href: "/subsidy/data", order: 40),
            .init(roles: [.cityHR, .cityOrganization, .cityFinance], section: "生活补贴", label: "生活补贴统计", href: "/subsidy/dashboard", order: 50),
            .init(roles: chain, section: "生活补贴", label: "生活补贴参数", href: "/subsidy/parameters", order: 60),
        ]
        module.auditActions = AuditAction.subsidy + [.subsidyParameter, .subsidyParameterRemove, .subsidyDegreeRecheck, AuditAction("subsidy.delete", "删除暂存的补贴申报"), .subsidyDashboardExport]
        module.auditTargets = [.subsidyUnit, .subsidyPerson, .subsidyParameter]
        module.auditFields = ["unit": "单位", "county": "区县", "state": "状态", "opinion": "审核意见", "contract": "劳动合同", "deleted": "删除的工作经历",
                              "kind": "数据", "education": "学历", "effective_from": "生效年月", "parameter": "参数", "value": "参数值", "rows": "行数", "case": "申报", "period": "补贴起始年月", "name": "单位名称", "degree_check": "学历学位核验"]
        module.boot = { app in
            SubsidySetup.register(on: app)
            SubsidyReminders.register(on: app)
            SubsidyDegreeRecheck.register(on: app)
            app.csrfQueryTokenPaths.insert("/subsidy/data")
        }
        return module
    }()
}
