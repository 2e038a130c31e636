import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 推荐设置 and 职位推荐 (seed 003 §2.2 2)): the student sets 求职意向 (asked for on the first
/// visit), and the public postings are ranked against it on every view (so a new or withdrawn
/// posting shows at once), each with the reasons of its score.
package struct PreferenceController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("jobcentre", "preferences", use: form)
        routes.post("jobcentre", "preferences", use: save)
        routes.get("jobcentre", "recommendations", use: recommendations)
    }

    static func load(_ userID: Int64, on db: any Database) async throws -> JobPreference? {
        guard let row = try await db.sql.raw("SELECT * FROM job_preferences WHERE user_id = \(bind: userID)").first() else { return nil }
        func list(_ column: String) throws -> [String] { try row.decode(column: column, as: String.self).split(separator: ",").map(String.init) }
        return JobPreference(counties: try list("counties"), categories: try list("categories"), industries: try list("industries"),
                             salary: try row.decode(column: "salary", as: Int64?.self).map { Int($0) })
    }

    static func industries(_ req: Request) async throws -> [(String, String)] {
        try await req.application.codeBooks.book("industries", on: req.db).map { ($0.key, $0.value.name) }.sorted { $0.0 < $1.0 }
    }

    /// Typed places ("重庆市沙坪坝区、成都市武侯区") as county codes, and the ones that are not one county.
    static func places(_ text: String, req: Request) async throws -> (codes: [String], unknown: [String]) {
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        var codes: [String] = [], unknown: [String] = []
        for part in text.split(whereSeparator: { "、，,;；\n ".contains($0) }).map(String.init).prefix(20) {
            if case .county(let code) = names.resolve(part) { codes.append(code) } else { unknown.append(part) }
        }
        return (codes, unknown)
    }

    @Sendable
    func form(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let preference = try await Self.load(user.id, on: req.db) ?? JobPreference()
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        return try await render(req, user: user, preference: preference, places: preference.counties.map { names.fullName($0) ?? $0 }.joined(separator: "、"),
                                salary: preference.salary.map(String.init) ?? "", errors: [:])
    }

    func render(_ req: Request, user: CurrentUser, preference: JobPreference, places: String, salary: String, errors: [String: String],
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let industries = try await Self.industries(req)
        return req.render(JobPages.PreferenceForm(context: req.pageContext("推荐设置", breadcrumb: [Crumb("职位推荐", href: "/jobcentre/recommendations"), Crumb("推荐设置")],
                                                                           current: "/jobcentre/recommendations"),
                                                  preference: preference, places: places, salary: salary, industries: industries, errors: errors,
                                                  first: try await Self.load(user.id, on: req.db) == nil, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func save(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        let form = FormFields(req)
        let industries = Set(try await Self.industries(req).map(\.0))
        let typed = form.value("counties")
        let (codes, unknown) = try await Self.places(typed, req: req)
        let partial = JobPreference(counties: codes, categories: form.values("categories"), industries: form.values("industries"))
        if !unknown.isEmpty {
            return try await render(req, user: user, preference: partial, places: typed, salary: form.value("salary"),
                                    errors: ["counties": "“\(unknown.joined(separator: "、"))”不是一个区县，请写成“重庆市沙坪坝区”这样的全称。"], status: .unprocessableEntity)
        }
        switch JobPreference.check(counties: codes, categories: form.values("categories"), industries: form.values("industries"),
                                   salary: form.value("salary"), isCounty: { _ in true }, isIndustry: industries.contains) {
        case .failure(let problems):
            return try await render(req, user: user, preference: partial, places: typed, salary: form.value("salary"), errors: problems.byField, status: .unprocessableEntity)
        case .success(let preference):
            let now = req.now
            try await req.db.writeTransaction { db in
                try await db.sql.raw("DELETE FROM job_preferences WHERE user_id = \(bind: user.id)").run()
                try await db.sql.insert(into: "job_preferences").columns("user_id", "counties", "categories", "industries", "salary", "updated_at")
                    .values(SQLBind(user.id), SQLBind(preference.counties.joined(separator: ",")), SQLBind(preference.categories.joined(separator: ",")),
                            SQLBind(preference.industries.joined(separator: ",")), SQLBind(preference.salary.map { Int64($0) }), SQLBind(now)).run()
                try await req.audit(.preferenceSave, target: .resume, id: user.id, changes: [
                    .init("counties", after: String(preference.counties.count)), .init("categories", after: String(preference.categories.count))], on: db)
            }
            return req.seeOther("/jobcentre/recommendations", flash: Flash(.success, "已保存求职意向，下面是为你推荐的职位。"))
        }
    }

    @Sendable
    func recommendations(req: Request) async throws -> Response {
        let user = try req.requireRole(.student)
        // 首次登录: set 求职意向 first (seed 003 §2.2 2)).
        guard let preference = try await Self.load(user.id, on: req.db), !preference.isEmpty else {
            return req.seeOther("/jobcentre/preferences", flash: Flash(.info, "请先完善求职意向，系统将据此为你推荐职位。"))
        }
        let ranked = try await Self.ranked(preference, req: req)
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        let industries = Dictionary(uniqueKeysWithValues: try await Self.industries(req))
        return req.render(JobPages.Recommendations(context: req.pageContext("职位推荐", breadcrumb: [Crumb("职位推荐")], current: "/jobcentre/recommendations"),
                                                   rows: Array(ranked.prefix(30)), place: { names.fullName($0) ?? $0 }, industry: { industries[$0] ?? $0 }))
    }
}

extension PreferenceController {
    /// The public postings that match `preference` at all, best first (newest first on a tie).
    static func ranked(_ preference: JobPreference, req: Request) async throws -> [(JobStore.Row, Int, [JobRecommendation.Reason])] {
        let rows = try await req.db.sql.raw("""
            SELECT p.*, u.name AS unit_name, s.name AS school_name, ep.industry_code FROM job_postings p JOIN units u ON u.id = p.unit_id
            JOIN schools s ON s.id = p.school_id LEFT JOIN employer_profiles ep ON ep.unit_id = p.unit_id
            WHERE p.state = \(bind: JobPosting.State.published.rawValue) AND p.deadline >= \(bind: ChinaTime.date(req.now)) ORDER BY p.published_at DESC LIMIT 1000
            """).all()
        var ranked: [(JobStore.Row, Int, [JobRecommendation.Reason])] = []
        for row in rows {
            let job = try JobStore.Row(row)
            let industry = try row.decode(column: "industry_code", as: String?.self)
            let (score, reasons) = JobRecommendation.score(.init(county: job.posting.countyCode, category: job.posting.categoryCode, industry: industry,
                                                                 salaryMax: job.posting.salaryMax), for: preference)
            if score > 0 { ranked.append((job, score, reasons)) }
        }
        ranked.sort { $0.1 != $1.1 ? $0.1 > $1.1 : ($0.0.publishedAt ?? 0) > ($1.0.publishedAt ?? 0) }
        return ranked
    }
}

extension AuditAction {
    package static let preferenceSave = AuditAction("jobcentre.preference", "保存求职意向")
}
