/// One link in the left menu.
public struct MenuItem: Sendable {
    public var label: String
    public var href: String
    public var isCurrent: Bool

    public init(label: String, href: String, isCurrent: Bool = false) {
        self.label = label
        self.href = href
        self.isCurrent = isCurrent
    }
}

/// A titled group of menu links ("用户管理", "就业帮扶", ...).
public struct MenuSection: Sendable {
    public var title: String
    public var items: [MenuItem]

    public init(title: String, items: [MenuItem]) {
        self.title = title
        self.items = items
    }
}

/// One step of the breadcrumb. The last step usually has no link.
public struct Crumb: Sendable {
    public var label: String
    public var href: String?

    public init(_ label: String, href: String? = nil) {
        self.label = label
        self.href = href
    }
}

/// A one-off message shown at the top of the next page ("保存成功").
public struct Flash: Sendable {
    public enum Kind: String, Sendable {
        case success, error, info, warning
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// The signed-in user as the header shows them.
public struct LayoutUser: Sendable {
    public var displayName: String
    public var roleLabel: String
    /// Shown as a badge on the header's 消息 link.
    public var unreadMessages: Int

    public init(displayName: String, roleLabel: String, unreadMessages: Int = 0) {
        self.displayName = displayName
        self.roleLabel = roleLabel
        self.unreadMessages = unreadMessages
    }
}

/// Everything the layout needs besides the page body.
public struct PageContext: Sendable {
    /// The platform name, shown in the header, the page title and the footer.
    public static let platformName = "九业就业服务平台"

    /// Rendered as `<title>{title} - 九业就业服务平台</title>`.
    public var title: String
    /// `nil` for anonymous pages.
    public var user: LayoutUser?
    /// The role-aware left menu; collapses behind a "菜单" toggle on a phone.
    public var menu: [MenuSection]
    /// Shown as "我的位置：首页 > 用户管理". A leading "首页" step is added
    /// when the first crumb is not already "首页".
    public var breadcrumb: [Crumb]
    public var flashes: [Flash]
    /// For the logout form in the header.
    public var csrfToken: String?
    /// Unread messages popped up bottom-right (the first page after login).
    public var popup: [MenuItem]

    public init(
        title: String,
        user: LayoutUser? = nil,
        menu: [MenuSection] = [],
        breadcrumb: [Crumb] = [],
        flashes: [Flash] = [],
        csrfToken: String? = nil,
        popup: [MenuItem] = []
    ) {
        self.title = title
        self.user = user
        self.menu = menu
        self.breadcrumb = breadcrumb
        self.flashes = flashes
        self.csrfToken = csrfToken
        self.popup = popup
    }

    /// The text of `<title>`.
    var documentTitle: String {
        title.isEmpty ? Self.platformName : title + " - " + Self.platformName
    }
}
