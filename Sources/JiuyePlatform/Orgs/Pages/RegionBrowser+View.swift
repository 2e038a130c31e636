import JiuyeHTML

extension RegionBrowser {
    package struct View: HTML {
        package let context: PageContext
        package let model: Model

        package func render(into buffer: inout HTMLBuffer) {
            Layout(context) {
                Card(title: model.heading) {
                    FilterBar(path: "/admin/regions") {
                        TextField("名称", name: "q", value: model.keyword, placeholder: "例如 成都、锦江", id: "f-q")
                    }
                    DataTable(
                        columns: [.init("代码"), .init("名称"), .init("级别"), .init("上级"), .init("下级数量", numeric: true), .init("操作")],
                        rows: model.rows.map { row in
                            let href = RegionBrowser.childrenHref(code: row.code, level: row.level)
                            return [AnyHTML(Text(row.code)),
                                    AnyHTML(Group(href.map { href in a(.href(href)) { row.name } }, href == nil ? Text(row.name) : nil)),
                                    AnyHTML(Text(RegionBrowser.levelLabel(row.level))), AnyHTML(Text(row.parent_name ?? "—")),
                                    AnyHTML(Text(String(row.children))),
                                    AnyHTML(Group(href.map { href in a(.href(href)) { "查看下级" } }))]
                        },
                        emptyMessage: model.emptyMessage)
                    Pager(path: "/admin/regions", baseQuery: model.query, page: model.page, pageSize: OrgQueries.pageSize, total: model.total)
                    if !model.trail.isEmpty {
                        FormActions {
                            ForEach(model.trail.reversed().dropFirst()) { crumb in
                                LinkButton("返回" + crumb.label, href: crumb.href ?? "/admin/regions")
                            }
                            LinkButton("返回全部省份", href: "/admin/regions")
                        }
                    }
                }
            }.render(into: &buffer)
        }
    }
}
