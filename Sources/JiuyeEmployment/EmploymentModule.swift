import JiuyeDomain
import JiuyePlatform
import Vapor

/// 就业手续 (seeds 003 and 004): 毕业生名单, 导入/添加毕业生, 毕业去向登记 and its review. What the
/// platform needs to know of this module, in one value.
package enum EmploymentModule {
    package static let module: Module = {
        var module = Module(name: "employment")
        module.caseTypes = [.destination, .studentSource, .terminationOnline, .terminationOffline, .recommendation]
        module.migrations = [E000DestinationCases(), E001DestinationCampus(), E002SourceCases(), E003NationalSync(), E004DestinationTallies(), E005Hardship(), E006NationalExportIndex(), E007DestinationPaper(), E008Signing(), E009Terminations(), E010ArchiveConfirmations(), E011RecommendationCases()]
        module.routes = { app in
            try app.register(collection: StudentsController())
            try app.register(collection: ImportController())
            try app.register(collection: AddGraduateController())
            try app.register(collection: DestinationController())
            try app.register(collection: SourceController())
            try app.register(collection: StatisticsController())
            try app.register(collection: HardshipController())
            try app.register(collection: NationalReportController())
            try app.register(collection: EmployerController())
            try app.register(collection: QualificationController())
            try app.register(collection: EmployerSigningController())
            try app.register(collection: StudentSigningController())
            try app.register(collection: TerminationController())
            try app.register(collection: OfflineSigningController())
            try app.register(collection: ArchiveController())
            try app.register(collection: RecommendationController())
        }
        let staff: Set<Role> = [.counselor, .collegeAdmin, .schoolAdmin, .grassrootsReviewer]
        module.menu = [
            .init(roles: staff, section: "毕业生", label: "毕业生名单", href: "/students", order: 10),
            .init(roles: [.schoolAdmin], section: "毕业生", label: "导入毕业生", href: "/students/import", order: 20),
            .init(roles: [.counselor, .collegeAdmin, .schoolAdmin], section: "毕业生", label: "去向登记审核", href: "/review/destination", order: 30),
            .init(roles: [.counselor, .collegeAdmin, .schoolAdmin], section: "毕业生", label: "生源信息审核", href: "/review/source", order: 25),
            .init(roles: [.counselor, .collegeAdmin, .schoolAdmin], section: "毕业生", label: "去向落实统计", href: "/statistics/destination", order: 40),
            .init(roles: [.counselor, .collegeAdmin, .schoolAdmin], section: "毕业生", label: "全国系统上报", href: NationalReportController.path, order: 45),
            .init(roles: [.counselor, .collegeAdmin, .schoolAdmin], section: "毕业生", label: "困难群体帮扶", href: "/hardship", order: 50),
            .init(roles: [.student], section: "就业手续", label: "生源信息核对", href: "/source", order: 5),
            .init(roles: [.student], section: "就业手续", label: "毕业去向登记", href: "/destination", order: 10),
            .init(roles: [.student], section: "就业手续", label: "电子签约", href: "/signing", order: 8),
            .init(roles: [.schoolAdmin], section: "用人单位", label: "资质鉴证", href: "/employers/qualification", order: 10),
            .init(roles: [.employer], section: "用人单位", label: "单位信息", href: "/employer", order: 10),
            .init(roles: [.employer], section: "用人单位", label: "网上签约", href: "/employer/signing", order: 20),
            .init(roles: [.employer], section: "用人单位", label: "解约申请", href: "/employer/terminations", order: 30),
            .init(roles: [.student], section: "就业手续", label: "解约办理", href: "/signing/termination", order: 12),
            .init(roles: [.student], section: "就业手续", label: "纸质签约", href: "/signing/offline", order: 9),
            .init(roles: [.student], section: "就业手续", label: "派遣信息核对", href: "/archive", order: 14),
            .init(roles: [.student], section: "就业手续", label: "推荐表注册", href: "/recommendation", order: 7),
            .init(roles: [.counselor, .collegeAdmin, .schoolAdmin], section: "毕业生", label: "推荐表审核", href: "/review/recommendation", order: 27),
            .init(roles: [.schoolAdmin], section: "毕业生", label: "派遣信息核对", href: "/archive/requests", order: 48),
            .init(roles: [.collegeAdmin, .schoolAdmin], section: "毕业生", label: "解约申请审核（电子签约）", href: "/review/termination-online", order: 35),
            .init(roles: [.collegeAdmin, .schoolAdmin], section: "毕业生", label: "解约申请审核（纸质签约）", href: "/review/termination-offline", order: 36),
        ]
        module.fieldForms = [EmploymentForms.source, EmploymentForms.destination]
        module.auditActions = AuditAction.employment + AuditAction.hardship + AuditAction.nationalReport + [.destinationPaper] + AuditAction.signing + [.invitationSearch] + AuditAction.archive
        module.auditTargets = AuditTarget.employment + [.hardship, .destinationCase, .invitation, .agreement] + AuditTarget.nationalReport
        module.auditFields = EmploymentAudit.fields.merging(NationalReportAudit.fields) { first, _ in first }.merging(["received_on": "接收日期"]) { first, _ in first }
            .merging(SigningAudit.fields) { first, _ in first }
        module.auditValues = EmploymentAudit.values
        module.codeReferences = [
            "ethnic_groups": [.init(table: "graduate_records", column: "ethnicity", label: "毕业生生源信息")],
            "political_statuses": [.init(table: "graduate_records", column: "political_status", label: "毕业生生源信息")],
            "education_levels": [.init(table: "graduate_records", column: "education", label: "毕业生生源信息")],
            "document_types": [.init(table: "graduate_records", column: "document_type", label: "毕业生生源信息")],
            "destinations": [.init(table: "destination_cases", column: "data_json", label: "毕业去向登记", jsonKey: "category")],
        ]
        module.boot = { app in
            ImportController.register(on: app)
            app.csrfQueryTokenPaths.insert("/hardship/import")
            NationalReportController.register(on: app)
            SigningSetup.register(on: app)
            Termination.register(on: app)
        }
        return module
    }()
}
