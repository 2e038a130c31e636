import JiuyeDomain
import JiuyeHTML

/// One college: its majors and classes, with the forms to add them.
package enum CollegeDetail {
    package struct Model: Sendable {
        package var college: OrgQueries.College
        /// The school page for this viewer (/admin/schools/:id or /org/school).
        package var schoolPath: String
        package var majors: [OrgQueries.MajorRow]
        package var classes: [OrgQueries.ClassRow]
        package var total: Int
        package var filter: OrgQueries.ClassFilter
        package var majorForm = MajorForm()
        package var classForm = ClassForm()
        package var errors: [String: String] = [:]
        package var csrfToken: String

        package var path: String { "/admin/colleges/\(college.id)" }
        package var majorOptions: [SelectOption] { majors.map { SelectOption(String($0.id), "\($0.name)（\($0.level)，\($0.code)）") } }
        package static let levelOptions = EducationLevel.allCases.map { SelectOption($0.rawValue, $0.label) }
        package var query: [(String, String)] {
            [("major", filter.majorID.map(String.init)), ("cohort", filter.cohort.map(String.init))]
                .compactMap { name, value in value.map { (name, $0) } }
        }
        package var details: [(String, String)] {
            [("所属学校", college.school_name), ("院系代码", college.code), ("院系名称", college.name), ("所在校区", college.campus_name ?? "—")]
        }
    }
}
