import JiuyeHTML

/// 行政区划 browser: provinces; one province's cities and province-direct counties; one city's
/// counties; or a search by name. Links only, no JavaScript.
enum RegionBrowser {
    static func levelLabel(_ level: String) -> String {
        switch level {
        case "province": "省级"
        case "city": "地级"
        case "county": "县级"
        default: level
        }
    }

    /// Where a row's children are listed (nil for a county).
    static func childrenHref(code: String, level: String) -> String? {
        switch level {
        case "province": "/admin/regions?province=\(code)"
        case "city": "/admin/regions?city=\(code)"
        default: nil
        }
    }

    struct Model: Sendable {
        var heading: String
        /// The trail below 行政区划 (province, city), each with its link.
        var trail: [Crumb]
        var rows: [OrgQueries.RegionRow]
        var total: Int
        var page: Int
        var keyword: String
        /// The listing's own parameters, kept by the pager.
        var query: [(String, String)]
        var emptyMessage: String
    }
}
