import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 就业调查: the employment office builds a questionnaire (a draft it adds questions to), publishes
/// it to the school's students until a closing day, may close it early; each student answers
/// once (one response row per student and questionnaire, kept by a unique index, so a second
/// press adds nothing); the office reads counts as charts, the fill-in answers without names,
/// and exports every response (anonymous) as a spreadsheet.
package struct SurveysController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("surveys", use: list)
        routes.get("surveys", ":id", use: show)
        routes.post("surveys", ":id", use: submit)
        routes.get("jobcentre", "surveys", use: manage)
        routes.post("jobcentre", "surveys", use: create)
        routes.get("jobcentre", "surveys", ":id", use: builder)
        routes.post("jobcentre", "surveys", ":id", "questions", use: addQuestion)
        routes.post("jobcentre", "surveys", ":id", "questions", ":question", "delete", use: deleteQuestion)
        routes.post("jobcentre", "surveys", ":id", "publish", use: publish)
        routes.post("jobcentre", "surveys", ":id", "close", use: close)
        routes.get("jobcentre", "surveys", ":id", "results", use: results)
        routes.get("jobcentre", "surveys", ":id", "export", use: export)
    }

    package enum State: String, Sendable {
        case draft, open, closed
    }

    package struct Row: Sendable {
        package let id: Int64
        package let schoolID: Int64
        package let title: String
        package let intro: String
        package let closesOn: String
        package let state: State
        package let responses: Int

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            schoolID = try row.decode(column: "school_id", as: Int64.self)
            title = try row.decode(column: "title", as: String.self)
            intro = try row.decode(column: "intro", as: String.self)
            closesOn = try row.decode(column: "closes_on", as: String.self)
            state = State(rawValue: try row.decode(column: "state", as: String.self)) ?? .closed
            responses = try row.decode(column: "responses", as: Int.self)
        }

        /// Taking answers: published and the closing day not past.
        package func accepting(today: String) -> Bool { state == .open && closesOn >= today }

        package func stateLabel(today: String) -> (String, StatusBadge.Tone) {
            switch state {
            case .draft: ("草稿", .neutral)
            case .open: accepting(today: today) ? ("进行中", .success) : ("已截止", .neutral)
            case .closed: ("已结束", .neutral)
            }
        }
    }

    package struct QuestionRow: Sendable {
        package let id: Int64
        package let question: Survey.Question

        init(_ row: any SQLRow) throws {
            id = try row.decode(column: "id", as: Int64.self)
            let options = try row.decode(column: "options", as: String.self)
            question = Survey.Question(kind: Survey.Kind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .text,
                                       text: try row.decode(column: "text", as: String.self),
                                       options: options.isEmpty ? [] : options.components(separatedBy: "\n"))
        }
    }

    /// A questionnaire with how many have answered it (counted, never kept).
    static let select: SQLQueryString = "SELECT s.*, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id) AS responses FROM surveys s"

    static func survey(_ id: Int64, on db: any Database) async throws -> Row? {
        try await db.sql.raw("\(select) WHERE s.id = \(bind: id)").first().map(Row.init)
    }

    static func questions(_ id: Int64, on db: any Database) async throws -> [QuestionRow] {
        try await db.sql.raw("SELECT * FROM survey_questions WHERE survey_id = \(bind: id) ORDER BY position, id").all().map(QuestionRow.init)
    }

    static func lastDay(_ today: String) -> String { CivilDate.parse(today)?.adding(days: 366)?.description ?? today }

    // MARK: - Students

    @Sendable
    func list(req: Request) async throws -> Response {
        let context = req.pageContext("就业调查", breadcrumb: [Crumb("就业网首页", href: "/portal"), Crumb("就业调查")], current: "/surveys")
        let today = ChinaTime.date(req.now)
        guard let user = req.currentUser, user.role == .student else {
            if req.currentUser?.role == .schoolAdmin { return req.redirect(to: "/jobcentre/surveys") }
            return req.render(JobPages.SurveyList(context: context, rows: [], answered: [], student: false, today: today))
        }
        guard let school = try await EventStore.studentSchool(user.id, on: req.db) else { throw Abort(.notFound) }
        let rows = try await req.db.sql.raw("""
            \(Self.select) WHERE s.school_id = \(bind: school) AND s.state <> 'draft' ORDER BY s.published_at DESC, s.id DESC LIMIT 100
            """).all().map(Row.init)
        let answered = try await req.db.sql.raw("SELECT survey_id, submitted_at FROM survey_responses WHERE student_id = \(bind: user.id)").all()
        let map = Dictionary(try answered.map { (try $0.decode(column: "survey_id", as: Int64.self), try $0.decode(column: "submitted_at", as: Int64.self)) }) { a, _ in a }
        let visible = rows.filter { $0.accepting(today: today) || map[$0.id] != nil }
        return req.render(JobPages.SurveyList(context: context, rows: visible, answered: visible.map { map[$0.id] }, student: true, today: today))
    }

    /// The questionnaire for a student of its school: the form, or when it was answered.
    func studentSurvey(_ req: Request, user: CurrentUser) async throws -> Row {
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await Self.survey(id, on: req.db), row.state != .draft,
              try await EventStore.studentSchool(user.id, on: req.db) == row.schoolID else { throw Abort(.notFound) }
        return row
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let row = try await studentSurvey(req, user: user)
        return try await renderForm(req, user: user, row: row, values: [:], errors: [:])
    }

    func renderForm(_ req: Request, user: CurrentUser, row: Row, values: [String: [String]], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let submitted = try await req.db.sql.raw("SELECT submitted_at FROM survey_responses WHERE survey_id = \(bind: row.id) AND student_id = \(bind: user.id)").first()?
            .decode(column: "submitted_at", as: Int64.self)
        let questions = try await Self.questions(row.id, on: req.db)
        return req.render(JobPages.SurveyForm(context: req.pageContext(row.title, breadcrumb: [Crumb("就业调查", href: "/surveys"), Crumb(row.title)], current: "/surveys"),
                                              row: row, questions: questions, submitted: submitted, open: row.accepting(today: ChinaTime.date(req.now)),
                                              values: values, errors: errors, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func submit(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let row = try await studentSurvey(req, user: user)
        guard row.accepting(today: ChinaTime.date(req.now)) else { return req.seeOther("/surveys/\(row.id)", flash: Flash(.error, "该问卷已截止。")) }
        let questions = try await Self.questions(row.id, on: req.db)
        let fields = FormFields(req)
        var values: [String: [String]] = [:]
        for index in questions.indices { values["q\(index + 1)"] = fields.values("q\(index + 1)") }
        let answers: [Survey.Answer]
        switch Survey.answers(questions.map(\.question), form: values) {
        case .failure(let problems): return try await renderForm(req, user: user, row: row, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let checked): answers = checked
        }
        let now = req.now
        let saved: Bool = try await req.db.writeTransaction { db in
            guard let response = try await db.sql.raw("""
                INSERT INTO survey_responses (survey_id, student_id, submitted_at) VALUES (\(bind: row.id), \(bind: user.id), \(bind: now))
                ON CONFLICT (survey_id, student_id) DO NOTHING RETURNING id
                """).first()?.decode(column: "id", as: Int64.self) else { return false }
            for (question, answer) in zip(questions, answers) {
                switch answer {
                case .choices(let picked):
                    for option in picked {
                        try await db.sql.insert(into: "survey_choices").columns("response_id", "survey_id", "question_id", "option_index")
                            .values(SQLBind(response), SQLBind(row.id), SQLBind(question.id), SQLBind(Int64(option))).run()
                    }
                case .text(let text):
                    try await db.sql.insert(into: "survey_texts").columns("response_id", "survey_id", "question_id", "body")
                        .values(SQLBind(response), SQLBind(row.id), SQLBind(question.id), SQLBind(text)).run()
                case .blank: break
                }
            }
            try await req.audit(.surveyAnswer, target: .survey, id: row.id, changes: [.init("title", after: row.title)], on: db)
            return true
        }
        return req.seeOther("/surveys", flash: saved ? Flash(.success, "已提交“\(row.title)”，感谢参与。") : Flash(.info, "你已提交过该问卷，每人只能提交一次。"))
    }

    // MARK: - The office

    @Sendable
    func manage(req: Request) async throws -> Response {
        let (user, school) = try EventsController.office(req)
        return try await renderManage(req, user: user, school: school, values: [:], errors: [:])
    }

    func renderManage(_ req: Request, user: CurrentUser, school: Int64, values: [String: String], errors: [String: String],
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let rows = try await req.db.sql.raw("\(Self.select) WHERE s.school_id = \(bind: school) ORDER BY s.id DESC LIMIT 200").all().map(Row.init)
        let today = ChinaTime.date(req.now)
        return req.render(JobPages.SurveyManage(context: req.pageContext("就业调查管理", breadcrumb: [Crumb("就业调查管理")], current: "/jobcentre/surveys"),
                                                rows: rows, today: today, lastDay: Self.lastDay(today), values: values, errors: errors, csrfToken: user.csrfToken),
                          status: status)
    }

    @Sendable
    func create(req: Request) async throws -> Response {
        let (user, school) = try EventsController.office(req)
        let values = FormFields(req).values(of: ["title", "intro", "closes_on"])
        let today = ChinaTime.date(req.now)
        switch Survey.checkHeader(values, today: today, lastDay: Self.lastDay(today)) {
        case .failure(let problems): return try await renderManage(req, user: user, school: school, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let header):
            let now = req.now
            let id: Int64 = try await req.db.writeTransaction { db in
                let id = try await OrgQueries.insertReturningID(db, into: "surveys", [
                    ("school_id", school), ("title", header.title), ("intro", header.intro), ("closes_on", header.closesOn), ("state", State.draft.rawValue),
                    ("created_by", user.id), ("created_at", now),
                ])
                try await req.audit(.surveyCreate, target: .survey, id: id, changes: [.init("title", after: header.title)], on: db)
                return id
            }
            return req.seeOther("/jobcentre/surveys/\(id)", flash: Flash(.success, "已建立问卷草稿，请添加题目后发布。"))
        }
    }

    /// The office's own questionnaire.
    static func owned(_ req: Request) async throws -> (CurrentUser, Row) {
        let (user, school) = try EventsController.office(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), let row = try await survey(id, on: req.db), row.schoolID == school else { throw Abort(.notFound) }
        return (user, row)
    }

    @Sendable
    func builder(req: Request) async throws -> Response {
        let (user, row) = try await Self.owned(req)
        guard row.state == .draft else { return req.redirect(to: "/jobcentre/surveys/\(row.id)/results") }
        return try await renderBuilder(req, user: user, row: row, values: [:], errors: [:])
    }

    func renderBuilder(_ req: Request, user: CurrentUser, row: Row, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let questions = try await Self.questions(row.id, on: req.db)
        return req.render(JobPages.SurveyBuilder(context: req.pageContext(row.title, breadcrumb: [Crumb("就业调查管理", href: "/jobcentre/surveys"), Crumb(row.title)],
                                                                          current: "/jobcentre/surveys"),
                                                 row: row, questions: questions, values: values, errors: errors, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func addQuestion(req: Request) async throws -> Response {
        let (user, row) = try await Self.owned(req)
        guard row.state == .draft else { throw Abort(.notFound) }
        let values = FormFields(req).values(of: ["kind", "text", "options"])
        let question: Survey.Question
        switch Survey.checkQuestion(kind: values["kind"] ?? "", text: values["text"] ?? "", options: values["options"] ?? "") {
        case .failure(let problems): return try await renderBuilder(req, user: user, row: row, values: values, errors: problems.byField, status: .unprocessableEntity)
        case .success(let checked): question = checked
        }
        let added: Bool = try await req.db.writeTransaction { db in
            let count = try await db.sql.raw("SELECT COUNT(*) AS n, MAX(position) AS p FROM survey_questions WHERE survey_id = \(bind: row.id)").first()
            let n = try count?.decode(column: "n", as: Int.self) ?? 0
            guard n < Survey.maximumQuestions, try await db.sql.raw("SELECT id FROM surveys WHERE id = \(bind: row.id) AND state = 'draft'").first() != nil else { return false }
            let position = (try count?.decode(column: "p", as: Int64?.self) ?? 0) + 1
            let id = try await OrgQueries.insertReturningID(db, into: "survey_questions", [
                ("survey_id", row.id), ("position", position), ("kind", question.kind.rawValue), ("text", question.text), ("options", question.options.joined(separator: "\n")),
            ])
            try await req.audit(.surveyEdit, target: .survey, id: row.id, changes: [.init("question", after: question.text), .init("question_id", after: String(id))], on: db)
            return true
        }
        guard added else {
            return try await renderBuilder(req, user: user, row: row, values: values, errors: ["text": "一份问卷最多 \(Survey.maximumQuestions) 道题。"], status: .unprocessableEntity)
        }
        return req.seeOther("/jobcentre/surveys/\(row.id)", flash: Flash(.success, "已添加题目“\(question.text)”。"))
    }

    @Sendable
    func deleteQuestion(req: Request) async throws -> Response {
        let (_, row) = try await Self.owned(req)
        guard row.state == .draft, let question = RequestNumber.id(req.parameters.get("question")) else { throw Abort(.notFound) }
        let removed: String? = try await req.db.writeTransaction { db in
            guard let text = try await db.sql.raw("""
                DELETE FROM survey_questions WHERE id = \(bind: question) AND survey_id = \(bind: row.id)
                AND EXISTS (SELECT 1 FROM surveys WHERE id = \(bind: row.id) AND state = 'draft') RETURNING text
                """).first()?.decode(column: "text", as: String.self) else { return nil }
            try await req.audit(.surveyEdit, target: .survey, id: row.id, changes: [.init("question", before: text)], on: db)
            return text
        }
        guard let removed else { throw Abort(.notFound) }
        return req.seeOther("/jobcentre/surveys/\(row.id)", flash: Flash(.success, "已删除题目“\(removed)”。"))
    }

    @Sendable
    func publish(req: Request) async throws -> Response {
        let (_, row) = try await Self.owned(req)
        let today = ChinaTime.date(req.now)
        let count = try await req.db.sql.raw("SELECT COUNT(*) AS n FROM survey_questions WHERE survey_id = \(bind: row.id)").first()?.decode(column: "n", as: Int.self) ?? 0
        guard row.state == .draft else { throw Abort(.notFound) }
        guard count > 0 else { return req.seeOther("/jobcentre/surveys/\(row.id)", flash: Flash(.error, "请至少添加一道题再发布。")) }
        guard row.closesOn >= today else { return req.seeOther("/jobcentre/surveys/\(row.id)", flash: Flash(.error, "截止日期已过，不能发布。")) }
        let now = req.now
        try await req.db.writeTransaction { db in
            guard try await db.sql.raw("UPDATE surveys SET state = 'open', published_at = \(bind: now) WHERE id = \(bind: row.id) AND state = 'draft' RETURNING id")
                .first() != nil else { return }
            try await req.audit(.surveyPublish, target: .survey, id: row.id, changes: [.init("title", after: row.title), .init("closes_on", after: row.closesOn)], on: db)
        }
        return req.seeOther("/jobcentre/surveys", flash: Flash(.success, "已发布“\(row.title)”，本校学生可在“就业调查”中填写，截止 \(row.closesOn)。"))
    }

    @Sendable
    func close(req: Request) async throws -> Response {
        let (_, row) = try await Self.owned(req)
        guard row.state == .open else { throw Abort(.notFound) }
        let now = req.now
        try await req.db.writeTransaction { db in
            guard try await db.sql.raw("UPDATE surveys SET state = 'closed', closed_at = \(bind: now) WHERE id = \(bind: row.id) AND state = 'open' RETURNING id")
                .first() != nil else { return }
            try await req.audit(.surveyClose, target: .survey, id: row.id, changes: [.init("title", after: row.title)], on: db)
        }
        return req.seeOther("/jobcentre/surveys/\(row.id)/results", flash: Flash(.success, "已结束“\(row.title)”，不再接受填写。"))
    }

    package struct Tally: Sendable {
        package let question: QuestionRow
        package let counts: [Int]
        package let answered: Int
        package let texts: [String]
    }

    static func tallies(_ row: Row, on db: any Database) async throws -> [Tally] {
        let questions = try await questions(row.id, on: db)
        let choices = try await db.sql.raw("""
            SELECT question_id, option_index, COUNT(*) AS n FROM survey_choices WHERE survey_id = \(bind: row.id) GROUP BY question_id, option_index
            """).all()
        var counts: [Int64: [Int64: Int]] = [:]
        for choice in choices {
            counts[try choice.decode(column: "question_id", as: Int64.self), default: [:]][try choice.decode(column: "option_index", as: Int64.self)] =
                try choice.decode(column: "n", as: Int.self)
        }
        let answeredRows = try await db.sql.raw("""
            SELECT question_id, COUNT(DISTINCT response_id) AS n FROM survey_choices WHERE survey_id = \(bind: row.id) GROUP BY question_id
            UNION ALL SELECT question_id, COUNT(*) AS n FROM survey_texts WHERE survey_id = \(bind: row.id) GROUP BY question_id
            """).all()
        let answered = Dictionary(try answeredRows.map { (try $0.decode(column: "question_id", as: Int64.self), try $0.decode(column: "n", as: Int.self)) }) { a, b in a + b }
        var tallies: [Tally] = []
        for question in questions {
            var texts: [String] = []
            if question.question.kind == .text {
                texts = try await db.sql.raw("SELECT body FROM survey_texts WHERE question_id = \(bind: question.id) ORDER BY response_id DESC LIMIT 50").all()
                    .map { try $0.decode(column: "body", as: String.self) }
            }
            tallies.append(Tally(question: question, counts: question.question.options.indices.map { counts[question.id]?[Int64($0)] ?? 0 },
                                 answered: answered[question.id] ?? 0, texts: texts))
        }
        return tallies
    }

    @Sendable
    func results(req: Request) async throws -> Response {
        let (user, row) = try await Self.owned(req)
        guard row.state != .draft else { return req.redirect(to: "/jobcentre/surveys/\(row.id)") }
        let tallies = try await Self.tallies(row, on: req.db)
        return req.render(JobPages.SurveyResults(context: req.pageContext("调查结果", breadcrumb: [Crumb("就业调查管理", href: "/jobcentre/surveys"), Crumb(row.title)],
                                                                          current: "/jobcentre/surveys"),
                                                 row: row, tallies: tallies, today: ChinaTime.date(req.now), csrfToken: user.csrfToken))
    }

    @Sendable
    func export(req: Request) async throws -> Response {
        let (_, row) = try await Self.owned(req)
        guard row.state != .draft else { throw Abort(.notFound) }
        // Anonymous counts and fill-ins: no personal data leaves, and a GET writes nothing.
        let format = SheetExport.format(req)
        let questions = try await Self.questions(row.id, on: req.db)
        let responses = try await req.db.sql.raw("SELECT id, submitted_at FROM survey_responses WHERE survey_id = \(bind: row.id) ORDER BY id LIMIT 100000").all()
            .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "submitted_at", as: Int64.self)) }
        var picked: [Int64: [Int64: [Int]]] = [:]
        for choice in try await req.db.sql.raw("SELECT response_id, question_id, option_index FROM survey_choices WHERE survey_id = \(bind: row.id)").all() {
            picked[try choice.decode(column: "response_id", as: Int64.self), default: [:]][try choice.decode(column: "question_id", as: Int64.self), default: []]
                .append(Int(try choice.decode(column: "option_index", as: Int64.self)))
        }
        var written: [Int64: [Int64: String]] = [:]
        for text in try await req.db.sql.raw("SELECT response_id, question_id, body FROM survey_texts WHERE survey_id = \(bind: row.id)").all() {
            written[try text.decode(column: "response_id", as: Int64.self), default: [:]][try text.decode(column: "question_id", as: Int64.self)] =
                try text.decode(column: "body", as: String.self)
        }
        let (choices, texts) = (picked, written)
        let columns = ["序号", "提交时间"] + questions.enumerated().map { "\($0.offset + 1). \($0.element.question.text)" }
        return SheetExport.response(req, filename: row.title, format: format, sheetName: "调查结果", columns: columns.map { XLSXWriter.Column($0) }) { sink in
            for (number, response) in responses.enumerated() {
                var cells: [JiuyeSheets.Cell] = [.integer(number + 1), .text(ChinaTime.dateTime(response.1))]
                for question in questions {
                    if question.question.kind == .text {
                        cells.append(.text(texts[response.0]?[question.id] ?? ""))
                    } else {
                        let options = question.question.options
                        cells.append(.text((choices[response.0]?[question.id] ?? []).sorted().compactMap { $0 < options.count ? options[$0] : nil }.joined(separator: "；")))
                    }
                }
                try await sink.emit(cells)
            }
        }
    }
}

extension AuditAction {
    package static let surveyCreate = AuditAction("jobcentre.survey", "建立就业调查问卷")
    package static let surveyEdit = AuditAction("jobcentre.survey-edit", "修改就业调查题目")
    package static let surveyPublish = AuditAction("jobcentre.survey-publish", "发布就业调查")
    package static let surveyClose = AuditAction("jobcentre.survey-close", "结束就业调查")
    package static let surveyAnswer = AuditAction("jobcentre.survey-answer", "提交就业调查")
}

extension AuditTarget {
    package static let survey = AuditTarget("survey", "就业调查")
}
