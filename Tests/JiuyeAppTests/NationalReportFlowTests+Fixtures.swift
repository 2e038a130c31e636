@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import Vapor
import XCTest
import XCTVapor

/// The national report tests' fixtures: 生源 records, registrations at 初审通过, an exported
/// record, the feedback upload, and staff of another college.
extension NationalReportFlowTests {
    func schoolID() async throws -> Int64 {
        try await app.db.sql.raw("SELECT id FROM schools WHERE code = \(bind: DemoSeed.schoolCode)").first()!.decode(column: "id", as: Int64.self)
    }

    func loggedIn(_ user: String, _ password: String = DemoSeed.password) async throws -> Browser {
        let browser = Browser(app)
        let page = try await browser.login(user, password)
        XCTAssertEqual(page.status, .seeOther, user)
        return browser
    }

    /// A graduate of 计科2101 other than 张明 and 李华.
    func classmate() async throws -> String {
        try await app.db.sql.raw("""
            SELECT u.student_no FROM users u JOIN students st ON st.user_id = u.id JOIN classes cl ON cl.id = st.class_id
            WHERE cl.name = '计科2101' AND u.student_no NOT IN (\(bind: DemoSeed.demoStudentNo), \(bind: DemoSeed.importedStudentNo)) ORDER BY u.id LIMIT 1
            """).first()!.decode(column: "student_no", as: String.self)
    }

    /// The school's 生源 record of a graduate, as the import writes it (考生号 and 证件号码 sealed).
    @discardableResult
    func sourceRecord(_ studentNo: String, examinee: String, region: String = "500106") async throws -> Int64 {
        let row = try await app.db.sql.raw("""
            SELECT u.id, u.display_name, u.id_number_cipher, m.code, m.name FROM users u JOIN students st ON st.user_id = u.id
            JOIN majors m ON m.id = st.major_id WHERE u.student_no = \(bind: studentNo)
            """).first()!
        let user = try row.decode(column: "id", as: Int64.self)
        let values: [GraduateField.Key: String] = [
            .cohort: "2025", .educationLevel: "31", .name: try row.decode(column: "display_name", as: String.self), .studentNo: studentNo,
            .documentType: "1", .documentNumber: try app.keys.decrypt(try row.decode(column: "id_number_cipher", as: String.self)),
            .examineeNo: examinee, .majorCode: try row.decode(column: "code", as: String.self), .majorName: try row.decode(column: "name", as: String.self),
            .sourceRegion: region, .phone: "13912345678",
        ]
        try await app.db.sql.insert(into: "graduate_records")
            .columns("user_id", "school_id", "record_json", "personal_cipher", "education", "document_type", "major_code", "source_region", "imported_at")
            .values(SQLBind(user), SQLBind(try await schoolID()), SQLBind(GraduateImport.json(values, personal: false)),
                    SQLBind(app.keys.encrypt(GraduateImport.json(values, personal: true))), SQLBind("31"), SQLBind("1"),
                    SQLBind(values[.majorCode]), SQLBind(region), SQLBind(Int64(1)))
            .run()
        return user
    }

    /// A registration waiting for the school's 审核 (初审通过): in the sync from the start status.
    @discardableResult
    func registration(_ user: Int64, data: String = #"{"category":"71"}"#) async throws -> Int64 {
        let state = try String(decoding: JSONEncoder.sorted.encode(CaseState(status: .inReview(step: 2), submissions: 1, reviewedSinceSubmit: true)), as: UTF8.self)
        let row = try await app.db.sql.raw("""
            INSERT INTO destination_cases (applicant_id, period, school_id, campus_id, college_id, major_id, class_id, cohort, level, applicant_name, student_no,
            status_key, status_label, lock, state_json, data_json, submitted_json, submitted_at, updated_at, created_at)
            SELECT st.user_id, '2025', st.school_id, st.campus_id, st.college_id, st.major_id, st.class_id, st.cohort, st.level, u.display_name, u.student_no,
            'step:final-review', '初审通过', 0, \(bind: state), \(bind: data), \(bind: data), 1, 1, 1
            FROM students st JOIN users u ON u.id = st.user_id WHERE st.user_id = \(bind: user) RETURNING id, school_id, college_id, cohort, level
            """).first()!
        try await CaseCounts.move(.destination, scope: [
            .school: String(try row.decode(column: "school_id", as: Int64.self)), .college: String(try row.decode(column: "college_id", as: Int64.self)),
            .cohort: String(try row.decode(column: "cohort", as: Int.self)), .level: try row.decode(column: "level", as: String.self),
        ], from: nil, to: "step:final-review", on: app.db)
        return try row.decode(column: "id", as: Int64.self)
    }

