import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

extension AppConfig.Database {
    /// Registers the chosen database as the default.
    func register(on app: Application) throws {
        switch self {
        case .sqliteFile(let path):
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
            app.databases.use(.sqlite(.file(path)), as: .sqliteWriter, isDefault: false)
            app.databases.use(.sqlite(.file(path)), as: .sqliteJobs, isDefault: false)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory), as: .sqlite)
        case .postgres(let url):
            app.databases.use(try .postgres(url: url), as: .psql)
        }
    }

    /// Where write transactions run: on a SQLite file, connections of their own, so that a transaction's
    /// statements never queue behind other requests' reads on the one connection each event loop has (Fluent's
    /// SQLite pool keeps one per loop). An in-memory database cannot be opened twice; PostgreSQL has a pool.
    var writerID: DatabaseID? {
        if case .sqliteFile = self { return .sqliteWriter }
        return nil
    }

    /// Where scheduled jobs read: on a SQLite file, connections of their own, so that a job's long read (a year of
    /// dossiers for the LGSP table, seconds with a million) never holds the connection a request on the same event
    /// loop waits for (issue 11). PostgreSQL's pool has enough.
    var jobsID: DatabaseID? {
        if case .sqliteFile = self { return .sqliteJobs }
        return nil
    }

    /// The file `SQLiteReader` opens: only a SQLite file can be opened by more than sqlite-nio's connections.
    var readerPath: String? {
        if case .sqliteFile(let path) = self { return path }
        return nil
    }

    var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }
}

extension Application {
    /// The database scheduled jobs read from (see `AppConfig.Database.jobsID`).
    var jobsDB: any Database { services.config.database.jobsID.map { db($0) } ?? db }
}

extension DatabaseID {
    static let sqliteWriter = DatabaseID(string: "sqlite-writer")
    static let sqliteJobs = DatabaseID(string: "sqlite-jobs")
}

enum DatabaseTuning {
    /// SQLite: write-ahead log (persistent in the file), foreign keys, and a bounded busy timeout. sqlite-nio
    /// installs a retry-forever busy handler on each connection; `busy_timeout` replaces it with a bounded wait.
    /// The pool keeps one connection per event loop, so the per-connection settings are applied on each loop, for
    /// the readers' and the writers' connections.
    static func apply(_ config: AppConfig, on app: Application) async throws {
        guard config.database.isSQLite else { return }
        let ids: [DatabaseID?] = [nil] + [config.database.writerID, config.database.jobsID].filter { $0 != nil }
        for id in ids {
            for eventLoop in app.eventLoopGroup.makeIterator() {
                let db = app.databases.database(id, logger: app.logger, on: eventLoop)!
                try await apply(config, to: db, writer: id != nil)
            }
        }
    }

    private static func apply(_ config: AppConfig, to db: any Database, writer: Bool) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        for setting in settings(config, writer: writer) { try await sql.raw("\(unsafeRaw: setting)").run() }
    }

    /// The statements that set up a connection: on a SQLite file the write-ahead log and the sync level; everywhere
    /// the busy timeout and foreign keys. `writer`: the writers' and the jobs' connections (and `SQLiteWriter`'s),
    /// whose commits leave checkpoints to `WALCheckpointer`.
    static func settings(_ config: AppConfig, writer: Bool) -> [String] {
        var settings: [String] = []
        if case .sqliteFile = config.database {
            settings.append("PRAGMA journal_mode = WAL")
            settings.append("PRAGMA synchronous = \(config.sqliteSynchronousNormal ? "NORMAL" : "FULL")")
            if writer { settings.append("PRAGMA wal_autocheckpoint = 0") }
        }
        settings.append("PRAGMA busy_timeout = \(config.sqliteBusyTimeoutMilliseconds)")
        settings.append("PRAGMA foreign_keys = ON")
        return settings
    }
}
