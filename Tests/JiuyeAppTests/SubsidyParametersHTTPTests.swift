@testable import JiuyeApp
@testable import JiuyeLivingSubsidy
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import SQLKit
import XCTest
import XCTVapor

/// 生活补贴参数 over HTTP (review E10, E12, E8(e)): the city HR bureau alone sets them, never
/// for a month already begun, and withdraws only what is not yet in force; every body of the
/// chain reads them; the applicant's form uses the standard in force.
final class SubsidyParametersHTTPTests: XCTestCase {
    var app: Application!

    override func setUp() async throws { app = try await TestApp.make(seeded: true) }
    override func tearDown() async throws { try await app.asyncShutdown() }

    func loggedIn(_ user: String) async throws -> Browser { try await Browser.loggedIn(app, user) }

    func month(_ offset: Int) -> String {
        let fields = ChinaTime.fields(app.clock.now())
        return YearMonth(year: fields.year, month: fields.month)!.adding(months: offset)!.description
    }

    func testTheCityAloneSetsFutureParametersAndWithdrawsOnlyThoseNotInForce() async throws {
        let city = try await loggedIn("city_hr")
        let page = try await city.get("/subsidy/parameters")
        XCTAssertEqual(page.status, .ok)
        XCTAssertTrue(page.body.contains("每月补贴标准") && page.body.contains("500.00") && page.body.contains("2019-06") && page.body.contains("施行中"), page.body)

        // Next month's 本科 standard: 600.00 yuan.
        let added = try await city.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "standard"), ("education", "本科"), ("county", ""), ("effective_from", month(1)), ("value", "600")])
        XCTAssertEqual(added.status, .seeOther, added.body)
        var shown = try await city.get("/subsidy/parameters")
        XCTAssertTrue(shown.body.contains("600.00") && shown.body.contains("待施行"), shown.body)

        // Last month is refused with a Chinese reason; so is a standard for one county, or 0 yuan.
        let past = try await city.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "standard"), ("education", "本科"), ("county", ""), ("effective_from", month(-1)), ("value", "600")])
        XCTAssertEqual(past.status, .unprocessableEntity)
        XCTAssertTrue(past.body.contains("生效年月不能早于本月"), past.body)
        let perCounty = try await city.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "standard"), ("education", "本科"), ("county", "重庆市沙坪坝区"), ("effective_from", month(1)), ("value", "600")])
        XCTAssertTrue(perCounty.status == .unprocessableEntity && perCounty.body.contains("补贴标准全市统一"), perCounty.body)
        let zero = try await city.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "standard"), ("education", "硕士研究生"), ("county", ""), ("effective_from", month(1)), ("value", "0")])
        XCTAssertEqual(zero.status, .unprocessableEntity)
        let huge = try await city.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "share"), ("education", "本科"), ("county", ""), ("effective_from", month(0)), ("value", "99999999999999999999")])
        XCTAssertEqual(huge.status, .unprocessableEntity, "an out-of-range number is a form error, not a trap")
        let elsewhere = try await city.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "share"), ("education", "本科"), ("county", "北京市海淀区"), ("effective_from", month(0)), ("value", "50")])
        XCTAssertEqual(elsewhere.status, .unprocessableEntity, "only the city's own counties")

        // The county bureaux read, and cannot write.
        let county = try await loggedIn("county_hr")
        let read = try await county.get("/subsidy/parameters")
        XCTAssertTrue(read.status == .ok && read.body.contains("600.00") && !read.body.contains("name=\"value\""), read.body)
        let countyWrite = try await county.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "standard"), ("education", "本科"), ("county", ""), ("effective_from", month(1)), ("value", "900")])
        XCTAssertEqual(countyWrite.status, .notFound)
        let person = try await Browser(app).get("/subsidy/parameters")
        XCTAssertNotEqual(person.status, .ok)

        // A row in force cannot be withdrawn; the future one can, once, and it is audited.
        let inForce = try await city.submit("/subsidy/parameters", from: "/subsidy/parameters", form: [
            ("kind", "share"), ("education", "本科"), ("county", "重庆市沙坪坝区"), ("effective_from", month(0)), ("value", "62.5")])
        XCTAssertEqual(inForce.status, .seeOther, inForce.body)
        let ids = try await app.db.sql.raw("SELECT id, kind FROM subsidy_parameters ORDER BY id").all()
            .map { (try $0.decode(column: "id", as: Int64.self), try $0.decode(column: "kind", as: String.self)) }
        let standardID = ids.first { $0.1 == "standard" }!.0, shareID = ids.first { $0.1 == "share" }!.0
        _ = try await city.submit("/subsidy/parameters/\(shareID)/remove", from: "/subsidy/parameters", form: [])
        _ = try await city.submit("/subsidy/parameters/\(standardID)/remove", from: "/subsidy/parameters", form: [])
        let kept = try await app.db.sql.raw("SELECT removed_at FROM subsidy_parameters WHERE id = \(bind: shareID)").first()!.decode(column: "removed_at", as: Int64?.self)
        XCTAssertNil(kept, "a share in force stays")
        let withdrawn = try await app.db.sql.raw("SELECT removed_at FROM subsidy_parameters WHERE id = \(bind: standardID)").first()!.decode(column: "removed_at", as: Int64?.self)
        XCTAssertNotNil(withdrawn)
        shown = try await city.get("/subsidy/parameters")
        XCTAssertTrue(shown.body.contains("已撤销") && shown.body.contains("62.5%"), shown.body)
        let audits = try await app.db.sql.raw("""
            SELECT COUNT(*) AS n FROM audit_log WHERE action IN ('subsidy.parameter', 'subsidy.parameter-remove')
            """).first()!.decode(column: "n", as: Int.self)
        XCTAssertEqual(audits, 3)

        // Parameters in force reach the rules: the share for 沙坪坝区, the 2019-06 threshold.
        let loaded = try await SubsidyParameterStore.load(on: app.db)
        let fen = SubsidyRules.split(amountFen: 100_000, education: .bachelor, county: "500106",
                                     month: YearMonth(parsing: month(0))!, shares: loaded.shares)
        XCTAssertEqual(fen.city, 62_500)
        XCTAssertEqual(fen.county, 37_500)
    }
}
