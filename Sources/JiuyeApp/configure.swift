import Fluent
import Vapor

/// Wires settings, databases, migrations, middleware and routes: the table of contents of the app.
public func configure(_ app: Application, settings: Settings = .fromEnvironment()) async throws {
    app.settings = settings
    // Shared state created before any request can race to create it.
    _ = app.optionCache
    _ = app.orgNames
    _ = app.caseTypes
    _ = app.codeBooks
    app.http.server.configuration.hostname = settings.host
    app.http.server.configuration.port = settings.port
    app.routes.defaultMaxBodySize = "64kb"

    app.keys = try KeyService.load(from: settings.keyFile)
    app.passwords = PasswordHasher(cost: settings.bcryptCost)
    try DatabaseSetup.configure(app, settings: settings)
    Migrations.register(on: app)
    try await MigrationGate.prepare(app, settings: settings)
    try await DatabaseSetup.prepareConnections(app)
    // Instances starting together on PostgreSQL would each create the first accounts.
    try await MigrationGate.exclusively(app) { try await Bootstrap.ensureFirstAdmin(app) }

    Middlewares.install(on: app)
    try routes(app)
    Jobs.register(on: app)
    Notify.register(on: app)
    UploadsController.register(on: app)
    CaseAttachments.register(on: app)
    PublicityCloser.register(on: app)
    ImportController.register(on: app)
}

enum Migrations {
    static func register(on app: Application) {
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
    }
}
