import Core
import Fluent
import Foundation
import SQLKit
import SQLiteKit
import SQLiteNIO
import Testing
import Vapor
import VaporTesting

@testable import App

extension AppTests {
    @Suite("Database set-up")
    struct DatabaseTests {
        /// A test app on a throw-away SQLite file (removed afterwards, with its log and index), even when the other
        /// tests run in memory.
        func withSQLiteFile(_ body: (Application, String) async throws -> Void) async throws {
            let path = TestEnvironment.throwAwayFile()
            try await withTestApp(database: .sqliteFile(path: path)) { app in try await body(app, path) }
        }

        @Test(
            "An SQLite file is opened in WAL mode with foreign keys and a bounded busy timeout",
            .enabled(if: TestEnvironment.isSQLite)
        )
        func sqlitePragmas() async throws {
            try await withSQLiteFile { app, _ in
                for eventLoop in app.eventLoopGroup.makeIterator() {
                    let sql = app.databases.database(logger: app.logger, on: eventLoop) as! any SQLDatabase
                    let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(
                        column: "journal_mode",
                        as: String.self
                    )
                    let timeout = try await sql.raw("PRAGMA busy_timeout").first()?.decode(
                        column: "timeout",
                        as: Int.self
                    )
                    let keys = try await sql.raw("PRAGMA foreign_keys").first()?.decode(
                        column: "foreign_keys",
                        as: Int.self
                    )
                    #expect(mode == "wal")
                    #expect(timeout == 5_000)
                    #expect(keys == 1)
                }
            }
        }

