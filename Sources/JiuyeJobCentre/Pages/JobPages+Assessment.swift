import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 职业测评.
extension JobPages {
    package struct AssessmentIntro: HTML {
        let context: PageContext
        let rows: [AssessmentController.Row]
        let student: Bool

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "霍兰德职业兴趣测评") {
                    p { "职业兴趣测评依据霍兰德（Holland）的职业兴趣理论，把人的兴趣分为现实型、研究型、艺术型、社会型、企业型和常规型六种。"
                        + "完成 \(CareerInterest.items.count) 道题（约 10 分钟），你会得到自己的三字母兴趣代码、各类型得分和适合的职业方向，供选择职业和求职方向时参考。" }
                    p(.class("muted")) { "按第一感觉作答，没有对错之分。测评结果只有你本人能看到。" }
                    if student {
                        p { LinkButton("开始测评", href: "/assessment/take", kind: .primary) }
                    } else {
                        p(.class("muted")) { "学生登录后可进行测评。"; a(.href("/login?next=/assessment")) { "登录" } }
                    }
                }
                if student {
                    Card(title: "我的测评") {
                        DataTable(columns: [.init("测评时间"), .init("兴趣代码"), .init("主要类型"), .init("")],
                                  rows: rows.map { row in
                                      [AnyHTML(Text(ChinaTime.dateTime(row.takenAt))), AnyHTML(strong { row.outcome.code }),
                                       AnyHTML(Text(row.outcome.top.map(\.label).joined(separator: "、"))), AnyHTML(a(.href("/assessment/\(row.id)")) { "查看结果" })]
                                  }, emptyMessage: "还没有测评记录。")
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct AssessmentForm: HTML {
        let context: PageContext
        let answers: [String: String]
        let problem: CareerInterest.Problem?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let missing = Set(problem?.missing ?? [])
            let choices = [SelectOption("1", "喜欢"), SelectOption("0", "不喜欢")]
            Layout(context) {
                Card(title: "霍兰德职业兴趣测评") {
                    p(.class("muted")) { "下面 \(CareerInterest.items.count) 项活动，你喜欢做的选“喜欢”，不喜欢或不感兴趣的选“不喜欢”。每题都要作答。" }
                    if let problem { Alert(.error, problem.message) }
                    form(.method("post"), .action("/assessment"), .class("form-stack assessment-form")) {
                        CSRFField(csrfToken)
                        for item in CareerInterest.items {
                            RadioGroup("\(item.number). \(item.text)", name: "q\(item.number)", options: choices, selected: answers["q\(item.number)"], required: true,
                                       error: missing.contains(item.number) ? "请作答" : nil)
                        }
                        FormActions { Button("提交并查看结果") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct AssessmentResult: HTML {
        let context: PageContext
        let outcome: CareerInterest.Outcome
        let takenAt: Int64

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "你的兴趣代码：\(outcome.code)") {
                    p(.class("muted")) { "测评时间：\(ChinaTime.dateTime(takenAt))" }
                    p { "你的兴趣主要是" + outcome.top.map(\.label).joined(separator: "、") + "。前两种类型的一致性：\(outcome.consistency.label)"
                        + (outcome.consistency == .low ? "（兴趣较为多样，选择职业时可多做尝试）。" : "。") }
                    BarChart(id: "riasec", title: "六种兴趣类型得分", data: CareerInterest.Kind.allCases.map { ChartDatum("\($0.label)（\($0.rawValue)）", outcome.scores[$0] ?? 0) },
                             unit: "分", categoryName: "类型", valueName: "得分（满分 10）")
                }
                for kind in outcome.top {
                    Card(title: "\(kind.label)（\(kind.rawValue)）：\(outcome.scores[kind] ?? 0) 分") {
                        p { kind.summary }
                        p { strong { "典型职业：" }; kind.occupations.joined(separator: "、") }
                    }
                }
                Card(title: "下一步") {
                    p { "测评结果仅供参考。可以在“推荐设置”中按兴趣调整期望的职位类别，或预约就业指导老师做进一步咨询。" }
                    div(.class("form-inline")) {
                        LinkButton("推荐设置", href: "/jobcentre/preferences")
                        LinkButton("咨询预约", href: "/consult")
                        LinkButton("重新测评", href: "/assessment/take")
                    }
                }
            }.render(into: &buffer)
        }
    }
}
