import JiuyePlatform
import JiuyeDomain

extension CaseType {
    /// 毕业去向登记 (seed 004 §2(2)): one case per graduate and graduation year.
    package static let destination = CaseType(
        key: "destination",
        table: "destination_cases",
        definition: ProcessDefinitions.destination,
        fields: [
            FieldDiff.Field("category", "毕业去向"),
            FieldDiff.Field("unit_name", "单位/院校名称"),
            FieldDiff.Field("unit_location", "单位所在地"),
            FieldDiff.Field("position", "工作职位类别"),
            FieldDiff.Field("remark", "备注"),
        ],
        business: .destination,
        display: DestinationText.display,
        // Every graduate of the cohort registers a destination: those with no case yet count as 未提交.
        applicants: ApplicantSource(
            table: "students", userColumn: "user_id",
            scopeColumns: [.school: "school_id", .campus: "campus_id", .college: "college_id", .major: "major_id", .class: "class_id",
                           .cohort: "cohort", .level: "level"],
            periodColumn: "cohort"))
}

package enum DestinationText {
    /// The stored codes shown as "11 签劳动合同形式就业".
    package static func display(_ data: [String: String]) -> [String: String] {
        var shown = data
        if let code = data["category"], let category = DestinationForm.category(code) { shown["category"] = "\(code) \(category.label)" }
        if let code = data["position"], let position = DestinationForm.positions.first(where: { $0.code == code }) { shown["position"] = "\(code) \(position.label)" }
        return shown
    }
}
