import JiuyeDomain
import JiuyePlatform
import Vapor

/// 就业网 (seed 003 §1–2, issue 21): so far 招聘信息 — units post positions, the school reviews
/// them, anyone searches the public list, students keep 职位收藏 — and 我的简历 with 一键求职.
package enum JobCentreModule {
    package static let module: Module = {
        var module = Module(name: "jobcentre")
        module.migrations = [J000Jobs(), J001Resumes(), J002Events(), J003Notices(), J004Preferences(), J005Questions(), J006Consultations(), J007Surveys(), J008Assessments(), J009PhotoPublic()]
        module.routes = { app in
            try app.register(collection: PostingController())
            try app.register(collection: JobsController())
            try app.register(collection: ResumeController())
            try app.register(collection: ResumeCoverageController())
            try app.register(collection: EventsController())
            try app.register(collection: NoticesController())
            try app.register(collection: PreferenceController())
            try app.register(collection: StudentCentreController())
            try app.register(collection: QuestionsController())
            try app.register(collection: ConsultController())
            try app.register(collection: SurveysController())
            try app.register(collection: AssessmentController())
            try app.register(collection: TalentController())
        }
        module.boot = { app in
            NoticeFiles.register(on: app)
            ResumePhoto.register(on: app)
        }
        module.menu = [
            .init(roles: [.employer], section: "用人单位", label: "招聘信息管理", href: "/jobcentre/postings", order: 25),
            .init(roles: [.employer], section: "用人单位", label: "人才库", href: "/jobcentre/talent", order: 27),
            .init(roles: [.schoolAdmin], section: "用人单位", label: "招聘信息审核", href: "/jobcentre/review", order: 20),
            .init(roles: [.counselor, .collegeAdmin, .schoolAdmin], section: "毕业生", label: "毕业生简历维护情况", href: "/jobcentre/resume-coverage", order: 55),
            .init(roles: [.student], section: "求职中心", label: "招聘信息", href: "/jobs", order: 10),
            .init(roles: [.student], section: "求职中心", label: "职位推荐", href: "/jobcentre/recommendations", order: 12),
            .init(roles: [.student], section: "求职中心", label: "我的简历", href: "/jobcentre/resume", order: 15),
            .init(roles: [.student], section: "求职中心", label: "职位收藏", href: "/jobcentre/favourites", order: 20),
            .init(roles: [.student], section: "求职中心", label: "职位申请", href: "/jobcentre/applications", order: 30),
            .init(roles: [.student], section: "求职中心", label: "通知消息", href: "/messages", order: 35),
            .init(roles: [.student], section: "求职中心", label: "活动预约", href: "/events", order: 40),
            .init(roles: [.student], section: "求职中心", label: "我的报名", href: "/jobcentre/tickets", order: 50),
            .init(roles: [.schoolAdmin], section: "就业服务", label: "活动管理", href: "/jobcentre/events", order: 10),
            .init(roles: [.schoolAdmin], section: "就业服务", label: "通知公告管理", href: "/jobcentre/notices", order: 5),
            .init(roles: [.schoolAdmin], section: "就业服务", label: "就业问答回复", href: "/jobcentre/questions/answer", order: 20),
            .init(roles: [.student], section: "就业服务", label: "就业问答", href: "/qa", order: 10),
            .init(roles: [.student], section: "就业服务", label: "职业测评", href: "/assessment", order: 1),
            .init(roles: [.student], section: "就业服务", label: "咨询预约", href: "/consult", order: 5),
            .init(roles: [.student], section: "就业服务", label: "就业调查", href: "/surveys", order: 20),
            .init(roles: [.schoolAdmin], section: "就业服务", label: "就业调查管理", href: "/jobcentre/surveys", order: 40),
            .init(roles: [.counselor, .schoolAdmin], section: "就业服务", label: "咨询时段", href: "/jobcentre/consult", order: 30),
            .init(roles: [.student], section: "求职中心", label: "学生中心", href: "/jobcentre", order: 1),
            .init(roles: [.student], section: "求职中心", label: "就业网首页", href: "/portal", order: 5),
        ]
        module.auditActions = [.jobPost, .jobEdit, .jobWithdraw, .jobApprove, .jobReturn, .jobFavourite, .jobUnfavourite, .resumeSave, .jobApply, .jobApplicationMark, .resumeCoverageExport, .eventPublish, .eventBook, .eventCancel, .eventCheckIn, .noticePublish, .noticeEdit, .noticeWithdraw, .noticePin, .preferenceSave, .questionAsk, .questionAnswer, .consultPublish, .consultWithdraw, .consultBook, .consultCancel, .surveyCreate, .surveyEdit, .surveyPublish, .surveyClose, .surveyAnswer, .assessmentTake]
        module.auditTargets = [.jobPosting, .resume, .jobApplication, .jobEvent, .eventTicket, .notice, .question, .consultSlot, .survey, .assessment]
        module.auditFields = ["title": "标题", "reason": "退回原因", "completeness": "简历完善度", "sections": "修改的栏目", "format": "格式", "capacity": "可预约人数", "publish_at": "发布时间", "pinned": "置顶", "counties": "期望地点数", "categories": "期望职位类别数", "topic": "咨询主题", "starts_at": "开始时间", "place": "地点", "question": "题目", "question_id": "题目编号", "closes_on": "截止日期", "interest_code": "兴趣代码"]
        return module
    }()
}
