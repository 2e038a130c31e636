import Fluent
import SQLKit
import Vapor

package struct HealthController: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
    }

    package struct Health: Content {
        package let status: String
        package let database: String
        package let driver: String
    }

    @Sendable
    package func health(req: Request) async throws -> Response {
        let driver = req.db.sql.dialect.name
        do {
            _ = try await req.db.sql.raw("SELECT 1 AS ok").first()
            return try await Health(status: "ok", database: "ok", driver: driver).encodeResponse(status: .ok, for: req)
        } catch {
            req.logger.error("health check: database unreachable: \(String(reflecting: error))")
            return try await Health(status: "degraded", database: "error", driver: driver).encodeResponse(status: .serviceUnavailable, for: req)
        }
    }
}
