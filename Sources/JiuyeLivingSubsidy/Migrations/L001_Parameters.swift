import Fluent
import JiuyePlatform
import SQLKit

/// The city's effective-dated 生活补贴 parameters (review E10, E12, E8(e)): rows the city adds
/// over the defaults; a row withdrawn before it took effect keeps its trace (removed_at).
package struct L001SubsidyParameters: AsyncMigration {
    package var name: String { "living-subsidy-001" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("subsidy_parameters")
            .field("id", .int64, .identifier(auto: true))
            .field("kind", .string, .required)
            .field("education", .string, .required)
            .field("county_code", .string)
            .field("effective_from", .string, .required)
            .field("value", .string, .required)
            .field("created_by", .int64, .required)
            .field("created_at", .int64, .required)
            .field("removed_by", .int64)
            .field("removed_at", .int64)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("subsidy_parameters").delete()
    }
}
