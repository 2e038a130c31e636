import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 就业问答.
extension JobPages {
    package struct QuestionList: HTML {
        let context: PageContext
        let rows: [QuestionsController.Row]
        let total: Int, page: Int
        let keyword: String
        let canAsk: Bool

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "就业问答") {
                    if canAsk { p { LinkButton("我要提问", href: "/jobcentre/questions", kind: .primary) } }
                    FilterBar(path: "/qa") { TextField("关键词", name: "q", value: keyword, maxLength: 30, id: "qa-q") }
                    DataTable(columns: [.init("问题"), .init("回答时间")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/qa/\(row.id)")) { row.title }), AnyHTML(Text(row.answeredAt.map(ChinaTime.date) ?? "—"))]
                              }, emptyMessage: "还没有已回答的问题。")
                    Pager(path: "/qa", baseQuery: keyword.isEmpty ? [] : [("q", keyword)], page: page, pageSize: 20, total: total)
                }
            }.render(into: &buffer)
        }
    }

    package struct QuestionPage: HTML {
        let context: PageContext
        let row: QuestionsController.Row
        let canAnswer: Bool
        let csrfToken: String?
        let error: String?
        let draft: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: row.title) {
                    p(.class("muted")) { "提问时间：\(ChinaTime.dateTime(row.createdAt))" }
                    if !row.body.isEmpty { Description(text: row.body) }
                }
                Card(title: "就业中心回答") {
                    if let answer = row.answer {
                        Description(text: answer)
                        p(.class("muted")) { "回答时间：\(row.answeredAt.map(ChinaTime.dateTime) ?? "")" }
                    } else {
                        p(.class("muted")) { "等待就业中心回答。" }
                    }
                    if canAnswer, let csrfToken {
                        if let error { Alert(.error, error) }
                        form(.method("post"), .action("/qa/\(row.id)/answer"), .class("form-stack")) {
                            CSRFField(csrfToken)
                            TextAreaField("回答", name: "answer", value: draft, required: true, hint: "回答后问答公开（不显示提问人）", rows: 5, id: "qa-answer")
                            FormActions { Button("回答并公开") }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct MyQuestions: HTML {
        let context: PageContext
        let rows: [QuestionsController.Row]
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "我要提问") {
                    EditForm(action: "/jobcentre/questions", errors: errors, csrfToken: csrfToken) {
                        TextField("问题", name: "title", value: values["title"] ?? "", required: true, error: errors["title"], maxLength: 60, id: "qa-title")
                        TextAreaField("补充说明", name: "body", value: values["body"] ?? "", error: errors["body"], hint: "不超过 1000 字；回答公开时不显示你的姓名", rows: 4,
                                      id: "qa-body")
                        FormActions { Button("提交问题") }
                    }
                }
                Card(title: "我的提问") {
                    DataTable(columns: [.init("问题"), .init("提问时间"), .init("状态")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/qa/\(row.id)")) { row.title }), AnyHTML(Text(ChinaTime.dateTime(row.createdAt))),
                                   AnyHTML(row.answeredAt == nil ? StatusBadge("待回答", tone: .warning) : StatusBadge("已回答", tone: .success))]
                              }, emptyMessage: "还没有提过问题。")
                }
            }.render(into: &buffer)
        }
    }

    package struct QuestionQueue: HTML {
        let context: PageContext
        let rows: [QuestionsController.Row]

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "待回答的问题") {
                    DataTable(columns: [.init("问题"), .init("提问时间")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/qa/\(row.id)")) { row.title }), AnyHTML(Text(ChinaTime.dateTime(row.createdAt)))]
                              }, emptyMessage: "没有待回答的问题。")
                }
            }.render(into: &buffer)
        }
    }
}
