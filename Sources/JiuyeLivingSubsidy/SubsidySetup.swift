import Fluent
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// What the living-subsidy module registers at start-up: the owners of its files (a person's
/// registration materials, a work experience's 劳动合同 and 证明材料) and who may open them.
package enum SubsidySetup {
    package static let personFiles = "subsidy-person"
    package static let workFiles = "subsidy-work"
    package static let unitFiles = "subsidy-unit"

    package static func register(on app: Application) {
        app.registerUploadCase(personFiles, UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT user_id FROM subsidy_people WHERE user_id = \(bind: id)").first()?.decode(column: "user_id", as: Int64.self)
            },
            // 维护个人材料: the person may delete and upload again at any time (seed 002 个人信息管理).
            isDraft: { _, _ in true },
            visibleTo: { user, id, db in
                guard let person = try await SubsidyStore.person(id, on: db) else { return false }
                return mayReview(user, unit: person.unitID, county: person.county)
            }))
        // The unit's 营业执照 (review E14): its registering account uploads it until the county approves.
        app.registerUploadCase(unitFiles, UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT registered_by FROM subsidy_units WHERE unit_id = \(bind: id)").first()?.decode(column: "registered_by", as: Int64?.self)
            },
            isDraft: { id, db in
                try await db.sql.raw("SELECT unit_id FROM subsidy_units WHERE unit_id = \(bind: id) AND state <> 'approved'").first() != nil
            },
            visibleTo: { user, id, db in
                guard let unit = try await SubsidyStore.unit(id, on: db) else { return false }
                return mayReview(user, unit: id, county: unit.county)
            }))
        app.registerUploadCase(workFiles, UploadCaseType(
            owner: { id, db in
                try await db.sql.raw("SELECT user_id FROM subsidy_work WHERE id = \(bind: id)").first()?.decode(column: "user_id", as: Int64.self)
            },
            isDraft: { _, _ in true },
            visibleTo: { user, id, db in
                guard let row = try await db.sql.raw("SELECT unit_id, county_code FROM subsidy_work WHERE id = \(bind: id)").first() else { return false }
                return mayReview(user, unit: try row.decode(column: "unit_id", as: Int64.self), county: try row.decode(column: "county_code", as: String.self))
            }))
    }

    /// The unit's own staff, or the county's bureaus (and the city's, over its counties).
    static func mayReview(_ user: CurrentUser, unit: Int64, county: String) -> Bool {
        guard let active = user.active else { return false }
        switch active.role {
        case .employer: return active.values[.unit]?.contains(String(unit)) == true
        case .countyHR, .countyOrganization, .countyFinance: return active.values[.county]?.contains(county) == true
        case .cityHR, .cityOrganization, .cityFinance: return active.values[.city]?.contains(SubsidyStore.city(of: county)) == true
        default: return false
        }
    }
}
