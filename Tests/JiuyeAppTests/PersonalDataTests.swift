@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// Personal data stays masked in lists and in the operation log; showing it in full is an
/// explicit action that is audited.
final class PersonalDataTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func testAuditMasksAnIDOrPhonePassedInClear() async throws {
        let keys = app.keys
        let now = app.clock.now()
        try await app.db.writeTransaction { db in
            try await Audit.record("test.clear", target: "user", id: 1,
                                   changes: [.init("phone", before: "13800001001", after: "联系电话 15800002340"), .init("id", after: "41302619900307573X")],
                                   actor: nil, ip: nil, now: now, keys: keys, on: db)
        }
        let changes = try await app.db.sql.raw("SELECT changes FROM audit_log WHERE action = 'test.clear'").first()!.decode(column: "changes", as: String.self)
        XCTAssertFalse(changes.contains("13800001001"))
        XCTAssertFalse(changes.contains("15800002340"))
        XCTAssertFalse(changes.contains("41302619900307573X"))
        XCTAssertTrue(changes.contains("138****1001"))
        XCTAssertTrue(changes.contains("4130**********573X"))
        let report = try await AuditChain.verify(on: app.db, keys: app.keys)
        XCTAssertNil(report.problem)
    }

    func testRevealingAStudentsFullIDIsAuditedAndScoped() async throws {
        let studentID = try await Demo.userID(app, studentNo: DemoSeed.demoStudentNo)
        let cipher = try await app.db.sql.select().column("id_number_cipher").from("users").where("id", .equal, SQLBind(studentID)).first()!
            .decode(column: "id_number_cipher", as: String.self)
        let idNumber = try app.keys.decrypt(cipher)
        let school = Browser(app)
        _ = try await school.login("school", DemoSeed.password)
        let masked = try await school.get("/students/\(studentID)")
        XCTAssertEqual(masked.status, .ok)
        XCTAssertFalse(masked.body.contains(idNumber))
        XCTAssertTrue(masked.body.contains(Masking.idNumber(idNumber)))
        let revealed = try await school.submit("/students/\(studentID)/reveal", from: "/students/\(studentID)", form: [])
        XCTAssertEqual(revealed.status, .ok)
        XCTAssertTrue(revealed.body.contains(idNumber))
        XCTAssertTrue(revealed.body.contains(DemoSeed.demoStudentPhone))
        let row = try await app.db.sql.raw("SELECT actor_id, target_id, changes FROM audit_log WHERE action = 'personal.reveal'").first()
        XCTAssertNotNil(row)
        XCTAssertEqual(try row?.decode(column: "target_id", as: String.self), String(studentID))
        XCTAssertFalse(try row?.decode(column: "changes", as: String.self).contains(idNumber) ?? true)
        // A reveal needs the form's CSRF token and a student inside the caller's scope.
        let forged = try await school.request(.POST, "/students/\(studentID)/reveal", form: [])
        XCTAssertEqual(forged.status, .forbidden)
        let outsider = Browser(app)
        _ = try await outsider.login("unassigned", DemoSeed.password)
        let hidden = try await outsider.submit("/students/\(studentID)/reveal", from: "/account", form: [])
        XCTAssertEqual(hidden.status, .notFound)
    }
}
