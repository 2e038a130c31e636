import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import SQLKit
import Vapor

/// One case row: the core columns every case table has, and the case's scope as its type
/// declares it (`CaseScope`).
package struct CaseRow: Sendable {
    package let id: Int64
    package let applicant_id: Int64
    package let period: String
    package let applicant_name: String
    /// The applicant's number (学号) when the type keeps one.
    package let student_no: String?
    package let status_key: String
    package let lock: Int64
    package let state_json: String
    package let data_json: String
    package let in_force_json: String?
    /// The content as last submitted: the base of the next 变更明细.
    package let submitted_json: String?
    package let submitted_at: Int64?
    package let updated_at: Int64
    /// Where the case stands: a value per stored scope dimension (ids as decimal strings).
    package let scope: [ScopeDimension: String]

    package static let coreColumns = ["id", "applicant_id", "period", "applicant_name", "status_key", "lock", "state_json", "data_json",
                                      "in_force_json", "submitted_json", "submitted_at", "updated_at"]

    /// By hand, with the type's scope columns.
    package init(_ row: any SQLRow, type: CaseType) throws {
        id = try row.decode(column: "id", as: Int64.self)
        applicant_id = try row.decode(column: "applicant_id", as: Int64.self)
        period = try row.decode(column: "period", as: String.self)
        applicant_name = try row.decode(column: "applicant_name", as: String.self)
        student_no = type.applicantNumber == nil ? nil : try row.decode(column: "student_no", as: String?.self)
        status_key = try row.decode(column: "status_key", as: String.self)
        lock = try row.decode(column: "lock", as: Int64.self)
        state_json = try row.decode(column: "state_json", as: String.self)
        data_json = try row.decode(column: "data_json", as: String.self)
        in_force_json = try row.decode(column: "in_force_json", as: String?.self)
        submitted_json = try row.decode(column: "submitted_json", as: String?.self)
        submitted_at = try row.decode(column: "submitted_at", as: Int64?.self)
        updated_at = try row.decode(column: "updated_at", as: Int64.self)
        var scope: [ScopeDimension: String] = [:]
        for (dimension, column) in type.scope.columns {
            if let value = try row.scopeValue(column, dimension) { scope[dimension] = value }
        }
        scope.merge(type.scope.derived(scope)) { stored, _ in stored }
        self.scope = scope
    }

    package var state: CaseState { (try? JSONDecoder().decode(CaseState.self, from: Data(state_json.utf8))) ?? CaseState() }
    package var data: [String: String] { (try? JSONDecoder().decode([String: String].self, from: Data(data_json.utf8))) ?? [:] }
    package var inForce: [String: String]? { in_force_json.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } }
    package var lastSubmitted: [String: String]? { submitted_json.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } }

    /// A scope value that is an id (school, college, unit …).
    package func id(_ dimension: ScopeDimension) -> Int64? { scope[dimension].flatMap { Int64($0) } }

    /// The year whose time windows apply: the period's (a 届别 or a year).
    package var year: Int { Int(period.prefix(4)) ?? 0 }
}

extension SQLRow {
    /// A scope value as `CaseRow.scope` keeps it (ids as decimal strings), nil when NULL.
    package func scopeValue(_ column: String, _ dimension: ScopeDimension) throws -> String? {
        dimension.holdsIntegers ? try decode(column: column, as: Int64?.self).map(String.init) : try decode(column: column, as: String?.self)
    }
}

extension SQLSelectBuilder {
    /// Cases of `type` as `CaseRow`s.
    package func cases(_ type: CaseType) async throws -> [CaseRow] { try await all().map { try CaseRow($0, type: type) } }
    package func firstCase(_ type: CaseType) async throws -> CaseRow? { try await first().map { try CaseRow($0, type: type) } }
}

/// What came of an action on several cases.
package enum BatchOutcome: Sendable {
    case done(Int)
    /// The first refusal, with the applicant it concerns; nothing moved.
    case refused(name: String, Refusal)
    /// One of the cases was moved by someone else meanwhile; nothing moved.
    case conflict
}

/// What came of an action.
package enum CaseOutcome: Sendable {
    case done(CaseState)
    case refused(Refusal)
    /// Another request changed the case first (its lock moved): "已被他人处理".
    case conflict

    /// What a page says when the action did not happen (nil when it did): the refusal's own
    /// sentence, or that someone else got there first, naming the case as the page calls it
    /// ("申请", "登记"). Every case page answers the same way.
    package func failure(_ subject: String) -> (flash: Flash, status: HTTPResponseStatus)? {
        switch self {
        case .done: nil
        case .refused(let refusal): (Flash(.error, refusal.message), Self.status(refusal))
        case .conflict: (Flash(.error, "该\(subject)已被他人处理，以下是最新状态。"), .conflict)
        }
    }

    /// The HTTP status of a refusal: 403 forbidden, 404 out of scope, 409 wrong state, 422 the
    /// rest (something typed, or a closed guard).
    package static func status(_ refusal: Refusal) -> HTTPResponseStatus {
        switch refusal.kind {
        case .forbidden: .forbidden
        case .outOfScope: .notFound
        case .wrongState: .conflict
        case .invalid, .guardClosed: .unprocessableEntity
        }
    }
}
