import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

/// Issue 11 (begun): a path that exists, asked with a method it does not take, is 405 with `Allow`, not 404.
extension AppTests {
    struct MethodTests {
        @Test("405 with Allow for an undeclared method on a known path; an unknown path stays 404")
        func methodNotAllowed() async throws {
            try await withTestApp { app in
                let put = try await app.testing().sendRequest(.PUT, "/api/v1/feedback")
                #expect(put.status == .methodNotAllowed)
                #expect(put.headers.first(name: .allow) == "GET, POST")
                #expect(try put.content.get(String.self, at: "error", "code") == "method_not_allowed")
                let delete = try await app.testing().sendRequest(.DELETE, "/healthz")
                #expect(delete.status == .methodNotAllowed && delete.headers.first(name: .allow) == "GET")
                // Parameters match any value: a report's code.
                let patch = try await app.testing().sendRequest(.PATCH, "/api/v1/feedback/PA-260921-0001")
                #expect(patch.status == .methodNotAllowed && patch.headers.first(name: .allow) == "GET")
                let page = try await app.testing().sendRequest(.DELETE, "/feedback/new")
                #expect(page.status == .methodNotAllowed && page.body.string.contains("chỉ nhận GET, POST"))
                #expect(try await app.testing().sendRequest(.PUT, "/khong-co/duong-dan-nay").status == .notFound)
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/khong-co").status == .notFound)
            }
        }
    }
}
