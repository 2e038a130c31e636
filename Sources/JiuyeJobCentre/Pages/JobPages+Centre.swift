import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 学生中心.
extension JobPages {
    package struct StudentCentre: HTML {
        let context: PageContext
        let name: String
        let school: String?
        let email: String?
        let phone: String?
        let sections: [MenuSection]
        let completeness: Int
        let hasPreference: Bool
        let top: [(JobStore.Row, Int)]

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "欢迎您，\(name)") {
                    p { "学校：\(school ?? "—")" }
                    p(.class("muted")) { "邮箱：\(email ?? "未填写") | 手机：\(phone ?? "未填写")" }
                    p { "简历完善度 "; StatusBadge("\(completeness)%", tone: completeness >= Resume.applyThreshold ? .success : .warning); " "; a(.href("/jobcentre/resume")) { "完善简历" } }
                }
                Card(title: "快速通道") {
                    div(.class("centre-sections")) {
                        for section in sections {
                            div(.class("centre-section")) {
                                h3 { section.title }
                                ul(.class("portal-nav")) { for item in section.items { li { a(.href(item.href)) { item.label } } } }
                            }
                        }
                    }
                }
                Card(title: "精准就业推荐") {
                    p { LinkButton("推荐设置", href: "/jobcentre/preferences"); " "; LinkButton("全部推荐", href: "/jobcentre/recommendations") }
                    if !hasPreference {
                        p(.class("muted")) { "首次使用请点击“推荐设置”，完善求职意向后系统会自动推荐合适的职位。" }
                    } else {
                        DataTable(columns: [.init("职位名称"), .init("公司名称"), .init("发布时间"), .init("信息来源")],
                                  rows: top.map { job, _ in
                                      [AnyHTML(a(.href("/jobs/\(job.id)")) { job.posting.title }), AnyHTML(Text(job.unitName)),
                                       AnyHTML(Text(job.publishedAt.map(ChinaTime.dateTime) ?? "—")), AnyHTML(Text("【招聘信息】\(job.schoolName)"))]
                                  }, emptyMessage: "暂时没有符合求职意向的职位。")
                    }
                }
            }.render(into: &buffer)
        }
    }
}
