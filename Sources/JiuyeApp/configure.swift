import JiuyeEmployment
import JiuyePlatform
import Vapor

/// The modules this application serves, in menu order.
package let modules: [Module] = [EmploymentModule.module]

/// Configures the platform with every module: what `jiuye serve` and the tests run.
public func configure(_ app: Application, settings: Settings = .fromEnvironment()) async throws {
    try await configurePlatform(app, settings: settings, modules: modules)
}
