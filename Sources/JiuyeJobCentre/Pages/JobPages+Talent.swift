import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 人才库.
extension JobPages {
    package struct TalentList: HTML {
        let context: PageContext
        let items: [TalentController.Item]
        let total: Int, page: Int
        let verified: Bool
        let major: String
        let level: String?, cohort: String?

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "人才库") {
                    if !verified {
                        Alert(.info, "贵单位通过学校的资质鉴证后，可查看该校公开简历的毕业生。")
                    } else {
                        p(.class("muted")) { "已鉴证贵单位的学校中，简历公开且完善度达到 \(Resume.applyThreshold)% 的毕业生。联系方式以学生的公开设置为准。" }
                        FilterBar(path: "/jobcentre/talent") {
                            TextField("专业", name: "major", value: major, placeholder: "专业名称", maxLength: 20, id: "t-major")
                            SelectField("学历", name: "level", options: EducationLevel.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: level, prompt: "全部",
                                        id: "t-level")
                            TextField("届别", name: "cohort", value: cohort ?? "", placeholder: "如 2026", inputMode: "numeric", maxLength: 4, id: "t-cohort")
                        }
                        p(.class("muted")) { "共 \(total) 人" }
                        DataTable(columns: [.init("姓名"), .init("学校"), .init("专业"), .init("学历"), .init("届别"), .init("完善度", numeric: true), .init("更新时间")],
                                  rows: items.map { item in
                                      [AnyHTML(a(.href("/jobcentre/talent/\(item.id)")) { item.name }), AnyHTML(Text(item.school)), AnyHTML(Text(item.major)),
                                       AnyHTML(Text(item.level)), AnyHTML(Text("\(item.cohort)")), AnyHTML(Text("\(item.completeness)%")),
                                       AnyHTML(Text(ChinaTime.date(item.updatedAt)))]
                                  }, emptyMessage: "没有符合条件的公开简历。")
                        Pager(path: "/jobcentre/talent", baseQuery: [("major", major), ("level", level ?? ""), ("cohort", cohort ?? "")].filter { !$0.1.isEmpty },
                              page: page, pageSize: 20, total: total)
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct TalentDetail: HTML {
        let context: PageContext
        let name: String
        let student: ResumeStore.Student
        let sections: [(String, String)]
        let photo: Int64?

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                ResumeCards(name: name, student: student, sections: sections, photo: photo)
            }.render(into: &buffer)
        }
    }
}
