import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit

/// 困难群体帮扶 pages: the list (类型 and 关键字), a graduate's 帮扶记录 with 新建, and the import.
package enum HardshipPages {
    package struct Row: Sendable {
        package let userID: Int64
        package let name: String
        package let studentNo: String
        package let college: String
        package let cohort: Int
        package let categories: [HardshipCategory]
        package let times: Int
        package let lastDay: String?

        init(_ row: any SQLRow) throws {
            userID = try row.decode(column: "user_id", as: Int64.self)
            name = try row.decode(column: "display_name", as: String.self)
            studentNo = try row.decode(column: "student_no", as: String?.self) ?? ""
            college = try row.decode(column: "college", as: String?.self) ?? ""
            cohort = try row.decode(column: "cohort", as: Int.self)
            categories = try row.decode(column: "categories", as: String.self).split(separator: ",").compactMap { HardshipCategory(rawValue: String($0)) }
            times = try row.decode(column: "times", as: Int.self)
            lastDay = try row.decode(column: "last_day", as: String?.self)
        }

        var categoryText: String { categories.map(\.label).joined(separator: "、") }
    }

    package struct Record: Sendable {
        let day: String, kind: String, content: String, result: String, by: String

        init(_ row: any SQLRow) throws {
            day = try row.decode(column: "day", as: String.self)
            kind = AssistanceKind(rawValue: try row.decode(column: "kind", as: String.self))?.label ?? "其他帮扶"
            content = try row.decode(column: "content", as: String.self)
            result = try row.decode(column: "result", as: String.self)
            by = try row.decode(column: "by_name", as: String?.self) ?? "—"
        }
    }

    package struct ListModel: Sendable {
        var rows: [Row], total: Int, filter: String?, keyword: String?, page: Int, query: [(String, String)], canImport: Bool
    }

    package struct List: HTML {
        let context: PageContext
        let model: ListModel

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "困难群体帮扶情况") {
                    p(.class("muted")) { "困难群体数据来源于教育部，由学校统一导入，与生源信息中的困难生类别不是同一属性。名单仅本人所在院系的辅导员、院系管理员和学校可见，查看和导出均记入操作日志。" }
                    if model.canImport { div(.class("form-actions")) { LinkButton("导入困难群体名单", href: "/hardship/import", kind: .secondary) } }
                    FilterBar(path: "/hardship") {
                        SelectField("类型", name: "type", options: HardshipCategory.allCases.map { SelectOption($0.rawValue, $0.label) }, selected: model.filter,
                                    prompt: "全部", id: "f-type")
                        TextField("关键字", name: "q", value: model.keyword ?? "", placeholder: "姓名或学号", id: "f-q")
                    }
                    DataTable(columns: [.init("姓名"), .init("学号"), .init("院系"), .init("届别"), .init("困难类别"), .init("帮扶次数", numeric: true), .init("最近帮扶")],
                              rows: model.rows.map { row in
                                  [AnyHTML(a(.href("/hardship/\(row.userID)")) { row.name }), AnyHTML(Text(row.studentNo)), AnyHTML(Text(row.college)),
                                   AnyHTML(Text("\(row.cohort)届")), AnyHTML(Text(row.categoryText)), AnyHTML(Text(String(row.times))), AnyHTML(Text(row.lastDay ?? "尚未帮扶"))]
                              }, emptyMessage: "没有符合条件的困难群体毕业生。")
                    Pager(path: "/hardship", baseQuery: model.query, page: model.page, pageSize: HardshipController.pageSize, total: model.total)
                    p(.class("muted export-all")) {
                        "导出当前筛选结果："
                        a(.href("/hardship/export?" + QueryString.make(model.query + [("format", "xlsx")])), .init("download", nil),
                          .data("data-confirm", "导出的文件含困难群体信息，属于敏感个人信息，请妥善保管。确定导出？")) { "Excel" }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct DetailModel: Sendable {
        var student: StudentQueries.Row, categories: [HardshipCategory], records: [Record], canRecord: Bool
        var form: [String: String], errors: [String: String], message: Flash?, today: String, csrfToken: String
    }

    package struct Detail: HTML {
        let context: PageContext
        let model: DetailModel

        package func render(into buffer: inout HTMLBuffer) {
            let student = model.student
            Layout(context) {
                Card(title: "\(student.display_name) 的帮扶记录") {
                    if let message = model.message { Alert(message) }
                    DescriptionList([("姓名", student.display_name), ("学号", student.student_no ?? "—"), ("院系", student.college_name), ("专业", student.major_name),
                                     ("届别", "\(student.cohort)届"), ("困难类别", model.categories.map(\.label).joined(separator: "、"))])
                    DataTable(columns: [.init("帮扶日期"), .init("帮扶方式"), .init("帮扶内容"), .init("帮扶结果"), .init("记录人")],
                              rows: model.records.map { [AnyHTML(Text($0.day)), AnyHTML(Text($0.kind)), AnyHTML(Text($0.content)), AnyHTML(Text($0.result.isEmpty ? "—" : $0.result)),
                                                         AnyHTML(Text($0.by))] },
                              emptyMessage: "尚无帮扶记录。")
                }
                if model.canRecord {
                    Card(title: "新建帮扶记录") {
                        form(.method("post"), .action("/hardship/\(student.user_id)"), .class("form-grid")) {
                            CSRFField(model.csrfToken)
                            TextField("帮扶日期", name: "date", value: model.form["date"] ?? model.today, type: "date", required: true, error: model.errors["date"], id: "date")
                            SelectField("帮扶方式", name: "kind", options: AssistanceKind.allCases.map { SelectOption($0.rawValue, $0.label) },
                                        selected: model.form["kind"], required: true, error: model.errors["kind"], id: "kind")
                            TextAreaField("帮扶内容", name: "content", value: model.form["content"] ?? "", required: true, error: model.errors["content"],
                                          hint: "如：推荐岗位、指导简历、组织培训等，不超过 500 字", rows: 3, id: "content")
                            TextAreaField("帮扶结果", name: "result", value: model.form["result"] ?? "", error: model.errors["result"],
                                          hint: "如：已投递简历、已签约，不超过 200 字", rows: 2, id: "result")
                            FormActions { Button("保存") }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }

    package struct Import: HTML {
        let context: PageContext
        let problems: [String]
        let message: Flash?
        let csrfToken: String

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "导入困难群体名单") {
                    if let message { Alert(message) }
                    p { "上传 .xlsx 或 .csv 文件，第 1 行为列名，须有“学号”和“困难类别”两列；困难类别可填写代码或名称，多个类别用“、”分隔。再次导入同一学号会替换其困难类别。" }
                    p(.class("muted")) { "可填写的类别：" + HardshipCategory.allCases.map { "\($0.rawValue) \($0.label)" }.joined(separator: "；") }
                    if !problems.isEmpty {
                        ul(.class("import-problems")) { ForEach(problems) { problem in li { problem } } }
                    }
                    // A multipart body is read after the CSRF check: the token goes in the query (a registered upload path).
                    form(.method("post"), .action("/hardship/import?_csrf=" + QueryString.encode(csrfToken)), .init("enctype", "multipart/form-data"), .class("form-stack")) {
                        div(.class("field")) {
                            label(.for("hardship-file")) { "选择文件" }
                            input(.type("file"), .id("hardship-file"), .name("file"), .required, .init("accept", ".xlsx,.csv"))
                        }
                        FormActions { Button("导入"); LinkButton("返回", href: "/hardship") }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
