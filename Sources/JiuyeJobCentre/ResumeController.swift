import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 我的简历, 一键求职 and 职位申请 for the student; 应聘人员 for the unit. A student applies only to
/// a public posting, once, with a résumé of at least 80 %; the unit of the posting alone sees the
/// application, with 电话 and 邮箱 as the student's privacy settings allow, and marks it.
package struct ResumeController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("jobcentre", "resume", use: resume)
        routes.post("jobcentre", "resume", use: save)
        routes.post("jobs", ":id", "apply", use: apply)
        routes.get("jobcentre", "applications", use: applications)
        routes.get("jobcentre", "postings", ":id", "applicants", use: applicants)
        routes.get("jobcentre", "applicants", ":id", use: applicant)
        routes.post("jobcentre", "applicants", ":id", use: mark)
    }

    // MARK: - The student

    @Sendable
    func resume(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let stored = try await ResumeStore.load(user.id, keys: req.keys, on: req.db)
        var values = Dictionary(uniqueKeysWithValues: stored.values.map { ($0.key.rawValue, $0.value) })
        if stored.phonePublic { values["phone_public"] = "1" }
        if stored.emailPublic { values["email_public"] = "1" }
        if stored.resumePublic { values["resume_public"] = "1" }
        if stored.photoPublic { values["photo_public"] = "1" }
        return render(req, user: user, resume: stored, values: values, errors: [:], photo: try await ResumePhoto.current(of: user.id, on: req.db))
    }

    func render(_ req: Request, user: CurrentUser, resume: Resume, values: [String: String], errors: [String: String], photo: Int64?,
                status: HTTPResponseStatus = .ok) -> Response {
        req.render(JobPages.ResumeForm(context: req.pageContext("我的简历", breadcrumb: [Crumb("我的简历")], current: "/jobcentre/resume"),
                                       resume: resume, values: values, errors: errors, userID: user.id, photo: photo, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func save(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let form = FormFields(req)
        var values: [String: String] = [:]
        for field in Resume.Field.allCases { values[field.rawValue] = form.value(field.rawValue) }
        for flag in ["phone_public", "email_public", "resume_public", "photo_public"] where form.value(flag) == "1" { values[flag] = "1" }
        let before = try await ResumeStore.load(user.id, keys: req.keys, on: req.db)
        switch Resume.check(values, thisYear: ChinaTime.fields(req.now).year) {
        case .failure(let problems):
            return render(req, user: user, resume: before, values: values, errors: problems.byField, photo: try await ResumePhoto.current(of: user.id, on: req.db),
                          status: .unprocessableEntity)
        case .success(let checked):
            let resume = Resume(values: checked, phonePublic: values["phone_public"] == "1", emailPublic: values["email_public"] == "1",
                                resumePublic: values["resume_public"] == "1", photoPublic: values["photo_public"] == "1")
            let cipher = try ResumeStore.encode(resume, keys: req.keys)
            let now = req.now
            try await req.db.writeTransaction { db in
                try await db.sql.raw("DELETE FROM resumes WHERE user_id = \(bind: user.id)").run()
                try await db.sql.insert(into: "resumes").columns("user_id", "values_cipher", "completeness", "phone_public", "email_public", "resume_public", "photo_public", "updated_at")
                    .values(SQLBind(user.id), SQLBind(cipher), SQLBind(resume.completeness), SQLBind(resume.phonePublic), SQLBind(resume.emailPublic),
                            SQLBind(resume.resumePublic), SQLBind(resume.photoPublic), SQLBind(now)).run()
                // The audit names what changed, never the personal text itself.
                let changed = Resume.Field.allCases.filter { before.values[$0] != resume.values[$0] }.map(\.label).joined(separator: "、")
                try await req.audit(.resumeSave, target: .resume, id: user.id, changes: [
                    .init("completeness", before: "\(before.completeness)%", after: "\(resume.completeness)%"), .init("sections", after: changed),
                ], on: db)
            }
            let note = resume.applyRefusal == nil ? "可以一键求职。" : "达到 \(Resume.applyThreshold)% 后可一键求职。"
            return req.seeOther("/jobcentre/resume", flash: Flash(.success, "简历已保存，完善度 \(resume.completeness)%，\(note)"))
        }
    }

    @Sendable
    func apply(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await JobStore.posting(id, on: req.db),
              row.isPublic(today: ChinaTime.date(req.now)) else { throw Abort(.notFound) }
        let resume = try await ResumeStore.load(user.id, keys: req.keys, on: req.db)
        if let refusal = resume.applyRefusal { return req.seeOther("/jobs/\(id)", flash: Flash(.error, refusal)) }
        let cipher = try ResumeStore.encode(resume, keys: req.keys)
        let now = req.now
        let applied: Bool = try await req.db.writeTransaction { db in
            if try await db.sql.raw("SELECT id FROM job_applications WHERE posting_id = \(bind: id) AND student_id = \(bind: user.id)").first() != nil { return false }
            let applicationID = try await OrgQueries.insertReturningID(db, into: "job_applications", [
                ("posting_id", id), ("student_id", user.id), ("status", JobApplicationStatus.sent.rawValue), ("resume_cipher", cipher),
                ("applied_at", now), ("updated_at", now),
            ])
            try await req.audit(.jobApply, target: .jobApplication, id: applicationID, changes: [.init("title", after: row.posting.title)], on: db)
            for account in try await JobNotices.unitAccounts(row.unitID, on: db) {
                try await MessageCenter.post(to: account, title: "新的职位申请：\(row.posting.title)", body: "\(user.displayName)投递了简历，请在“招聘信息管理”中查看应聘人员。",
                                             link: "/jobcentre/applicants/\(applicationID)", now: now, on: db)
            }
            return true
        }
        return req.seeOther("/jobs/\(id)", flash: applied ? Flash(.success, "已投递简历，单位查看后状态会在“职位申请”中更新。") : Flash(.info, "你已申请过这个职位。"))
    }

    @Sendable
    func applications(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let rows = try await req.db.sql.raw("""
            SELECT a.id, a.posting_id, a.status, a.applied_at, a.updated_at, p.title, u.name AS unit_name FROM job_applications a
            JOIN job_postings p ON p.id = a.posting_id JOIN units u ON u.id = p.unit_id WHERE a.student_id = \(bind: user.id) ORDER BY a.id DESC LIMIT 200
            """).all().map { row in
            JobPages.StudentApplication(postingID: try row.decode(column: "posting_id", as: Int64.self), title: try row.decode(column: "title", as: String.self),
                                        unit: try row.decode(column: "unit_name", as: String.self),
                                        status: JobApplicationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .sent,
                                        appliedAt: try row.decode(column: "applied_at", as: Int64.self), updatedAt: try row.decode(column: "updated_at", as: Int64.self))
        }
        return req.render(JobPages.StudentApplications(context: req.pageContext("职位申请", breadcrumb: [Crumb("职位申请")], current: "/jobcentre/applications"), rows: rows))
    }

    // MARK: - The unit

    @Sendable
    func applicants(req: Request) async throws -> Response {
        let (_, unit) = try PostingController.unitOf(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let posting = try await JobStore.posting(id, on: req.db), posting.unitID == unit else { throw Abort(.notFound) }
        let rows = try await req.db.sql.raw("""
            SELECT a.id, a.status, a.applied_at, u.display_name, m.name AS major, s.level FROM job_applications a JOIN users u ON u.id = a.student_id
            LEFT JOIN students s ON s.user_id = a.student_id LEFT JOIN majors m ON m.id = s.major_id
            WHERE a.posting_id = \(bind: id) ORDER BY a.id DESC LIMIT 500
            """).all().map { row in
            JobPages.Applicant(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "display_name", as: String.self),
                               major: try row.decode(column: "major", as: String?.self) ?? "—", level: try row.decode(column: "level", as: String?.self) ?? "—",
                               status: JobApplicationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .sent,
                               appliedAt: try row.decode(column: "applied_at", as: Int64.self))
        }
        return req.render(JobPages.Applicants(
            context: req.pageContext("应聘人员", breadcrumb: [Crumb("招聘信息管理", href: "/jobcentre/postings"), Crumb(posting.posting.title)], current: "/jobcentre/postings"),
            posting: posting, rows: rows))
    }

    func ownApplication(_ req: Request) async throws -> (CurrentUser, Int64, JobApplicationStatus, Int64, JobStore.Row) {
        let (user, unit) = try PostingController.unitOf(req)
        guard let id = RequestNumber.id(req.parameters.get("id")),
              let row = try await req.db.sql.raw("SELECT posting_id, student_id, status FROM job_applications WHERE id = \(bind: id)").first(),
              let posting = try await JobStore.posting(try row.decode(column: "posting_id", as: Int64.self), on: req.db), posting.unitID == unit else { throw Abort(.notFound) }
        return (user, id, JobApplicationStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .sent,
                try row.decode(column: "student_id", as: Int64.self), posting)
    }

    @Sendable
    func applicant(req: Request) async throws -> Response {
        let (user, id, status, studentID, posting) = try await ownApplication(req)
        let cipher = try await req.db.sql.raw("SELECT resume_cipher FROM job_applications WHERE id = \(bind: id)").first()!.decode(column: "resume_cipher", as: String.self)
        // The sections as sent; 电话 and 邮箱 as the student's settings allow today.
        var sent = try await ResumeStore.load(studentID, keys: req.keys, on: req.db)
        sent.values = try ResumeStore.decode(cipher, keys: req.keys)
        let student = try await ResumeStore.student(studentID, on: req.db)
        let name = try await req.db.sql.raw("SELECT display_name FROM users WHERE id = \(bind: studentID)").first()?.decode(column: "display_name", as: String.self) ?? "—"
        return req.render(JobPages.ApplicantDetail(
            context: req.pageContext("\(name)的简历", breadcrumb: [Crumb("招聘信息管理", href: "/jobcentre/postings"),
                                                               Crumb(posting.posting.title, href: "/jobcentre/postings/\(posting.id)/applicants"), Crumb(name)],
                                     current: "/jobcentre/postings"),
            id: id, name: name, student: student, posting: posting, status: status, sections: ResumeStore.forEmployer(sent),
            photo: sent.photoPublic ? try await ResumePhoto.current(of: studentID, on: req.db) : nil, csrfToken: user.csrfToken))
    }

    @Sendable
    func mark(req: Request) async throws -> Response {
        let (_, id, status, studentID, posting) = try await ownApplication(req)
        guard let next = JobApplicationStatus(rawValue: FormFields(req).value("status")), JobApplicationStatus.mark(status, to: next) else {
            return req.seeOther("/jobcentre/applicants/\(id)", flash: Flash(.error, "请选择新的处理状态。"))
        }
        let now = req.now
        let moved: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE job_applications SET status = \(bind: next.rawValue), updated_at = \(bind: now) WHERE id = \(bind: id) AND status = \(bind: status.rawValue) RETURNING id
                """).first() != nil else { return false }
            try await req.audit(.jobApplicationMark, target: .jobApplication, id: id, changes: [.init("status", before: status.label, after: next.label)], on: db)
            if next != .viewed {
                try await MessageCenter.post(to: studentID, title: "职位申请：\(posting.posting.title)",
                                             body: "\(posting.unitName)将你的申请标记为“\(next.label)”。", link: "/jobcentre/applications", now: now, on: db)
            }
            return true
        }
        return req.seeOther("/jobcentre/applicants/\(id)", flash: moved ? Flash(.success, "已标记为“\(next.label)”。") : Flash(.error, "该申请刚被其他人处理过，请查看最新状态。"))
    }
}

extension AuditAction {
    package static let resumeSave = AuditAction("jobcentre.resume", "保存简历")
    package static let jobApply = AuditAction("jobcentre.apply", "一键求职")
    package static let jobApplicationMark = AuditAction("jobcentre.application-mark", "处理职位申请")
}

extension AuditTarget {
    package static let resume = AuditTarget("resume", "简历")
    package static let jobApplication = AuditTarget("job-application", "职位申请")
}
