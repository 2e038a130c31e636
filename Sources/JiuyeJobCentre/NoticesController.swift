import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 通知公告 and the public site's other columns: the employment office writes (rich text through
/// the allow-list), schedules, pins and takes down; anyone reads what is published; the portal
/// (就业网首页) gathers 通知公告, 招聘信息, 就业创业课程, the 就业日历 and 就业导航.
package struct NoticesController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("portal", use: PublicPageCache.cached(portal))
        routes.get("news", use: PublicPageCache.cached(list))
        routes.get("news", ":id", use: PublicPageCache.cached(show))
        routes.get("news", ":id", "files", ":file", use: NoticeFiles.download)
        routes.get("jobcentre", "notices", use: manage)
        routes.get("jobcentre", "notices", "new", use: newForm)
        routes.post("jobcentre", "notices", use: create)
        routes.post("jobcentre", "notices", ":id", "withdraw", use: withdraw)
        routes.get("jobcentre", "notices", ":id", "edit", use: editForm)
        routes.post("jobcentre", "notices", ":id", use: update)
        routes.post("jobcentre", "notices", ":id", "pin", use: pin)
    }

    package struct Row: Sendable {
        package let id: Int64
        package let category: Notice.Category
        package let title: String
        package let body: String
        package let summary: String
        package let pinned: Bool
        package let publishAt: Int64
        package let withdrawn: Bool
        package let schoolID: Int64

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            schoolID = try row.decode(column: "school_id", as: Int64.self)
            category = Notice.Category(rawValue: try row.decode(column: "category", as: String.self)) ?? .announcement
            title = try row.decode(column: "title", as: String.self)
            body = try row.decode(column: "body", as: String.self)
            summary = try row.decode(column: "summary", as: String.self)
            pinned = try row.decode(column: "pinned", as: Bool.self)
            publishAt = try row.decode(column: "publish_at", as: Int64.self)
            withdrawn = try row.decode(column: "withdrawn_at", as: Int64?.self) != nil
        }
    }

    /// Published rows of a column (or all), pinned first then newest, with the total.
    static func published(category: Notice.Category?, keyword: String, now: Int64, page: Int, pageSize: Int, on db: any Database) async throws -> ([Row], Int) {
        var clause: SQLQueryString = "WHERE withdrawn_at IS NULL AND publish_at <= \(bind: now)"
        if let category { clause = "\(clause) AND category = \(bind: category.rawValue)" }
        if !keyword.isEmpty {
            let like = JobStore.containing(keyword)
            clause = "\(clause) AND (title LIKE \(bind: like) ESCAPE '\\' OR summary LIKE \(bind: like) ESCAPE '\\')"
        }
        let total = try await db.sql.raw("SELECT COUNT(*) AS n FROM notices \(clause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await db.sql.raw("""
            SELECT * FROM notices \(clause) ORDER BY pinned DESC, publish_at DESC, id DESC LIMIT \(bind: pageSize) OFFSET \(bind: PageNumber.offset(page: page, pageSize: pageSize))
            """).all().map(Row.init)
        return (rows, total)
    }

    // MARK: - Public

    @Sendable
    func portal(req: Request) async throws -> Response {
        let now = req.now
        let (announcements, _) = try await Self.published(category: .announcement, keyword: "", now: now, page: 1, pageSize: 10, on: req.db)
        let (courses, _) = try await Self.published(category: .course, keyword: "", now: now, page: 1, pageSize: 10, on: req.db)
        let (jobs, _) = try await JobStore.published(JobStore.Filter(), today: ChinaTime.date(now), page: 1, pageSize: 10, on: req.db)
        let month = Self.month(req)
        let calendar = try await Self.calendar(month, on: req.db, now: now)
        return req.render(JobPages.Portal(context: req.pageContext("就业网首页", breadcrumb: [], current: "/portal"),
                                          announcements: announcements, courses: courses, jobs: jobs, month: month, calendar: calendar, today: ChinaTime.date(now)))
    }

    /// The month the calendar shows: `?month=2027-03`, else this month.
    static func month(_ req: Request) -> YearMonth {
        if let text = req.query[String.self, at: "month"], let month = YearMonth(parsing: text), month.year >= 2000, month.year <= 2100 { return month }
        let fields = ChinaTime.fields(req.now)
        return YearMonth(year: fields.year, month: fields.month)!
    }

    /// 就业日历: per day of `month`, its events and the notices published that day.
    static func calendar(_ month: YearMonth, on db: any Database, now: Int64) async throws -> [Int: [JobPages.CalendarItem]] {
        guard let start = ChinaTime.parseDateTime("\(month.description)-01T00:00"), let next = month.adding(months: 1),
              let end = ChinaTime.parseDateTime("\(next.description)-01T00:00") else { return [:] }
        var days: [Int: [JobPages.CalendarItem]] = [:]
        let events = try await db.sql.raw("""
            SELECT id, kind, title, starts_at FROM job_events WHERE cancelled_at IS NULL AND starts_at >= \(bind: start) AND starts_at < \(bind: end) ORDER BY starts_at LIMIT 500
            """).all()
        for row in events {
            let at = try row.decode(column: "starts_at", as: Int64.self)
            days[ChinaTime.fields(at).day, default: []].append(.init(label: "【\(try row.decode(column: "kind", as: String.self))】\(try row.decode(column: "title", as: String.self))",
                                                                  href: "/events/\(try row.decode(column: "id", as: Int64.self))", time: String(ChinaTime.dateTime(at).suffix(5))))
        }
        let notices = try await db.sql.raw("""
            SELECT id, title, publish_at FROM notices WHERE withdrawn_at IS NULL AND publish_at >= \(bind: start) AND publish_at < \(bind: end) AND publish_at <= \(bind: now)
            ORDER BY publish_at LIMIT 500
            """).all()
        for row in notices {
            let at = try row.decode(column: "publish_at", as: Int64.self)
            days[ChinaTime.fields(at).day, default: []].append(.init(label: "【通知】\(try row.decode(column: "title", as: String.self))",
                                                                  href: "/news/\(try row.decode(column: "id", as: Int64.self))", time: nil))
        }
        return days
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        let category = req.query[String.self, at: "category"].flatMap(Notice.Category.init(rawValue:))
        var keyword = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        if keyword.count > 30 || TextInput.forbiddenCharacter(in: keyword) != nil { keyword = "" }
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        let (rows, total) = try await Self.published(category: category, keyword: keyword, now: req.now, page: page, pageSize: 20, on: req.db)
        let title = category?.label ?? "通知公告"
        return req.render(JobPages.NoticeList(context: req.pageContext(title, breadcrumb: [Crumb("就业网首页", href: "/portal"), Crumb(title)], current: "/news"),
                                              rows: rows, total: total, page: page, pageSize: 20, category: category, keyword: keyword))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let id = RequestNumber.id(req.parameters.get("id")),
              let row = try await req.db.sql.raw("SELECT * FROM notices WHERE id = \(bind: id)").first().map(Row.init) else { throw Abort(.notFound) }
        let staff = req.currentUser?.role == .schoolAdmin
        guard staff || (!row.withdrawn && row.publishAt <= req.now) else { throw Abort(.notFound) }
        let office = staff && req.currentUser?.active?.values[.school]?.contains(String(row.schoolID)) == true
        return req.render(JobPages.NoticePage(context: req.pageContext(row.title, breadcrumb: [Crumb("就业网首页", href: "/portal"),
                                                                                            Crumb(row.category.label, href: "/news?category=\(QueryString.encode(row.category.rawValue))"),
                                                                                            Crumb(row.title)], current: "/news"),
                                              row: row, files: try await NoticeFiles.files(of: row.id, on: req.db), canAttach: office && !row.withdrawn))
    }

    // MARK: - The office

    @Sendable
    func manage(req: Request) async throws -> Response {
        let (user, school) = try EventsController.office(req)
        let rows = try await req.db.sql.raw("SELECT * FROM notices WHERE school_id = \(bind: school) ORDER BY publish_at DESC, id DESC LIMIT 500").all().map(Row.init)
        return req.render(JobPages.ManageNotices(context: req.pageContext("通知公告管理", breadcrumb: [Crumb("通知公告管理")], current: "/jobcentre/notices"),
                                                 rows: rows, now: req.now, csrfToken: user.csrfToken))
    }

    @Sendable
    func newForm(req: Request) async throws -> Response {
        let (user, _) = try EventsController.office(req)
        return render(req, user: user, values: ["category": Notice.Category.announcement.rawValue], errors: [:])
    }

    func render(_ req: Request, user: CurrentUser, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) -> Response {
        req.render(JobPages.NoticeForm(context: req.pageContext("发布通知", breadcrumb: [Crumb("通知公告管理", href: "/jobcentre/notices"), Crumb("发布通知")],
                                                                current: "/jobcentre/notices"), values: values, errors: errors, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let (user, school) = try EventsController.office(req)
        let values = FormFields(req).values(of: ["category", "title", "body", "publish_at", "pinned"])
        let timeText = values["publish_at"] ?? ""
        let publishAt = timeText.isEmpty ? nil : ChinaTime.parseDateTime(timeText)
        switch Notice.check(values, publishAt: publishAt, invalidTime: !timeText.isEmpty && publishAt == nil, now: req.now) {
        case .failure(let problems): return render(req, user: user, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let notice):
            let now = req.now
            try await req.db.writeTransaction { db in
                let id = try await OrgQueries.insertReturningID(db, into: "notices", [
                    ("school_id", school), ("category", notice.category.rawValue), ("title", notice.title), ("body", notice.body), ("summary", notice.summary),
                    ("pinned", notice.pinned), ("publish_at", notice.publishAt), ("created_by", user.id), ("created_at", now),
                ])
                try await req.audit(.noticePublish, target: .notice, id: id, changes: [.init("title", after: notice.title),
                                                                                        .init("publish_at", after: ChinaTime.dateTime(notice.publishAt))], on: db)
            }
            let when = notice.publishAt > now ? "将于 \(ChinaTime.dateTime(notice.publishAt)) 发布" : "已发布"
            return req.seeOther("/jobcentre/notices", flash: Flash(.success, "“\(notice.title)”\(when)。"))
        }
    }

    func own(_ req: Request) async throws -> (CurrentUser, Row) {
        let (user, school) = try EventsController.office(req)
        guard let id = RequestNumber.id(req.parameters.get("id")),
              let row = try await req.db.sql.raw("SELECT * FROM notices WHERE id = \(bind: id) AND school_id = \(bind: school)").first().map(Row.init) else { throw Abort(.notFound) }
        return (user, row)
    }

    func renderEdit(_ req: Request, user: CurrentUser, row: Row, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) -> Response {
        var form = JobPages.NoticeForm(context: req.pageContext("修改通知", breadcrumb: [Crumb("通知公告管理", href: "/jobcentre/notices"), Crumb(row.title)],
                                                                current: "/jobcentre/notices"), values: values, errors: errors, csrfToken: user.csrfToken)
        form.editing = (row.id, row.publishAt <= req.now ? ChinaTime.dateTime(row.publishAt) : nil)
        return req.render(form, status: status)
    }

    @Sendable
    func editForm(req: Request) async throws -> Response {
        let (user, row) = try await own(req)
        guard !row.withdrawn else { throw Abort(.notFound) }
        return renderEdit(req, user: user, row: row, values: [
            "category": row.category.rawValue, "title": row.title, "body": row.body, "pinned": row.pinned ? "1" : "",
            "publish_at": row.publishAt > req.now ? ChinaTime.dateTime(row.publishAt).replacingOccurrences(of: " ", with: "T") : "",
        ], errors: [:])
    }

    /// The office corrects a notice: the text goes through the same allow-list; a notice already
    /// published keeps its time unless a new one is given; a scheduled one may move.
    @Sendable
    func update(req: Request) async throws -> Response {
        let (user, row) = try await own(req)
        guard !row.withdrawn else { throw Abort(.notFound) }
        let values = FormFields(req).values(of: ["category", "title", "body", "publish_at", "pinned"])
        let timeText = values["publish_at"] ?? ""
        let publishAt = timeText.isEmpty ? nil : ChinaTime.parseDateTime(timeText)
        switch Notice.check(values, publishAt: publishAt, invalidTime: !timeText.isEmpty && publishAt == nil, now: req.now) {
        case .failure(let problems): return renderEdit(req, user: user, row: row, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let notice):
            let when = timeText.isEmpty ? row.publishAt : notice.publishAt
            try await req.db.writeTransaction { db in
                try await db.sql.raw("""
                    UPDATE notices SET category = \(bind: notice.category.rawValue), title = \(bind: notice.title), body = \(bind: notice.body), summary = \(bind: notice.summary),
                    pinned = \(bind: notice.pinned), publish_at = \(bind: when) WHERE id = \(bind: row.id)
                    """).run()
                try await req.audit(.noticeEdit, target: .notice, id: row.id, changes: [.init("title", before: row.title, after: notice.title),
                                                                                        .init("publish_at", before: ChinaTime.dateTime(row.publishAt), after: ChinaTime.dateTime(when))], on: db)
            }
            return req.seeOther("/jobcentre/notices", flash: Flash(.success, "已保存对“\(notice.title)”的修改。"))
        }
    }

    @Sendable
    func withdraw(req: Request) async throws -> Response {
        let (_, row) = try await own(req)
        let now = req.now
        try await req.db.writeTransaction { db in
            guard try await db.sql.raw("UPDATE notices SET withdrawn_at = \(bind: now) WHERE id = \(bind: row.id) AND withdrawn_at IS NULL RETURNING id").first() != nil else { return }
            try await req.audit(.noticeWithdraw, target: .notice, id: row.id, changes: [.init("title", before: row.title)], on: db)
        }
        return req.seeOther("/jobcentre/notices", flash: Flash(.success, "已撤下“\(row.title)”。"))
    }

    @Sendable
    func pin(req: Request) async throws -> Response {
        let (_, row) = try await own(req)
        try await req.db.writeTransaction { db in
            try await db.sql.raw("UPDATE notices SET pinned = \(bind: !row.pinned) WHERE id = \(bind: row.id)").run()
            try await req.audit(.noticePin, target: .notice, id: row.id, changes: [.init("pinned", before: row.pinned ? "置顶" : "不置顶", after: row.pinned ? "不置顶" : "置顶")], on: db)
        }
        return req.seeOther("/jobcentre/notices", flash: Flash(.success, row.pinned ? "已取消置顶。" : "已置顶。"))
    }
}

extension AuditAction {
    package static let noticePublish = AuditAction("jobcentre.notice", "发布通知公告")
    package static let noticeWithdraw = AuditAction("jobcentre.notice-withdraw", "撤下通知公告")
    package static let noticeEdit = AuditAction("jobcentre.notice-edit", "修改通知公告")
    package static let noticePin = AuditAction("jobcentre.notice-pin", "通知公告置顶")
}

extension AuditTarget {
    package static let notice = AuditTarget("notice", "通知公告")
}
