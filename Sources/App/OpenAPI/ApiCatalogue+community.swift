import Core
import Foundation

extension ApiCatalogue {
    static let documents: [Op] = [
        .get(
            "/api/v1/documents",
            "Documents of my units",
            query: [
                .unit, .choice("direction", DocumentDirection.allCases.map(\.rawValue)), .string("state"),
                .string("dossier"),
                .csvFormat, .limit,
            ],
            reply: .jsonOrCSV(list(Document.self))
        ),
        .post(
            "/api/v1/documents",
            "Register a document",
            body: .json(of(DocumentDesk.NewDocument.self)),
            reply: .json(of(Document.self))
        ),
        .get(
            "/api/v1/documents/statistics",
            "Document statistics of a unit",
            query: [.string("unit", required: true), .date("from"), .date("to"), .csvFormat],
            reply: .jsonOrCSV(of(DocumentController.StatisticsView.self))
        ),
        .post(
            "/api/v1/documents/roles",
            "Grant a document role to a user",
            body: .json(of(DocumentController.RoleInput.self)),
            reply: .empty
        ),
        .post(
            "/api/v1/documents/edxml",
            "Receive an edXML package",
            query: [.string("unit", required: true)],
            body: .media("application/xml"),
            reply: .json(of(Document.self))
        ),
        .get(
            "/api/v1/documents/{id}",
            "A document with its files, signatures and history",
            reply: .json(of(DocumentController.DocumentView.self))
        ),
        .post(
            "/api/v1/documents/{id}/actions/{action}",
            "Move a document through its states",
            body: nil,
            reply: .json(of(Document.self))
        ),
        .post(
            "/api/v1/documents/{id}/assign",
            "Assign a document",
            body: .json(of(DocumentDesk.Assign.self)),
            reply: .json(of(Document.self))
        ),
        .post(
            "/api/v1/documents/{id}/notes",
            "Add a note",
            body: .json(of(DocumentController.NoteInput.self)),
            reply: .json(of(Document.self))
        ),
        .post(
            "/api/v1/documents/{id}/files",
            "Attach a file (PDF, up to 20 MB)",
            query: [.string("name")],
            body: .media("application/octet-stream"),
            reply: .json(anyJSON)
        ),
        .get("/api/v1/documents/{id}/files/{file}", "Download a file", reply: .file("application/pdf")),
        .post(
            "/api/v1/documents/{id}/files/{file}/sign",
            "Sign a file with my certificate",
            body: .json(of(DocumentController.SignInput.self)),
            reply: .json(anyJSON)
        ),
        .get(
            "/api/v1/documents/{id}/signatures/{signature}",
            "A detached CMS signature",
            reply: .file("application/pkcs7-signature")
        ),
        .get("/api/v1/documents/{id}/edxml", "A document as an edXML package", reply: .file("application/xml")),
        .get("/api/v1/inbox", "My work across modules", reply: .json(list(InboxItem.self))),
    ]

    static let signatures: [Op] = [
        .get(
            "/api/v1/signatures/certificates",
            "Certificates",
            reply: .json(list(SignatureController.CertificateDTO.self))
        ),
        .post(
            "/api/v1/signatures/certificates",
            "Issue a certificate from the province CA",
            body: .json(of(SignatureController.IssueInput.self)),
            reply: .json(of(SignatureController.CertificateDTO.self))
        ),
        .post(
            "/api/v1/signatures/certificates/import",
            "Import a certificate",
            body: .json(of(SignatureController.ImportInput.self)),
            reply: .json(of(SignatureController.CertificateDTO.self))
        ),
        .post(
            "/api/v1/signatures/certificates/{id}/revoke",
            "Revoke a certificate",
            body: nil,
            reply: .json(of(SignatureController.CertificateDTO.self))
        ),
        .post(
            "/api/v1/signatures/trust",
            "Trust CA certificates (PEM)",
            body: .json(of(SignatureController.PEMInput.self)),
            reply: .json(list(SignatureController.CertificateDTO.self))
        ),
        .post(
            "/api/v1/signatures/crl",
            "Load a certificate revocation list",
            body: .json(of(SignatureController.PEMInput.self)),
            reply: .empty
        ),
        .post(
            "/api/v1/signatures/ca",
            "Create the province CA",
            body: .json(of(SignatureController.CAInput.self)),
            reply: .json(of(SignatureController.CertificateDTO.self))
        ),
    ]

