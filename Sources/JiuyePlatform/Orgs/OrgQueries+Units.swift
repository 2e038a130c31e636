import Fluent
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// 用人单位 (units) and the region picker.
extension OrgQueries {
    // MARK: - Units (用人单位)

    package struct UnitRow: Decodable, Sendable {
        package let id: Int64
        package let name: String
        package let credit_code: String
        package let status: String
        package let created_at: Int64
        package let county_name: String?
        package let parent_name: String?
        package let parent_level: String?
        package let grand_name: String?
    }

    package struct UnitFilter: Sendable {
        package var keyword: String?
        /// The most specific region chosen in the filter (province, city or county code).
        package var region: Region?
        package var page = 1
    }

    package static func units(_ filter: UnitFilter, pageSize: Int = pageSize, on db: any Database) async throws -> (rows: [UnitRow], total: Int) {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query
            if let keyword = filter.keyword, !keyword.isEmpty {
                query = query.where { $0
                    .where(SQLColumn("name", table: "u"), .like, contains(keyword))
                    .orWhere(SQLColumn("credit_code", table: "u"), .equal, SQLBind(keyword.uppercased()))
                }
            }
            if let region = filter.region {
                // 行政区划 codes nest by prefix: 51xxxx lies in 510000, 5101xx in 510100
                // (province-direct counties such as 419001 keep their province's two digits).
                switch region.level {
                case "province": query = query.where(SQLColumn("county_code", table: "u"), .like, SQLBind(String(region.code.prefix(2)) + "%"))
                case "city": query = query.where(SQLColumn("county_code", table: "u"), .like, SQLBind(String(region.code.prefix(4)) + "%"))
                default: query = query.where(SQLColumn("county_code", table: "u"), .equal, SQLBind(region.code))
                }
            }
            return query
        }
        let rows = try await filtered(db.sql.select()
            .column(SQLColumn("id", table: "u")).column(SQLColumn("name", table: "u")).column(SQLColumn("credit_code", table: "u"))
            .column(SQLColumn("status", table: "u")).column(SQLColumn("created_at", table: "u"))
            .column(column("name", "rc", as: "county_name"))
            .column(column("name", "rp", as: "parent_name")).column(column("level", "rp", as: "parent_level"))
            .column(column("name", "rg", as: "grand_name"))
            .from(table("units", "u"))
            .join(table("regions", "rc"), method: SQLJoinMethod.left, on: SQLColumn("code", table: "rc"), .equal, SQLColumn("county_code", table: "u"))
            .join(table("regions", "rp"), method: SQLJoinMethod.left, on: SQLColumn("code", table: "rp"), .equal, SQLColumn("parent_code", table: "rc"))
            .join(table("regions", "rg"), method: SQLJoinMethod.left, on: SQLColumn("code", table: "rg"), .equal, SQLColumn("parent_code", table: "rp")))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "u"), direction: SQLDirection.descending))
            .limit(pageSize).offset(PageNumber.offset(page: filter.page, pageSize: pageSize))
            .all(decoding: UnitRow.self)
        let total = try await total(filtered(db.sql.select().column(countAll).from(table("units", "u"))))
        return (rows, total)
    }

    package static func creditCodeTaken(_ code: String, on db: any Database) async throws -> Bool {
        try await db.sql.select().column("id").from("units").where("credit_code", .equal, SQLBind(code)).first() != nil
    }
}

extension OrgQueries {
    /// The region picker for the given (unchecked) choices: a choice that is not a child of the
    /// level above is dropped, so a stale city from another province never sticks.
    package static func picker(province: String?, city: String?, county: String?, on db: any Database) async throws -> RegionPicker {
        var picker = RegionPicker()
        let provinces = try await regions(level: "province", on: db)
        picker.provinces = options(provinces)
        guard let chosenProvince = provinces.first(where: { $0.code == province }) else { return picker }
        picker.province = chosenProvince.code
        picker.chosen = chosenProvince
        let children = try await regions(parent: chosenProvince.code, on: db)
        let cities = children.filter { $0.level == "city" }
        let direct = children.filter { $0.level == "county" }
        picker.cities = options(cities)
            + (direct.isEmpty ? [] : [SelectOption(RegionPicker.direct, "直属县级行政区（不属于任何地级市）")])
        let counties: [Region]
        if city?.lowercased() == RegionPicker.direct, !direct.isEmpty {
            picker.city = RegionPicker.direct
            counties = direct
        } else if let chosenCity = cities.first(where: { $0.code == city }) {
            picker.city = chosenCity.code
            picker.chosen = chosenCity
            counties = try await self.counties(under: chosenCity, on: db)
        } else {
            return picker
        }
        picker.counties = options(counties)
        if let chosenCounty = counties.first(where: { $0.code == county }) {
            picker.county = chosenCounty.code
            picker.chosen = chosenCounty
        }
        return picker
    }

    /// Options named after the regions; siblings sharing a name (重庆市 500100 and 500200) also show their code.
    package static func options(_ regions: [Region]) -> [SelectOption] {
        var seen: [String: Int] = [:]
        for region in regions { seen[region.name, default: 0] += 1 }
        return regions.map { SelectOption($0.code, seen[$0.name]! > 1 ? "\($0.name)（\($0.code)）" : $0.name) }
    }
}
