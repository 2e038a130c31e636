import Foundation
import JiuyeDomain
import JiuyeHTML

/// What the pages of 数据字典 say about a table and a code, in words for the admin (the data
/// files' developer columns — basis, source notes, standard conflicts — stay in
/// docs/DATA_SOURCES.md and are not shown).
package enum CodeTableWording {
    /// The table's kind (manifest `kind`).
    package static func kind(_ kind: String) -> StatusBadge {
        switch kind {
        case "seed": StatusBadge("示例数据", tone: .warning)
        case "mixed": StatusBadge("国家标准 + 平台补充", tone: .info)
        default: StatusBadge("国家标准", tone: .neutral)
        }
    }

    /// "1984", "2021-09-30" → "1984 年", "2021 年 9 月 30 日"; empty → "—".
    package static func date(_ text: String) -> String {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        switch parts.count {
        case 1: return "\(parts[0]) 年"
        case 2: return "\(parts[0]) 年 \(parts[1]) 月"
        case 3: return "\(parts[0]) 年 \(parts[1]) 月 \(parts[2]) 日"
        default: return "—"
        }
    }

    /// Which of a data file's other columns the admin sees, per table, with their Chinese names.
    package static let shownAttributes: [String: [(key: String, label: String)]] = [
        "destinations": [("level", "层级")],
        "industries": [("gbt4754_section", "国民经济行业门类")],
        "education_levels": [("level_group", "学历层次")],
        "countries": [("alpha2", "二位字母代码"), ("alpha3", "三位字母代码"), ("name_en", "英文名称")],
        "schools": [("location", "所在地"), ("authority", "主管部门"), ("level", "办学层次"), ("note", "备注")],
        "townships": [("county_seat", "县政府驻地")],
        "county_seats": [("township_code", "驻地乡镇代码"), ("year", "变更年份")],
        "majors": [("level", "层级")],
        "minimum_wages": [("grade", "档次"), ("hourly_amount", "小时最低工资（元）"), ("effective_from", "执行日期")],
    ]

    package static let valueLabels: [String: String] = ["category": "类别", "subtype": "子类", "1": "是"]
}

/// 数据字典: every code table with its size, kind, source, version and date.
package struct CodeTablesPage: HTML {
    package let context: PageContext
    package let rows: [CodesController.TableRow]

    package func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "数据字典") {
                p(.class("muted")) {
                    "导入和填报时使用的代码表。国家标准代码由平台统一更新，不能修改；导入时各表可填写代码、名称或常用简称，学校管理员可为代码补充简称。标为“示例数据”的表只含部分示例，完整内容由平台导入。"
                }
                DataTable(
                    columns: [.init("代码表"), .init("类别"), .init("条数", numeric: true), .init("本校自定义", numeric: true), .init("来源"), .init("版本"),
                              .init("版本日期")],
                    rows: rows.map { row in
                        [AnyHTML(a(.href("/admin/codes/\(row.key)"), .class("code-table-name")) { row.name }), AnyHTML(CodeTableWording.kind(row.kind)),
                         AnyHTML(Text(String(row.n))), AnyHTML(Text(String(row.local))), AnyHTML(Text(row.source)), AnyHTML(Text(row.version)),
                         AnyHTML(Text(CodeTableWording.date(row.versionDate)))]
                    })
            }
        }.render(into: &buffer)
    }
}

