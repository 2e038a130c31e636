import Fluent
import SQLKit

/// 就业调查: questionnaires, their questions, and the answers (one response per student; choices
/// and fill-ins in rows of their own so results are counted by the database).
package struct J007Surveys: AsyncMigration {
    package var name: String { "jobcentre-007-surveys" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("surveys")
            .field("id", .int64, .identifier(auto: true))
            .field("school_id", .int64, .required, .references("schools", "id"))
            .field("title", .string, .required)
            .field("intro", .string, .required)
            .field("closes_on", .string, .required)
            .field("state", .string, .required)
            .field("created_by", .int64, .required)
            .field("created_at", .int64, .required)
            .field("published_at", .int64)
            .field("closed_at", .int64)
            .create()
        try await database.schema("survey_questions")
            .field("id", .int64, .identifier(auto: true))
            .field("survey_id", .int64, .required, .references("surveys", "id", onDelete: .cascade))
            .field("position", .int64, .required)
            .field("kind", .string, .required)
            .field("text", .string, .required)
            .field("options", .string, .required)
            .create()
        try await database.schema("survey_responses")
            .field("id", .int64, .identifier(auto: true))
            .field("survey_id", .int64, .required, .references("surveys", "id", onDelete: .cascade))
            .field("student_id", .int64, .required, .references("users", "id", onDelete: .cascade))
            .field("submitted_at", .int64, .required)
            .unique(on: "survey_id", "student_id")
            .create()
        try await database.schema("survey_choices")
            .field("response_id", .int64, .required, .references("survey_responses", "id", onDelete: .cascade))
            .field("survey_id", .int64, .required)
            .field("question_id", .int64, .required)
            .field("option_index", .int64, .required)
            .create()
        try await database.schema("survey_texts")
            .field("response_id", .int64, .required, .references("survey_responses", "id", onDelete: .cascade))
            .field("survey_id", .int64, .required)
            .field("question_id", .int64, .required)
            .field("body", .string, .required)
            .create()
        guard let sql = database as? any SQLDatabase else { return }
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_surveys_school ON surveys(school_id, state)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_survey_questions ON survey_questions(survey_id, position)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_survey_choices ON survey_choices(survey_id, question_id, option_index)").run()
        try await sql.raw("CREATE INDEX IF NOT EXISTS idx_survey_texts ON survey_texts(survey_id, question_id)").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["survey_texts", "survey_choices", "survey_responses", "survey_questions", "surveys"] { try await database.schema(table).delete() }
    }
}
