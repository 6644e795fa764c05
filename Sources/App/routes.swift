import Vapor

/// Every route, grouped by module.
func routes(_ app: Application) throws {
    try app.register(collection: HealthController())
    app.get("openapi.json", use: OpenAPIDocument.serve)

    // Pages: session cookie, CSRF on every form post. Only pages read a session; every other request went through the
    // sessions middleware for nothing (2 % of an API call, issue 11).
    let pages = app.grouped(app.sessions.middleware, SessionsReady(), SessionAuthenticator(), CSRFMiddleware())
    try pages.register(collection: HomeController())
    try pages.register(collection: AuthController())
    try pages.register(collection: UnitPagesController())
    try pages.register(collection: AdminPagesController())
    try pages.register(collection: FeedbackPagesController())
    try pages.register(collection: DossierPagesController())
    try pages.register(collection: IndicatorPagesController())
    try pages.register(collection: DTIPagesController())
    try pages.register(collection: IOCPagesController())
    try pages.register(collection: OpenDataPagesController())
    try pages.register(collection: SharingPagesController())
    try pages.register(collection: DocumentPagesController())
    try pages.register(collection: CommunityPagesController())
    pages.get("admin", "audit", use: AuditController.page)
    pages.get("calendar", ":year", use: CalendarController.page)
    pages.get("admin", "calendar", use: CalendarController.adminPage)
    pages.post("admin", "calendar", use: CalendarController.add)
    pages.get("admin", "feedback", use: FeedbackSettingsController.page)
    pages.post("admin", "feedback", "categories", use: FeedbackSettingsController.postCategory)
    pages.post("admin", "feedback", "rules", use: FeedbackSettingsController.postRule)
    pages.post("admin", "feedback", "rules", "delete", use: FeedbackSettingsController.postDeleteRule)
    pages.get("admin", "feedback", "rules.csv", use: FeedbackSettingsController.exportRules)
    pages.on(
        .POST,
        "admin",
        "feedback",
        "rules.csv",
        body: .collect(maxSize: "1mb"),
        use: FeedbackSettingsController.importRules
    )

    // Open311 GeoReport v2 (public reads; POST with api_key).
    try app.register(collection: Open311Controller())

    // Open data: the CKAN Action API and downloads (no login; a data-sharing key opens shared datasets).
    try app.register(collection: CKANController())
    // Data sharing (LGSP): agencies' systems with API keys, every call checked and logged.
    try app.register(collection: LGSPController())
    app.grouped(GatewayLogMiddleware()).get("du-lieu-mo", "tai-ve", ":file", use: OpenDataDownloads.download)

    // JSON API: bearer tokens only, no cookies (so no CSRF exposure).
    let api = app.grouped("api", "v1").grouped(BearerAuthenticator(), DeclaredAccessMiddleware())
    try api.register(collection: TokenController())
    try api.register(collection: UnitController())
    try api.register(collection: UserController())
    api.get("audit", use: AuditController.api)
    api.get("calendar", ":year", use: CalendarController.api)
    api.get("geo", "route", use: GeoController.route)
    try api.register(collection: FeedbackController())
    try api.register(collection: DossierController())
    try api.register(collection: IndicatorController())
    try api.register(collection: DTIController())
    try api.register(collection: IOCController())
    try api.register(collection: SharingController())
    try api.register(collection: DocumentController())
    try api.register(collection: SignatureController())
    try api.register(collection: AddressController())
    try api.register(collection: TeamController())
    try api.register(collection: AssistantController())
    try api.register(collection: OpenDataController())
    api.post("calendar", "decrees", use: CalendarController.add)
    api.put("feedback", "categories", ":code", use: FeedbackSettingsController.putCategory)
    api.get("feedback", "routing-rules", use: FeedbackSettingsController.rules)
    api.put("feedback", "routing-rules", use: FeedbackSettingsController.putRule)
    api.delete("feedback", "routing-rules", ":category", ":scope", use: FeedbackSettingsController.deleteRule)
}
