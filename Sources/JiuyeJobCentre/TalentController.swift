import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// A student's 头像: an upload (证件照, JPG or PNG, checked by content) attached to `resume:<id>`;
/// the newest one counts. The student adds and replaces it; an employer opens it only when the
/// student made it public (头像公开) and the employer may see the résumé: an application to the
/// unit, or 人才库 (简历公开, a school that verified the unit).
package enum ResumePhoto {
    package static let caseType = "resume"

    package static func register(on app: Application) {
        app.registerUploadCase(caseType, UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT user_id FROM students WHERE user_id = \(bind: id)").first()?.decode(column: "user_id", as: Int64.self)
            },
            isDraft: { _, _ in true },
            visibleTo: { user, id, db in
                guard user.role == .employer, let unit = user.active?.values[.unit]?.first.flatMap({ Int64($0) }),
                      let row = try await db.sql.raw("SELECT photo_public, resume_public FROM resumes WHERE user_id = \(bind: id)").first(),
                      try row.decode(column: "photo_public", as: Bool.self) else { return false }
                if try await db.sql.raw("""
                    SELECT a.id FROM job_applications a JOIN job_postings p ON p.id = a.posting_id WHERE a.student_id = \(bind: id) AND p.unit_id = \(bind: unit)
                    """).first() != nil { return true }
                guard try row.decode(column: "resume_public", as: Bool.self) else { return false }
                return try await TalentController.visible(student: id, unit: unit, on: db)
            }))
    }

    /// The student's newest photo.
    package static func current(of student: Int64, on db: any Database) async throws -> Int64? {
        try await db.sql.raw("""
            SELECT id FROM uploads WHERE case_type = \(bind: caseType) AND case_id = \(bind: student) AND kind = \(bind: UploadKind.photo.rawValue) AND deleted_at IS NULL
            ORDER BY id DESC LIMIT 1
            """).first()?.decode(column: "id", as: Int64.self)
    }

    package static func uploadLink(_ student: Int64) -> String {
        "/uploads/new?kind=\(UploadKind.photo.rawValue)&case=\(caseType):\(student)&next=\(QueryString.encode("/jobcentre/resume"))"
    }
}

/// 人才库: a unit verified by a school (资质鉴证 已鉴证) finds that school's graduates whose résumé
/// is public (简历公开) and complete enough to apply with (80 % and more), by 学历, 届别 and
/// major; names are masked in the list; the résumé shows 电话, 邮箱 and 头像 only as the student
/// allows. Assumption: a résumé under 80 % is not listed.
package struct TalentController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("jobcentre", "talent", use: list)
        routes.get("jobcentre", "talent", ":id", use: show)
    }

    static func schools(unit: Int64, on db: any Database) async throws -> [Int64] {
        try await db.sql.raw("SELECT school_id FROM unit_qualifications WHERE unit_id = \(bind: unit) AND state = \(bind: Qualification.State.verified.rawValue)").all()
            .map { try $0.decode(column: "school_id", as: Int64.self) }
    }

    /// Whether the unit may read the student's public résumé in 人才库.
    static func visible(student: Int64, unit: Int64, on db: any Database) async throws -> Bool {
        try await db.sql.raw("""
            SELECT r.user_id FROM resumes r JOIN students s ON s.user_id = r.user_id
            WHERE r.user_id = \(bind: student) AND r.resume_public = \(bind: true) AND r.completeness >= \(bind: Resume.applyThreshold)
            AND s.school_id IN (SELECT school_id FROM unit_qualifications WHERE unit_id = \(bind: unit) AND state = \(bind: Qualification.State.verified.rawValue))
            """).first() != nil
    }

    package struct Item: Sendable {
        package let id: Int64
        package let name: String
        package let school: String
        package let major: String
        package let level: String
        package let cohort: Int
        package let completeness: Int
        package let updatedAt: Int64
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        let (_, unit) = try PostingController.unitOf(req)
        let schools = try await Self.schools(unit: unit, on: req.db)
        var major = (req.query[String.self, at: "major"] ?? "").trimmingCharacters(in: .whitespaces)
        if major.count > 20 || TextInput.forbiddenCharacter(in: major) != nil { major = "" }
        let level = req.query[String.self, at: "level"].flatMap { EducationLevel(rawValue: $0) }
        let cohort = RequestNumber.parse(req.query[String.self, at: "cohort"], in: 2000...2100)
        let page = PageNumber.parse(req.query[String.self, at: "page"])
        var items: [Item] = []
        var total = 0
        if !schools.isEmpty {
            var clause: SQLQueryString = """
                WHERE r.resume_public = \(bind: true) AND r.completeness >= \(bind: Resume.applyThreshold) AND s.school_id IN (\(SQLList(schools.map { SQLBind($0) })))
                """
            if let level { clause = "\(clause) AND s.level = \(bind: level.rawValue)" }
            if let cohort { clause = "\(clause) AND s.cohort = \(bind: cohort)" }
            if !major.isEmpty {
                let like = JobStore.containing(major)
                clause = "\(clause) AND m.name LIKE \(bind: like) ESCAPE '\\'"
            }
            let from: SQLQueryString = "FROM resumes r JOIN students s ON s.user_id = r.user_id JOIN users u ON u.id = r.user_id JOIN majors m ON m.id = s.major_id JOIN schools sc ON sc.id = s.school_id"
            total = try await req.db.sql.raw("SELECT COUNT(*) AS n \(from) \(clause)").first()?.decode(column: "n", as: Int.self) ?? 0
            items = try await req.db.sql.raw("""
                SELECT r.user_id, u.display_name, sc.name AS school, m.name AS major, s.level, s.cohort, r.completeness, r.updated_at \(from) \(clause)
                ORDER BY r.updated_at DESC, r.user_id DESC LIMIT 20 OFFSET \(bind: PageNumber.offset(page: page, pageSize: 20))
                """).all().map {
                Item(id: try $0.decode(column: "user_id", as: Int64.self), name: Masking.name(try $0.decode(column: "display_name", as: String.self)),
                     school: try $0.decode(column: "school", as: String.self), major: try $0.decode(column: "major", as: String.self),
                     level: try $0.decode(column: "level", as: String.self), cohort: try $0.decode(column: "cohort", as: Int.self),
                     completeness: try $0.decode(column: "completeness", as: Int.self), updatedAt: try $0.decode(column: "updated_at", as: Int64.self))
            }
        }
        return req.render(JobPages.TalentList(context: req.pageContext("人才库", breadcrumb: [Crumb("人才库")], current: "/jobcentre/talent"),
                                              items: items, total: total, page: page, verified: !schools.isEmpty, major: major, level: level?.rawValue,
                                              cohort: cohort.map(String.init)))
    }

    @Sendable
    func show(req: Request) async throws -> Response {
        let (_, unit) = try PostingController.unitOf(req)
        guard let id = RequestNumber.id(req.parameters.get("id")), try await Self.visible(student: id, unit: unit, on: req.db),
              let student = try await ResumeStore.student(id, on: req.db) else { throw Abort(.notFound) }
        let resume = try await ResumeStore.load(id, keys: req.keys, on: req.db)
        let name = Masking.name(student.name)
        return req.render(JobPages.TalentDetail(context: req.pageContext("\(name)的简历", breadcrumb: [Crumb("人才库", href: "/jobcentre/talent"), Crumb(name)],
                                                                        current: "/jobcentre/talent"),
                                                name: name, student: student, sections: ResumeStore.forEmployer(resume),
                                                photo: resume.photoPublic ? try await ResumePhoto.current(of: id, on: req.db) : nil))
    }
}
