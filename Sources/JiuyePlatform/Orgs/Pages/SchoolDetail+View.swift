import JiuyeHTML

extension SchoolDetail {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            let schoolID = model.school.id
            Layout(context) {
                Card(title: "学校信息") {
                    DescriptionList(model.details)
                }
                Card(title: "校区") {
                    DataTable(
                        columns: [.init("校区名称"), .init("院系数", numeric: true)],
                        rows: model.campuses.map { [AnyHTML(Text($0.name)), AnyHTML(Text(String($0.colleges)))] },
                        emptyMessage: "本校没有设置校区（不分校区的学校可不设）。")
                    if model.canAddCampus {
                        form(.method("post"), .action("/admin/schools/\(schoolID)/campuses"), .class("form-grid")) {
                            CSRFField(model.csrfToken)
                            TextField("校区名称", name: "name", value: model.campusForm.name, required: true,
                                      error: model.errors["campusName"], maxLength: 50, id: "campus-name")
                            FormActions { Button("新增校区") }
                        }
                    }
                }
                Card(title: "院系") {
                    FilterBar(path: model.path) {
                        TextField("关键字", name: "q", value: model.keyword, placeholder: "院系名称或院系代码", id: "f-q")
                    }
                    DataTable(
                        columns: [.init("院系代码"), .init("院系名称"), .init("校区"), .init("专业数", numeric: true), .init("班级数", numeric: true)],
                        rows: model.colleges.map { row in
                            [AnyHTML(Text(row.code)), AnyHTML(a(.href("/admin/colleges/\(row.id)")) { row.name }),
                             AnyHTML(Text(row.campus_name ?? "—")), AnyHTML(Text(String(row.majors))), AnyHTML(Text(String(row.classes)))]
                        },
                        emptyMessage: model.keyword.isEmpty ? "本校还没有院系，请在下方新增。" : "没有符合条件的院系。")
                    Pager(path: model.path, baseQuery: model.query, page: model.page, pageSize: OrgQueries.pageSize, total: model.total)
                }
                Card(title: "新增院系") {
                    form(.method("post"), .action("/admin/schools/\(schoolID)/colleges"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        TextField("院系代码", name: "code", value: model.collegeForm.code, required: true, error: model.errors["collegeCode"],
                                  hint: "本校内唯一，1 至 10 位数字或字母。", maxLength: 10, id: "college-code")
                        TextField("院系名称", name: "name", value: model.collegeForm.name, required: true,
                                  error: model.errors["collegeName"], maxLength: 50, id: "college-name")
                        SelectField("所在校区", name: "campus", options: model.campusOptions,
                                    selected: model.collegeForm.campus.isEmpty ? nil : model.collegeForm.campus,
                                    required: model.campusRequired, error: model.errors["collegeCampus"],
                                    hint: model.campusRequired ? nil : "不分校区时可不选。",
                                    prompt: model.campusRequired ? "请选择" : "不指定校区", id: "college-campus")
                        FormActions { Button("新增院系") }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
