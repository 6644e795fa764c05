import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 11: the app routes on the path as it arrived (`AppResponder`, `RawPath`) and must answer as Vapor would.
extension AppTests {
    struct RoutingTests {
        @Test("The raw path splits as Vapor's URI.path does, and gives way to it on a '%'")
        func rawPathMatchesVapor() {
            // False would mean this Vapor lays `URI` out differently: every request would then take Vapor's slower
            // path, silently. Fail here instead.
            #expect(RawPath.available)
            let uris = [
                "/", "/healthz", "/healthz/", "//api//v1/units/", "/api/v1/public/dossiers/00038-261207-0001?phone=09",
                "/a;b/c", "/bản-đồ/phản-ánh", "/x?y=/z#w",
            ]
            for string in uris {
                let uri = URI(string: string)
                let vapor = uri.path.split(separator: "/").map(String.init)
                // URI(string:) escapes what a path may not hold as it is, so those paths are Vapor's to decode.
                let expected = uri.path.contains("%") ? nil : vapor
                #expect(RawPath.components(of: uri) == expected, "\(string)")
            }
            #expect(RawPath.components(of: URI(string: "/api/v1/calendar/%32%30%32%36")) == nil)
            #expect(RawPath.components(of: URI(string: "/a%3Bb")) == nil)
        }

        @Test("Routes, parameters, HEAD, 404 and 405 answer as through Vapor's own responder")
        func answersAsVapor() async throws {
            try await withTestApp { app in
                let plain = try await app.testing().sendRequest(.GET, "/api/v1/calendar/2026")
                #expect(plain.status == .ok)
                // An escaped parameter goes through Vapor's responder, which decodes it.
                let escaped = try await app.testing().sendRequest(.GET, "/api/v1/calendar/%32%30%32%36")
                #expect(escaped.status == .ok && Self.sameJSON(escaped, plain))
                let slashes = try await app.testing().sendRequest(.GET, "//api/v1//calendar/2026/")
                #expect(slashes.status == .ok && Self.sameJSON(slashes, plain))
                // HEAD takes the GET route; the middleware still run around it (security headers).
                let head = try await app.testing().sendRequest(.HEAD, "/healthz")
                #expect(head.status == .ok && head.headers.first(name: "X-Content-Type-Options") == "nosniff")
                let put = try await app.testing().sendRequest(.PUT, "/api/v1/calendar/2026")
                #expect(put.status == .methodNotAllowed && put.headers.first(name: .allow) == "GET")
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/calendar").status == .notFound)
            }
        }

        /// The same JSON value (an object's keys in any order).
        static func sameJSON(_ a: TestingHTTPResponse, _ b: TestingHTTPResponse) -> Bool {
            func value(_ response: TestingHTTPResponse) -> NSObject? {
                try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? NSObject
            }
            guard let first = value(a), let second = value(b) else { return false }
            return first.isEqual(second)
        }
    }
}
