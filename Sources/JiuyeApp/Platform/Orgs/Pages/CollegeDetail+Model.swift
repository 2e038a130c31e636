import JiuyeDomain
import JiuyeHTML

/// One college: its majors and classes, with the forms to add them.
enum CollegeDetail {
    struct Model: Sendable {
        var college: OrgQueries.College
        /// The school page for this viewer (/admin/schools/:id or /org/school).
        var schoolPath: String
        var majors: [OrgQueries.MajorRow]
        var classes: [OrgQueries.ClassRow]
        var total: Int
        var filter: OrgQueries.ClassFilter
        var majorForm = MajorForm()
        var classForm = ClassForm()
        var errors: [String: String] = [:]
        var csrfToken: String

        var path: String { "/admin/colleges/\(college.id)" }
        var majorOptions: [SelectOption] { majors.map { SelectOption(String($0.id), "\($0.name)（\($0.level)，\($0.code)）") } }
        static let levelOptions = EducationLevel.allCases.map { SelectOption($0.rawValue, $0.label) }
        var query: [(String, String)] {
            [("major", filter.majorID.map(String.init)), ("cohort", filter.cohort.map(String.init))]
                .compactMap { name, value in value.map { (name, $0) } }
        }
        var details: [(String, String)] {
            [("所属学校", college.school_name), ("院系代码", college.code), ("院系名称", college.name), ("所在校区", college.campus_name ?? "—")]
        }
    }
}
