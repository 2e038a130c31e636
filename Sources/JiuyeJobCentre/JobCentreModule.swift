import JiuyeDomain
import JiuyePlatform
import Vapor

/// 就业网 (seed 003 §1–2, issue 21): so far 招聘信息 — units post positions, the school reviews
/// them, anyone searches the public list, students keep 职位收藏.
package enum JobCentreModule {
    package static let module: Module = {
        var module = Module(name: "jobcentre")
        module.migrations = [J000Jobs()]
        module.routes = { app in
            try app.register(collection: PostingController())
            try app.register(collection: JobsController())
        }
        module.menu = [
            .init(roles: [.employer], section: "用人单位", label: "招聘信息管理", href: "/jobcentre/postings", order: 25),
            .init(roles: [.schoolAdmin], section: "用人单位", label: "招聘信息审核", href: "/jobcentre/review", order: 20),
            .init(roles: [.student], section: "求职中心", label: "招聘信息", href: "/jobs", order: 10),
            .init(roles: [.student], section: "求职中心", label: "职位收藏", href: "/jobcentre/favourites", order: 20),
        ]
        module.auditActions = [.jobPost, .jobWithdraw, .jobApprove, .jobReturn, .jobFavourite, .jobUnfavourite]
        module.auditTargets = [.jobPosting]
        module.auditFields = ["title": "职位名称", "reason": "退回原因"]
        return module
    }()
}