    /// 张明 with a clean record and registration, exported by the school: returns the case and the batch.
    func exportedZhang(_ school: Browser) async throws -> (caseID: Int64, batch: Int64) {
        let user = try await sourceRecord(DemoSeed.demoStudentNo, examinee: zhangExaminee)
        let caseID = try await registration(user)
        let done = try await school.submit("/report/national/export", from: "/report/national", form: [])
        XCTAssertEqual(done.status, .seeOther)
        let batch = try XCTUnwrap(done.location.flatMap { Int64($0.split(separator: "/").last ?? "") })
        return (caseID, batch)
    }

    func syncRow(_ caseID: Int64) async throws -> (state: String, reason: String?, type: String?)? {
        guard let row = try await app.db.sql.raw("SELECT state, feedback_reason, feedback_type FROM national_sync WHERE case_id = \(bind: caseID)").first() else { return nil }
        return (try row.decode(column: "state", as: String.self), try row.decode(column: "feedback_reason", as: String?.self),
                try row.decode(column: "feedback_type", as: String?.self))
    }

    func auditCount(_ action: String) async throws -> Int {
        try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = \(bind: action)").first()!.decode(column: "n", as: Int.self)
    }

    /// Uploads a feedback file as the form does (multipart, the CSRF token in the query).
    func uploadFeedback(_ browser: Browser, csv: String) async throws -> Browser.Page {
        let token = try await browser.get("/report/national/feedback").csrfToken ?? ""
        let boundary = "----jiuye\(UUID().uuidString)"
        var body = ByteBuffer()
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"反馈.csv\"\r\nContent-Type: text/csv\r\n\r\n")
        body.writeString(csv)
        body.writeString("\r\n--\(boundary)--\r\n")
        var headers: HTTPHeaders = ["Content-Type": "multipart/form-data; boundary=\(boundary)", "Origin": TestApp.origin]
        headers.replaceOrAdd(name: .cookie, value: browser.cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        let response = try await app.testable().performTest(request: TestingHTTPRequest(
            method: .POST, url: URI(path: "/report/national/feedback?_csrf=\(token)"), headers: headers, body: body))
        XCTAssertEqual(response.status, .seeOther, response.body.string)
        return try await browser.get(try XCTUnwrap(response.headers.first(name: .location)))
    }

    /// A staff account scoped to another college of the school.
    func otherCollegeStaff(_ username: String, role: Role) async throws -> Browser {
        let school = try await schoolID()
        let other = try await app.db.sql.raw("SELECT id FROM colleges WHERE school_id = \(bind: school) AND name <> '计算机学院' LIMIT 1").first()!
            .decode(column: "id", as: Int64.self)
        let hash = try await app.passwords.hash(Demo.password)
        let id = try await AccountQueries.create(.init(username: username, displayName: "外院老师", passwordHash: hash), keys: app.keys, now: app.clock.now(), on: app.db)
        _ = try await AccountQueries.addAssignment(userID: id, role: role, scope: [.school: [String(school)], .college: [String(other)]],
                                                   createdBy: nil, now: app.clock.now(), on: app.db)
        return try await loggedIn(username, Demo.password)
    }
}
