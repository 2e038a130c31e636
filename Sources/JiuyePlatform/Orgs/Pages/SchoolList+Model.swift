import JiuyeHTML

/// 学校列表 (system admin): every school, filter by name or code, and the 新增学校 form.
package enum SchoolList {
    package struct Item: Sendable {
        package let id: Int64
        package let code: String
        package let name: String
        package let region: String
        package let colleges: Int

        package init(_ row: OrgQueries.SchoolRow) {
            (id, code, name, region, colleges) = (row.id, row.code, row.name, row.region_name ?? "—", row.colleges)
        }
    }

    package struct Model: Sendable {
        package var rows: [Item]
        package var total: Int
        package var keyword: String
        package var page: Int
        package var provinces: [SelectOption]
        package var form: SchoolForm
        package var errors: [String: String]
        package var csrfToken: String

        package var query: [(String, String)] { keyword.isEmpty ? [] : [("q", keyword)] }
    }
}
