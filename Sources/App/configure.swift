import Core
import Fluent
import Leaf
import Vapor

/// The composition root: config → database → migrations → services → views → middleware → routes.
public func configure(_ app: Application, config: AppConfig, clock: Core.Clock = .system) async throws {
    _ = MetricsRegistry.shared
    try config.database.register(on: app)
    app.migrations.add(Migrations.all)
    app.services = AppServices(
        config: config,
        clock: clock,
        hasher: try BcryptHasher(cost: config.bcryptCost),
        loginGuard: LoginGuard(clock: clock),
        calendar: CalendarStore(
            officeHours: config.officeHours,
            decreeFolder: app.directory.resourcesDirectory + "Data/calendar"
        ),
        geo: GeoRouterStore(),
        writeGate: config.database.isSQLite ? WriteGate() : nil,
        writerDatabase: config.database.writerID,
        reader: config.database.readerPath.map { SQLiteReader(path: $0) },
        writer: config.database.readerPath.map { SQLiteWriter(path: $0, config: config) },
        indicatorCatalog: IndicatorCatalogCache(),
        dashboardCache: DashboardCache(lifetime: .seconds(config.iocCacheSeconds))
    )
    app.views.use(.leaf)
    app.sessions.use { app in UnchangedSessionsSkipped(base: app.fluent.sessions.driver()) }
    app.sessions.configuration.cookieName = "tinhso_session"
    app.sessions.configuration.cookieFactory = { id in
        HTTPCookies.Value(string: id.string, isSecure: config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
    // Size limit for request bodies; uploads that need more raise it per route.
    app.routes.defaultMaxBodySize = "1mb"

    app.middleware = Middlewares()
    // Outermost of all: a stopping server waits for the requests it counts (`DrainRequests`).
    app.middleware.use(InFlightMiddleware(requests: app.services.inFlight))
    // Metrics by route, recorded here instead of by Vapor (see `RouteMetricsMiddleware`).
    app.http.server.configuration.reportMetrics = false
    app.middleware.use(RouteMetricsMiddleware(metrics: RouteMetrics()))
    // Outermost, so error pages carry the same headers as any other response.
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(AppErrorMiddleware())
    app.middleware.use(PublicFilesMiddleware(publicDirectory: app.directory.publicDirectory))
    // Sessions only where the pages are (`routes`): the API, Open311, CKAN and the gateway use keys, not cookies.

    app.asyncCommands.use(ImportUnitsCommand(), as: "import-units")
    app.asyncCommands.use(SeedDemoCommand(), as: "seed-demo")
    app.asyncCommands.use(ImportBoundariesCommand(), as: "import-boundaries")
    app.asyncCommands.use(CheckDeadlinesCommand(), as: "check-deadlines")
    app.asyncCommands.use(AnalyseCommand(), as: "analyse")
    app.asyncCommands.use(OpenDataCommand(), as: "opendata")
    app.asyncCommands.use(AssistantCommand(), as: "assistant")
    app.asyncCommands.use(ImportAddressesCommand(), as: "import-addresses")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.lifecycle.use(DeadlineTimer())
    app.lifecycle.use(IOCTimer())
    app.lifecycle.use(OpenDataTimer())
    app.lifecycle.use(WebhookTimer())
    app.lifecycle.use(JobLeaseRelease())
    app.lifecycle.use(WALCheckpointer())
    app.lifecycle.use(DemoDetector())
    // Last registered, first to run on shutdown: requests finish before timers stop and the databases close.
    app.lifecycle.use(DrainRequests())

    try routes(app)
    app.responder.use { app in
        AppResponder(routes: app.routes, middleware: app.middleware.resolve(), vapor: app.responder.default)
    }
    try await DatabaseTuning.apply(config, on: app)
}

/// `serve --demo`: migrate, import units and seed demo data where not done yet (see README).
public func prepareDemo(_ app: Application) async throws {
    try await DemoData.prepare(app)
}
