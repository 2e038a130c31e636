import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 就业问答: a student asks (我的提问 keeps them, answered or not); the employment office of the
/// student's school answers, and the student is told; answered questions are public at `/qa`
/// without the asker's name. An unanswered question is seen only by its asker and the office.
package struct QuestionsController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("qa", use: PublicPageCache.cached(list))
        routes.get("qa", ":id", use: show)
        routes.get("jobcentre", "questions", use: mine)
        routes.post("jobcentre", "questions", use: ask)
        routes.get("jobcentre", "questions", "answer", use: queue)
        routes.post("qa", ":id", "answer", use: answer)
    }

    package struct Row: Sendable {
        package let id: Int64
        package let schoolID: Int64
        package let studentID: Int64
        package let title: String
        package let body: String
        package let answer: String?
        package let answeredAt: Int64?
        package let createdAt: Int64

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            schoolID = try row.decode(column: "school_id", as: Int64.self)
            studentID = try row.decode(column: "student_id", as: Int64.self)
            title = try row.decode(column: "title", as: String.self)
            body = try row.decode(column: "body", as: String.self)
            answer = try row.decode(column: "answer", as: String?.self)
            answeredAt = try row.decode(column: "answered_at", as: Int64?.self)
            createdAt = try row.decode(column: "created_at", as: Int64.self)
        }
    }

    static func question(_ id: Int64, on db: any Database) async throws -> Row? {
        try await db.sql.raw("SELECT * FROM job_questions WHERE id = \(bind: id)").first().map(Row.init)
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        var keyword = (req.query[String.self, at: "q"] ?? "").trimmingCharacters(in: .whitespaces)
        if keyword.count > 30 || TextInput.forbiddenCharacter(in: keyword) != nil { keyword = "" }
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        var clause: SQLQueryString = "WHERE answered_at IS NOT NULL"
        if !keyword.isEmpty {
            let like = JobStore.containing(keyword)
            clause = "\(clause) AND (title LIKE \(bind: like) ESCAPE '\\' OR answer LIKE \(bind: like) ESCAPE '\\')"
        }
        let total = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM job_questions \(clause)").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await req.db.sql.raw("""
            SELECT * FROM job_questions \(clause) ORDER BY answered_at DESC, id DESC LIMIT 20 OFFSET \(bind: PageNumber.offset(page: page, pageSize: 20))
            """).all().map(Row.init)
        let canAsk = req.currentUser?.role == .student
        return req.render(JobPages.QuestionList(context: req.pageContext("就业问答", breadcrumb: [Crumb("就业网首页", href: "/portal"), Crumb("就业问答")], current: "/qa"),
                                                rows: rows, total: total, page: page, keyword: keyword, canAsk: canAsk))
    }

    /// Who may see a question: anyone once answered; before, its asker and the office of its school.
    static func staffSchools(_ req: Request) -> Set<String>? {
        guard let user = req.currentUser, user.role == .schoolAdmin else { return nil }
        return Set(user.active?.values[.school] ?? [])
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await Self.question(id, on: req.db) else { throw Abort(.notFound) }
        let office = Self.staffSchools(req)?.contains(String(row.schoolID)) == true
        guard row.answeredAt != nil || office || req.currentUser?.id == row.studentID else { throw Abort(.notFound) }
        return req.render(JobPages.QuestionPage(context: req.pageContext(row.title, breadcrumb: [Crumb("就业问答", href: "/qa"), Crumb(row.title)], current: "/qa"),
                                                row: row, canAnswer: office && row.answeredAt == nil, csrfToken: req.currentUser?.csrfToken, error: nil, draft: ""))
    }

    @Sendable
    func mine(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        return try await renderMine(req, user: user, values: [:], errors: [:])
    }

    func renderMine(_ req: Request, user: CurrentUser, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let rows = try await req.db.sql.raw("SELECT * FROM job_questions WHERE student_id = \(bind: user.id) ORDER BY id DESC LIMIT 200").all().map(Row.init)
        return req.render(JobPages.MyQuestions(context: req.pageContext("我的提问", breadcrumb: [Crumb("就业问答", href: "/qa"), Crumb("我的提问")], current: "/jobcentre/questions"),
                                               rows: rows, values: values, errors: errors, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func ask(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        guard let school = try await EventStore.studentSchool(user.id, on: req.db) else { throw Abort(.notFound) }
        let values = FormFields(req).values(of: ["title", "body"])
        switch Question.check(title: values["title"] ?? "", body: values["body"] ?? "") {
        case .failure(let problems): return try await renderMine(req, user: user, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let question):
            let now = req.now
            try await req.db.writeTransaction { db in
                let id = try await OrgQueries.insertReturningID(db, into: "job_questions", [
                    ("school_id", school), ("student_id", user.id), ("title", question.title), ("body", question.body), ("created_at", now),
                ])
                try await req.audit(.questionAsk, target: .question, id: id, changes: [.init("title", after: question.title)], on: db)
            }
            return req.seeOther("/jobcentre/questions", flash: Flash(.success, "问题已提交，就业中心回答后会通知你。"))
        }
    }

    @Sendable
    func queue(req: Request) async throws -> Response {
        let (_, school) = try EventsController.office(req)
        let rows = try await req.db.sql.raw("""
            SELECT * FROM job_questions WHERE school_id = \(bind: school) AND answered_at IS NULL ORDER BY id LIMIT 200
            """).all().map(Row.init)
        return req.render(JobPages.QuestionQueue(context: req.pageContext("就业问答回复", breadcrumb: [Crumb("就业问答回复")], current: "/jobcentre/questions/answer"),
                                                 rows: rows))
    }

    @Sendable
    func answer(req: Request) async throws -> Response {
        let (user, school) = try EventsController.office(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await Self.question(id, on: req.db), row.schoolID == school else { throw Abort(.notFound) }
        let draft = FormFields(req).value("answer")
        let text: String
        switch Question.checkAnswer(draft) {
        case .failure(let problem):
            return req.render(JobPages.QuestionPage(context: req.pageContext(row.title, breadcrumb: [Crumb("就业问答", href: "/qa"), Crumb(row.title)], current: "/qa"),
                                                    row: row, canAnswer: row.answeredAt == nil, csrfToken: user.csrfToken, error: problem.message, draft: draft),
                              status: .unprocessableEntity)
        case .success(let answer): text = answer
        }
        let now = req.now
        let answered: Bool = try await req.db.writeTransaction { db in
            guard try await db.sql.raw("""
                UPDATE job_questions SET answer = \(bind: text), answered_by = \(bind: user.id), answered_at = \(bind: now) WHERE id = \(bind: id) AND answered_at IS NULL RETURNING id
                """).first() != nil else { return false }
            try await req.audit(.questionAnswer, target: .question, id: id, changes: [.init("title", after: row.title)], on: db)
            try await MessageCenter.post(to: row.studentID, title: "就业问答：\(row.title)", body: "就业中心已回答你的问题。", link: "/qa/\(id)", now: now, on: db)
            return true
        }
        return req.seeOther(answered ? "/jobcentre/questions/answer" : "/qa/\(id)",
                            flash: answered ? Flash(.success, "已回答“\(row.title)”，问答已公开。") : Flash(.error, "该问题已有回答。"))
    }
}

extension AuditAction {
    package static let questionAsk = AuditAction("jobcentre.question", "提交就业问答")
    package static let questionAnswer = AuditAction("jobcentre.answer", "回答就业问答")
}

extension AuditTarget {
    package static let question = AuditTarget("question", "就业问答")
}
