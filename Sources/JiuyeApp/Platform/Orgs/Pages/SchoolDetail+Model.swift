import JiuyeHTML

/// One school: its campuses and colleges, with the forms to add them. The system admin reaches it
/// at /admin/schools/:id, a school admin at /org/school (its own school only).
enum SchoolDetail {
    struct Model: Sendable {
        var school: OrgQueries.School
        /// Where this page lives for the viewer (pager, filter and redirects come back here).
        var path: String
        var campuses: [OrgQueries.CampusRow]
        var colleges: [OrgQueries.CollegeRow]
        var total: Int
        var keyword: String
        var page: Int
        /// 校区 are platform structure: only the system admin adds them.
        var canAddCampus: Bool
        /// An admin limited to some campuses must put a new college on one of them.
        var campusRequired: Bool
        var campusForm = CampusForm()
        var collegeForm = CollegeForm()
        var errors: [String: String] = [:]
        var csrfToken: String

        var campusOptions: [SelectOption] { campuses.map { SelectOption(String($0.id), $0.name) } }
        var query: [(String, String)] { keyword.isEmpty ? [] : [("q", keyword)] }
        var details: [(String, String)] {
            [("学校代码", school.code), ("学校名称", school.name), ("所在省份", school.region_name ?? "—"), ("校区数", String(campuses.count))]
        }
    }
}
