import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// Reads and writes of the aid module outside the case engine: the applicant, the registry, the
/// year rule's records, the amounts.
package enum GrassrootsStore {
    /// Where the controller notes, in a case's content, whether the chosen 街道/乡镇 is a county
    /// seat (looked up in `aid_townships`, never taken from the form).
    package static let countySeatKey = "county_seat"
    /// The chosen 区县's and 街道/乡镇's names, noted beside their codes when the form is saved
    /// (derived copies: `FieldDiff` never lists keys starting with "_").
    package static let countyNameKey = "_county_name"
    package static let townshipNameKey = "_township_name"
    /// The case's own facts beside the form (named on the reviewer's page and in 变更明细).
    package static let pledgedKey = "pledged"
    package static let supplementKey = "supplement"
    package static let bookkeeping: [FieldDiff.Field] = [
        FieldDiff.Field(pledgedKey, "承诺书"), FieldDiff.Field(supplementKey, "是否补录名单"), FieldDiff.Field(countySeatKey, "是否县政府驻地"),
    ]

    package struct Person: Sendable {
        package let userID: Int64
        package let name: String
        package let schoolID: Int64
        package let schoolName: String
        package let campusID: Int64?
        package let campusName: String?
        package let collegeID: Int64
        package let collegeName: String
        package let stage: StudyStage
        package let level: EducationLevel
        package let graduationYear: Int
        package let applicationYear: Int
        package let basis: GrassrootsEligibility.Basis
        package let registryID: Int64
        package let studentNo: String?
        package let major: String?
        package let bankName: String?
        package let cardCipher: String?
        package let cardLast4: String?
        package let idNumberHash: String?

        package var scope: [ScopeDimension: String] {
            var scope: [ScopeDimension: String] = [.school: String(schoolID), .college: String(collegeID), .stage: stage.rawValue,
                                                   .level: level.rawValue, .cohort: String(graduationYear)]
            if let campusID { scope[.campus] = String(campusID) }
            return scope
        }
    }

    package static func person(_ userID: Int64, on db: any Database) async throws -> Person? {
        guard let row = try await db.sql.raw("""
            SELECT p.*, u.display_name, u.id_number_hash, s.name AS school_name, c.name AS college_name, cp.name AS campus_name
            FROM aid_people p JOIN users u ON u.id = p.user_id JOIN schools s ON s.id = p.school_id JOIN colleges c ON c.id = p.college_id
            LEFT JOIN campuses cp ON cp.id = p.campus_id WHERE p.user_id = \(bind: userID)
            """).first() else { return nil }
        return Person(
            userID: userID, name: try row.decode(column: "display_name", as: String.self),
            schoolID: try row.decode(column: "school_id", as: Int64.self), schoolName: try row.decode(column: "school_name", as: String.self),
            campusID: try row.decode(column: "campus_id", as: Int64?.self), campusName: try row.decode(column: "campus_name", as: String?.self),
            collegeID: try row.decode(column: "college_id", as: Int64.self), collegeName: try row.decode(column: "college_name", as: String.self),
            stage: StudyStage(rawValue: try row.decode(column: "stage", as: String.self)) ?? .undergraduate,
            level: EducationLevel(rawValue: try row.decode(column: "level", as: String.self)) ?? .bachelor,
            graduationYear: try row.decode(column: "graduation_year", as: Int.self),
            applicationYear: try row.decode(column: "application_year", as: Int.self),
            basis: GrassrootsEligibility.Basis(rawValue: try row.decode(column: "basis", as: String.self)) ?? .freshGraduate,
            registryID: try row.decode(column: "registry_id", as: Int64.self),
            studentNo: try row.decode(column: "student_no", as: String?.self), major: try row.decode(column: "major", as: String?.self),
            bankName: try row.decode(column: "bank_name", as: String?.self), cardCipher: try row.decode(column: "card_cipher", as: String?.self),
            cardLast4: try row.decode(column: "card_last4", as: String?.self), idNumberHash: try row.decode(column: "id_number_hash", as: String?.self))
    }

    // MARK: - The registry

    /// A row of the school's registry for one person.
    package struct RegistryRow: Sendable {
        package let id: Int64
        package let list: GrassrootsEligibility.List
        package let name: String
        package let collegeID: Int64?
        package let level: EducationLevel
        package let graduationYear: Int
        package let studentNo: String?
        package let major: String?
        package let standardYears: Int?
        package let fullTime: Bool?
        package let directed: Bool?
        package let tuitionExempt: Bool?
        package let applicationYear: Int?
        package let passedStages: Set<GrassrootsStage>
    }

    package static func registry(school: Int64, idHash: String, on db: any Database) async throws -> [RegistryRow] {
        try await db.sql.raw("""
            SELECT * FROM aid_registry WHERE school_id = \(bind: school) AND id_number_hash = \(bind: idHash) ORDER BY id
            """).all().compactMap { row in
            guard let list = GrassrootsEligibility.List(rawValue: try row.decode(column: "list", as: String.self)),
                  let level = EducationLevel(rawValue: try row.decode(column: "level", as: String.self)) else { return nil }
            let passed = (try row.decode(column: "passed_stages", as: String?.self) ?? "").split(separator: ",").compactMap { GrassrootsStage(rawValue: String($0)) }
            return RegistryRow(
                id: try row.decode(column: "id", as: Int64.self), list: list, name: try row.decode(column: "name", as: String.self),
                collegeID: try row.decode(column: "college_id", as: Int64?.self), level: level,
                graduationYear: try row.decode(column: "graduation_year", as: Int.self), studentNo: try row.decode(column: "student_no", as: String?.self),
                major: try row.decode(column: "major", as: String?.self), standardYears: try row.decode(column: "standard_years", as: Int?.self),
                fullTime: try row.decode(column: "full_time", as: Bool?.self), directed: try row.decode(column: "directed", as: Bool?.self),
                tuitionExempt: try row.decode(column: "tuition_exempt", as: Bool?.self),
                applicationYear: try row.decode(column: "application_year", as: Int?.self), passedStages: Set(passed))
        }
    }

    package static func findings(_ rows: [RegistryRow]) -> GrassrootsEligibility.Findings {
        GrassrootsEligibility.Findings(
            studentsListGraduationYear: rows.first { $0.list == .students }?.graduationYear,
            inGraduatesList: rows.contains { $0.list == .graduates },
            supplementYear: rows.first { $0.list == .supplement }.map { $0.applicationYear ?? $0.graduationYear },
            legacyPassed: rows.first { $0.list == .legacy }?.passedStages ?? [])
    }

    // MARK: - The year rule

    /// The applicant's filed cases in all six tables (drafts and withdrawn cases are not records),
    /// and the stages the legacy list imported as passed.
    package static func records(_ userID: Int64, legacy: Set<GrassrootsStage>, applicationYear: Int, on db: any Database) async throws -> [GrassrootsYearRules.Record] {
        var records = legacy.map { GrassrootsYearRules.Record(stage: $0, year: GrassrootsYearRules.year(of: $0, applicationYear: applicationYear), outcome: .approved) }
        for stage in GrassrootsCaseTypes.stages {
            for row in try await db.sql.raw("""
                SELECT period, status_key FROM \(ident: GrassrootsCaseTypes.table(stage)) WHERE applicant_id = \(bind: userID)
                """).all() {
                let key = try row.decode(column: "status_key", as: String.self)
                let outcome: GrassrootsYearRules.Outcome
                switch key {
                case "draft", "returned": continue
                case "approved": outcome = .approved
                case "rejected": outcome = .rejected
                default: outcome = .pending
                }
                records.append(.init(stage: stage, year: Int(try row.decode(column: "period", as: String.self)) ?? 0, outcome: outcome))
            }
        }
        return records
    }

    package static func legacyStages(_ person: Person, on db: any Database) async throws -> Set<GrassrootsStage> {
        guard person.basis == .legacy else { return [] }
        let stages = try await db.sql.raw("SELECT passed_stages FROM aid_registry WHERE id = \(bind: person.registryID)").first()?
            .decode(column: "passed_stages", as: String?.self) ?? ""
        return Set(stages.split(separator: ",").compactMap { GrassrootsStage(rawValue: String($0)) })
    }

    package static func availability(_ stage: GrassrootsStage, person: Person, now: Int64, on db: any Database) async throws -> GrassrootsYearRules.Availability {
        let records = try await records(person.userID, legacy: try await legacyStages(person, on: db), applicationYear: person.applicationYear, on: db)
        return GrassrootsYearRules.availability(of: stage, applicationYear: person.applicationYear, year: ChinaTime.fields(now).year, records: records)
    }

    /// The guard of every submission: the case is this year's, and the matrix allows the stage now.
    package static func yearRule(_ stage: GrassrootsStage, row: CaseRow, now: Int64, on db: any Database) async throws -> RuleResult {
        guard let person = try await person(row.applicant_id, on: db) else { return .violated("未找到你的基层就业资助注册信息。") }
        let year = ChinaTime.fields(now).year
        guard row.year == year else { return .violated("这份\(stage.label)是\(row.period)年的草稿，已超过填报年度，不能再提交。") }
        switch try await availability(stage, person: person, now: now, on: db) {
        case .open: return .holds
        case .filed: return .violated("\(stage.label)已经提交过，不能重复提交。")
        case .closed(let why): return .violated(why)
        }
    }

    // MARK: - Amounts

    package struct Payments: Sendable {
        package var years: [GrassrootsAmount.StudyYear]
        package var loanNotes: [Int: String]
    }

    package static func payments(school: Int64, idHash: String, on db: any Database) async throws -> Payments {
        var payments = Payments(years: [], loanNotes: [:])
        for row in try await db.sql.raw("""
            SELECT * FROM aid_payments WHERE school_id = \(bind: school) AND id_number_hash = \(bind: idHash) ORDER BY study_year
            """).all() {
            let number = try row.decode(column: "study_year", as: Int.self)
            payments.years.append(.init(number: number, tuitionPaid: try row.decode(column: "tuition_fen", as: Int64.self),
                                        loanForTuition: try row.decode(column: "loan_fen", as: Int64.self)))
            let parts = [try row.decode(column: "loan_kind", as: String?.self), try row.decode(column: "loan_bank", as: String?.self),
                         try row.decode(column: "loan_contract", as: String?.self).map { "合同号 \($0)" }].compactMap { $0 }.filter { !$0.isEmpty }
            if !parts.isEmpty { payments.loanNotes[number] = parts.joined(separator: " · ") }
        }
        return payments
    }

    package struct Estimate: Sendable {
        package let mode: GrassrootsAmount.Mode
        package let cap: Int64?
        package let standardYears: Int
        package let breakdown: GrassrootsAmount.Breakdown?
        package let payments: Payments
    }

    /// What the rules give for this person now (the reviewer's card, the student's page).
    package static func estimate(_ person: Person, mode: GrassrootsAmount.Mode, on db: any Database) async throws -> Estimate {
        let registry = try await db.sql.raw("SELECT standard_years FROM aid_registry WHERE id = \(bind: person.registryID)").first()
        let years = try registry?.decode(column: "standard_years", as: Int?.self) ?? GrassrootsAmount.defaultStandardYears(person.level)
        let payments = try await person.idNumberHash.asyncMap { try await self.payments(school: person.schoolID, idHash: $0, on: db) } ?? Payments(years: [], loanNotes: [:])
        let cap = GrassrootsAmount.cap(year: person.applicationYear, stage: person.stage)
        let breakdown = cap.map { GrassrootsAmount.total(mode: mode, years: payments.years, standardYears: years, cap: $0) }
        return Estimate(mode: mode, cap: cap, standardYears: years, breakdown: breakdown, payments: payments)
    }

    /// In the approving transaction: the application fixes the amount and its three installments
    /// (the first due now); each confirmation makes its installment due.
    package static func approved(_ stage: GrassrootsStage, row: CaseRow, now: Int64, on db: any Database) async throws {
        guard let person = try await person(row.applicant_id, on: db) else { return }
        if stage.base == .apply {
            guard try await db.sql.raw("SELECT user_id FROM aid_awards WHERE user_id = \(bind: person.userID)").first() == nil else { return }
            let mode = GrassrootsAmount.Mode(rawValue: row.inForce?[GrassrootsForm.Field.aidMode.rawValue] ?? "") ?? .tuition
            let estimate = try await estimate(person, mode: mode, on: db)
            let total = estimate.breakdown?.total ?? 0
            try await db.sql.insert(into: "aid_awards")
                .columns("user_id", "school_id", "college_id", "mode", "total_fen", "cap_fen", "years", "fixed_at")
                .values(SQLBind(person.userID), SQLBind(person.schoolID), SQLBind(person.collegeID), SQLBind(mode.rawValue), SQLBind(total),
                        SQLBind(estimate.cap ?? 0), SQLBind(estimate.standardYears), SQLBind(now)).run()
            for (index, amount) in GrassrootsAmount.installments(total).enumerated() {
                try await db.sql.insert(into: "aid_installments").columns("user_id", "number", "amount_fen", "due_since")
                    .values(SQLBind(person.userID), SQLBind(index + 1), SQLBind(amount), index == 0 ? SQLBind(now) : SQLBind(Int64?.none)).run()
            }
        } else {
            try await db.sql.raw("""
                UPDATE aid_installments SET due_since = \(bind: now) WHERE user_id = \(bind: person.userID) AND number = \(bind: stage.installment) AND due_since IS NULL
                """).run()
        }
    }

    package struct Installment: Sendable {
        package let number: Int
        package let amount: Int64
        package let dueSince: Int64?
        package let paidAt: Int64?
    }

    package struct Award: Sendable {
        package let mode: String
        package let total: Int64
        package let cap: Int64
        package let installments: [Installment]
    }

    package static func award(_ userID: Int64, on db: any Database) async throws -> Award? {
        guard let row = try await db.sql.raw("SELECT * FROM aid_awards WHERE user_id = \(bind: userID)").first() else { return nil }
        let installments = try await db.sql.raw("SELECT * FROM aid_installments WHERE user_id = \(bind: userID) ORDER BY number").all().map {
            Installment(number: try $0.decode(column: "number", as: Int.self), amount: try $0.decode(column: "amount_fen", as: Int64.self),
                        dueSince: try $0.decode(column: "due_since", as: Int64?.self), paidAt: try $0.decode(column: "paid_at", as: Int64?.self))
        }
        return Award(mode: try row.decode(column: "mode", as: String.self), total: try row.decode(column: "total_fen", as: Int64.self),
                     cap: try row.decode(column: "cap_fen", as: Int64.self), installments: installments)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
