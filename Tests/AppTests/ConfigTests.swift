import Testing

@testable import App

extension AppTests {
    @Suite("Configuration from the environment")
    struct ConfigTests {
        @Test("Nothing set: SQLite at ./tinhso.sqlite, Bcrypt cost 12, plain cookies")
        func defaults() throws {
            let config = try AppConfig.parse([:])
            #expect(
                config
                    == AppConfig(database: .sqliteFile(path: "./tinhso.sqlite"), bcryptCost: 12, secureCookies: false)
            )
        }

        @Test("DATABASE_URL selects PostgreSQL over TINHSO_SQLITE_PATH; ':memory:' is an in-memory SQLite")
        func databaseChoice() throws {
            let url = "postgres://tinhso:secret@127.0.0.1:5432/tinhso"
            #expect(
                try AppConfig.parse(["DATABASE_URL": url, "TINHSO_SQLITE_PATH": "/x.db"]).database
                    == .postgres(url: url)
            )
            #expect(
                try AppConfig.parse(["TINHSO_SQLITE_PATH": "/var/lib/tinhso.db"]).database
                    == .sqliteFile(path: "/var/lib/tinhso.db")
            )
            #expect(try AppConfig.parse(["TINHSO_SQLITE_PATH": ":memory:"]).database == .sqliteMemory)
        }

        @Test("The DTI rank target is read as a rank")
        func rankTarget() throws {
            #expect(try AppConfig.parse(["TINHSO_DTI_RANK_TARGET": "10"]).dtiRankTarget == 10)
            #expect(try AppConfig.parse([:]).dtiRankTarget == nil)
        }

        @Test("Every malformed variable is listed in one error")
        func allProblemsListed() {
            #expect(throws: ConfigError.self) { try AppConfig.parse(["DATABASE_URL": "mysql://x"]) }
            do {
                _ = try AppConfig.parse([
                    "DATABASE_URL": "not a url", "TINHSO_BCRYPT_COST": "40", "TINHSO_SECURE_COOKIES": "maybe",
                    "TINHSO_SQLITE_BUSY_TIMEOUT_MS": "-1", "TINHSO_DTI_RANK_TARGET": "0",
                ])
                Issue.record("expected a ConfigError")
            } catch {
                #expect(error.problems.count == 5)
                #expect(error.description.contains("TINHSO_DTI_RANK_TARGET"))
                #expect(error.description.contains("TINHSO_BCRYPT_COST"))
                #expect(error.description.contains("DATABASE_URL"))
            }
        }
    }
}
