import JiuyeHTML

/// 学校列表 (system admin): every school, filter by name or code, and the 新增学校 form.
enum SchoolList {
    struct Item: Sendable {
        let id: Int64
        let code: String
        let name: String
        let region: String
        let colleges: Int

        init(_ row: OrgQueries.SchoolRow) {
            (id, code, name, region, colleges) = (row.id, row.code, row.name, row.region_name ?? "—", row.colleges)
        }
    }

    struct Model: Sendable {
        var rows: [Item]
        var total: Int
        var keyword: String
        var page: Int
        var provinces: [SelectOption]
        var form: SchoolForm
        var errors: [String: String]
        var csrfToken: String

        var query: [(String, String)] { keyword.isEmpty ? [] : [("q", keyword)] }
    }
}
