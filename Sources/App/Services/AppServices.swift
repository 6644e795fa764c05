import Core
import Fluent
import Vapor

/// Everything shared for the life of the application; per-request services are built on a database handle
/// (the request's, or a transaction's) so that a change and its audit line commit together. A class: a request
/// reaches it several times, and copying a struct of this size retained each of its members every time.
final class AppServices: Sendable {
    let config: AppConfig
    let clock: Core.Clock
    let hasher: BcryptHasher
    let loginGuard: LoginGuard
    let calendar: CalendarStore
    let geo: GeoRouterStore
    /// Serialises write transactions on SQLite (nil on PostgreSQL).
    let writeGate: WriteGate?
    /// The connections write transactions use, when not the default ones (`AppConfig.Database.writerID`).
    let writerDatabase: DatabaseID?
    /// Short reads on the calling thread, on a SQLite file (nil in memory and on PostgreSQL).
    let reader: SQLiteReader?
    /// The group commit's writes on the calling thread, on a SQLite file (nil in memory and on PostgreSQL).
    let writer: SQLiteWriter?
    /// The checked indicator catalogue, kept until its version changes.
    let indicatorCatalog: IndicatorCatalogCache
    /// The report categories and routing rules, kept until their version changes.
    let feedbackCatalogCache = FeedbackCatalogCache()
    /// API tokens' users and grants, kept until the accounts' tables change (`TableVersions`).
    let tokenHolders = PrincipalQuery.Cache(limit: 10_000)
    /// Units found by code or id, kept until the units table changes (`TableVersions`).
    let unitCopies = CachedUnits.Copies()
    /// Requests being answered, waited for when the server stops.
    let inFlight = InFlightRequests()
    /// New reports, filed many to a transaction under load.
    let reportCommits = GroupCommit(run: FeedbackCommit.run)
    /// The operations-centre widgets of each view, shared for `AppConfig.iocCacheSeconds`.
    let dashboardCache: DashboardCache
    /// The data-sharing gateway's rate limits.
    let gatewayLimiter = GatewayLimiter()
    /// One open-data publication at a time.
    let publishLock = OpenDataPublisher.Lock()
    /// Digital addresses: the geocoder over every addressed object.
    let addresses = GeocoderStore()
    /// The virtual assistant's index and the feedback classifier.
    let assistant = AssistantStore()

    init(
        config: AppConfig,
        clock: Core.Clock,
        hasher: BcryptHasher,
        loginGuard: LoginGuard,
        calendar: CalendarStore,
        geo: GeoRouterStore,
        writeGate: WriteGate?,
        writerDatabase: DatabaseID?,
        reader: SQLiteReader?,
        writer: SQLiteWriter?,
        indicatorCatalog: IndicatorCatalogCache,
        dashboardCache: DashboardCache
    ) {
        self.config = config
        self.clock = clock
        self.hasher = hasher
        self.loginGuard = loginGuard
        self.calendar = calendar
        self.geo = geo
        self.writeGate = writeGate
        self.writerDatabase = writerDatabase
        self.reader = reader
        self.writer = writer
        self.indicatorCatalog = indicatorCatalog
        self.dashboardCache = dashboardCache
    }

    /// Where signing keys are sealed (see `KeyCustody`); without a key encryption key nothing can be signed.
    var keyCustody: any KeyCustody {
        config.keyEncryptionKey.flatMap(EnvelopeKeyCustody.init(base64:)) ?? UnconfiguredKeyCustody()
    }

    func units(on db: any Database) -> FluentUnitRepository { FluentUnitRepository(db: db) }
    func users(on db: any Database) -> FluentUserRepository { FluentUserRepository(db: db) }
    func audit(on db: any Database) -> FluentAuditLog { FluentAuditLog(db: db) }
    func tokens(on db: any Database) -> ApiTokenStore { ApiTokenStore(db: db, clock: clock) }

    func accounts(on db: any Database) -> AccountService {
        AccountService(users: users(on: db), units: units(on: db), audit: audit(on: db), hasher: hasher, clock: clock)
    }

    func calendarService(on db: any Database) -> CalendarService {
        CalendarService(decrees: FluentDecreeRepository(db: db, clock: clock), audit: audit(on: db), clock: clock)
    }

