@testable import JiuyeApp
@testable import JiuyeEmployment
@testable import JiuyePlatform
import Foundation
import JiuyeDomain
import XCTest
import XCTVapor

/// Masked and full exports carry distinct file names, made in one place (SheetExport.fileName).
final class ExportFileNameTests: XCTestCase {
    /// 2026-12-04 15:30:45 in Beijing.
    let now: Int64 = 1_796_369_445

    func testNamesSayWhatTheFileHolds() {
        XCTAssertEqual(ChinaTime.dateTime(now).prefix(16), "2026-12-04 15:30")
        let full = SheetExport.fileName("毕业生名单", format: .xlsx, personalData: .full, now: now)
        XCTAssertEqual(full.name, "毕业生名单_含完整信息_20261204-1530.xlsx")
        XCTAssertEqual(full.fallback, "export-full-20261204-1530.xlsx")
        let masked = SheetExport.fileName("毕业生名单", format: .csv, personalData: .masked, now: now)
        XCTAssertEqual(masked.name, "毕业生名单_脱敏.csv")
        XCTAssertEqual(masked.fallback, "export-masked.csv")
        let plain = SheetExport.fileName("学校", format: .gb18030, personalData: .none, now: now)
        XCTAssertEqual(plain.name, "学校.csv")
        XCTAssertEqual(plain.fallback, "export.csv")
        // Single-digit months, days, hours and minutes are padded.
        let early = SheetExport.fileName("毕业生名单", format: .xlsx, personalData: .full, now: 1_767_200_700)   // 2026-01-01 01:05 Beijing
        XCTAssertEqual(early.name, "毕业生名单_含完整信息_20260101-0105.xlsx")
    }

    func testTheSchoolAdminsMaskedAndFullExportsOfGraduatesHaveDistinctNames() async throws {
        let app = try await TestApp.make(seeded: true)
        do {
            try await checkNames(app)
        } catch {
            XCTFail("\(error)")
        }
        try await app.asyncShutdown()
    }

    func checkNames(_ app: Application) async throws {
        let school = Browser(app)
        _ = try await school.login("school", DemoSeed.password)
        func disposition(_ path: String) async throws -> String {
            let page = try await school.get(path)
            XCTAssertEqual(page.status, .ok, path)
            return (page.headers.first(name: .contentDisposition) ?? "").removingPercentEncoding ?? ""
        }
        let masked = try await disposition("/students/export?format=xlsx")
        XCTAssertTrue(masked.contains("毕业生名单_脱敏.xlsx"), masked)
        XCTAssertTrue(masked.contains(#"filename="export-masked.xlsx""#), masked)
        let full = try await disposition("/students/export?format=xlsx&full=1")
        let f = ChinaTime.fields(app.clock.now())
        let day = String(format: "%04d%02d%02d", f.year, f.month, f.day)
        XCTAssertTrue(full.contains("毕业生名单_含完整信息_\(day)-"), full)
        XCTAssertFalse(full.contains("脱敏"), full)
        let csv = try await disposition("/students/export?format=csv")
        XCTAssertTrue(csv.contains("毕业生名单_脱敏.csv"), csv)
    }
}
