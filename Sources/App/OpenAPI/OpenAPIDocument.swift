import Foundation
import Vapor

/// The OpenAPI 3.1 document of the JSON API (`/api/v1`, Open311 GeoReport v2, the CKAN Action API and the LGSP
/// data-sharing gateway), served at `/openapi.json`. Built from `ApiCatalogue.operations`; request and response
/// schemas come from the Swift types by reflection.
enum OpenAPIDocument {
    static func build(_ operations: [ApiOperation] = ApiCatalogue.operations) throws -> JSONValue {
        var paths: [String: [String: JSONValue]] = [:]
        for operation in operations {
            let method = operation.method.rawValue.lowercased()
            guard paths[operation.path]?[method] == nil else {
                throw Abort(.internalServerError, reason: "\(method) \(operation.path) is described twice")
            }
            do {
                paths[operation.path, default: [:]][method] = try describe(operation)
            } catch {
                throw Abort(.internalServerError, reason: "\(method) \(operation.path): \(error)")
            }
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "TinhSo API",
                "version": "1",
                "description": """
                The JSON API of TinhSo (Tỉnh Số). Errors under /api/v1 and /lgsp share one envelope: \
                {"error": {code, message, message_vi, details}}. Sign in with POST /api/v1/auth/tokens and \
                send the token as `Authorization: Bearer …`.
                """,
                "license": ["name": "MIT", "identifier": "MIT"],
            ],
            "servers": [["url": "/"]],
            "paths": .object(paths.mapValues { .object($0) }),
            "components": [
                "schemas": ["Error": try SchemaReflection.schema(of: AppErrorMiddleware.Body.self)],
                "securitySchemes": [
                    "bearer": ["type": "http", "scheme": "bearer"],
                    "apiKey": ["type": "apiKey", "in": "header", "name": "X-API-Key"],
                ],
            ],
        ]
    }

    /// The encoded document, built once.
    static let data: Result<Data, any Error> = Result {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(try build())
    }

    static func serve(req: Request) async throws -> Response {
        let data = try data.get()
        return Response(
            status: .ok,
            headers: ["Content-Type": "application/json; charset=utf-8"],
            body: .init(data: data)
        )
    }

    /// `{code}`-style parameter names of a path.
    static func pathParameters(_ path: String) -> [String] {
        path.split(separator: "/").flatMap { segment -> [String] in
            var names: [String] = []
            var rest = Substring(segment)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                names.append(String(rest[rest.index(after: open)..<close]))
                rest = rest[rest.index(after: close)...]
            }
            return names
        }
    }

    private static func describe(_ operation: ApiOperation) throws -> JSONValue {
        var parameters: [JSONValue] = pathParameters(operation.path).map {
            [
                "name": .string($0), "in": "path", "required": true,
                "schema": operation.pathSchemas[$0] ?? ["type": "string", "minLength": 1],
            ]
        }
        parameters += operation.query.map {
            ["name": .string($0.name), "in": "query", "required": .bool($0.required), "schema": $0.schema]
        }
        if operation.idempotent {
            parameters.append([
                "name": .string(Idempotency.header), "in": "header", "required": false,
                "description": "Retrying with the same key returns the first record instead of creating another.",
                "schema": ["type": "string", "pattern": "^[!-~]{1,100}$"],
            ])
        }
        var result: JSONValue = [
            "operationId": .string(operationID(operation)),
            "summary": .string(operation.summary),
            "tags": [.string(operation.tag)],
            "parameters": .array(parameters),
            "security": security(operation.access),
            "responses": try responses(operation),
        ]
        if let body = operation.body {
            result = result.setting("requestBody", ["required": true, "content": try content(body)])
        }
        return result
    }

    private static func operationID(_ operation: ApiOperation) -> String {
        let words = operation.path.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return ([operation.method.rawValue.lowercased()] + words).joined(separator: "_")
    }

    private static func security(_ access: ApiOperation.Access) -> JSONValue {
        switch access {
        case .open: []
        case .token: [["bearer": []]]
        case .apiKey: [["apiKey": []]]
        case .optionalKey: [[:], ["bearer": []], ["apiKey": []]]
        }
    }

    private static func content(_ body: ApiOperation.Body) throws -> JSONValue {
        switch body {
        case .json(let schema): ["application/json": ["schema": try schema.get()]]
        case .multipart(let schema): ["multipart/form-data": ["schema": try schema.get()]]
        case .form(let schema): ["application/x-www-form-urlencoded": ["schema": try schema.get()]]
        case .csvOrJSON(let schema):
            ["application/json": ["schema": try schema.get()], "text/csv": ["schema": ["type": "string"]]]
        case .media(let type): .object([type: ["schema": [:]]])
        }
    }

    private static func responses(_ operation: ApiOperation) throws -> JSONValue {
        let success: JSONValue =
            switch operation.reply {
            case .json(let schema):
                ["description": "Success", "content": ["application/json": ["schema": try schema.get()]]]
            case .csv:
                ["description": "CSV (UTF-8)", "content": ["text/csv": ["schema": ["type": "string"]]]]
            case .jsonOrCSV(let schema):
                [
                    "description": "JSON, or CSV with format=csv",
                    "content": [
                        "application/json": ["schema": try schema.get()], "text/csv": ["schema": ["type": "string"]],
                    ],
                ]
            case .file(let type):
                ["description": "The file", "content": .object([type: ["schema": [:]]])]
            case .empty:
                ["description": "Done"]
            }
        return [
            "2XX": success,
            "default": [
                "description": "An error", "content": .object([operation.errorMediaType: ["schema": operation.errors]]),
            ],
        ]
    }
}
