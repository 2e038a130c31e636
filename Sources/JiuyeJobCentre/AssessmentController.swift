import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 职业测评: the Holland interest inventory (RIASEC). A student answers its 60 items (喜欢 or
/// 不喜欢), the six scores and the three-letter code are computed by the domain rule and kept;
/// the result page explains the types and typical occupations; past results stay under 我的测评.
/// Results are the student's own: nobody else reads them.
package struct AssessmentController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("assessment", use: intro)
        routes.get("assessment", "take", use: form)
        routes.post("assessment", use: submit)
        routes.get("assessment", ":id", use: result)
    }

    package struct Row: Sendable {
        package let id: Int64
        package let outcome: CareerInterest.Outcome
        package let takenAt: Int64
    }

    static func rows(_ student: Int64, on db: any Database) async throws -> [Row] {
        try await db.sql.raw("SELECT id, scores, taken_at FROM career_assessments WHERE student_id = \(bind: student) ORDER BY taken_at DESC, id DESC LIMIT 50").all()
            .compactMap { row in
                guard let outcome = CareerInterest.decode(try row.decode(column: "scores", as: String.self)) else { return nil }
                return Row(id: try row.decode(column: "id", as: Int64.self), outcome: outcome, takenAt: try row.decode(column: "taken_at", as: Int64.self))
            }
    }

    @Sendable
    func intro(req: Request) async throws -> Response {
        let context = req.pageContext("职业测评", breadcrumb: [Crumb("就业网首页", href: "/portal"), Crumb("职业测评")], current: "/assessment")
        guard let user = req.currentUser, user.role == .student else {
            return req.render(JobPages.AssessmentIntro(context: context, rows: [], student: false))
        }
        return req.render(JobPages.AssessmentIntro(context: context, rows: try await Self.rows(user.id, on: req.db), student: true))
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        return render(req, user: user, answers: [:], problem: nil)
    }

    func render(_ req: Request, user: CurrentUser, answers: [String: String], problem: CareerInterest.Problem?) -> Response {
        req.render(JobPages.AssessmentForm(context: req.pageContext("霍兰德职业兴趣测评", breadcrumb: [Crumb("职业测评", href: "/assessment"), Crumb("开始测评")],
                                                                    current: "/assessment"),
                                           answers: answers, problem: problem, csrfToken: user.csrfToken),
                   status: problem == nil ? .ok : .unprocessableEntity)
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let fields = FormFields(req)
        var answers: [String: String] = [:]
        for item in CareerInterest.items {
            let value = fields.value("q\(item.number)")
            if !value.isEmpty { answers["q\(item.number)"] = String(value.prefix(2)) }
        }
        switch CareerInterest.score(answers) {
        case .failure(let problem): return render(req, user: user, answers: answers, problem: problem)
        case .success(let outcome):
            let now = req.now
            let id: Int64 = try await req.db.writeTransaction { db in
                let id = try await OrgQueries.insertReturningID(db, into: "career_assessments", [
                    ("student_id", user.id), ("scores", CareerInterest.encode(outcome.scores)), ("code", outcome.code), ("taken_at", now),
                ])
                try await req.audit(.assessmentTake, target: .assessment, id: id, changes: [.init("interest_code", after: outcome.code)], on: db)
                return id
            }
            return req.seeOther("/assessment/\(id)", flash: Flash(.success, "测评完成，你的兴趣代码是 \(outcome.code)。"))
        }
    }

    @Sendable
    func result(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        guard let id = RequestNumber.id(req.parameters.get("id")),
              let row = try await req.db.sql.raw("SELECT scores, taken_at FROM career_assessments WHERE id = \(bind: id) AND student_id = \(bind: user.id)").first(),
              let outcome = CareerInterest.decode(try row.decode(column: "scores", as: String.self)) else { throw Abort(.notFound) }
        return req.render(JobPages.AssessmentResult(context: req.pageContext("测评结果", breadcrumb: [Crumb("职业测评", href: "/assessment"), Crumb("测评结果")],
                                                                            current: "/assessment"),
                                                    outcome: outcome, takenAt: try row.decode(column: "taken_at", as: Int64.self)))
    }
}

extension AuditAction {
    package static let assessmentTake = AuditAction("jobcentre.assessment", "完成职业测评")
}

extension AuditTarget {
    package static let assessment = AuditTarget("assessment", "职业测评")
}
