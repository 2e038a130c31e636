import Foundation
@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import SQLKit
import XCTest
import XCTVapor

/// Uploads: type by magic bytes, per-type limits with nothing stored on refusal, encryption at
/// rest with one blob per content, owner and in-scope reviewers only, delete while a draft.
final class UploadsTests: XCTestCase {
    var app: Application!
    var root: URL!

    override func setUp() async throws {
        app = try await TestApp.make(seeded: true)
        root = FileManager.default.temporaryDirectory.appendingPathComponent("jiuye-uploads-\(UUID().uuidString)")
        app.setUploadStore(DirectoryFileStore(root: root.path))
    }

    override func tearDown() async throws {
        try await app.asyncShutdown()
        try? FileManager.default.removeItem(at: root)
    }

    // MARK: Files

    static func jpeg(_ size: Int, marker: String = "jpeg") -> Data { file([0xFF, 0xD8, 0xFF, 0xE0], size: size, marker: marker) }
    static func png(_ size: Int, marker: String = "png") -> Data { file([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], size: size, marker: marker) }
    static func pdf(_ size: Int, marker: String = "pdf") -> Data { file(Array("%PDF-1.7\n".utf8), size: size, marker: marker) }
    static func exe(_ size: Int) -> Data { file(Array("MZ\u{90}\u{0}".utf8), size: size, marker: "This program cannot be run in DOS mode") }

    /// `header`, a recognisable marker, then filler up to `size` bytes.
    static func file(_ header: [UInt8], size: Int, marker: String) -> Data {
        var data = Data(header)
        data.append(Data("\(marker)-\(UUID().uuidString)".utf8))
        var filler = [UInt8](repeating: 0, count: max(0, size - data.count))
        for index in filler.indices { filler[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
        data.append(contentsOf: filler)
        return data
    }

    static let megabyte = 1024 * 1024

    // MARK: Helpers

    func login(_ identifier: String, _ password: String = Demo.password) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(identifier, password)
        XCTAssertEqual(page.status, .seeOther, "login of \(identifier)")
        return browser
    }

    /// Gives a graduate a password and logs in with the 学号.
    func loginStudent(userID: Int64) async throws -> Browser {
        let studentNo = try await app.db.sql.select().column("student_no").from("users").where("id", .equal, SQLBind(userID))
            .first()!.decode(column: "student_no", as: String.self)
        let hash = try await app.passwords.hash(Demo.password)
        try await AccountQueries.setPassword(userID: userID, hash: hash, now: app.clock.now(), on: app.db)
        return try await login(studentNo)
    }

    func count(_ table: String) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
    }

    /// Every regular file under the upload directory, temporary ones included.
    func storedFiles() -> [URL] {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
    }

    func assertNothingStored(file: StaticString = #filePath, line: UInt = #line) async throws {
        let uploads = try await count("uploads")
        let blobs = try await count("upload_blobs")
        XCTAssertEqual(uploads, 0, "no metadata row", file: file, line: line)
        XCTAssertEqual(blobs, 0, "no blob row", file: file, line: line)
        XCTAssertEqual(storedFiles(), [], "no blob and no temporary file on disk", file: file, line: line)
    }

    func uploadID(_ page: Browser.Page) throws -> Int64 {
        struct Created: Decodable { let id: Int64 }
        return try JSONDecoder().decode(Created.self, from: Data(page.body.utf8)).id
    }

    func lastAuditAction() async throws -> (action: String, changes: String) {
        let row = try await app.db.sql.raw("SELECT action, changes FROM audit_log ORDER BY seq DESC LIMIT 1").first()!
        return (try row.decode(column: "action", as: String.self), try row.decode(column: "changes", as: String.self))
    }

    // MARK: Type and size

