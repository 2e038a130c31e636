import JiuyeHTML

/// 行政区划 browser: provinces; one province's cities and province-direct counties; one city's
/// counties; or a search by name. Links only, no JavaScript.
package enum RegionBrowser {
    package static func levelLabel(_ level: String) -> String {
        switch level {
        case "province": "省级"
        case "city": "地级"
        case "county": "县级"
        default: level
        }
    }

    /// Where a row's children are listed (nil for a county).
    package static func childrenHref(code: String, level: String) -> String? {
        switch level {
        case "province": "/admin/regions?province=\(code)"
        case "city": "/admin/regions?city=\(code)"
        default: nil
        }
    }

    package struct Model: Sendable {
        package var heading: String
        /// The trail below 行政区划 (province, city), each with its link.
        package var trail: [Crumb]
        package var rows: [OrgQueries.RegionRow]
        package var total: Int
        package var page: Int
        package var keyword: String
        /// The listing's own parameters, kept by the pager.
        package var query: [(String, String)]
        package var emptyMessage: String
    }
}
