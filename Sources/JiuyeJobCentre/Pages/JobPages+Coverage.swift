import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 毕业生简历维护情况.
extension JobPages {
    package struct CoverageRow: Sendable {
        let studentNo: String, name: String, college: String, major: String, className: String, cohort: Int
        let completeness: Int?
        let updatedAt: Int64?

        var canApply: Bool { (completeness ?? 0) >= Resume.applyThreshold }
    }

    package struct Coverage: HTML {
        let context: PageContext
        let rows: [CoverageRow]
        let total: Int, ready: Int, empty: Int, matching: Int, page: Int, pageSize: Int
        let filter: StudentQueries.Filter
        let band: ResumeCoverageController.Band?
        let colleges: [SelectOption], levels: [SelectOption], cohorts: [SelectOption]
        let parameters: [(String, String)]

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "毕业生简历维护情况") {
                    FilterBar(path: "/jobcentre/resume-coverage") {
                        SelectField("届别", name: "cohort", options: cohorts, selected: filter.cohort.map(String.init), prompt: "全部", id: "c-cohort")
                        SelectField("学历", name: "level", options: levels, selected: filter.level, prompt: "全部", id: "c-level")
                        if colleges.count > 1 {
                            SelectField("院系", name: "college", options: colleges, selected: filter.collegeID.map(String.init), prompt: "全部", id: "c-college")
                        }
                        SelectField("简历完善度", name: "band", options: ResumeCoverageController.Band.allCases.map { SelectOption($0.rawValue, $0.label) },
                                    selected: band?.rawValue, prompt: "全部", id: "c-band")
                        TextField("姓名或学号", name: "q", value: filter.keyword ?? "", maxLength: 30, id: "c-q")
                    }
                    p(.class("muted")) {
                        "共 \(total) 名毕业生，简历完善度已达 \(Resume.applyThreshold)%（可一键求职）\(ready) 人，未填写简历 \(empty) 人。完善度随学生保存简历即时更新，刷新页面即为最新。"
                    }
                    ExportMenu(path: "/jobcentre/resume-coverage/export", query: parameters, total: matching)
                    DataTable(columns: [.init("学号"), .init("姓名"), .init("院系"), .init("专业"), .init("班级"), .init("届别", numeric: true),
                                        .init("简历完善度", numeric: true), .init("简历更新时间")],
                              rows: rows.map { row in
                                  let score: AnyHTML = row.completeness.map { percent in
                                      AnyHTML(StatusBadge("\(percent)%", tone: percent >= Resume.applyThreshold ? .success : .warning))
                                  } ?? AnyHTML(StatusBadge("未填写", tone: .neutral))
                                  return [AnyHTML(Text(row.studentNo)), AnyHTML(Text(row.name)), AnyHTML(Text(row.college)), AnyHTML(Text(row.major)),
                                          AnyHTML(Text(row.className)), AnyHTML(Text("\(row.cohort)")), score,
                                          AnyHTML(Text(row.updatedAt.map(ChinaTime.dateTime) ?? "—"))]
                              }, emptyMessage: "没有符合条件的毕业生。")
                    Pager(path: "/jobcentre/resume-coverage", baseQuery: parameters, page: page, pageSize: pageSize, total: matching)
                }
            }.render(into: &buffer)
        }
    }
}
