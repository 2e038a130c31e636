import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import JiuyeSheets
import SQLKit
import Vapor

/// 毕业生简历维护情况 (seed 004 §4): each graduate in the viewer's scope (a counselor's class, a
/// college, the school) with the 完善度 of their résumé, filtered by 届别, 学历, 院系, keyword
/// and 完善度, with a summary and an export. 完善度 is recomputed on every save, so the list is
/// always the latest (the manual's 刷新 is reloading the page).
package struct ResumeCoverageController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("jobcentre", "resume-coverage", use: list)
        routes.get("jobcentre", "resume-coverage", "export", use: export)
    }

    /// 完善度 bands of the filter.
    package enum Band: String, CaseIterable, Sendable {
        case none, below, ready

        package var label: String {
            switch self {
            case .none: "未填写"
            case .below: "未达 80%"
            case .ready: "已达 80%"
            }
        }
    }

    struct Query {
        var filter: StudentQueries.Filter
        var band: Band?
    }

    static func viewer(_ req: Request) throws -> CurrentUser { try req.requireRole(.counselor, .collegeAdmin, .schoolAdmin) }

    static func query(_ req: Request) -> Query {
        let query = QueryString.parse(req.url.query)
        var filter = StudentQueries.Filter()
        filter.cohort = query["cohort"].flatMap { RequestNumber.parse($0, in: 2000...2200) }
        filter.level = query["level"].flatMap { EducationLevel(rawValue: $0)?.rawValue }
        filter.collegeID = query["college"].flatMap { RequestNumber.id($0) }
        let keyword = (query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        if keyword.count <= 30, TextInput.forbiddenCharacter(in: keyword) == nil { filter.keyword = keyword }
        filter.page = PageNumber.parse(query["page"])
        return Query(filter: filter, band: query["band"].flatMap(Band.init(rawValue:)))
    }

    /// The graduates of the scope with their résumé's 完善度 (NULL: none saved yet).
    static func rows(_ req: Request, user: CurrentUser, query: Query) -> SQLSelectBuilder {
        var builder = StudentQueries.base(req.db)
            .column(SQLAlias(SQLColumn("completeness", table: "r"), as: SQLIdentifier("completeness")))
            .column(SQLAlias(SQLColumn("updated_at", table: "r"), as: SQLIdentifier("resume_updated_at")))
            .join(SQLAlias(SQLIdentifier("resumes"), as: SQLIdentifier("r")), method: SQLJoinMethod.left,
                  on: SQLColumn("user_id", table: "r"), .equal, SQLColumn("user_id", table: "st"))
        builder = StudentQueries.apply(query.filter, to: builder, keys: req.keys).scoped(to: user.scope, columns: ScopeFilter.studentColumns)
        switch query.band {
        case .none?: builder = builder.where(SQLColumn("completeness", table: "r"), .is, SQLLiteral.null)
        case .below?: builder = builder.where(SQLColumn("completeness", table: "r"), .lessThan, SQLBind(Resume.applyThreshold))
        case .ready?: builder = builder.where(SQLColumn("completeness", table: "r"), .greaterThanOrEqual, SQLBind(Resume.applyThreshold))
        case nil: break
        }
        return builder
    }

    static func item(_ row: any SQLRow) throws -> JobPages.CoverageRow {
        JobPages.CoverageRow(studentNo: try row.decode(column: "student_no", as: String?.self) ?? "—", name: try row.decode(column: "display_name", as: String.self),
                             college: try row.decode(column: "college_name", as: String.self), major: try row.decode(column: "major_name", as: String.self),
                             className: try row.decode(column: "class_name", as: String?.self) ?? "—", cohort: try row.decode(column: "cohort", as: Int.self),
                             completeness: try row.decode(column: "completeness", as: Int?.self),
                             updatedAt: try row.decode(column: "resume_updated_at", as: Int64?.self))
    }

    @Sendable
    func list(req: Request) async throws -> Response {
        let user = try Self.viewer(req)
        let query = Self.query(req)
        let pageSize = 20
        let all = Self.rows(req, user: user, query: Query(filter: query.filter, band: nil)).select
        let threshold = Resume.applyThreshold
        let summary = try await req.db.sql.raw("""
            SELECT COUNT(*) AS n, COALESCE(SUM(CASE WHEN t.completeness >= \(bind: threshold) THEN 1 ELSE 0 END), 0) AS ready,
            COALESCE(SUM(CASE WHEN t.completeness IS NULL THEN 1 ELSE 0 END), 0) AS empty FROM (\(all)) t
            """).first()
        let total = try summary?.decode(column: "n", as: Int.self) ?? 0
        let ready = try summary?.decode(column: "ready", as: Int.self) ?? 0
        let empty = try summary?.decode(column: "empty", as: Int.self) ?? 0
        let banded = Self.rows(req, user: user, query: query)
        let matching = query.band == nil ? total
            : try await req.db.sql.raw("SELECT COUNT(*) AS n FROM (\(banded.select)) t").first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await banded.orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "st"), direction: SQLDirection.descending))
            .limit(pageSize).offset(PageNumber.offset(page: query.filter.page, pageSize: pageSize)).all().map(Self.item)
        let colleges = try await ScopeOptions.colleges(req, scope: user.scope)
        let year = RequestNumber.parse(String(ChinaTime.date(req.now).prefix(4)), in: 2000...2200) ?? 2026
        let parameters: [(String, String?)] = [("cohort", query.filter.cohort.map(String.init)), ("level", query.filter.level),
                                               ("college", query.filter.collegeID.map(String.init)), ("q", query.filter.keyword), ("band", query.band?.rawValue)]
        return req.render(JobPages.Coverage(
            context: req.pageContext("毕业生简历维护情况", breadcrumb: [Crumb("毕业生简历维护情况")], current: "/jobcentre/resume-coverage"),
            rows: rows, total: total, ready: ready, empty: empty, matching: matching, page: query.filter.page, pageSize: pageSize,
            filter: query.filter, band: query.band, colleges: colleges, levels: ScopeOptions.levels(scope: user.scope),
            cohorts: ScopeOptions.cohorts(scope: user.scope, around: year),
            parameters: parameters.compactMap { name, value in value.flatMap { $0.isEmpty ? nil : (name, $0) } }))
    }

    @Sendable
    func export(req: Request) async throws -> Response {
        let user = try Self.viewer(req)
        let query = Self.query(req)
        let format = QueryString.parse(req.url.query)["format"].flatMap(ExportFormat.init(rawValue:)) ?? .xlsx
        try await req.db.writeTransaction { db in
            try await req.audit(.resumeCoverageExport, target: .resume, id: nil, changes: [.init("format", after: format.rawValue)], on: db)
        }
        let rows = try await Self.rows(req, user: user, query: query)
            .orderBy(SQLOrderBy(expression: SQLColumn("user_id", table: "st"), direction: SQLDirection.descending)).limit(50_000).all().map(Self.item)
        return SheetExport.response(req, filename: "毕业生简历维护情况", format: format, sheetName: "简历维护情况",
                                    columns: ["学号", "姓名", "院系", "专业", "班级", "届别", "简历完善度（%）", "可一键求职", "简历更新时间"].map { XLSXWriter.Column($0) }) { sink in
            for row in rows {
                try await sink.emit([.text(row.studentNo), .text(row.name), .text(row.college), .text(row.major), .text(row.className), .integer(row.cohort),
                                     row.completeness.map { .integer($0) } ?? .text("未填写"), .text(row.canApply ? "是" : "否"),
                                     .text(row.updatedAt.map(ChinaTime.dateTime) ?? "—")])
            }
        }
    }
}

extension AuditAction {
    package static let resumeCoverageExport = AuditAction("jobcentre.resume-coverage-export", "导出毕业生简历维护情况")
}
