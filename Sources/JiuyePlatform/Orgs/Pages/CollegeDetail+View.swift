import JiuyeHTML

extension CollegeDetail {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "院系信息") {
                    DescriptionList(model.details)
                    FormActions { LinkButton("返回学校", href: model.schoolPath) }
                }
                Card(title: "专业") {
                    DataTable(
                        columns: [.init("专业代码"), .init("专业名称"), .init("学历"), .init("班级数", numeric: true)],
                        rows: model.majors.map { row in
                            [AnyHTML(Text(row.code)), AnyHTML(Text(row.name)), AnyHTML(Text(row.level)), AnyHTML(Text(String(row.classes)))]
                        },
                        emptyMessage: "本院系还没有专业，请在下方新增。")
                    form(.method("post"), .action(model.path + "/majors"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        TextField("专业代码", name: "code", value: model.majorForm.code, required: true, error: model.errors["majorCode"],
                                  hint: "同一专业的不同学历各登记一次。", maxLength: 12, id: "major-code")
                        TextField("专业名称", name: "name", value: model.majorForm.name, required: true,
                                  error: model.errors["majorName"], maxLength: 50, id: "major-name")
                        SelectField("学历", name: "level", options: Model.levelOptions,
                                    selected: model.majorForm.level.isEmpty ? nil : model.majorForm.level,
                                    required: true, error: model.errors["majorLevel"], id: "major-level")
                        FormActions { Button("新增专业") }
                    }
                }
                Card(title: "班级") {
                    FilterBar(path: model.path) {
                        SelectField("专业", name: "major", options: model.majorOptions, selected: model.filter.majorID.map(String.init),
                                    prompt: "全部", id: "f-major")
                        TextField("届别", name: "cohort", value: model.filter.cohort.map(String.init) ?? "", placeholder: "例如 2026",
                                  inputMode: "numeric", maxLength: 4, id: "f-cohort")
                    }
                    DataTable(
                        columns: [.init("班级名称"), .init("专业"), .init("学历"), .init("届别")],
                        rows: model.classes.map { row in
                            [AnyHTML(Text(row.name)), AnyHTML(Text(row.major_name)), AnyHTML(Text(row.major_level)), AnyHTML(Text("\(row.cohort)届"))]
                        },
                        emptyMessage: model.query.isEmpty ? "本院系还没有班级。" : "没有符合条件的班级。")
                    Pager(path: model.path, baseQuery: model.query, page: model.filter.page, pageSize: OrgQueries.pageSize, total: model.total)
                }
                Card(title: "新增班级") {
                    if model.majors.isEmpty {
                        EmptyState(title: "请先新增专业。", hint: "班级属于某个专业，本院系还没有专业。")
                    } else {
                        form(.method("post"), .action(model.path + "/classes"), .class("form-grid")) {
                            CSRFField(model.csrfToken)
                            TextField("班级名称", name: "name", value: model.classForm.name, required: true,
                                      error: model.errors["className"], maxLength: 50, id: "class-name")
                            SelectField("专业", name: "major", options: model.majorOptions,
                                        selected: model.classForm.major.isEmpty ? nil : model.classForm.major,
                                        required: true, error: model.errors["classMajor"], id: "class-major")
                            TextField("届别", name: "cohort", value: model.classForm.cohort, required: true, error: model.errors["classCohort"],
                                      hint: "毕业年份，2000 至 2100。", inputMode: "numeric", maxLength: 4, id: "class-cohort")
                            FormActions { Button("新增班级") }
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
