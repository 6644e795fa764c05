import Core
import Fluent
import Foundation
import Prometheus
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Pages, health and metrics")
    struct WebTests {
        @Test("Pages are Vietnamese, phone-sized, self-hosted and carry security headers")
        func homePage() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let response = try await app.testing().sendRequest(.GET, "/")
                #expect(response.status == .ok)
                let html = response.body.string
                #expect(html.contains("<html lang=\"vi\">"))
                #expect(html.contains("name=\"viewport\""))
                #expect(!html.contains("http://") && !html.contains("https://"))  // no CDN or external asset
                #expect(response.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY")
                // Each once, on pages and API answers alike; one a handler set is replaced, whatever its case.
                let api = try await app.testing().sendRequest(.GET, "/api/v1/units?tier=province")
                for name in ["X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy", "Content-Security-Policy"]
                {
                    #expect(response.headers[name].count == 1 && api.headers[name].count == 1)
                }
                let handled = Response(headers: ["x-frame-options": "SAMEORIGIN", "Content-Type": "text/plain"])
                SecurityHeadersMiddleware.add(to: handled)
                #expect(handled.headers["X-Frame-Options"] == ["DENY"] && handled.headers["Referrer-Policy"].count == 1)
                let css = try await app.testing().sendRequest(.GET, "/css/site.css")
                #expect(css.status == .ok && css.body.string.contains("@media"))
                #expect(css.headers.first(name: "X-Content-Type-Options") == "nosniff")
                // The file middleware sees only paths under the public directory's entries, percent-decoded.
                let escaped = try await app.testing().sendRequest(.GET, "/%63ss/site.css")
                #expect(escaped.status == .ok && escaped.body.string == css.body.string)
                #expect(try await app.testing().sendRequest(.GET, "/css/nothing.css").status == .notFound)
                let traversal = try await app.testing().sendRequest(.GET, "/css/../../Package.swift")
                #expect(traversal.status == .forbidden && !traversal.body.string.contains("PackageDescription"))
                #expect(
                    ["/css/site.css", "//js/a.js", "/", "/api/v1/units"].map(PublicFilesMiddleware.firstSegment)
                        == ["css", "js", "", "api"]
                )
                // The middleware passes matched requests on unlooked-at: no route may lie under a public entry.
                let roots = PublicFilesMiddleware(publicDirectory: app.directory.publicDirectory).roots
                #expect(roots.contains("css") && roots.contains("js"))
                #expect(app.routes.all.allSatisfy { !roots.contains($0.path.first?.description ?? "") })
            }
        }

        @Test("The unit browser lists provinces with vi-VN formatted counts and finds units without diacritics")
        func unitBrowser() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let index = try await app.testing().sendRequest(.GET, "/units")
                #expect(index.body.string.contains("Tỉnh Thanh Hóa"))
                #expect(index.body.string.contains("11.114,9"))  // area, vi-VN decimal
                let search = try await app.testing().sendRequest(.GET, "/units?q=muong%20lat")
                #expect(search.body.string.contains("Xã Mường Lát"))
                #expect(!search.body.string.contains("Phường Hàm Rồng"))
            }
        }

        @Test("An unknown page is a Vietnamese 404 page for browsers")
        func notFoundPage() async throws {
            try await withTestApp { app in
                let response = try await app.testing().sendRequest(.GET, "/khong-co")
                #expect(response.status == .notFound)
                #expect(response.headers.contentType?.subType == "html")
                #expect(response.body.string.contains("Không tìm thấy trang."))
            }
        }

        @Test("healthz, readyz and Prometheus metrics by route")
        func healthAndMetrics() async throws {
            try await withTestApp { app in
                #expect(try await app.testing().sendRequest(.GET, "/healthz").status == .ok)
                let ready = try await app.testing().sendRequest(.GET, "/readyz")
                #expect(ready.status == .ok)
                #expect(try ready.content.get(String.self, at: "database") == "ok")
                _ = try await app.testing().sendRequest(.GET, "/api/v1/units?tier=province")
                let metrics = try await app.testing().sendRequest(.GET, "/metrics").body.string
                #expect(metrics.contains("http_requests_total{method=\"GET\",path=\"/api/v1/units\",status=\"200\"}"))
                #expect(metrics.contains("http_request_duration_seconds"))
                // Counted once per request (by `RouteMetricsMiddleware`, with Vapor's own recording off).
                func healthzCount() async throws -> Int {
                    let prefix = #"http_requests_total{method="GET",path="/healthz",status="200"} "#
                    let text = try await app.testing().sendRequest(.GET, "/metrics").body.string
                    return text.split(separator: "\n").first { $0.hasPrefix(prefix) }
                        .flatMap { Int($0.dropFirst(prefix.count)) } ?? 0
                }
                let counted = try await healthzCount()
                for _ in 0..<3 { _ = try await app.testing().sendRequest(.GET, "/healthz") }
                #expect(try await healthzCount() == counted + 3)
            }
        }

        @Test("Metrics by route: one count per request, 5xx also as errors, unmatched requests under one label")
        func routeMetrics() throws {
            let registry = PrometheusCollectorRegistry()
            let metrics = RouteMetrics(factory: PrometheusMetricsFactory(registry: registry))
            let route = Route(
                method: .GET,
                path: ["api", "v1", "feedback", ":code"],
                responder: BasicResponder { $0.eventLoop.makeSucceededFuture(Response()) },
                requestType: Request.self,
                responseType: Response.self
            )
            for status: UInt in [200, 200, 503] { metrics.record(route: route, method: .GET, status: status, since: 0) }
            metrics.record(route: nil, method: .POST, status: 404, since: 0)
            let text = registry.emitToString()
            #expect(text.contains(#"http_requests_total{method="GET",path="/api/v1/feedback/:code",status="200"} 2"#))
            #expect(text.contains(#"http_requests_total{method="GET",path="/api/v1/feedback/:code",status="503"} 1"#))
            #expect(
                text.contains(#"http_request_errors_total{method="GET",path="/api/v1/feedback/:code",status="503"} 1"#)
            )
            #expect(
                !text.contains(#"http_request_errors_total{method="GET",path="/api/v1/feedback/:code",status="200"}"#)
            )
            #expect(
                text.contains(#"http_requests_total{method="undefined",path="vapor_route_undefined",status="404"} 1"#)
            )
            #expect(
                text.contains(
                    #"http_request_duration_seconds_count{method="GET",path="/api/v1/feedback/:code",status="200"} 2"#
                )
            )
        }
    }
}
