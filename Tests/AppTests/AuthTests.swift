import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Sign-in, sessions and CSRF")
    struct AuthTests {
        @Test("A form post without the CSRF token is refused with 403")
        func csrfRequired() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let browser = Browser(app)
                try await browser.get("/login")
                let withoutToken = try await browser.post(
                    "/login",
                    ["username": "can.bo", "password": TestEnvironment.password],
                    csrf: false
                )
                #expect(withoutToken.status == .forbidden)
                let forged = try await browser.post(
                    "/login",
                    ["username": "can.bo", "password": TestEnvironment.password, "_csrf": "forged"],
                    csrf: false
                )
                #expect(forged.status == .forbidden)
                #expect(try await browser.login("can.bo").status == .seeOther)
            }
        }

        @Test("Signing in issues a new session id (fixation guard) and signing out ends the session")
        func sessionLifecycle() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let browser = Browser(app)
                try await browser.get("/login")
                let anonymous = try #require(browser.sessionCookie)
                let response = try await browser.post(
                    "/login",
                    ["username": "can.bo", "password": TestEnvironment.password]
                )
                #expect(response.headers.first(name: .location) == "/units/2025/14797")
                let signedIn = try #require(browser.sessionCookie)
                #expect(signedIn != anonymous)
                #expect(try await browser.get("/").body.string.contains("Người dùng can.bo"))
                try await browser.post("/logout", [:])
                #expect(try await browser.get("/").body.string.contains("Đăng nhập"))
                #expect(!(try await browser.get("/").body.string.contains("Người dùng can.bo")))
            }
        }

        @Test("Wrong passwords: 401 each time, then 429 with Retry-After once the account is locked")
        func rateLimit() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let browser = Browser(app)
                for _ in 0..<5 {
                    #expect(try await browser.login("can.bo", password: "sai-mat-khau-1").status == .unauthorized)
                }
                let locked = try await browser.login("can.bo")
                #expect(locked.status == .tooManyRequests)
                #expect(Int(locked.headers.first(name: "Retry-After") ?? "") ?? 0 > 0)
                #expect(locked.body.string.contains("Đăng nhập sai quá nhiều lần"))
            }
        }

        @Test(
            "After sign-in only same-site paths are followed (no open redirect)",
            arguments: ["//evil.example/x", "https://evil.example", "/\\evil"]
        )
        func openRedirect(next: String) async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let response = try await Browser(app).login("can.bo", next: next)
                #expect(response.headers.first(name: .location) == "/units/2025/14797")
            }
        }

        @Test("A page that needs sign-in redirects to the login page and back")
        func redirectToLogin() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "admin", role: .provinceAdmin, on: "38")
                let browser = Browser(app)
                let response = try await browser.get("/admin/users")
                #expect(response.status == .seeOther)
                #expect(response.headers.first(name: .location) == "/login?next=/admin/users")
                #expect(
                    try await browser.login("admin", next: "/admin/users").headers.first(name: .location)
                        == "/admin/users"
                )
            }
        }

        @Test("A citizen registers, is signed in and holds only the citizen role")
        func citizenRegistration() async throws {
            try await withTestApp { app in
                let browser = Browser(app)
                try await browser.get("/register")
                let bad = try await browser.post(
                    "/register",
                    ["username": "x", "displayName": "A", "password": "ngan"]
                )
                #expect(bad.status == .unprocessableEntity)
                #expect(bad.body.string.contains("không hợp lệ"))
                let response = try await browser.post(
                    "/register",
                    [
                        "username": "nguyen.van.a", "displayName": "Nguyễn Văn A", "password": "mat-khau-dai-du",
                        "phone": "0912 345 678",
                    ]
                )
                #expect(response.status == .seeOther)
                let user = try #require(try await app.services.users(on: app.db).find(username: "nguyen.van.a"))
                #expect(user.phone == "0912345678")
                #expect(try await app.services.users(on: app.db).grants(of: user.id).map(\.role) == [.citizen])
                #expect(try await browser.get("/").body.string.contains("Nguyễn Văn A"))
            }
        }

        @Test("API tokens: issued on credentials, hashed at rest, revocable; a revoked or bogus token is a 401")
        func tokens() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                let principal = try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let token = try await apiToken(app, "can.bo")
                #expect(token.hasPrefix("tsk_"))
                let stored = try await ApiTokenRecord.query(on: app.db).all()
                #expect(
                    stored.count == 1 && stored[0].tokenHash == ApiTokenStore.digest(token)
                        && !stored[0].tokenHash.contains(token)
                )
                let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token))
                #expect(try me.content.get(String.self, at: "username") == "can.bo")
                #expect(try me.content.get([GrantDTO].self, at: "grants").map(\.role) == ["officer"])
                #expect(principal.user.username == "can.bo")
                let revoke = try await app.testing().sendRequest(
                    .DELETE,
                    "/api/v1/auth/tokens/current",
                    headers: bearer(token)
                )
                #expect(revoke.status == .noContent)
                let after = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token))
                #expect(after.status == .unauthorized)
                #expect(try after.content.get(String.self, at: "error", "code") == "invalid_token")
                let bogus = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer("tsk_nothing"))
                #expect(bogus.status == .unauthorized)
                let wrong = try await app.testing().sendRequest(.POST, "/api/v1/auth/tokens") { req in
                    try req.content.encode(["username": "can.bo", "password": "sai-mat-khau"], as: .json)
                }
                #expect(wrong.status == .unauthorized)
                // A token past its expiry, and a live token of a user since disabled, sign no one in.
                let sql = app.db as! any SQLDatabase
                let expiring = try await apiToken(app, "can.bo")
                try await sql.raw(
                    "UPDATE api_tokens SET expires_at = \(bind: TestEnvironment.now) WHERE token_hash = \(bind: ApiTokenStore.digest(expiring))"
                ).run()
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(expiring)).status
                        == .unauthorized
                )
                let live = try await apiToken(app, "can.bo")
                #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(live)).status == .ok)
                try await sql.raw("UPDATE users SET is_disabled = \(bind: true) WHERE username = 'can.bo'").run()
                #expect(
                    try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(live)).status
                        == .unauthorized
                )
            }
        }
    }
}
