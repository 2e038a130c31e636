import JiuyeDomain
import XCTest

/// The login log's browser column: real User-Agent headers read as "browser · system".
final class UserAgentSummaryTests: XCTestCase {
    func testDesktopBrowsers() {
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36"),
            "Chrome 120 · Windows 10")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36 Edg/121.0.2277.83"),
            "Edge 121 · Windows 10")
        XCTAssertEqual(UserAgentSummary.text("Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0"),
                       "Firefox 115 · Windows 7")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15"),
            "Safari 17 · macOS")
        XCTAssertEqual(UserAgentSummary.text("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36"),
                       "Chrome 120（无界面） · Linux")
        XCTAssertEqual(UserAgentSummary.text("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko"), "IE 11 · Windows 10")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0.4240.198 Safari/537.36 QIHU 360SE"),
            "360浏览器 · Windows 10")
    }

    func testPhonesAndInAppBrowsers() {
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2f) NetType/WIFI Language/zh_CN"),
            "微信 · iOS 17")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1"),
            "Safari 16 · iOS 16")
        XCTAssertEqual(UserAgentSummary.text("Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148"), "Safari · iPhone")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1"),
            "Chrome 120 · iPadOS 17")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Linux; Android 13; V2219A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 MicroMessenger/8.0.42.2460(0x28002A35) WeChat/arm64 Weixin NetType/5G Language/zh_CN ABI/arm64"),
            "微信 · Android 13")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/99.0.4844.88 HuaweiBrowser/14.0.2.311 Mobile Safari/537.36"),
            "华为浏览器 · 鸿蒙")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Linux; Android 14; 23127PN0CC) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36"),
            "Chrome 120 · Android 14")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Linux; U; Android 10; zh-CN; V1990A Build/QP1A.190711.020) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/78.0.3904.108 UCBrowser/15.5.6.1206 Mobile Safari/537.36"),
            "UC浏览器 · Android 10")
        XCTAssertEqual(UserAgentSummary.text(
            "Mozilla/5.0 (Linux; Android 11; PCLM10 Build/RKQ1.200903.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/87.0.4280.141 Mobile Safari/537.36 AliApp(DingTalk/7.0.40) com.alibaba.android.rimet/31393540 Channel/227200 language/zh-CN"),
            "钉钉 · Android 11")
    }

    func testMissingUnknownAndTools() {
        XCTAssertEqual(UserAgentSummary.text(nil), "未知")
        XCTAssertEqual(UserAgentSummary.text("   "), "未知")
        XCTAssertEqual(UserAgentSummary.text("curl/8.4.0"), "curl（非浏览器）")
        XCTAssertEqual(UserAgentSummary.text("python-requests/2.31.0"), "Python 程序（非浏览器）")
        XCTAssertEqual(UserAgentSummary.text("SomethingNew/1.0"), "其他浏览器")
        XCTAssertEqual(UserAgentSummary.text("SomethingNew/1.0 (Windows NT 10.0)"), "其他浏览器 · Windows 10")
        XCTAssertEqual(UserAgentSummary.parse("Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0 Safari/537.36"),
                       .init(browser: "Chrome 120", system: "Windows 10"))
    }

    /// The summary is short whatever the header (the column never shows a cut string).
    func testSummaryStaysShortForLongHeaders() {
        let long = "Mozilla/5.0 (Linux; Android 14) " + String(repeating: "X/1.0 ", count: 200) + "Chrome/120.0 Mobile Safari/537.36"
        XCTAssertEqual(UserAgentSummary.text(long), "Chrome 120 · Android 14")
    }
}
