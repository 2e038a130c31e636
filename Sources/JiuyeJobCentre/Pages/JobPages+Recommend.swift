import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 推荐设置 and 职位推荐.
extension JobPages {
    package struct PreferenceForm: HTML {
        let context: PageContext
        let preference: JobPreference
        let places: String
        let salary: String
        let industries: [(String, String)]
        let errors: [String: String]
        let first: Bool
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "推荐设置（求职意向）") {
                    if first { Alert(.info, "首次使用请填写求职意向，系统将据此为你推荐职位。") }
                    EditForm(action: "/jobcentre/preferences", errors: errors, csrfToken: csrfToken) {
                        TextField("期望工作地点", name: "counties", value: places, error: errors["counties"],
                                  hint: "最多 \(JobPreference.maximumChoices) 个区县，用顿号分隔", placeholder: "如 重庆市沙坪坝区、重庆市南岸区", id: "pref-counties")
                        CheckboxGroup("期望职位类别（最多 \(JobPreference.maximumChoices) 个）", name: "categories",
                                      options: DestinationForm.positions.map { SelectOption($0.code, $0.label) }, checked: Set(preference.categories))
                        if let error = errors["categories"] { p(.class("field-error")) { error } }
                        CheckboxGroup("期望行业（最多 \(JobPreference.maximumChoices) 个）", name: "industries",
                                      options: industries.map { SelectOption($0.0, $0.1) }, checked: Set(preference.industries))
                        if let error = errors["industries"] { p(.class("field-error")) { error } }
                        TextField("期望月薪（元）", name: "salary", value: salary, error: errors["salary"], hint: "留空为不限", inputMode: "numeric", maxLength: 7,
                                  id: "pref-salary")
                        FormActions { Button("保存并查看推荐") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct Recommendations: HTML {
        let context: PageContext
        let rows: [(JobStore.Row, Int, [JobRecommendation.Reason])]
        let place: (String) -> String
        let industry: (String) -> String

        func reason(_ reason: JobRecommendation.Reason) -> String {
            switch reason {
            case .county(let code): "工作地点符合（\(place(code))）+40"
            case .city(let code): "同城（\(place(code))）+20"
            case .category(let code): "职位类别符合（\(JobPosting.categoryLabel(code))）+30"
            case .industry(let code): "行业符合（\(industry(code))）+15"
            case .salary(let pay): "月薪可达期望（\(pay) 元）+15"
            }
        }

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "精准就业推荐") {
                    p { LinkButton("推荐设置", href: "/jobcentre/preferences") }
                    p(.class("muted")) { "按求职意向为已发布的职位打分：工作地点 40、职位类别 30、行业 15、月薪 15，分数高的在前；职位有变化时推荐随之更新。" }
                    DataTable(columns: [.init("职位名称"), .init("公司名称"), .init("发布时间"), .init("匹配度", numeric: true), .init("推荐理由")],
                              rows: rows.map { job, score, reasons in
                                  [AnyHTML(a(.href("/jobs/\(job.id)")) { job.posting.title }), AnyHTML(Text(job.unitName)),
                                   AnyHTML(Text(job.publishedAt.map(ChinaTime.dateTime) ?? "—")), AnyHTML(StatusBadge("\(score)", tone: score >= 70 ? .success : .info)),
                                   AnyHTML(Text(reasons.map(reason).joined(separator: "；")))]
                              }, emptyMessage: "暂时没有符合求职意向的职位。可以在推荐设置中放宽条件。")
                }
            }.render(into: &buffer)
        }
    }
}
