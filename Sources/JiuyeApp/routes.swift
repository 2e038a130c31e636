import Vapor

/// Every controller, in one list.
func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    try app.register(collection: LoginController())
    try app.register(collection: HomeController())
    try app.register(collection: AccountController())
    try app.register(collection: StudentsController())
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
    try app.register(collection: ReviewController())
    try app.register(collection: BatchController())
    try app.register(collection: CodesController())
    try app.register(collection: DocumentsController())
    try app.register(collection: ImportController())
    try app.register(collection: DestinationController())
    try app.register(collection: UploadsController())
}
