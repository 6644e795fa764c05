import Core
import Foundation

/// Open311 GeoReport v2, the CKAN Action API and the LGSP gateway: the peers' shapes, not ours.
extension ApiCatalogue {
    /// Open311 answers errors as a list of `{code, description}`.
    static let open311Errors: JSONValue = [
        "type": "array",
        "items": [
            "type": "object", "required": ["code", "description"],
            "properties": ["code": ["type": "integer"], "description": ["type": "string"]],
        ],
    ]

    static let open311: [Op] = open311Described.map {
        $0.access(.open).errorSchema($0.errorMediaType == "text/xml" ? [:] : open311Errors)
    }

    private static let open311Described: [Op] = [
        .get("/open311/v2/discovery.json", "Open311 discovery", reply: .json(anyJSON)),
        .get(
            "/open311/v2/services.json",
            "Open311 services (report categories)",
            reply: .json(Op.schema(["type": "array"]))
        ),
        .get("/open311/v2/services/{service_code}.json", "Open311 service definition", reply: .json(anyJSON)),
        .get(
            "/open311/v2/service/{service_code}.json",
            "Open311 service definition (the old client's path)",
            reply: .json(anyJSON)
        ),
        .get(
            "/open311/v2/requests.json",
            "Open311 service requests",
            query: [
                .string("service_request_id"), .string("service_code"),
                Param(name: "status", schema: ["type": "string", "pattern": "^((open|closed)(,(open|closed))*)?$"]),
                .string("start_date"), .string("end_date"),
                Param(
                    name: "page_size",
                    schema: ["type": "integer", "minimum": 1, "description": "at most 1000 rows are returned"]
                ), .integer("page", minimum: 1),
            ],
            reply: .json(Op.schema(["type": "array"]))
        ),
        .post(
            "/open311/v2/requests.json",
            "Open311: report a problem (api_key: a citizen's API token)",
            query: [.string("api_key")],
            body: .form(of(Open311Controller.PostForm.self)),
            reply: .json(Op.schema(["type": "array"]))
        ),
        .get(
            "/open311/v2/requests.xml",
            "Open311 service requests in XML",
            query: [.string("service_code"), .string("status")],
            reply: .file("text/xml")
        ).xmlErrors(),
        .post(
            "/open311/v2/requests.xml",
            "Open311: report a problem, answered in XML",
            query: [.string("api_key")],
            body: .form(of(Open311Controller.PostForm.self)),
            reply: .file("text/xml")
        ).xmlErrors(),
        .get(
            "/open311/v2/requests/{service_request_id}.json",
            "Open311 service request",
            reply: .json(Op.schema(["type": "array"]))
        ),
        .get(
            "/open311/v2/tokens/{token_id}.json",
            "Open311 token to request id",
            reply: .json(Op.schema(["type": "array"]))
        ),
    ]

    static let ckanErrors: JSONValue = [
        "type": "object", "required": ["success", "error"],
        "properties": [
            "success": ["const": false], "help": ["type": "string"],
            "error": [
                "type": "object", "required": ["message"],
                "properties": ["message": ["type": "string"], "__type": ["type": "string"]],
            ],
        ],
    ]

    static let ckanResult: JSONValue = [
        "type": "object", "required": ["success", "result"],
        "properties": ["success": ["const": true], "help": ["type": "string"], "result": [:]],
    ]

    static let ckan: [Op] = ["/api/3/action/{action}", "/api/action/{action}"].flatMap { path -> [Op] in
        let actions: JSONValue = ["type": "string", "enum": .array(CKANController.actions.map(JSONValue.string))]
        let query: [Param] = [
            .string("id"), .string("q"), .string("fq"), .integer("rows", minimum: 0), .integer("start", minimum: 0),
            .string("resource_id"), .integer("limit", minimum: 0), .integer("offset", minimum: 0), .string("name"),
        ]
        let described: [Op] = [
            .get(path, "CKAN action (GET, query parameters)", query: query, reply: .json(Op.schema(ckanResult))),
            .post(
                path,
                "CKAN action (POST, JSON body)",
                body: .json(Op.schema(["type": "object"])),
                reply: .json(Op.schema(ckanResult))
            ),
        ]
        return described.map { $0.access(.optionalKey).errorSchema(ckanErrors).pathSchema("action", actions) }
    }

    static let lgsp: [Op] = lgspDescribed.map { $0.access(.apiKey) }

    private static let lgspDescribed: [Op] = [
        .get("/lgsp/v1/catalogue", "Datasets this key may read", reply: .json(list(LGSPController.CatalogueItem.self))),
        .get(
            "/lgsp/v1/datasets/{name}",
            "A shared dataset's rows",
            query: [.limit, .offset],
            reply: .json(of(LGSPController.Rows.self))
        ),
        .get(
            "/lgsp/v1/dossiers/{code}",
            "A dossier's state, for another agency's system",
            reply: .json(of(LGSPController.DossierState.self))
        ),
        .get(
            "/lgsp/v1/events",
            "Events since a cursor",
            query: [.string("type"), .string("after"), .limit],
            reply: .json(of(LGSPController.Feed.self))
        ),
        .post(
            "/lgsp/v1/subscriptions",
            "Subscribe a webhook",
            body: .json(of(LGSPController.NewSubscription.self)),
            reply: .json(of(LGSPController.CreatedSubscription.self))
        ),
        .get("/lgsp/v1/subscriptions", "My webhook subscriptions", reply: .json(list(Webhooks.Subscription.self))),
        .delete("/lgsp/v1/subscriptions/{id}", "Unsubscribe"),
        .get(
            "/lgsp/v1/subscriptions/{id}/deliveries",
            "A subscription's deliveries",
            reply: .json(list(Webhooks.Delivery.self))
        ),
    ]
}
