/// Full page: head, header with the user menu, left menu, breadcrumb,
/// flash messages, the page body and a footer.
///
/// The left menu is a `<details>` element: on a phone it is collapsed behind
/// its "菜单" summary; on a wide screen the stylesheet shows it expanded
/// (and app.js opens it for browsers that cannot style `::details-content`).
/// No part of the layout needs JavaScript.
public struct Layout<Content: HTML>: HTML {
    let context: PageContext
    let content: Content

    public init(_ context: PageContext, @HTMLBuilder content: () -> Content) {
        self.context = context
        self.content = content()
    }

    // Only `content` is generic: the chrome before and after it renders in
    // non-generic functions, which the compiler optimises fully once
    // instead of walking a tree of types parameterised by `Content`.
    public func render(into buffer: inout HTMLBuffer) {
        LayoutChrome.renderOpening(context, into: &buffer)
        content.render(into: &buffer)
        LayoutChrome.renderClosing(into: &buffer, popup: context.popup)
    }
}

/// A single centred card on a plain background, for login, activation and
/// error pages. No menu and no user menu; same head as `Layout`.
public struct PlainLayout<Content: HTML>: HTML {
    let context: PageContext
    let content: Content

    public init(_ context: PageContext, @HTMLBuilder content: () -> Content) {
        self.context = context
        self.content = content()
    }

    public func render(into buffer: inout HTMLBuffer) {
        LayoutChrome.renderPlainOpening(context, into: &buffer)
        content.render(into: &buffer)
        LayoutChrome.renderPlainClosing(into: &buffer)
    }
}

/// The markup around a page body:
///
///     <!DOCTYPE html><html lang="zh-CN"><head>…</head>
///     <body class="layout"><a class="skip-link">…</a><header>…</header>
///     <div class="page"><nav class="side-nav">…</nav>
///     <main id="main" class="content">breadcrumb, flashes, BODY</main></div>
///     <footer>…</footer></body></html>
enum LayoutChrome {
    static func renderOpening(_ context: PageContext, into buffer: inout HTMLBuffer) {
        Unescaped("<!DOCTYPE html><html lang=\"zh-CN\">").render(into: &buffer)
        DocumentHead(title: context.documentTitle).render(into: &buffer)
        Group(
            Unescaped("<body class=\""),
            Text(context.menu.isEmpty ? "layout no-menu" : "layout"),
            Unescaped("\">"),
            SkipLink(),
            SiteHeader(user: context.user, csrfToken: context.csrfToken),
            Unescaped("<div class=\"page\">"),
            context.menu.isEmpty ? nil : SideMenu(sections: context.menu),
            Unescaped("<main id=\"main\" class=\"content\" tabindex=\"-1\">"),
            Breadcrumb(crumbs: context.breadcrumb),
            FlashList(flashes: context.flashes)
        ).render(into: &buffer)
    }

    static func renderClosing(into buffer: inout HTMLBuffer, popup: [MenuItem] = []) {
        Unescaped("</main></div>").render(into: &buffer)
        MessagePopup(items: popup).render(into: &buffer)
        SiteFooter().render(into: &buffer)
        Unescaped("</body></html>").render(into: &buffer)
    }

    static func renderPlainOpening(_ context: PageContext, into buffer: inout HTMLBuffer) {
        Unescaped("<!DOCTYPE html><html lang=\"zh-CN\">").render(into: &buffer)
        DocumentHead(title: context.documentTitle).render(into: &buffer)
        Group(
            Unescaped("<body class=\"plain\">"),
            SkipLink(),
            Unescaped("<div class=\"plain-wrap\"><header class=\"plain-header\">"),
            Brand(),
            Unescaped("</header><main id=\"main\" class=\"plain-card\" tabindex=\"-1\">"),
            FlashList(flashes: context.flashes)
        ).render(into: &buffer)
    }

    static func renderPlainClosing(into buffer: inout HTMLBuffer) {
        Unescaped("</main>").render(into: &buffer)
        SiteFooter().render(into: &buffer)
        Unescaped("</div></body></html>").render(into: &buffer)
    }
}

