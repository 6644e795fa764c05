import Core
import Fluent
import Foundation
import NIOConcurrencyHelpers
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

        @Test("A session is written back only when its data changed, not on every page it was read for")
        func unchangedSessions() async throws {
            try await withTestApp { app in
                let base = CountingSessions()
                let driver = UnchangedSessionsSkipped(base: base)
                let id = SessionID(string: "s1")
                let request = Request(application: app, on: app.eventLoopGroup.next())
                let read = try #require(try await driver.readSession(id, for: request).get())
                #expect(try await driver.updateSession(id, to: read, for: request).get() == id)
                #expect(base.updates.withLockedValue { $0 } == 0)
                var changed = read
                changed["_csrf"] = "token"
                _ = try await driver.updateSession(id, to: changed, for: request).get()
                #expect(base.updates.withLockedValue { $0 } == 1)
                // Another session than the one read is always written.
                _ = try await driver.updateSession(SessionID(string: "s2"), to: read, for: request).get()
                #expect(base.updates.withLockedValue { $0 } == 2)
                // A request that read no session writes what it is given.
                let other = Request(application: app, on: app.eventLoopGroup.next())
                _ = try await driver.updateSession(id, to: read, for: other).get()
                #expect(base.updates.withLockedValue { $0 } == 3)
            }
        }
    }
}

/// Sessions that all hold one signed-in user, counting the writes asked of them.
private struct CountingSessions: SessionDriver {
    let updates = NIOLockedValueBox(0)

    func createSession(_ data: SessionData, for request: Request) -> EventLoopFuture<SessionID> {
        request.eventLoop.makeSucceededFuture(SessionID(string: "new"))
    }

    func readSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<SessionData?> {
        request.eventLoop.makeSucceededFuture(["uid": "5C0B2C1E-8D2A-4C49-9E5A-2F6A3F0E7B11"])
    }

    func updateSession(_ sessionID: SessionID, to data: SessionData, for request: Request) -> EventLoopFuture<
        SessionID
    > {
        updates.withLockedValue { $0 += 1 }
        return request.eventLoop.makeSucceededFuture(sessionID)
    }

    func deleteSession(_ sessionID: SessionID, for request: Request) -> EventLoopFuture<Void> {
        request.eventLoop.makeSucceededVoidFuture()
    }
}
