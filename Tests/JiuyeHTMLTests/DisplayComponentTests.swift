import Foundation
import XCTest
@testable import JiuyeHTML

final class DisplayComponentTests: XCTestCase {
    private let columns = [DataTable.Column("姓名"), DataTable.Column("学院"), DataTable.Column("薪资", numeric: true)]

    func testEmptyTableShowsMessageAcrossAllColumns() {
        let html = DataTable(columns: columns, rows: []).renderedString()
        XCTAssertTrue(html.contains("<td colspan=\"3\" class=\"empty\">暂无数据</td>"), html)
        XCTAssertEqual(html.occurrences(of: "<th "), 3, "headers are still shown")
    }

    func testCustomEmptyMessage() {
        let html = DataTable(columns: columns, rows: [], emptyMessage: "没有符合条件的学生").renderedString()
        XCTAssertTrue(html.contains("没有符合条件的学生"))
        XCTAssertFalse(html.contains("暂无数据"))
    }

    func testCellsCarryDataLabelsForPhoneCards() {
        let rows: [[AnyHTML]] = [[AnyHTML(Text("张三")), AnyHTML(Text("计算机学院")), AnyHTML(Text("8000"))]]
        let html = DataTable(columns: columns, rows: rows, caption: "学生列表").renderedString()
        XCTAssertTrue(html.contains("<caption>学生列表</caption>"))
        XCTAssertTrue(html.contains("<td data-label=\"姓名\">张三</td>"), html)
        XCTAssertTrue(html.contains("<td data-label=\"薪资\" class=\"num\">8000</td>"))
        XCTAssertTrue(html.contains("<th scope=\"col\" class=\"num\">薪资</th>"))
        XCTAssertFalse(html.contains("暂无数据"))
    }

    func testCellsCanHoldMarkupAndTextIsEscaped() {
        let rows: [[AnyHTML]] = [[
            AnyHTML(a(.href("/students/1")) { "<张三>" }),
            AnyHTML(StatusBadge("待审核", tone: .warning)),
            AnyHTML(Text("1")),
        ]]
        let html = DataTable(columns: columns, rows: rows).renderedString()
        XCTAssertTrue(html.contains("<a href=\"/students/1\">&lt;张三&gt;</a>"))
        XCTAssertTrue(html.contains("<span class=\"badge badge-warning\">待审核</span>"))
    }

    func testShortRowsArePadded() {
        let rows: [[AnyHTML]] = [[AnyHTML(Text("张三"))]]
        let html = DataTable(columns: columns, rows: rows).renderedString()
        XCTAssertEqual(html.occurrences(of: "<td "), 3)
    }

    func testCellsBeyondTheColumnsGetAnEmptyLabel() {
        let rows: [[AnyHTML]] = [[AnyHTML(Text("a")), AnyHTML(Text("b")), AnyHTML(Text("c")), AnyHTML(Text("extra"))]]
        let html = DataTable(columns: columns, rows: rows).renderedString()
        XCTAssertTrue(html.contains("<td data-label=\"\">extra</td>"), html)
    }

    func testHeaderTextInDataLabelIsEscaped() {
        let rows: [[AnyHTML]] = [[AnyHTML(Text("1"))]]
        let html = DataTable(columns: [DataTable.Column("\"><script>")], rows: rows).renderedString()
        XCTAssertTrue(html.contains("<td data-label=\"&quot;&gt;&lt;script&gt;\">1</td>"), html)
        XCTAssertFalse(html.contains("<script"))
    }

    func testStatusBadgeTones() {
        XCTAssertEqual(StatusBadge("审核通过", tone: .success).renderedString(), "<span class=\"badge badge-success\">审核通过</span>")
        XCTAssertEqual(StatusBadge("草稿").renderedString(), "<span class=\"badge badge-neutral\">草稿</span>")
        XCTAssertTrue(StatusBadge("已驳回", tone: .danger).renderedString().contains("badge-danger"))
    }

    func testEmptyState() {
        let html = EmptyState(title: "尚未分配学院", hint: "请联系学校管理员为您分配所属学院。").renderedString()
        XCTAssertTrue(html.contains("<p class=\"empty-title\">尚未分配学院</p>"))
        XCTAssertTrue(html.contains("<p class=\"empty-hint\">请联系学校管理员为您分配所属学院。</p>"))
        XCTAssertFalse(EmptyState(title: "暂无通知").renderedString().contains("empty-hint"))
    }

    func testCardWithAndWithoutTitle() {
        let titled = Card(title: "基本信息") { p { "内容" } }.renderedString()
        XCTAssertEqual(titled, "<section class=\"card\"><h2 class=\"card-title\">基本信息</h2><div class=\"card-body\"><p>内容</p></div></section>")
        let plain = Card { "内容" }.renderedString()
        XCTAssertEqual(plain, "<div class=\"card\"><div class=\"card-body\">内容</div></div>")
    }

    func testDescriptionListEscapesAndMarksEmptyValues() {
        let html = DescriptionList([("姓名", "<张三>"), ("手机号", "")]).renderedString()
        XCTAssertTrue(html.contains("<dt>姓名</dt><dd>&lt;张三&gt;</dd>"), html)
        XCTAssertTrue(html.contains("<dt>手机号</dt><dd class=\"desc-empty\">—</dd>"))
    }

    func testFilterBarIsGetFormWithSearchAndReset() throws {
        let html = FilterBar(path: "/students") {
            TextField("关键词", name: "q", value: "张")
        }.renderedString()
        let form = try XCTUnwrap(html.tag("form", containing: "filter-bar"))
        XCTAssertTrue(form.contains("method=\"get\""))
        XCTAssertTrue(form.contains("action=\"/students\""))
        XCTAssertTrue(html.contains(">查询</button>"))
        XCTAssertTrue(html.contains("<a class=\"btn btn-secondary\" href=\"/students\">重置</a>"))
        XCTAssertTrue(html.contains("name=\"q\""))
    }
}
