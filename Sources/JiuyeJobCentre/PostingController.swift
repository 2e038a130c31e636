import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 发布招聘信息: a unit posts positions at a school that verified it (资质鉴证 已鉴证) and takes
/// them down; the school's employment office reviews them before they are public. Every write
/// is audited; a unit sees its own postings only, a school admin those for the school only.
package struct PostingController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("jobcentre", "postings", use: mine)
        routes.get("jobcentre", "postings", "new", use: newForm)
        routes.post("jobcentre", "postings", use: create)
        routes.post("jobcentre", "postings", ":id", "withdraw", use: withdraw)
        routes.get("jobcentre", "postings", ":id", "edit", use: editForm)
        routes.post("jobcentre", "postings", ":id", use: update)
        routes.get("jobcentre", "review", use: reviewList)
        routes.get("jobcentre", "review", ":id", use: reviewShow)
        routes.post("jobcentre", "review", ":id", use: review)
    }

    static func unitOf(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.employer)
        guard let unit = user.active?.values[.unit]?.first.flatMap({ Int64($0) }) else { throw Abort(.notFound) }
        return (user, unit)
    }

    static func schoolOf(_ req: Request) throws -> (CurrentUser, Int64) {
        let user = try req.requireRole(.schoolAdmin)
        guard let school = user.active?.values[.school]?.first.flatMap({ Int64($0) }) else { throw Abort(.notFound) }
        return (user, school)
    }

    // MARK: - The unit

    @Sendable
    func mine(req: Request) async throws -> Response {
        let (user, unit) = try Self.unitOf(req)
        let rows = try await JobStore.ofUnit(unit, on: req.db)
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        let schools = try await JobStore.verifiedSchools(unit, on: req.db)
        let counts = try await req.db.sql.raw("""
            SELECT a.posting_id, COUNT(*) AS n FROM job_applications a JOIN job_postings p ON p.id = a.posting_id WHERE p.unit_id = \(bind: unit) GROUP BY a.posting_id
            """).all().reduce(into: [Int64: Int]()) { $0[try $1.decode(column: "posting_id", as: Int64.self)] = try $1.decode(column: "n", as: Int.self) }
        return req.render(JobPages.Mine(context: req.pageContext("招聘信息管理", breadcrumb: [Crumb("招聘信息管理")], current: "/jobcentre/postings"),
                                        rows: rows, counts: counts, place: { names.fullName($0) ?? $0 }, canPost: !schools.isEmpty, csrfToken: user.csrfToken))
    }

    @Sendable
    func newForm(req: Request) async throws -> Response {
        let (user, unit) = try Self.unitOf(req)
        return try await render(req, user: user, unit: unit, values: ["education": "本科", "headcount": "1"], errors: [:])
    }

    func render(_ req: Request, user: CurrentUser, unit: Int64, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let schools = try await JobStore.verifiedSchools(unit, on: req.db)
        return req.render(JobPages.PostingForm(
            context: req.pageContext("发布职位", breadcrumb: [Crumb("招聘信息管理", href: "/jobcentre/postings"), Crumb("发布职位")], current: "/jobcentre/postings"),
            schools: schools, values: values, errors: errors, today: ChinaTime.date(req.now), csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let (user, unit) = try Self.unitOf(req)
        let values = FormFields(req).values(of: ["school", "title", "category", "county", "salary_min", "salary_max", "education", "majors", "headcount", "deadline", "description"])
        let schools = try await JobStore.verifiedSchools(unit, on: req.db)
        var errors: [String: String] = [:]
        let school = RequestNumber.id(values["school"]).flatMap { id in schools.first { $0.0 == id }?.0 }
        if school == nil { errors["school"] = schools.isEmpty ? "本单位还没有通过任何学校的资质鉴证，通过后才能发布职位。" : "请选择发布到的学校。" }
        var county: String?
        if case .county(let code) = try await req.application.codeBooks.regionNames(on: req.db).resolve(values["county"] ?? "") { county = code }
        switch JobPosting.check(values, countyCode: county, today: ChinaTime.date(req.now)) {
        case .failure(let problems): errors.merge(problems.byField) { first, _ in first }
        case .success(let posting) where errors.isEmpty:
            let now = req.now
            _ = try await req.db.writeTransaction { db in
                let id = try await OrgQueries.insertReturningID(db, into: "job_postings", [
                    ("unit_id", unit), ("school_id", school!), ("title", posting.title), ("category_code", posting.categoryCode), ("county_code", posting.countyCode),
                    ("salary_min", Int64(posting.salaryMin)), ("salary_max", Int64(posting.salaryMax)), ("education", posting.education), ("majors", posting.majors),
                    ("headcount", Int64(posting.headcount)), ("deadline", posting.deadline), ("description", posting.description),
                    ("state", JobPosting.State.pending.rawValue), ("created_by", user.id), ("created_at", now), ("updated_at", now),
                ])
                try await req.audit(.jobPost, target: .jobPosting, id: id, changes: [.init("title", after: posting.title), .init("state", after: JobPosting.State.pending.label)], on: db)
                try await JobNotices.toSchool(school!, posting: id, title: posting.title, now: now, on: db)
                return id
            }
            return req.seeOther("/jobcentre/postings", flash: Flash(.success, "已提交职位“\(posting.title)”，学校审核通过后在就业网公开。"))
        case .success: break
        }
        return try await render(req, user: user, unit: unit, values: values, errors: errors, status: .unprocessableEntity)
    }

    /// The unit's own posting that may still change: 待审核, 已退回 or 已发布 (not 已下线).
    func editable(_ req: Request) async throws -> (CurrentUser, Int64, JobStore.Row) {
        let (user, unit) = try Self.unitOf(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await JobStore.posting(id, on: req.db), row.unitID == unit,
              row.state != .withdrawn else { throw Abort(.notFound) }
        return (user, unit, row)
    }

    func renderEdit(_ req: Request, user: CurrentUser, row: JobStore.Row, values: [String: String], errors: [String: String],
                    status: HTTPResponseStatus = .ok) async throws -> Response {
        let schools = try await req.db.sql.raw("SELECT id, name FROM schools WHERE id = \(bind: row.schoolID)").all()
            .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "name", as: String.self)) }
        var form = JobPages.PostingForm(
            context: req.pageContext("修改职位", breadcrumb: [Crumb("招聘信息管理", href: "/jobcentre/postings"), Crumb(row.posting.title)], current: "/jobcentre/postings"),
            schools: schools, values: values, errors: errors, today: ChinaTime.date(req.now), csrfToken: user.csrfToken)
        form.editing = (row.id, row.state == .published)
        return req.render(form, status: status)
    }

    @Sendable
    func editForm(req: Request) async throws -> Response {
        let (user, _, row) = try await editable(req)
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        let posting = row.posting
        return try await renderEdit(req, user: user, row: row, values: [
            "school": String(row.schoolID), "title": posting.title, "category": posting.categoryCode, "county": names.fullName(posting.countyCode) ?? posting.countyCode,
            "salary_min": String(posting.salaryMin), "salary_max": String(posting.salaryMax), "education": posting.education, "majors": posting.majors,
            "headcount": String(posting.headcount), "deadline": posting.deadline, "description": posting.description,
        ], errors: [:])
    }

    /// A changed posting goes back to the school's review (待审核), leaving the public list until
    /// approved again; the audit names the fields that changed.
    @Sendable
    func update(req: Request) async throws -> Response {
        let (user, _, row) = try await editable(req)
        var values = FormFields(req).values(of: ["title", "category", "county", "salary_min", "salary_max", "education", "majors", "headcount", "deadline", "description"])
        values["school"] = String(row.schoolID)
        var county: String?
        if case .county(let code) = try await req.application.codeBooks.regionNames(on: req.db).resolve(values["county"] ?? "") { county = code }
        let posting: JobPosting
        switch JobPosting.check(values, countyCode: county, today: ChinaTime.date(req.now)) {
        case .failure(let problems): return try await renderEdit(req, user: user, row: row, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let checked): posting = checked
        }
        let before = row.posting
        var changed: [String] = []
        if before.title != posting.title { changed.append("职位名称") }
        if before.categoryCode != posting.categoryCode { changed.append("工作职位类别") }
        if before.countyCode != posting.countyCode { changed.append("工作地点") }
        if before.salaryMin != posting.salaryMin || before.salaryMax != posting.salaryMax { changed.append("月薪") }
        if before.education != posting.education { changed.append("学历要求") }
        if before.majors != posting.majors { changed.append("专业要求") }
        if before.headcount != posting.headcount { changed.append("招聘人数") }
        if before.deadline != posting.deadline { changed.append("报名截止") }
        if before.description != posting.description { changed.append("职位描述") }
        guard !changed.isEmpty else { return req.seeOther("/jobcentre/postings", flash: Flash(.info, "没有修改任何内容。")) }
        let sections = changed.joined(separator: "、")
        let now = req.now
        let saved: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE job_postings SET title = \(bind: posting.title), category_code = \(bind: posting.categoryCode), county_code = \(bind: posting.countyCode),
                salary_min = \(bind: Int64(posting.salaryMin)), salary_max = \(bind: Int64(posting.salaryMax)), education = \(bind: posting.education),
                majors = \(bind: posting.majors), headcount = \(bind: Int64(posting.headcount)), deadline = \(bind: posting.deadline),
                description = \(bind: posting.description), state = \(bind: JobPosting.State.pending.rawValue), return_reason = NULL, updated_at = \(bind: now)
                WHERE id = \(bind: row.id) AND state = \(bind: row.state.rawValue) RETURNING id
                """).first() != nil else { return false }
            try await req.audit(.jobEdit, target: .jobPosting, id: row.id, changes: [
                .init("title", after: posting.title), .init("sections", after: sections),
                .init("state", before: row.state.label, after: JobPosting.State.pending.label),
            ], on: db)
            try await JobNotices.toSchool(row.schoolID, posting: row.id, title: posting.title, now: now, on: db)
            return true
        }
        return req.seeOther("/jobcentre/postings", flash: saved ? Flash(.success, "已修改职位“\(posting.title)”，学校重新审核通过后公开。")
                                                                : Flash(.error, "该职位刚刚被处理过，请查看后再修改。"))
    }

    @Sendable
    func withdraw(req: Request) async throws -> Response {
        let (_, unit) = try Self.unitOf(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await JobStore.posting(id, on: req.db), row.unitID == unit else { throw Abort(.notFound) }
        let now = req.now
        let done: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE job_postings SET state = \(bind: JobPosting.State.withdrawn.rawValue), updated_at = \(bind: now)
                WHERE id = \(bind: id) AND state IN (\(bind: JobPosting.State.pending.rawValue), \(bind: JobPosting.State.published.rawValue)) RETURNING id
                """).first() != nil else { return false }
            try await req.audit(.jobWithdraw, target: .jobPosting, id: id, changes: [.init("state", before: row.state.label, after: JobPosting.State.withdrawn.label)], on: db)
            return true
        }
        return req.seeOther("/jobcentre/postings", flash: done ? Flash(.success, "职位“\(row.posting.title)”已下线。") : Flash(.error, "该职位已经下线或被退回。"))
    }

    // MARK: - The school

    @Sendable
    func reviewList(req: Request) async throws -> Response {
        let (_, school) = try Self.schoolOf(req)
        let state = req.query[String.self, at: "state"].flatMap(JobPosting.State.init(rawValue:))
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        let (rows, total) = try await JobStore.forSchool(school, state: state, page: page, pageSize: 20, on: req.db)
        return req.render(JobPages.ReviewList(context: req.pageContext("招聘信息审核", breadcrumb: [Crumb("招聘信息审核")], current: "/jobcentre/review"),
                                              rows: rows, total: total, page: page, pageSize: 20, state: state))
    }

    func load(_ req: Request, school: Int64) async throws -> JobStore.Row {
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await JobStore.posting(id, on: req.db), row.schoolID == school else { throw Abort(.notFound) }
        return row
    }

    @Sendable
    func reviewShow(req: Request) async throws -> Response {
        let (user, school) = try Self.schoolOf(req)
        return try await renderReview(req, user: user, row: try await load(req, school: school), reason: "", error: nil)
    }

    func renderReview(_ req: Request, user: CurrentUser, row: JobStore.Row, reason: String, error: String?, status: HTTPResponseStatus = .ok) async throws -> Response {
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        return req.render(JobPages.ReviewDetail(
            context: req.pageContext(row.posting.title, breadcrumb: [Crumb("招聘信息审核", href: "/jobcentre/review"), Crumb(row.posting.title)], current: "/jobcentre/review"),
            row: row, place: names.fullName(row.posting.countyCode) ?? row.posting.countyCode, reason: reason, error: error, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func review(req: Request) async throws -> Response {
        let (user, school) = try Self.schoolOf(req)
        let row = try await load(req, school: school)
        let form = FormFields(req)
        let approve = form.value("action") == "approve"
        let reason = FormFieldText.singleLine(form.value("reason"))
        let next: JobPosting.State
        switch JobPosting.review(row.state, approve: approve, reason: reason) {
        case .failure(let problem): return try await renderReview(req, user: user, row: row, reason: reason, error: problem.message, status: .unprocessableEntity)
        case .success(let state): next = state
        }
        let now = req.now
        let moved: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE job_postings SET state = \(bind: next.rawValue), return_reason = \(bind: approve ? nil : reason), reviewed_by = \(bind: user.id),
                reviewed_at = \(bind: now), published_at = \(bind: approve ? now : nil), updated_at = \(bind: now)
                WHERE id = \(bind: row.id) AND state = \(bind: JobPosting.State.pending.rawValue) RETURNING id
                """).first() != nil else { return false }
            try await req.audit(approve ? .jobApprove : .jobReturn, target: .jobPosting, id: row.id,
                                changes: [.init("state", before: row.state.label, after: next.label)] + (approve ? [] : [.init("reason", after: reason)]), on: db)
            try await JobNotices.toUnit(row.unitID, title: row.posting.title, approved: approve, reason: reason, now: now, on: db)
            return true
        }
        guard moved else { return req.seeOther("/jobcentre/review/\(row.id)", flash: Flash(.error, "该职位已经审核过。")) }
        return req.seeOther("/jobcentre/review", flash: Flash(.success, approve ? "已发布职位“\(row.posting.title)”。" : "已退回职位“\(row.posting.title)”。"))
    }
}

/// Messages of the job centre: a posting waiting for a school, a decision for the unit.
enum JobNotices {
    static func toSchool(_ school: Int64, posting: Int64, title: String, now: Int64, on db: any Database) async throws {
        let admins = try await db.sql.raw("""
            SELECT DISTINCT a.user_id FROM role_assignments a JOIN assignment_scopes s ON s.assignment_id = a.id
            WHERE a.role = 'schoolAdmin' AND s.dimension = 'school' AND s.value = \(bind: String(school))
            """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
        for admin in admins {
            try await MessageCenter.post(to: admin, title: "待审核职位：\(title)", body: "有用人单位提交了职位“\(title)”，请在“招聘信息审核”中审核。",
                                         link: "/jobcentre/review/\(posting)", now: now, on: db)
        }
    }

    /// Every account of a unit.
    static func unitAccounts(_ unit: Int64, on db: any Database) async throws -> [Int64] {
        try await db.sql.raw("""
            SELECT DISTINCT a.user_id FROM role_assignments a JOIN assignment_scopes s ON s.assignment_id = a.id
            WHERE a.role = 'employer' AND s.dimension = 'unit' AND s.value = \(bind: String(unit))
            """).all().map { try $0.decode(column: "user_id", as: Int64.self) }
    }

    static func toUnit(_ unit: Int64, title: String, approved: Bool, reason: String, now: Int64, on db: any Database) async throws {
        for account in try await unitAccounts(unit, on: db) {
            try await MessageCenter.post(to: account, title: approved ? "职位已发布：\(title)" : "职位被退回：\(title)",
                                         body: approved ? "学校已审核通过职位“\(title)”，学生可在就业网查看和收藏。" : "学校退回了职位“\(title)”，原因：\(reason)",
                                         link: "/jobcentre/postings", now: now, on: db)
        }
    }
}

extension AuditAction {
    package static let jobPost = AuditAction("jobcentre.post", "发布职位")
    package static let jobWithdraw = AuditAction("jobcentre.withdraw", "职位下线")
    package static let jobEdit = AuditAction("jobcentre.edit", "修改职位")
    package static let jobApprove = AuditAction("jobcentre.approve", "职位审核通过")
    package static let jobReturn = AuditAction("jobcentre.return", "职位审核退回")
    package static let jobFavourite = AuditAction("jobcentre.favourite", "收藏职位")
    package static let jobUnfavourite = AuditAction("jobcentre.unfavourite", "取消收藏职位")
}

extension AuditTarget {
    package static let jobPosting = AuditTarget("job-posting", "招聘职位")
}