// MARK: - Pieces

/// `<head>`: charset, viewport, title, the stylesheet and the deferred script.
struct DocumentHead: HTML {
    let title: String

    func render(into buffer: inout HTMLBuffer) {
        head {
            meta(.charset("utf-8"))
            meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
            // Student and ID numbers must not turn into phone links on iOS.
            meta(.name("format-detection"), .content("telephone=no"))
            titleElement { title }
            link(.rel("stylesheet"), .href("/css/app.css"))
            // The installable web app (manifest, icons; the service worker is registered by app.js).
            link(.rel("manifest"), .href("/manifest.json"))
            link(.rel("icon"), .href("/icons/icon.svg"), .type("image/svg+xml"))
            link(.rel("apple-touch-icon"), .href("/icons/icon-192.png"))
            meta(.name("theme-color"), .content("#1f4f8f"))
            script(.src("/js/app.js"), .init("defer", nil))
        }.render(into: &buffer)
    }
}

struct SkipLink: HTML {
    func render(into buffer: inout HTMLBuffer) {
        a(.class("skip-link"), .href("#main")) { "跳到主要内容" }.render(into: &buffer)
    }
}

struct Brand: HTML {
    func render(into buffer: inout HTMLBuffer) {
        a(.class("brand"), .href("/")) {
            span(.class("brand-mark"), .init("aria-hidden", "true")) { "九" }
            span(.class("brand-name")) { PageContext.platformName }
        }.render(into: &buffer)
    }
}

struct SiteHeader: HTML {
    let user: LayoutUser?
    let csrfToken: String?

