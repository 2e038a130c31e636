import Foundation
import JiuyeDomain
import JiuyeHTML

/// 数据字典: every code table with its size, source and version.
struct CodeTablesPage: HTML {
    let context: PageContext
    let rows: [CodesController.TableRow]

    func render(into buffer: inout HTMLBuffer) {
        Layout(context) {
            Card(title: "数据字典") {
                p(.class("muted")) {
                    "国家标准代码随数据文件加载，来源和版本见下表；各表可添加本地代码，正在使用的代码不能删除。标为“种子数据”的表只含示例行，需按相同格式导入完整目录。"
                }
                DataTable(
                    columns: [.init("代码表"), .init("条数", numeric: true), .init("本地代码", numeric: true), .init("来源"), .init("版本")],
                    rows: rows.map { row in
                        [AnyHTML(a(.href("/admin/codes/\(row.key)"), .class("code-table-name")) { row.name }), AnyHTML(Text(String(row.n))), AnyHTML(Text(String(row.local))),
                         AnyHTML(Group(Text(row.source), row.source.hasPrefix("种子数据") ? StatusBadge("种子数据", tone: .warning) : nil)),
                         AnyHTML(Text(row.version))]
                    })
            }
        }.render(into: &buffer)
    }
}

/// One code table: search, parent filter, the codes page by page, and 添加本地代码.
struct CodeTablePage: HTML {
    struct Model: Sendable {
        var table: CodesController.TableRow
        var rows: [CodesController.CodeRow]
        var total: Int
        var page: Int
        var keyword: String
        var parent: String
        var form: CodesController.AddForm
        var errors: [String: String]
        var csrfToken: String
    }

    let context: PageContext
    let model: Model

    /// Column names of the data files as people read them.
    static let attributeLabels: [String: String] = [
        "authoritative": "国家标准", "basis": "依据", "source": "来源", "level": "层级", "gbt4754_section": "GB/T 4754 门类", "short_name": "简称",
        "jyt1001_name": "JY/T 1001 名称", "in_app": "平台使用", "note": "说明", "alpha2": "二位字母代码", "alpha3": "三位字母代码", "name_en": "英文名称",
        "location": "所在地", "authority": "主管部门", "county_seat": "县政府驻地", "hourly_amount": "小时最低工资", "effective_from": "执行日期",
        "grade": "档次", "level_group": "学历层次", "year": "变更年份", "township_code": "乡镇代码",
    ]
    static let valueLabels: [String: String] = [
        "yes": "是", "no": "否", "product-spec": "产品规格", "standard": "国家标准", "third-party": "第三方资料", "local": "本地代码", "seed": "种子数据",
        "category": "类别", "subtype": "子类", "1": "是",
    ]

    static func attributeValues(_ json: String) -> [String: String] {
        guard let data = json.data(using: .utf8), let object = try? JSONSerialization.jsonObject(with: data) as? [String: String] else { return [:] }
        return object
    }

    /// The row's other columns as "名称：值" pairs (from the data file).
    static func attributes(_ json: String) -> String {
        let object = attributeValues(json)
        return object.keys.sorted().map { "\(attributeLabels[$0] ?? $0)：\(valueLabels[object[$0] ?? ""] ?? object[$0] ?? "")" }.joined(separator: "；")
    }

    /// 国家标准, or 非国家标准 for a file row the data marks as local or unconfirmed, or 本地 (added here).
    static func badge(_ row: CodesController.CodeRow) -> StatusBadge {
        if row.isLocal { return StatusBadge("本地", tone: .info) }
        let attributes = attributeValues(row.attrs)
        if attributes["authoritative"] == "no" || attributes["basis"] == "local" || attributes["basis"] == "seed" {
            return StatusBadge("非国家标准", tone: .warning)
        }
        return StatusBadge("国家标准", tone: .neutral)
    }

    func render(into buffer: inout HTMLBuffer) {
        let path = "/admin/codes/\(model.table.key)"
        let query = [("q", model.keyword), ("parent", model.parent)].filter { !$0.1.isEmpty }
        Layout(context) {
            Card(title: model.table.name) {
                DescriptionList([("来源", model.table.source), ("版本", model.table.version), ("维护说明", model.table.note)])
                FilterBar(path: path) {
                    TextField("代码或名称", name: "q", value: model.keyword, id: "f-q")
                    TextField("上级代码", name: "parent", value: model.parent, inputMode: "numeric", id: "f-parent")
                }
                let editions = model.rows.contains { !$0.variant.isEmpty }
                DataTable(
                    columns: [.init("代码"), .init("名称"), .init("上级代码")] + (editions ? [.init("目录版本")] : []) + [.init("其他信息"), .init("类别"), .init("操作")],
                    rows: model.rows.map { row in
                        [AnyHTML(Text(row.code)), AnyHTML(Text(row.name)),
                         AnyHTML(row.parent.map { parent in AnyHTML(a(.href(path + "?parent=" + QueryString.encode(parent))) { parent }) } ?? AnyHTML(Text("—")))]
                        + (editions ? [AnyHTML(Text(row.variant.isEmpty ? "—" : row.variant))] : [])
                        + [AnyHTML(Text(Self.attributes(row.attrs).isEmpty ? "—" : Self.attributes(row.attrs))),
                         AnyHTML(Self.badge(row)),
                         AnyHTML(row.isLocal
                            ? AnyHTML(form(.method("post"), .action("\(path)/\(row.id)/delete"), .data("data-confirm", "确定删除本地代码 \(row.code) \(row.name)？")) {
                                CSRFField(model.csrfToken)
                                Button("删除", kind: .danger)
                            })
                            : AnyHTML(Text("—")))]
                    },
                    emptyMessage: "没有符合条件的代码。")
                Pager(path: path, baseQuery: query, page: model.page, pageSize: CodesController.pageSize, total: model.total)
                ExportMenu(path: path + "/export", query: query, total: model.total)
            }
            if CodesController.acceptsLocalCodes(model.table.key) {
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
}
