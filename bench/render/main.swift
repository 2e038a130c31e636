// Render micro-benchmark: a 20-row list page with layout and menu, rendered
// (a) with the JiuyeHTML DSL and components and (b) with a hand-built String
// of the same markup. Both are checked to produce identical bytes first.
//
// Usage: RenderBench [iterations]   (run by bench/render/run.sh)

import JiuyeHTML
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: - Shared input (what a handler would have loaded)

struct Student {
    let id: Int
    let number: String
    let name: String
    let college: String
    let major: String
    let status: String
    let tone: StatusBadge.Tone
    let salary: String
}

let students: [Student] = (0..<20).map { i in
    let statuses: [(String, StatusBadge.Tone)] = [("已就业", .success), ("待就业", .warning), ("升学", .info), ("帮扶中", .danger)]
    let (status, tone) = statuses[i % statuses.count]
    return Student(
        id: 10_000 + i,
        number: "2021\(String(100_000 + i * 37))",
        name: ["张伟", "王芳", "李娜", "刘洋", "陈静"][i % 5] + (i % 7 == 0 ? " <转>" : ""),
        college: ["计算机学院", "经济管理学院", "外国语学院"][i % 3],
        major: i % 4 == 0 ? "计算机科学与技术 (C&S)" : "国际经济与贸易",
        status: status,
        tone: tone,
        salary: String(6_000 + i * 250)
    )
}

let context = PageContext(
    title: "学生名单",
    user: LayoutUser(displayName: "王老师", roleLabel: "辅导员"),
    menu: [
        MenuSection(title: "工作台", items: [
            MenuItem(label: "首页", href: "/"),
            MenuItem(label: "待办事项", href: "/tasks"),
        ]),
        MenuSection(title: "学生管理", items: [
            MenuItem(label: "学生名单", href: "/students", isCurrent: true),
            MenuItem(label: "就业去向登记", href: "/placements"),
            MenuItem(label: "困难生帮扶", href: "/aid"),
            MenuItem(label: "帮扶记录", href: "/aid/records"),
        ]),
        MenuSection(title: "岗位与招聘", items: [
            MenuItem(label: "岗位信息", href: "/jobs"),
            MenuItem(label: "招聘会", href: "/fairs"),
            MenuItem(label: "用人单位", href: "/employers"),
        ]),
        MenuSection(title: "统计报表", items: [
            MenuItem(label: "就业率统计", href: "/reports/rate"),
            MenuItem(label: "数据导出", href: "/reports/export"),
        ]),
    ],
    breadcrumb: [Crumb("学生管理", href: "/students"), Crumb("学生名单")],
    flashes: [Flash(.success, "已保存 3 条就业去向记录。")],
    csrfToken: "k3J9xQ2mZ8pL4vR7tY1wB6nC5"
)

let filterQuery = "张 & 王"
let statusOptions = [SelectOption("", "全部"), SelectOption("employed", "已就业"), SelectOption("seeking", "待就业"), SelectOption("aid", "帮扶中")]
let columns = [
    DataTable.Column("学号"), DataTable.Column("姓名"), DataTable.Column("学院"), DataTable.Column("专业"),
    DataTable.Column("状态"), DataTable.Column("月薪（元）", numeric: true), DataTable.Column("操作"),
]

// MARK: - (a) DSL

func renderDSL() -> [UInt8] {
    let page = Layout(context) {
        h1 { "学生名单" }
        FilterBar(path: "/students") {
            TextField("姓名/学号", name: "q", value: filterQuery)
            SelectField("就业状态", name: "status", options: statusOptions, selected: "employed", prompt: nil)
        }
        DataTable(columns: columns, rows: students.map { s in
            [
                AnyHTML(Text(s.number)),
                AnyHTML(a(.href("/students/\(s.id)")) { s.name }),
                AnyHTML(Text(s.college)),
                AnyHTML(Text(s.major)),
                AnyHTML(StatusBadge(s.status, tone: s.tone)),
                AnyHTML(Text(s.salary)),
                AnyHTML(LinkButton("查看", href: "/students/\(s.id)", kind: .link)),
            ]
        })
        Pager(path: "/students", baseQuery: [("q", filterQuery), ("status", "employed")], page: 3, pageSize: 20, total: 487)
    }
    var buffer = HTMLBuffer(capacity: 16_384)
    page.render(into: &buffer)
    return buffer.bytes
}

// MARK: - (b) Hand-built String baseline

@inline(__always)
func esc(_ s: String) -> String {
    guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
    var r = ""
    r.reserveCapacity(s.utf8.count + 16)
    for ch in s.unicodeScalars {
        switch ch {
        case "&": r += "&amp;"
        case "<": r += "&lt;"
        case ">": r += "&gt;"
        case "\"": r += "&quot;"
        case "'": r += "&#39;"
        default: r.unicodeScalars.append(ch)
        }
    }
    return r
}

