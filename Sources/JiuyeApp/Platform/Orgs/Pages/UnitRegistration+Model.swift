import JiuyeHTML

/// 登记用人单位 (system admin). Step 1 is a GET form choosing province then city; step 2 posts
/// name, 统一社会信用代码 and one county of that city. A unit the system admin registers is approved.
enum UnitRegistration {
    struct Model: Sendable {
        var picker: RegionPicker
        var form = UnitForm()
        var errors: [String: String] = [:]
        var csrfToken: String

        /// Step 2 opens once the counties of one city (or the province-direct ones) are known.
        var readyForDetails: Bool { !picker.counties.isEmpty }
    }
}