    func testTypeComesFromTheBytesNotTheNameOrContentType() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let cases: [(Data, String, String, UploadFileType)] = [
            (Self.png(40_000), "scan.jpg", "image/jpeg", .png),
            (Self.pdf(60_000), "contract.png", "image/png", .pdf),
            (Self.jpeg(50_000), "photo", "application/pdf", .jpeg),
            (Self.jpeg(30_000), "证书.JPEG", "application/octet-stream", .jpeg),
        ]
        for (data, name, claimed, expected) in cases {
            let page = try await student.upload(data, name: name, contentType: claimed, kind: "degree")
            XCTAssertEqual(page.status, .created, "\(name): \(page.body)")
            let id = try uploadID(page)
            let preview = try await student.get("/uploads/\(id)")
            XCTAssertEqual(preview.status, .ok)
            XCTAssertEqual(preview.headers.first(name: .contentType), expected.mimeType, name)
            XCTAssertEqual(preview.headers.first(name: .contentLength), String(data.count))
            let stored = try await Uploads.find(id: id, on: app.db)
            XCTAssertEqual(stored?.content_type, expected.mimeType)
            XCTAssertEqual(stored?.size, Int64(data.count))
        }
    }

    func testRenamedExecutableIsRefusedInChineseAndNothingIsStored() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        for accept in ["application/json", "text/html"] {
            let page = try await student.upload(Self.exe(300_000), name: "x.jpg", contentType: "image/jpeg", kind: "id-card", accept: accept)
            XCTAssertEqual(page.status, .unsupportedMediaType)
            XCTAssertTrue(page.body.contains("文件类型不支持"), page.body)
            XCTAssertTrue(page.body.contains("修改扩展名无效"))
            try await assertNothingStored()
        }
        // A plain form post gets the upload page back with the reason.
        let html = try await student.upload(Self.exe(1_000), name: "setup.exe.jpg", contentType: "image/jpeg", kind: "id-card", accept: "text/html")
        XCTAssertTrue(html.body.contains("上传材料"))
        XCTAssertTrue(html.body.contains("enctype=\"multipart/form-data\""))
    }

    func testImageOverTwoMegabytesIsRefusedWithNothingStored() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let page = try await student.upload(Self.jpeg(Int(2.1 * Double(Self.megabyte))), name: "IMG_2026.jpg", contentType: "image/jpeg", kind: "agreement")
        XCTAssertEqual(page.status, .payloadTooLarge)
        XCTAssertTrue(page.body.contains("图片不能超过 2 MB"), page.body)
        try await assertNothingStored()
        // A PNG just over the limit too; exactly 2 MB is accepted.
        let png = try await student.upload(Self.png(2 * Self.megabyte + 1), name: "scan.png", contentType: "image/png", kind: "agreement")
        XCTAssertEqual(png.status, .payloadTooLarge)
        try await assertNothingStored()
        let exact = try await student.upload(Self.jpeg(2 * Self.megabyte), name: "scan.jpg", contentType: "image/jpeg", kind: "agreement")
        XCTAssertEqual(exact.status, .created)
    }

    func testPDFUpToTenMegabytesIsAcceptedAndLargerRefused() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let eleven = Self.pdf(11 * Self.megabyte)
        // Refused from the declared length before a byte is read, and, sent without one, as
        // soon as the body passes the limit.
        for declared in [true, false] {
            let large = try await student.upload(eleven, name: "合同.pdf", contentType: "application/pdf", kind: "labour-contract", declareLength: declared)
            XCTAssertEqual(large.status, .payloadTooLarge)
            XCTAssertTrue(large.body.contains("PDF 文件不能超过 10 MB"), large.body)
            try await assertNothingStored()
        }
        let nine = Self.pdf(9 * Self.megabyte)
        let accepted = try await student.upload(nine, name: "合同.pdf", contentType: "application/pdf", kind: "labour-contract")
        XCTAssertEqual(accepted.status, .created)
        let id = try uploadID(accepted)
        let row = try await Uploads.find(id: id, on: app.db)
        let contents = try await Uploads.contents(of: XCTUnwrap(row), app: app, on: app.db)
        XCTAssertEqual(contents, nine)
    }

    func testEmptyOrMissingFileAndUnknownKindAreRefused() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let empty = try await student.upload(Data(), name: "", contentType: "application/octet-stream", kind: "degree")
        XCTAssertEqual(empty.status, .badRequest)
        XCTAssertTrue(empty.body.contains("请选择要上传的文件"), empty.body)
        let noKind = try await student.upload(Self.jpeg(1_000), name: "a.jpg", contentType: "image/jpeg", kind: nil)
        XCTAssertEqual(noKind.status, .badRequest)
        XCTAssertTrue(noKind.body.contains("请选择材料类型"), noKind.body)
        try await assertNothingStored()
    }

    // MARK: Storage

    func testBlobOnDiskIsEncryptedAndOpensBack() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let data = Self.jpeg(200_000, marker: "ID-CARD-SCAN-PLAINTEXT")
        let page = try await student.upload(data, name: "身份证正面.jpg", contentType: "image/jpeg", kind: "id-card")
        XCTAssertEqual(page.status, .created)
        let id = try uploadID(page)
        let found = try await Uploads.find(id: id, on: app.db)
        let row = try XCTUnwrap(found)
        XCTAssertEqual(row.sha256, FileCipher.contentKey(of: data), "content-addressed by the plaintext's SHA-256")

        let files = storedFiles()
        XCTAssertEqual(files.count, 1)
        let path = try DirectoryFileStore(root: root.path).path(for: row.sha256)
        XCTAssertEqual(files.first?.resolvingSymlinksInPath().path, path.resolvingSymlinksInPath().path)
        XCTAssertEqual(path.pathComponents.suffix(3), [String(row.sha256.prefix(2)), String(row.sha256.dropFirst(2).prefix(2)), row.sha256])
        XCTAssertFalse(path.path.contains("身份证"), "the client's name is never part of the path")
        let attributes = try FileManager.default.attributesOfItem(atPath: path.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)

        let sealed = try Data(contentsOf: path)
        XCTAssertNotEqual(sealed, data)
        XCTAssertNil(sealed.range(of: Data("ID-CARD-SCAN-PLAINTEXT".utf8)), "no plaintext on disk")
        XCTAssertTrue(sealed.starts(with: FileCipher.magic))

        let wrapped = try await app.db.sql.select().column("data_key_cipher").from("upload_blobs").where("sha256", .equal, SQLBind(row.sha256))
            .first()!.decode(column: "data_key_cipher", as: String.self)
        XCTAssertEqual(KeyService.keyID(of: wrapped), app.keys.keyID, "the data key is wrapped by the key service")
        let opened = try FileCipher.open(sealed, contentKey: row.sha256, with: FileCipher.DataKey.unwrap(wrapped, keys: app.keys))
        XCTAssertEqual(opened, data)
        XCTAssertTrue(SealedColumns.all.contains { $0.table == "upload_blobs" && $0.column == "data_key_cipher" }, "key rotation re-wraps data keys")

        // Tampering with the blob is detected, not served.
        var tampered = sealed
        tampered[tampered.count - 1] ^= 0xFF
        XCTAssertThrowsError(try FileCipher.open(tampered, contentKey: row.sha256, with: FileCipher.DataKey.unwrap(wrapped, keys: app.keys)))
    }

    func testSameContentTwiceIsOneBlobAndDeleteKeepsItWhileReferenced() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let data = Self.pdf(120_000)
        let first = try uploadID(try await student.upload(data, name: "协议书.pdf", contentType: "application/pdf", kind: "agreement"))
        let second = try uploadID(try await student.upload(data, name: "协议书（副本）.pdf", contentType: "application/pdf", kind: "employment-proof"))
        XCTAssertNotEqual(first, second)
        let rows = try await count("uploads")
        let blobs = try await count("upload_blobs")
        XCTAssertEqual(rows, 2)
        XCTAssertEqual(blobs, 1)
        XCTAssertEqual(storedFiles().count, 1)

        let deleted = try await student.submit("/uploads/\(first)/delete", from: "/uploads", form: [])
        XCTAssertEqual(deleted.status, .seeOther)
        let gone = try await student.get("/uploads/\(first)").status
        XCTAssertEqual(gone, .notFound)
        XCTAssertEqual(storedFiles().count, 1, "the other row still needs the blob")
        let still = try await student.get("/uploads/\(second)/download")
        XCTAssertEqual(still.status, .ok)
        XCTAssertEqual(still.headers.first(name: .contentLength), String(data.count))

        try await student.submit("/uploads/\(second)/delete", from: "/uploads", form: [])
        XCTAssertEqual(storedFiles(), [], "the last reference takes the blob with it")
        let remaining = try await count("upload_blobs")
        XCTAssertEqual(remaining, 0)
        // Uploading it again stores it anew.
        let again = try await student.upload(data, name: "协议书.pdf", contentType: "application/pdf", kind: "agreement")
        XCTAssertEqual(again.status, .created)
        XCTAssertEqual(storedFiles().count, 1)
        let againRow = try await Uploads.find(id: uploadID(again), on: app.db)
        let reopened = try await Uploads.contents(of: XCTUnwrap(againRow), app: app, on: app.db)
        XCTAssertEqual(reopened, data)
    }

    /// A store that writes the blob and then reports a failure (a lost acknowledgement).
    struct FailingStore: FileStore {
        let inner: DirectoryFileStore
        func put(_ sealed: Data, key: String) async throws {
            try await inner.put(sealed, key: key)
            throw Abort(.internalServerError, reason: "store did not acknowledge")
        }
        func get(key: String) async throws -> Data? { try await inner.get(key: key) }
        func exists(key: String) async throws -> Bool { try await inner.exists(key: key) }
        func delete(key: String) async throws { try await inner.delete(key: key) }
    }

    func testAFailedWriteLeavesNoRowNoBlobAndNoAuditEntry() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let before = try await count("audit_log")
        app.setUploadStore(FailingStore(inner: DirectoryFileStore(root: root.path)))
        let page = try await student.upload(Self.pdf(3_000), name: "a.pdf", contentType: "application/pdf", kind: "agreement")
        XCTAssertEqual(page.status, .internalServerError)
        XCTAssertTrue(page.body.contains("系统暂时无法处理"), page.body)
        try await assertNothingStored()
        let after = try await count("audit_log")
        XCTAssertEqual(after, before)
    }

    func testConcurrentUploadsOfTheSameContentShareOneReadableBlob() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let data = Self.jpeg(300_000)
        let browsers = (0..<6).map { _ -> Browser in
            let browser = Browser(app)
            browser.cookies = student.cookies
            return browser
        }
        let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
            for (index, browser) in browsers.enumerated() {
                group.addTask { try await browser.upload(data, name: "\(index).jpg", contentType: "image/jpeg", kind: "other").status }
            }
            return try await group.reduce(into: [HTTPStatus]()) { $0.append($1) }
        }
        XCTAssertEqual(statuses, Array(repeating: .created, count: 6))
        let blobs = try await count("upload_blobs")
        XCTAssertEqual(blobs, 1)
        XCTAssertEqual(storedFiles().count, 1)
        let (rows, total) = try await Uploads.list(ownerID: Demo.userID(app, studentNo: DemoSeed.demoStudentNo), page: 1, pageSize: 20, on: app.db)
        XCTAssertEqual(total, 6)
        for row in rows {
            let contents = try await Uploads.contents(of: row, app: app, on: app.db)
            XCTAssertEqual(contents, data, "every row opens the one blob")
        }
    }

    // MARK: Serving

    func testDownloadIsAnAttachmentWithTheOriginalNameAndNosniff() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let data = Self.pdf(30_000)
        let id = try uploadID(try await student.upload(data, name: "劳动合同 张明.pdf", contentType: "text/html", kind: "labour-contract"))
        let download = try await student.get("/uploads/\(id)/download")
        XCTAssertEqual(download.status, .ok)
        XCTAssertEqual(download.headers.first(name: .contentType), "application/pdf")
        XCTAssertEqual(download.headers.first(name: "X-Content-Type-Options"), "nosniff")
        XCTAssertEqual(download.headers.first(name: .contentDisposition),
                       "attachment; filename=\"upload-\(id).pdf\"; filename*=UTF-8''%E5%8A%B3%E5%8A%A8%E5%90%88%E5%90%8C%20%E5%BC%A0%E6%98%8E.pdf")
        XCTAssertEqual(download.headers.first(name: .cacheControl), "private, no-store")
        XCTAssertEqual(download.headers.first(name: .contentLength), String(data.count))

        let preview = try await student.get("/uploads/\(id)")
        XCTAssertTrue(preview.headers.first(name: .contentDisposition)?.hasPrefix("inline; ") == true)
        XCTAssertEqual(preview.headers.first(name: "X-Content-Type-Options"), "nosniff")
        XCTAssertEqual(preview.headers.first(name: "Content-Security-Policy"), "default-src 'none'; object-src 'self'; frame-ancestors 'none'")

        // An ASCII name is its own fallback; a PNG sent as .jpg downloads as .png.
        let ascii = try uploadID(try await student.upload(Self.png(5_000), name: "scan \"front\".jpg", contentType: "image/jpeg", kind: "id-card"))
        let png = try await student.get("/uploads/\(ascii)/download")
        XCTAssertTrue(png.headers.first(name: "Content-Security-Policy")?.hasSuffix("; sandbox") == true, "an image runs nothing")
        XCTAssertEqual(png.headers.first(name: .contentDisposition),
                       "attachment; filename=\"upload-\(ascii).png\"; filename*=UTF-8''scan%20%22front%22.png")
        let plain = try uploadID(try await student.upload(Self.jpeg(5_000), name: "C:\\fakepath\\offer-letter.jpg", contentType: "image/jpeg", kind: "other"))
        let named = try await student.get("/uploads/\(plain)/download")
        XCTAssertEqual(named.headers.first(name: .contentDisposition), "attachment; filename=\"offer-letter.jpg\"; filename*=UTF-8''offer-letter.jpg")
    }

    func testAnotherStudentsFileIsNotFound() async throws {
        let owner = try await login(DemoSeed.demoStudentNo)
        let id = try uploadID(try await owner.upload(Self.jpeg(10_000), name: "id.jpg", contentType: "image/jpeg", kind: "id-card"))
        let otherID = try await Demo.userID(app, studentNo: DemoSeed.importedStudentNo)
        let other = try await loginStudent(userID: otherID)
        let preview = try await other.get("/uploads/\(id)")
        XCTAssertEqual(preview.status, .notFound)
        XCTAssertTrue(preview.body.contains("页面不存在"))
        let download = try await other.get("/uploads/\(id)/download").status
        XCTAssertEqual(download, .notFound)
        let delete = try await other.submit("/uploads/\(id)/delete", from: "/uploads", form: [])
        XCTAssertEqual(delete.status, .notFound)
        let list = try await other.get("/uploads")
        XCTAssertFalse(list.body.contains("/uploads/\(id)"))
        let kept = try await owner.get("/uploads/\(id)").status
        XCTAssertEqual(kept, .ok, "a refused delete leaves the file")
        let missing = try await owner.get("/uploads/999999").status
        XCTAssertEqual(missing, .notFound)
    }

    func testInScopeReviewerSeesTheFileAuditedAndOthersGetNotFound() async throws {
        let owner = try await login(DemoSeed.demoStudentNo)
        let id = try uploadID(try await owner.upload(Self.pdf(8_000), name: "就业证明.pdf", contentType: "application/pdf", kind: "employment-proof"))
        for username in ["counselor", "college", "school"] {
            let staff = try await login(username)
            let page = try await staff.get("/uploads/\(id)")
            XCTAssertEqual(page.status, .ok, username)
            let audit = try await lastAuditAction()
            XCTAssertEqual(audit.action, "upload.view", username)
        }
        // Staff without the graduate in scope, and platform roles, see nothing.
        for username in ["employer", "admin", "county_hr", "unassigned"] {
            let browser = Browser(app)
            _ = try await browser.login(username, username == "admin" ? "Admin-Pass-2026" : Demo.password)
            let status = try await browser.get("/uploads/\(id)").status
            XCTAssertNotEqual(status, .ok, username)
        }
        // A counselor and a graduate of another class.
        let outsider = try await Demo.student(app, inClass: "计科2101", equal: false)
        let stranger = try await loginStudent(userID: outsider)
        let foreign = try uploadID(try await stranger.upload(Self.jpeg(9_000), name: "b.jpg", contentType: "image/jpeg", kind: "diploma"))
        let counselor = try await login("counselor")
        let refused = try await counselor.get("/uploads/\(foreign)")
        XCTAssertEqual(refused.status, .notFound)
        let refusedDownload = try await counselor.get("/uploads/\(foreign)/download").status
        XCTAssertEqual(refusedDownload, .notFound)
        // Reviewers may look, never delete.
        let delete = try await counselor.submit("/uploads/\(id)/delete", from: "/", form: [])
        XCTAssertEqual(delete.status, .notFound)
    }

    // MARK: Requests

    func testCSRFTokenIsRequiredInTheQueryOrHeader() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let missing = try await student.upload(Self.jpeg(5_000), name: "a.jpg", contentType: "image/jpeg", kind: "degree", csrf: .omitted)
        XCTAssertEqual(missing.status, .forbidden)
        let wrong = try await student.upload(Self.jpeg(5_000), name: "a.jpg", contentType: "image/jpeg", kind: "degree", csrf: .forged("forged"))
        XCTAssertEqual(wrong.status, .forbidden)
        student.origin = "https://evil.example"
        let crossSite = try await student.upload(Self.jpeg(5_000), name: "a.jpg", contentType: "image/jpeg", kind: "degree")
        XCTAssertEqual(crossSite.status, .forbidden)
        try await assertNothingStored()
        student.origin = TestApp.origin
        let header = try await student.upload(Self.jpeg(5_000), name: "a.jpg", contentType: "image/jpeg", kind: "degree", csrf: .header)
        XCTAssertEqual(header.status, .created)
        let anonymous = Browser(app)
        let refused = try await anonymous.upload(Self.jpeg(5_000), name: "a.jpg", contentType: "image/jpeg", kind: "degree", csrf: .forged("x"))
        XCTAssertEqual(refused.status, .forbidden)
    }

    func testUploadAndDeleteAreAuditedWithoutTheFileName() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let id = try uploadID(try await student.upload(Self.jpeg(7_000), name: "张明的学位证书.jpg", contentType: "image/jpeg", kind: "degree"))
        let created = try await lastAuditAction()
        XCTAssertEqual(created.action, "upload.create")
        XCTAssertTrue(created.changes.contains("学位证书"))
        XCTAssertTrue(created.changes.contains("JPG 图片"))
        XCTAssertFalse(created.changes.contains("张明"), "no file name (personal data) in the log")
        let target = try await app.db.sql.raw("SELECT target_type, target_id, actor_id FROM audit_log ORDER BY seq DESC LIMIT 1").first()!
        XCTAssertEqual(try target.decode(column: "target_type", as: String.self), "upload")
        XCTAssertEqual(try target.decode(column: "target_id", as: String.self), String(id))
        let actor = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        XCTAssertEqual(try target.decode(column: "actor_id", as: Int64.self), actor)
        try await student.submit("/uploads/\(id)/delete", from: "/uploads", form: [])
        let deleted = try await lastAuditAction()
        XCTAssertEqual(deleted.action, "upload.delete")
        XCTAssertFalse(deleted.changes.contains("张明"))
        // The owner's own previews are not logged.
        let before = try await count("audit_log")
        let mine = try uploadID(try await student.upload(Self.jpeg(7_100), name: "a.jpg", contentType: "image/jpeg", kind: "degree"))
        _ = try await student.get("/uploads/\(mine)")
        let after = try await count("audit_log")
        XCTAssertEqual(after, before + 1, "only the upload itself")
    }

    func testPlainFormPostRedirectsWithAMessageAndTheListShowsTheFile() async throws {
        let student = try await login(DemoSeed.demoStudentNo)
        let form = try await student.get("/uploads/new?kind=agreement")
        XCTAssertEqual(form.status, .ok)
        XCTAssertTrue(form.body.contains("enctype=\"multipart/form-data\""))
        XCTAssertTrue(form.body.contains("action=\"/uploads?_csrf="))
        XCTAssertTrue(form.body.contains("data-upload=\"1\" data-image-limit=\"2097152\" data-pdf-limit=\"10485760\""), "the script's hooks")
        XCTAssertTrue(form.body.contains("<option value=\"agreement\" selected>就业协议书</option>"))
        let posted = try await student.upload(Self.jpeg(12_000), name: "协议书.jpg", contentType: "image/jpeg", kind: nil,
                                              fields: [("kind", "agreement"), ("next", "/uploads")],
                                              accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
        XCTAssertEqual(posted.status, .seeOther)
        XCTAssertEqual(posted.location, "/uploads")
        let list = try await student.get("/uploads")
        XCTAssertTrue(list.body.contains("已上传“协议书.jpg”"), "flash after the redirect")
        XCTAssertTrue(list.body.contains("协议书.jpg"))
        XCTAssertTrue(list.body.contains("就业协议书"))
        XCTAssertTrue(list.body.contains("/uploads/new"))
        XCTAssertTrue(list.body.contains("data-confirm=\"确定删除“协议书.jpg”吗？"), "delete asks first")
        // `next` must stay on this site.
        let offsite = try await student.upload(Self.jpeg(12_001), name: "b.jpg", contentType: "image/jpeg", kind: "agreement",
                                               fields: [("next", "//evil.example/")], accept: "text/html")
        XCTAssertEqual(offsite.location, "/uploads")
    }

    // MARK: Cases

    func testFilesOfASubmittedCaseCannotBeDeletedOrAdded() async throws {
        let ownerID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let draft = NIOLockedValueBox(true)
        app.registerUploadCase("test-case", UploadCaseType(
            owner: { id, _ in id == 7 ? ownerID : nil },
            isDraft: { _, _ in draft.withLockedValue { $0 } }))
        let student = try await login(DemoSeed.demoStudentNo)
        let attached = try await student.upload(Self.pdf(4_000), name: "a.pdf", contentType: "application/pdf", kind: "agreement", caseRef: "test-case:7")
        XCTAssertEqual(attached.status, .created)
        let id = try uploadID(attached)
        let inCase = try await Uploads.forCase(UploadCaseRef(type: "test-case", id: 7), on: app.db)
        XCTAssertEqual(inCase.map(\.id), [id])

        draft.withLockedValue { $0 = false }
        let list = try await student.get("/uploads")
        XCTAssertTrue(list.body.contains("已提交"))
        let refused = try await student.submit("/uploads/\(id)/delete", from: "/uploads", form: [])
        XCTAssertEqual(refused.status, .seeOther)
        let page = try await student.get("/uploads")
        XCTAssertTrue(page.body.contains("该材料所属的业务已提交审核，不能删除"))
        let kept = try await student.get("/uploads/\(id)").status
        XCTAssertEqual(kept, .ok)
        let late = try await student.upload(Self.pdf(4_001), name: "b.pdf", contentType: "application/pdf", kind: "agreement", caseRef: "test-case:7")
        XCTAssertEqual(late.status, .conflict)
        XCTAssertTrue(late.body.contains("该业务已提交审核"))
        let notMine = try await student.upload(Self.pdf(4_002), name: "c.pdf", contentType: "application/pdf", kind: "agreement", caseRef: "test-case:8")
        XCTAssertEqual(notMine.status, .notFound)
        let unknown = try await student.upload(Self.pdf(4_003), name: "d.pdf", contentType: "application/pdf", kind: "agreement", caseRef: "nothing:1")
        XCTAssertEqual(unknown.status, .notFound)
        let rows = try await count("uploads")
        let blobs = try await count("upload_blobs")
        XCTAssertEqual(rows, 1)
        XCTAssertEqual(blobs, 1)
        XCTAssertEqual(storedFiles().count, 1, "refused uploads leave nothing behind")

        draft.withLockedValue { $0 = true }
        let removed = try await student.submit("/uploads/\(id)/delete", from: "/uploads", form: [])
        XCTAssertEqual(removed.status, .seeOther)
        let gone = try await student.get("/uploads/\(id)").status
        XCTAssertEqual(gone, .notFound)
    }

    // MARK: Rules without HTTP

    func testMagicBytes() {
        XCTAssertEqual(UploadFileType.sniff([0xFF, 0xD8, 0xFF, 0xDB]), .jpeg)
        XCTAssertEqual(UploadFileType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]), .png)
        XCTAssertEqual(UploadFileType.sniff(Array("%PDF-1.4".utf8)), .pdf)
        XCTAssertNil(UploadFileType.sniff(Array("MZ\u{90}\u{0}".utf8)))
        XCTAssertNil(UploadFileType.sniff(Array("GIF89a".utf8)))
        XCTAssertNil(UploadFileType.sniff(Array("<svg xmlns".utf8)))
        XCTAssertNil(UploadFileType.sniff([0x89, 0x50, 0x4E, 0x47]), "a truncated PNG signature")
        XCTAssertEqual(UploadSize.format(2 * Self.megabyte), "2 MB")
        XCTAssertEqual(UploadSize.format(Int(2.1 * Double(Self.megabyte))), "2.1 MB")
        XCTAssertEqual(UploadSize.format(840_000), "820 KB")
    }

    func testClientFileNamesAreCleanedForDisplay() {
        XCTAssertEqual(UploadName.clean("C:\\Users\\张明\\Desktop\\合同.pdf"), "合同.pdf")
        XCTAssertEqual(UploadName.clean("../../etc/passwd"), "passwd")
        XCTAssertEqual(UploadName.clean("invoice\u{202E}gpj.exe"), "invoicegpj.exe", "no right-to-left override")
        XCTAssertEqual(UploadName.clean("a\u{0}b\nc.jpg"), "abc.jpg")
        XCTAssertEqual(UploadName.clean(".hidden.png"), "hidden.png")
        XCTAssertEqual(UploadName.clean("   "), UploadName.unnamed)
        XCTAssertEqual(UploadName.clean(String(repeating: "很", count: 300) + ".pdf").count, UploadName.maxLength)
        XCTAssertEqual(UploadName.downloadName("scan.jpg", type: .png), "scan.png")
        XCTAssertEqual(UploadName.downloadName("scan.JPEG", type: .jpeg), "scan.JPEG")
        XCTAssertEqual(UploadName.downloadName("contract", type: .pdf), "contract.pdf")
        XCTAssertEqual(FormDataDisposition("form-data; name=\"file\"; filename=\"a;b \\\"c\\\".pdf\"").filename, "a;b \"c\".pdf")
        XCTAssertEqual(FormDataDisposition("form-data; name=\"file\"; filename=\"x.pdf\"; filename*=UTF-8''%E5%90%88%E5%90%8C.pdf").filename, "合同.pdf")
        XCTAssertEqual(FormDataDisposition("form-data; name=\"file\"; filename=\"C:\\fakepath\\a.pdf\"").filename, "C:\\fakepath\\a.pdf",
                       "a browser sends backslashes as they are")
        XCTAssertEqual(FormDataDisposition("form-data; name=\"file\"; filename=\"scan %22front%22.jpg\"").filename, "scan \"front\".jpg")
        XCTAssertEqual(FormDataDisposition("form-data; name=\"kind\"").name, "kind")
        XCTAssertNil(FormDataDisposition("form-data; name=\"kind\"").filename)
    }

    func testStorageKeysCannotNameOtherFiles() throws {
        let store = DirectoryFileStore(root: root.path)
        XCTAssertThrowsError(try store.path(for: "../../master.key"))
        XCTAssertThrowsError(try store.path(for: String(repeating: "A", count: 64)))
        XCTAssertNoThrow(try store.path(for: String(repeating: "a", count: 64)))
        let publicDirectory = Middlewares.publicDirectory(app)
        XCTAssertThrowsError(try UploadStorage.defaultRoot(app, configured: publicDirectory + "uploads"), "uploads never live under Public/")
        XCTAssertThrowsError(try UploadStorage.defaultRoot(app, configured: publicDirectory), "nor in Public/ itself")
        XCTAssertNoThrow(try UploadStorage.defaultRoot(app, configured: root.path))
    }
}

