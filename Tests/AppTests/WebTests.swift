import Core
import Fluent
import Foundation
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
            }
        }
    }
}