        @Test(
            "Commits leave checkpoints to the checkpointer, which copies the write-ahead log into the file and empties it",
            .enabled(if: TestEnvironment.isSQLite)
        )
        func walCheckpoints() async throws {
            try await withSQLiteFile { app, path in
                let writer = app.db(.sqliteWriter) as! any SQLDatabase
                let pages = try await writer.raw("PRAGMA wal_autocheckpoint").first()?.decode(
                    column: "wal_autocheckpoint",
                    as: Int.self
                )
                #expect(pages == 0)
                // Scheduled jobs read on connections of their own, which leave checkpoints to the checkpointer too.
                let jobs = app.jobsDB as! any SQLDatabase
                let jobPages = try await jobs.raw("PRAGMA wal_autocheckpoint").first()?.decode(
                    column: "wal_autocheckpoint",
                    as: Int.self
                )
                #expect(jobPages == 0 && app.services.config.database.jobsID == .sqliteJobs)
                try await UnitsFixture.load(app)
                try await makeUser(app, "cong.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "cong.dan")
                for _ in 0..<5 { #expect(try await postFeedback(app, token: token).status == .created) }
                func walSize() throws -> Int {
                    (try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? -1
                }
                #expect(try walSize() > 0)
                #expect(try await WALCheckpointer.checkpoint(app))
                #expect(try walSize() == 0 && WALCheckpointer.logSize(path) == 0)
                // An empty log is left as it is: a reader's view of the file (`data_version`) does not move, so its
                // page cache survives the next tick.
                let reader = try #require(app.services.reader)
                let version = "PRAGMA data_version"
                let before = try reader.first(version)?.decode(column: "data_version", as: Int.self)
                #expect(try await WALCheckpointer.checkpoint(app))
                #expect(try reader.first(version)?.decode(column: "data_version", as: Int.self) == before)
                // Nothing was lost: the reports are read back from the file.
                let count = try await (app.db as! any SQLDatabase).raw("SELECT COUNT(*) AS n FROM feedback").first()?
                    .decode(column: "n", as: Int.self)
                #expect(count == 5)
            }
        }

        @Test(
            "Reads on the calling thread see each commit at once, keep their statements prepared and never write",
            .enabled(if: TestEnvironment.isSQLite)
        )
        func directReads() async throws {
            try await withSQLiteFile { app, _ in
                let reader = try #require(app.services.reader)
                try await UnitsFixture.load(app)
                let byCode = "SELECT name FROM admin_units WHERE tree = ? AND code = ?"
                let unit = try #require(
                    try await app.services.units(on: app.db).find(UnitKey(tree: .current, code: "38"))
                )
                #expect(
                    try reader.first(byCode, [.text(AdminTree.current.rawValue), .text("38")])?.decode(
                        column: "name",
                        as: String.self
                    ) == unit.name
                )
                // A change committed through Fluent is seen by the next read of the same prepared statement.
                let sql = app.db as! any SQLDatabase
                try await sql.raw("UPDATE admin_units SET name = 'Tên mới' WHERE code = '38'").run()
                #expect(
                    try reader.first(byCode, [.text(AdminTree.current.rawValue), .text("38")])?.decode(
                        column: "name",
                        as: String.self
                    ) == "Tên mới"
                )
                #expect(try reader.first(byCode, [.text(AdminTree.current.rawValue), .text("no-such-code")]) == nil)
                // Typed columns, NULL and an unknown column.
                let row = try #require(try reader.first("SELECT 7 AS n, 2.5 AS x, NULL AS absent, x'00ff' AS bytes"))
                #expect(
                    try row.decode(column: "n", as: Int.self) == 7 && row.decode(column: "x", as: Double.self) == 2.5
                )
                #expect(try row.decodeNil(column: "absent") && row.decode(column: "absent", as: Int?.self) == nil)
                #expect(try row.decode(column: "bytes", as: Data.self) == Data([0, 255]))
                let id = UUID()
                let ids = try #require(
                    try reader.first("SELECT ? AS id, NULL AS missing_id, 'x' AS bad", [.text(id.uuidString)])
                )
                #expect(
                    try ids.decode(column: "id", as: UUID.self) == id && ids.decode(column: "id", as: UUID?.self) == id
                )
                #expect(try ids.decode(column: "missing_id", as: UUID?.self) == nil)
                #expect(throws: (any Error).self) { try ids.decode(column: "bad", as: UUID.self) }
                #expect(throws: DecodingError.self) { try row.decode(column: "missing", as: Int.self) }
                // A statement SQLite prepares again after a schema change gives the new column its name.
                let all = "SELECT * FROM feedback_catalog_versions"
                let before = try reader.rows(all)
                try await sql.raw("ALTER TABLE feedback_catalog_versions ADD COLUMN note TEXT DEFAULT 'mới'").run()
                try await sql.raw("INSERT OR IGNORE INTO feedback_catalog_versions (id, version) VALUES (1, 1)").run()
                let after = try #require(try reader.first(all))
                #expect(!(before.first?.contains(column: "note") ?? false) && after.contains(column: "note"))
                #expect(try after.decode(column: "note", as: String.self) == "mới")
                // Its connections are query-only: a write fails and changes nothing.
                #expect(throws: SQLiteReader.Failure.self) { try reader.rows("DELETE FROM admin_units") }
                #expect(try await app.services.units(on: app.db).count(tree: .current, tier: .province) > 0)
                // A request's DirectReads sends SQLKit statements to the reader and the rest to Fluent.
                let direct = DirectReads(
                    base: app.db,
                    eventLoop: app.eventLoopGroup.next(),
                    logger: app.logger,
                    reader: reader
                )
                #expect(
                    try await direct.raw("SELECT name FROM admin_units WHERE code = \(bind: "38")").first()?
                        .decode(column: "name", as: String.self) == "Tên mới"
                )
                #expect(try await AdminUnitRecord.query(on: direct).filter(\.$code == "38").first()?.name == "Tên mới")
                // A statement serialised once: later uses bind new values to the kept text; values that do not match
                // the statement's own are served by serialising every time.
                func named(_ code: String) -> SQLQueryString {
                    "SELECT name FROM admin_units WHERE tree = \(bind: AdminTree.current.rawValue) AND code = \(bind: code)"
                }
                let once = DirectReads.SerialisedOnce()
                for (code, name) in [("38", "Tên mới"), ("14797", "Phường Hạc Thành"), ("no-such-code", nil)] {
                    let rows = try direct.rowsNow(named(code), text: once, binds: [AdminTree.current.rawValue, code])
                    #expect(try rows.first?.decode(column: "name", as: String.self) == name)
                }
                #expect(once.holdsText)
                let mismatched = DirectReads.SerialisedOnce()
                let rows = try direct.rowsNow(named("38"), text: mismatched, binds: ["38", AdminTree.current.rawValue])
                #expect(try rows.first?.decode(column: "name", as: String.self) == "Tên mới")
                #expect(!mismatched.holdsText)
            }
        }

        @Test(
            "The look-up and the duplicate search keep their statements' text: their values match the statements'",
            .enabled(if: TestEnvironment.isSQLite)
        )
        func serialisedOnce() async throws {
            try await withSQLiteFile { app, _ in
                try await UnitsFixture.load(app)
                try await makeUser(app, "nguoi.dan", role: .citizen, on: nil)
                let token = try await apiToken(app, "nguoi.dan")
                #expect(try await postFeedback(app, token: token).status == .created)
                #expect(try await postFeedback(app, token: token).status == .created)
                #expect(FluentFeedbackRepository.nearbyText.holdsText)
                let lookup = try await app.testing().sendRequest(.GET, "/api/v1/public/dossiers/KHONG-CO?phone=0912")
                #expect(lookup.status == .notFound)
                #expect(PublicDossierQuery.text.holdsText)
            }
        }

        @Test("Reader rows decode each type as SQLiteKit does, by position or by name")
        func readerRowsDecode() async throws {
            let path = TestEnvironment.throwAwayFile()
            defer { TestEnvironment.remove(path) }
            let writer = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await writer.query("CREATE TABLE t (s TEXT, u TEXT, i INTEGER, b INTEGER, d DOUBLE, at DOUBLE)")
            let uuid = UUID()
            _ = try await writer.query(
                "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?), (NULL, NULL, NULL, NULL, NULL, NULL)",
                [
                    .text("Hạc Thành"), .text(uuid.uuidString.lowercased()), .integer(42), .integer(1), .float(2.5),
                    .float(1_796_601_600),
                ]
            )
            let reader = SQLiteReader(path: path)
            let rows = try reader.rows("SELECT s, u, i, b, d, at FROM t ORDER BY rowid")
            let full = try #require(rows.first)
            let decoder = SQLiteDataDecoder()
            func same<D: Decodable & Equatable>(_ position: Int, _ column: String, _ type: D.Type) throws {
                let kit = try decoder.decode(D.self, from: full.values[position])
                #expect(try full.decode(at: position, column: column, as: D.self) == kit)
                #expect(try full.decode(column: column, as: D.self) == kit)
                // A caller whose order is not the statement's is still answered, by name.
                #expect(try full.decode(at: (position + 1) % 6, column: column, as: D.self) == kit)
            }
            try same(0, "s", String.self)
            try same(0, "s", String?.self)
            try same(1, "u", UUID.self)
            try same(1, "u", UUID?.self)
            try same(2, "i", Int.self)
            try same(2, "i", Int?.self)
            try same(3, "b", Bool.self)
            try same(3, "b", Bool?.self)
            try same(4, "d", Double.self)
            try same(4, "d", Double?.self)
            try same(5, "at", Date.self)
            try same(5, "at", Date?.self)
            let empty = rows[1]
            #expect(try empty.decode(at: 0, column: "s", as: String?.self) == nil)
            #expect(try empty.decode(at: 1, column: "u", as: UUID?.self) == nil)
            #expect(try empty.decode(at: 2, column: "i", as: Int?.self) == nil)
            #expect(try empty.decode(at: 3, column: "b", as: Bool?.self) == nil)
            #expect(try empty.decode(at: 4, column: "d", as: Double?.self) == nil)
            #expect(try empty.decode(at: 5, column: "at", as: Date?.self) == nil)
            #expect(throws: (any Error).self) { try empty.decode(at: 2, column: "i", as: Int.self) }
            // A cursor reads in order: by position on reader rows, by name on any other row.
            var cursor = ColumnCursor(full)
            #expect(try cursor("s", as: String.self) == "Hạc Thành")
            #expect(try cursor("u", as: UUID.self) == uuid)
            let kit = try #require(try await (writer.sql()).raw("SELECT at, i FROM t ORDER BY rowid").first())
            var byName = ColumnCursor(kit)
            #expect(try byName("i", as: Int.self) == 42)
            #expect(try byName("at", as: Date.self) == Date(timeIntervalSince1970: 1_796_601_600))
            try await writer.close()
        }

        @Test(
            "The direct writer: a transaction commits or rolls back whole, a unique-key failure reads as one, reports use it",
            .enabled(if: TestEnvironment.isSQLite)
        )
        func directWrites() async throws {
            try await withSQLiteFile { app, _ in try await directWrites(app) }
        }

        private func directWrites(_ app: Application) async throws {
            let writer = try #require(app.services.writer)
            let direct = DirectWrites(writer: writer, context: app.db.context)
            try await (app.db as! any SQLDatabase).raw("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)").run()
            let count = "SELECT COUNT(*) AS n FROM t"
            func stored() throws -> Int? {
                try app.services.reader?.first(count)?.decode(column: "n", as: Int.self)
            }
            let inTransaction = try await direct.transaction { (db: any Database) -> Bool in
                try await (db as! any SQLDatabase).raw("INSERT INTO t VALUES (\(bind: "a"), 1), ('b', 2)").run()
                return db.inTransaction
            }
            #expect(inTransaction)
            #expect(try stored() == 2)
            struct Spoiled: Error {}
            await #expect(throws: Spoiled.self) {
                try await direct.transaction { (db: any Database) -> Void in
                    try await (db as! any SQLDatabase).raw("INSERT INTO t VALUES ('c', 3)").run()
                    throw Spoiled()
                }
            }
            #expect(try stored() == 2)
            do {
                try await direct.transaction { (db: any Database) -> Void in
                    try await (db as! any SQLDatabase).raw("INSERT INTO t VALUES ('d', 4), ('a', 5)").run()
                }
                Issue.record("a duplicate key was written")
            } catch {
                #expect((error as? any DatabaseError)?.isConstraintFailure == true)
            }
            #expect(try stored() == 2)
            // Fluent's model queries are refused, and the work can go through Fluent instead.
            await #expect(throws: DirectWrites.Unsupported.self) {
                try await direct.transaction { (db: any Database) -> Int in
                    try await FeedbackRecord.query(on: db).count()
                }
            }
            let rows = try await direct.raw("UPDATE t SET n = n + 10 WHERE k = 'b' RETURNING n").all()
            #expect(try rows.map { try $0.decode(column: "n", as: Int.self) } == [12])

            // Reports without photos are filed through it, numbered and logged as before.
            try await UnitsFixture.load(app)
            try await makeUser(app, "nguoi.dan", role: .citizen, on: nil)
            let token = try await apiToken(app, "nguoi.dan")
            writer.reset()
            let codes = try await withThrowingTaskGroup(of: String.self) { group -> [String] in
                for _ in 0..<12 {
                    group.addTask {
                        let response = try await postFeedback(app, token: token)
                        return try response.content.get(String.self, at: "feedback", "code")
                    }
                }
                var codes: [String] = []
                for try await code in group { codes.append(code) }
                return codes
            }
            #expect(writer.isOpen)
            let numbers = codes.map { String($0.suffix(4)) }.sorted()
            #expect(numbers == (1...12).map { String(format: "%04d", $0) })
            #expect(try await FeedbackEventRecord.query(on: app.db).count() == 12)
            #expect(try await AuditRecord.query(on: app.db).filter(\.$action == "feedback.submit").count() == 12)
        }

        @Test("A read that finds the file locked gives up at once with busy, and reads again once the lock is gone")
        func directReadsWhenLocked() async throws {
            // In WAL mode readers are not kept out by writers; a rollback-journal file shows the reader's short wait.
            let path = TestEnvironment.throwAwayFile()
            defer { TestEnvironment.remove(path) }
            let writer = try await SQLiteConnection.open(storage: .file(path: path))
            _ = try await writer.query("CREATE TABLE t (n INTEGER)")
            _ = try await writer.query("INSERT INTO t VALUES (1)")
            let reader = SQLiteReader(path: path)
            let count = "SELECT COUNT(*) AS n FROM t"
            #expect(try reader.first(count)?.decode(column: "n", as: Int.self) == 1)
            _ = try await writer.query("BEGIN EXCLUSIVE")
            _ = try await writer.query("INSERT INTO t VALUES (2)")
            let started = ContinuousClock.now
            #expect(throws: SQLiteReader.Failure.busy) { try reader.first(count) }
            #expect(ContinuousClock.now - started < .seconds(1))
            _ = try await writer.query("COMMIT")
            #expect(try reader.first(count)?.decode(column: "n", as: Int.self) == 2)
            try await writer.close()
        }

        @Test("The audit log refuses UPDATE and DELETE in the database itself")
        func auditAppendOnly() async throws {
            try await withTestApp { app in
                let entry = AuditEntry(
                    at: TestEnvironment.now,
                    actorID: nil,
                    actorName: "system",
                    action: "test.write",
                    entityType: "test",
                    entityID: "1",
                    unitID: nil,
                    before: nil,
                    after: ["k": "v"]
                )
                try await app.services.audit(on: app.db).append(entry)
                let sql = app.db as! any SQLDatabase
                await #expect(throws: (any Error).self) {
                    try await sql.raw("UPDATE audit_log SET action = 'rewritten'").run()
                }
                await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_log").run() }
                let page = try await app.services.audit(on: app.db).list(units: nil, page: Paging())
                #expect(page.items.map(\.action) == ["test.write"])
                #expect(page.items.first?.after == ["k": "v"])
            }
        }

        @Test("Migrations revert cleanly and apply again")
        func revertAndMigrate() async throws {
            try await withTestApp { app in
                try await UnitsFixture.load(app)
                try await app.autoRevert()
                try await app.autoMigrate()
                #expect(try await app.services.units(on: app.db).count(tree: .current, tier: .province) == 0)
            }
        }
    }
}
