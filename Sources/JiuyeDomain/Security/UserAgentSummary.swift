/// A readable "browser · system" for the login log, from a User-Agent header: "Chrome 120 · Windows 10",
/// "微信 · iOS 17", "Safari 17 · macOS". Pure and table-free; it knows the browsers and
/// systems seen in Chinese universities (WeChat, DingTalk, QQ, UC, Quark, 360, vendor browsers)
/// and says "其他浏览器" / leaves the system out rather than guessing.
public enum UserAgentSummary {
    public struct Parts: Equatable, Sendable {
        public var browser: String?
        public var system: String?

        public init(browser: String?, system: String?) {
            self.browser = browser
            self.system = system
        }
    }

    /// "Chrome 120 · Windows 10"; "未知" for a missing or blank header.
    public static func text(_ userAgent: String?) -> String {
        let parts = parse(userAgent)
        switch (parts.browser, parts.system) {
        case (nil, nil): return "未知"
        case (let browser?, nil): return browser
        case (nil, let system?): return "其他浏览器 · \(system)"
        case (let browser?, let system?): return "\(browser) · \(system)"
        }
    }

    public static func parse(_ userAgent: String?) -> Parts {
        guard let ua = userAgent, ua.contains(where: { !$0.isWhitespace }) else { return Parts(browser: nil, system: nil) }
        return Parts(browser: browser(ua), system: system(ua))
    }

    // MARK: browser

    /// In-app browsers and Chinese browsers first (they also say "Chrome" or "Safari"), then
    /// the engines' own names; versions are major versions.
    static func browser(_ ua: String) -> String? {
        // Apps that open pages in their own web view: the app's name, no version.
        let apps: [(token: String, name: String)] = [
            ("MicroMessenger/", "微信"), ("wxwork/", "企业微信"), ("DingTalk/", "钉钉"), ("AliApp(DingTalk", "钉钉"),
            ("AlipayClient/", "支付宝"), ("Lark/", "飞书"), ("Feishu", "飞书"), ("Weibo", "微博"),
            ("baiduboxapp/", "百度"), (" QQ/", "QQ"),
        ]
        for app in apps where ua.contains(app.token) { return app.name }
        let named: [(token: String, name: String)] = [
            ("MQQBrowser/", "QQ浏览器"), ("QQBrowser/", "QQ浏览器"), ("UCBrowser/", "UC浏览器"), ("UBrowser/", "UC浏览器"),
            ("Quark/", "夸克"), ("SogouMobileBrowser/", "搜狗浏览器"), ("MetaSr", "搜狗浏览器"), ("QihooBrowser", "360浏览器"),
            ("QHBrowser", "360浏览器"), ("360SE", "360浏览器"), ("360EE", "360浏览器"), ("HuaweiBrowser/", "华为浏览器"),
            ("HeyTapBrowser/", "OPPO浏览器"), ("VivoBrowser/", "vivo浏览器"), ("MiuiBrowser/", "小米浏览器"),
            ("SamsungBrowser/", "三星浏览器"), ("YaBrowser/", "Yandex"), ("Vivaldi/", "Vivaldi"),
        ]
        for browser in named where ua.contains(browser.token) { return browser.name }
        let versioned: [(token: String, name: String)] = [
            ("EdgA/", "Edge"), ("EdgiOS/", "Edge"), ("Edg/", "Edge"), ("Edge/", "Edge"), ("OPR/", "Opera"), ("OPiOS/", "Opera"),
            ("FxiOS/", "Firefox"), ("Firefox/", "Firefox"), ("CriOS/", "Chrome"),
            ("Chrome/", "Chrome"),
        ]
        if let version = majorVersion(after: "HeadlessChrome/", in: ua) { return "Chrome \(version)（无界面）" }
        for browser in versioned {
            if let version = majorVersion(after: browser.token, in: ua) { return "\(browser.name) \(version)" }
        }
        if ua.contains("Trident/") || ua.contains("MSIE ") {
            if let version = majorVersion(after: "MSIE ", in: ua) { return "IE \(version)" }
            return "IE 11"
        }
        if ua.contains("Safari/") || (ua.contains("AppleWebKit/") && (ua.contains("iPhone") || ua.contains("iPad") || ua.contains("Macintosh"))) {
            if ua.contains("Safari/"), let version = majorVersion(after: "Version/", in: ua) { return "Safari \(version)" }
            return "Safari"
        }
        let tools: [(token: String, name: String)] = [
            ("curl/", "curl"), ("Wget/", "wget"), ("python-requests/", "Python 程序"), ("Python-urllib/", "Python 程序"),
            ("okhttp/", "安卓程序"), ("Go-http-client/", "Go 程序"), ("Java/", "Java 程序"), ("PostmanRuntime/", "Postman"),
        ]
        for tool in tools where ua.hasPrefix(tool.token) || ua.contains(tool.token) { return "\(tool.name)（非浏览器）" }
        return "其他浏览器"
    }

    // MARK: system

    static func system(_ ua: String) -> String? {
        if ua.contains("HarmonyOS") || ua.contains("OpenHarmony") { return "鸿蒙" }
        if ua.contains("iPhone") || ua.contains("iPod") {
            return version(after: "iPhone OS ", in: ua).map { "iOS \($0)" } ?? version(after: "CPU OS ", in: ua).map { "iOS \($0)" } ?? "iPhone"
        }
        if ua.contains("iPad") {
            return version(after: "CPU OS ", in: ua).map { "iPadOS \($0)" } ?? "iPad"
        }
        if ua.contains("Android") {
            return version(after: "Android ", in: ua).map { "Android \($0)" } ?? "Android"
        }
        if ua.contains("Windows Phone") { return "Windows Phone" }
        if let nt = windowsNT(ua) {
            switch nt {
            case "10.0": return "Windows 10"
            case "6.3": return "Windows 8.1"
            case "6.2": return "Windows 8"
            case "6.1": return "Windows 7"
            case "6.0": return "Windows Vista"
            case "5.1", "5.2": return "Windows XP"
            default: return "Windows"
            }
        }
        if ua.contains("Windows") { return "Windows" }
        if ua.contains("CrOS") { return "ChromeOS" }
        // macOS reports 10_15_7 whatever the release, so no version.
        if ua.contains("Macintosh") || ua.contains("Mac OS X") { return "macOS" }
        if ua.contains("Ubuntu") { return "Ubuntu" }
        if ua.contains("Linux") || ua.contains("X11") { return "Linux" }
        return nil
    }

    /// "10.0" from "Windows NT 10.0;".
    static func windowsNT(_ ua: String) -> String? {
        guard let range = ua.range(of: "Windows NT ") else { return nil }
        let digits = ua[range.upperBound...].prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        return digits.isEmpty ? nil : String(digits)
    }

    /// The major version right after `token` ("120" from "Chrome/120.0.6099.71").
    static func majorVersion(after token: String, in ua: String) -> String? {
        guard let range = ua.range(of: token) else { return nil }
        let digits = ua[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }

    /// A system's major version after `token`: "17" from "17_1_2", "14" from "14;".
    static func version(after token: String, in ua: String) -> String? {
        majorVersion(after: token, in: ua)
    }
}
