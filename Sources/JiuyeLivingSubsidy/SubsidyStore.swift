import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// Reads of the living-subsidy module outside the case engine.
package enum SubsidyStore {
    package enum State: String, Sendable {
        case pending, approved, returned

        package var label: String {
            switch self {
            case .pending: "待审核"
            case .approved: "审核通过"
            case .returned: "已退回"
            }
        }
    }

    package struct Person: Sendable {
        package let userID: Int64
        package let name: String
        package let unitID: Int64
        package let unitName: String
        package let county: String
        package let city: String
        package let education: SubsidyEducation
        package let degree: String?
        package let school: String
        package let major: String
        package let selfEmployed: Bool
        package let state: State
        package let opinion: String?
        package let idHash: String?
    }

    package static func person(_ userID: Int64, on db: any Database) async throws -> Person? {
        guard let row = try await db.sql.raw("""
            SELECT p.*, u.display_name, u.id_number_hash, un.name AS unit_name FROM subsidy_people p JOIN users u ON u.id = p.user_id
            JOIN units un ON un.id = p.unit_id WHERE p.user_id = \(bind: userID)
            """).first() else { return nil }
        return Person(
            userID: userID, name: try row.decode(column: "display_name", as: String.self), unitID: try row.decode(column: "unit_id", as: Int64.self),
            unitName: try row.decode(column: "unit_name", as: String.self), county: try row.decode(column: "county_code", as: String.self),
            city: try row.decode(column: "city_code", as: String.self),
            education: SubsidyEducation(rawValue: try row.decode(column: "education", as: String.self)) ?? .bachelor,
            degree: try row.decode(column: "degree", as: String?.self), school: try row.decode(column: "school_name", as: String.self),
            major: try row.decode(column: "major", as: String.self), selfEmployed: try row.decode(column: "self_employed", as: Bool.self),
            state: State(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending, opinion: try row.decode(column: "opinion", as: String?.self),
            idHash: try row.decode(column: "id_number_hash", as: String?.self))
    }

    /// The city of a county: its 地级 code (the platform's region parent rule).
    package static func city(of county: String) -> String { String(county.prefix(4)) + "00" }

    package struct Unit: Sendable {
        package let id: Int64
        package let name: String
        package let county: String
        package let state: State
        package let isVirtual: Bool
    }

    package static func approvedUnits(on db: any Database) async throws -> [Unit] {
        try await db.sql.raw("""
            SELECT u.id, u.name, u.county_code, s.state, s.is_virtual FROM subsidy_units s JOIN units u ON u.id = s.unit_id
            WHERE s.state = 'approved' AND s.is_virtual = \(bind: false) ORDER BY u.name
            """).all().map(unit)
    }

    package static func unit(_ id: Int64, on db: any Database) async throws -> Unit? {
        try await db.sql.raw("""
            SELECT u.id, u.name, u.county_code, s.state, s.is_virtual FROM subsidy_units s JOIN units u ON u.id = s.unit_id WHERE u.id = \(bind: id)
            """).first().map(unit)
    }

    static func unit(_ row: any SQLRow) throws -> Unit {
        Unit(id: try row.decode(column: "id", as: Int64.self), name: try row.decode(column: "name", as: String.self),
             county: try row.decode(column: "county_code", as: String.self),
             state: State(rawValue: try row.decode(column: "state", as: String.self)) ?? .pending, isVirtual: try row.decode(column: "is_virtual", as: Bool.self))
    }

    /// The county's virtual unit (review E1), made on first use: the county HR bureau acts for it.
    package static func virtualUnit(county: String, name: String, now: Int64, on db: any Database) async throws -> Int64 {
        if let found = try await db.sql.raw("""
            SELECT u.id FROM subsidy_units s JOIN units u ON u.id = s.unit_id WHERE s.is_virtual = \(bind: true) AND u.county_code = \(bind: county)
            """).first() {
            return try found.decode(column: "id", as: Int64.self)
        }
        let unit = try await OrgQueries.insertReturningID(db, into: "units", [
            ("name", "\(name)虚拟单位"), ("credit_code", "虚拟单位-\(county)"), ("county_code", county), ("status", "approved"), ("created_at", now),
        ])
        try await db.sql.insert(into: "subsidy_units").columns("unit_id", "state", "is_virtual", "submitted_at", "reviewed_at")
            .values(SQLBind(unit), SQLBind(State.approved.rawValue), SQLBind(true), SQLBind(now), SQLBind(now)).run()
        return unit
    }

    package struct Work: Sendable {
        package let id: Int64
        package let unitID: Int64
        package let unitName: String
        package let county: String
        package let isCurrent: Bool
        package let contractStart: String
        package let contractEnd: String?
    }

    package static func work(_ userID: Int64, on db: any Database) async throws -> [Work] {
        try await db.sql.raw("""
            SELECT w.*, u.name AS unit_name FROM subsidy_work w JOIN units u ON u.id = w.unit_id WHERE w.user_id = \(bind: userID) ORDER BY w.is_current DESC, w.id
            """).all().map {
            Work(id: try $0.decode(column: "id", as: Int64.self), unitID: try $0.decode(column: "unit_id", as: Int64.self),
                 unitName: try $0.decode(column: "unit_name", as: String.self), county: try $0.decode(column: "county_code", as: String.self),
                 isCurrent: try $0.decode(column: "is_current", as: Bool.self), contractStart: try $0.decode(column: "contract_start", as: String.self),
                 contractEnd: try $0.decode(column: "contract_end", as: String?.self))
        }
    }

    /// The social-insurance adapter's default: the city's imported table.
    package static func insurance(idHash: String?, keys: KeyService?, on db: any Database) async throws -> SubsidyRules.InsuranceRecord? {
        guard let idHash, let row = try await db.sql.raw("SELECT * FROM subsidy_insurance WHERE id_number_hash = \(bind: idHash)").first() else { return nil }
        let months = try await db.sql.raw("SELECT month FROM subsidy_insurance_months WHERE id_number_hash = \(bind: idHash)").all()
            .compactMap { YearMonth(parsing: try $0.decode(column: "month", as: String.self)) }
        return SubsidyRules.InsuranceRecord(
            months: Set(months), inService: try row.decode(column: "in_service", as: Bool.self), cardNormal: try row.decode(column: "card_normal", as: Bool.self),
            bankName: try row.decode(column: "bank_name", as: String?.self),
            account: try keys.flatMap { keys in try row.decode(column: "account_cipher", as: String?.self).map { try keys.decrypt($0) } })
    }

    /// The person's other applications that count for overlap and 申领类型 (not drafts, not rejected).
    package static func otherApplications(_ userID: Int64, except caseID: Int64?, on db: any Database) async throws -> [(period: SubsidyRules.Period, approved: Bool)] {
        try await db.sql.raw("""
            SELECT id, status_key, data_json, submitted_json FROM subsidy_cases WHERE applicant_id = \(bind: userID)
            AND status_key NOT IN ('draft', 'rejected')
            """).all().compactMap { row in
            if let caseID, try row.decode(column: "id", as: Int64.self) == caseID { return nil }
            let text = try row.decode(column: "submitted_json", as: String?.self) ?? row.decode(column: "data_json", as: String.self)
            let data = (try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))) ?? [:]
            guard let start = YearMonth(parsing: data[SubsidyCase.Field.start.rawValue] ?? ""),
                  let end = YearMonth(parsing: data[SubsidyCase.Field.end.rawValue] ?? "") else { return nil }
            let key = try row.decode(column: "status_key", as: String.self)
            let approved = key == "approved" || ["step:city-summary", "step:city-organization", "step:city-finance", "step:county-finance", "step:receipt"].contains(key)
            return (SubsidyRules.Period(start: start, end: end), approved)
        }
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
