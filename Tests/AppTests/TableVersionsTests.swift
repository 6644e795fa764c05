import Core
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Copies kept by table version")
    struct TableVersionsTests {
        @Test("Any insert, update or delete on a kept table moves its group's version, and only that one")
        func triggers() async throws {
            try await withTestApp { app in
                let sql = app.db as! any SQLDatabase
                func versions() async throws -> TableVersions { try await TableVersions.read(on: sql) }
                var before = try await versions()
                try await UnitsFixture.load(app)
                var after = try await versions()
                #expect(after.units > before.units && after.accounts == before.accounts)

                before = after
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                after = try await versions()
                #expect(after.accounts > before.accounts && after.units == before.units)

                before = after
                _ = try await apiToken(app, "can.bo")
                after = try await versions()
                #expect(after.accounts > before.accounts && after.units == before.units)

                // Writes from outside the server's own code (a console, another process) count the same.
                for statement: SQLQueryString in [
                    "UPDATE users SET display_name = 'Cán bộ' WHERE username = 'can.bo'",
                    "DELETE FROM role_grants",
                    "DELETE FROM api_tokens",
                ] {
                    before = try await versions()
                    try await sql.raw(statement).run()
                    after = try await versions()
                    #expect(after.accounts > before.accounts && after.units == before.units)
                }
                before = after
                try await sql.raw("UPDATE admin_units SET name = 'Phường Hạc Thành' WHERE code = '14797'").run()
                after = try await versions()
                #expect(after.units > before.units && after.accounts == before.accounts)
                // A version moves to at least the time in milliseconds, so a restored one never repeats a value.
                #expect(after.units >= Int(Date().timeIntervalSince1970 * 1000) - 60_000)
            }
        }

        @Test("A report's commune and province come from copies that a change of the units table drops")
        func unitCopies() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "nguoi.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "nguoi.dan")
                func province() async throws -> String? {
                    let response = try await postFeedback(app, token: token)
                    #expect(response.status == .created)
                    return try response.content.get(String?.self, at: "feedback", "provinceCode")
                }
                #expect(try await province() == "38")
                #expect(try await province() == "38")
                // Hạc Thành moved under Nghệ An by hand: the next report must not use the kept copy.
                let sql = app.db as! any SQLDatabase
                let nghean = try await UnitsFixture.unit(app, "40")
                try await sql.raw(
                    "UPDATE admin_units SET parent_id = \(bind: nghean.id.rawValue) WHERE tree = '2025' AND code = '14797'"
                ).run()
                #expect(try await province() == "40")
            }
        }

        @Test("A token's grants come from a copy that a change of the grants drops")
        func tokenCopies() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await makeUser(app, "can.bo", role: .officer, on: "14797")
                let token = try await apiToken(app, "can.bo")
                func roles() async throws -> [String] {
                    let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: bearer(token))
                    return try me.content.get([GrantDTO].self, at: "grants").map(\.role)
                }
                #expect(try await roles() == ["officer"])
                #expect(try await roles() == ["officer"])
                try await (app.db as! any SQLDatabase).raw("DELETE FROM role_grants").run()
                #expect(try await roles() == [])
            }
        }

        @Test("A copy is used only under the version it was read with; an older reading never replaces a newer one")
        func versionedCache() {
            let cache = VersionedCache<String, Int>(limit: 3)
            cache.store(1, for: "a", at: 10)
            #expect(cache.value("a", at: 10) == 1)
            #expect(cache.value("a", at: 11) == nil)
            cache.store(2, for: "a", at: 11)
            #expect(cache.value("a", at: 11) == 2 && cache.value("a", at: 10) == nil)
            // A request that read the version before the last change may finish last: its copy is not kept.
            cache.store(3, for: "b", at: 10)
            #expect(cache.value("b", at: 10) == nil && cache.value("a", at: 11) == 2)
            // Past the limit the cache starts again rather than grow with every key a client sends.
            for (index, key) in ["b", "c", "d"].enumerated() { cache.store(index, for: key, at: 11) }
            #expect(cache.value("a", at: 11) == nil && cache.value("d", at: 11) == 2)
        }
    }
}
