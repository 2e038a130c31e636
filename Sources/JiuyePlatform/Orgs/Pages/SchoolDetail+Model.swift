import JiuyeHTML

/// One school: its campuses and colleges, with the forms to add them. The system admin reaches it
/// at /admin/schools/:id, a school admin at /org/school (its own school only).
package enum SchoolDetail {
    package struct Model: Sendable {
        package var school: OrgQueries.School
        /// Where this page lives for the viewer (pager, filter and redirects come back here).
        package var path: String
        package var campuses: [OrgQueries.CampusRow]
        package var colleges: [OrgQueries.CollegeRow]
        package var total: Int
        package var keyword: String
        package var page: Int
        /// 校区 are platform structure: only the system admin adds them.
        package var canAddCampus: Bool
        /// An admin limited to some campuses must put a new college on one of them.
        package var campusRequired: Bool
        package var campusForm = CampusForm()
        package var collegeForm = CollegeForm()
        package var errors: [String: String] = [:]
        package var csrfToken: String

        package var campusOptions: [SelectOption] { campuses.map { SelectOption(String($0.id), $0.name) } }
        package var query: [(String, String)] { keyword.isEmpty ? [] : [("q", keyword)] }
        package var details: [(String, String)] {
            [("学校代码", school.code), ("学校名称", school.name), ("所在省份", school.region_name ?? "—"), ("校区数", String(campuses.count))]
        }
    }
}
