import Fluent
import NIOConcurrencyHelpers
import SQLKit
import SQLiteKit
import Vapor

/// A request's database whose SQLKit statements run through `SQLiteReader` on the calling thread; Fluent model
/// queries, schema changes and transactions go to the request's own database as before. Only for reads outside a
/// transaction (the reader's connections are `query_only`, so a write fails rather than slipping past a
/// transaction). When the reader finds the database busy the statement runs through Fluent instead.
struct DirectReads: Database, SQLDatabase {
    /// The request's database, made only when a statement goes to it: making it costs as much as the look-up's own
    /// decoding did. Its event loop and logger are kept apart, since every statement answers on the event loop.
    var base: any Database { makeBase() }
    let reader: SQLiteReader
    let eventLoop: any EventLoop
    let logger: Logger
    private let makeBase: @Sendable () -> any Database

    init(
        base: @autoclosure @escaping @Sendable () -> any Database,
        eventLoop: any EventLoop,
        logger: Logger,
        reader: SQLiteReader
    ) {
        makeBase = base
        self.eventLoop = eventLoop
        self.logger = logger
        self.reader = reader
    }

    private var baseSQL: any SQLDatabase { base as! any SQLDatabase }
    private static let encoder = SQLiteDataEncoder()

    // SQLDatabase (and `eventLoop`, `logger` above)
    /// The reader only exists on SQLite.
    var dialect: any SQLDialect { SQLiteDialect() }

    /// The rows of `query`, read now on the calling thread, for callers that are not async (a future-based
    /// middleware, an event-loop route); throws `SQLiteReader.Failure.busy` when they should go through Fluent.
    func rowsNow(_ query: any SQLExpression) throws -> [SQLiteReader.Row] {
        let (sql, binds) = serialize(query)
        return try reader.rows(sql, try binds.map { try Self.encoder.encode($0) })
    }

    /// The rows of `query` as `rowsNow` reads them, with its SQL text serialised once per `text` box: a statement
    /// whose shape never changes (only its values do) need not be built and serialised again for every request
    /// (issue 11). `binds` are its values in the order the serialised statement takes them; the first use checks
    /// them against the serialiser's, and a box whose values did not match serialises every time.
    func rowsNow(_ query: @autoclosure () -> any SQLExpression, text: SerialisedOnce, binds: [any Encodable & Sendable])
        throws -> [SQLiteReader.Row]
    {
        let given = try binds.map { try Self.encoder.encode($0) }
        switch text.state.withLockedValue({ $0 }) {
        case .text(let sql): return try reader.rows(sql, given)
        case .unusable: return try rowsNow(query())
        case .unknown:
            let (sql, serialised) = serialize(query())
            let values = try serialised.map { try Self.encoder.encode($0) }
            text.state.withLockedValue { $0 = values == given ? .text(sql) : .unusable }
            return try reader.rows(sql, values)
        }
    }

    /// A statement's SQLite text, kept by its first use.
    final class SerialisedOnce: Sendable {
        fileprivate enum State {
            case unknown
            case text(String)
            /// The caller's values differ from the statement's: a bug, served correctly but slowly.
            case unusable
        }

        fileprivate let state = NIOLockedValueBox(State.unknown)

        /// Whether the text is kept (for tests).
        var holdsText: Bool {
            if case .text = state.withLockedValue({ $0 }) { return true }
            return false
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> Void) -> EventLoopFuture<
        Void
    > {
        do {
            for row in try rowsNow(query) { onRow(row) }
            return eventLoop.makeSucceededVoidFuture()
        } catch SQLiteReader.Failure.busy {
            return baseSQL.execute(sql: query, onRow)
        } catch {
            return eventLoop.makeFailedFuture(error)
        }
    }

    // Database
    var context: DatabaseContext { base.context }
    var inTransaction: Bool { base.inTransaction }

    func execute(query: DatabaseQuery, onOutput: @escaping @Sendable (any DatabaseOutput) -> Void) -> EventLoopFuture<
        Void
    > {
        base.execute(query: query, onOutput: onOutput)
    }

    func execute(schema: DatabaseSchema) -> EventLoopFuture<Void> { base.execute(schema: schema) }

    func execute(enum: DatabaseEnum) -> EventLoopFuture<Void> { base.execute(enum: `enum`) }

    func transaction<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.transaction(closure)
    }

    func withConnection<T>(_ closure: @escaping @Sendable (any Database) -> EventLoopFuture<T>) -> EventLoopFuture<T> {
        base.withConnection(closure)
    }
}

extension Request {
    /// On a SQLite file, the request's database with reads on the calling thread; nil elsewhere.
    var directReads: DirectReads? {
        services.reader.map { DirectReads(base: self.db, eventLoop: eventLoop, logger: logger, reader: $0) }
    }

    /// The request's database for reads outside a transaction: `directReads` where there is one, else the request's
    /// database itself.
    var readDB: any Database { directReads ?? db }
}
