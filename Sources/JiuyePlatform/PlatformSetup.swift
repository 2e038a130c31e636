import Fluent
import Vapor

/// Wires settings, databases, migrations, middleware, the platform's routes and then each
/// module's: the table of contents of the platform. The executable's `configure` names the modules.
package func configurePlatform(_ app: Application, settings: Settings, modules: [Module]) async throws {
    app.settings = settings
    // Shared state created before any request can race to create it.
    _ = app.optionCache
    _ = app.keptCounts
    _ = app.orgNames
    _ = app.caseTypes
    _ = app.codeBooks
    _ = app.moduleMenus
    _ = app.codeReferences
    _ = app.studentCounts
    _ = app.auditLabels
    app.http.server.configuration.hostname = settings.host
    app.http.server.configuration.port = settings.port
    app.routes.defaultMaxBodySize = "64kb"

    app.keys = try KeyService.load(from: settings.keyFile)
    app.passwords = PasswordHasher(cost: settings.bcryptCost)
    try DatabaseSetup.configure(app, settings: settings)
    Migrations.register(on: app)
    for module in modules { for migration in module.migrations { app.migrations.add(migration) } }
    try await MigrationGate.prepare(app, settings: settings)
    try await DatabaseSetup.prepareConnections(app)
    // Instances starting together on PostgreSQL would each create the first accounts.
    try await MigrationGate.exclusively(app) { try await Bootstrap.ensureFirstAdmin(app) }

    _ = app.publicPageCache
    Middlewares.install(on: app)
    try platformRoutes(app)
    Jobs.register(on: app)
    Notify.register(on: app)
    UploadsController.register(on: app)
    PublicityCloser.register(on: app)
    for module in modules {
        for type in module.caseTypes {
            app.caseTypes.register(type)
            app.auditLabels.register(targets: [AuditTarget.caseType(type)])
        }
        app.moduleMenus.add(module.menu)
        app.fieldForms.add(module.fieldForms)
        app.auditLabels.register(actions: module.auditActions)
        app.auditLabels.register(targets: module.auditTargets)
        app.auditLabels.register(fields: module.auditFields)
        app.auditLabels.register(values: module.auditValues)
        app.codeReferences.add(module.codeReferences)
        try module.routes(app)
        try module.boot(app)
    }
    CaseAttachments.register(on: app)
}

/// The platform's controllers, in one list (each module adds its own).
package func platformRoutes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: LoginController())
    try app.register(collection: HomeController())
    try app.register(collection: AccountController())
    try app.register(collection: UsersAdminController())
    try app.register(collection: OrgAdminController())
    try app.register(collection: JobsAdminController())
    try app.register(collection: AuditController())
    try app.register(collection: OnlineUsersController())
    try app.register(collection: CodeLoginController())
    try app.register(collection: RecoveryController())
    try app.register(collection: PhoneChangeController())
    try app.register(collection: SecondFactorController())
    try app.register(collection: OutboxController())
    try app.register(collection: MessagesController())
    try app.register(collection: TimeWindowsController())
    try app.register(collection: FieldAccessController())
    try app.register(collection: ReviewController())
    try app.register(collection: BatchController())
    try app.register(collection: CodesController())
    try app.register(collection: DocumentsController())
    try app.register(collection: UploadsController())
}

/// The platform's schema, by version; shipped migrations are never edited, a change is a new one.
package enum Migrations {
    package static func register(on app: Application) {
        app.migrations.add(M001Platform())
        app.migrations.add(M002Regions())
        app.migrations.add(M003JobKeys())
        app.migrations.add(M004StudentScopeIndexes())
        app.migrations.add(M005AuditChain())
        app.migrations.add(M006Notify())
        app.migrations.add(M007AuditArchive())
        app.migrations.add(M008WindowsMessages())
        app.migrations.add(M009Uploads())
        app.migrations.add(M010Cases())
        app.migrations.add(M011CodeTables())
        app.migrations.add(M012DocumentsImports())
        app.migrations.add(M013RegionCorrections())
        app.migrations.add(M015DocumentVersions())
        app.migrations.add(M016AuditChainId(keys: app.keys, now: app.clock.now()))
        app.migrations.add(M017CodeAliases())
        app.migrations.add(M018StudentListOrder())
        app.migrations.add(M019CaseTallies())
        app.migrations.add(M020FieldAccess())
    }
}
