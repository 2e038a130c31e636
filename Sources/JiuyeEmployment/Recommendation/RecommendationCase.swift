import Fluent
import Foundation
import JiuyeDomain
import JiuyePlatform
import SQLKit
import Vapor

extension CaseType {
    /// 推荐表注册 (seed 003 §3.3): one form per graduate and cohort; 保存并送审 → 学院审核; editing an
    /// approved form is a new version the college reviews again.
    package static let recommendation: CaseType = {
        let columns: [ScopeDimension: String] = [.school: "school_id", .campus: "campus_id", .college: "college_id", .major: "major_id",
                                                 .class: "class_id", .cohort: "cohort", .level: "level"]
        var type = CaseType(
            key: "recommendation", table: "recommendation_cases", definition: ProcessDefinitions.recommendation,
            fields: RecommendationForm.Field.allCases.filter { !$0.isFromSourceRecord }
                .map { FieldDiff.Field($0.rawValue, $0.label, isPersonal: [.address, .phone, .email].contains($0)) },
            business: nil,
            display: { data in
                var shown = data
                if shown["photo"] != nil { shown["photo"] = "已上传" }
                return shown
            },
            applicants: ApplicantSource(table: "students", userColumn: "user_id", scopeColumns: columns, periodColumn: "cohort"),
            scope: CaseScope(columns: columns, derived: CaseScope.stageFromLevel, counted: [.school, .college, .cohort, .level],
                             windowOwner: (.school, .school), shown: [.college, .major, .level, .cohort]),
            applicantNumber: "学号")
        type.validate = { data in
            var values: [RecommendationForm.Field: String] = [:]
            for (key, value) in data { if let field = RecommendationForm.Field(rawValue: key) { values[field] = value } }
            guard case .failure(let problems) = RecommendationForm.check(values, stage: .submission) else { return nil }
            return RecommendationForm.Field.allCases.lazy.compactMap { problems[$0] }.first
        }
        return type
    }()
}

/// 推荐表's case table: the case core columns and the graduate's place.
package struct E011RecommendationCases: AsyncMigration {
    package var name: String { "employment-011-recommendation-cases" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("recommendation_cases")
            .caseCoreColumns()
            .field("school_id", .int64, .required)
            .field("campus_id", .int64)
            .field("college_id", .int64, .required)
            .field("major_id", .int64, .required)
            .field("class_id", .int64)
            .field("cohort", .int, .required)
            .field("level", .string, .required)
            .field("student_no", .string)
            .create()
        let sql = database as! any SQLDatabase
        for index in ["idx_recommendation_college_status ON recommendation_cases(college_id, status_key, id)",
                      "idx_recommendation_school_status ON recommendation_cases(school_id, status_key, id)",
                      "idx_recommendation_class_status ON recommendation_cases(class_id, status_key, id)",
                      "idx_recommendation_campus_status ON recommendation_cases(campus_id, status_key, id)"] {
            try await sql.raw("CREATE INDEX \(unsafeRaw: index)").run()
        }
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("recommendation_cases").delete()
    }
}
