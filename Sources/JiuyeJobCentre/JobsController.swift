import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 招聘信息 on the public site: the list with its search (no login), one posting, and a
/// student's 职位收藏. A posting not published, or past its deadline, is 404 to everyone but
/// its unit and its school.
package struct JobsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("jobs", use: PublicPageCache.cached(list))
        routes.get("jobs", ":id", use: PublicPageCache.cached(show))
        routes.post("jobs", ":id", "favourite", use: favourite)
        routes.get("jobcentre", "favourites", use: favourites)
    }

    static let pageSize = 20

    @Sendable
    func list(req: Request) async throws -> Response {
        let filter = JobStore.filter(req)
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        let (rows, total) = try await JobStore.published(filter, today: ChinaTime.date(req.now), page: page, pageSize: Self.pageSize, on: req.db)
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        let counties = try await req.db.sql.raw("""
            SELECT DISTINCT county_code FROM job_postings WHERE state = \(bind: JobPosting.State.published.rawValue) AND deadline >= \(bind: ChinaTime.date(req.now))
            ORDER BY county_code LIMIT 200
            """).all().map { try $0.decode(column: "county_code", as: String.self) }
        return req.render(JobPages.PublicList(
            context: req.pageContext("招聘信息", breadcrumb: [Crumb("招聘信息")], current: "/jobs"),
            rows: rows, total: total, page: page, pageSize: Self.pageSize, filter: filter,
            counties: counties.map { ($0, names.fullName($0) ?? $0) }, place: { names.fullName($0) ?? $0 }))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await JobStore.posting(id, on: req.db) else { throw Abort(.notFound) }
        let user = req.currentUser
        let ownUnit = user?.role == .employer && user?.active?.values[.unit]?.contains(String(row.unitID)) == true
        let ownSchool = user?.role == .schoolAdmin && user?.active?.values[.school]?.contains(String(row.schoolID)) == true
        guard row.isPublic(today: ChinaTime.date(req.now)) || ownUnit || ownSchool else { throw Abort(.notFound) }
        var favourite: Bool?
        var apply: JobPages.ApplyState?
        if let user, user.role == .student {
            favourite = try await JobStore.isFavourite(user.id, posting: id, on: req.db)
            if let status = try await req.db.sql.raw("SELECT status FROM job_applications WHERE posting_id = \(bind: id) AND student_id = \(bind: user.id)").first() {
                apply = .applied(JobApplicationStatus(rawValue: try status.decode(column: "status", as: String.self)) ?? .sent)
            } else if row.isPublic(today: ChinaTime.date(req.now)) {
                let refusal = try await ResumeStore.load(user.id, keys: req.keys, on: req.db).applyRefusal
                apply = refusal.map { .refused($0) } ?? .open
            }
        }
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        return req.render(JobPages.Detail(
            context: req.pageContext(row.posting.title, breadcrumb: [Crumb("招聘信息", href: "/jobs"), Crumb(row.posting.title)], current: "/jobs"),
            row: row, place: names.fullName(row.posting.countyCode) ?? row.posting.countyCode, favourite: favourite, apply: apply, csrfToken: user?.csrfToken))
    }

    @Sendable
    func favourite(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await JobStore.posting(id, on: req.db) else { throw Abort(.notFound) }
        let now = req.now
        let added: Bool = try await req.db.writeTransaction { db in
            let removed = try await db.sql.raw("DELETE FROM job_favourites WHERE user_id = \(bind: user.id) AND posting_id = \(bind: id) RETURNING posting_id").first() != nil
            if !removed {
                // Only a public posting can be added; one no longer public can still be removed.
                guard row.isPublic(today: ChinaTime.date(now)) else { throw Abort(.notFound) }
                try await db.sql.insert(into: "job_favourites").columns("user_id", "posting_id", "at").values(SQLBind(user.id), SQLBind(id), SQLBind(now)).run()
            }
            try await req.audit(removed ? .jobUnfavourite : .jobFavourite, target: .jobPosting, id: id, changes: [.init("title", after: row.posting.title)], on: db)
            return !removed
        }
        let back = FormFields(req).value("back") == "favourites" ? "/jobcentre/favourites" : "/jobs/\(id)"
        return req.seeOther(back, flash: Flash(.success, added ? "已收藏职位“\(row.posting.title)”。" : "已取消收藏职位“\(row.posting.title)”。"))
    }

    @Sendable
    func favourites(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let rows = try await JobStore.favourites(user.id, on: req.db)
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        return req.render(JobPages.Favourites(context: req.pageContext("职位收藏", breadcrumb: [Crumb("职位收藏")], current: "/jobcentre/favourites"),
                                              rows: rows, today: ChinaTime.date(req.now), place: { names.fullName($0) ?? $0 }, csrfToken: user.csrfToken))
    }
}
