import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 生活补贴参数 (review E10, E12, E8(e)): the city HR bureau sets, effective-dated per 学历, the
/// earliest insured month allowed, the monthly standard and the city's share (also per
/// county). A row takes effect from this month or later, so an amount already computed never
/// changes; a row not yet in force can be withdrawn. The other bodies of the chain read them.
package struct ParametersController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("subsidy", "parameters", use: page)
        routes.post("subsidy", "parameters", use: add)
        routes.post("subsidy", "parameters", ":id", "remove", use: remove)
    }

    func today(_ req: Request) -> YearMonth {
        let fields = ChinaTime.fields(req.now)
        return YearMonth(year: fields.year, month: fields.month)!
    }

    @Sendable
    func page(req: Request) async throws -> Response {
        let user = try req.requireRole(.cityHR, .cityOrganization, .cityFinance, .countyHR, .countyOrganization, .countyFinance)
        return try await render(req, user: user, values: [:], errors: [:])
    }

    func render(_ req: Request, user: CurrentUser, values: [String: String], errors: [String: String], status: HTTPResponseStatus = .ok) async throws -> Response {
        let rows = try await SubsidyParameterStore.rows(on: req.db)
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        return req.render(SubsidyPages.Parameters(
            context: req.pageContext("生活补贴参数", breadcrumb: [Crumb("生活补贴参数")], current: "/subsidy/parameters"),
            rows: rows, countyName: { names.fullName($0) ?? $0 }, today: today(req), editable: user.role == .cityHR,
            values: values, errors: errors, csrfToken: user.csrfToken), status: status)
    }

    @Sendable
    func add(req: Request) async throws -> Response {
        let user = try req.requireRole(.cityHR)
        guard let city = user.active?.values[.city]?.first else { throw Abort(.notFound) }
        let form = FormFields(req)
        var values: [String: String] = [:]
        for key in ["kind", "education", "county", "effective_from", "value"] { values[key] = form.value(key) }
        guard let kind = SubsidyParameters.Kind(rawValue: values["kind"] ?? "") else {
            return try await render(req, user: user, values: values, errors: ["kind": "请选择参数。"], status: .unprocessableEntity)
        }
        guard let education = SubsidyEducation(rawValue: values["education"] ?? "") else {
            return try await render(req, user: user, values: values, errors: ["education": "请选择学历。"], status: .unprocessableEntity)
        }
        var county: String?
        if let text = values["county"], !text.isEmpty {
            let resolution = try await req.application.codeBooks.regionNames(on: req.db).resolve(text)
            guard case .county(let code) = resolution, SubsidyStore.city(of: code) == city else {
                let problem = RegionNames.problem(resolution, label: "区县") ?? "只能设置本市的区县。"
                return try await render(req, user: user, values: values, errors: ["county": problem], status: .unprocessableEntity)
            }
            county = code
        }
        let entry: SubsidyParameters.Entry
        switch SubsidyParameters.entry(kind: kind, education: education, county: county, effectiveFrom: values["effective_from"] ?? "",
                                       value: values["value"] ?? "", today: today(req)) {
        case .failure(let problem): return try await render(req, user: user, values: values, errors: [problem.field: problem.message], status: .unprocessableEntity)
        case .success(let checked): entry = checked
        }
        let now = req.now
        try await req.db.writeTransaction { db in
            let id = try await OrgQueries.insertReturningID(db, into: "subsidy_parameters", [
                ("kind", entry.kind.rawValue), ("education", entry.education.rawValue), ("county_code", entry.county), ("effective_from", entry.effectiveFrom.description),
                ("value", entry.value), ("created_by", user.id), ("created_at", now),
            ])
            try await req.audit(.subsidyParameter, target: .subsidyParameter, id: id, changes: [
                .init("parameter", after: entry.kind.label), .init("education", after: entry.education.label),
                .init("county", after: entry.county ?? "全市"), .init("effective_from", after: entry.effectiveFrom.description),
                .init("value", after: SubsidyParameters.display(kind: entry.kind, value: entry.value)),
            ], on: db)
        }
        return req.seeOther("/subsidy/parameters", flash: Flash(.success, "已设置\(entry.education.label)的\(entry.kind.label)，自 \(entry.effectiveFrom) 起施行。"))
    }

    /// Withdraws a row that has not taken effect yet; one in force stays (amounts were computed with it).
    @Sendable
    func remove(req: Request) async throws -> Response {
        let user = try req.requireRole(.cityHR)
        guard let id = RequestNumber.id(req.parameters.get("id")) else { throw Abort(.notFound) }
        let month = today(req).description, now = req.now
        let removed: Bool = try await req.db.writeTransaction { db in
            let row = try await db.sql.raw("""
                UPDATE subsidy_parameters SET removed_at = \(bind: now), removed_by = \(bind: user.id)
                WHERE id = \(bind: id) AND removed_at IS NULL AND effective_from > \(bind: month) RETURNING kind, effective_from
                """).first()
            guard let row else { return false }
            try await req.audit(.subsidyParameterRemove, target: .subsidyParameter, id: id, changes: [
                .init("parameter", before: SubsidyParameters.Kind(rawValue: try row.decode(column: "kind", as: String.self))?.label ?? ""),
                .init("effective_from", before: try row.decode(column: "effective_from", as: String.self)),
            ], on: db)
            return true
        }
        return req.seeOther("/subsidy/parameters", flash: removed ? Flash(.success, "已撤销该参数。") : Flash(.error, "该参数已经施行或已撤销，不能撤销。"))
    }
}

/// The stored parameters, read whole (a few rows) wherever a rule needs them.
package enum SubsidyParameterStore {
    package struct Row: Sendable {
        package let id: Int64
        package let entry: SubsidyParameters.Entry
        package let createdBy: String
        package let createdAt: Int64
        package let removed: Bool
    }

    package static func rows(on db: any Database) async throws -> [Row] {
        try await db.sql.raw("""
            SELECT p.id, p.kind, p.education, p.county_code, p.effective_from, p.value, p.created_at, p.removed_at, u.display_name
            FROM subsidy_parameters p LEFT JOIN users u ON u.id = p.created_by ORDER BY p.kind, p.education, p.effective_from, p.id
            """).all().compactMap { row in
            guard let kind = SubsidyParameters.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
                  let education = SubsidyEducation(rawValue: try row.decode(column: "education", as: String.self)),
                  let from = YearMonth(parsing: try row.decode(column: "effective_from", as: String.self)) else { return nil }
            return Row(id: try row.decode(column: "id", as: Int64.self),
                       entry: .init(kind: kind, education: education, county: try row.decode(column: "county_code", as: String?.self), effectiveFrom: from,
                                    value: try row.decode(column: "value", as: String.self)),
                       createdBy: try row.decode(column: "display_name", as: String?.self) ?? "—", createdAt: try row.decode(column: "created_at", as: Int64.self),
                       removed: try row.decode(column: "removed_at", as: Int64?.self) != nil)
        }
    }

    /// The defaults with the city's rows in force or to come.
    package static func load(on db: any Database) async throws -> SubsidyParameters {
        SubsidyParameters.with(try await rows(on: db).filter { !$0.removed }.map(\.entry))
    }
}

extension AuditAction {
    package static let subsidyParameter = AuditAction("subsidy.parameter", "设置生活补贴参数")
    package static let subsidyParameterRemove = AuditAction("subsidy.parameter-remove", "撤销生活补贴参数")
}

extension AuditTarget {
    package static let subsidyParameter = AuditTarget("subsidy-parameter", "生活补贴参数")
}
