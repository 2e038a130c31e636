import JiuyeDomain
import JiuyeEmployment
import JiuyeGrassrootsAid
import JiuyeJobCentre
import JiuyeLivingSubsidy
import JiuyePlatform
import Vapor

/// The modules this application serves, in menu order.
package let modules: [Module] = [EmploymentModule.module, GrassrootsModule.module, LivingSubsidyModule.module, JobCentreModule.module]

/// Configures the platform with every module: what `jiuye serve` and the tests run.
public func configure(_ app: Application, settings: Settings = .fromEnvironment()) async throws {
    try await configurePlatform(app, settings: settings, modules: modules)
    // For walk-throughs of multi-year rules (基层就业资助's 在职在岗确认 a year later): the server's
    // clock runs this many days ahead. Never set in production.
    if let days = RequestNumber.parse(Environment.get("JIUYE_CLOCK_OFFSET_DAYS"), in: 1...3_650) {
        app.clock.advance(seconds: Int64(days) * 86_400)
        app.logger.warning("平台时钟已按 JIUYE_CLOCK_OFFSET_DAYS 前移 \(days) 天（仅用于演示和测试）")
    }
}
