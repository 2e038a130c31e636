import Foundation
import XCTest
@testable import JiuyeHTML

final class LayoutTests: XCTestCase {
    private func signedInContext(
        flashes: [Flash] = [],
        breadcrumb: [Crumb] = [Crumb("用户管理")]
    ) -> PageContext {
        PageContext(
            title: "用户管理",
            user: LayoutUser(displayName: "王老师", roleLabel: "辅导员"),
            menu: [
                MenuSection(title: "学生管理", items: [
                    MenuItem(label: "学生名单", href: "/students", isCurrent: true),
                    MenuItem(label: "帮扶记录", href: "/aid"),
                ]),
                MenuSection(title: "系统", items: [MenuItem(label: "用户管理", href: "/users")]),
            ],
            breadcrumb: breadcrumb,
            flashes: flashes,
            csrfToken: "tok-123"
        )
    }

    private func render(_ context: PageContext) -> String {
        Layout(context) { h1 { "用户管理" } }.renderedString()
    }

    func testDocumentHead() {
        let html = render(signedInContext())
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html><html lang=\"zh-CN\">"), String(html.prefix(60)))
        XCTAssertTrue(html.contains("<meta charset=\"utf-8\">"))
        XCTAssertTrue(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        XCTAssertTrue(html.contains("<title>用户管理 - 九业就业服务平台</title>"))
        XCTAssertTrue(html.contains("<link rel=\"stylesheet\" href=\"/css/app.css\">"))
        XCTAssertTrue(html.contains("<script src=\"/js/app.js\" defer></script>"))
        XCTAssertTrue(html.hasSuffix("</body></html>"))
    }

    func testNoInlineStyleOrScript() {
        let html = render(signedInContext(flashes: [Flash(.error, "保存失败")]))
        XCTAssertFalse(html.contains("style="), "CSP forbids inline styles")
        XCTAssertFalse(html.contains("<style"))
        XCTAssertNil(html.range(of: #"\son[a-z]+="#, options: .regularExpression), "no inline event handlers")
        // Every <script> is empty and loads /js/app.js.
        XCTAssertEqual(html.occurrences(of: "<script"), 1)
        XCTAssertEqual(html.occurrences(of: "<script src=\"/js/app.js\" defer></script>"), 1)
    }

    func testHeaderShowsUserAccountLinkAndLogoutFormWithCSRF() throws {
        let html = render(signedInContext())
        XCTAssertTrue(html.contains("<a class=\"brand\" href=\"/\">"))
        XCTAssertTrue(html.contains("九业就业服务平台"))
        XCTAssertTrue(html.contains("<span class=\"user-name\">王老师</span>"))
        XCTAssertTrue(html.contains("<span class=\"user-role\">辅导员</span>"))
        XCTAssertTrue(html.contains("href=\"/account\">账号管理</a>"))
        let logout = try XCTUnwrap(html.between("<form class=\"logout-form\"", "</form>"))
        XCTAssertTrue(logout.contains("method=\"post\" action=\"/logout\""), logout)
        XCTAssertTrue(logout.contains("<input type=\"hidden\" name=\"_csrf\" value=\"tok-123\">"))
        XCTAssertTrue(logout.contains("注销登录</button>"))
    }

    func testAnonymousPageHasNoUserMenu() {
        let html = render(PageContext(title: "岗位信息"))
        XCTAssertFalse(html.contains("user-menu"))
        XCTAssertFalse(html.contains("/logout"))
        XCTAssertFalse(html.contains("side-nav"), "no menu sections, no menu")
        XCTAssertTrue(html.contains("class=\"layout no-menu\""))
    }

    func testMenuIsCollapsibleDetailsWithCurrentItem() {
        let html = render(signedInContext())
        XCTAssertTrue(html.contains("<details class=\"menu\"><summary class=\"menu-toggle\">菜单</summary>"), html)
        XCTAssertTrue(html.contains("<p class=\"menu-title\">学生管理</p>"))
        XCTAssertTrue(html.contains("<a class=\"menu-link current\" href=\"/students\" aria-current=\"page\">学生名单</a>"))
        XCTAssertTrue(html.contains("<a class=\"menu-link\" href=\"/aid\">帮扶记录</a>"))
    }

    func testBreadcrumbStartsWithHomeOnce() {
        let html = render(signedInContext())
        XCTAssertTrue(html.contains("我的位置："))
        XCTAssertTrue(html.contains("<a href=\"/\">首页</a>"))
        XCTAssertTrue(html.contains("<span class=\"crumb-current\" aria-current=\"page\">用户管理</span>"))
        XCTAssertTrue(html.contains("&gt;"), "a visible separator")

        let explicit = render(signedInContext(breadcrumb: [Crumb("首页", href: "/"), Crumb("学生", href: "/students"), Crumb("详情")]))
        XCTAssertEqual(explicit.occurrences(of: ">首页<"), 1)
        XCTAssertTrue(explicit.contains("<a href=\"/students\">学生</a>"))
    }

    func testNoBreadcrumbWhenEmpty() {
        XCTAssertFalse(render(signedInContext(breadcrumb: [])).contains("我的位置"))
    }

    func testFlashesUseRolesAndAreEscaped() {
        let html = render(signedInContext(flashes: [Flash(.success, "已保存"), Flash(.error, "<b>失败</b>")]))
        XCTAssertTrue(html.contains("class=\"flash flash-success\" role=\"status\""))
        XCTAssertTrue(html.contains("class=\"flash flash-error\" role=\"alert\""))
        XCTAssertTrue(html.contains("&lt;b&gt;失败&lt;/b&gt;"))
        XCTAssertFalse(html.contains("<b>"))
    }

    func testUserSuppliedValuesInLayoutAreEscaped() {
        let context = PageContext(
            title: "</title><script>alert(1)</script>",
            user: LayoutUser(displayName: "<img src=x onerror=alert(1)>", roleLabel: "\"学生\""),
            menu: [MenuSection(title: "菜单", items: [MenuItem(label: "x", href: "javascript:alert(1)")])],
            csrfToken: "\"><script>"
        )
        let html = render(context)
        XCTAssertEqual(html.occurrences(of: "<script"), 1, "only the app.js tag")
        XCTAssertFalse(html.contains("<img"))
        XCTAssertFalse(html.contains("javascript:"))
        XCTAssertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;\""))
    }

    func testContentIsInsideMain() throws {
        let html = render(signedInContext())
        let main = try XCTUnwrap(html.between("<main id=\"main\"", "</main>"))
        XCTAssertTrue(main.contains("<h1>用户管理</h1>"))
        XCTAssertTrue(html.contains("<a class=\"skip-link\" href=\"#main\">"))
        XCTAssertTrue(html.contains("<footer class=\"site-footer\">"))
    }

    func testPlainLayoutHasHeadButNoMenu() {
        let html = PlainLayout(PageContext(title: "登录", flashes: [Flash(.info, "请先登录")])) {
            h1 { "账号登录" }
        }.renderedString()
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html><html lang=\"zh-CN\">"))
        XCTAssertTrue(html.contains("name=\"viewport\""))
        XCTAssertTrue(html.contains("<title>登录 - 九业就业服务平台</title>"))
        XCTAssertTrue(html.contains("href=\"/css/app.css\""))
        XCTAssertTrue(html.contains("<body class=\"plain\">"))
        XCTAssertTrue(html.contains("请先登录"))
        XCTAssertTrue(html.contains("<h1>账号登录</h1>"))
        XCTAssertFalse(html.contains("<details"))
        XCTAssertFalse(html.contains("style="))
    }

    func testEmptyTitleFallsBackToPlatformName() {
        XCTAssertTrue(render(PageContext(title: "")).contains("<title>九业就业服务平台</title>"))
    }

    func testUnreadBadgeAndPopup() {
        var context = signedInContext()
        context.user?.unreadMessages = 3
        context.popup = [MenuItem(label: "审核<不通过>", href: "/messages/7")]
        let html = render(context)
        XCTAssertTrue(html.contains(#"aria-label="消息，3 条未读""#))
        XCTAssertTrue(html.contains(#"<span class="badge-count" aria-hidden="true">3</span>"#))
        XCTAssertTrue(html.contains(#"data-close="message-popup""#), "app.js closes the popup through data-close")
        XCTAssertTrue(html.contains("审核&lt;不通过&gt;"))
        XCTAssertTrue(html.contains(#"href="/messages/7""#))
        context.user?.unreadMessages = 0
        context.popup = []
        let quiet = render(context)
        XCTAssertFalse(quiet.contains("badge-count"))
        XCTAssertFalse(quiet.contains("message-popup"))
    }
}
