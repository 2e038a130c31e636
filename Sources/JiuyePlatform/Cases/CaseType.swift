import Fluent
import Foundation
import NIOConcurrencyHelpers
import JiuyeDomain
import JiuyeHTML
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
    /// Where a case stands in the organisation: its scope columns, counters and window owner.
    package var scope: CaseScope
    /// The applicant's number as the case table keeps it (学号), with its label; nil: none.
    package var applicantNumber: String?
    /// The rules its guards name, evaluated for one case (`GuardContext.rules`).
    package var rules: (@Sendable (_ row: CaseRow, _ now: Int64, _ db: any Database) async throws -> [String: RuleResult])?
    /// Whether an employer takes its steps on the platform's review pages (seed 002's 单位审核);
    /// otherwise employers act on the module's own pages (解约's 单位意见).
    package var employerReviewsHere = false
    /// Whether the case's unit is its county's virtual unit (seed 002 2.2), whose unit steps the
    /// county HR bureau takes; nil: the type has no virtual units.
    package var unitIsVirtual: (@Sendable (_ row: CaseRow, _ db: any Database) async throws -> Bool)?
    /// What a submission must hold, checked by the engine for every caller (the applicant, 代录,
    /// an import): the first field error in Chinese, or nil.
    package var validate: (@Sendable ([String: String]) -> String?)?
    /// What the reviewer checks the evidence against for this content (a manual's 审核标准),
    /// shown beside the files on the review page; nil: nothing to show.
    package var guidance: (@Sendable ([String: String]) -> String?)?
    /// Runs inside the transaction that approves a version (the last review, or an entry that
    /// lands approved): the module writes the approved content where it lives (a 生源 record's
    /// contact fields into the school's record). Throwing rolls the approval back.
    /// The fields worth listing for this content (a 毕业去向 asks for some of them); nil: all.
    package var shownFields: (@Sendable ([String: String]) -> Set<String>)?
    /// Labels the content gives its fields (a 毕业去向's own: 劳动合同编号, 录取院校 …), over `fields`'.
    package var detailLabels: (@Sendable ([String: String]) -> [String: String])?
    /// Runs inside the transaction of every move, after the case row is written: the case as it
    /// was read, its new state and the content in force after the move (a module keeps its own
    /// counters, e.g. 去向落实 by category). Throwing rolls the move back.
    package var afterMove: (@Sendable (_ before: CaseRow, _ after: CaseState, _ inForce: [String: String]?, _ now: Int64, _ db: any Database) async throws -> Void)?
    /// Runs inside the approving transaction; `now` is the move's clock (the request's).
    package var onApproved: (@Sendable (_ row: CaseRow, _ content: [String: String], _ keys: KeyService, _ now: Int64, _ db: any Database) async throws -> Void)?
    /// Cards of the module on the reviewer's page of one case, after its files (the 去向登记's
    /// 纸质材料接收): built per request for the staff member who opens it.
    package var reviewSections: (@Sendable (_ req: Request, _ row: CaseRow, _ user: CurrentUser) async throws -> [RenderedHTML])?

    package init(key: String, table: String, definition: ProcessDefinition, fields: [FieldDiff.Field], business: Business?,
                 display: @escaping @Sendable ([String: String]) -> [String: String], batchTotals: [String] = [], applicants: ApplicantSource? = nil,
                 scope: CaseScope, applicantNumber: String? = nil) {
        self.applicants = applicants
        self.scope = scope
        self.applicantNumber = applicantNumber
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

    /// The core columns and this type's scope columns, as `CaseRow` reads them.
    package var columns: [String] {
        CaseRow.coreColumns + (applicantNumber == nil ? [] : ["student_no"]) + scope.columns.values.sorted()
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

/// Where a case type's cases stand in the organisation (seed 001: school, college, major, class,
/// cohort, level; seed 002: unit, county, city; seed 003: college × 学段): which column of its
/// table holds each scope dimension, which dimensions the status counters keep, and who owns its
/// time windows. The engine, the reviewer screen, the counters, batches and notifications read
/// this and nothing else about where a case belongs.
package struct CaseScope: Sendable {
    /// The case table's column for each dimension (ids and cohorts are integers, the rest text).
    package var columns: [ScopeDimension: String]
    /// Dimensions a case carries without a column of their own, from those it has (学段 from 学历).
    package var derived: @Sendable ([ScopeDimension: String]) -> [ScopeDimension: String]
    /// The dimensions the status counters are kept by (at most four, in this order): a list whose
    /// scope and filters name only these reads the counters instead of counting cases.
    package var counted: [ScopeDimension]
    /// The owner of the type's time windows: its kind and the dimension holding the owner's id.
    package var windowOwner: (kind: WindowOwner, dimension: ScopeDimension)?
    /// The dimensions the reviewer screen shows and filters by, in order.
    package var shown: [ScopeDimension]

    package init(columns: [ScopeDimension: String], derived: @escaping @Sendable ([ScopeDimension: String]) -> [ScopeDimension: String] = { _ in [:] },
                 counted: [ScopeDimension], windowOwner: (kind: WindowOwner, dimension: ScopeDimension)?, shown: [ScopeDimension]) {
        precondition(counted.count <= CaseCounts.slots, "at most \(CaseCounts.slots) counted dimensions")
        precondition(Set(counted).isSubset(of: columns.keys), "counted dimensions need columns")
        self.columns = columns
        self.derived = derived
        self.counted = counted
        self.windowOwner = windowOwner
        self.shown = shown
    }

    /// The columns of a case table aliased `c`, for `scoped(to:columns:)`.
    package var sqlColumns: [ScopeDimension: SQLColumn] { columns.mapValues { SQLColumn($0, table: "c") } }

    /// 学段 from 学历, for case types scoped by level (a grassroots reviewer is scoped by 学段).
    package static let stageFromLevel: @Sendable ([ScopeDimension: String]) -> [ScopeDimension: String] = { record in
        guard let level = record[.level].flatMap(EducationLevel.init(rawValue:)) else { return [:] }
        return [.stage: level.stage.rawValue]
    }
}

extension SchemaBuilder {
    /// The core columns of a case table (what `CaseRow` and the engine read and write), one case
    /// per applicant and period. A module's migration adds its scope columns and its own.
    @discardableResult
    package func caseCoreColumns() -> Self {
        self.field("id", .int64, .identifier(auto: true))
            .field("applicant_id", .int64, .required, .references("users", "id"))
            .field("period", .string, .required)
            .field("applicant_name", .string, .required)
            .field("status_key", .string, .required)
            // Denormalised for the lists: the status in the manual's words, the first field as shown.
            .field("status_label", .string)
            .field("summary", .string)
            .field("batch_number", .int)
            .field("lock", .int64, .required)
            .field("state_json", .string, .required)
            .field("data_json", .string, .required)
            .field("in_force_json", .string)
            .field("submitted_json", .string)
            .field("submitted_at", .int64)
            .field("updated_at", .int64, .required)
            .field("created_at", .int64, .required)
            .unique(on: "applicant_id", "period")
    }
}
