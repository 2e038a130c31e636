import JiuyeHTML

extension SchoolList {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "学校列表") {
                    FilterBar(path: "/admin/schools") {
                        TextField("关键字", name: "q", value: model.keyword, placeholder: "学校名称或学校代码", id: "f-q")
                    }
                    DataTable(
                        columns: [.init("学校代码"), .init("学校名称"), .init("所在省份"), .init("院系数", numeric: true)],
                        rows: model.rows.map { item in
                            [AnyHTML(Text(item.code)), AnyHTML(a(.href("/admin/schools/\(item.id)")) { item.name }),
                             AnyHTML(Text(item.region)), AnyHTML(Text(String(item.colleges)))]
                        },
                        emptyMessage: model.keyword.isEmpty ? "还没有学校，请在下方新增。" : "没有符合条件的学校。")
                    Pager(path: "/admin/schools", baseQuery: model.query, page: model.page, pageSize: OrgQueries.pageSize, total: model.total)
                    ExportMenu(path: "/admin/schools/export", query: model.query, total: model.total)
                }
                Card(title: "新增学校") {
                    form(.method("post"), .action("/admin/schools"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        TextField("学校代码", name: "code", value: model.form.code, required: true, error: model.errors["code"],
                                  hint: "5 位数字的国标学校代码，例如 10611。", inputMode: "numeric", maxLength: 5, id: "school-code")
                        TextField("学校名称", name: "name", value: model.form.name, required: true, error: model.errors["name"], maxLength: 50, id: "school-name")
                        SelectField("所在省份", name: "region", options: model.provinces, selected: model.form.region.isEmpty ? nil : model.form.region,
                                    required: true, error: model.errors["region"], id: "school-region")
                        FormActions { Button("新增学校") }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
