import Core
import Foundation

/// Every operation of the JSON API, by module. Adding a route without describing it here fails `OpenAPITests`.
enum ApiCatalogue {
    static let operations: [ApiOperation] =
        tagged("Accounts", accounts) + tagged("Units", units) + tagged("Calendar", calendar)
        + tagged("Feedback", feedback) + tagged("Dossiers", dossiers) + tagged("Indicators", indicators)
        + tagged("DTI", dti) + tagged("IOC", ioc) + tagged("Sharing", sharing) + tagged("Documents", documents)
        + tagged("Signatures", signatures) + tagged("Community", community) + tagged("Open data", openData)
        + tagged("Open311", open311) + tagged("CKAN", ckan) + tagged("LGSP", lgsp)

    private static func tagged(_ tag: String, _ operations: [ApiOperation]) -> [ApiOperation] {
        operations.map {
            var operation = $0
            operation.tag = tag
            return operation
        }
    }

    typealias Op = ApiOperation
    typealias Param = ApiOperation.Parameter

    static func of<T: Decodable>(_ type: T.Type) -> Op.SchemaSource { Op.of(type) }
    static func list<T: Decodable>(_ type: T.Type) -> Op.SchemaSource { Op.of([T].self) }
    static let anyJSON = Op.schema([:])

    static let accounts: [Op] = [
        .post(
            "/api/v1/auth/tokens",
            "Sign in: a bearer token for a username and password",
            body: .json(of(TokenController.Credentials.self)),
            reply: .json(anyJSON)
        ).access(.open),
        .delete("/api/v1/auth/tokens/{id}", "Revoke one of my tokens (`current`: the one in use)"),
        .get("/api/v1/me", "Who I am, with my role grants", reply: .json(of(TokenController.Me.self))),
        .get(
            "/api/v1/users",
            "Users (system and province administrators)",
            query: [.limit, .offset, .string("q")],
            reply: .json(of(PageDTO<UserDTO>.self))
        ),
        .post("/api/v1/users", "Create a user", body: .json(of(NewUserDTO.self)), reply: .json(of(UserDTO.self))),
        .get("/api/v1/users/{id}", "A user", reply: .json(of(UserDTO.self))),
        .post(
            "/api/v1/users/{id}/grants",
            "Grant a role on a unit",
            body: .json(of(NewGrantDTO.self)),
            reply: .json(of(GrantDTO.self))
        ),
        .delete("/api/v1/users/{id}/grants/{grantID}", "Revoke a role grant"),
        .get(
            "/api/v1/audit",
            "The audit log of my units",
            query: [.unit, .limit, .offset, .string("entity"), .string("action")],
            reply: .json(anyJSON)
        ),
    ]

    static let units: [Op] = [
        .get(
            "/api/v1/units",
            "Administrative units, searchable",
            query: [
                .string("q"), .choice("tree", AdminTree.allCases.map(\.rawValue)),
                .choice("tier", UnitTier.allCases.map(\.rawValue)), .limit, .offset,
            ],
            reply: .json(of(PageDTO<UnitDTO>.self))
        ).access(.open),
        .get("/api/v1/units/{tree}/{code}", "One unit", reply: .json(of(UnitDTO.self))).access(.open),
        .get("/api/v1/units/{tree}/{code}/children", "A unit's children", reply: .json(list(UnitDTO.self))).access(
            .open
        ),
        .post(
            "/api/v1/units/{tree}/{code}/agencies",
            "Add an agency (sở, ban, ngành) under a unit",
            body: .json(of(NewAgencyDTO.self)),
            reply: .json(of(UnitDTO.self))
        ),
        .get(
            "/api/v1/geo/route",
            "The 2025 commune (and province) at a position",
            query: [
                .number("lat", minimum: -90, maximum: 90, required: true),
                .number("lon", minimum: -180, maximum: 180, required: true),
            ],
            reply: .json(anyJSON)
        ).access(.open),
    ]

    static let calendar: [Op] = [
        .get(
            "/api/v1/calendar/{year}",
            "A year's working days, holidays, compensation days and lunar dates",
            reply: .json(of(CalendarYearDTO.self))
        ).access(.open),
        .post(
            "/api/v1/calendar/decrees",
            "Record a decreed day swap or extra holiday",
            body: .json(of(CalendarController.DecreeForm.self)),
            reply: .empty
        ),
    ]

