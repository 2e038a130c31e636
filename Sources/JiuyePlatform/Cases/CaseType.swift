import Fluent
import Foundation
import NIOConcurrencyHelpers
import JiuyeDomain
import SQLKit
import Vapor


/// A module's typed case table and its process. Every case table has the same core columns
/// (`applicant_id`, `period`, the scope columns, `status_key`, `lock`, `state_json`,
/// `data_json`, `in_force_json`, times) and may add its own.
package struct CaseType: Sendable {
    /// The key in the shared history tables and URLs, e.g. "destination".
    package let key: String
    package let table: String
    package let definition: ProcessDefinition
    /// The form's fields, in order, for 变更明细 and the detail view.
    package let fields: [FieldDiff.Field]
    /// The business whose time window the year of `period` selects.
    package let business: Business?
    /// Stored values as people read them (codes with their names), for 变更明细 and pages.
    package let display: @Sendable ([String: String]) -> [String: String]
    /// Numeric form fields a batch's 汇总表 adds up (e.g. a subsidy's amount), by key.
    package var batchTotals: [String] = []
    /// Who is expected to apply, so lists can count and name those who have not started.
    package var applicants: ApplicantSource?

    package init(key: String, table: String, definition: ProcessDefinition, fields: [FieldDiff.Field], business: Business?,
         display: @escaping @Sendable ([String: String]) -> [String: String], batchTotals: [String] = [], applicants: ApplicantSource? = nil) {
        self.applicants = applicants
        self.key = key
        self.table = table
        self.definition = definition
        self.fields = fields
        self.business = business
        self.display = display
        self.batchTotals = batchTotals
    }

    /// The list's one-line summary: the first field as shown.
    package func summary(_ data: [String: String]) -> String {
        fields.first.flatMap { display(data)[$0.key] } ?? ""
    }

    /// Status label by status key (the list's fallback when a row has none stored).
    package var labelsByKey: [String: String] {
        var labels: [String: String] = [:]
        for group in CaseEngine.statusGroups(definition) { for key in group.keys where labels[key] == nil { labels[key] = group.label } }
        return labels
    }
}

/// The case types one application serves: the modules' (`Module.caseTypes`), plus any a test registers.
package final class CaseTypeRegistry: Sendable {
    /// Filled by the modules at start-up (`Module.caseTypes`); tests may register more.
    private let types = NIOLockedValueBox<[CaseType]>([])

    package var all: [CaseType] { types.withLockedValue { $0 } }
    package func named(_ key: String) -> CaseType? { all.first { $0.key == key } }
    package func register(_ type: CaseType) { types.withLockedValue { $0.removeAll { $0.key == type.key }; $0.append(type) } }
}

extension Application {
    private struct CaseTypesKey: StorageKey { typealias Value = CaseTypeRegistry }
    package var caseTypes: CaseTypeRegistry {
        if let registry = storage[CaseTypesKey.self] { return registry }
        let registry = CaseTypeRegistry()
        storage[CaseTypesKey.self] = registry
        return registry
    }
}

/// The people expected to apply for a case type (for 毕业去向登记: every graduate of the
/// cohort), so the reviewer screen counts and lists those with no case yet, not only drafts.
package struct ApplicantSource: Sendable {
    /// A table with one row per expected applicant, read as `a`.
    package var table: String
    /// Its column holding the applicant's user id (`users.id`, a case's `applicant_id`).
    package var userColumn: String
    /// Its columns for the scope dimensions (a dimension it lacks yields nothing for a user scoped by it).
    package var scopeColumns: [ScopeDimension: String]
    /// Its column whose value is the period the person applies for (a graduate's 届别 for the
    /// year's registration).
    package var periodColumn: String

    package init(table: String, userColumn: String, scopeColumns: [ScopeDimension: String], periodColumn: String) {
        self.table = table
        self.userColumn = userColumn
        self.scopeColumns = scopeColumns
        self.periodColumn = periodColumn
    }

    /// The key under which lists count applicants without a case ("未提交" together with drafts).
    package static let notStartedKey = "none"

    package var sqlColumns: [ScopeDimension: SQLColumn] {
        scopeColumns.mapValues { SQLColumn($0, table: "a") }
    }
}
