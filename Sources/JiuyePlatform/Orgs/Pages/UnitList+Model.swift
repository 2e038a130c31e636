import JiuyeHTML

/// 用人单位 list (system admin): filter by name or credit code and by region, 20 per page.
package enum UnitList {
    package static func statusBadge(_ status: String) -> StatusBadge {
        switch status {
        case "approved": StatusBadge("已审核", tone: .success)
        case "pending": StatusBadge("待审核", tone: .warning)
        case "rejected": StatusBadge("未通过", tone: .danger)
        default: StatusBadge(status)
        }
    }

    package struct Item: Sendable {
        package let id: Int64
        package let name: String
        package let creditCode: String
        package let location: String
        package let status: String
        package let createdAt: String

        package init(_ row: OrgQueries.UnitRow) {
            id = row.id
            name = row.name
            creditCode = row.credit_code
            // A province-direct county's parent is the province itself; otherwise city then province.
            let names = row.parent_level == "province" ? [row.parent_name, row.county_name] : [row.grand_name, row.parent_name, row.county_name]
            // A municipality's city row repeats the province's name (重庆市 重庆市 南岸区): show it once.
            let parts = names.compactMap { $0 }.reduce(into: [String]()) { parts, name in
                if parts.last != name { parts.append(name) }
            }
            location = parts.isEmpty ? "—" : parts.joined(separator: " ")
            status = row.status
            createdAt = ChinaTime.dateTime(row.created_at)
        }
    }

    package struct Model: Sendable {
        package var rows: [Item]
        package var total: Int
        package var keyword: String
        package var picker: RegionPicker
        package var page: Int

        package var query: [(String, String)] {
            [("q", keyword.isEmpty ? nil : keyword), ("province", picker.province), ("city", picker.city), ("county", picker.county)]
                .compactMap { name, value in value.map { (name, $0) } }
        }
    }
}
