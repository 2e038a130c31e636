import JiuyeDomain
import XCTest

/// The notice editor's HTML through the allow-list: hostile markup neutralised, the allowed kept.
final class RichTextTests: XCTestCase {
    func clean(_ html: String) -> String { RichText.sanitize(html) }

    func testAllowedMarkupIsKept() {
        XCTAssertEqual(clean("<p>关于<strong>启用</strong>新版<em>就业系统</em>的通知</p>"), "<p>关于<strong>启用</strong>新版<em>就业系统</em>的通知</p>")
        XCTAssertEqual(clean("<ul><li>一</li><li>二</li></ul>"), "<ul><li>一</li><li>二</li></ul>")
        XCTAssertEqual(clean("<B>粗</B><i>斜</i><h1>标题</h1>"), "<strong>粗</strong><em>斜</em><h3>标题</h3>")
        XCTAssertEqual(clean("第一行<br>第二行<br/>"), "第一行<br>第二行<br>")
        XCTAssertEqual(clean("<a href=\"https://job.example.edu.cn/x?a=1&amp;b=2\">链接</a>"), "<a href=\"https://job.example.edu.cn/x?a=1&amp;b=2\">链接</a>")
        XCTAssertEqual(clean("<a href=\"/events/3\">活动</a>"), "<a href=\"/events/3\">活动</a>")
        XCTAssertEqual(clean("A &amp; B &lt; C"), "A &amp; B &lt; C", "entities stay what they were")
        XCTAssertEqual(clean("1 < 2 and 3 > 2 & so"), "1 &lt; 2 and 3 &gt; 2 &amp; so")
    }

    func testHostileMarkupIsNeutralised() {
        XCTAssertEqual(clean("<script>alert(1)</script>通知"), "通知")
        XCTAssertEqual(clean("<SCRIPT src=//evil.example>alert(1)</SCRIPT >通知"), "通知")
        XCTAssertEqual(clean("<img src=x onerror=alert(1)>图"), "图")
        XCTAssertEqual(clean("<p onclick=\"alert(1)\" style=\"color:red\">段</p>"), "<p>段</p>")
        XCTAssertEqual(clean("<a href=\"javascript:alert(1)\">点</a>"), "点")
        XCTAssertEqual(clean("<a href=\"jav&#x61;script:alert(1)\">点</a>"), "点")
        XCTAssertEqual(clean("<a href=\" java\tscript:alert(1)\">点</a>"), "点")
        XCTAssertEqual(clean("<a href=\"JaVaScRiPt&colon;alert(1)\">点</a>"), "点")
        XCTAssertEqual(clean("<a href=\"data:text/html,<script>alert(1)</script>\">点</a>"), "点")
        XCTAssertEqual(clean("<a href=\"//evil.example\">点</a>"), "点")
        XCTAssertEqual(clean("<a href=\"https://ok.example\" onmouseover=\"x\" target=\"_self\">点</a>"), "<a href=\"https://ok.example\">点</a>")
        XCTAssertEqual(clean("<iframe src=\"https://evil.example\"></iframe>后"), "后")
        XCTAssertEqual(clean("<style>body{display:none}</style>正文"), "正文")
        XCTAssertEqual(clean("<svg><script>alert(1)</script></svg>正文"), "正文")
        XCTAssertEqual(clean("<!-- <script>alert(1)</script> -->正文"), "正文")
        XCTAssertEqual(clean("<scr<script>ipt>alert(1)</script>"), "ipt&gt;alert(1)", "what is left of a broken tag is text")
        XCTAssertEqual(clean("<p>未闭合<strong>粗"), "<p>未闭合<strong>粗</strong></p>")
        XCTAssertEqual(clean("</p></strong>多余的结束标签"), "多余的结束标签")
        XCTAssertEqual(clean("<a href=\"https://a.example\">一<a href=\"https://b.example\">二</a></a>"),
                       "<a href=\"https://a.example\">一</a><a href=\"https://b.example\">二</a>")
        XCTAssertEqual(clean("\"引号\" 'single'"), "&quot;引号&quot; &#39;single&#39;")
        XCTAssertEqual(clean("<script>never closed"), "")
        XCTAssertEqual(clean("&#0;&#x110000;x"), "&amp;#0;&amp;#x110000;x", "references to no character stay text")
    }

    func testTheStoredFormIsAFixedPoint() {
        let hostile = "<p onclick=x>a<script>b</script><a href='https://x.example/?q=\"'>c</a><b>d<i>e</b></p><img src=x>"
        let once = clean(hostile)
        XCTAssertEqual(clean(once), once)
        XCTAssertFalse(once.contains("onclick") || once.contains("script") || once.contains("<img"))
        XCTAssertEqual(RichText.plainText(RichText.parse("<p>通知</p><p>第二段<strong>重点</strong></p>")), "通知 第二段重点")
    }
}

/// 通知公告's form: title, body through the allow-list, scheduled time.
final class NoticeTests: XCTestCase {
    let now: Int64 = 1_796_000_000

    func testANoticeIsStoredSanitisedAndScheduled() throws {
        let notice = try Notice.check(["category": "通知公告", "title": "关于启用新版就业系统的通知", "body": "<p>即日起<script>x</script>启用</p>", "pinned": "1"],
                                      publishAt: nil, invalidTime: false, now: now).get()
        XCTAssertEqual(notice.body, "<p>即日起启用</p>")
        XCTAssertEqual(notice.summary, "即日起启用")
        XCTAssertEqual(notice.publishAt, now)
        XCTAssertTrue(notice.pinned)
        let later = try Notice.check(["category": "政策指南", "title": "政策", "body": "正文"], publishAt: now + 3_600, invalidTime: false, now: now).get()
        XCTAssertEqual(later.publishAt, now + 3_600)
        let past = try Notice.check(["category": "政策指南", "title": "政策", "body": "正文"], publishAt: now - 3_600, invalidTime: false, now: now).get()
        XCTAssertEqual(past.publishAt, now, "a time already past publishes now")
    }

    func testBadFormsSayWhy() {
        func fields(_ form: [String: String], at: Int64? = nil, invalid: Bool = false) -> [String] {
            if case .failure(let problems) = Notice.check(form, publishAt: at, invalidTime: invalid, now: now) { return problems.list.map(\.field) }
            return []
        }
        XCTAssertEqual(fields(["category": "新闻", "title": "标题", "body": "正文"]), ["category"])
        XCTAssertEqual(fields(["category": "通知公告", "title": "标", "body": "正文"]), ["title"])
        XCTAssertEqual(fields(["category": "通知公告", "title": "标题", "body": "<script>only</script><img src=x>"]), ["body"], "nothing left after the allow-list")
        XCTAssertEqual(fields(["category": "通知公告", "title": "标题", "body": "正文"], invalid: true), ["publish_at"])
        XCTAssertEqual(fields(["category": "通知公告", "title": "标题", "body": "正文"], at: now + 367 * 86_400), ["publish_at"])
    }
}
