import Fluent
import NIOCore
import SQLKit
import Vapor

/// Keeps an SQLite file's write-ahead log short. Left to itself, SQLite checkpoints inside the commit that crosses
/// 1,000 log pages, so the writer (and every report waiting on its group commit) stops for the copy and the
/// `fsync`; and while readers keep arriving the log is never restarted, so it grows and every read gets slower. Under
/// the report load the log reached 58 MB in ten seconds and the 99th percentile a second (issue 11). Here the commits
/// never checkpoint (`wal_autocheckpoint = 0` on the writers' connections); instead, once a second, a checkpoint takes
/// its turn at the write gate like any writer and truncates the log (readers that started before it finish first,
/// within the busy timeout). PostgreSQL and in-memory databases have nothing to do.
///
/// An empty log is left alone: truncating it still restarts the log's header, and every connection then drops its
/// page cache at its next read. Done every second, that emptied every reader's cache once a second on a server
/// that wrote nothing (`PRAGMA data_version` moved at each tick; issue 11).
struct WALCheckpointer: LifecycleHandler {
    static let interval = TimeAmount.seconds(1)

    func didBoot(_ app: Application) throws {
        guard app.services.config.database.writerID != nil else { return }
        let task = app.repeatScheduled(after: Self.interval, every: Self.interval) { try await Self.checkpoint(app) }
        app.storage[TaskKey.self] = task
    }

    func shutdown(_ app: Application) {
        app.storage[TaskKey.self]?.cancel()
    }

    /// Copies the log into the database file and empties it; false when readers kept part of it (it is tried
    /// again at the next tick).
    @discardableResult
    static func checkpoint(_ app: Application) async throws -> Bool {
        guard let writer = app.services.writerDatabase else { return true }
        if let path = app.services.config.database.readerPath, logSize(path) == 0 { return true }
        let run: @Sendable () async throws -> Bool = {
            // Nil once the server has stopped (a tick under way at shutdown).
            let db = app.databases.database(writer, logger: app.logger, on: app.eventLoopGroup.any())
            guard let sql = db as? any SQLDatabase else { return false }
            let row = try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").first()
            return try row?.decode(column: "busy", as: Int.self) == 0
        }
        guard let gate = app.services.writeGate else { return try await run() }
        return try await gate.run(run)
    }

    /// The size of the file's write-ahead log in bytes; nil when there is none or it cannot be read, so a checkpoint
    /// runs. It is 0 after a checkpoint truncated it, until the next commit.
    static func logSize(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int
    }

    struct TaskKey: StorageKey {
        typealias Value = RepeatedTask
    }
}
