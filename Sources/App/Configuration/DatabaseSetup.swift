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
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory), as: .sqlite)
        case .postgres(let url):
            app.databases.use(try .postgres(url: url), as: .psql)
        }
    }

    var isSQLite: Bool {
        if case .postgres = self { return false }
        return true
    }
}

enum DatabaseTuning {
    /// SQLite: write-ahead log (persistent in the file), foreign keys, and a bounded busy timeout. sqlite-nio
    /// installs a retry-forever busy handler on each connection; `busy_timeout` replaces it with a bounded wait.
    /// The pool keeps one connection per event loop, so the per-connection settings are applied on each loop.
    static func apply(_ config: AppConfig, on app: Application) async throws {
        guard config.database.isSQLite else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            let db = app.databases.database(logger: app.logger, on: eventLoop)!
            guard let sql = db as? any SQLDatabase else { continue }
            if case .sqliteFile = config.database {
                try await sql.raw("PRAGMA journal_mode = WAL").run()
                let synchronous = config.sqliteSynchronousNormal ? "NORMAL" : "FULL"
                try await sql.raw("PRAGMA synchronous = \(unsafeRaw: synchronous)").run()
            }
            try await sql.raw("PRAGMA busy_timeout = \(unsafeRaw: String(config.sqliteBusyTimeoutMilliseconds))").run()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
        }
    }
}
