import Core
import Fluent
import Foundation
import SQLKit
import Vapor

/// Backups (issue 11, begun). SQLite: `VACUUM INTO` writes a consistent copy while the server keeps running (the
/// online backup the WAL allows), checked with `PRAGMA integrity_check`; PostgreSQL: `pg_dump --format=custom`.
/// A restore replaces the database with a backup: SQLite by swapping the file (stop the server first),
/// PostgreSQL with `pg_restore --clean`.
enum Backup {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    static let sqliteHeader = Data("SQLite format 3\0".utf8)

    static func backup(_ app: Application, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw Failed(description: "\(path) exists; choose a new file / tệp đã tồn tại, hãy chọn tên khác")
        }
        switch app.services.config.database {
        case .postgres(let url):
            try run("pg_dump", ["--format=custom", "--no-owner", "--file", path, libpq(url)])
        case .sqliteFile, .sqliteMemory:
            try await sqlite(app.db, to: path)
        }
    }

    static func sqlite(_ db: any Database, to path: String) async throws {
        guard let sql = db as? any SQLDatabase else { throw Failed(description: "not an SQL database") }
        try await sql.raw("VACUUM INTO \(bind: path)").run()
        try await sql.raw("ATTACH DATABASE \(bind: path) AS backup_check").run()
        let rows = try await sql.raw("PRAGMA backup_check.integrity_check").all()
        try await sql.raw("DETACH DATABASE backup_check").run()
        let verdict = try rows.first?.decode(column: "integrity_check", as: String.self)
        guard verdict == "ok" else { throw Failed(description: "backup failed its integrity check: \(verdict ?? "?")") }
    }

    static func restore(_ app: Application, from path: String) async throws {
        switch app.services.config.database {
        case .postgres(let url):
            try run(
                "pg_restore",
                ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname", libpq(url), path]
            )
        case .sqliteFile(let target):
            try restoreSQLite(from: path, to: target)
        case .sqliteMemory:
            throw Failed(description: "an in-memory database cannot be restored")
        }
    }

    /// Copies the backup beside the database, drops the old write-ahead log, then swaps the copy in.
    static func restoreSQLite(from path: String, to target: String) throws {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let header = try handle.read(upToCount: sqliteHeader.count)
        try handle.close()
        guard header == sqliteHeader else {
            throw Failed(description: "\(path) is not an SQLite database / không phải tệp SQLite")
        }
        let files = FileManager.default
        let staging = target + ".restoring"
        try? files.removeItem(atPath: staging)
        try files.copyItem(atPath: path, toPath: staging)
        for suffix in ["-wal", "-shm"] { try? files.removeItem(atPath: target + suffix) }
        // rename(2) swaps the file in one step: a crash leaves the old database or the restored one.
        guard rename(staging, target) == 0 else {
            throw Failed(description: "could not replace \(target) (errno \(errno))")
        }
    }

    /// `DATABASE_URL` as libpq reads it (pg_dump, pg_restore): PostgresNIO's `tlsmode` is libpq's `sslmode`, which
    /// libpq would otherwise refuse as an unknown parameter.
    static func libpq(_ url: String) -> String {
        guard var components = URLComponents(string: url), let items = components.queryItems else { return url }
        components.queryItems = items.map { $0.name == "tlsmode" ? URLQueryItem(name: "sslmode", value: $0.value) : $0 }
        return components.string ?? url
    }

    static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failed(description: "\(tool) exited with \(process.terminationStatus)")
        }
    }
}

/// `tinhso backup FILE`: a consistent copy of the database while the server runs.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "where to write the backup (must not exist)")
        var file: String

        init() {}
    }

    var help: String { "Writes a consistent backup of the database (SQLite VACUUM INTO, or pg_dump)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await Backup.backup(context.application, to: signature.file)
        context.console.print("Backup written to \(signature.file).")
    }
}

/// `tinhso restore FILE --yes`: replaces the database with a backup (stop the server first on SQLite).
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "a backup written by tinhso backup")
        var file: String

        @Flag(name: "yes", help: "confirm: everything written since the backup is lost")
        var yes: Bool

        init() {}
    }

    var help: String { "Replaces the database with a backup (everything since the backup is lost)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        guard signature.yes else {
            throw Backup.Failed(description: "add --yes: the database will be replaced / thêm --yes để xác nhận")
        }
        try await Backup.restore(context.application, from: signature.file)
        context.console.print("Restored from \(signature.file).")
    }
}
