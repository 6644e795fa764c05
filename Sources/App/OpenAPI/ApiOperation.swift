import Foundation
import Vapor

/// One operation of the JSON API as the OpenAPI document describes it. Paths use OpenAPI's `{name}`; a described
/// path must match a registered route and every API route must be described (`OpenAPITests`).
struct ApiOperation: Sendable {
    /// Who may call it.
    enum Access: Sendable {
        /// Anyone.
        case open
        /// A bearer token from `POST /api/v1/auth/tokens`.
        case token
        /// Anyone; a token or data-sharing key shows more.
        case optionalKey
        /// A data-sharing (LGSP) API key.
        case apiKey
    }

    /// A schema, or why reflection could not find it (the document then fails to build and the test says where).
    typealias SchemaSource = Result<JSONValue, any Error>

    enum Body: Sendable {
        case json(SchemaSource)
        case multipart(SchemaSource)
        /// CSV text, or JSON described by the schema.
        case csvOrJSON(SchemaSource)
        /// `application/x-www-form-urlencoded`.
        case form(SchemaSource)
        case media(String)
    }

    enum Reply: Sendable {
        case json(SchemaSource)
        case csv
        /// JSON, or CSV with `format=csv`.
        case jsonOrCSV(SchemaSource)
        /// A file of the given media type (`*/*` when it is whatever was uploaded).
        case file(String)
        case empty
    }

    struct Parameter: Sendable {
        let name: String
        let schema: JSONValue
        var required = false
    }

    let method: HTTPMethod
    let path: String
    let summary: String
    var tag = ""
    var access = Access.token
    var query: [Parameter] = []
    var body: Body?
    var reply: Reply
    /// The error body's schema (the API envelope unless Open311 or CKAN say otherwise).
    var errors: JSONValue = ApiOperation.errorReference
    var errorMediaType = "application/json"
    /// Takes an `Idempotency-Key` header.
    var idempotent = false
    /// Path parameters narrower than "any text" (CKAN's action names).
    var pathSchemas: [String: JSONValue] = [:]

    static let errorReference: JSONValue = ["$ref": "#/components/schemas/Error"]

    /// The schema of a `Decodable` type, found by reflection.
    static func of<T: Decodable>(_ type: T.Type) -> SchemaSource { Result { try SchemaReflection.schema(of: type) } }
    /// A fixed schema.
    static func schema(_ value: JSONValue) -> SchemaSource { .success(value) }

    static func get(_ path: String, _ summary: String, query: [Parameter] = [], reply: Reply) -> ApiOperation {
        ApiOperation(method: .GET, path: path, summary: summary, query: query, reply: reply)
    }

    static func post(
        _ path: String,
        _ summary: String,
        query: [Parameter] = [],
        body: Body?,
        reply: Reply
    ) -> ApiOperation {
        ApiOperation(method: .POST, path: path, summary: summary, query: query, body: body, reply: reply)
    }

    static func put(_ path: String, _ summary: String, body: Body, reply: Reply) -> ApiOperation {
        ApiOperation(method: .PUT, path: path, summary: summary, body: body, reply: reply)
    }

    static func delete(_ path: String, _ summary: String, query: [Parameter] = []) -> ApiOperation {
        ApiOperation(method: .DELETE, path: path, summary: summary, query: query, reply: .empty)
    }

    func access(_ access: Access) -> ApiOperation {
        var copy = self
        copy.access = access
        return copy
    }

    func errorSchema(_ schema: JSONValue) -> ApiOperation {
        var copy = self
        copy.errors = schema
        return copy
    }

    /// Open311's XML resources answer errors in XML.
    func xmlErrors() -> ApiOperation {
        var copy = self
        copy.errorMediaType = "text/xml"
        return copy
    }

    func pathSchema(_ name: String, _ schema: JSONValue) -> ApiOperation {
        var copy = self
        copy.pathSchemas[name] = schema
        return copy
    }

    func idempotencyKey() -> ApiOperation {
        var copy = self
        copy.idempotent = true
        return copy
    }
}

extension ApiOperation.Parameter {
    /// Text. An empty optional parameter counts as not given; a required one must have a character.
    static func string(_ name: String, required: Bool = false) -> Self {
        Self(
            name: name,
            schema: required ? ["type": "string", "minLength": 1] : ["type": "string"],
            required: required
        )
    }

    static func integer(_ name: String, minimum: Int? = nil, maximum: Int? = nil, required: Bool = false) -> Self {
        var schema: JSONValue = ["type": "integer"]
        if let minimum { schema = schema.setting("minimum", .integer(minimum)) }
        if let maximum { schema = schema.setting("maximum", .integer(maximum)) }
        return Self(name: name, schema: schema, required: required)
    }

    /// A number the server clamps into a range rather than refusing.
    static func clamped(_ name: String, _ range: String, integer: Bool = true) -> Self {
        Self(
            name: name,
            schema: ["description": .string("\(integer ? "an integer" : "a number"), clamped to \(range)")]
        )
    }

    static func number(_ name: String, minimum: Double, maximum: Double, required: Bool = false) -> Self {
        Self(
            name: name,
            schema: ["type": "number", "minimum": .number(minimum), "maximum": .number(maximum)],
            required: required
        )
    }

    /// One of `values` (an optional parameter may also be empty, which counts as not given).
    static func choice(_ name: String, _ values: [String], required: Bool = false) -> Self {
        let allowed = required ? values : values + [""]
        return Self(
            name: name,
            schema: ["type": "string", "enum": .array(allowed.map(JSONValue.string))],
            required: required
        )
    }

    static func date(_ name: String, required: Bool = false) -> Self {
        Self(name: name, schema: ["type": "string", "format": "date"], required: required)
    }

    /// `?format=csv` on a JSON list (anything else is JSON).
    static let csvFormat = Self(
        name: "format",
        schema: ["type": "string", "description": "csv for CSV; JSON otherwise"]
    )
    /// Page size and start; out-of-range values are clamped (limit to 1…1000, offset to 0…), not refused.
    /// A value that is not an integer counts as not given.
    static let limit = Self(name: "limit", schema: ["description": "an integer, clamped to 1…1000"])
    static let offset = Self(name: "offset", schema: ["description": "an integer; negative counts as 0"])
    /// A unit code (province `38`, commune `14797`).
    static let unit = string("unit")
}
