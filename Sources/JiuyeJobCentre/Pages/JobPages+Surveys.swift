import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 就业调查.
extension JobPages {
    package struct SurveyList: HTML {
        let context: PageContext
        let rows: [SurveysController.Row]
        let answered: [Int64?]
        let student: Bool
        let today: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "就业调查") {
                    if !student {
                        p { "就业中心通过问卷了解同学们的求职意向、就业状况和对就业服务的意见。" }
                        p(.class("muted")) { "本校学生登录后可填写问卷。"; a(.href("/login?next=/surveys")) { "登录" } }
                    } else {
                        DataTable(columns: [.init("问卷"), .init("截止日期"), .init("状态")],
                                  rows: zip(rows, answered).map { row, submitted in
                                      [AnyHTML(a(.href("/surveys/\(row.id)")) { row.title }), AnyHTML(Text(row.closesOn)),
                                       AnyHTML(submitted != nil ? StatusBadge("已提交", tone: .success) : StatusBadge("待填写", tone: .warning))]
                                  }, emptyMessage: "目前没有需要填写的问卷。")
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct SurveyForm: HTML {
        let context: PageContext
        let row: SurveysController.Row
        let questions: [SurveysController.QuestionRow]
        let submitted: Int64?
        let open: Bool
        let values: [String: [String]]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: row.title) {
                    if !row.intro.isEmpty { Description(text: row.intro) }
                    p(.class("muted")) { "截止日期：\(row.closesOn)　共 \(questions.count) 题，选择题必答；结果匿名统计。" }
                    if let submitted {
                        Alert(.success, "你已于 \(ChinaTime.dateTime(submitted)) 提交，每人只能提交一次。")
                    } else if !open {
                        Alert(.info, "该问卷已截止。")
                    } else {
                        EditForm(action: "/surveys/\(row.id)", errors: errors, csrfToken: csrfToken) {
                            for (index, item) in questions.enumerated() {
                                field(index + 1, item.question)
                            }
                            FormActions { Button("提交问卷") }
                        }
                    }
                }
            }.render(into: &buffer)
        }

