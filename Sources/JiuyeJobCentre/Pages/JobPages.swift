import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// The job centre's pages: the public list and a posting; a unit's postings and its form; the
/// school's review; a student's 职位收藏.
package enum JobPages {
    static func tone(_ state: JobPosting.State) -> StatusBadge.Tone {
        switch state {
        case .pending: .warning
        case .published: .success
        case .returned: .danger
        case .withdrawn: .neutral
        }
    }

    static func facts(_ row: JobStore.Row, place: String) -> [(String, String)] {
        let posting = row.posting
        return [("招聘单位", row.unitName), ("工作地点", place), ("月薪", JobPosting.salary(posting.salaryMin, posting.salaryMax)),
                ("工作职位类别", JobPosting.categoryLabel(posting.categoryCode)), ("学历要求", posting.education),
                ("专业要求", posting.majors.isEmpty ? "不限" : posting.majors), ("招聘人数", "\(posting.headcount) 人"), ("报名截止", posting.deadline)]
    }

    /// A form that posts to `action`, with the CSRF field and, after a refusal, the one line
    /// above the fields (each field shows its own problem).
    struct EditForm<Content: HTML>: HTML {
        let action: String
        let errors: [String: String]
        let csrfToken: String
        let content: Content

        init(action: String, errors: [String: String], csrfToken: String, @HTMLBuilder content: () -> Content) {
            (self.action, self.errors, self.csrfToken, self.content) = (action, errors, csrfToken, content())
        }

        func render(into buffer: inout HTMLBuffer) {
            if !errors.isEmpty { Alert(.error, "请按提示修改后再提交。").render(into: &buffer) }
            form(.method("post"), .action(action), .class("form-stack")) {
                CSRFField(csrfToken)
                content
            }.render(into: &buffer)
        }
    }

    struct Description: HTML {
        let text: String

        func render(into buffer: inout HTMLBuffer) {
            for line in text.split(whereSeparator: \.isNewline) {
                p { String(line).trimmingCharacters(in: .whitespaces) }.render(into: &buffer)
            }
        }
    }

    // MARK: - Public

    package struct PublicList: HTML {
        let context: PageContext
        let rows: [JobStore.Row], total: Int, page: Int, pageSize: Int
        let filter: JobStore.Filter
        let counties: [(String, String)]
        let place: (String) -> String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "招聘信息") {
                    FilterBar(path: "/jobs") {
                        TextField("关键词", name: "q", value: filter.keyword, placeholder: "职位、单位或专业", maxLength: 30, id: "j-q")
                        SelectField("工作地点", name: "county", options: counties.map { SelectOption($0.0, $0.1) }, selected: filter.county, prompt: "全部", id: "j-county")
                        SelectField("职位类别", name: "category", options: DestinationForm.positions.map { SelectOption($0.code, $0.label) },
                                    selected: filter.category, prompt: "全部", id: "j-category")
                        SelectField("学历要求", name: "education", options: JobPosting.educations.map { SelectOption($0, $0) }, selected: filter.education,
                                    prompt: "全部", id: "j-education")
                        SelectField("月薪不低于", name: "salary", options: JobStore.salaryFloors.map { SelectOption(String($0), "\($0) 元") },
                                    selected: filter.salary.map(String.init), prompt: "不限", id: "j-salary")
                    }
                    p(.class("muted")) { "共 \(total) 个职位" }
                    DataTable(columns: [.init("职位名称"), .init("招聘单位"), .init("工作地点"), .init("月薪"), .init("学历要求"), .init("发布时间")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/jobs/\(row.id)")) { row.posting.title }), AnyHTML(Text(row.unitName)), AnyHTML(Text(place(row.posting.countyCode))),
                                   AnyHTML(Text(JobPosting.salary(row.posting.salaryMin, row.posting.salaryMax))), AnyHTML(Text(row.posting.education)),
                                   AnyHTML(Text(row.publishedAt.map(ChinaTime.date) ?? "—"))]
                              }, emptyMessage: "没有符合条件的职位，换个条件试试。")
                    Pager(path: "/jobs", baseQuery: filter.query, page: page, pageSize: pageSize, total: total)
                }
            }.render(into: &buffer)
        }
    }

    package struct Detail: HTML {
        let context: PageContext
        let row: JobStore.Row
        let place: String
        /// nil unless a student is looking.
        let favourite: Bool?
        let apply: ApplyState?
        let csrfToken: String?

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: row.posting.title) {
                    if row.state != .published { p { "状态："; StatusBadge(row.state.label, tone: JobPages.tone(row.state)) } }
                    DescriptionList(JobPages.facts(row, place: place))
                    if let favourite, let csrfToken {
                        if let apply { ApplyCard(postingID: row.id, state: apply, csrfToken: csrfToken) }
                        form(.method("post"), .action("/jobs/\(row.id)/favourite"), .class("form-inline")) {
                            CSRFField(csrfToken)
                            Button(favourite ? "取消收藏" : "收藏职位", kind: .secondary)
                        }
                    } else if context.user == nil {
                        p(.class("muted")) { "学生登录后可一键求职、收藏职位。"; a(.href("/login?next=/jobs/\(row.id)")) { "登录" } }
                    }
                }
                Card(title: "职位描述") { Description(text: row.posting.description) }
            }.render(into: &buffer)
        }
    }

    // MARK: - The unit

    package struct Mine: HTML {
        let context: PageContext
        let rows: [JobStore.Row]
        /// Applications per posting.
        let counts: [Int64: Int]
        let place: (String) -> String
        let canPost: Bool
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "招聘信息管理") {
                    if canPost {
                        p { LinkButton("发布职位", href: "/jobcentre/postings/new", kind: .primary) }
                    } else {
                        Alert(.info, "本单位还没有通过学校的资质鉴证，通过后即可发布职位。")
                    }
                    DataTable(columns: [.init("职位名称"), .init("发布到"), .init("工作地点"), .init("状态"), .init("应聘人员"), .init("提交时间"), .init("操作")],
                              rows: rows.map { row in
                                  var state: [AnyHTML] = [AnyHTML(StatusBadge(row.state.label, tone: JobPages.tone(row.state)))]
                                  if row.state == .returned, let reason = row.returnReason { state.append(AnyHTML(span(.class("muted")) { " 退回原因：\(reason)" })) }
                                  let edit = AnyHTML(a(.href("/jobcentre/postings/\(row.id)/edit"), .class("btn btn-secondary")) { row.state == .returned ? "修改后重新提交" : "修改" })
                                  let action: AnyHTML = row.state == .pending || row.state == .published
                                      ? AnyHTML(div(.class("form-inline")) {
                                          edit
                                          form(.method("post"), .action("/jobcentre/postings/\(row.id)/withdraw"), .class("row-action-form")) {
                                              CSRFField(csrfToken)
                                              Button("下线", kind: .secondary)
                                          }
                                      })
                                      : (row.state == .returned ? edit : AnyHTML(Text("—")))
                                  let applicants = AnyHTML(a(.href("/jobcentre/postings/\(row.id)/applicants")) { "\(counts[row.id] ?? 0) 人" })
                                  return [AnyHTML(a(.href("/jobs/\(row.id)")) { row.posting.title }), AnyHTML(Text(row.schoolName)),
                                          AnyHTML(Text(place(row.posting.countyCode))), AnyHTML(Group(state)), applicants, AnyHTML(Text(ChinaTime.dateTime(row.createdAt))), action]
                              }, emptyMessage: "还没有发布职位。")
                }
            }.render(into: &buffer)
        }
    }

    package struct PostingForm: HTML {
        let context: PageContext
        let schools: [(Int64, String)]
        let values: [String: String]
        let errors: [String: String]
        let today: String
        let csrfToken: String
        /// Editing this posting (its school stays; the edit goes back to the school's review).
        var editing: (id: Int64, published: Bool)? = nil

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: editing == nil ? "发布职位" : "修改职位") {
                    if editing?.published == true { Alert(.info, "该职位已公开。修改后需学校重新审核，审核通过前不在就业网显示。") }
                    EditForm(action: editing.map { "/jobcentre/postings/\($0.id)" } ?? "/jobcentre/postings", errors: errors, csrfToken: csrfToken) {
                        SelectField("发布到", name: "school", options: schools.map { SelectOption(String($0.0), $0.1) }, selected: values["school"] ?? schools.first.map { String($0.0) },
                                    required: true, error: errors["school"], readOnly: editing != nil, hint: "已通过资质鉴证的学校；学校审核通过后公开", id: "p-school")
                        TextField("职位名称", name: "title", value: values["title"] ?? "", required: true, error: errors["title"], maxLength: 40, id: "p-title")
                        SelectField("工作职位类别", name: "category", options: DestinationForm.positions.map { SelectOption($0.code, "\($0.code) \($0.label)") },
                                    selected: values["category"], required: true, error: errors["category"], id: "p-category")
                        TextField("工作地点", name: "county", value: values["county"] ?? "", required: true, error: errors["county"],
                                  hint: "精确到区县", placeholder: "如 重庆市沙坪坝区", id: "p-county")
                        TextField("月薪下限（元）", name: "salary_min", value: values["salary_min"] ?? "", required: true, error: errors["salary_min"],
                                  inputMode: "numeric", maxLength: 7, id: "p-salary-min")
                        TextField("月薪上限（元）", name: "salary_max", value: values["salary_max"] ?? "", required: true, error: errors["salary_max"],
                                  inputMode: "numeric", maxLength: 7, id: "p-salary-max")
                        SelectField("学历要求", name: "education", options: JobPosting.educations.map { SelectOption($0, $0) }, selected: values["education"],
                                    required: true, error: errors["education"], id: "p-education")
                        TextField("专业要求", name: "majors", value: values["majors"] ?? "", error: errors["majors"], hint: "不填为不限专业", maxLength: 200, id: "p-majors")
                        TextField("招聘人数", name: "headcount", value: values["headcount"] ?? "", required: true, error: errors["headcount"], inputMode: "numeric",
                                  maxLength: 4, id: "p-headcount")
                        TextField("报名截止日期", name: "deadline", value: values["deadline"] ?? "", type: "date", required: true, error: errors["deadline"],
                                  hint: "今天（\(today)）至一年以内", id: "p-deadline")
                        TextAreaField("职位描述", name: "description", value: values["description"] ?? "", required: true, error: errors["description"],
                                      hint: "工作内容、任职要求、福利待遇等，不超过 2000 字", rows: 8, id: "p-description")
                        FormActions { Button("提交审核") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - The school

    package struct ReviewList: HTML {
        let context: PageContext
        let rows: [JobStore.Row], total: Int, page: Int, pageSize: Int
        let state: JobPosting.State?

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "招聘信息审核") {
                    FilterBar(path: "/jobcentre/review") {
                        SelectField("状态", name: "state", options: JobPosting.State.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: state?.rawValue,
                                    prompt: "全部", id: "r-state")
                    }
                    DataTable(columns: [.init("职位名称"), .init("招聘单位"), .init("状态"), .init("提交时间")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/jobcentre/review/\(row.id)")) { row.posting.title }), AnyHTML(Text(row.unitName)),
                                   AnyHTML(StatusBadge(row.state.label, tone: JobPages.tone(row.state))), AnyHTML(Text(ChinaTime.dateTime(row.createdAt)))]
                              }, emptyMessage: "没有符合条件的职位。")
                    Pager(path: "/jobcentre/review", baseQuery: state.map { [("state", $0.rawValue)] } ?? [], page: page, pageSize: pageSize, total: total)
                }
            }.render(into: &buffer)
        }
    }

    package struct ReviewDetail: HTML {
        let context: PageContext
        let row: JobStore.Row
        let place: String
        let reason: String
        let error: String?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: row.posting.title) {
                    p { "状态："; StatusBadge(row.state.label, tone: JobPages.tone(row.state)) }
                    if row.state == .returned, let reason = row.returnReason { p(.class("muted")) { "退回原因：\(reason)" } }
                    DescriptionList(JobPages.facts(row, place: place))
                }
                Card(title: "职位描述") { Description(text: row.posting.description) }
                if row.state == .pending {
                    Card(title: "审核") {
                        if let error { Alert(.error, error) }
                        form(.method("post"), .action("/jobcentre/review/\(row.id)"), .class("form-stack")) {
                            CSRFField(csrfToken)
                            TextField("退回原因", name: "reason", value: reason, hint: "退回时必填，单位可见", maxLength: 200, id: "r-reason")
                            FormActions {
                                Button("审核通过", name: "action", value: "approve")
                                Button("退回", kind: .secondary, name: "action", value: "return")
                            }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    // MARK: - The student

    package struct Favourites: HTML {
        let context: PageContext
        let rows: [JobStore.Row]
        let today: String
        let place: (String) -> String
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "职位收藏") {
                    DataTable(columns: [.init("职位名称"), .init("招聘单位"), .init("工作地点"), .init("月薪"), .init("报名截止"), .init("操作")],
                              rows: rows.map { row in
                                  let title: AnyHTML = row.isPublic(today: today)
                                      ? AnyHTML(a(.href("/jobs/\(row.id)")) { row.posting.title })
                                      : AnyHTML(span { row.posting.title; span(.class("muted")) { "（已截止或下线）" } })
                                  return [title, AnyHTML(Text(row.unitName)), AnyHTML(Text(place(row.posting.countyCode))),
                                          AnyHTML(Text(JobPosting.salary(row.posting.salaryMin, row.posting.salaryMax))), AnyHTML(Text(row.posting.deadline)),
                                          AnyHTML(form(.method("post"), .action("/jobs/\(row.id)/favourite"), .class("row-action-form")) {
                                              CSRFField(csrfToken)
                                              input(.type("hidden"), .name("back"), .value("favourites"))
                                              Button("取消收藏", kind: .secondary)
                                          })]
                              }, emptyMessage: "还没有收藏职位。在“招聘信息”中打开职位即可收藏。")
                }
            }.render(into: &buffer)
        }
    }
}