func renderBaseline() -> String {
    var h = ""
    h.reserveCapacity(16_384)
    h += "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
    h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
    h += "<meta name=\"format-detection\" content=\"telephone=no\">"
    h += "<title>" + esc(context.title) + " - 九业就业服务平台</title>"
    h += "<link rel=\"stylesheet\" href=\"/css/app.css\"><script src=\"/js/app.js\" defer></script></head>"
    h += "<body class=\"layout\"><a class=\"skip-link\" href=\"#main\">跳到主要内容</a>"
    h += "<header class=\"site-header\"><div class=\"header-inner\">"
    h += "<a class=\"brand\" href=\"/\"><span class=\"brand-mark\" aria-hidden=\"true\">九</span><span class=\"brand-name\">九业就业服务平台</span></a>"
    if let user = context.user {
        h += "<div class=\"user-menu\"><span class=\"user-info\"><span class=\"user-name\">" + esc(user.displayName)
        h += "</span><span class=\"user-role\">" + esc(user.roleLabel) + "</span></span>"
        h += "<a class=\"header-link\" href=\"/account\">账号管理</a>"
        h += "<form class=\"logout-form\" method=\"post\" action=\"/logout\">"
        if let token = context.csrfToken {
            h += "<input type=\"hidden\" name=\"_csrf\" value=\"" + esc(token) + "\">"
        }
        h += "<button type=\"submit\" class=\"header-button\">注销登录</button></form></div>"
    }
    h += "</div></header><div class=\"page\">"
    h += "<nav class=\"side-nav\" aria-label=\"主菜单\"><details class=\"menu\"><summary class=\"menu-toggle\">菜单</summary><div class=\"menu-sections\">"
    for section in context.menu {
        h += "<div class=\"menu-section\"><p class=\"menu-title\">" + esc(section.title) + "</p><ul class=\"menu-list\">"
        for item in section.items {
            if item.isCurrent {
                h += "<li><a class=\"menu-link current\" href=\"" + esc(item.href) + "\" aria-current=\"page\">" + esc(item.label) + "</a></li>"
            } else {
                h += "<li><a class=\"menu-link\" href=\"" + esc(item.href) + "\">" + esc(item.label) + "</a></li>"
            }
        }
        h += "</ul></div>"
    }
    h += "</div></details></nav>"
    h += "<main id=\"main\" class=\"content\" tabindex=\"-1\">"
    h += "<nav class=\"breadcrumb\" aria-label=\"我的位置\"><span class=\"breadcrumb-label\">我的位置：</span><ol class=\"breadcrumb-list\">"
    var crumbs = context.breadcrumb
    if crumbs.first?.label != "首页" { crumbs.insert(Crumb("首页", href: "/"), at: 0) }
    for (i, crumb) in crumbs.enumerated() {
        h += "<li>"
        if i > 0 { h += "<span class=\"sep\" aria-hidden=\"true\"> &gt; </span>" }
        let last = i == crumbs.count - 1
        if let href = crumb.href {
            h += "<a href=\"" + esc(href) + "\"" + (last ? " aria-current=\"page\"" : "") + ">" + esc(crumb.label) + "</a>"
        } else {
            h += (last ? "<span class=\"crumb-current\" aria-current=\"page\">" : "<span>") + esc(crumb.label) + "</span>"
        }
        h += "</li>"
    }
    h += "</ol></nav><div class=\"flashes\">"
    for flash in context.flashes {
        h += "<div class=\"flash flash-success\" role=\"status\"><span class=\"visually-hidden\">成功：</span>" + esc(flash.message) + "</div>"
    }
    h += "</div><h1>学生名单</h1>"
    // Filter bar
    h += "<form class=\"filter-bar\" method=\"get\" action=\"/students\" role=\"search\"><div class=\"filter-fields\">"
    h += "<div class=\"field\"><label for=\"f-q\">姓名/学号</label><input type=\"text\" id=\"f-q\" name=\"q\" value=\"" + esc(filterQuery) + "\"></div>"
    h += "<div class=\"field\"><label for=\"f-status\">就业状态</label><select id=\"f-status\" name=\"status\">"
    for option in statusOptions {
        h += "<option value=\"" + esc(option.value) + "\"" + (option.value == "employed" ? " selected" : "") + ">" + esc(option.label) + "</option>"
    }
    h += "</select></div></div><div class=\"filter-actions\"><button type=\"submit\" class=\"btn btn-primary\">查询</button>"
    h += "<a class=\"btn btn-secondary\" href=\"/students\">重置</a></div></form>"
    // Table
    h += "<div class=\"table-wrap\"><table class=\"data-table\"><thead><tr>"
    for column in columns {
        h += (column.numeric ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">") + esc(column.header) + "</th>"
    }
    h += "</tr></thead><tbody>"
    for s in students {
        h += "<tr><td data-label=\"学号\">" + esc(s.number) + "</td>"
        h += "<td data-label=\"姓名\"><a href=\"/students/" + String(s.id) + "\">" + esc(s.name) + "</a></td>"
        h += "<td data-label=\"学院\">" + esc(s.college) + "</td>"
        h += "<td data-label=\"专业\">" + esc(s.major) + "</td>"
        h += "<td data-label=\"状态\"><span class=\"badge badge-" + s.tone.rawValue + "\">" + esc(s.status) + "</span></td>"
        h += "<td data-label=\"月薪（元）\" class=\"num\">" + esc(s.salary) + "</td>"
        h += "<td data-label=\"操作\"><a class=\"btn btn-link\" href=\"/students/" + String(s.id) + "\">查看</a></td></tr>"
    }
    h += "</tbody></table></div>"
    // Pager: 487 rows, 20 a page, page 3 of 25, pages 1...5.
    let query = "q=" + QueryString.encode(filterQuery) + "&amp;status=employed&amp;page="
    let total = 487, pageSize = 20, page = 3
    let pageCount = (total + pageSize - 1) / pageSize
    h += "<nav class=\"pager\" aria-label=\"分页\"><p class=\"pager-summary\">共 " + String(total) + " 条，第 " + String(page) + "/" + String(pageCount) + " 页</p><ul class=\"pager-links\">"
    h += "<li><a class=\"page-link\" href=\"/students?" + query + "1\">首页</a></li>"
    h += "<li><a class=\"page-link\" href=\"/students?" + query + String(page - 1) + "\" rel=\"prev\">上一页</a></li>"
    for n in 1...5 {
        if n == page {
            h += "<li><span class=\"page-link current\" aria-current=\"page\">" + String(n) + "</span></li>"
        } else {
            h += "<li><a class=\"page-link\" href=\"/students?" + query + String(n) + "\">" + String(n) + "</a></li>"
        }
    }
    h += "<li><a class=\"page-link\" href=\"/students?" + query + String(page + 1) + "\" rel=\"next\">下一页</a></li>"
    h += "<li><a class=\"page-link\" href=\"/students?" + query + String(pageCount) + "\">末页</a></li></ul></nav>"
    h += "</main></div><footer class=\"site-footer\"><p>九业就业服务平台 · 高校毕业生就业与帮扶服务</p></footer></body></html>"
    return h
}