    static let feedback: [Op] = [
        .post(
            "/api/v1/feedback",
            "Report a problem (phản ánh, kiến nghị) at a position",
            body: .json(of(NewFeedbackDTO.self)),
            reply: .json(of(FeedbackController.Submitted.self))
        ).idempotencyKey(),
        .post(
            "/api/v1/feedback/{code}/photos",
            "Add a photo (JPEG or PNG, up to 10 MB) to my report",
            body: .multipart(of(FeedbackController.PhotoUpload.self)),
            reply: .json(anyJSON)
        ),
        .get(
            "/api/v1/feedback",
            "Reports in my units",
            query: [.string("status"), .limit, .offset],
            reply: .json(of(PageDTO<FeedbackDTO>.self))
        ),
        .get(
            "/api/v1/feedback/categories",
            "Report categories",
            query: [.string("province")],
            reply: .json(list(FeedbackCategory.self))
        ).access(.open),
        .get(
            "/api/v1/feedback/{code}",
            "A report (officials see all of it, others the public view)",
            reply: .json(anyJSON)
        ).access(.optionalKey),
        .post(
            "/api/v1/feedback/{code}/actions",
            "Act on a report (accept, assign, answer, escalate, …)",
            body: .json(of(FeedbackActionDTO.self)),
            reply: .json(of(FeedbackDTO.self))
        ),
        .post(
            "/api/v1/feedback/{code}/rating",
            "The reporter rates the answer",
            body: .json(of(FeedbackController.Rating.self)),
            reply: .json(of(PublicFeedback.self))
        ),
        .get(
            "/api/v1/public/feedback",
            "Published reports and their answers",
            query: [.limit, .offset, .string("province"), .string("commune")],
            reply: .json(of(PageDTO<PublicFeedback>.self))
        ).access(.open),
        .put(
            "/api/v1/feedback/categories/{code}",
            "Create or change a category",
            body: .json(of(FeedbackSettingsController.CategoryInput.self)),
            reply: .json(of(FeedbackCategory.self))
        ),
        .get(
            "/api/v1/feedback/routing-rules",
            "Routing rules: which agency handles a category where",
            reply: .json(list(FeedbackRouting.Rule.self))
        ).access(.open),
        .put(
            "/api/v1/feedback/routing-rules",
            "Set a routing rule",
            body: .json(of(FeedbackSettingsController.RuleInput.self)),
            reply: .json(of(FeedbackRouting.Rule.self))
        ),
        .delete("/api/v1/feedback/routing-rules/{category}/{scope}", "Remove a routing rule"),
    ]

    static let dossiers: [Op] = [
        .get(
            "/api/v1/procedures",
            "The procedure catalogue",
            query: [.string("sector"), .csvFormat],
            reply: .jsonOrCSV(list(Procedure.self))
        ).access(.open),
        .get("/api/v1/procedures/{code}", "One procedure", reply: .json(of(Procedure.self))).access(.open),
        .put(
            "/api/v1/procedures",
            "Import procedures (JSON list or CSV)",
            body: .csvOrJSON(list(Procedure.self)),
            reply: .json(list(Procedure.self))
        ),
        .post(
            "/api/v1/dossiers",
            "File a dossier at a one-stop desk",
            body: .json(of(NewDossierDTO.self)),
            reply: .json(of(DossierDTO.self))
        ).idempotencyKey(),
        .get("/api/v1/dossiers/{code}", "A dossier", reply: .json(of(DossierDTO.self))),
        .post(
            "/api/v1/dossiers/{code}/actions",
            "Move a dossier through its states",
            body: .json(of(DossierActionDTO.self)),
            reply: .json(of(DossierDTO.self))
        ),
        .post(
            "/api/v1/dossiers/{code}/extension",
            "Extend a dossier's deadline (with the apology letter)",
            body: .json(of(ExtensionDTO.self)),
            reply: .json(of(DossierDTO.self))
        ),
        .post(
            "/api/v1/dossiers/{code}/result",
            "Attach the result document",
            body: .multipart(of(DossierController.ResultUpload.self)),
            reply: .json(of(DossierDTO.self))
        ),
        .get("/api/v1/dossiers/{code}/result", "Download the result document", reply: .file("application/pdf")),
        .post(
            "/api/v1/dossiers/{code}/rating",
            "The applicant rates the service",
            body: .json(of(DossierController.RatingDTO.self)),
            reply: .json(of(DossierDTO.self))
        ),
        .post(
            "/api/v1/dossiers/{code}/delivery",
            "Record postal return of the result",
            body: .json(of(DossierController.DeliveryDTO.self)),
            reply: .json(of(DossierDTO.self))
        ),
        .get(
            "/api/v1/public/dossiers/{code}",
            "Track a dossier by code and the applicant's phone",
            query: [.string("phone", required: true)],
            reply: .json(of(PublicDossierDTO.self))
        ).access(.open),
        .get(
            "/api/v1/indicators/766",
            "The 766 service-quality index of a unit",
            query: [.unit, .string("period")],
            reply: .json(of(Index766DTO.self))
        ).access(.open),
    ]
}
