import Fluent
import NIOConcurrencyHelpers
import SQLKit
import SQLiteKit
import Vapor
import VaporCSQLite

/// The group commit's writes on a SQLite file, on one connection of their own, run where they are called (issue 11).
///
/// Through sqlite-nio every statement of a transaction went to its thread pool, back to an event loop and back to
/// the waiting task, and each of those steps queued behind the requests being prepared. Under the report load a
/// batch of sixteen reports spent 13 ms in its transaction, almost all of it waiting in those queues, and the one
/// writer was busy 99 % of the time while a quarter of the CPU stood idle. Here a transaction's statements run one
/// after another on the calling thread, prepared once and kept. The connection is used only inside the write gate
/// (`WriteGate`), so one transaction at a time uses it, and it waits for other writers as sqlite-nio's connections
/// do (`AppConfig.sqliteBusyTimeoutMilliseconds`).
final class SQLiteWriter: Sendable {
    private let path: String
    private let settings: [String]
    private let busyTimeoutMilliseconds: Int32
    private let connection = NIOLockedValueBox<SQLiteReader.Connection?>(nil)

    init(path: String, config: AppConfig) {
        self.path = path
        self.busyTimeoutMilliseconds = Int32(clamping: config.sqliteBusyTimeoutMilliseconds)
        // As sqlite-nio's writers' connections are set: commits leave checkpoints to `WALCheckpointer`.
        self.settings = DatabaseTuning.settings(config, writer: true)
    }

    /// Runs `sql` with `binds` and returns its rows. Opens the connection on first use (after the migrations).
    func rows(_ sql: String, _ binds: [SQLiteData]) throws -> [SQLiteReader.Row] {
        let connection = try self.connection.withLockedValue { kept in
            if let kept { return kept }
            let opened = try SQLiteReader.Connection(
                path: path,
                busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                settings: settings
            )
            kept = opened
            return opened
        }
        return try connection.rows(sql, binds)
    }

    /// Whether the connection is open (for tests).
    var isOpen: Bool { connection.withLockedValue { $0 != nil } }

    /// Closes the connection (a later statement opens it again), after a failure that left its state unknown.
    func reset() {
        connection.withLockedValue { kept in
            kept?.close()
            kept = nil
        }
    }
}

/// `SQLiteWriter` as a database for the repositories: SQLKit statements run on the writer at once, without
/// suspending; a transaction is `BEGIN IMMEDIATE` … `COMMIT` on it. Fluent's model queries and schema changes are not
/// translated: they fail with `DirectWrites.Unsupported`, and the caller runs the work through Fluent instead.
struct DirectWrites: Database, SQLDatabase {
    struct Unsupported: Error, CustomStringConvertible {
        var description: String { "a Fluent query on the direct writer; run this work through Fluent" }
    }

    let writer: SQLiteWriter
    let context: DatabaseContext
    let inTransaction: Bool

    init(writer: SQLiteWriter, context: DatabaseContext, inTransaction: Bool = false) {
        self.writer = writer
        self.context = context
        self.inTransaction = inTransaction
    }

    private static let encoder = SQLiteDataEncoder()

    /// Runs `work` in one transaction on the writer: committed when it returns, rolled back when it throws.
    func transaction<T: Sendable>(_ work: (any Database) async throws -> T) async throws -> T {
        guard !inTransaction else { return try await work(self) }
        _ = try writer.rows("BEGIN IMMEDIATE", [])
        do {
            let value = try await work(DirectWrites(writer: writer, context: context, inTransaction: true))
            _ = try writer.rows("COMMIT", [])
            return value
        } catch {
            do { _ = try writer.rows("ROLLBACK", []) } catch { writer.reset() }
            throw error
        }
    }

    // SQLDatabase
    var dialect: any SQLDialect { SQLiteDialect() }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) async throws {
        for row in try rows(query) { onRow(row) }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        do {
            for row in try rows(query) { onRow(row) }
            return eventLoop.makeSucceededVoidFuture()
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    /// `query`'s rows, run now on the writer.
    private func rows(_ query: any SQLExpression) throws -> [SQLiteReader.Row] {
        let (sql, binds) = serialize(query)
        return try writer.rows(sql, try binds.map { try Self.encoder.encode($0) })
    }

    // Database
    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<
        Void
    > {
        eventLoop.makeFailedFuture(Unsupported())
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { eventLoop.makeFailedFuture(Unsupported()) }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { eventLoop.makeFailedFuture(Unsupported()) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        guard !inTransaction else { return closure(self) }
        // Only reached through Fluent's own API; the group commit calls the async form above.
        return eventLoop.makeFailedFuture(Unsupported())
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        closure(self)
    }
}

/// The writer's failures read as sqlite-nio's do, so that a unique-key failure is seen as one (`Idempotency`).
extension SQLiteReader.Failure: DatabaseError {
    var isSyntaxError: Bool {
        if case .sqlite(let code, _) = self { return code & 0xff == SQLITE_ERROR }
        return false
    }

    var isConstraintFailure: Bool {
        if case .sqlite(let code, _) = self { return code & 0xff == SQLITE_CONSTRAINT }
        return false
    }

    var isConnectionClosed: Bool { false }
}
