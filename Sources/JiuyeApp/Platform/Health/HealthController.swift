import Fluent
import SQLKit
import Vapor

struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("healthz", use: health)
    }

    struct Health: Content {
        let status: String
        let database: String
        let driver: String
    }

    @Sendable
    func health(req: Request) async throws -> Response {
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
