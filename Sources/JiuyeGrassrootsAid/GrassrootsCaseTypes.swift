import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

/// The six case types (review D2), one table each, all scoped by school, 校区, college and
/// 学段 so the reviewer of seed 001 (college × 学段, every cohort: D8) sees exactly hers.
package enum GrassrootsCaseTypes {
    package static let stages = GrassrootsStage.allCases

    package static func key(_ stage: GrassrootsStage) -> String { "grassroots-\(stage.rawValue)" }
    package static func table(_ stage: GrassrootsStage) -> String { "grassroots_\(stage.rawValue.replacingOccurrences(of: "-", with: "_"))_cases" }
    package static func stage(key: String) -> GrassrootsStage? { stages.first { self.key($0) == key } }

    package static let columns: [ScopeDimension: String] = [.school: "school_id", .campus: "campus_id", .college: "college_id", .stage: "stage",
                                                           .level: "level", .cohort: "cohort"]

    package static let all: [CaseType] = stages.map(type)
    package static func type(_ stage: GrassrootsStage) -> CaseType {
        var type = CaseType(
            key: key(stage), table: table(stage), definition: ProcessDefinitions.grassroots(stage),
            fields: GrassrootsForm.fields(for: stage).map { FieldDiff.Field($0.rawValue, $0.label(for: stage), isPersonal: $0 == .phone) }
                + GrassrootsStore.bookkeeping,
            business: GrassrootsYearRules.business(of: stage),
            display: { data in
                var shown = data
                if let county = data[GrassrootsStore.countyNameKey] { shown[GrassrootsForm.Field.workCounty.rawValue] = county }
                if let township = data[GrassrootsStore.townshipNameKey] { shown[GrassrootsForm.Field.workTownship.rawValue] = township }
                if data[GrassrootsStore.pledgedKey] == "1" { shown[GrassrootsStore.pledgedKey] = "已同意" }
                for key in [GrassrootsStore.supplementKey, GrassrootsStore.countySeatKey] {
                    if let value = data[key] { shown[key] = value == "1" ? "是" : "否" }
                }
                return shown
            },
            scope: CaseScope(columns: columns, counted: [.school, .college, .stage], windowOwner: (.school, .school),
                             shown: [.college, .stage, .cohort]))
        type.rules = { row, now, db in
            [ProcessDefinitions.grassrootsYearRule.id: try await GrassrootsStore.yearRule(stage, row: row, now: now, on: db)]
        }
        type.validate = { data in
            var values: [GrassrootsForm.Field: String] = [:]
            for (key, value) in data { if let field = GrassrootsForm.Field(rawValue: key) { values[field] = value } }
            let seat = data[GrassrootsStore.countySeatKey].map { $0 == "1" }
            guard case .failure(let problems) = GrassrootsForm.check(values, stage: stage, place: .init(townshipIsCountySeat: seat), mode: .submission) else { return nil }
            return GrassrootsForm.fields(for: stage).lazy.compactMap { problems[$0] }.first
        }
        type.guidance = { _ in
            "“系统判断结果”仅供参考，请根据《中央高校毕业生赴基层就业学费补偿国家助学贷款代偿审核说明（2023版）》判断学生就业情况是否符合资助条件，并核实实际缴纳金额。审核不通过须写明原因，系统自动发送短信通知学生。"
        }
        type.onApproved = { row, _, _, now, db in
            try await GrassrootsStore.approved(stage, row: row, now: now, on: db)
        }
        type.reviewSections = { req, row, user in
            try await GrassrootsReviewCards.sections(stage, req: req, row: row, user: user)
        }
        return type
    }
}
