import JiuyeHTML

extension UnitList {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: "用人单位") {
                    div(.class("toolbar")) { LinkButton("登记用人单位", href: "/admin/units/new", kind: .primary) }
                    FilterBar(path: "/admin/units") {
                        TextField("关键字", name: "q", value: model.keyword, placeholder: "单位名称或统一社会信用代码", id: "f-q")
                        RegionPickerFields(picker: model.picker, idPrefix: "f-", prompt: "全部")
                    }
                    DataTable(
                        columns: [.init("单位名称"), .init("统一社会信用代码"), .init("所在地区"), .init("状态"), .init("登记时间")],
                        rows: model.rows.map { item in
                            [AnyHTML(Text(item.name)), AnyHTML(Text(item.creditCode)), AnyHTML(Text(item.location)),
                             AnyHTML(UnitList.statusBadge(item.status)), AnyHTML(Text(item.createdAt))]
                        },
                        emptyMessage: model.query.isEmpty ? "还没有登记用人单位。" : "没有符合条件的用人单位。")
                    Pager(path: "/admin/units", baseQuery: model.query, page: model.page, pageSize: OrgQueries.pageSize, total: model.total)
                    ExportMenu(path: "/admin/units/export", query: model.query, total: model.total)
                }
            }.render(into: &buffer)
        }
    }
}
