import JiuyeHTML

/// Province → city → county chosen without JavaScript: each GET submission offers the next level.
/// `city` may be `RegionPicker.direct`, the province's county-level units that belong to no city
/// (省直辖县级行政区 such as 济源市, or the districts of 香港).
package struct RegionPicker: Sendable {
    package static let direct = "direct"

    package var provinces: [SelectOption] = []
    package var province: String?
    package var cities: [SelectOption] = []
    package var city: String?
    package var counties: [SelectOption] = []
    package var county: String?
    /// The most specific region chosen so far (what a filter narrows to).
    package var chosen: OrgQueries.Region?
}

/// The picker's selects. Each level appears once its parent is chosen.
package struct RegionPickerFields: HTML {
    package let picker: RegionPicker
    package let idPrefix: String
    package var includeCounty = true
    package var prompt: String? = "请选择"

    package init(picker: RegionPicker, idPrefix: String, includeCounty: Bool = true, prompt: String? = "请选择") {
        self.picker = picker
        self.idPrefix = idPrefix
        self.includeCounty = includeCounty
        self.prompt = prompt
    }

    package func render(into buffer: inout HTMLBuffer) {
        SelectField("省份", name: "province", options: picker.provinces, selected: picker.province, prompt: prompt, id: idPrefix + "province")
            .render(into: &buffer)
        if picker.province != nil {
            SelectField("城市", name: "city", options: picker.cities, selected: picker.city, prompt: prompt, id: idPrefix + "city")
                .render(into: &buffer)
        }
        if includeCounty && picker.city != nil {
            SelectField("区县", name: "county", options: picker.counties, selected: picker.county, prompt: prompt, id: idPrefix + "county")
                .render(into: &buffer)
        }
    }
}