// MARK: - Run

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000
/// "dsl" or "baseline" as a second argument measures only that renderer (for profiling).
let only = CommandLine.arguments.count > 2 ? CommandLine.arguments[2] : nil

let dslOnce = renderDSL()
let baselineOnce = Array(renderBaseline().utf8)
guard dslOnce == baselineOnce else {
    let firstDifference = (0..<min(dslOnce.count, baselineOnce.count)).first { dslOnce[$0] != baselineOnce[$0] }
        ?? min(dslOnce.count, baselineOnce.count)
    let from = max(0, firstDifference - 80)
    print("MARKUP DIFFERS at byte \(firstDifference) (DSL \(dslOnce.count) bytes, baseline \(baselineOnce.count) bytes)")
    print("DSL:      …" + String(decoding: dslOnce[from..<min(dslOnce.count, firstDifference + 80)], as: UTF8.self))
    print("baseline: …" + String(decoding: baselineOnce[from..<min(baselineOnce.count, firstDifference + 80)], as: UTF8.self))
    exit(1)
}

func measure(_ label: String, _ body: () -> Int) -> Double {
    // Warm up, then take the best of 3 runs.
    var sink = 0
    for _ in 0..<(iterations / 10) { sink &+= body() }
    var best = Duration.seconds(1_000_000)
    for _ in 0..<3 {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<iterations { sink &+= body() }
        }
        best = min(best, elapsed)
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
    let rate = Double(iterations) / seconds
    print("\(label): \(Int(rate.rounded())) pages/s  (\(iterations) pages in \(String(format3(seconds))) s, checksum \(sink & 0xFFFF))")
    return rate
}

func format3(_ value: Double) -> String {
    let scaled = Int((value * 1000).rounded())
    let fraction = String(scaled % 1000)
    return "\(scaled / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
}

print("page: \(dslOnce.count) bytes, \(students.count) rows, identical markup from both renderers")
if only == "dsl" {
    _ = measure("(a) DSL     ", { renderDSL().count })
} else if only == "baseline" {
    _ = measure("(b) baseline", { renderBaseline().utf8.count })
} else {
    let dslRate = measure("(a) DSL     ", { renderDSL().count })
    let baselineRate = measure("(b) baseline", { renderBaseline().utf8.count })
    print("ratio DSL/baseline (throughput): \(format3(dslRate / baselineRate)) (1.0 = as fast as the hand-built String)")
}
