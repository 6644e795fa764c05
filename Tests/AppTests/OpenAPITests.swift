import Core
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 11: the OpenAPI document describes exactly the API that is registered, and its schemas follow the types.
extension AppTests {
    struct OpenAPITests {
        static let prefixes = ["api", "open311", "lgsp"]

        /// Whether a described path (`/open311/v2/services/{code}.json`) is served by a registered route.
        static func matches(_ described: String, _ route: [PathComponent]) -> Bool {
            let segments = described.split(separator: "/").map(String.init)
            guard segments.count == route.count else { return false }
            return zip(segments, route).allSatisfy { segment, component in
                switch component {
                case .parameter, .anything, .catchall: true
                case .constant(let text): text == segment
                }
            }
        }

        @Test("Every API route is described, every described operation is a route, none twice")
        func coverage() async throws {
            try await withTestApp { app in
                let routes = app.routes.all.filter {
                    guard case .constant(let first) = $0.path.first else { return false }
                    return Self.prefixes.contains(first)
                }
                #expect(routes.count > 140)
                let operations = ApiCatalogue.operations
                for route in routes {
                    let described = operations.contains {
                        $0.method == route.method && Self.matches($0.path, route.path)
                    }
                    #expect(described, "\(route.method) /\(route.path.string) is not in the OpenAPI document")
                }
                for operation in operations {
                    let served = routes.contains {
                        $0.method == operation.method && Self.matches(operation.path, $0.path)
                    }
                    #expect(served, "\(operation.method) \(operation.path) is described but not a route")
                }
                let keys = operations.map { "\($0.method) \($0.path)" }
                #expect(Set(keys).count == keys.count)
            }
        }

        @Test("/openapi.json is OpenAPI 3.1: every operation has its path parameters, responses and a security")
        func document() async throws {
            try await withTestApp { app in
                let response = try await app.testing().sendRequest(.GET, "/openapi.json")
                #expect(response.status == .ok, "\(response.body.string)")
                #expect(response.headers.contentType?.subType == "json")
                let object = try #require(
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                )
                #expect(object["openapi"] as? String == "3.1.0")
                let paths = try #require(object["paths"] as? [String: [String: Any]])
                #expect(paths.values.map(\.count).reduce(0, +) == ApiCatalogue.operations.count)
                for (path, methods) in paths {
                    let names = OpenAPIDocument.pathParameters(path)
                    for (method, raw) in methods {
                        let operation = try #require(raw as? [String: Any])
                        let parameters = operation["parameters"] as? [[String: Any]] ?? []
                        let inPath = parameters.filter { $0["in"] as? String == "path" }.compactMap {
                            $0["name"] as? String
                        }
                        #expect(inPath == names, "\(method) \(path)")
                        let responses = try #require(operation["responses"] as? [String: Any])
                        #expect(responses["2XX"] != nil && responses["default"] != nil, "\(method) \(path)")
                        #expect(operation["security"] is [Any], "\(method) \(path)")
                    }
                }
                let error = try #require((object["components"] as? [String: Any])?["schemas"] as? [String: Any])
                #expect(error["Error"] != nil)
            }
        }

        @Test("Schemas come from the types: required and optional keys, enumerations, nested lists, dictionaries")
        func reflection() throws {
            let schema = try SchemaReflection.schema(of: NewFeedbackDTO.self).members
            #expect(schema["type"] == "object")
            let required = schema["required"] ?? []
            #expect(required == .array(["category", "description"].map(JSONValue.string)))
            let error = try SchemaReflection.schema(of: AppErrorMiddleware.Body.self)
            let inner = error.members["properties"]?.members["error"]?.members
            #expect(inner?["properties"]?.members["message_vi"] == ["type": "string"])
            #expect(inner?["properties"]?.members["details"]?.members["type"] == "array")
            let map = try SchemaReflection.schema(of: [String: Int].self)
            #expect(map == ["type": "object", "additionalProperties": ["type": "integer"]])
            let state = try SchemaReflection.schema(of: DossierStatus.self).members
            #expect(state["enum"].map { if case .array(let values) = $0 { values.count } else { 0 } } ?? 0 > 5)
        }

        @Test("What the fuzzer found stays fixed: empty multipart, sign-in before input, Open311 POST only on requests")
        func fuzzerFindings() async throws {
            try await withTestApp { app in
                let (token, _, _) = try await DossierApiTests().setUp(app)
                // An empty multipart body was a 500.
                let empty = try await app.testing().sendRequest(.POST, "/api/v1/dti/evidence") { req in
                    req.headers.bearerAuthorization = .init(token: token)
                    req.headers.contentType = HTTPMediaType(
                        type: "multipart",
                        subType: "form-data",
                        parameters: ["boundary": "b"]
                    )
                    req.body = ByteBuffer(string: "--b--\r\n")
                }
                #expect(empty.status == .badRequest)
                #expect(try empty.content.get(String.self, at: "error", "code") == "invalid_multipart")
                // Without a token the answer is 401, whatever the body or the record.
                for (method, path) in [
                    (HTTPMethod.POST, "/api/v1/security/systems"), (.DELETE, "/api/v1/security/systems/\(UUID())"),
                    (.POST, "/api/v1/sharing/clients"), (.PUT, "/api/v1/feedback/categories/x"),
                    (.POST, "/api/v1/documents/\(UUID())/actions/nope"),
                ] {
                    let response = try await app.testing().sendRequest(method, path) { req in
                        try req.content.encode(["name": ""])
                    }
                    #expect(response.status == .unauthorized, "\(method) \(path)")
                }
                // Only requests take a POST in Open311.
                let post = try await app.testing().sendRequest(.POST, "/open311/v2/discovery.json")
                #expect(post.status == .methodNotAllowed && post.headers.first(name: .allow) == "GET")
                let noBody = try await app.testing().sendRequest(.POST, "/open311/v2/requests.json?api_key=x")
                #expect(noBody.status == .badRequest && noBody.body.string.hasPrefix("[{\"code\":400"))
            }
        }
    }
}