    func render(into buffer: inout HTMLBuffer) {
        header(.class("site-header")) {
            div(.class("header-inner")) {
                Brand()
                if let user {
                    div(.class("user-menu")) {
                        span(.class("user-info")) {
                            span(.class("user-name")) { user.displayName }
                            span(.class("user-role")) { user.roleLabel }
                        }
                        a(.class("header-link header-messages"), .href("/messages"),
                          .ariaLabel(user.unreadMessages > 0 ? "消息，\(user.unreadMessages) 条未读" : "消息")) {
                            "消息"
                            if user.unreadMessages > 0 {
                                span(.class("badge-count"), .init("aria-hidden", "true")) { user.unreadMessages > 99 ? "99+" : String(user.unreadMessages) }
                            }
                        }
                        a(.class("header-link"), .href("/account")) { "账号管理" }
                        form(.class("logout-form"), .method("post"), .action("/logout")) {
                            if let csrfToken { CSRFField(csrfToken) }
                            button(.type("submit"), .class("header-button")) { "注销登录" }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

/// Unread messages, bottom-right, on the first page after login (seed 002). Without script it
/// stays on that one page; app.js adds the close button's behaviour.
struct MessagePopup: HTML {
    let items: [MenuItem]

    func render(into buffer: inout HTMLBuffer) {
        guard !items.isEmpty else { return }
        aside(.class("message-popup"), .role("status"), .ariaLabel("未读消息")) {
            div(.class("message-popup-head")) {
                strong { "您有未读消息" }
                button(.type("button"), .class("message-popup-close"), .ariaLabel("关闭"), .data("data-close", "message-popup")) { "×" }
            }
            ul {
                ForEach(items) { item in li { a(.href(item.href)) { item.label } } }
            }
            a(.class("message-popup-all"), .href("/messages")) { "查看全部消息" }
        }.render(into: &buffer)
    }
}

struct SideMenu: HTML {
    let sections: [MenuSection]

    func render(into buffer: inout HTMLBuffer) {
        nav(.class("side-nav"), .ariaLabel("主菜单")) {
            details(.class("menu")) {
                summary(.class("menu-toggle")) { "菜单" }
                div(.class("menu-sections")) {
                    ForEach(sections) { section in
                        div(.class("menu-section")) {
                            if !section.title.isEmpty {
                                p(.class("menu-title")) { section.title }
                            }
                            ul(.class("menu-list")) {
                                ForEach(section.items) { item in
                                    li { MenuLink(item: item) }
                                }
                            }
                        }
                    }
                }
            }
        }.render(into: &buffer)
    }
}

struct MenuLink: HTML {
    let item: MenuItem

    func render(into buffer: inout HTMLBuffer) {
        let attributes: [Attribute] = item.isCurrent
            ? [.class("menu-link current"), .href(item.href), .ariaCurrent("page")]
            : [.class("menu-link"), .href(item.href)]
        Element("a", attributes, content: Text(item.label)).render(into: &buffer)
    }
}

/// "我的位置：首页 > 用户管理". Adds a leading "首页" step when missing.
struct Breadcrumb: HTML {
    let crumbs: [Crumb]

    func render(into buffer: inout HTMLBuffer) {
        guard !crumbs.isEmpty else { return }
        var steps = crumbs
        if steps[0].label != "首页" { steps.insert(Crumb("首页", href: "/"), at: 0) }
        let last = steps.count - 1
        nav(.class("breadcrumb"), .ariaLabel("我的位置")) {
            span(.class("breadcrumb-label")) { "我的位置：" }
            ol(.class("breadcrumb-list")) {
                ForEach(steps.indices) { index in
                    li {
                        if index > 0 {
                            span(.class("sep"), .init("aria-hidden", "true")) { " > " }
                        }
                        CrumbStep(crumb: steps[index], isLast: index == last)
                    }
                }
            }
        }.render(into: &buffer)
    }
}

struct CrumbStep: HTML {
    let crumb: Crumb
    let isLast: Bool

    func render(into buffer: inout HTMLBuffer) {
        if let href = crumb.href {
            let attributes: [Attribute] = isLast ? [.href(href), .ariaCurrent("page")] : [.href(href)]
            Element("a", attributes, content: Text(crumb.label)).render(into: &buffer)
        } else {
            let attributes: [Attribute] = isLast ? [.class("crumb-current"), .ariaCurrent("page")] : []
            Element("span", attributes, content: Text(crumb.label)).render(into: &buffer)
        }
    }
}

struct FlashList: HTML {
    let flashes: [Flash]

    func render(into buffer: inout HTMLBuffer) {
        guard !flashes.isEmpty else { return }
        div(.class("flashes")) {
            ForEach(flashes) { flash in FlashMessage(flash: flash) }
        }.render(into: &buffer)
    }
}

/// The flash carried over a redirect, shown once above the page.
struct FlashMessage: HTML {
    let flash: Flash


    func render(into buffer: inout HTMLBuffer) {
        let cssClass: String
        let prefix: String
        switch flash.kind {
        case .success: cssClass = "flash flash-success"; prefix = "成功："
        case .error: cssClass = "flash flash-error"; prefix = "错误："
        case .info: cssClass = "flash flash-info"; prefix = "提示："
        case .warning: cssClass = "flash flash-warning"; prefix = "注意："
        }
        // Errors interrupt a screen reader; the rest wait their turn.
        div(.class(cssClass), .role(flash.kind == .error ? "alert" : "status")) {
            span(.class("visually-hidden")) { prefix }
            flash.message
        }.render(into: &buffer)
    }
}

/// A page's own message box (an outcome, a refusal, a notice) inside a card: every page shows
/// one the same way. Errors interrupt a screen reader; the rest wait their turn.
public struct Alert: HTML {
    let kind: Flash.Kind
    let message: String

    public init(_ kind: Flash.Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public init(_ flash: Flash) { self.init(flash.kind, flash.message) }

    public func render(into buffer: inout HTMLBuffer) {
        div(.class("alert alert-" + kind.rawValue), .role(kind == .error ? "alert" : "status")) { message }.render(into: &buffer)
    }
}

struct SiteFooter: HTML {
    func render(into buffer: inout HTMLBuffer) {
        footer(.class("site-footer")) {
            p { "\(PageContext.platformName) · 高校毕业生就业与帮扶服务" }
        }.render(into: &buffer)
    }
}
