import Fluent
import JiuyeDomain
import JiuyeHTML
import JiuyeSheets
import SQLKit
import Vapor

/// 行政区划 and 用人单位 on the organisation screens.
extension OrgAdminController {
    // MARK: - Regions

    @Sendable
    package func regions(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let keyword = Self.text(req, "q")
        let page = Self.page(req)
        let listing: OrgQueries.RegionListing
        let heading: String
        var trail: [Crumb] = []
        var query: [(String, String)] = []
        var emptyMessage = "没有下级行政区划。"
        if !keyword.isEmpty {
            listing = .search(keyword)
            heading = "名称含“\(keyword)”的行政区划"
            query = [("q", keyword)]
            emptyMessage = "没有名称含“\(keyword)”的行政区划。"
        } else if let code = req.query[String.self, at: "city"] {
            guard let city = try await OrgQueries.region(code, on: req.db), city.level == "city",
                  let parent = city.parent_code, let province = try await OrgQueries.region(parent, on: req.db) else { throw Abort(.notFound) }
            listing = .children(of: city.code)
            heading = "\(province.name) \(city.name) 的区县"
            trail = [Crumb(province.name, href: "/admin/regions?province=\(province.code)"), Crumb(city.name)]
            query = [("city", city.code)]
            emptyMessage = "\(city.name)不设区县，本身即为县级单位。"
        } else if let code = req.query[String.self, at: "province"] {
            guard let province = try await OrgQueries.region(code, on: req.db), province.level == "province" else { throw Abort(.notFound) }
            listing = .children(of: province.code)
            heading = "\(province.name) 的城市和直属区县"
            trail = [Crumb(province.name)]
            query = [("province", province.code)]
        } else {
            listing = .provinces
            heading = "省级行政区"
        }
        let (rows, total) = try await OrgQueries.regionPage(listing, page: page, on: req.db)
        let model = RegionBrowser.Model(heading: heading, trail: trail, rows: rows, total: total, page: page, keyword: keyword,
                                        query: query, emptyMessage: emptyMessage)
        let crumbs = [Crumb("行政区划", href: "/admin/regions")] + trail
        return req.render(RegionBrowser.View(context: req.pageContext("行政区划", breadcrumb: crumbs), model: model))
    }

    // MARK: - Units

    @Sendable
    package func units(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let picker = try await OrgQueries.picker(province: req.query[String.self, at: "province"], city: req.query[String.self, at: "city"],
                                                 county: req.query[String.self, at: "county"], on: req.db)
        let filter = OrgQueries.UnitFilter(keyword: Self.text(req, "q"), region: picker.chosen, page: Self.page(req))
        let (rows, total) = try await OrgQueries.units(filter, on: req.db)
        let model = UnitList.Model(rows: rows.map(UnitList.Item.init), total: total, keyword: filter.keyword ?? "", picker: picker, page: filter.page)
        return req.render(UnitList.View(context: req.pageContext("用人单位", breadcrumb: [Crumb("用人单位")]), model: model))
    }

    /// 导出 用人单位 with the list's filters (name or credit code, region), audited.
    @Sendable
    package func exportUnits(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let picker = try await OrgQueries.picker(province: req.query[String.self, at: "province"], city: req.query[String.self, at: "city"],
                                                 county: req.query[String.self, at: "county"], on: req.db)
        let filter = OrgQueries.UnitFilter(keyword: Self.text(req, "q"), region: picker.chosen, page: 1)
        let format = SheetExport.format(req)
        try await req.db.writeTransaction { db in
            try await req.audit(.exportUnits, target: .units, id: nil, changes: [.init("format", after: format.rawValue)], on: db)
        }
        let db = req.db
        let columns: [XLSXWriter.Column] = [.init("单位名称", width: 30), .init("统一社会信用代码", width: 22), .init("所在地", width: 24), .init("状态", width: 8), .init("登记时间", width: 18)]
        return SheetExport.response(req, filename: "用人单位", format: format, sheetName: "用人单位", columns: columns) { sink in
            try await sink.emitPages({ (number: Int?) in
                var page = filter
                page.page = number ?? 1
                return try await OrgQueries.units(page, pageSize: SheetExport.pageSize, on: db).rows
            }, next: { _, number in (number ?? 1) + 1 }) { row in
                let item = UnitList.Item(row)
                return [.text(item.name), .text(item.creditCode), .text(item.location), .text(UnitList.statusBadge(item.status).text), .text(item.createdAt)]
            }
        }
    }

    @Sendable
    package func newUnit(req: Request) async throws -> Response {
        let form = UnitForm(province: OrgInput.code(req.query[String.self, at: "province"]), city: Self.text(req, "city"))
        return try await renderUnitForm(req, form: form)
    }

    package func renderUnitForm(_ req: Request, form: UnitForm, errors: [String: String] = [:], status: HTTPResponseStatus = .ok) async throws -> Response {
        let user = try req.requireRole(.systemAdmin)
        let picker = try await OrgQueries.picker(province: form.province, city: form.city, county: form.county, on: req.db)
        let model = UnitRegistration.Model(picker: picker, form: form, errors: errors, csrfToken: user.csrfToken)
        let context = req.pageContext("登记用人单位", breadcrumb: [Crumb("用人单位", href: "/admin/units"), Crumb("登记用人单位")], current: "/admin/units")
        return req.render(UnitRegistration.View(context: context, model: model), status: status)
    }

    @Sendable
    package func createUnit(req: Request) async throws -> Response {
        _ = try req.requireRole(.systemAdmin)
        let form = try req.content.decode(UnitForm.self)
        let (creditCode, errors) = form.validated(countyIsValid: try await OrgQueries.isUnitLocation(form.county, on: req.db))
        guard errors.isEmpty, let code = creditCode?.value else {
            return try await renderUnitForm(req, form: form, errors: errors, status: .unprocessableEntity)
        }
        let now = req.now
        let result = try await create(req) { db in
            try await OrgQueries.creditCodeTaken(code, on: db) ? ValidationError(field: "creditCode", message: "该统一社会信用代码已登记。") : nil
        } write: { db in
            let id = try await OrgQueries.insertReturningID(db, into: "units", [
                ("name", form.name), ("credit_code", code), ("county_code", form.county), ("status", "approved"), ("created_at", now),
            ])
            try await req.audit(.orgUnitCreate, target: .unit, id: id, changes: [
                .init("name", after: form.name), .init("credit_code", after: code),
                .init("county_code", after: form.county), .init("status", after: "approved"),
            ], on: db)
        }
        if case .failure(let problem) = result {
            return try await renderUnitForm(req, form: form, errors: [problem.field: problem.message], status: .unprocessableEntity)
        }
        return req.seeOther("/admin/units", flash: Flash(.success, "单位“\(form.name)”已登记（已审核）。"))
    }
}
