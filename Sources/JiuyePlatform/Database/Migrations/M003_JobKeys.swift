import Fluent
import SQLKit

/// Schema version 003: a unique key on jobs, so a recurring job is queued once however many
/// instances schedule it (cleared when the job finishes).
package struct M003JobKeys: AsyncMigration {
    package var name: String { "003-job-keys" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("jobs").field("unique_key", .string).update()
        try await (database as! any SQLDatabase).raw("CREATE UNIQUE INDEX idx_jobs_unique_key ON jobs(unique_key)").run()
    }

    package func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw("DROP INDEX idx_jobs_unique_key").run()
        try await database.schema("jobs").deleteField("unique_key").update()
    }
}