        func field(_ number: Int, _ question: Survey.Question) -> AnyHTML {
            let name = "q\(number)", label = "\(number). \(question.text)"
            let options = question.options.enumerated().map { SelectOption(String($0.offset), $0.element) }
            switch question.kind {
            case .single:
                return AnyHTML(RadioGroup(label, name: name, options: options, selected: values[name]?.first, required: true, error: errors[name]))
            case .multiple:
                let group = CheckboxGroup(label + "（可多选）", name: name, options: options, checked: Set(values[name] ?? []))
                guard let error = errors[name] else { return AnyHTML(group) }
                return AnyHTML(Group(group, p(.class("field-error"), .role("alert")) { error }))
            case .text:
                return AnyHTML(TextAreaField(label, name: name, value: values[name]?.first ?? "", error: errors[name], hint: "选填，不超过 \(Survey.maximumTextAnswer) 字",
                                             rows: 3, id: "sv-\(name)"))
            }
        }
    }

    package struct SurveyManage: HTML {
        let context: PageContext
        let rows: [SurveysController.Row]
        let today: String, lastDay: String
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "问卷") {
                    DataTable(columns: [.init("问卷"), .init("截止日期"), .init("状态"), .init("已提交", numeric: true)],
                              rows: rows.map { row in
                                  let (label, tone) = row.stateLabel(today: today)
                                  let href = row.state == .draft ? "/jobcentre/surveys/\(row.id)" : "/jobcentre/surveys/\(row.id)/results"
                                  return [AnyHTML(a(.href(href)) { row.title }), AnyHTML(Text(row.closesOn)), AnyHTML(StatusBadge(label, tone: tone)),
                                          AnyHTML(Text("\(row.responses)"))]
                              }, emptyMessage: "还没有问卷。")
                }
                Card(title: "新建问卷") {
                    EditForm(action: "/jobcentre/surveys", errors: errors, csrfToken: csrfToken) {
                        TextField("问卷标题", name: "title", value: values["title"] ?? "", required: true, error: errors["title"], maxLength: 60, id: "sv-title")
                        TextAreaField("问卷说明", name: "intro", value: values["intro"] ?? "", error: errors["intro"], hint: "选填，不超过 1000 字", rows: 3, id: "sv-intro")
                        TextField("截止日期", name: "closes_on", value: values["closes_on"] ?? "", type: "date", required: true, error: errors["closes_on"],
                                  hint: "最晚 \(lastDay)", id: "sv-closes")
                        FormActions { Button("建立草稿") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct SurveyBuilder: HTML {
        let context: PageContext
        let row: SurveysController.Row
        let questions: [SurveysController.QuestionRow]
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "\(row.title)（草稿）") {
                    DescriptionList([("截止日期", row.closesOn), ("题目数", "\(questions.count) / \(Survey.maximumQuestions)")])
                    if questions.isEmpty {
                        p(.class("muted")) { "还没有题目，请在下方添加。" }
                    } else {
                        ol(.class("survey-questions")) {
                            for item in questions {
                                li {
                                    strong { item.question.text }
                                    span(.class("muted")) { "（\(item.question.kind.label)）" }
                                    if !item.question.options.isEmpty { p(.class("muted")) { item.question.options.joined(separator: "　/　") } }
                                    form(.method("post"), .action("/jobcentre/surveys/\(row.id)/questions/\(item.id)/delete"), .class("form-inline")) {
                                        CSRFField(csrfToken)
                                        Button("删除", kind: .link)
                                    }
                                }
                            }
                        }
                        form(.method("post"), .action("/jobcentre/surveys/\(row.id)/publish"), .class("form-inline")) {
                            CSRFField(csrfToken)
                            Button("发布问卷")
                        }
                        p(.class("muted")) { "发布后题目不能再修改。" }
                    }
                }
                Card(title: "添加题目") {
                    EditForm(action: "/jobcentre/surveys/\(row.id)/questions", errors: errors, csrfToken: csrfToken) {
                        SelectField("题型", name: "kind", options: Survey.Kind.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: values["kind"] ?? Survey.Kind.single.rawValue,
                                    required: true, error: errors["kind"], prompt: nil, id: "sv-kind")
                        TextField("题目", name: "text", value: values["text"] ?? "", required: true, error: errors["text"], maxLength: 100, id: "sv-text")
                        TextAreaField("选项", name: "options", value: values["options"] ?? "", error: errors["options"], hint: "选择题每行一个选项，2 至 10 个；填空题不填",
                                      rows: 4, id: "sv-options")
                        FormActions { Button("添加") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct SurveyResults: HTML {
        let context: PageContext
        let row: SurveysController.Row
        let tallies: [SurveysController.Tally]
        let today: String
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            let (label, tone) = row.stateLabel(today: today)
            Layout(context) {
                Card(title: row.title) {
                    DescriptionList([("截止日期", row.closesOn), ("已提交", "\(row.responses) 人")])
                    p { StatusBadge(label, tone: tone) }
                    div(.class("form-inline")) {
                        LinkButton("导出 Excel", href: "/jobcentre/surveys/\(row.id)/export")
                        if row.state == .open {
                            form(.method("post"), .action("/jobcentre/surveys/\(row.id)/close"), .class("form-inline")) {
                                CSRFField(csrfToken)
                                Button("结束调查", kind: .danger)
                            }
                        }
                    }
                }
                for (index, tally) in tallies.enumerated() {
                    Card(title: "\(index + 1). \(tally.question.question.text)") {
                        p(.class("muted")) { "\(tally.question.question.kind.label)，\(tally.answered) 人作答" }
                        if tally.question.question.kind == .text {
                            if tally.texts.isEmpty { p(.class("muted")) { "还没有人填写。" } }
                            ul(.class("survey-texts")) { for text in tally.texts { li { text } } }
                            if tally.answered > tally.texts.count { p(.class("muted")) { "仅显示最近 \(tally.texts.count) 条，全部内容请导出。" } }
                        } else {
                            BarChart(id: "sv-q\(tally.question.id)", title: tally.question.question.text,
                                     data: zip(tally.question.question.options, tally.counts).map { ChartDatum($0, $1) }, unit: "人",
                                     categoryName: "选项", valueName: "人数")
                            DataTable(columns: [.init("选项"), .init("人数", numeric: true), .init("占作答人数", numeric: true)],
                                      rows: zip(tally.question.question.options, tally.counts).map { option, count in
                                          [AnyHTML(Text(option)), AnyHTML(Text("\(count)")), AnyHTML(Text(Survey.share(count, of: tally.answered)))]
                                      })
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
