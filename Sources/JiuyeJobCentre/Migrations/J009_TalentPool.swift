import Fluent
import SQLKit

/// 头像公开 on the résumé (the photo itself is an upload attached to `resume:<student>`).
package struct J009PhotoPublic: AsyncMigration {
    package var name: String { "jobcentre-009-photo-public" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("resumes").field("photo_public", .bool, .required, .sql(.default(false))).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("resumes").deleteField("photo_public").update()
    }
}