    /// The feedback service on `db`, with the router and the catalogue in force (`catalog` when the caller has
    /// already read it) and `units` when the caller has a faster way to them.
    func feedback(on db: any Database, catalog: FeedbackCatalog? = nil, units: (any UnitRepository)? = nil)
        async throws -> FeedbackService
    {
        let inForce: FeedbackCatalog
        if let catalog { inForce = catalog } else { inForce = try await feedbackCatalogCache.catalog(on: db) }
        return FeedbackService(
            reports: FluentFeedbackRepository(db: db),
            units: units ?? self.units(on: db),
            audit: audit(on: db),
            router: try await geo.router(on: db),
            catalog: inForce,
            clock: clock,
            dossiers: FluentDossierRepository(db: db)
        )
    }

    /// `service` (its router and catalogue) writing through `db`, a transaction's handle.
    func feedback(on db: any Database, like service: FeedbackService) -> FeedbackService {
        service.writing(
            reports: FluentFeedbackRepository(db: db),
            units: units(on: db),
            audit: audit(on: db),
            dossiers: FluentDossierRepository(db: db)
        )
    }

    func feedbackCatalog(on db: any Database) -> FeedbackCatalogService {
        FeedbackCatalogService(
            catalogs: FluentFeedbackCatalog(db: db),
            units: units(on: db),
            audit: audit(on: db),
            clock: clock
        )
    }

    func dossiers(on db: any Database) async throws -> DossierService {
        DossierService(
            procedures: FluentProcedureRepository(db: db),
            dossiers: FluentDossierRepository(db: db),
            units: units(on: db),
            audit: audit(on: db),
            calendar: try await calendar.calendar(on: db),
            clock: clock
        )
    }

    func unitService(on db: any Database) -> UnitService {
        UnitService(units: units(on: db), audit: audit(on: db), clock: clock)
    }
}

extension Application {
    private struct ServicesKey: StorageKey { typealias Value = AppServices }
    private struct DemoKey: StorageKey { typealias Value = Bool }

    var services: AppServices {
        get {
            guard let services = storage[ServicesKey.self] else { fatalError("configure(_:) has not run") }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }

    /// Whether demo data is loaded; pages then carry a "demo data" banner.
    var hasDemoData: Bool {
        get { storage[DemoKey.self] ?? false }
        set { storage[DemoKey.self] = newValue }
    }
}

extension Request {
    var services: AppServices { application.services }

    /// Runs `work` in one database transaction: the change and its audit line are written together or not at all.
    /// Copies the request reads afterwards are checked against the versions as they are after it.
    func transaction<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        defer { forgetTableVersions() }
        return try await services.writeTransaction(on: services.writerDatabase.map { db($0) } ?? db, work)
    }
}

extension Application {
    /// A write transaction outside a request (timers, commands), queued behind the others on SQLite like
    /// `Request.transaction`: an unqueued writer would make a queued one fail with "database is locked".
    func writeTransaction<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        try await services.writeTransaction(on: services.writerDatabase.map { db($0) } ?? db, work)
    }
}

extension AppServices {
    func writeTransaction<T: Sendable>(
        on db: any Database,
        _ work: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let writeGate else { return try await db.transaction { db in try await work(db) } }
        return try await writeGate.run { try await db.transaction { db in try await work(db) } }
    }
}

extension Request {
    private struct CatalogKey: StorageKey { typealias Value = FeedbackCatalog }

    /// The report categories and routing rules, read once per request.
    func feedbackCatalog() async throws -> FeedbackCatalog {
        if let cached = storage[CatalogKey.self] { return cached }
        let version = try await tableVersions().feedbackCatalog
        let catalog = try await services.feedbackCatalogCache.catalog(version: version, on: readDB)
        storage[CatalogKey.self] = catalog
        return catalog
    }

    /// The feedback service reading from the request's database (`readDB`), sharing the request's catalogue: a
    /// report's POST reads the catalogue version once, not once to file and again to answer; its commune and
    /// province come from the units' copies (`CachedUnits`). It only prepares reports; they are stored through a
    /// transaction's handle (`AppServices.feedback(on:like:)`).
    func feedbackService() async throws -> FeedbackService {
        let db = readDB
        let units = CachedUnits(
            base: services.units(on: db),
            copies: services.unitCopies,
            version: try await tableVersions().units
        )
        return try await services.feedback(on: db, catalog: feedbackCatalog(), units: units)
    }
}
