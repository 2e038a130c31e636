import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// The five checks of 提交申报 (seed 002 补助申请 3)), by the rule ids the process declares:
/// insurance, the degree check's outcome, the 3-year contract with the filing unit, 新申领 or
/// 续领, and no month applied for twice.
package enum SubsidyChecks {
    typealias Rule = ProcessDefinitions.LivingSubsidyRule

    package static func rules(row: CaseRow, now: Int64, on db: any Database) async throws -> [String: RuleResult] {
        var results: [String: RuleResult] = [:]
        let data = row.data
        let fields = ChinaTime.fields(now)
        let today = YearMonth(year: fields.year, month: fields.month)!
        guard let person = try await SubsidyStore.person(row.applicant_id, on: db) else {
            for rule in Rule.all { results[rule.id] = .violated("未找到你的个人注册信息。") }
            return results
        }
        // 养老保险: read from the adapter now, not from what the form showed.
        let record = try await SubsidyStore.insurance(idHash: person.idHash, keys: nil, on: db)
        let thresholds = try await SubsidyParameterStore.load(on: db).thresholds
        results[Rule.insurance.id] = SubsidyRules.insuranceRefusal(record, education: person.education, today: today, thresholds: thresholds)
            .map(RuleResult.violated) ?? .holds
        // 学历学位: a mismatch refuses; 待核验 and the manual path for foreign degrees go on to the reviewers.
        results[Rule.degree.id] = data[SubsidyCase.Field.degreeCheck.rawValue] == DegreeStatus.mismatch.label
            ? .violated("学历学位信息与教育部信息不一致，请核对证书编号；确定无误后联系高校确认证书信息是否已上传至教育部。") : .holds
        // 劳动合同满 3 年 with the unit the application is filed under (E8(a)); a self-employed
        // applicant's business must be a year old instead (E6).
        let workID = Int64(data["work_id"] ?? "")
        let work = try await SubsidyStore.work(person.userID, on: db).first { $0.id == workID }
        if person.selfEmployed {
            let start = YearMonth(parsing: data[SubsidyCase.Field.start.rawValue] ?? "")
            results[Rule.contract.id] = start.flatMap { SubsidyRules.selfEmployedProblem(registeredOn: data["business_registered"] ?? "", start: $0) }
                .map(RuleResult.violated) ?? (start == nil ? .violated("请填写补贴起始年月。") : .holds)
        } else if let work {
            results[Rule.contract.id] = SubsidyRules.contractProblem(start: work.contractStart, end: work.contractEnd, withFilingUnit: true).map(RuleResult.violated) ?? .holds
        } else {
            results[Rule.contract.id] = .violated("请先在“维护工作经历”中维护申报单位的工作经历和劳动合同。")
        }
        // 新申领 / 续领 and the months, against every other application of the person.
        let others = try await SubsidyStore.otherApplications(person.userID, except: row.id, on: db)
        let derived = ClaimType.derived(previousApprovedApplications: others.filter(\.approved).count)
        results[Rule.claimType.id] = data[SubsidyCase.Field.claimType.rawValue] == derived.rawValue ? .holds
            : .violated("申领类型应为“\(derived.rawValue)”：\(derived == .new ? "你还没有领取过补贴" : "你已领取过补贴")。")
        if let start = YearMonth(parsing: data[SubsidyCase.Field.start.rawValue] ?? ""), let end = YearMonth(parsing: data[SubsidyCase.Field.end.rawValue] ?? "") {
            results[Rule.months.id] = SubsidyRules.overlapProblem(.init(start: start, end: end), with: others.map(\.period)).map(RuleResult.violated) ?? .holds
        } else {
            results[Rule.months.id] = .violated("请填写补贴起始年月和终止年月。")
        }
        return results
    }

    /// The degree check's outcome as the case stores it (E9).
    package enum DegreeStatus: String, Sendable {
        case verified, mismatch, pending, manual

        package var label: String {
            switch self {
            case .verified: "已核验"
            case .mismatch: "不一致"
            case .pending: "待核验"
            case .manual: "国外学历，人工核验"
            }
        }
    }
}
