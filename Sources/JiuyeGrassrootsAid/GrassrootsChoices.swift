import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// The place data the form and the judgement read: 区县 from the platform's 行政区划, 街道/乡镇
/// with the county-seat flag from the school-imported `aid_townships` (review D12), and the
/// 艰苦边远地区 list.
package enum GrassrootsChoices {
    package struct Choices: Sendable {
        package let countyName: String?
        package let townships: [SelectOption]
    }

    package static func load(_ req: Request, county: String?) async throws -> Choices {
        guard let county, county.count == 6 else { return Choices(countyName: nil, townships: []) }
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        let townships = try await req.db.sql.raw("""
            SELECT code, name, is_county_seat FROM aid_townships WHERE county_code = \(bind: county) ORDER BY code
            """).all().map {
            let seat = try $0.decode(column: "is_county_seat", as: Bool.self)
            return SelectOption(try $0.decode(column: "code", as: String.self), try $0.decode(column: "name", as: String.self) + (seat ? "（县政府驻地）" : ""))
        }
        return Choices(countyName: names.fullName(county), townships: townships)
    }

    /// A typed 区县 (code or name) as its six-digit code, or the Chinese problem.
    package static func resolveCounty(_ typed: String, req: Request) async throws -> Result<String, ValidationError> {
        let names = try await req.application.codeBooks.regionNames(on: req.db)
        let resolution = names.resolve(typed)
        if case .county(let code) = resolution { return .success(code) }
        return .failure(ValidationError(field: GrassrootsForm.Field.workCounty.rawValue,
                                        message: RegionNames.problem(resolution, label: "工作地点所在区县") ?? "请填写工作地点所在区县。"))
    }

    /// Whether the chosen 街道/乡镇 (of the chosen county) is a county seat; nil when none or unknown.
    package static func place(_ township: String?, county: String?, on db: any Database) async throws -> GrassrootsForm.Place {
        guard let township, !township.isEmpty, let county, township.utf8.count <= 12 else { return .init(townshipIsCountySeat: nil) }
        let seat = try await db.sql.raw("""
            SELECT is_county_seat FROM aid_townships WHERE code = \(bind: township) AND county_code = \(bind: county)
            """).first()?.decode(column: "is_county_seat", as: Bool.self)
        return .init(townshipIsCountySeat: seat)
    }

    package struct Names: Sendable {
        package let county: String?
        package let countyShort: String?
        package let township: String?
    }

    package static func names(county: String?, township: String?, req: Request) async throws -> Names {
        try await names(county: county, township: township, app: req.application, on: req.db)
    }

    package static func names(county: String?, township: String?, on db: any Database) async throws -> Names {
        var townshipName: String?
        if let township, !township.isEmpty {
            townshipName = try await db.sql.raw("SELECT name FROM aid_townships WHERE code = \(bind: township)").first()?.decode(column: "name", as: String.self)
        }
        var countyName: String?
        var short: String?
        if let county, county.count == 6, let row = try await db.sql.raw("SELECT name FROM regions WHERE code = \(bind: county)").first() {
            short = try row.decode(column: "name", as: String.self)
            countyName = short
        }
        return Names(county: countyName, countyShort: short, township: townshipName)
    }

    package static func names(county: String?, township: String?, app: Application, on db: any Database) async throws -> Names {
        let base = try await names(county: county, township: township, on: db)
        let full = try await county.asyncMap { try await app.codeBooks.regionNames(on: db).fullName($0) } ?? nil
        return Names(county: full ?? base.county, countyShort: base.countyShort, township: base.township)
    }

    package static func onHardshipList(_ county: String?, on db: any Database) async throws -> Bool {
        guard let county, !county.isEmpty else { return false }
        return try await db.sql.raw("SELECT county_code FROM aid_hardship_counties WHERE county_code = \(bind: county)").first() != nil
    }
}
