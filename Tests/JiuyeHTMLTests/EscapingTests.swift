import Foundation
import XCTest
@testable import JiuyeHTML

final class EscapingTests: XCTestCase {
    func testTextEscapesAllFiveSpecialCharacters() {
        let html = p { "a \"b\" 'c' <d> & e" }.renderedString()
        XCTAssertEqual(html, "<p>a &quot;b&quot; &#39;c&#39; &lt;d&gt; &amp; e</p>")
    }

    func testScriptTagInTextIsInert() {
        let html = div { "<script>alert(1)</script>" }.renderedString()
        XCTAssertEqual(html, "<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>")
        XCTAssertFalse(html.contains("<script"))
    }

    func testChineseAndEmojiPassThroughUnchanged() {
        let html = span { "就业帮扶 🎓 已完成 👍🏽" }.renderedString()
        XCTAssertEqual(html, "<span>就业帮扶 🎓 已完成 👍🏽</span>")
    }

    func testInterpolatedTextIsEscaped() {
        let name = "<b>张三</b>"
        let html = p { "欢迎，\(name)" }.renderedString()
        XCTAssertEqual(html, "<p>欢迎，&lt;b&gt;张三&lt;/b&gt;</p>")
    }

    func testAttributeValueCannotBreakOutOfQuotes() {
        let html = input(.name("q"), .value("\" onfocus=\"alert(1)")).renderedString()
        XCTAssertEqual(html, "<input name=\"q\" value=\"&quot; onfocus=&quot;alert(1)\">")
        XCTAssertEqual(html.occurrences(of: "\""), 4, "only the two pairs of delimiting quotes remain")
    }

    func testAttributeValueEscapesSingleQuotesAndAngles() {
        let html = div(.title("it's <b> & 'x'")).renderedString()
        XCTAssertEqual(html, "<div title=\"it&#39;s &lt;b&gt; &amp; &#39;x&#39;\"></div>")
    }

    func testAttributeValueKeepsChineseAndEmoji() {
        let html = input(.placeholder("请输入姓名 😀")).renderedString()
        XCTAssertEqual(html, "<input placeholder=\"请输入姓名 😀\">")
    }

    func testScriptInAttributeIsEscaped() {
        let html = div(.class("<script>alert(1)</script>")).renderedString()
        XCTAssertEqual(html, "<div class=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></div>")
    }

    // MARK: URLs

    func testJavaScriptHrefIsNeutralised() {
        XCTAssertEqual(a(.href("javascript:alert(1)")) { "x" }.renderedString(), "<a href=\"#\">x</a>")
    }

    func testMixedCaseAndPaddedJavaScriptHrefIsNeutralised() {
        for url in ["JaVaScRiPt:alert(1)", "  javascript:alert(1)", "\u{1}javascript:alert(1)",
                    "java\tscript:alert(1)", "java\nscript:alert(1)", "\r\njavascript:alert(1)"] {
            XCTAssertEqual(Attribute.safeURL(url), "#", url.debugDescription)
        }
    }

    func testCombiningMarkAfterColonDoesNotHideTheScheme() {
        // ":" followed by U+0301 or a ZWJ is one Swift Character; the check
        // must still see the colon.
        XCTAssertEqual(Attribute.safeURL("javascript:\u{301}alert(1)"), "#")
        XCTAssertEqual(Attribute.safeURL("javascript:\u{200D}alert(1)"), "#")
    }

    func testOtherDangerousSchemesAreNeutralised() {
        XCTAssertEqual(Attribute.safeURL("data:text/html,<script>alert(1)</script>"), "#")
        XCTAssertEqual(Attribute.safeURL("vbscript:msgbox(1)"), "#")
        XCTAssertEqual(src("javascript:alert(1)"), "#")
        XCTAssertEqual(form(.action("javascript:alert(1)")).renderedString(), "<form action=\"#\"></form>")
    }

    private func src(_ url: String) -> String {
        img(.src(url)).renderedString().between("src=\"", "\"") ?? "<missing>"
    }

    func testRelativeAndWebURLsAreKept() {
        for url in ["/students?page=2", "students/3", "#main", "?q=a:b", "/a:b",
                    "https://www.ncss.cn/jobs", "http://example.cn", "mailto:job@example.cn", "tel:010-12345678"] {
            XCTAssertEqual(Attribute.safeURL(url), url, url)
        }
    }

    func testKeptURLIsStillAttributeEscaped() {
        let html = a(.href("/search?q=a&b=\"x\"")) { "搜" }.renderedString()
        XCTAssertEqual(html, "<a href=\"/search?q=a&amp;b=&quot;x&quot;\">搜</a>")
    }

    // MARK: Structure

    func testBooleanAttributesHaveNoValue() {
        let html = input(.type("checkbox"), .checked, .disabled, .required).renderedString()
        XCTAssertEqual(html, "<input type=\"checkbox\" checked disabled required>")
    }

    func testUnescapedPassesConstantThrough() {
        XCTAssertEqual(Unescaped("<!DOCTYPE html>").renderedString(), "<!DOCTYPE html>")
        XCTAssertEqual(Text("<!DOCTYPE html>").renderedString(), "&lt;!DOCTYPE html&gt;")
    }

    func testBuilderControlFlow() {
        let items = ["一", "<二>"]
        let show = false
        let html = ul {
            for item in items { li { item } }
            if show { li { "hidden" } } else { li(.class("more")) { "更多" } }
            ForEach(1...2) { n in li { n } }
        }.renderedString()
        XCTAssertEqual(html, "<ul><li>一</li><li>&lt;二&gt;</li><li class=\"more\">更多</li><li>1</li><li>2</li></ul>")
    }

    func testAnyHTMLRendersWrappedContent() {
        let cells: [AnyHTML] = [AnyHTML(Text("a&b")), AnyHTML(strong { "粗" })]
        XCTAssertEqual(div { cells }.renderedString(), "<div>a&amp;b<strong>粗</strong></div>")
    }
}
