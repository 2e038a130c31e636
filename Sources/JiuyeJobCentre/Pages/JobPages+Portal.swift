import JiuyeDomain
import JiuyeHTML
import JiuyePlatform

/// 就业网首页, 通知公告 and the other columns, the office's 通知公告管理.
extension JobPages {
    package struct CalendarItem: Sendable {
        let label: String
        let href: String
        let time: String?
    }

    /// 就业导航 (seed 003 §1.1): the columns built, and 活动预约.
    static let navigation: [(String, String)] = Notice.Category.allCases.filter { $0 != .announcement && $0 != .course }
        .map { ($0.label, "/news?category=\(QueryString.encode($0.rawValue))") } + [("职业测评", "/assessment"), ("咨询预约", "/consult"), ("就业调查", "/surveys"), ("活动预约", "/events"), ("就业问答", "/qa")]

    struct NoticeLinks: HTML {
        let rows: [NoticesController.Row]
        let empty: String

        func render(into buffer: inout HTMLBuffer) {
            if rows.isEmpty {
                p(.class("muted")) { empty }.render(into: &buffer)
                return
            }
            ul(.class("portal-list")) {
                for row in rows {
                    li {
                        if row.pinned { span(.class("badge badge-info")) { "置顶" } }
                        a(.href("/news/\(row.id)")) { row.title }
                        span(.class("muted portal-date")) { ChinaTime.date(row.publishAt).replacingOccurrences(of: "-", with: ".") }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct Portal: HTML {
        let context: PageContext
        let announcements: [NoticesController.Row]
        let courses: [NoticesController.Row]
        let jobs: [JobStore.Row]
        let month: YearMonth
        let calendar: [Int: [CalendarItem]]
        let today: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                section(.class("portal-welcome")) {
                    h2 { "欢迎来到毕业生就业信息网" }
                    nav(.class("portal-entries"), .ariaLabel("用户入口")) {
                        LinkButton("我是学生", href: "/login", kind: .primary)
                        LinkButton("我是单位", href: "/employer/register")
                        LinkButton("我是教师", href: "/login")
                    }
                }
                div(.class("portal-grid")) {
                    Card(title: "通知公告") {
                        NoticeLinks(rows: announcements, empty: "暂无通知公告。")
                        p { a(.href("/news?category=\(QueryString.encode(Notice.Category.announcement.rawValue))")) { "查看更多" } }
                    }
                    Card(title: "招聘信息") {
                        if jobs.isEmpty { p(.class("muted")) { "暂无招聘信息。" } } else {
                            ul(.class("portal-list")) {
                                for job in jobs {
                                    li {
                                        a(.href("/jobs/\(job.id)")) { "\(job.unitName)　\(job.posting.title)" }
                                        span(.class("muted portal-date")) { (job.publishedAt.map(ChinaTime.date) ?? "").replacingOccurrences(of: "-", with: ".") }
                                    }
                                }
                            }
                        }
                        p { a(.href("/jobs")) { "查看更多" } }
                    }
                    Card(title: "就业创业课程") {
                        NoticeLinks(rows: courses, empty: "暂无课程信息。")
                        p { a(.href("/news?category=\(QueryString.encode(Notice.Category.course.rawValue))")) { "查看更多" } }
                    }
                    Card(title: "就业导航") {
                        ul(.class("portal-nav")) {
                            for (label, href) in JobPages.navigation { li { a(.href(href)) { label } } }
                        }
                    }
                }
                Card(title: "就业日历：\(month.year)年\(month.month)月") {
                    CalendarMonth(month: month, days: calendar, today: today)
                }
            }.render(into: &buffer)
        }
    }

    /// A month as a grid (Monday first) on a wide screen; on a phone, the days that hold something.
    struct CalendarMonth: HTML {
        let month: YearMonth
        let days: [Int: [CalendarItem]]
        let today: String

        func render(into buffer: inout HTMLBuffer) {
            let count = CivilDate(year: month.year, month: month.month, day: 1)!.adding(months: 1)!.adding(days: -1)!.day
            // 1970-01-01 was a Thursday: weekday 0 = Monday.
            let lead = (CivilDate(year: month.year, month: month.month, day: 1)!.daysSince1970 + 3) % 7
            let previous = month.adding(months: -1)!, next = month.adding(months: 1)!
            nav(.class("calendar-nav"), .ariaLabel("切换月份")) {
                a(.href("/portal?month=\(previous.description)")) { "‹ 上个月" }
                a(.href("/portal?month=\(next.description)")) { "下个月 ›" }
            }.render(into: &buffer)
            if days.isEmpty { p(.class("muted")) { "本月暂无活动和通知。" }.render(into: &buffer) }
            ol(.class("calendar")) {
                for name in ["一", "二", "三", "四", "五", "六", "日"] { li(.class("calendar-head")) { name } }
                for _ in 0..<lead { li(.class("calendar-pad")) { "" } }
                for day in 1...count {
                    let items = days[day] ?? []
                    let date = CivilDate(year: month.year, month: month.month, day: day)!.description
                    li(.class(items.isEmpty ? "calendar-day empty" : (date == today ? "calendar-day busy today" : "calendar-day busy"))) {
                        span(.class("calendar-date")) { date == today ? "\(month.month)月\(day)日（今天）" : "\(month.month)月\(day)日" }
                        for item in items {
                            a(.href(item.href), .class("calendar-item")) { (item.time.map { $0 + " " } ?? "") + item.label }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct NoticeList: HTML {
        let context: PageContext
        let rows: [NoticesController.Row], total: Int, page: Int, pageSize: Int
        let category: Notice.Category?
        let keyword: String

        package func render(into buffer: inout HTMLBuffer) {
            var query: [(String, String)] = []
            if let category { query.append(("category", category.rawValue)) }
            if !keyword.isEmpty { query.append(("q", keyword)) }
            return Layout(context) {
                Card(title: category?.label ?? "通知公告") {
                    FilterBar(path: "/news") {
                        SelectField("栏目", name: "category", options: Notice.Category.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: category?.rawValue,
                                    prompt: "全部", id: "n-category")
                        TextField("关键词", name: "q", value: keyword, maxLength: 30, id: "n-q")
                    }
                    DataTable(columns: [.init("标题"), .init("栏目"), .init("发布时间")],
                              rows: rows.map { row in
                                  [AnyHTML(a(.href("/news/\(row.id)")) { (row.pinned ? "【置顶】" : "") + row.title }), AnyHTML(Text(row.category.label)),
                                   AnyHTML(Text(ChinaTime.date(row.publishAt)))]
                              }, emptyMessage: "没有符合条件的文章。")
                    Pager(path: "/news", baseQuery: query, page: page, pageSize: pageSize, total: total)
                }
            }.render(into: &buffer)
        }
    }

    /// "356 KB", "1.2 MB".
    static func fileSize(_ bytes: Int64) -> String {
        bytes < 1_024 * 1_024 ? "\(max(1, (bytes + 1_023) / 1_024)) KB" : String(format: "%.1f MB", Double(bytes) / 1_048_576)
    }

    package struct NoticePage: HTML {
        let context: PageContext
        let row: NoticesController.Row
        let files: [Uploads.Row]
        let canAttach: Bool

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                article(.class("card notice")) {
                    h2(.class("card-title")) { row.title }
                    p(.class("muted")) { "\(row.category.label)　发布时间：\(ChinaTime.dateTime(row.publishAt))" + (row.withdrawn ? "　（已撤下）" : "") }
                    div(.class("notice-body")) { RichTextView(RichText.parse(row.body)) }
                    if !files.isEmpty || canAttach {
                        div(.class("notice-files")) {
                            h3 { "附件" }
                            if files.isEmpty { p(.class("muted")) { "还没有附件。" } }
                            ul {
                                for file in files {
                                    li {
                                        a(.href("/news/\(row.id)/files/\(file.id)")) { file.original_name }
                                        span(.class("muted")) { "（\(file.fileType?.label ?? "文件")，\(JobPages.fileSize(file.size))）" }
                                    }
                                }
                            }
                            if canAttach { p { LinkButton("添加附件", href: NoticeFiles.addLink(row.id)); span(.class("muted")) { "　支持 PDF、JPG、PNG；删除附件请到“我的材料”。" } } }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct ManageNotices: HTML {
        let context: PageContext
        let rows: [NoticesController.Row]
        let now: Int64
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "通知公告管理") {
                    p { LinkButton("发布通知", href: "/jobcentre/notices/new", kind: .primary); " "; LinkButton("查看就业网首页", href: "/portal") }
                    DataTable(columns: [.init("标题"), .init("栏目"), .init("发布时间"), .init("状态"), .init("操作")],
                              rows: rows.map { row in
                                  let state: AnyHTML = row.withdrawn ? AnyHTML(StatusBadge("已撤下", tone: .neutral))
                                      : (row.publishAt > now ? AnyHTML(StatusBadge("定时发布", tone: .info)) : AnyHTML(StatusBadge(row.pinned ? "已发布·置顶" : "已发布", tone: .success)))
                                  let actions: AnyHTML = row.withdrawn ? AnyHTML(Text("—")) : AnyHTML(div(.class("form-inline")) {
                                      a(.href("/jobcentre/notices/\(row.id)/edit"), .class("btn btn-secondary")) { "修改" }
                                      form(.method("post"), .action("/jobcentre/notices/\(row.id)/pin"), .class("row-action-form")) {
                                          CSRFField(csrfToken)
                                          Button(row.pinned ? "取消置顶" : "置顶", kind: .secondary)
                                      }
                                      form(.method("post"), .action("/jobcentre/notices/\(row.id)/withdraw"), .class("row-action-form")) {
                                          CSRFField(csrfToken)
                                          Button("撤下", kind: .secondary)
                                      }
                                  })
                                  return [AnyHTML(a(.href("/news/\(row.id)")) { row.title }), AnyHTML(Text(row.category.label)),
                                          AnyHTML(Text(ChinaTime.dateTime(row.publishAt))), state, actions]
                              }, emptyMessage: "还没有发布通知。")
                }
            }.render(into: &buffer)
        }
    }

    package struct NoticeForm: HTML {
        let context: PageContext
        let values: [String: String]
        let errors: [String: String]
        let csrfToken: String
        /// Editing this notice, published at this time ("" when not yet).
        var editing: (id: Int64, publishedAt: String?)? = nil

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: editing == nil ? "发布通知" : "修改通知") {
                    EditForm(action: editing.map { "/jobcentre/notices/\($0.id)" } ?? "/jobcentre/notices", errors: errors, csrfToken: csrfToken) {
                        SelectField("栏目", name: "category", options: Notice.Category.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: values["category"],
                                    required: true, error: errors["category"], id: "n-category")
                        TextField("标题", name: "title", value: values["title"] ?? "", required: true, error: errors["title"], maxLength: 80, id: "n-title")
                        TextAreaField("正文", name: "body", value: values["body"] ?? "", required: true, error: errors["body"],
                                      hint: "可用 HTML 排版：段落 <p>、加粗 <strong>、列表 <ul><li>、小标题 <h3>、链接 <a href=\"https://…\">；其他标签和脚本会被去掉", rows: 12,
                                      id: "n-body")
                        TextField("发布时间", name: "publish_at", value: values["publish_at"] ?? "", type: "datetime-local", error: errors["publish_at"],
                                  hint: editing?.publishedAt.map { "已于 \($0) 发布；留空保持不变" } ?? (editing == nil ? "留空立即发布；填写则到时自动发布" : "留空保持原定时间"),
                                  id: "n-publish")
                        CheckboxField("置顶", name: "pinned", checked: values["pinned"] == "1", id: "n-pinned")
                        FormActions { Button(editing == nil ? "发布" : "保存修改") }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