    static let community: [Op] = [
        .get(
            "/api/v1/addresses/geocode",
            "Digital addresses for Vietnamese address text",
            query: [.string("q", required: true), .clamped("limit", "1…20")],
            reply: .json(of(AddressController.GeocodeAnswer.self))
        ).access(.open),
        .get(
            "/api/v1/addresses/reverse",
            "The nearest digital addresses to a position",
            query: [
                .number("lat", minimum: -90, maximum: 90, required: true),
                .number("lon", minimum: -180, maximum: 180, required: true), .clamped("k", "1…50"),
                .clamped("radius", "1…5000 m", integer: false),
            ],
            reply: .json(list(AddressDTO.self))
        ).access(.open),
        .get(
            "/api/v1/addresses",
            "A commune's digital addresses",
            query: [.string("commune", required: true)],
            reply: .json(list(AddressDTO.self))
        ).access(.open),
        .get(
            "/api/v1/addresses/export.csv",
            "A commune's digital addresses as CSV",
            query: [.string("commune", required: true)],
            reply: .csv
        ).access(.open),
        .get("/api/v1/addresses/{code}", "One digital address", reply: .json(of(AddressDTO.self))).access(.open),
        .post(
            "/api/v1/addresses/import",
            "Import digital addresses (CSV or GeoJSON, all or nothing)",
            query: [.choice("format", ["csv", "geojson"])],
            body: .media("text/csv"),
            reply: .json(of(AddressController.ImportAnswer.self))
        ),
        .get(
            "/api/v1/teams",
            "Community digital-technology teams of a unit",
            query: [.string("unit", required: true)],
            reply: .json(list(TeamDTO.self))
        ).access(.open),
        .get(
            "/api/v1/teams/coverage",
            "Team coverage of a unit",
            query: [.string("unit", required: true)],
            reply: .json(of(CoverageDTO.self))
        ).access(.open),
        .get(
            "/api/v1/teams/export.csv",
            "Teams of a unit as CSV",
            query: [.string("unit", required: true)],
            reply: .csv
        ).access(.open),
        .post(
            "/api/v1/teams",
            "Found a team",
            body: .json(of(TeamController.NewTeam.self)),
            reply: .json(of(TeamDTO.self))
        ),
        .post(
            "/api/v1/teams/{id}/members",
            "Add a member",
            body: .json(of(TeamController.NewMember.self)),
            reply: .json(of(TeamDTO.self))
        ),
        .post(
            "/api/v1/teams/{id}/activities",
            "Log an activity",
            body: .json(of(TeamController.NewActivity.self)),
            reply: .json(of(TeamDTO.self))
        ),
        .get(
            "/api/v1/assistant",
            "Ask the virtual assistant",
            query: [.string("q", required: true)],
            reply: .json(of(AssistantAnswerDTO.self))
        ).access(.open),
        .get("/api/v1/assistant/synonyms", "The assistant's synonyms", reply: .json(list(SynonymDTO.self))).access(
            .open
        ),
        .post(
            "/api/v1/assistant/synonyms",
            "Add a synonym",
            body: .json(of(SynonymDTO.self)),
            reply: .json(list(SynonymDTO.self))
        ),
        .post(
            "/api/v1/assistant/synonyms/delete",
            "Remove a synonym",
            body: .json(of(SynonymDTO.self)),
            reply: .json(list(SynonymDTO.self))
        ),
        .get(
            "/api/v1/assistant/classify",
            "Suggested category and agency for a report's text",
            query: [.string("text", required: true)],
            reply: .json(of(AssistantController.Suggestions.self))
        ),
    ]

    static let openData: [Op] = [
        .get("/api/v1/opendata/settings", "Open-data settings", reply: .json(of(OpenDataController.SettingsDTO.self))),
        .put(
            "/api/v1/opendata/settings",
            "Change the open-data settings",
            body: .json(of(OpenDataController.SettingsDTO.self)),
            reply: .json(of(OpenDataController.SettingsDTO.self))
        ),
        .post(
            "/api/v1/opendata/publish",
            "Publish the open datasets now",
            body: nil,
            reply: .json(of(OpenDataPublisher.Summary.self))
        ),
        .post(
            "/api/v1/opendata/datasets/{name}/review",
            "Approve or hold a dataset",
            body: .json(anyJSON),
            reply: .empty
        ),
    ]
}