extension Browser {
    enum CSRFPlacement {
        /// The page's token in the `_csrf` query parameter (what the upload form does).
        case query
        /// The page's token in `X-CSRF-Token` (what the script does).
        case header
        case omitted
        case forged(String)
    }

    /// Posts one file as `multipart/form-data` to /uploads, the way the upload page does.
    @discardableResult
    func upload(_ data: Data, name: String, contentType: String, kind: String?, caseRef: String? = nil,
                fields: [(String, String)] = [], csrf: CSRFPlacement = .query, accept: String = "application/json",
                declareLength: Bool = true) async throws -> Page {
        var query: [String] = []
        if let kind { query.append("kind=\(Browser.encode(kind))") }
        if let caseRef { query.append("case=\(Browser.encode(caseRef))") }
        var headers = HTTPHeaders()
        switch csrf {
        case .query: query.append("_csrf=\(Browser.encode(try await get("/uploads/new").csrfToken ?? ""))")
        case .header: headers.replaceOrAdd(name: "X-CSRF-Token", value: try await get("/uploads/new").csrfToken ?? "")
        case .omitted: break
        case .forged(let token): query.append("_csrf=\(Browser.encode(token))")
        }
        let boundary = "----JiuyeTest\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        for (field, value) in fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name.replacingOccurrences(of: "\"", with: "\\\""))\"\r\n")
        body.writeString("Content-Type: \(contentType)\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        headers.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        headers.replaceOrAdd(name: .accept, value: accept)
        if declareLength { headers.replaceOrAdd(name: .contentLength, value: String(body.readableBytes)) }
        let path = "/uploads" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        let response = try await app.testable().performTest(request: TestingHTTPRequest(method: .POST, url: URI(path: path), headers: prepared(headers, withOrigin: true), body: body))
        keepCookies(of: response)
        return Page(status: response.status, headers: response.headers, body: response.body.string)
    }
}