/// One code table: search, parent filter, the codes page by page with their 简称, 添加简称 and
/// (system admin) 添加本地代码.
package struct CodeTablePage: HTML {
    package struct Model: Sendable {
        package var table: CodesController.TableRow
        package var rows: [CodesController.CodeRow]
        package var total: Int
        package var page: Int
        package var keyword: String
        package var parent: String
        package var form: CodesController.AddForm
        package var errors: [String: String]
        package var aliasForm = CodesController.AliasForm()
        package var aliasErrors: [String: String] = [:]
        package var csrfToken: String
        /// The system admin adds and deletes local codes.
        package var keepsCodes = false
        /// The table takes 简称.
        package var addsAliases = false
        /// The shipped 简称 by code (they cannot be deleted here).
        package var shippedAliases: [String: [String]] = [:]
    }

    package let context: PageContext
    package let model: Model

    package static func attributeValues(_ json: String) -> [String: String] {
        guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return [:] }
        return object
    }

    /// The row's other columns the admin reads, as "名称：值" pairs.
    package static func attributes(_ json: String, table: String) -> String {
        let object = attributeValues(json)
        return (CodeTableWording.shownAttributes[table] ?? []).compactMap { column in
            guard let value = object[column.key], !value.isEmpty else { return nil }
            return "\(column.label)：\(CodeTableWording.valueLabels[value] ?? value)"
        }.joined(separator: "；")
    }

    /// 本校自定义 (added here), 平台补充代码 (a code of this platform where no national one was
    /// found), 待核实 (a code seen in use but not confirmed by an official document), 示例数据, or
    /// 国家标准.
    package static func badge(_ row: CodesController.CodeRow) -> StatusBadge {
        if row.isLocal { return StatusBadge("本校自定义", tone: .info) }
        let attributes = attributeValues(row.attrs)
        switch attributes["basis"] {
        case "local"?, "app"?: return StatusBadge("平台补充代码", tone: .warning)
        case "third-party"?: return StatusBadge("通用代码（待核实）", tone: .warning)
        case "seed"?: return StatusBadge("示例数据", tone: .warning)
        default: break
        }
        if attributes["authoritative"] == "no" { return StatusBadge("通用代码（待核实）", tone: .warning) }
        return StatusBadge("国家标准", tone: .neutral)
    }

    package func render(into buffer: inout HTMLBuffer) {
        let path = "/admin/codes/\(model.table.key)"
        let query = [("q", model.keyword), ("parent", model.parent)].filter { !$0.1.isEmpty }
        let table = model.table
        Layout(context) {
            Card(title: table.name) {
                DescriptionList([("类别", CodeTableWording.kind(table.kind).text), ("来源", table.source), ("版本", table.version),
                                 ("版本日期", CodeTableWording.date(table.versionDate)),
                                 ("载入平台", table.loadedAt > 0 ? ChinaTime.date(table.loadedAt) : "—"), ("说明", table.note)])
                FilterBar(path: path) {
                    TextField("代码、名称或简称", name: "q", value: model.keyword, id: "f-q")
                    TextField("上级代码", name: "parent", value: model.parent, inputMode: "numeric", id: "f-parent")
                }
                let editions = model.rows.contains { !$0.variant.isEmpty }
                let actions = model.keepsCodes || model.addsAliases
                DataTable(
                    columns: [.init("代码"), .init("名称")] + (model.addsAliases ? [.init("简称")] : []) + [.init("上级代码")]
                        + (editions ? [.init("目录版本")] : []) + [.init("其他信息"), .init("类别")] + (actions ? [.init("操作")] : []),
                    rows: model.rows.map { row in
                        [AnyHTML(Text(row.code)), AnyHTML(row.name.count <= 12 ? AnyHTML(span(.class("code-table-name")) { row.name }) : AnyHTML(Text(row.name)))]
                        + (model.addsAliases ? [AnyHTML(aliases(row, path: path))] : [])
                        + [AnyHTML(row.parent.map { parent in AnyHTML(a(.href(path + "?parent=" + QueryString.encode(parent))) { parent }) } ?? AnyHTML(Text("—")))]
                        + (editions ? [AnyHTML(Text(row.variant.isEmpty ? "—" : row.variant))] : [])
                        + [AnyHTML(Text(Self.attributes(row.attrs, table: table.key).isEmpty ? "—" : Self.attributes(row.attrs, table: table.key))),
                           AnyHTML(Self.badge(row))]
                        + (actions ? [AnyHTML(actionsCell(row, path: path))] : [])
                    },
                    emptyMessage: "没有符合条件的代码。")
                Pager(path: path, baseQuery: query, page: model.page, pageSize: CodesController.pageSize, total: model.total)
                ExportMenu(path: path + "/export", query: query, total: model.total, note: "每次导出都会记入操作日志。")
            }
            if model.addsAliases {
                Card(title: "添加简称") {
                    p(.class("muted")) {
                        "导入毕业生时，填写简称与填写代码或名称效果相同（例如学历填“本科”即为“本科生毕业”）。简称对全平台生效，不能与本表其他代码的代码、名称或简称重复；添加和删除都会记入操作日志。"
                    }
                    form(.method("post"), .action(path + "/aliases"), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        TextField("代码", name: "code", value: model.aliasForm.code, required: true, error: model.aliasErrors["code"], hint: "如 31", id: "alias-code")
                        TextField("简称", name: "alias", value: model.aliasForm.alias, required: true, error: model.aliasErrors["alias"],
                                  hint: "如 本科", maxLength: CodeAlias.maxLength, id: "alias-name")
                        FormActions { Button("添加简称") }
                    }
                }
            }
            if model.keepsCodes, CodesController.acceptsLocalCodes(table.key) {
                Card(title: "添加本地代码") {
                    p(.class("muted")) { "本地代码只在本平台使用，上报国家系统前需对应到国家标准代码。" }
                    form(.method("post"), .action(path), .class("form-grid")) {
                        CSRFField(model.csrfToken)
                        TextField("代码", name: "code", value: model.form.code, required: true, error: model.errors["code"], id: "code")
                        TextField("名称", name: "name", value: model.form.name, required: true, error: model.errors["name"], id: "name")
                        TextField("上级代码", name: "parent", value: model.form.parent, error: model.errors["parent"], hint: "没有上级可不填", id: "parent")
                        FormActions { Button("添加") }
                    }
                }
            }
        }.render(into: &buffer)
    }

    /// The 简称 of a row, joined by "、"; "—" when none.
    package func aliases(_ row: CodesController.CodeRow, path: String) -> AnyHTML {
        row.aliases.isEmpty ? AnyHTML(Text("—")) : AnyHTML(Text(row.aliases.joined(separator: "、")))
    }

    /// 删除 of a local code (system admin), and 删除简称 of each 简称 an admin added.
    package func actionsCell(_ row: CodesController.CodeRow, path: String) -> AnyHTML {
        let shipped = Set(model.shippedAliases[row.code] ?? [])
        let added = model.addsAliases ? row.aliases.filter { !shipped.contains($0) } : []
        guard (model.keepsCodes && row.isLocal) || !added.isEmpty else { return AnyHTML(Text("—")) }
        return AnyHTML(div(.class("action-row")) {
            if model.keepsCodes && row.isLocal {
                form(.method("post"), .action("\(path)/\(row.id)/delete"), .data("data-confirm", "确定删除本地代码 \(row.code) \(row.name)？")) {
                    CSRFField(model.csrfToken)
                    Button("删除代码", kind: .danger)
                }
            }
            ForEach(added) { alias in
                form(.method("post"), .action("\(path)/\(row.id)/aliases/delete"), .data("data-confirm", "确定删除简称“\(alias)”？")) {
                    CSRFField(model.csrfToken)
                    input(.type("hidden"), .name("alias"), .value(alias))
                    Button("删除简称“\(alias)”", kind: .secondary)
                }
            }
        })
    }
}
