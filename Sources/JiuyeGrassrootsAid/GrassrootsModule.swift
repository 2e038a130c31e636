import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 基层就业资助 (seeds 000, 001): the registry, the applicants, the six cases, the reviews, the
/// amounts and the school's report. What the platform needs to know of this module, in one value.
package enum GrassrootsModule {
    package static let module: Module = {
        var module = Module(name: "grassroots")
        module.caseTypes = GrassrootsCaseTypes.all
        module.migrations = [G000Registry(), G001Cases()]
        module.routes = { app in
            try app.register(collection: RegistrationController())
            try app.register(collection: ApplicantController())
            try app.register(collection: CaseController())
            try app.register(collection: SchoolController())
            try app.register(collection: ReviewIndexController())
        }
        module.menu = [
            .init(roles: [.grassrootsApplicant], section: "基层就业资助", label: "基层就业资助申请", href: "/grassroots", order: 10),
            .init(roles: [.grassrootsApplicant], section: "基层就业资助", label: "申请记录", href: "/grassroots/records", order: 20),
            .init(roles: [.grassrootsApplicant], section: "基层就业资助", label: "维护银行卡信息", href: "/grassroots/bank", order: 30),
            .init(roles: [.grassrootsApplicant], section: "基层就业资助", label: "变更个人信息", href: "/grassroots/profile", order: 40),
            .init(roles: [.student], section: "基层就业资助", label: "开通基层就业资助", href: "/grassroots/join", order: 10),
            .init(roles: [.grassrootsReviewer], section: "基层就业资助", label: "申请名单审核", href: "/grassroots/review", order: 10),
            .init(roles: [.schoolAdmin], section: "基层就业资助", label: "基层就业资助名单", href: "/grassroots/admin/cases", order: 10),
            .init(roles: [.schoolAdmin], section: "基层就业资助", label: "资助信息库", href: "/grassroots/admin", order: 20),
            .init(roles: [.schoolAdmin], section: "基层就业资助", label: "学校审核", href: "/grassroots/review", order: 30),
        ]
        module.boot = { app in
            app.csrfQueryTokenPaths.insert("/grassroots/admin/import")
            app.csrfQueryTokenPaths.insert("/grassroots/admin/results")
        }
        module.auditActions = AuditAction.grassroots
        module.auditTargets = [.grassrootsPerson, .grassrootsRegistry]
        module.auditFields = ["basis": "注册依据", "school": "学校", "bank": "开户银行", "card": "银行卡", "college": "学院", "campus": "校区",
                              "list": "名单", "rows": "行数", "installment": "期次",
                              "student_no": "学号", "major": "专业", "level": "学历", "format": "格式"]
        return module
    }()
}

/// 申请名单审核 (seed 001 §2(1)): the six case types with the cases waiting in the reviewer's
/// scope; each opens the platform's review list of that type.
struct ReviewIndexController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("grassroots", "review", use: index)
    }

    @Sendable
    func index(req: Request) async throws -> Response {
        let user = try req.requireRole(.grassrootsReviewer, .schoolAdmin)
        var counts: [(GrassrootsStage, Int)] = []
        let step = user.role == .schoolAdmin ? "step:school-review" : "step:college-review"
        for stage in GrassrootsCaseTypes.stages {
            let type = GrassrootsCaseTypes.type(stage)
            let query = req.db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(SQLAlias(SQLIdentifier(type.table), as: SQLIdentifier("c")))
                .where(SQLColumn("status_key", table: "c"), .equal, SQLBind(step))
                .scoped(to: user.scope, columns: type.scope.sqlColumns)
            counts.append((stage, try await query.first()?.decode(column: "n", as: Int.self) ?? 0))
        }
        return req.render(SchoolPages.ReviewIndex(context: req.pageContext("申请名单审核", breadcrumb: [Crumb("申请名单审核")], current: "/grassroots/review"), counts: counts))
    }
}
