@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// The operation log and the login log read in Chinese: every action, target, field and role
/// has a label (in the source, in a database after real use, and on the pages and exports).
final class AuditLabelsTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    // MARK: helpers

    static let sources: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// Every Swift file under Sources/ with its text.
    func sourceFiles() throws -> [(path: String, text: String)] {
        let enumerator = FileManager.default.enumerator(at: Self.sources, includingPropertiesForKeys: nil)!
        var files: [(String, String)] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            files.append((url.path.replacingOccurrences(of: Self.sources.path + "/", with: ""), try String(contentsOf: url, encoding: .utf8)))
        }
        XCTAssertGreaterThan(files.count, 50, "found the Sources tree at \(Self.sources.path)")
        return files
    }

    func matches(_ pattern: String, in text: String) -> [[String]] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    /// Looks like a developer's key rather than words: export.students, display_name, systemAdmin, format：.
    func keyLike(_ text: String) -> [String] {
        let patterns = [#"\b[a-z]+(?:[._-][a-z]+)+\b"#, #"\b[a-z]+[A-Z][a-zA-Z]+\b"#, #"\b[a-z_]+："#, "未登记", "其他（"]
        return patterns.flatMap { matches($0, in: text).map { $0[0] } }
    }

    /// The text of a page's table body, tags removed.
    func tableText(_ html: String) -> String {
        guard let start = html.range(of: "<tbody>"), let end = html.range(of: "</tbody>", range: start.upperBound..<html.endIndex) else { return "" }
        let body = String(html[start.upperBound..<end.lowerBound])
        return body.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
    }

    func loggedIn(_ user: String, _ password: String = DemoSeed.password) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    // MARK: the label table

    func testEveryRegisteredActionAndTargetHasAChineseLabel() {
        let labels = app.auditLabels
        XCTAssertGreaterThan(labels.actions.count, 60)
        for (key, label) in labels.actions {
            XCTAssertTrue(AuditText.hasChinese(label), "\(key) → \(label)")
            XCTAssertTrue(keyLike(label).isEmpty, "\(key) → \(label)")
        }
        for (key, label) in labels.targets {
            XCTAssertTrue(AuditText.hasChinese(label), "\(key) → \(label)")
        }
        for (key, label) in labels.fields {
            XCTAssertTrue(AuditText.hasChinese(label), "\(key) → \(label)")
        }
        // Keys are unique: no two declarations of one key with different labels.
        let declared = AuditAction.platform + modules.flatMap(\.auditActions)
        for action in declared { XCTAssertEqual(labels.action(action.key), action.label, action.key) }
        XCTAssertEqual(Set(declared.map(\.key)).count, declared.count, "an action key declared twice")
        // Every workflow action has one (the engine records case.<kind>).
        for kind in ActionKind.allCases { XCTAssertNotNil(labels.action("case.\(kind.rawValue)"), kind.rawValue) }
        for reason in LoginResultLabels.all.values { XCTAssertTrue(AuditText.hasChinese(reason)) }
    }

    /// Scans Sources: an action declared but not registered, a string passed as an action, a
    /// change field or a login-log result without a label fails here (the typed `Audit.record`
    /// already refuses an action without a label at compile time).
    func testEveryActionFieldAndLoginResultInTheSourcesHasALabel() throws {
        let labels = app.auditLabels
        var declaredActions = 0, fields = 0, reasons = 0
        for (path, text) in try sourceFiles() {
            for match in matches(#"AuditAction\("([^"]+)",\s*"([^"]*)"\)"#, in: text) {
                declaredActions += 1
                XCTAssertEqual(labels.action(match[1]), match[2], "\(path): \(match[1]) is declared but not registered (AuditAction.platform or its module)")
            }
            for match in matches(#"AuditTarget\("([^"]+)",\s*"([^"]*)"\)"#, in: text) {
                XCTAssertEqual(labels.target(match[1]), match[2], "\(path): target \(match[1]) is declared but not registered")
            }
            for match in matches(#"(?:\.audit|Audit\.record)\(\s*"([^"]+)""#, in: text) {
                XCTAssertNotNil(labels.action(match[1]), "\(path): action \(match[1]) has no label; declare it as an AuditAction")
            }
            for match in matches(#"(?:\.init|Audit\.Change)\("([a-z_]+)",\s*(?:before|after):"#, in: text) {
                fields += 1
                XCTAssertNotNil(labels.field(match[1]), "\(path): change field \(match[1]) has no Chinese name in AuditLabels")
            }
            guard path.hasPrefix("JiuyePlatform/Accounts/") else { continue }
            // Results are written as `reason: "…"` to LoginAttempts.record, or kept in a variable named …reason.
            for line in text.split(separator: "\n") where line.contains("LoginAttempts.record") || line.contains("successReason:")
                || line.range(of: #"[rR]eason = "#, options: .regularExpression) != nil || line.contains("failure = ") {
                for match in matches(#""([a-z]+(?:-[a-z]+)*)""#, in: String(line)) {
                    reasons += 1
                    XCTAssertNotNil(LoginResultLabels.all[match[1]], "\(path): login result \(match[1]) has no label in LoginResultLabels")
                }
            }
        }
        XCTAssertGreaterThan(declaredActions, 50)
        XCTAssertGreaterThan(fields, 30)
        XCTAssertGreaterThan(reasons, 8)
    }

    // MARK: after real use

    func testTheLogsReadInChineseAfterADayOfWork() async throws {
        // A school admin exports 毕业生名单 masked and in full; the security admin disables an
        // account; a graduate fails 首次登录; someone logs in with a phone browser.
        let school = try await loggedIn("school")
        let masked = try await school.get("/students/export?format=xlsx")
        XCTAssertEqual(masked.status, .ok)
        let full = try await school.get("/students/export?format=xlsx&full=1")
        XCTAssertEqual(full.status, .ok)
        let security = try await loggedIn("security")
        let college = try await Demo.userID(app, username: "college")
        try await security.submit("/admin/users/\(college)/disable", from: "/admin/users/\(college)", form: [])
        let graduate = Browser(app)
        let failed = try await graduate.submit("/activate", from: "/activate", form: [
            ("studentNo", DemoSeed.importedStudentNo), ("idNumber", "110101199003077777"),
            ("password", "Graduate-2026-ok"), ("confirm", "Graduate-2026-ok"),
        ])
        XCTAssertEqual(failed.status, .unauthorized)
        let auditor = try await loggedIn("auditor")

        // Everything recorded in this database has its labels.
        let reader = AuditReader(app)
        let rows = try await app.db.sql.raw("SELECT DISTINCT action, target_type FROM audit_log").all()
        XCTAssertGreaterThanOrEqual(rows.count, 4)
        for row in rows {
            let action = try row.decode(column: "action", as: String.self), target = try row.decode(column: "target_type", as: String.self)
            XCTAssertNotNil(app.auditLabels.action(action), action)
            XCTAssertFalse(reader.targetType(target).hasPrefix("未登记"), target)
        }
        for row in try await app.db.sql.raw("SELECT action, changes FROM audit_log").all() {
            let text = reader.changes(try row.decode(column: "changes", as: String.self), action: try row.decode(column: "action", as: String.self), targetType: "")
            XCTAssertTrue(keyLike(text).isEmpty, text)
        }
        for row in try await app.db.sql.raw("SELECT DISTINCT reason FROM login_attempts").all() {
            let reason = try row.decode(column: "reason", as: String.self)
            XCTAssertNotNil(LoginResultLabels.all[reason], reason)
        }

        // The operation log page.
        let page = try await auditor.get("/audit/operations")
        XCTAssertEqual(page.status, .ok)
        let shown = tableText(page.body)
        XCTAssertTrue(shown.contains("导出毕业生名单"), shown)
        XCTAssertTrue(shown.contains("格式：Excel"), shown)
        XCTAssertTrue(shown.contains("个人信息：完整个人信息"), shown)
        XCTAssertTrue(shown.contains("停用账号"), shown)
        XCTAssertTrue(shown.contains("用户「计算机学院李老师」（college）"), shown)
        XCTAssertTrue(shown.contains("账号状态：启用 → 停用"), shown)
        XCTAssertTrue(keyLike(shown).isEmpty, "\(keyLike(shown))")
        XCTAssertFalse(shown.contains("#\(college)"))
        // The action filter offers Chinese labels and filters by them.
        XCTAssertTrue(page.body.contains(#"<option value="export.students">导出毕业生名单</option>"#))
        let filtered = try await auditor.get("/audit/operations?action=user.disable")
        XCTAssertTrue(tableText(filtered.body).contains("停用账号"))
        XCTAssertFalse(tableText(filtered.body).contains("导出毕业生名单"))

        // The bootstrap rows name roles in Chinese, not systemAdmin.
        let oldest = try await auditor.get("/audit/operations?action=bootstrap.account")
        let bootstrap = tableText(oldest.body)
        XCTAssertTrue(bootstrap.contains("角色：系统管理员"), bootstrap)
        XCTAssertTrue(keyLike(bootstrap).isEmpty, "\(keyLike(bootstrap))")

        // The CSV export of the whole log.
        let csv = try await auditor.get("/audit/operations.csv")
        XCTAssertEqual(csv.status, .ok)
        let csvBody = csv.body.replacingOccurrences(of: "\u{FEFF}", with: "")
        XCTAssertTrue(csvBody.hasPrefix("序号,时间,操作人,账号,角色,操作,对象类型,对象,变更,IP"))
        let lines = csvBody.split(separator: "\r\n").dropFirst()
        XCTAssertGreaterThan(lines.count, 5)
        for line in lines {
            // The 账号 column holds usernames (security, school …); everything else is Chinese.
            let cells = String(line).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let text = cells.enumerated().filter { $0.offset != 3 }.map(\.element).joined(separator: ",")
            XCTAssertTrue(keyLike(text).isEmpty, "\(keyLike(text)) in \(line)")
        }
        XCTAssertTrue(csvBody.contains("导出毕业生名单"))
        XCTAssertTrue(csvBody.contains("系统管理员"))
    }

    func testFailedFirstLoginAndTheBrowserAreLoggedAsWhatTheyWere() async throws {
        let graduate = Browser(app)
        let token = try await graduate.get("/activate").csrfToken ?? ""
        let wechat = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.44(0x18002c2f) NetType/WIFI Language/zh_CN"
        let failed = try await graduate.request(.POST, "/activate", form: [
            ("_csrf", token), ("studentNo", DemoSeed.importedStudentNo), ("idNumber", "110101199003077777"),
            ("password", "Graduate-2026-ok"), ("confirm", "Graduate-2026-ok"),
        ], headers: ["User-Agent": wechat])
        XCTAssertEqual(failed.status, .unauthorized)
        let desktop = Browser(app)
        let loginToken = try await desktop.get("/login").csrfToken ?? ""
        let chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36"
        _ = try await desktop.request(.POST, "/login", form: [("_csrf", loginToken), ("identifier", DemoSeed.demoStudentNo), ("password", "wrong-password")],
                                      headers: ["User-Agent": chrome])

        let reasons = try await app.db.sql.raw("SELECT reason FROM login_attempts ORDER BY id").all().map { try $0.decode(column: "reason", as: String.self) }
        XCTAssertTrue(reasons.contains("bad-first-login"), "\(reasons)")
        XCTAssertTrue(reasons.contains("bad-credentials"), "\(reasons)")

        let auditor = try await loggedIn("auditor")
        let page = try await auditor.get("/audit/logins?result=fail")
        let shown = tableText(page.body)
        XCTAssertTrue(shown.contains("首次登录失败"), shown)
        XCTAssertTrue(shown.contains("微信 · iOS 17"), shown)
        XCTAssertTrue(shown.contains("Chrome 120 · Windows 10"), shown)
        XCTAssertTrue(shown.contains("账号或密码错误"), shown)
        XCTAssertFalse(shown.contains("Mozilla"), "no cut user-agent string")
        let csv = try await auditor.get("/audit/logins.csv?result=fail")
        XCTAssertTrue(csv.body.contains("首次登录失败"))
        XCTAssertTrue(csv.body.contains("微信 · iOS 17"))
        XCTAssertTrue(csv.body.hasPrefix("\u{FEFF}时间,姓名,账号,IP,浏览器,结果,原因,浏览器标识原文"))
    }
}
