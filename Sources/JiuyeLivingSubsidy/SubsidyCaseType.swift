import Fluent
import Foundation
import JiuyeDomain
import JiuyeHTML
import JiuyePlatform
import SQLKit
import Vapor

/// 补助申请 (seed 002) as a case of the 13-step chain: scoped by city, county and unit, its
/// windows set by the county, the five submission checks evaluated from the stored content and
/// the adapters' tables, the virtual unit's steps taken by the county HR bureau.
package enum SubsidyCase {
    package enum Field: String, CaseIterable, Sendable {
        case kind, claimType = "claim_type", unitName = "unit_name", start, end, months, unpaidMonths = "unpaid_months", paidMonths = "paid_months"
        case amount, education, graduation, firstWork = "first_work", diplomaNo = "diploma_no", degreeNo = "degree_no", foreignDegree = "foreign_degree"
        case degreeCheck = "degree_check", bankName = "bank_name", account

        package var label: String {
            switch self {
            case .kind: "申报类型"
            case .claimType: "申领类型"
            case .unitName: "申报单位"
            case .start: "补贴起始年月"
            case .end: "补贴终止年月"
            case .months: "申请补贴月数"
            case .unpaidMonths: "扣发月数"
            case .paidMonths: "实发月数"
            case .amount: "申请应发金额（元）"
            case .education: "学历"
            case .graduation: "毕业时间"
            case .firstWork: "参加工作时间"
            case .diplomaNo: "学历证书编号"
            case .degreeNo: "学位证书编号"
            case .foreignDegree: "国外学历学位认证书编号"
            case .degreeCheck: "学历学位核验"
            case .bankName: "发放银行"
            case .account: "发放账号"
            }
        }
    }

    package static let columns: [ScopeDimension: String] = [.city: "city_code", .county: "county_code", .unit: "unit_id"]

    package static let type: CaseType = {
        var type = CaseType(
            key: "living-subsidy", table: "subsidy_cases", definition: ProcessDefinitions.livingSubsidy,
            fields: Field.allCases.map { FieldDiff.Field($0.rawValue, $0.label, isPersonal: $0 == .account) },
            business: .livingSubsidy, display: { $0 }, batchTotals: [Field.amount.rawValue],
            scope: CaseScope(columns: columns, counted: [.city, .county], windowOwner: (.county, .county), shown: [.county, .unit]))
        // The five checks guard the submission only: a case further on reads nothing for them
        // (a city-wide batch of 20,000 cases would otherwise run them 20,000 times).
        type.rules = { row, now, db in
            guard row.status_key == "draft" || row.status_key == "returned" else { return [:] }
            return try await SubsidyChecks.rules(row: row, now: now, on: db)
        }
        type.employerReviewsHere = true
        type.unitIsVirtual = { row, db in
            // Only the two unit steps ask.
            guard row.status_key == "step:unit-review" || row.status_key == "step:unit-report", let unit = row.id(.unit) else { return false }
            return try await db.sql.raw("SELECT is_virtual FROM subsidy_units WHERE unit_id = \(bind: unit)").first()?
                .decode(column: "is_virtual", as: Bool.self) ?? false
        }
        // The objections raised on the public 公示 page: the county HR bureau only (review E5).
        type.reviewSections = { req, row, user in
            guard user.role == .countyHR else { return [] }
            let objections = try await req.db.sql.raw("""
                SELECT content, contact_cipher, created_at FROM subsidy_objections WHERE case_id = \(bind: row.id) ORDER BY id
                """).all().map { found in
                (content: try found.decode(column: "content", as: String.self),
                 contact: try found.decode(column: "contact_cipher", as: String?.self).map { try req.keys.decrypt($0) },
                 at: try found.decode(column: "created_at", as: Int64.self))
            }
            return objections.isEmpty ? [] : [RenderedHTML(SubsidyPages.Objections(items: objections))]
        }
        type.afterMove = { before, after, inForce, now, db in
            // E10: the city's and the county's shares are fixed when the county's part is done
            // (县区组织部确认), before the city's summary and the finance steps pay them.
            guard CaseEngine.statusKey(after, in: ProcessDefinitions.livingSubsidy) == "step:city-summary" else { return }
            let data = inForce ?? before.data
            guard let amount = Money.fen(data[Field.amount.rawValue]),
                  let education = SubsidyEducation(rawValue: data[Field.education.rawValue] ?? "") else { return }
            // The share in force in the month of 县区组织部确认 (the city's parameters).
            let fields = ChinaTime.fields(now)
            let month = YearMonth(year: fields.year, month: fields.month) ?? SubsidyRules.policyStart
            let shares = try await SubsidyParameterStore.load(on: db).shares
            let split = SubsidyRules.split(amountFen: amount, education: education, county: before.scope[.county] ?? "", month: month, shares: shares)
            try await db.sql.raw("""
                UPDATE subsidy_cases SET city_share_fen = \(bind: split.city), county_share_fen = \(bind: split.county) WHERE id = \(bind: before.id)
                """).run()
        }
        return type
    }()
}
