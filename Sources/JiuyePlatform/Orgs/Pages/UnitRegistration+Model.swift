import JiuyeHTML

/// 登记用人单位 (system admin). Step 1 is a GET form choosing province then city; step 2 posts
/// name, 统一社会信用代码 and one county of that city. A unit the system admin registers is approved.
package enum UnitRegistration {
    package struct Model: Sendable {
        package var picker: RegionPicker
        package var form = UnitForm()
        package var errors: [String: String] = [:]
        package var csrfToken: String

        /// Step 2 opens once the counties of one city (or the province-direct ones) are known.
        package var readyForDetails: Bool { !picker.counties.isEmpty }
    }
}
