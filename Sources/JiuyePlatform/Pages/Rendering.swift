import JiuyeDomain
import JiuyeHTML
import NIOCore
import Vapor

extension Request {
    /// The layout context for a page of the logged-in user (or an anonymous page).
    package func pageContext(_ title: String, breadcrumb: [Crumb] = [], current: String? = nil) -> PageContext {
        let user = currentUser
        var flashes: [Flash] = []
        if let value = cookies[CookieName.flash]?.string, let flash = FlashCookie.decode(value, keys: keys) {
            flashes.append(flash)
            storage[FlashConsumedKey.self] = true
        }
        return PageContext(
            title: title,
            user: user.map { LayoutUser(displayName: $0.displayName, roleLabel: $0.role?.label ?? "未分配角色", unreadMessages: $0.unreadMessages) },
            menu: user.map { Navigation.menu(for: $0, current: current ?? url.path, modules: application.moduleMenus) } ?? [],
            breadcrumb: user == nil ? [] : [Crumb("首页", href: "/")] + breadcrumb,
            flashes: flashes,
            csrfToken: user?.csrfToken)
    }

    /// Renders a page into one buffer and wraps it in a response.
    package func render<Page: HTML>(_ page: Page, status: HTTPResponseStatus = .ok, into response: Response? = nil) -> Response {
        var buffer = HTMLBuffer(capacity: 32 * 1024)
        page.render(into: &buffer)
        let response = response ?? Response()
        response.status = status
        response.headers.contentType = .html
        response.body = .init(buffer: ByteBuffer(bytes: buffer.bytes))
        if storage[FlashConsumedKey.self] == true {
            response.cookies[CookieName.flash] = expiredCookie()
        }
        return response
    }
}

private struct FlashConsumedKey: StorageKey { typealias Value = Bool }

/// The left menu per role. Only pages that exist are listed.
package enum Navigation {
    /// The platform's own sections for the role, then the modules' entries merged in: an entry
    /// joins the section of its title (a new section goes after 工作台), items ordered by `order`.
    package static func menu(for user: CurrentUser, current: String, modules: ModuleMenus) -> [MenuSection] {
        func item(_ label: String, _ href: String) -> MenuItem { MenuItem(label: label, href: href) }
        var sections = [MenuSection(title: "工作台", items: [item("首页", "/"), item("账号管理", "/account")])]
        guard let role = user.role else { return markCurrent(sections, current: current) }
        switch role {
        case .schoolAdmin:
            sections.append(MenuSection(title: "学校管理", items: [item("院系与专业", "/org/school"), item("人员与权限", "/admin/users"), item("业务时间设置", "/admin/windows"), item("字段权限设置", "/admin/fields"),
                                                                     item("数据字典", "/admin/codes")]))
        case .systemAdmin:
            sections.append(MenuSection(title: "平台管理", items: [
                item("学校与院系", "/admin/schools"), item("用人单位", "/admin/units"),
                item("行政区划", "/admin/regions"), item("数据字典", "/admin/codes"), item("后台任务", "/admin/jobs"), item("消息发件箱", "/admin/outbox"),
            ]))
        case .securityAdmin:
            sections.append(MenuSection(title: "安全管理", items: [item("用户与角色", "/admin/users"), item("在线用户", "/admin/sessions")]))
        case .auditor:
            sections.append(MenuSection(title: "审计", items: [item("操作日志", "/audit/operations"), item("登录日志", "/audit/logins")]))
        case .student:
            sections.append(MenuSection(title: "就业手续", items: [item("我的材料", "/uploads"), item("基层就业承诺书", "/documents/commitment")]))
        case .countyHR:
            sections.append(MenuSection(title: "区县管理", items: [item("业务时间设置", "/admin/windows")]))
        case .counselor, .collegeAdmin, .grassrootsReviewer, .grassrootsApplicant, .subsidyApplicant, .employer, .countyOrganization, .countyFinance, .cityHR, .cityOrganization, .cityFinance:
            break
        }
        var newSections = 0
        var placed: [String: Int] = [:]
        for entry in modules.entries(for: role) {
            let added = item(entry.label, entry.href)
            if let index = sections.firstIndex(where: { $0.title == entry.section }) {
                // Module entries come before the platform's own items of a shared section, in their order.
                sections[index].items.insert(added, at: placed[entry.section, default: 0])
            } else {
                sections.insert(MenuSection(title: entry.section, items: [added]), at: 1 + newSections)
                newSections += 1
            }
            placed[entry.section, default: 0] += 1
        }
        return markCurrent(sections, current: current)
    }

    /// One item is current: the one whose link is the longest match of the page's path, so
    /// 导入毕业生 (/students/import) is current there and 毕业生名单 (/students) is not.
    package static func markCurrent(_ sections: [MenuSection], current: String) -> [MenuSection] {
        func matches(_ href: String) -> Bool {
            href == "/" ? current == "/" : current == href || current.hasPrefix(href + "/") || current.hasPrefix(href + "?")
        }
        let best = sections.flatMap(\.items).map(\.href).filter(matches).max { $0.count < $1.count }
        return sections.map { section in
            var section = section
            section.items = section.items.map { item in
                var item = item
                item.isCurrent = item.href == best
                return item
            }
            return section
        }
    }
}
